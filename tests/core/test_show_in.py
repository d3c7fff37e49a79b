"""Where each asset shows (the window's choice) -> asset_customization_rules and labels -> back."""
from __future__ import annotations

from dataclasses import replace

import pytest

from dcstudio.core.model.customization import (
    ChoicesUnreadable,
    Customization,
    ShowIn,
    read_choices,
)
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from tests.core.show_in_choices import apply_show_in


def _ids(project, pool):
    return [a.id for a in project.pools[pool]]


def test_a_project_with_no_choices_has_no_rules_and_exports_unchanged(demo_project):
    before = build_plan(demo_project)
    apply_show_in(demo_project, {})
    assert demo_project.customization == Customization()
    assert all(not a.adlabels for assets in demo_project.pools.values() for a in assets)
    assert build_plan(demo_project)["calls"] == before["calls"]


def test_choices_make_one_rule_each_then_the_fallback_and_read_back_the_same(demo_project):
    img1, img2 = _ids(demo_project, "images")[:2]
    title = _ids(demo_project, "titles")[0]
    choices = {img2: ShowIn({"Stories and Reels"}), img1: ShowIn({"Feed"}), title: ShowIn(locale=24)}
    apply_show_in(demo_project, choices)
    rules = demo_project.customization.rules
    # Each placement meets the language: a viewer in Stories who reads locale 24 gets the Stories
    # image and that language's title, since Meta applies one rule per impression.
    assert [r["priority"] for r in rules] == [1, 2, 3, 4, 5, 6]
    assert rules[-1]["customization_spec"] == {} and rules[-1]["is_default"] is True
    both = [r for r in rules if r["customization_spec"].get("locales") == [24] and len(r["customization_spec"]) > 1]
    assert sorted(r["image_label"]["name"] for r in both) == ["feed", "stories_and_reels"]
    assert all(r["title_label"] == {"name": "locale_24"} for r in both)
    stories = next(r for r in rules if r.get("image_label") == {"name": "stories_and_reels"}
                   and "locales" not in r["customization_spec"])
    assert stories["customization_spec"] == {"publisher_platforms": ["facebook", "instagram"],
                                             "facebook_positions": ["story"],
                                             "instagram_positions": ["story", "reels"]}
    assert demo_project.asset(img2).adlabels == ("stories_and_reels",)
    assert demo_project.customization.optimization_type == "ASSET_CUSTOMIZATION"
    assert read_choices(demo_project.customization, demo_project.pools) == choices


def test_the_feed_group_alone_is_a_placement_creative(demo_project):
    img1 = _ids(demo_project, "images")[0]
    apply_show_in(demo_project, {img1: ShowIn({"Feed"})})
    assert demo_project.customization.optimization_type == "PLACEMENT"
    assert "is_default" not in demo_project.customization.rules[-1]
    spec = build_plan(demo_project)["calls"]
    creative = next(c for c in spec if c["kind"] == "creative")["params"]["asset_feed_spec"]
    assert creative["asset_customization_rules"] == list(demo_project.customization.rules)
    # back to everywhere: the rules and labels go again
    apply_show_in(demo_project, {})
    assert not demo_project.customization.rules and not demo_project.asset(img1).adlabels


def test_both_groups_are_every_placement():
    assert ShowIn({"Feed", "Stories and Reels"}).everywhere
    assert ShowIn({"Stories and Reels"}, 24).describe() == "Stories and Reels · locale 24"
    assert ShowIn({"Feed"}, 9).describe() == "Feed · French (France)"
    assert ShowIn().describe() == ""


def test_an_unknown_group_is_refused_by_name():
    with pytest.raises(ValueError, match="'Inbox' is not a placement group"):
        ShowIn({"Inbox"})


def test_rules_the_window_does_not_make_are_said_so(demo_project):
    img1 = _ids(demo_project, "images")[0]
    apply_show_in(demo_project, {img1: ShowIn({"Feed"})})
    made = demo_project.customization
    rules = list(made.rules)
    rules[0] = dict(rules[0], customization_spec={"publisher_platforms": ["messenger"]})
    demo_project.set_customization(replace(demo_project.customization, rules=tuple(rules)))
    with pytest.raises(ChoicesUnreadable, match="placements are not ones the window offers"):
        read_choices(demo_project.customization, demo_project.pools)
    demo_project.set_customization(made)
    assert read_choices(made, demo_project.pools) == {img1: ShowIn({"Feed"})}
    demo_project.update_asset(img1, adlabels=("feed", "other"))
    with pytest.raises(ChoicesUnreadable, match="carries 2 labels"):
        read_choices(demo_project.customization, demo_project.pools)


def test_imported_rules_of_the_same_shape_read_back_whatever_their_label_names(demo_project):
    img1, img2 = _ids(demo_project, "images")[:2]
    apply_show_in(demo_project, {img1: ShowIn({"Feed"}), img2: ShowIn({"Stories and Reels"})})
    names = {"feed": "feed_image", "stories_and_reels": "story_image", "everywhere": "all"}
    rules = []
    for rule in demo_project.customization.rules:
        rule = {k: {"name": names[v["name"]]} if k.endswith("_label") else v for k, v in rule.items()}
        spec = {k: list(reversed(v)) for k, v in rule["customization_spec"].items()}  # Meta's order may differ
        rules.append(dict(rule, customization_spec=spec))
    demo_project.set_customization(replace(demo_project.customization, rules=tuple(rules)))
    for assets in demo_project.pools.values():
        for asset in assets:
            if asset.adlabels:
                demo_project.update_asset(asset.id, adlabels=(names[asset.adlabels[0]],))
    assert read_choices(demo_project.customization, demo_project.pools) == {
        img1: ShowIn({"Feed"}), img2: ShowIn({"Stories and Reels"})}


def test_a_viewer_of_a_placement_and_a_language_sees_both_choices(demo_project):
    """A Stories image and a French title: the French reader in Stories sees both, the French
    reader in Feed the French title with the Feed's images, and the default reader in Stories the
    Stories image with the default titles."""
    from dcstudio.core.model.rule_selection import pools_for

    img1, img2 = _ids(demo_project, "images")[:2]
    title_fr, *others = _ids(demo_project, "titles")
    apply_show_in(demo_project, {img2: ShowIn({"Stories and Reels"}), title_fr: ShowIn(locale=9)})

    def shown(placement, locale):
        pools = pools_for(demo_project, placement, locale)
        return [a.id for a in pools["images"]], [a.id for a in pools["titles"]]

    assert shown("story", 9) == ([img2], [title_fr])
    feed_images, feed_titles = shown("feed-square", 9)
    assert img2 not in feed_images and feed_titles == [title_fr]
    story_images, story_titles = shown("story", None)
    assert story_images == [img2] and title_fr not in story_titles and story_titles
    assert read_choices(demo_project.customization, demo_project.pools) == {
        img2: ShowIn({"Stories and Reels"}), title_fr: ShowIn(locale=9)}
