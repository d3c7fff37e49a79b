"""Rendering again into a used folder: the previews that went stale are removed, nothing else is.

The folder after a render holds exactly the previews its index lists, plus whatever files were
there that no render wrote (a user's notes, hand-made pictures), which are never deleted.
"""
from __future__ import annotations

import json
import threading

import pytest

from dcstudio.core.model.assets import TextAsset
from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.render import batch, render_all
from dcstudio.core.render.manifest import MANIFEST_NAME, is_preview_path
from dcstudio.core.values.errors import BadInputError, Cancelled
from tests.core.test_render_support import make_project, picture

USER_FILES = {  # path -> content: files a person keeps in the output folder
    "notes.txt": "which ones did the client like?",
    "feed-square/my-retouch.jpg": "a hand-edited preview",
    "feed-square/00099-mine.jpg": "named like a preview, but no render wrote it",
    "story/keep.png": "a file in a placement folder this project never renders to",
}


@pytest.fixture
def project(tmp_path):
    images = [picture(tmp_path / f"i{k}.png", c) for k, c in enumerate([(200, 40, 40), (40, 40, 200)])]
    return make_project(tmp_path / "p", images, titles=("One", "Two", "Three"), bodies=("Body",))


def _add_user_files(out):
    for rel, text in USER_FILES.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)


def _user_files_intact(out) -> bool:
    return all((out / rel).is_file() and (out / rel).read_text() == text for rel, text in USER_FILES.items())


def _previews_on_disk(out) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*")
            if p.is_file() and p.relative_to(out).as_posix() not in USER_FILES
            and p.name not in ("index.json", "index.csv", MANIFEST_NAME)}


def _index_files(out) -> set[str]:
    return {f["file"] for f in json.loads((out / "index.json").read_text())["files"]}


def _manifest(out) -> dict:
    return json.loads((out / MANIFEST_NAME).read_text())


def _remove_title(project, text):
    project.remove_asset(next(a.id for a in project.pools["titles"] if a.text == text))


def test_fewer_combinations_remove_exactly_the_stale_previews(project, tmp_path):
    out = tmp_path / "out"
    first = render_all(project, out, placements="feed-square", size=100)
    assert len(first.files) == 6 and first.removed == []
    _add_user_files(out)
    _remove_title(project, "Three")
    second = render_all(project, out, placements="feed-square", size=100)
    assert len(second.files) == 4
    assert _previews_on_disk(out) == _index_files(out) == {f.file for f in second.files}
    assert set(second.removed) == {f.file for f in first.files} - {f.file for f in second.files}
    assert len(second.removed) == 2
    assert _user_files_intact(out)
    assert second.unlisted == ["feed-square/00099-mine.jpg"]  # preview-named, never recorded: kept
    record = _manifest(out)
    assert record["finished"] is True and set(record["files"]) == _index_files(out)


def test_another_placement_and_format_replace_the_earlier_set(project, tmp_path):
    out = tmp_path / "out"
    render_all(project, out, placements=["feed-square", "carousel"], size=100)
    result = render_all(project, out, placements="story", size=100, fmt="png", limit=3)
    assert len(result.removed) == 12
    assert _previews_on_disk(out) == _index_files(out) == {f.file for f in result.files}
    assert all(f.startswith("story/") and f.endswith(".png") for f in _index_files(out))
    assert not (out / "feed-square").exists() and not (out / "carousel").exists()  # emptied by the removal


def test_a_folder_of_unrelated_files_is_left_alone(project, tmp_path):
    out = tmp_path / "photos"
    _add_user_files(out)
    for k in range(5):
        (out / f"IMG_{k:04d}.jpg").write_bytes(b"not ours")
    result = render_all(project, out, placements="feed-square", size=100)
    assert result.removed == [] and result.unlisted == ["feed-square/00099-mine.jpg"]
    _remove_title(project, "Three")
    _remove_title(project, "Two")
    again = render_all(project, out, placements="feed-square", size=100)
    assert len(again.removed) == 4
    assert _user_files_intact(out)
    assert all((out / f"IMG_{k:04d}.jpg").read_bytes() == b"not ours" for k in range(5))
    assert _previews_on_disk(out) - {f"IMG_{k:04d}.jpg" for k in range(5)} == _index_files(out)


@pytest.mark.parametrize("name, text", [("index.json", '{"pages": ["home"]}'), ("index.csv", "id,price\n1,2\n")])
def test_an_index_some_other_program_wrote_is_not_overwritten(project, tmp_path, name, text):
    out = tmp_path / "site"
    out.mkdir()
    (out / name).write_text(text)
    with pytest.raises(BadInputError, match=f"{name}: not an index written by dcstudio render"):
        render_all(project, out, placements="feed-square", size=100)
    assert (out / name).read_text() == text and sorted(p.name for p in out.iterdir()) == [name]


def test_a_folder_from_a_dcstudio_without_the_record_is_cleaned_by_its_index(project, tmp_path):
    out = tmp_path / "out"
    first = render_all(project, out, placements="feed-square", size=100)
    (out / MANIFEST_NAME).unlink()  # as an older dcstudio left it: previews and index only
    _remove_title(project, "Three")
    second = render_all(project, out, placements="feed-square", size=100)
    assert len(second.removed) == 2 and second.unlisted == []
    assert _previews_on_disk(out) == _index_files(out)
    assert {f.file for f in first.files} > _previews_on_disk(out)


