"""An asset id is never given twice in a project: not after a delete, an undo, a save and reload."""
from __future__ import annotations

import json

from PIL import Image

from dcstudio.core.model.assets import TextAsset
from dcstudio.core.model.project_folder import import_image, load_project, save_project
from dcstudio.core.model.project_format import FORMAT_VERSION, PROJECT_FILE, dumps


def _add_image(project, folder):
    source = folder.parent / f"new-{sum(1 for _ in project.assets())}.png"
    Image.new("RGB", (120, 120), (len(source.name) * 9 % 255, 90, 30)).save(source)
    return project.add_asset("images", import_image(project, source))


def test_deleting_img4_then_adding_gives_img6_not_img4(demo_project, demo_copy):
    assert [a.id for a in demo_project.pools["images"]] == ["img1", "img2", "img3", "img4", "img5"]
    demo_project.remove_asset("img4")
    assert _add_image(demo_project, demo_copy).id == "img6"


def test_deleting_the_highest_id_does_not_give_it_again(demo_project, demo_copy):
    demo_project.remove_asset("img5")
    assert _add_image(demo_project, demo_copy).id == "img6"
    demo_project.remove_asset("title3")
    assert demo_project.add_asset("titles", TextAsset("", "Again")).id == "title4"


def test_the_mark_survives_save_and_reload(demo_project, demo_copy):
    demo_project.remove_asset("img5")
    demo_project.remove_asset("img4")
    save_project(demo_project)
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    assert doc["last_asset_ids"]["images"] == 5
    again = load_project(demo_copy)
    assert _add_image(again, demo_copy).id == "img6"


def test_undo_of_add_and_of_remove_never_frees_an_id(demo_project, demo_copy):
    added = _add_image(demo_project, demo_copy)  # img6
    saved = demo_project.remove_asset(added.id)  # what undoing the add does
    assert _add_image(demo_project, demo_copy).id == "img7"
    demo_project.restore_asset(*saved)  # redo of the first add puts img6 back
    assert demo_project.find("img6") is not None
    gone = demo_project.remove_asset("img2")
    demo_project.restore_asset(*gone)  # undo of a remove
    assert _add_image(demo_project, demo_copy).id == "img8"


def test_a_snapshot_counts_on_its_own(demo_project, demo_copy):
    snap = demo_project.snapshot()
    _add_image(snap, demo_copy)
    assert demo_project.last_ids["images"] == 5 and snap.last_ids["images"] == 6


def test_an_old_file_derives_the_mark_from_the_ids_it_holds(demo_copy):
    path = demo_copy / PROJECT_FILE
    doc = json.loads(path.read_text("utf-8"))
    doc["format_version"] = 3
    del doc["last_asset_ids"]
    doc["assets"]["images"] = [i for i in doc["assets"]["images"] if i["id"] != "img3"]
    path.write_text(json.dumps(doc), "utf-8")
    project = load_project(demo_copy)
    assert project.last_ids["images"] == 5 and project.last_ids["titles"] == 3
    assert json.loads(dumps(project))["format_version"] == FORMAT_VERSION >= 4


def test_a_mark_below_the_ids_present_is_raised_to_them(demo_copy):
    path = demo_copy / PROJECT_FILE
    doc = json.loads(path.read_text("utf-8"))
    doc["last_asset_ids"] = {"images": 2}
    path.write_text(json.dumps(doc), "utf-8")
    project = load_project(demo_copy)
    assert project.last_ids["images"] == 5
    assert _add_image(project, demo_copy).id == "img6"


def test_a_broken_mark_is_named(demo_copy):
    import pytest

    from dcstudio.core.values.errors import ProjectFileError

    path = demo_copy / PROJECT_FILE
    doc = json.loads(path.read_text("utf-8"))
    doc["last_asset_ids"] = {"images": "five"}
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProjectFileError) as err:
        load_project(demo_copy)
    assert err.value.field == "last_asset_ids.images"
