"""Each panel and model follows the document it was given, by itself, without the window routing
changes to it; given another document, it follows that one only."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

import shiboken6
from PIL import Image
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar

from dcstudio.core.model.assets import TextAsset
from dcstudio.core.model.project_folder import load_project
from dcstudio.qt.campaign_form import CampaignForm
from dcstudio.qt.commands import AddAssetCommand, ProjectSettingsCommand
from dcstudio.qt.document import Document
from dcstudio.qt.grid_model import CombinationGridModel
from dcstudio.qt.lint_panel import LintRunner
from dcstudio.qt.pool_model import PoolModel
from dcstudio.qt.preview_grid import PreviewGrid
from dcstudio.qt.status import StatusSummary
from dcstudio.qt.tile_loader import TileLoader
from dcstudio.qt.workers import Worker


@pytest.fixture
def panels(demo_copy, qtbot):
    owner = QObject()
    first, second = (Document(load_project(demo_copy), parent=owner) for _ in range(2))
    loader = TileLoader(lambda *_: Image.new("RGB", (8, 8)), threads=1, parent=owner)
    grid_model = CombinationGridModel(loader, owner)
    grid = PreviewGrid(grid_model)
    form = CampaignForm()
    for widget in (grid, form):
        qtbot.addWidget(widget)
    titles = PoolModel("titles", lambda command: None, owner)
    bar = QStatusBar()
    qtbot.addWidget(bar)
    summary = StatusSummary(bar)
    runs = []
    runner = LintRunner(Worker(parent=owner), lambda project: runs.append(project.name) or project.name,
                        delay_ms=1, parent=owner)
    for document in (first, second):
        grid_model.set_document(document)
        grid.set_document(document)
        form.set_document(document)
        titles.set_document(document)
        summary.set_document(document)
        runner.set_document(document)
    qtbot.waitUntil(lambda: runner.report is not None)
    yield first, second, grid, form, titles, summary, runner, runs
    loader.shutdown()
    shiboken6.delete(owner)


def test_panels_follow_the_document_they_were_given(panels, qtbot):
    _, second, grid, form, titles, summary, runner, _runs = panels
    rows, combinations = titles.rowCount(), grid.model.rowCount()
    second.push(AddAssetCommand(second.project, "titles", TextAsset("", "Only here")))
    new_id = second.project.pools["titles"][-1].id
    assert titles.rowCount() == rows + 1
    assert grid.model.rowCount() > combinations and grid.filter_box.findData(new_id) >= 0
    assert f"Headlines {rows + 1}" in summary.pools.text()
    second.push(ProjectSettingsCommand(second.project, "Rename", name="Autumn"))
    assert form.name.text() == "Autumn"
    qtbot.waitUntil(lambda: runner.report == "Autumn")


def test_panels_no_longer_follow_a_document_they_were_moved_from(panels, qtbot):
    first, second, grid, form, titles, summary, runner, runs = panels
    before = (titles.rowCount(), grid.model.rowCount(), grid.filter_box.count(), summary.pools.text(),
              form.name.text(), len(runs))
    first.push(AddAssetCommand(first.project, "titles", TextAsset("", "Not shown")))
    first.push(ProjectSettingsCommand(first.project, "Rename", name="Elsewhere"))
    qtbot.wait(100)  # a lint run would have started by now
    assert (titles.rowCount(), grid.model.rowCount(), grid.filter_box.count(), summary.pools.text(),
            form.name.text(), len(runs)) == before
    assert titles.project is grid.model.project is runner.project is second.project
