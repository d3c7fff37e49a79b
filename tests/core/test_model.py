"""The plain-Python model: mutations, events, pins, exclusions, approvals."""
from __future__ import annotations

import pytest

from dcstudio.core.model.assets import Approval, CtaAsset, TextAsset
from dcstudio.core.model.campaign import Budget
from dcstudio.core.model.project import Project


def _texts(project, pool, *texts):
    return [project.add_asset(pool, TextAsset("", t)) for t in texts]


def test_ids_are_readable_and_unique():
    p = Project("t")
    a, b = _texts(p, "titles", "one", "two")
    assert (a.id, b.id) == ("title1", "title2")
    p.remove_asset("title1")
    assert _texts(p, "titles", "three")[0].id == "title3"  # never reused (tests/core/test_asset_ids_never_reused.py)


def test_every_mutation_tells_listeners(demo_project):
    seen = []
    demo_project.changed.connect(seen.append)
    title = demo_project.pools["titles"][0]
    demo_project.update_asset(title.id, text="Brand new")
    demo_project.move_asset(title.id, 2)
    demo_project.pin(title.id)
    demo_project.exclude(title.id, "img1")
    demo_project.set_approval("img1", "approved", "looks right")
    demo_project.update_campaign(budget=Budget("daily", "25", "EUR"))
    demo_project.set_enhancement("image_uncrop", "OPT_IN")
    demo_project.remove_asset(title.id)
    kinds = [c.kind for c in seen]
    assert kinds == ["asset_changed", "asset_moved", "pins_changed", "exclusions_changed", "asset_changed",
                     "settings_changed", "settings_changed", "asset_removed"]
    assert seen[0].detail["fields"] == ["text"]
    assert seen[1].detail == {"from": 0, "to": 2}
    assert demo_project.asset("img1").approval == Approval("approved", "looks right")


def test_unchanged_value_emits_nothing(demo_project):
    seen = []
    demo_project.changed.connect(seen.append)
    demo_project.replace_asset(demo_project.asset("title1"))
    assert seen == []


def test_remove_and_restore_put_pins_and_exclusions_back(demo_project):
    demo_project.pin("body2")
    demo_project.exclude("body2", "img3")
    undo = demo_project.remove_asset("body2")
    assert "body2" not in demo_project.pins and not demo_project.exclusions
    demo_project.restore_asset(*undo)
    assert demo_project.index_of("body2") == 1
    assert demo_project.pins == {"body2"}
    assert demo_project.exclusions == {frozenset({"body2", "img3"})}


def test_exclusion_within_one_pool_is_refused(demo_project):
    with pytest.raises(ValueError, match="same pool"):
        demo_project.exclude("title1", "title2")


def test_wrong_asset_type_for_pool_is_refused():
    p = Project("t")
    with pytest.raises(TypeError):
        p.add_asset("titles", CtaAsset("", "SHOP_NOW"))


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="ad format"):
        Project("t", ad_format="SLIDESHOW")
    with pytest.raises(ValueError, match="approval state"):
        Approval("maybe")
    with pytest.raises(ValueError, match="positive"):
        Budget("daily", "-3", "USD")
    with pytest.raises(ValueError, match="OPT_IN or OPT_OUT"):
        Project("t").set_enhancement("image_uncrop", "YES")


def test_remove_and_restore_keep_a_file_problem(demo_project):
    demo_project.file_problems["img3"] = "assets/x.jpg: file is missing"
    undo = demo_project.remove_asset("img3")
    assert "img3" not in demo_project.file_problems
    flagged_when_announced = []
    demo_project.changed.connect(lambda c: flagged_when_announced.append("img3" in demo_project.file_problems))
    demo_project.restore_asset(*undo)
    assert demo_project.file_problems["img3"] == "assets/x.jpg: file is missing"
    assert flagged_when_announced[0] is True
