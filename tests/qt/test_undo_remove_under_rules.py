"""The window's removal of an asset under customization rules, through the undo stack: the rules
follow, and undo and redo give back each state exactly (the saved file included)."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from dcstudio.core.model.customization import ShowIn  # noqa: E402
from dcstudio.core.model.project_folder import load_project, save_project  # noqa: E402
from dcstudio.qt.commands import RemoveAssetCommand, show_in_command  # noqa: E402
from dcstudio.qt.document import Document  # noqa: E402


def _state(project):
    return project.customization, sorted((a.id, a.adlabels) for _, a in project.assets())


def test_undo_and_redo_of_a_removal_keep_rules_and_labels(demo_copy, qapp):
    document = Document(load_project(demo_copy))
    project = document.project
    document.push(show_in_command(project, {}, "img2", ShowIn({"Stories and Reels"})))
    with_story = _state(project)
    document.push(RemoveAssetCommand(project, "img2"))
    without = _state(project)
    assert project.customization.rules == () and "stories_and_reels" not in str(without)
    document.undo_stack.undo()
    assert _state(project) == with_story
    document.undo_stack.redo()
    assert _state(project) == without
    document.undo_stack.undo()
    save_project(project, demo_copy)
    assert _state(load_project(demo_copy)) == with_story


def test_redo_of_an_add_gives_back_what_its_undo_took_from_the_rules(demo_copy, qapp):
    """An added image is the only one carrying the Stories label once img2 goes; undoing the add
    then takes the label out of the rules, and redoing it must put the rules back too."""
    from dataclasses import replace

    from dcstudio.qt.commands import AddAssetCommand

    document = Document(load_project(demo_copy))
    project = document.project
    document.push(show_in_command(project, {}, "img2", ShowIn({"Stories and Reels"})))
    twin = replace(project.asset("img2"), id="")
    document.push(AddAssetCommand(project, "images", twin))
    added = project.pools["images"][-1].id
    project.remove_asset("img2")  # outside the stack: the added image now carries the label alone
    before = _state(project)
    document.undo_stack.undo()
    assert "stories_and_reels" not in str(project.customization.rules)
    document.undo_stack.redo()
    assert _state(project) == before and project.asset(added).adlabels == ("stories_and_reels",)
