"""Save and reopen, unsaved-changes questions, broken files, autosave and crash recovery,
remembered window layout."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtWidgets import QDockWidget

from dcstudio.core.model.assets import TextAsset
from dcstudio.core.model.project_folder import load_project
from dcstudio.qt import file_dialogs, main_window
from dcstudio.qt.autosave import pending_recoveries
from dcstudio.qt.commands import AddAssetCommand


def _answer(monkeypatch, name, value):
    monkeypatch.setattr(getattr(file_dialogs, name), "ask", classmethod(lambda cls, *a, **k: value))
    monkeypatch.setattr(getattr(main_window, name), "ask", classmethod(lambda cls, *a, **k: value))


def _add_title(window, text):
    window.document.push(AddAssetCommand(window.document.project, "titles", TextAsset("", text)))


def test_title_shows_unsaved_changes_from_the_undo_stack(window):
    assert not window.isWindowModified() and "[*]" in window.windowTitle()
    _add_title(window, "One more headline")
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert not window.isWindowModified()


def test_save_and_reopen(make_window, demo_copy, tmp_path, monkeypatch):
    window = make_window(demo_copy)
    _add_title(window, "Saved headline")
    window.pools.sections["images"]  # the dock exists
    assert window.save()
    assert not window.isWindowModified() and not pending_recoveries(window.state_dir)
    assert "Saved headline" in [a.text for a in load_project(demo_copy).pools["titles"]]
    # Save As to a new folder copies the asset files; reopening shows the same pools.
    target = tmp_path / "copy"
    _answer(monkeypatch, "ProjectFolderDialog", target)
    _add_title(window, "Only in the copy")
    assert window.save_as()
    assert window.document.folder == target and (target / "assets" / "smart-watch.jpg").is_file()
    _answer(monkeypatch, "OpenProjectDialog", demo_copy)
    assert window.open_project()
    assert "Only in the copy" not in [a.text for a in window.document.project.pools["titles"]]
    assert window.open_project(target)
    assert "Only in the copy" in [a.text for a in window.document.project.pools["titles"]]
    assert str(target.resolve()) == window.settings.recent_projects[0]


def test_the_demo_opens_as_an_untitled_copy(make_window, monkeypatch, tmp_path):
    from dcstudio.core.values.resources import demo_project_dir

    window = make_window(demo_project_dir())
    assert window.document.untitled and window.document.folder != demo_project_dir()
    _add_title(window, "Edited demo")
    _answer(monkeypatch, "ProjectFolderDialog", tmp_path / "my-demo")
    assert window.save()  # Save on an untitled document asks where
    assert (tmp_path / "my-demo" / "dcstudio.json").is_file()


def test_closing_with_unsaved_changes_asks(make_window, demo_copy, monkeypatch):
    window = make_window(demo_copy)
    _add_title(window, "Not saved yet")
    _answer(monkeypatch, "UnsavedChangesDialog", "cancel")
    assert not window.close() and window.isVisible()
    _answer(monkeypatch, "UnsavedChangesDialog", "save")
    assert window.close()
    assert "Not saved yet" in [a.text for a in load_project(demo_copy).pools["titles"]]


def test_discarding_leaves_the_file_alone(make_window, demo_copy, monkeypatch):
    window = make_window(demo_copy)
    _add_title(window, "Thrown away")
    _answer(monkeypatch, "UnsavedChangesDialog", "discard")
    assert window.close()
    assert "Thrown away" not in [a.text for a in load_project(demo_copy).pools["titles"]]
    assert not pending_recoveries(window.state_dir)


def test_a_broken_project_file_gives_a_message(window, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "dcstudio.json").write_text('{"format_version": 1, "name": ', encoding="utf-8")
    assert not window.open_project(broken)
    assert "dcstudio.json" in window.message_bar.text and "JSON" in window.message_bar.text
    assert window.document.project.name == "Spring Essentials"  # still the open project


def test_new_project(window, tmp_path, monkeypatch):
    _answer(monkeypatch, "ProjectFolderDialog", tmp_path / "autumn")
    assert window.new_project()
    assert window.document.project.name == "autumn" and window.grid_model.rowCount() == 0
    assert (tmp_path / "autumn" / "dcstudio.json").is_file()


def test_recovery_after_a_simulated_crash(make_window, demo_copy, monkeypatch, state_dir):
    first = make_window(demo_copy)
    _add_title(first, "Typed before the crash")
    assert first.autosaver.save_now() is not None
    # The crash: the window never closes, the file on disk never saw the edit.
    first.autosaver.stop()
    second = make_window(demo_copy)
    assert "Typed before the crash" not in [a.text for a in second.document.project.pools["titles"]]
    _answer(monkeypatch, "RecoveryDialog", pending_recoveries(state_dir)[0])
    assert second.offer_recovery()
    assert "Typed before the crash" in [a.text for a in second.document.project.pools["titles"]]
    assert second.document.is_modified and second.isWindowModified()
    assert second.document.folder == demo_copy
    assert "Recovered" in second.message_bar.text
    first.document.undo_stack.setClean()


def test_declined_recovery_is_discarded(make_window, demo_copy, monkeypatch, state_dir):
    first = make_window(demo_copy)
    _add_title(first, "Lost on purpose")
    first.autosaver.save_now()
    first.autosaver.stop()
    second = make_window(demo_copy)
    _answer(monkeypatch, "RecoveryDialog", None)
    assert not second.offer_recovery()
    assert not pending_recoveries(state_dir)


CRASHING_SESSION = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from dcstudio.core.model.assets import TextAsset
    from dcstudio.qt.commands import AddAssetCommand
    from dcstudio.qt.document import open_document
    from dcstudio.qt.main_window import MainWindow
    from dcstudio.qt.settings import UiSettings
    folder, state = Path(sys.argv[1]), Path(sys.argv[2])
    window = MainWindow(open_document(folder), settings=UiSettings.at(state / "ui.ini"),
                        state_dir=state, autosave_ms=200)
    window.show()
    window.document.push(AddAssetCommand(window.document.project, "titles", TextAsset("", "Survives kill -9")))
    def crash():
        if any((state / "autosave").glob("*.json")):
            os.kill(os.getpid(), signal.SIGKILL)
    from PySide6.QtCore import QTimer
    timer = QTimer(); timer.timeout.connect(crash); timer.start(50)
    QTimer.singleShot(20000, app.quit)
    app.exec()
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_loses_at_most_one_autosave_interval(make_window, demo_copy, state_dir, monkeypatch, tmp_path):
    script = tmp_path / "crash.py"
    script.write_text(CRASHING_SESSION, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(script), str(demo_copy), str(state_dir)], env=env,
                          capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    window = make_window(demo_copy)
    recoveries = pending_recoveries(state_dir)
    assert len(recoveries) == 1
    _answer(monkeypatch, "RecoveryDialog", recoveries[0])
    assert window.offer_recovery()
    assert "Survives kill -9" in [a.text for a in window.document.project.pools["titles"]]


def test_dock_layout_and_geometry_are_remembered(make_window, demo_copy, ui_settings):
    first = make_window(demo_copy)
    first.checks_dock.hide()
    first.grid.set_placement("feed-portrait")
    first.close()
    assert not ui_settings.window_state.isEmpty()
    second = make_window(demo_copy)
    assert not second.findChild(QDockWidget, "checksDock").isVisible()
    assert second.grid_model.placement == "feed-portrait"


def test_recent_projects_menu_opens_a_project(make_window, demo_copy, tmp_path):
    window = make_window(demo_copy)
    other = tmp_path / "other"
    import shutil

    shutil.copytree(demo_copy, other)
    window.settings.add_recent_project(str(other))
    window._fill_recent_menu()
    action = next(a for a in window.recent_menu.actions() if a.text() == str(other))
    action.trigger()
    assert window.document.folder == other


def test_old_demo_copies_are_pruned_unless_an_autosave_needs_them(tmp_path):
    from dcstudio.qt.document import prune_scratch

    scratch = tmp_path / "scratch"
    old, kept, fresh = (scratch / name for name in ("demo-old", "demo-kept", "demo-fresh"))
    for folder in (old, kept, fresh):
        folder.mkdir(parents=True)
    for folder in (old, kept):
        os.utime(folder, (1_000_000, 1_000_000))
    assert prune_scratch(scratch, keep=[kept]) == 1
    assert not old.exists() and kept.exists() and fresh.exists()


def test_the_title_names_a_scratch_demo_and_a_project_once(make_window, tmp_path, monkeypatch, qtbot):
    from dcstudio.core.values.resources import demo_project_dir

    window = make_window(demo_project_dir())
    assert "scratch copy of the demo" in window.windowTitle()
    window.show_problem("Cannot open the project: broken. Showing the demo project instead.")
    window.document.project.name = "newproj"
    _answer(monkeypatch, "ProjectFolderDialog", tmp_path / "newproj")
    assert window.save_as()
    assert window.windowTitle() == "newproj[*] — dcstudio"
    assert window.message_bar.text == ""
