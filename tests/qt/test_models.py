"""Every custom Qt model passes qtmodeltester; the grid counts, filters and greys combinations."""
from __future__ import annotations

from PySide6.QtCore import Qt

from dcstudio.core.model.assets import TextAsset
from dcstudio.qt.commands import AddAssetCommand, ExclusionCommand, RemoveAssetCommand
from dcstudio.qt.grid_model import CombinationGridModel
from dcstudio.qt.lint_panel import FindingsModel
from dcstudio.qt.pool_model import PoolModel


def test_pool_models_pass_modeltester(window, qtmodeltester):
    for section in window.pools.sections.values():
        qtmodeltester.check(section.model)


def test_pool_model_follows_adds_moves_and_removes(window, qtmodeltester):
    model: PoolModel = window.pools.sections["titles"].model
    qtmodeltester.check(model)
    project = window.document.project
    window.document.push(AddAssetCommand(project, "titles", TextAsset("", "Fourth headline"), 1))
    assert model.rowCount() == 4 and model.data(model.index(1)) == "Fourth headline"
    window.pools.sections["titles"].select(model.asset_id(1))
    window.pools.sections["titles"].move_selected(+1)
    assert model.data(model.index(2)) == "Fourth headline"
    window.document.push(RemoveAssetCommand(project, model.asset_id(2)))
    assert model.rowCount() == 3
    window.document.undo_stack.undo()
    assert model.rowCount() == 4 and model.data(model.index(2)) == "Fourth headline"
    qtmodeltester.check(model)


def test_grid_and_findings_models_pass_modeltester(window, qtmodeltester, qtbot):
    qtmodeltester.check(window.grid_model)
    qtmodeltester.check(window.lint_panel.model)
    findings = FindingsModel()
    findings.set_findings(window.lint_runner.report.findings)
    qtmodeltester.check(findings)


def test_grid_counts_every_combination_lazily(window):
    model: CombinationGridModel = window.grid_model
    assert model.rowCount() == 180  # 5 images x 3 titles x 3 bodies x 2 descriptions x 2 CTAs x 1 link
    # Only rows the view asked about were built, never the whole space.
    assert len(model._rows) < 180


def test_filter_to_combinations_holding_an_asset(window, qtbot):
    window.grid.set_filter("img2")
    model = window.grid_model
    assert model.rowCount() == 36
    assert all("img2" in model.data(model.index(r), model.CombinationRole).ids for r in range(36))
    window.grid.set_filter(None)
    assert model.rowCount() == 180


def test_excluded_combinations_are_greyed_or_hidden(window):
    project = window.document.project
    window.document.push(ExclusionCommand(project, "img1", "title1"))
    model = window.grid_model
    assert model.rowCount() == 180
    excluded = [r for r in range(180) if model.data(model.index(r), model.ExcludedRole)]
    assert len(excluded) == 12  # img1 with title1: 3 bodies x 2 descriptions x 2 CTAs
    for r in excluded:
        combo = model.data(model.index(r), model.CombinationRole)
        assert {"img1", "title1"} <= set(combo.ids)
    assert "Excluded" in model.data(model.index(excluded[0]), Qt.ToolTipRole)
    assert "12 excluded" in window.grid.count_label.text()
    window.grid.hide_excluded_box.setChecked(True)
    assert model.rowCount() == 168
    assert not any(model.data(model.index(r), model.ExcludedRole) for r in range(168))
    window.document.undo_stack.undo()
    assert model.rowCount() == 180
