"""Undo never turns an image whose file is missing or changed into a usable one."""
from __future__ import annotations

from dataclasses import replace

import pytest

pytest.importorskip("PySide6")

from dcstudio.core.model.project_folder import import_image, load_project  # noqa: E402
from dcstudio.qt.commands import RemoveAssetCommand, ReplaceAssetCommand  # noqa: E402
from dcstudio.qt.document import Document  # noqa: E402


@pytest.fixture
def flagged(demo_copy, qapp):
    """The demo with img2's file changed on disk, and what listeners saw of img2's problem."""
    project = load_project(demo_copy)
    with open(project.resolve(project.asset("img2").file), "ab") as f:
        f.write(b"edited elsewhere")
    document = Document(load_project(demo_copy))
    seen = []
    document.project.changed.connect(lambda change: seen.append(document.project.file_problems.get("img2")))
    assert "has changed" in document.project.file_problems["img2"]
    return document, seen


def test_undoing_a_removal_keeps_the_file_problem(flagged):
    document, seen = flagged
    problem = document.project.file_problems["img2"]
    document.push(RemoveAssetCommand(document.project, "img2"))
    assert "img2" not in document.project.file_problems
    document.undo_stack.undo()
    assert document.project.file_problems["img2"] == problem
    assert seen[-1] == problem  # flagged before the window hears the image is back


def test_undoing_a_relink_brings_the_old_files_problem_back(flagged, tmp_path, write_image):
    document, seen = flagged
    project = document.project
    problem = project.file_problems["img2"]
    fresh = import_image(project, write_image(tmp_path / "mug.png", (80, 80)))
    old = project.asset("img2")
    relinked = replace(old, file=fresh.file, sha256=fresh.sha256, width=80, height=80, crop=fresh.crop)
    document.push(ReplaceAssetCommand(project, relinked, "Relink img2"))
    assert "img2" not in project.file_problems
    document.undo_stack.undo()
    assert project.asset("img2") == old
    assert project.file_problems["img2"] == problem
    assert seen[-1] == problem
    document.undo_stack.redo()
    assert "img2" not in project.file_problems


def test_pinning_or_excluding_what_already_is_undoes_to_the_same_state(demo_project):
    from PySide6.QtGui import QUndoStack

    from dcstudio.qt.commands import ExclusionCommand, PinCommand

    stack = QUndoStack()
    demo_project.pin("title1")
    demo_project.exclude("img1", "title1")
    stack.push(PinCommand(demo_project, "title1", True))  # already pinned: nothing to change
    stack.push(ExclusionCommand(demo_project, "img1", "title1"))  # already excluded
    stack.undo()
    stack.undo()
    assert "title1" in demo_project.pins and frozenset(("img1", "title1")) in demo_project.exclusions
    stack.push(PinCommand(demo_project, "title2", False))  # not pinned, asked to unpin
    stack.undo()
    assert "title2" not in demo_project.pins
