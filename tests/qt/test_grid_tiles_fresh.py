"""Cached preview tiles never outlive what they show."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PIL import Image  # noqa: E402

from dcstudio.core.project_folder import load_project  # noqa: E402
from dcstudio.qt.commands import ProjectSettingsCommand  # noqa: E402
from dcstudio.qt.document import Document  # noqa: E402
from dcstudio.qt.grid_model import CombinationGridModel  # noqa: E402
from dcstudio.qt.tile_loader import TileLoader  # noqa: E402

NAME_COLOURS = {"Spring Essentials": (10, 20, 30), "Summer": (200, 100, 50)}


@pytest.fixture
def grid(demo_copy, qapp):
    # The page name on a tile is the project's name: the fake renderer paints it as a colour.
    loader = TileLoader(lambda project, combination, placement, size:
                        Image.new("RGB", (8, 8), NAME_COLOURS[project.name]), threads=1)
    document = Document(load_project(demo_copy))
    model = CombinationGridModel(loader)
    model.set_project(document.project)
    document.changed.connect(model.on_project_changed)
    yield document, model
    loader.shutdown()


def _tile_colour(qtbot, model, row):
    model.request(row)
    qtbot.waitUntil(lambda: model.loader.tile(model.key_for(row)) is not None, timeout=5000)
    tile = model.loader.tile(model.key_for(row))
    colour = tile.pixelColor(0, 0)
    return colour.red(), colour.green(), colour.blue()


def test_renaming_the_project_and_undoing_it_rerender_the_tiles(grid, qtbot):
    document, model = grid
    assert _tile_colour(qtbot, model, 0) == NAME_COLOURS["Spring Essentials"]
    document.push(ProjectSettingsCommand(document.project, "Rename project", name="Summer"))
    assert _tile_colour(qtbot, model, 0) == NAME_COLOURS["Summer"]
    document.undo_stack.undo()
    assert _tile_colour(qtbot, model, 0) == NAME_COLOURS["Spring Essentials"]
