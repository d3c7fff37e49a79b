"""Cached preview tiles never outlive what they show."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

import shiboken6  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import QObject  # noqa: E402

from dcstudio.core.model.project_folder import load_project  # noqa: E402
from dcstudio.qt.commands import MoveAssetCommand, ProjectSettingsCommand, RemoveAssetCommand  # noqa: E402
from dcstudio.qt.document import Document  # noqa: E402
from dcstudio.qt.grid_model import CombinationGridModel  # noqa: E402
from dcstudio.qt.tile_loader import TileLoader  # noqa: E402

NAME_COLOURS = {"Spring Essentials": (10, 20, 30), "Summer": (200, 100, 50)}
SPRING, SUMMER = (10, 21, 90), (200, 101, 90)  # a single-image tile: one card, no img3


def _render(space, combination, placement, size):
    # The page name on a tile is the project's name; the fake renderer paints it as a colour,
    # with the number of cards shown and the position of img3 among them.
    content = space.content(combination, placement)
    media = [a.id for a in content.media]
    red, green, _ = NAME_COLOURS[content.page_name]
    return Image.new("RGB", (8, 8), (red, green + len(media), 10 * (media.index("img3") if "img3" in media else 9)))


@pytest.fixture
def grid(demo_copy, qapp):
    owner = QObject()  # deleted at the end while the QApplication lives, not left to the collector
    loader = TileLoader(_render, threads=1, parent=owner)
    document = Document(load_project(demo_copy), parent=owner)
    model = CombinationGridModel(loader, owner)
    model.set_document(document)  # follows the document's changes itself, as in the window
    yield document, model
    loader.shutdown()
    shiboken6.delete(owner)


def _tile_colour(qtbot, model, row):
    model.request(row)
    qtbot.waitUntil(lambda: model.loader.tile(model.key_for(row)) is not None)
    tile = model.loader.tile(model.key_for(row))
    colour = tile.pixelColor(0, 0)
    return colour.red(), colour.green(), colour.blue()


def test_renaming_the_project_and_undoing_it_rerender_the_tiles(grid, qtbot):
    document, model = grid
    assert _tile_colour(qtbot, model, 0) == SPRING
    document.push(ProjectSettingsCommand(document.project, "Rename project", name="Summer"))
    assert _tile_colour(qtbot, model, 0) == SUMMER
    document.undo_stack.undo()
    assert _tile_colour(qtbot, model, 0) == SPRING


def test_a_carousel_preview_follows_the_image_pool(grid, qtbot):
    """Seen as a carousel, a single-image ad shows the other images as cards: removing or
    moving one of them (or undoing that) must re-render its tiles."""
    document, model = grid
    model.set_placement("carousel")
    assert model.combination(0).get("media") == "img1"
    assert _tile_colour(qtbot, model, 0) == (10, 25, 20)  # five cards, img3 third
    document.push(RemoveAssetCommand(document.project, "img2"))
    assert _tile_colour(qtbot, model, 0) == (10, 24, 10)
    document.push(MoveAssetCommand(document.project, "img3", 3))
    assert _tile_colour(qtbot, model, 0)[2] == 30
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert _tile_colour(qtbot, model, 0) == (10, 25, 20)
