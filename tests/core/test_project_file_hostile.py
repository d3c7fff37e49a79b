"""The project-file reader against hostile files: every one refused with the field named, never
a crash; asset paths that leave the project folder (traversal, backslashes, symlinks) never read."""
from __future__ import annotations

import json
import os
import shutil

import pytest

from dcstudio.core.model.project_folder import (
    check_files,
    import_image,
    load_project,
    save_project,
)
from dcstudio.core.model.project_format import PROJECT_FILE, dumps
from dcstudio.core.values.errors import DcError, ProjectFileError
from tests.core.hostile_projects import CASES, demo_doc, watch_opens


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_hostile_file_is_refused_naming_its_field(demo_copy, case):
    (demo_copy / PROJECT_FILE).write_bytes(case.build())
    with pytest.raises(ProjectFileError) as info:
        load_project(demo_copy)
    err = info.value
    assert err.path == str(demo_copy / PROJECT_FILE)
    assert err.field and err.field.startswith(case.field), str(err)
    assert len(str(err)) < 600  # one readable line, not the whole value
    str(err).encode("utf-8")  # printable: no lone surrogate leaks into the message


def test_a_bom_is_read(demo_copy):
    raw = (demo_copy / PROJECT_FILE).read_bytes()
    (demo_copy / PROJECT_FILE).write_bytes(b"\xef\xbb\xbf" + raw)
    project = load_project(demo_copy)
    assert project.name == "Spring Essentials" and not project.file_problems


def test_a_whole_float_is_read_as_an_integer_and_saved_as_one(demo_copy):
    doc = demo_doc()
    doc["assets"]["images"][0]["width"] = 1200.0
    doc["assets"]["images"][0]["crop"]["left"] = 0.0
    (demo_copy / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    project = load_project(demo_copy)
    image = project.pools["images"][0]
    assert type(image.width) is int and image.width == 1200 and type(image.crop.left) is int
    save_project(project)
    saved = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    assert saved["assets"]["images"][0]["width"] == 1200 and '"width": 1200.0' not in dumps(project)
    assert dumps(load_project(demo_copy)) == dumps(project)


@pytest.fixture
def outside(tmp_path):
    """A file outside the project, with the content of a demo image (a valid JPEG)."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def _link_first_image(demo_copy, target):
    doc = demo_doc()
    rel = doc["assets"]["images"][0]["file"]
    (demo_copy / rel).unlink()
    os.symlink(target, demo_copy / rel)
    return doc["assets"]["images"][0]["id"], rel


def test_a_symlink_to_a_file_outside_is_a_file_problem_and_never_read(demo_copy, outside):
    sentinel = outside / "secret.jpg"
    shutil.copy(demo_copy / demo_doc()["assets"]["images"][0]["file"], sentinel)
    asset_id, rel = _link_first_image(demo_copy, sentinel)
    with watch_opens(sentinel) as opened:
        project = load_project(demo_copy)
    problem = project.file_problems[asset_id]
    assert rel in problem and "outside the project" in problem
    assert opened == []
    with pytest.raises(DcError, match="outside the project"):
        project.resolve(rel)


def test_a_symlinked_assets_folder_is_outside_too(demo_copy, outside):
    shutil.rmtree(outside)
    shutil.move(demo_copy / "assets", outside)
    os.symlink(outside, demo_copy / "assets")
    project = load_project(demo_copy)
    assert len(project.file_problems) == len(project.pools["images"])
    assert all("outside the project" in p for p in project.file_problems.values())


def test_a_symlink_inside_the_project_is_followed(demo_copy):
    rel = demo_doc()["assets"]["images"][0]["file"]
    (demo_copy / "assets" / "real.jpg").write_bytes((demo_copy / rel).read_bytes())
    (demo_copy / rel).unlink()
    os.symlink("real.jpg", demo_copy / rel)
    assert load_project(demo_copy).file_problems == {}


def test_save_as_does_not_copy_an_outside_file_in(demo_copy, outside, tmp_path):
    sentinel = outside / "secret.jpg"
    sentinel.write_bytes(b"secret")
    _, rel = _link_first_image(demo_copy, sentinel)
    project = load_project(demo_copy)
    save_project(project, tmp_path / "copy")
    assert not (tmp_path / "copy" / rel).exists()


def test_a_path_refused_by_the_reader_is_refused_by_save_too(demo_project, demo_copy):
    before = (demo_copy / PROJECT_FILE).read_bytes()
    asset = demo_project.pools["images"][0]
    demo_project.update_asset(asset.id, file="assets/..\\..\\evil.jpg")
    with pytest.raises(DcError, match=r"assets.images\[0\].file"):
        save_project(demo_project)
    assert (demo_copy / PROJECT_FILE).read_bytes() == before


def test_a_file_problem_set_after_load_still_guards_reading(demo_copy, outside):
    """A link made after the project was loaded is caught when the files are checked again."""
    project = load_project(demo_copy)
    sentinel = outside / "secret.jpg"
    sentinel.write_bytes(b"secret")
    asset_id, _ = _link_first_image(demo_copy, sentinel)
    with watch_opens(sentinel) as opened:
        assert "outside the project" in check_files(project)[asset_id]
    assert opened == []


def test_importing_never_writes_through_a_linked_assets_folder(demo_copy, outside, tmp_path):
    from PIL import Image

    photo = tmp_path / "new.jpg"
    Image.new("RGB", (640, 480), (10, 120, 40)).save(photo, "JPEG")
    project = load_project(demo_copy)
    shutil.rmtree(demo_copy / "assets")
    os.symlink(outside, demo_copy / "assets")
    with pytest.raises(DcError, match="outside the project"):
        import_image(project, photo)
    assert list(outside.iterdir()) == []


def test_importing_does_not_reuse_a_name_that_is_a_link(demo_copy, outside, tmp_path):
    from PIL import Image

    photo = tmp_path / "new.jpg"
    Image.new("RGB", (640, 480), (10, 120, 40)).save(photo, "JPEG")
    (outside / "new.jpg").write_bytes(photo.read_bytes())  # the same content, outside
    os.symlink(outside / "new.jpg", demo_copy / "assets" / "new.jpg")
    project = load_project(demo_copy)
    with watch_opens(outside / "new.jpg") as opened:
        asset = import_image(project, photo)
    assert asset.file == "assets/new-2.jpg" and not (demo_copy / asset.file).is_symlink()
    assert opened == []


def test_a_project_file_that_links_outside_is_not_read(demo_copy, outside):
    shutil.move(demo_copy / PROJECT_FILE, outside / PROJECT_FILE)
    os.symlink(outside / PROJECT_FILE, demo_copy / PROJECT_FILE)
    with watch_opens(outside / PROJECT_FILE) as opened, pytest.raises(ProjectFileError, match="outside the project"):
        load_project(demo_copy)
    assert opened == []


def test_a_tile_of_a_file_linked_outside_after_loading_is_a_placeholder(demo_copy, outside):
    from dcstudio.core.render.tiles import TileCache, image_tile

    project = load_project(demo_copy)
    sentinel = outside / "secret.jpg"
    shutil.copy(demo_copy / demo_doc()["assets"]["images"][0]["file"], sentinel)
    _link_first_image(demo_copy, sentinel)
    asset = project.pools["images"][0]
    with watch_opens(sentinel) as opened:
        tile = image_tile(TileCache(), project, asset, asset.crop.box(), (64, 64))
    assert "outside the project" in tile.problem and tile.image.size == (64, 64)
    assert opened == []
