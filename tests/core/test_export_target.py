"""Where an export may go: never the project's folder or its relatives, never a folder of other
files (a web app's ``manifest.json`` is not an export), and an earlier export only when asked,
moved aside with whatever a person added to it, never deleted. The same for a .zip."""
from __future__ import annotations

import json
import os
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dcstudio.core.platforms.meta.export.bundle import write_bundle
from dcstudio.core.platforms.meta.export.target import MARKER_NAME, EarlierExport, inspect_target
from dcstudio.core.values.errors import BadInputError

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_project_folder_is_refused_even_with_a_manifest_json(demo_project, demo_copy):
    (demo_copy / "manifest.json").write_text("{}")  # what made the old check take it for an export
    before = _tree(demo_copy)
    with pytest.raises(BadInputError, match="project's own folder"):
        write_bundle(demo_project, demo_copy, now=NOW, previews=False, replace=True)
    assert _tree(demo_copy) == before and (demo_copy / "dcstudio.json").is_file()


def test_folders_inside_or_around_the_project_are_refused(demo_project, demo_copy, monkeypatch, tmp_path):
    (demo_copy / "exports").mkdir()
    with pytest.raises(BadInputError, match="inside the project's folder"):
        write_bundle(demo_project, demo_copy / "exports", now=NOW, previews=False)
    with pytest.raises(BadInputError, match="inside the project's folder"):
        write_bundle(demo_project, demo_copy / "assets" / "new", now=NOW, previews=False)
    with pytest.raises(BadInputError, match="holds the project's folder"):
        write_bundle(demo_project, demo_copy.parent, now=NOW, previews=False, replace=True)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(BadInputError, match="home folder"):
        inspect_target(home, None)
    with pytest.raises(BadInputError, match="root of the file system"):
        inspect_target(Path(Path.cwd().anchor), None)
    assert list((demo_copy / "exports").iterdir()) == [] and not (demo_copy / "assets" / "new").exists()


def test_a_web_apps_folder_with_its_own_manifest_is_left_alone(demo_project, tmp_path):
    app = tmp_path / "webapp"
    app.mkdir()
    (app / "manifest.json").write_text('{"name": "My PWA", "start_url": "/"}')
    (app / "index.html").write_text("<h1>mine</h1>")
    with pytest.raises(BadInputError, match=f"not empty and holds no earlier export.*{MARKER_NAME}"):
        write_bundle(demo_project, app, now=NOW, previews=False, replace=True)
    assert _tree(app) == {"manifest.json": b'{"name": "My PWA", "start_url": "/"}', "index.html": b"<h1>mine</h1>"}


def test_an_earlier_export_is_moved_aside_only_when_asked(demo_project, tmp_path):
    out = tmp_path / "again"
    write_bundle(demo_project, out, now=NOW, previews=False)
    marker = json.loads((out / MARKER_NAME).read_text("utf-8"))
    assert marker["bundle_version"] == 1 and "plan.json" in marker["files"] and "manifest.json" in marker["files"]
    (out / "client-notes.txt").write_text("approved by Ana")
    with pytest.raises(EarlierExport, match="moves it aside"):
        write_bundle(demo_project, out, now=NOW, previews=False)
    assert (out / "client-notes.txt").read_text() == "approved by Ana"
    moved = []
    write_bundle(demo_project, out, now=NOW, previews=False, replace=True, on_replace=moved.append)
    assert not (out / "client-notes.txt").exists() and (out / "plan.json").is_file()
    [aside] = moved
    assert aside.parent == tmp_path and aside.name.startswith("again.previous-")
    assert (aside / "client-notes.txt").read_text() == "approved by Ana" and (aside / MARKER_NAME).is_file()
    write_bundle(demo_project, out, now=NOW, previews=False, replace=True, on_replace=moved.append)
    assert len({p.name for p in moved}) == 2 and all(p.is_dir() for p in moved)  # the same second: a new name


def test_a_damaged_or_foreign_marker_is_not_an_export(demo_project, tmp_path):
    out = tmp_path / "b"
    out.mkdir()
    (out / "mine.txt").write_text("x")
    for text in ('{"written_by": "someone else", "bundle_version": 1, "files": []}', "{broken", "[]"):
        (out / MARKER_NAME).write_text(text)
        with pytest.raises(BadInputError, match="holds no earlier export"):
            write_bundle(demo_project, out, now=NOW, previews=False, replace=True)
    (out / MARKER_NAME).unlink()
    os.symlink(tmp_path / "elsewhere.json", out / MARKER_NAME)
    with pytest.raises(BadInputError, match="holds no earlier export"):
        write_bundle(demo_project, out, now=NOW, previews=False, replace=True)
    assert (out / "mine.txt").is_file()


def test_a_zip_is_replaced_only_when_the_studio_wrote_it(demo_project, tmp_path):
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("holiday.jpg", b"not a bundle")
    with pytest.raises(BadInputError, match="not a zip that dcstudio exported"):
        write_bundle(demo_project, other, now=NOW, previews=False, replace=True)
    (tmp_path / "notes.zip").write_text("not even a zip")
    with pytest.raises(BadInputError, match="not a zip that dcstudio exported"):
        write_bundle(demo_project, tmp_path / "notes.zip", now=NOW, previews=False, replace=True)
    assert zipfile.ZipFile(other).namelist() == ["holiday.jpg"]
    out = tmp_path / "b.zip"
    write_bundle(demo_project, out, now=NOW, previews=False)
    first = out.read_bytes()
    with pytest.raises(EarlierExport):
        write_bundle(demo_project, out, now=NOW, previews=False)
    moved = []
    write_bundle(demo_project, out, now=NOW, previews=False, replace=True, on_replace=moved.append)
    [aside] = moved
    assert aside.name.startswith("b.previous-") and aside.suffix == ".zip" and aside.read_bytes() == first
    assert MARKER_NAME in zipfile.ZipFile(out).namelist()


def test_a_symlink_as_target_is_refused(demo_project, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(BadInputError, match="symbolic link"):
        write_bundle(demo_project, tmp_path / "link", now=NOW, previews=False)
    (tmp_path / "link.zip").symlink_to(tmp_path / "victim.zip")
    with pytest.raises(BadInputError, match="symbolic link"):
        write_bundle(demo_project, tmp_path / "link.zip", now=NOW, previews=False)
    assert not (tmp_path / "victim.zip").exists()
