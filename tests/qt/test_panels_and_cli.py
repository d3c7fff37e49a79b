"""The lint panel reacts to edits; the campaign form edits through undo; the command line opens
the window and takes a screenshot."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal

from PIL import Image

from dcstudio.qt.commands import ProjectSettingsCommand, ReplaceAssetCommand


def test_lint_panel_reacts_to_an_edit(window, qtbot):
    project = window.document.project
    before = window.lint_runner.report
    assert not before.errors
    long_title = "Spring " * 40  # 280 characters: over the hard limit of 255
    window.document.push(ReplaceAssetCommand(project, replace(project.asset("title2"), text=long_title)))
    qtbot.waitUntil(lambda: window.lint_runner.report is not before and bool(window.lint_runner.report.errors))
    model = window.lint_panel.model
    rows = [model.data(model.index(r), model.FindingRole) for r in range(model.rowCount())]
    assert any(f.asset_id == "title2" and f.severity == "error" for f in rows)
    assert "1 error" in window.summary.checks.text()
    titles = window.pools.sections["titles"].model
    assert any(f.severity == "error" for f in titles.data(titles.index(1), titles.LintRole))
    # Activating the finding selects the asset in the pool editor.
    row = next(r for r, f in enumerate(rows) if f.asset_id == "title2")
    window.lint_panel._on_activated(model.index(row))
    assert window.pools.sections["titles"].selected_id() == "title2"
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: not window.lint_runner.report.errors)


def test_lint_filters_hide_severities(window):
    panel = window.lint_panel
    total = panel.model.rowCount()
    panel.filters["info"].setChecked(False)
    assert panel.model.rowCount() == total - len(window.lint_runner.report.infos)
    panel.filters["info"].setChecked(True)
    assert panel.model.rowCount() == total


def test_campaign_form_edits_through_undo(window):
    form, project = window.campaign, window.document.project
    form.amount.setValue(55.5)
    assert project.campaign.budget.amount == Decimal("55.5")
    form.objective.setCurrentIndex(form.objective.findData("OUTCOME_TRAFFIC"))
    assert project.campaign.objective == "OUTCOME_TRAFFIC"
    box = form.enhancements["image_animation"]
    box.setCurrentIndex(box.findData("OPT_IN"))
    assert project.enhancements["image_animation"] == "OPT_IN"
    form.name.setText("Autumn Essentials")
    form.name.editingFinished.emit()
    assert project.name == "Autumn Essentials" and "Autumn Essentials" in window.windowTitle()
    form.end.enabled.setChecked(False)
    assert project.campaign.end_time is None
    stack = window.document.undo_stack
    for _ in range(5):
        stack.undo()
    assert project.campaign.budget.amount == Decimal("40.00") and project.name == "Spring Essentials"
    assert project.campaign.objective == "OUTCOME_SALES" and project.enhancements["image_animation"] == "OPT_OUT"
    assert project.campaign.end_time == "2026-12-21T09:00:00+0000"
    assert form.amount.value() == 40.0  # the form follows undo


def test_campaign_form_is_made_when_its_tab_is_opened_and_shows_the_project_as_it_is_then(window, qtbot):
    assert not window.campaign_panel.is_built  # behind the Checks tab: not made at start-up
    project = window.document.project
    window.document.push(ProjectSettingsCommand(project, name="Winter Essentials"))
    window.campaign_dock.raise_()
    qtbot.waitUntil(lambda: window.campaign_panel.is_built)
    form = window.campaign_panel.content
    assert form.isVisible() and form.name.text() == "Winter Essentials"
    window.document.undo_stack.undo()
    assert form.name.text() == "Spring Essentials"  # and it follows later changes
    # Nothing is cut off at the dock's right edge (long rows wrap under their labels instead).
    qtbot.waitUntil(lambda: form.viewport().width() > 0)
    fields = [form.name, form.objective, form.bid_strategy, form.amount, form.currency, form.start, form.end,
              form.page_id, form.status, *form.enhancements.values()]
    for field in fields:
        right = field.mapTo(form.viewport(), field.rect().topRight()).x()
        assert right < form.viewport().width(), field
    assert form.horizontalScrollBar().maximum() == 0 or not form.horizontalScrollBar().isVisible()


def test_campaign_form_budget_follows_the_currency(window, qtbot):
    form, project = window.campaign, window.document.project
    form.amount.setValue(40.5)
    assert project.campaign.budget.amount == Decimal("40.5")
    # Only three letters make a currency: anything else never reaches the project file.
    form.currency.setText("E1")
    assert not form.currency.hasAcceptableInput()
    form.currency.setText("jpy")
    form.currency.editingFinished.emit()
    budget = project.campaign.budget
    assert budget.currency == "JPY" and budget.amount == Decimal("40")  # yen take no decimals
    assert form.amount.decimals() == 0
    window.document.undo_stack.undo()
    assert project.campaign.budget.currency == "USD" and form.amount.decimals() == 2


def test_ad_format_change_rebuilds_the_grid(window):
    form = window.campaign
    form.ad_format.setCurrentIndex(form.ad_format.findData("CAROUSEL"))
    assert window.document.project.ad_format == "CAROUSEL"
    assert window.grid_model.rowCount() == 36  # no media dimension: 3 x 3 x 2 x 2 x 1
    window.document.undo_stack.undo()
    assert window.grid_model.rowCount() == 180


def test_screenshot_from_the_command_line(tmp_path, demo_copy):
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "dcstudio", "--screenshot", str(out), str(demo_copy)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "still rendering" not in done.stdout
    with Image.open(out) as shot:
        assert shot.size[0] >= 1200 and shot.size[1] >= 700
        # Rendered tiles, not only placeholders: the grid area holds many colours.
        colours = shot.convert("RGB").crop((400, 120, 1000, 700)).getcolors(1 << 20)
        assert len(colours) > 500
        # The first image's thumbnail in the Assets dock, not its flat grey placeholder.
        assert len(shot.convert("RGB").crop((10, 95, 50, 125)).getcolors(1 << 16)) > 20


def test_screenshot_of_a_missing_project_fails_cleanly(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "dcstudio", "--screenshot", str(tmp_path / "x.png"),
                           str(tmp_path / "nowhere")], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "dcstudio: error:" in done.stderr and "Traceback" not in done.stderr


def test_file_menu_offers_export_and_publish(window):
    file_menu = window.menuBar().actions()[0].menu()
    titles = [a.text() for a in file_menu.actions()]
    assert "&Export…" in titles and "&Publish to Meta…" in titles
    dialog = window.export_project()  # window-modal, not blocking
    assert dialog.isVisible()
    dialog.reject()
