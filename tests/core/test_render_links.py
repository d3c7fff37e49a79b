"""A render, a contact sheet and the stale-preview clean-up never write or delete through a link
planted in their output folder: whatever sits at a name they write is replaced by a new regular
file, a placement folder that is a link is refused, and a record naming paths outside the folder
(``../x``, ``/abs``, ``\\`` separators) or files that became links reaches nothing."""
from __future__ import annotations

import json
import os

import pytest

from dcstudio.core.render import contact_sheet, render_all
from dcstudio.core.render.manifest import MANIFEST_NAME, previous_files, remove_stale
from dcstudio.core.values.errors import BadInputError
from tests.core.test_render_support import make_project, picture

SECRET = b"# a file of the user's that no render may touch\n"


@pytest.fixture
def project(tmp_path):
    images = [picture(tmp_path / f"i{k}.png", c) for k, c in enumerate([(200, 40, 40), (40, 40, 200)])]
    return make_project(tmp_path / "p", images, titles=("One", "Two"), bodies=("Body",))


@pytest.fixture
def victim(tmp_path):
    folder = tmp_path / "victim"
    folder.mkdir()
    (folder / "bashrc").write_bytes(SECRET)
    return folder


def _record(out, files):
    (out / MANIFEST_NAME).write_text(json.dumps({"written_by": "dcstudio render", "version": 1,
                                                 "finished": True, "files": files}))


def test_a_link_at_a_preview_name_is_replaced_not_written_through(project, tmp_path, victim):
    out = tmp_path / "out"
    first = render_all(project, out, placements="feed-square", size=100)
    linked, hard = (out / f.file for f in first.files[:2])
    linked.unlink()
    linked.symlink_to(victim / "bashrc")
    hard.unlink()
    os.link(victim / "bashrc", hard)  # a second name of the user's file
    render_all(project, out, placements="feed-square", size=100)
    assert (victim / "bashrc").read_bytes() == SECRET
    for path in (linked, hard):
        assert not path.is_symlink() and path.read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG of its own
    assert os.stat(victim / "bashrc").st_nlink == 1


def test_a_placement_folder_that_is_a_link_is_refused(project, tmp_path, victim):
    out = tmp_path / "out"
    out.mkdir()
    (out / "feed-square").symlink_to(victim)
    with pytest.raises(BadInputError, match="feed-square: is a symbolic link"):
        render_all(project, out, placements="feed-square", size=100)
    assert sorted(p.name for p in victim.iterdir()) == ["bashrc"]


def test_stale_removal_never_reaches_outside_the_folder(project, tmp_path, victim):
    out = tmp_path / "out"
    render_all(project, out, placements="feed-square", size=100)
    # Preview-named files outside the folder, and a record that names them every way it could.
    (victim / "feed-square").mkdir()
    outside = victim / "feed-square" / "00001-x.jpg"
    outside.write_bytes(SECRET)
    (tmp_path / "00002-y.jpg").write_bytes(SECRET)
    names = ["../victim/feed-square/00001-x.jpg", str(outside), "feed-square/../../00002-y.jpg",
             "feed-square\\..\\..\\00002-y.jpg", "..\\victim\\feed-square\\00001-x.jpg"]
    _record(out, names)
    assert previous_files(out) == set()
    removed, _ = remove_stale(out, names)
    assert removed == [] and outside.read_bytes() == SECRET and (tmp_path / "00002-y.jpg").read_bytes() == SECRET


def test_stale_removal_does_not_follow_a_placement_folder_turned_link(project, tmp_path, victim):
    out = tmp_path / "out"
    render_all(project, out, placements="story", size=100)
    recorded = sorted(previous_files(out))
    assert recorded and all(r.startswith("story/") for r in recorded)
    # The folder is swapped for a link to a place holding files of the same names.
    (victim / "story").mkdir()
    for rel in recorded:
        (victim / rel).write_bytes(SECRET)
    for p in (out / "story").iterdir():
        p.unlink()
    (out / "story").rmdir()
    (out / "story").symlink_to(victim / "story")
    render_all(project, out, placements="feed-square", size=100)  # the story previews are now stale
    assert all((victim / rel).read_bytes() == SECRET for rel in recorded)
    removed, _ = remove_stale(out, recorded)
    assert removed == [] and all((victim / rel).is_file() for rel in recorded)


def test_a_record_with_backslashes_names_the_previews_it_means(project, tmp_path):
    out = tmp_path / "out"
    first = render_all(project, out, placements="feed-square", size=100)
    files = [f.file for f in first.files]
    _record(out, [f.replace("/", "\\") for f in files])
    assert previous_files(out) == set(files)
    removed, _ = remove_stale(out, [files[0].replace("/", "\\")])
    assert removed == [files[0]] and not (out / files[0]).exists()


def test_a_sheet_replaces_a_link_at_its_name(project, tmp_path, victim):
    out = tmp_path / "sheets" / "approval.pdf"
    out.parent.mkdir()
    out.symlink_to(victim / "bashrc")
    contact_sheet(project, out, placement="feed-square")
    assert (victim / "bashrc").read_bytes() == SECRET
    assert not out.is_symlink() and out.read_bytes().startswith(b"%PDF")
