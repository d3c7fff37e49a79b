"""The window: a rejected asset greys its tiles, is counted in the status bar and named in the
checks; the approval sheet can show only what is cleared; the Presets menu saves, applies (one
undo step, the ad account to the project's publish account) and deletes presets."""
from __future__ import annotations

from decimal import Decimal

from pypdf import PdfReader

from dcstudio.core.model.presets import Preset, PresetStore
from dcstudio.qt import asset_dialogs
from dcstudio.qt.preset_menu import PresetNameDialog

NOTE = "Logo too small; legal wants a bigger badge"


def _reject_mug(window, monkeypatch):
    monkeypatch.setattr(asset_dialogs.RejectNoteDialog, "ask", classmethod(lambda cls, *a, **k: NOTE))
    window.pools.sections["images"].reject("img2")


def test_a_rejected_asset_is_greyed_counted_and_named(window, qtbot, monkeypatch):
    model = window.grid_model
    uses_mug = [row for row in range(model.rowCount()) if "img2" in model.combination(row).asset_ids()]
    other = next(row for row in range(model.rowCount()) if row not in uses_mug)
    assert uses_mug and not model.data(model.index(uses_mug[0]), model.RejectedRole)
    _reject_mug(window, monkeypatch)
    assert model.data(model.index(uses_mug[0]), model.RejectedRole) == ["img2"]
    assert model.data(model.index(other), model.RejectedRole) == []
    assert "Rejected in review: img2" in model.data(model.index(uses_mug[0]), 3)  # Qt.ToolTipRole
    assert "1 rejected asset left out" in window.summary.pools.text()
    qtbot.waitUntil(lambda: any(f.rule_id == "approval.rejected" for f in window.lint_runner.report.findings))
    finding = next(f for f in window.lint_runner.report.findings if f.rule_id == "approval.rejected")
    assert finding.asset_id == "img2" and NOTE in finding.message and "left out" in finding.message
    window.document.undo_stack.undo()
    assert "rejected" not in window.summary.pools.text()
    assert not model.data(model.index(uses_mug[0]), model.RejectedRole)


def test_the_approval_sheet_can_show_only_what_is_cleared(window, qtbot, tmp_path):
    project = window.document.project
    for asset_id in ("img1", "title1", "body1", "desc1", "cta1", "link1"):
        window.pools.sections[project.pool_of(asset_id)].set_approval(asset_id, "approved")
    dialog = window.approval_sheet()
    out = tmp_path / "cleared.pdf"
    dialog.path_edit.setText(str(out))
    dialog.approved_only_box.setChecked(True)
    dialog.write_button.click()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Wrote"))
    assert "1 combinations, approved assets only" in dialog.status.text()
    text = " ".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Trail sneaker" in text and "Ceramic mug" not in text
    dialog.close()


def test_apply_a_preset_in_one_undo_step_with_its_ad_account(window, ui_settings):
    PresetStore().save(Preset("Agency X", ad_account="act_987654321", page_id="104857600099999",
                              pixel_id="556677889900", custom_event_type="LEAD", country="CA",
                              budget_amount="75", budget_currency="CAD", url_tags_template="utm_source=meta"))
    project, folder = window.document.project, window.document.project.folder
    before = (project.campaign, project.export)
    window.presets.apply_menu.aboutToShow.emit()
    [action] = window.presets.apply_menu.actions()
    assert action.text() == "Agency X"
    action.trigger()
    assert project.campaign.page_id == "104857600099999" and project.campaign.budget.amount == Decimal("75")
    assert project.campaign.targeting["geo_locations"] == {"countries": ["CA"]}
    assert project.export.url_tags_template == "utm_source=meta"
    assert ui_settings.publish_account(folder) == "act_987654321"
    assert window.document.undo_stack.undoText() == "Apply preset Agency X"
    window.document.undo_stack.undo()
    assert (project.campaign, project.export) == before and ui_settings.publish_account(folder) == ""


def test_save_current_as_a_preset_then_delete_it(window, monkeypatch, ui_settings):
    project = window.document.project
    ui_settings.set_publish_account(project.folder, "act_42")
    monkeypatch.setattr(PresetNameDialog, "ask", classmethod(lambda cls, *a, **k: "Spring team"))
    assert window.presets.save_current()
    saved = PresetStore().get("Spring team")
    assert saved.ad_account == "act_42" and saved.page_id == project.campaign.page_id
    assert saved.budget_amount == str(project.campaign.budget.amount)
    window.presets.delete_menu.aboutToShow.emit()
    [action] = window.presets.delete_menu.actions()
    action.trigger()
    assert PresetStore().names() == []


def test_a_broken_presets_file_is_named_in_the_window_and_kept(window):
    store = PresetStore()
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{oops", "utf-8")
    window.presets.apply_menu.aboutToShow.emit()
    assert str(store.path) in window.message_bar.text
    assert [a.text() for a in window.presets.apply_menu.actions()] == ["The presets file cannot be read"]
    assert store.path.read_text("utf-8") == "{oops"


def test_the_approval_sheet_shows_its_progress_and_then_its_folder(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    dialog = window.approval_sheet()
    assert not dialog.job.show_button.isVisible()
    seen = []
    dialog.job.progress.valueChanged.connect(seen.append)
    dialog.path_edit.setText(str(tmp_path / "sheets" / "review.pdf"))
    (tmp_path / "sheets").mkdir()
    dialog.write_button.click()
    assert dialog.running and not dialog.write_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.running)
    assert dialog.status.text().startswith("Wrote") and (tmp_path / "sheets" / "review.pdf").is_file()
    assert seen and dialog.job.progress.value() == dialog.job.progress.maximum()
    assert dialog.job.show_button.isVisible() and dialog.write_button.isEnabled()
    dialog.job.show_button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "sheets"))]
    dialog.close()
