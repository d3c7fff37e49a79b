"""Removing an asset under customization rules: no rule is left naming a label no asset carries
(Meta refuses that with 2446173), and undo puts the rules and every label back as they were.

Undo and redo here are what the window's RemoveAssetCommand does: redo is ``remove_asset``, undo
``restore_asset(*what remove_asset returned)``."""
from __future__ import annotations

from dcstudio.core.lint import check_creative_payload
from dcstudio.core.model.customization import Customization, ShowIn, read_choices
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from tests.core.show_in_choices import apply_show_in


def _state(project):
    return project.customization, {a.id: a.adlabels for _, a in project.assets()}, \
        {pool: [a.id for a in assets] for pool, assets in project.pools.items()}


def _dangling(project):
    creative = next(c for c in build_plan(project)["calls"] if c["kind"] == "creative")["params"]
    return [f for f in check_creative_payload(creative) if f.rule_id == "meta.rules.label_missing"]


def _undo_redo(project, asset_id):
    before = _state(project)
    saved = project.remove_asset(asset_id)
    after = _state(project)
    assert _dangling(project) == []
    project.restore_asset(*saved)
    assert _state(project) == before
    saved = project.remove_asset(asset_id)  # redo
    assert _state(project) == after
    return saved


def test_removing_the_only_story_image_drops_its_rule_and_undo_brings_it_back(demo_project):
    img1, img2 = [a.id for a in demo_project.pools["images"][:2]]
    apply_show_in(demo_project, {img1: ShowIn({"Feed"}), img2: ShowIn({"Stories and Reels"})})
    assert "stories_and_reels" in {r.get("image_label", {}).get("name") for r in demo_project.customization.rules}
    _undo_redo(demo_project, img2)
    names = {r.get("image_label", {}).get("name") for r in demo_project.customization.rules}
    assert "stories_and_reels" not in names and "feed" in names
    # What is left reads back as the choices less the removed image's.
    assert read_choices(demo_project.customization, demo_project.pools) == {img1: ShowIn({"Feed"})}


def test_removing_the_last_customized_asset_leaves_no_rules_and_no_labels(demo_project):
    img2 = demo_project.pools["images"][1].id
    apply_show_in(demo_project, {img2: ShowIn({"Stories and Reels"})})
    _undo_redo(demo_project, img2)
    assert demo_project.customization.rules == ()
    assert all(not a.adlabels for _, a in demo_project.assets())


def test_removing_the_last_image_shown_everywhere_leaves_no_fallback_label_behind(demo_project):
    images = [a.id for a in demo_project.pools["images"]]
    apply_show_in(demo_project, {i: ShowIn({"Stories and Reels"}) for i in images[1:]})
    fallback = demo_project.customization.rules[-1]
    assert fallback["customization_spec"] == {} and fallback["image_label"] == {"name": "everywhere"}
    _undo_redo(demo_project, images[0])
    assert all(r.get("image_label") != {"name": "everywhere"} for r in demo_project.customization.rules)


def test_an_asset_whose_label_another_asset_carries_changes_no_rule(demo_project):
    img1, img2, img3 = [a.id for a in demo_project.pools["images"][:3]]
    apply_show_in(demo_project, {img2: ShowIn({"Stories and Reels"}), img3: ShowIn({"Stories and Reels"})})
    rules = demo_project.customization
    saved = demo_project.remove_asset(img3)
    assert demo_project.customization == rules and saved[-1] is None
    assert demo_project.asset(img2).adlabels == ("stories_and_reels",)


def test_rules_the_window_did_not_make_lose_only_the_label_of_the_removed_asset(demo_project):
    img1, img2 = [a.id for a in demo_project.pools["images"][:2]]
    title = demo_project.pools["titles"][0].id
    demo_project.update_asset(img1, adlabels=("young",))
    demo_project.update_asset(img2, adlabels=("rest",))
    demo_project.update_asset(title, adlabels=("young_title",))
    for asset in demo_project.pools["images"][2:]:
        demo_project.remove_asset(asset.id)
    # An age range: no choice of the window says that, so the rules cannot be made again.
    demo_project.set_customization(Customization(rules=(
        {"customization_spec": {"age_max": 24}, "image_label": {"name": "young"},
         "title_label": {"name": "young_title"}, "priority": 1},
        {"customization_spec": {"age_max": 30}, "image_label": {"name": "young"}, "priority": 2},
        {"customization_spec": {}, "image_label": {"name": "rest"}, "priority": 3},
    )))
    _undo_redo(demo_project, img1)
    assert demo_project.customization.rules == (
        {"customization_spec": {"age_max": 24}, "title_label": {"name": "young_title"}, "priority": 1},
        {"customization_spec": {}, "image_label": {"name": "rest"}, "priority": 3},
    )
    assert demo_project.asset(img2).adlabels == ("rest",)
