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
    with qtbot.waitSignal(dialog.exported, timeout=20000) as blocker:
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
    qtbot.waitUntil(lambda: not dlg.running, timeout=20000)
    assert "meta.page_id.missing" in dlg.errors.toPlainText() and dlg.errors.isVisible()
    assert "Not exported" in dlg.status.text() and not (tmp_path / "b").exists()
    dlg.force_box.setChecked(True)
    with qtbot.waitSignal(dlg.exported, timeout=20000):
        dlg.export_button.click()
    assert (tmp_path / "b" / "plan.json").is_file()


def test_cancel_stops_the_export_and_writes_nothing(qtbot, dialog, tmp_path):
    dialog.target_edit.setText(str(tmp_path / "out" / "bundle"))
    dialog.previews_box.setChecked(True)  # the slow part, so the cancel lands mid-way
    dialog.export_button.click()
    dialog.close_button.click()  # "Cancel" while running
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert "cancelled" in dialog.status.text()
    assert not (tmp_path / "out" / "bundle").exists()
    assert [p for p in (tmp_path / "out").iterdir()] == []


def test_bad_target_is_explained(qtbot, dialog, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "mine.txt").write_text("x")
    dialog.target_edit.setText(str(busy))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert "not empty" in dialog.status.text()


def test_choosers_fill_the_target(qtbot, dialog, monkeypatch, tmp_path):
    monkeypatch.setattr(OutputChooser, "ask", classmethod(lambda cls, parent, as_zip, start:
                                                          str(tmp_path / ("b.zip" if as_zip else "dir"))))
    dialog.zip_button.click()
    assert dialog.target_edit.text().endswith("b.zip")
    dialog.folder_button.click()
    assert dialog.target_edit.text().endswith("dir")
