"""Project folders: round trips, atomic saves, every kind of bad file, migrations, asset hashes."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from PIL import Image

from dcstudio.core.model import project_format
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import import_image, load_project, save_project
from dcstudio.core.model.project_format import FORMAT_VERSION, PROJECT_FILE, dumps
from dcstudio.core.values.errors import DcError, ImageError, ProjectFileError
from dcstudio.core.values.resources import resource


def _doc(folder):
    return json.loads((folder / PROJECT_FILE).read_text("utf-8"))


def _write(folder, doc):
    (folder / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")


def test_round_trip_is_byte_stable(demo_copy):
    before = (demo_copy / PROJECT_FILE).read_text("utf-8")
    project = load_project(demo_copy)
    save_project(project)
    assert (demo_copy / PROJECT_FILE).read_text("utf-8") == before
    assert dumps(load_project(demo_copy)) == before


def test_round_trip_keeps_every_field(demo_project, demo_copy):
    p = demo_project
    p.pin("title2")
    p.exclude("img1", "body3")
    p.set_approval("body1", "rejected", "too long")
    p.update_asset("img2", label="Mug", url_tags="utm_content=mug")
    p.update_campaign(instagram_user_id="17841400000000000", placements={"publisher_platforms": ["facebook"]})
    save_project(p)
    again = load_project(demo_copy)
    assert dumps(again) == dumps(p)
    assert again.pins == {"title2"} and again.exclusions == {frozenset({"img1", "body3"})}
    assert again.asset("body1").approval.note == "too long"


def test_paths_are_relative_and_keys_stable(demo_copy):
    doc = _doc(demo_copy)
    assert all(not img["file"].startswith("/") and img["file"].startswith("assets/") for img in doc["assets"]["images"])
    assert list(doc) == ["format_version", "name", "profile", "ad_format", "campaign", "enhancements",
                         "assets", "last_asset_ids", "pins", "exclusions", "export"]


def test_save_is_atomic(demo_project, demo_copy, monkeypatch):
    before = (demo_copy / PROJECT_FILE).read_bytes()
    demo_project.name = "changed"

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_project(demo_project)
    assert (demo_copy / PROJECT_FILE).read_bytes() == before
    assert [f for f in os.listdir(demo_copy) if f.endswith(".tmp")] == []


def test_save_as_copies_the_asset_files(demo_project, tmp_path):
    target = tmp_path / "elsewhere"
    save_project(demo_project, target)
    moved = load_project(target)
    assert moved.file_problems == {}
    assert len(list((target / "assets").iterdir())) == 5


@pytest.mark.parametrize("content, field, problem", [
    (b"", None, "empty"),
    (b"{\"format_version\": 1, \"name\": \"x\"", None, "truncated"),
    (b"[1, 2]", None, "JSON object"),
    (b"\xff\xfe\x00garbage", None, "UTF-8"),
])
def test_broken_files_name_the_file(tmp_path, content, field, problem):
    (tmp_path / PROJECT_FILE).write_bytes(content)
    with pytest.raises(ProjectFileError) as err:
        load_project(tmp_path)
    assert str(tmp_path / PROJECT_FILE) in str(err.value)
    assert problem in str(err.value)


def test_missing_project(tmp_path):
    with pytest.raises(ProjectFileError, match="no project here"):
        load_project(tmp_path / "nothing")


def test_newer_version_is_refused(demo_copy):
    doc = _doc(demo_copy)
    doc["format_version"] = FORMAT_VERSION + 1
    _write(demo_copy, doc)
    with pytest.raises(ProjectFileError) as err:
        load_project(demo_copy)
    assert err.value.field == "format_version" and "newer dcstudio" in err.value.problem


@pytest.mark.parametrize("mutate, field, words", [
    (lambda d: d["assets"]["images"][0]["crop"].update(width=0), "assets.images[0].crop.width", "minimum"),
    (lambda d: d.update(ad_format="SLIDESHOW"), "ad_format", "SLIDESHOW"),
    (lambda d: d["assets"]["titles"][1].pop("text"), "assets.titles[1]", '"text" is a required property'),
    (lambda d: d["campaign"]["budget"].update(amount="lots"), "campaign.budget.amount",
     '"lots" is not an amount in digits'),
    (lambda d: d["assets"]["images"][0].update(file="/etc/passwd"), "assets.images[0].file",
     '"/etc/passwd" is not a path inside the project folder'),
    (lambda d: d["assets"]["images"][1].update(file="../../x.jpg"), "assets.images[1].file",
     '"../../x.jpg" is not a path inside the project folder'),
    (lambda d: d["assets"]["titles"][0].update(id="a b"), "assets.titles[0].id", "is not an id of 1 to 64"),
    (lambda d: d.update(remote_images={"bad key!": {"hash": "abc"}, **{f"r{k}": {"hash": "abc"} for k in range(50)}}),
     "remote_images", 'a key "bad key!" is not an id'),
    (lambda d: d.update(surprise=1), "(top level)", "surprise"),
    (lambda d: d["assets"]["titles"][1].update(id="title1"), "assets.titles[1].id", "duplicate asset id"),
    (lambda d: d.update(pins=["ghost"]), "pins[0]", "does not exist"),
    (lambda d: d.update(exclusions=[["img1", "ghost"]]), "exclusions[0]", "does not exist"),
    (lambda d: d.pop("format_version"), "format_version", "missing"),
])
def test_schema_violations_name_the_field(demo_copy, mutate, field, words):
    doc = _doc(demo_copy)
    mutate(doc)
    _write(demo_copy, doc)
    with pytest.raises(ProjectFileError) as err:
        load_project(demo_copy)
    assert err.value.field == field
    assert words in err.value.problem
    assert "^" not in err.value.problem  # a pattern is said in words, not shown as a regex
    assert len(err.value.problem) < 200  # about the value at fault, not the whole object around it


def test_every_pattern_in_the_schema_is_described_in_words():
    schema = json.loads(resource("schema", "dcstudio-project.schema.json").read_text("utf-8"))

    def nodes(node):
        if isinstance(node, dict):
            yield node
            for value in node.values():
                yield from nodes(value)
        elif isinstance(node, list):
            for value in node:
                yield from nodes(value)

    patterned = [n for n in nodes(schema) if "pattern" in n]
    assert patterned and all(n.get("description") for n in patterned)


def test_missing_and_changed_asset_files_are_reported(demo_copy):
    doc = _doc(demo_copy)
    (demo_copy / doc["assets"]["images"][0]["file"]).unlink()
    changed = demo_copy / doc["assets"]["images"][1]["file"]
    Image.new("RGB", (50, 50), "red").save(changed, "JPEG")
    project = load_project(demo_copy)
    assert project.file_problems["img1"].endswith("file is missing")
    assert "has changed" in project.file_problems["img2"]
    assert set(project.file_problems) == {"img1", "img2"}


def test_migration_hook_runs_in_order(demo_copy, monkeypatch):
    """A format-0 file is converted step by step before the schema check."""
    doc = _doc(demo_copy)
    old = dict(doc, format_version=FORMAT_VERSION - 1)
    old["headlines"] = old["assets"].pop("titles")  # how a pretend older format stored titles

    def up(d):
        d["assets"]["titles"] = d.pop("headlines")
        return d

    monkeypatch.setitem(project_format.MIGRATIONS, FORMAT_VERSION - 1, up)
    _write(demo_copy, old)
    project = load_project(demo_copy)
    assert [t.text for t in project.pools["titles"]][0] == "Gear up for spring"


def test_too_old_without_migration_is_refused(demo_copy, monkeypatch):
    monkeypatch.setattr(project_format, "MIGRATIONS", {})
    _write(demo_copy, dict(_doc(demo_copy), format_version=FORMAT_VERSION - 1))
    with pytest.raises(ProjectFileError, match="too old"):
        load_project(demo_copy)


def test_import_image_copies_once_and_refuses_bad_files(tmp_path):
    project = Project("t", folder=tmp_path / "p")
    src = tmp_path / "Red Photo (1).PNG"
    Image.new("RGB", (800, 600), "red").save(src, "PNG")
    first = project.add_asset("images", import_image(project, src))
    second = import_image(project, src)
    assert first.file == second.file == "assets/Red-Photo-1.png"
    assert (first.width, first.height) == (800, 600)
    assert first.crop.box() == (100, 0, 700, 600)
    bad = tmp_path / "notes.jpg"
    bad.write_text("not an image")
    with pytest.raises(ImageError, match="notes.jpg"):
        import_image(project, bad)
    with pytest.raises(DcError, match="save the project"):
        import_image(Project("unsaved"), src)


def test_same_name_different_content_gets_a_new_name(tmp_path):
    project = Project("t", folder=tmp_path / "p")
    a, b = tmp_path / "a" / "x.png", tmp_path / "b" / "x.png"
    for path, colour in ((a, "red"), (b, "blue")):
        path.parent.mkdir()
        Image.new("RGB", (10, 10), colour).save(path)
    assert import_image(project, a).file == "assets/x.png"
    assert import_image(project, b).file == "assets/x-2.png"


def test_project_folder_can_move(demo_copy, tmp_path):
    moved = tmp_path / "moved"
    shutil.move(demo_copy, moved)
    assert load_project(moved).file_problems == {}


@pytest.mark.parametrize("typed", ["1e3", "2.5E+2", "0.0000001"])
def test_a_budget_typed_with_an_exponent_saves_in_a_form_that_loads_again(demo_project, demo_copy, typed):
    from dataclasses import replace
    from decimal import Decimal

    p = demo_project
    p.update_campaign(budget=replace(p.campaign.budget, amount=Decimal(typed)))
    save_project(p, demo_copy)
    assert load_project(demo_copy).campaign.budget.amount == Decimal(typed)
