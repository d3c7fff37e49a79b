"""Each preview placement and language shows the assets the project's customization rules give it:
the Story tile the image labelled for stories, a locale its language's texts; the count, info,
the contact sheet and render follow. Payloads from tests/corpus (sources in its SOURCES.md)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dcstudio.cli import main
from dcstudio.commands.info import project_summary
from dcstudio.core.model.ad_space import space_of
from dcstudio.core.model.combinations import CombinationSpace, carousel_card_ids
from dcstudio.core.model.customization import Customization
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.model.rule_selection import rule_for
from dcstudio.core.platforms.meta.export.importer import import_spec
from dcstudio.core.render.sheet import contact_sheet

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def imported(tmp_path, name):
    import_spec(CORPUS / f"{name}.json", tmp_path / name)
    return load_project(tmp_path / name)


def labelled(project, pool, label):
    return [a.id for a in project.pools[pool] if label in a.adlabels]


def media_of(space):
    return {c.get("media") for c in space}


def test_the_story_space_holds_only_the_story_image_and_the_feed_space_the_feed_one(tmp_path):
    project = imported(tmp_path, "doc_placement_images_feed_story")
    fb, ig = labelled(project, "images", "labelfb"), labelled(project, "images", "labelig")
    assert len(fb) == len(ig) == 1 and fb != ig
    assert media_of(space_of(project, placement="story")) == set(ig)
    assert media_of(space_of(project, placement="feed-square")) == set(fb)
    assert media_of(space_of(project, placement="feed-portrait")) == set(fb)
    story = space_of(project, placement="story")
    assert {c.get("title") for c in story} == set(labelled(project, "titles", "labelig"))
    assert {c.get("link") for c in story} == set(labelled(project, "link_urls", "labelig"))


def test_without_a_placement_or_without_rules_every_asset_shows_as_before(tmp_path):
    project = imported(tmp_path, "doc_placement_images_feed_story")
    everything = CombinationSpace.from_project(project)
    assert media_of(everything) == {a.id for a in project.pools["images"]}
    assert len(everything) == 2 * 2 * 2 * 1 * 1 * 2
    project.set_customization(Customization())
    for placement in ("story", "feed-square", "carousel"):
        space = space_of(project, placement=placement)
        assert [c.ids for c in space] == [c.ids for c in everything]


def test_counts_differ_per_placement_and_info_lists_them(tmp_path):
    project = imported(tmp_path, "code_placement_labelled_texts_default")
    counts = project_summary(project)["combinations_by_placement"]
    assert set(counts) == {"feed-square", "feed-portrait", "story", "carousel"}
    for placement, n in counts.items():
        assert n == len(space_of(project, placement=placement)) <= len(space_of(project))
    without_rules = imported(tmp_path, "doc_dynamic_creative_single_image")
    assert project_summary(without_rules)["combinations_by_placement"] == {}


def test_story_and_feed_counts_differ_when_their_rules_pick_different_numbers_of_assets(tmp_path):
    project = imported(tmp_path, "doc_placement_images_feed_story")
    extra = project.pools["bodies"][0]
    project.add_asset("bodies", type(extra)(id="body9", text="Also for stories", adlabels=("labelig",)))
    assert len(space_of(project, placement="story")) == 2 * len(space_of(project, placement="feed-square"))


def test_a_locale_picks_its_language_and_no_locale_the_default_one(tmp_path):
    project = imported(tmp_path, "doc_multi_language_locales")
    english = {pool: set(labelled(project, pool, "english")) for pool in ("titles", "bodies", "link_urls")}
    french = {pool: set(labelled(project, pool, "french")) for pool in ("titles", "bodies", "link_urls")}
    dims = {"titles": "title", "bodies": "body", "link_urls": "link"}
    for locale, want in ((9, french), (6, english), (None, english), (1234, english)):
        space = space_of(project, placement="feed-square", locale=locale)
        assert {pool: {c.get(dim) for c in space} for pool, dim in dims.items()} == want, locale
    texts = [space_of(project, placement="story", locale=9).content(c, "story").body
             for c in space_of(project, placement="story", locale=9)]
    assert texts == ["Commencez votre aventure"]


def test_the_lower_priority_number_wins_and_a_rule_without_one_takes_its_place_in_the_list():
    feed = {"customization_spec": {"publisher_platforms": ["facebook"], "facebook_positions": ["feed"]},
            "image_label": {"name": "a"}}
    anywhere = {"customization_spec": {}, "image_label": {"name": "b"}}
    assert rule_for([dict(feed, priority=2), dict(anywhere, priority=1)], "feed-square")["image_label"] == {"name": "b"}
    assert rule_for([dict(feed, priority=1), dict(anywhere, priority=2)], "feed-square")["image_label"] == {"name": "a"}
    assert rule_for([feed, anywhere], "feed-square")["image_label"] == {"name": "a"}
    assert rule_for([feed, anywhere], "story")["image_label"] == {"name": "b"}
    assert rule_for([feed], "story") is None
    # A platform named without its positions takes all of them.
    assert rule_for([{"customization_spec": {"publisher_platforms": ["instagram"]}}], "story") is not None
    # An audience the preview has no viewer for never applies: the fallback shows.
    geo = {"customization_spec": {"geo_locations": {"countries": ["US"]}}, "image_label": {"name": "c"}}
    assert rule_for([geo, anywhere], "story")["image_label"] == {"name": "b"}


def test_the_contact_sheet_follows_the_rules_of_its_placement(tmp_path):
    project = imported(tmp_path, "doc_placement_images_feed_story")
    story = contact_sheet(project, tmp_path / "story.png", placement="story")
    feed = contact_sheet(project, tmp_path / "feed.png", placement="feed-square")
    assert story.combinations == len(space_of(project, placement="story"))
    assert feed.combinations == len(space_of(project, placement="feed-square"))
    assert story.combinations < len(space_of(project))


def test_render_placement_story_renders_the_story_image(tmp_path, capsys):
    folder = tmp_path / "p"
    assert main(["import-spec", str(CORPUS / "doc_placement_images_feed_story.json"), str(folder)]) == 0
    story_image = labelled(load_project(folder), "images", "labelig")
    code = main(["render", str(folder), "--out", str(tmp_path / "out"), "--placement", "story"])
    assert code in (0, 1)  # 1: the hash-only images are drawn as placeholders, and said so
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    files = index["files"]
    assert files and {f["assets"]["media"] for f in files} == set(story_image)
    capsys.readouterr()
    # Every placement at once: each with the assets its rules give it (tests/cli/test_rules_cli.py).
    assert main(["render", str(folder), "--out", str(tmp_path / "all"), "--placement", "all"]) in (0, 1)
    files = json.loads((tmp_path / "all" / "index.json").read_text())["files"]
    assert {f["assets"]["media"] for f in files if f["placement"] == "story"} == set(story_image)


@pytest.mark.parametrize("placement", ["feed-square", "story"])
def test_info_prints_each_placements_count(tmp_path, capsys, placement):
    folder = tmp_path / "p"
    assert main(["import-spec", str(CORPUS / "doc_placement_images_feed_story.json"), str(folder)]) == 0
    capsys.readouterr()
    main(["info", str(folder)])
    n = len(space_of(load_project(folder), placement=placement))
    assert any(line.split()[:3] == ["in", placement, str(n)] for line in capsys.readouterr().out.splitlines())


def test_carousel_cards_are_the_images_the_rules_give_the_placement(tmp_path):
    project = imported(tmp_path, "doc_placement_images_feed_story")
    fb, ig = labelled(project, "images", "labelfb"), labelled(project, "images", "labelig")
    # A single-image ad seen as a carousel (a feed placement) fills its cards from the feed's images only.
    space = space_of(project, placement="carousel")
    for combination in space:
        cards = carousel_card_ids(project, combination, "carousel")
        assert set(cards) <= set(fb) and not set(cards) & set(ig), cards
        assert [m.id for m in space.content(combination, "carousel").media] == list(cards)
        assert set(space.tile_ids(combination, "carousel")) & set(ig) == set()
    # A carousel's own cards follow the rules too, even from a space built for every placement.
    project.set_project_settings(ad_format="CAROUSEL")
    everything = CombinationSpace.from_project(project)
    combination = everything[0]
    assert set(combination.cards) == set(fb) | set(ig)
    assert [m.id for m in everything.content(combination, "carousel").media] == fb
    assert carousel_card_ids(project, combination) == combination.cards  # no placement: every card
    assert space_of(project, placement="carousel")[0].cards == tuple(fb)


def test_carousel_cards_of_a_language_are_its_images(tmp_path):
    project = imported(tmp_path, "doc_multi_language_locales")
    rules = project.customization.rules
    english = [r for r in rules if r.get("is_default")][0]
    french = [r for r in rules if 9 in r.get("customization_spec", {}).get("locales", [])]
    if "image_label" not in english or not french or "image_label" not in french[0]:
        pytest.skip("the corpus file labels no images per language")
    space = space_of(project, placement="carousel", locale=9)
    wanted = set(labelled(project, "images", french[0]["image_label"]["name"]))
    for combination in space:
        assert set(carousel_card_ids(project, combination, "carousel", 9)) <= wanted
