"""Under customization rules the ad-set split and the linter's exclusion rules count what each
placement really combines (placement_spaces.py), not the product of every asset: a Story-only
image never meets a Feed-only title, so keeping them apart needs no second ad set."""
from __future__ import annotations

from dcstudio.core.lint import lint
from dcstudio.core.model.adset_split import split_project
from dcstudio.core.model.customization import ShowIn
from dcstudio.core.model.placement_spaces import placement_spaces
from tests.core.show_in_choices import apply_show_in


def _story_image_feed_title(project):
    """img2 shows in Stories and Reels only, title1 in Feed only."""
    apply_show_in(project, {"img2": ShowIn({"Stories and Reels"}), "title1": ShowIn({"Feed"})})


def _findings(project, rule_id):
    return [f for f in lint(project).findings if f.rule_id == rule_id]


def test_each_placement_space_holds_what_its_rule_gives_it(demo_project):
    _story_image_feed_title(demo_project)
    spaces = {placed.where: placed.space for placed in placement_spaces(demo_project)}
    # The feed placements and the carousel share one space; the fallback rule, which no preview
    # placement selects, serves the placements no other rule names.
    assert list(spaces) == ["Feed 1:1", "Story 9:16", "the placements rule 3 serves"]
    story, feed, rest = spaces["Story 9:16"], spaces["Feed 1:1"], spaces["the placements rule 3 serves"]
    assert story.dims[story.names.index("media")] == ("img2",)
    assert "title1" not in story.dims[story.names.index("title")]
    assert "img2" not in feed.dims[feed.names.index("media")]
    assert feed.dims[feed.names.index("title")] == ("title1",)
    assert "img2" not in rest.dims[rest.names.index("media")] and "title1" not in rest.dims[rest.names.index("title")]
    # Each counts its own combinations: the story has 1 image where the whole project has 5.
    n_titles, n_bodies = len(story.dims[story.names.index("title")]), len(demo_project.pools["bodies"])
    assert len(story) == 1 * n_titles * n_bodies * len(demo_project.pools["descriptions"]) * \
        len(demo_project.pools["call_to_actions"]) * len(demo_project.pools["link_urls"])


def test_without_rules_there_is_one_space_of_every_asset(demo_project):
    (only,) = placement_spaces(demo_project)
    assert only.where == "" and len(only.space) == len(placement_spaces(demo_project, honour_exclusions=False)[0].space)


def test_a_pair_no_placement_shows_together_needs_no_split(demo_project):
    demo_project.exclude("img2", "title1")
    assert len(split_project(demo_project)) == 2  # without rules they meet
    _story_image_feed_title(demo_project)
    split = split_project(demo_project)
    assert len(split) == 1 and split.adsets[0].left_out == ()
    assert lint(demo_project).adsets_needed == 1
    assert _findings(demo_project, "meta.exclusions.split_needed") == []


def test_a_pair_that_meets_in_the_story_still_splits(demo_project):
    _story_image_feed_title(demo_project)
    demo_project.exclude("img2", "title2")  # title2 shows everywhere, so in the Story with img2
    split = split_project(demo_project)
    assert len(split) == 2
    assert sorted(s.left_out for s in split.adsets) == [("img2",), ("title2",)]
    assert lint(demo_project).adsets_needed == 2


def test_a_placement_the_exclusions_leave_empty_is_named(demo_project):
    _story_image_feed_title(demo_project)
    others = [a.id for a in demo_project.pools["titles"] if a.id != "title1"]
    for title in others:  # every title the Story shows beside its only image
        demo_project.exclude("img2", title)
    found = _findings(demo_project, "meta.exclusions.nothing_left")
    assert [f.severity for f in found] == ["error"]
    assert "Story 9:16" in found[0].message
    # The feed placements still run: the split keeps what they combine.
    assert len(split_project(demo_project)) >= 1


def test_an_adset_of_a_split_sends_no_rule_label_that_only_its_left_out_assets_carry(demo_project):
    """img2 is the only Stories image; a pair it meets in Stories splits the project, and the ad
    set without img2 must not send a rule naming img2's label (Meta: 2446173)."""
    from dcstudio.core.lint.checks_payload import check_creative_payload
    from dcstudio.core.platforms.meta.export.plan_builder import build_plan

    _story_image_feed_title(demo_project)
    demo_project.exclude("img2", "title2")
    plan = build_plan(demo_project)
    feeds = [call["params"]["asset_feed_spec"] for call in plan["calls"] if call["kind"] == "creative"]
    assert len(feeds) == 2
    without = [f for f in feeds if all("img2" not in str(i) for i in f.get("images", []))
               and not any(lab == {"name": "stories_and_reels"} for i in f["images"] for lab in i.get("adlabels", []))]
    assert without, "one ad set leaves img2 out"
    for feed in feeds:
        carried = {lab["name"] for image in feed["images"] for lab in image.get("adlabels", [])}
        named = {rule["image_label"]["name"] for rule in feed["asset_customization_rules"] if "image_label" in rule}
        assert named <= carried, (named, carried)
        found = check_creative_payload({"object_story_spec": {"page_id": "104857600012345"}, "asset_feed_spec": feed})
        assert "meta.rules.label_missing" not in {f.rule_id for f in found}