def test_without_record_or_index_nothing_is_removed_and_the_leftovers_are_reported(project, tmp_path):
    out = tmp_path / "out"
    render_all(project, out, placements="feed-square", size=100)
    (out / MANIFEST_NAME).unlink()
    (out / "index.json").unlink()
    _remove_title(project, "Three")
    second = render_all(project, out, placements="feed-square", size=100)
    assert second.removed == [] and len(second.unlisted) == 2
    assert _previews_on_disk(out) == _index_files(out) | set(second.unlisted)


@pytest.mark.parametrize("record", [
    "{ not json",
    json.dumps({"version": 1, "files": ["../outside.jpg", "notes.txt", "feed-square/../../outside.jpg",
                                        "/tmp/x.jpg", "feed-square/my-retouch.jpg", "feed-square\\00001-a.jpg",
                                        "elsewhere/00001-a.jpg", 7, None]}),
])
def test_a_damaged_or_foreign_record_reaches_no_other_file(project, tmp_path, record):
    out = tmp_path / "out"
    _add_user_files(out)
    (tmp_path / "outside.jpg").write_text("outside")
    (out / "elsewhere").mkdir()
    (out / "elsewhere" / "00001-a.jpg").write_text("mine")
    (out / MANIFEST_NAME).write_text(record)
    result = render_all(project, out, placements="feed-square", size=100)
    assert result.removed == [] and len(result.files) == 6
    assert _user_files_intact(out)
    assert (tmp_path / "outside.jpg").read_text() == "outside"
    assert (out / "elsewhere" / "00001-a.jpg").read_text() == "mine"


def test_preview_paths_are_recognised_strictly():
    assert is_preview_path("feed-square/00001-img1_title1.jpg")
    assert is_preview_path("carousel/00012-carousel_title1.png")
    for bad in ("feed-square/0001-img1.jpg", "feed-square/00001-img1.gif", "banner/00001-a.jpg",
                "feed-square/sub/00001-a.jpg", "../feed-square/00001-a.jpg", "00001-a.jpg", None):
        assert not is_preview_path(bad), bad


def _cancel_after(n):
    cancel = threading.Event()

    def progress(done, total):
        if done >= n:
            cancel.set()

    return cancel, progress


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cancelled_rerender_keeps_earlier_previews_it_did_not_reach(project, tmp_path, jobs):
    out = tmp_path / "out"
    for k in range(30):  # enough combinations for several worker batches
        project.add_asset("descriptions", TextAsset("", f"d{k}"))
    render_all(project, out, placements="feed-square", size=100)
    _add_user_files(out)
    before = _previews_on_disk(out)
    cancel, progress = _cancel_after(5)
    with pytest.raises(Cancelled, match=r"stopped after .*; kept \d+ earlier previews not drawn again yet"):
        render_all(project, out, placements="feed-square", size=100, jobs=jobs, progress=progress, cancel=cancel)
    index = json.loads((out / "index.json").read_text())
    assert index["complete"] is False and 5 <= len(_index_files(out)) < index["combinations"]
    # Stopping a re-render of the same project loses nothing: the previews it did not reach
    # are the earlier ones, still there and still on record for the next render.
    assert _previews_on_disk(out) == before
    record = _manifest(out)
    assert record["finished"] is True and set(record["files"]) == before
    assert _user_files_intact(out)


def test_a_cancelled_rerender_removes_the_previews_of_combinations_that_are_gone(project, tmp_path):
    out = tmp_path / "out"
    for k in range(30):
        project.add_asset("descriptions", TextAsset("", f"d{k}"))
    render_all(project, out, placements="feed-square", size=100)
    _add_user_files(out)
    project.remove_asset(project.pools["titles"][-1].id)  # fewer combinations, other names
    cancel, progress = _cancel_after(5)
    with pytest.raises(Cancelled, match=r"removed \d+ previews of an earlier render"):
        render_all(project, out, placements="feed-square", size=100, progress=progress, cancel=cancel)
    space = CombinationSpace.from_project(project)
    planned = {"feed-square/" + batch.file_name(space, c, "jpeg") for c in space}
    on_disk = _previews_on_disk(out)
    assert on_disk <= planned and on_disk == set(_manifest(out)["files"])
    assert _user_files_intact(out)


def test_a_render_killed_midway_leaves_a_record_of_everything_it_may_have_written(project, tmp_path, monkeypatch):
    """A crash (disk full, power cut) skips the tidy end; the record made before the first write
    still lists the earlier previews and every new name, so the next render cleans up."""
    out = tmp_path / "out"
    first = render_all(project, out, placements="feed-square", size=100)
    _add_user_files(out)
    project.add_asset("titles", TextAsset("", "Four"))  # 8 combinations, other file names
    space = CombinationSpace.from_project(project)
    planned_last = "feed-square/" + batch.file_name(space, space[len(space) - 1], "jpeg")
    (out / planned_last).write_text("a user's file that happens to have the name of a new preview")
    real_write, count = batch._write, [0]

    def failing_write(path, data):
        count[0] += 1
        if count[0] > 3:
            raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(batch, "_write", failing_write)
    with pytest.raises(OSError, match="No space"):
        render_all(project, out, placements="feed-square", size=100)
    monkeypatch.setattr(batch, "_write", real_write)
    record = _manifest(out)
    assert record["finished"] is False
    assert _previews_on_disk(out) - {planned_last} <= set(record["files"])
    assert {f.file for f in first.files} <= set(record["files"])
    assert planned_last not in record["files"]  # not ours until a render overwrites it
    _remove_title(project, "Four")
    _remove_title(project, "Three")
    third = render_all(project, out, placements="feed-square", size=100)
    assert _previews_on_disk(out) == _index_files(out) | {planned_last} and len(third.files) == 4
    assert (out / planned_last).read_text().startswith("a user's file")
    assert _user_files_intact(out)
