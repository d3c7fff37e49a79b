"""The export dialog: writes the bundle off the GUI thread with progress, lists lint errors,
exports when forced, cancels cleanly."""
from __future__ import annotations

import json

import pytest

from dcstudio.qt.export_dialog import ExportDialog, OutputChooser, run_export_dialog


@pytest.fixture
def dialog(qtbot, demo_project):
    dlg = ExportDialog(demo_project)
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    dlg.cancel_event.set()


def test_export_writes_the_bundle_with_progress(qtbot, dialog, tmp_path):
    assert "one ad set" in dialog.summary.text()
    dialog.target_edit.setText(str(tmp_path / "bundle"))
    dialog.previews_box.setChecked(False)
    seen = []
    dialog.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(dialog.exported) as blocker:
        dialog.export_button.click()
        assert dialog.running and not dialog.export_button.isEnabled()
        assert dialog.close_button.text() == "Cancel"
    assert blocker.args == [str(tmp_path / "bundle")]
    plan = json.loads((tmp_path / "bundle" / "plan.json").read_text("utf-8"))
    assert plan["summary"]["ads"] == 1 and dialog.plan == plan
    assert "Exported to" in dialog.status.text() and seen
    assert dialog.close_button.text() == "Close" and dialog.export_button.isEnabled()


def test_lint_errors_are_listed_then_forced(qtbot, demo_project, tmp_path):
    demo_project.update_campaign(page_id="")
    dlg = run_export_dialog(None, demo_project)
    qtbot.addWidget(dlg)
    dlg.target_edit.setText(str(tmp_path / "b"))
    dlg.previews_box.setChecked(False)
    dlg.export_button.click()
    qtbot.waitUntil(lambda: not dlg.running)
    assert "meta.page_id.missing" in dlg.errors.toPlainText() and dlg.errors.isVisible()
    assert "Not exported" in dlg.status.text() and not (tmp_path / "b").exists()
    dlg.force_box.setChecked(True)
    with qtbot.waitSignal(dlg.exported):
        dlg.export_button.click()
    assert (tmp_path / "b" / "plan.json").is_file()


def test_cancel_stops_the_export_and_writes_nothing(qtbot, dialog, tmp_path):
    dialog.target_edit.setText(str(tmp_path / "out" / "bundle"))
    dialog.previews_box.setChecked(True)  # the slow part, so the cancel lands mid-way
    dialog.export_button.click()
    dialog.close_button.click()  # "Cancel" while running
    qtbot.waitUntil(lambda: not dialog.running)
    assert "cancelled" in dialog.status.text()
    assert not (tmp_path / "out" / "bundle").exists()
    assert [p for p in (tmp_path / "out").iterdir()] == []


def test_bad_target_is_explained(qtbot, dialog, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "mine.txt").write_text("x")
    dialog.target_edit.setText(str(busy))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.running)
    assert "not empty" in dialog.status.text()


def test_choosers_fill_the_target(qtbot, dialog, monkeypatch, tmp_path):
    monkeypatch.setattr(OutputChooser, "ask", classmethod(lambda cls, parent, as_zip, start:
                                                          str(tmp_path / ("b.zip" if as_zip else "dir"))))
    dialog.zip_button.click()
    assert dialog.target_edit.text().endswith("b.zip")
    dialog.folder_button.click()
    assert dialog.target_edit.text().endswith("dir")


def _ask_with(monkeypatch, answer):
    from PySide6.QtWidgets import QMessageBox

    asked = []

    def question(parent, title, text, buttons, default):
        asked.append((text, buttons, default))
        return answer
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_an_earlier_export_is_moved_aside_only_after_asking(qtbot, dialog, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    out = tmp_path / "bundle"
    dialog.target_edit.setText(str(out))
    dialog.previews_box.setChecked(False)
    with qtbot.waitSignal(dialog.exported):
        dialog.export_button.click()
    (out / "client-notes.txt").write_text("keep me")
    asked = _ask_with(monkeypatch, QMessageBox.Cancel)
    dialog.export_button.click()
    [(text, buttons, default)] = asked
    assert default == QMessageBox.Cancel and buttons & QMessageBox.Yes
    assert "previews and contact sheet" in text and "bundle.previous-" in text and "nothing is deleted" in text
    assert not dialog.running and "left as it was" in dialog.status.text()
    assert (out / "client-notes.txt").is_file() and not list(tmp_path.glob("bundle.previous-*"))
    asked = _ask_with(monkeypatch, QMessageBox.Yes)
    with qtbot.waitSignal(dialog.exported):
        dialog.export_button.click()
    [aside] = tmp_path.glob("bundle.previous-*")
    assert (aside / "client-notes.txt").read_text() == "keep me" and not (out / "client-notes.txt").exists()
    assert f"moved aside to {aside}" in dialog.status.text() and len(asked) == 1


def test_the_project_folder_is_refused_without_a_question(qtbot, dialog, monkeypatch, demo_copy):
    (demo_copy / "manifest.json").write_text("{}")
    asked = _ask_with(monkeypatch, None)
    dialog.target_edit.setText(str(demo_copy))
    dialog.export_button.click()
    assert not dialog.running and asked == []
    assert "Not exported" in dialog.status.text() and "project's own folder" in dialog.status.text()
    qtbot.wait(200)
    assert (demo_copy / "dcstudio.json").is_file() and (demo_copy / "assets").is_dir()


def test_a_platform_without_an_exporter_is_told_and_offers_no_export(qtbot, demo_project, tmp_path):
    demo_project.set_project_settings(profile="tiktok-aco")
    dlg = ExportDialog(demo_project)
    qtbot.addWidget(dlg)
    dlg.show()
    assert "Nothing to export" in dlg.summary.text() and "tiktok-aco" in dlg.summary.text()
    assert not dlg.export_button.isVisible() and not dlg.target_edit.isEnabled()
    dlg.target_edit.setText(str(tmp_path / "b"))
    dlg.start_export()  # e.g. Enter in the dialog: still nothing runs
    assert not dlg.running and not (tmp_path / "b").exists()
    assert dlg.close_button.isEnabled()
