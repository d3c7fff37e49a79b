"""The preview grid and its tile loader show an AdSpace that is no CombinationSpace (a list of
hand-made AdContents, tests/toy_space.py), drawn by the real renderer."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

import shiboken6  # noqa: E402
from PySide6.QtCore import QObject, Qt  # noqa: E402

from dcstudio.qt.grid_model import CombinationGridModel  # noqa: E402
from dcstudio.qt.tile_loader import TileLoader  # noqa: E402
from tests.toy_space import toy_space  # noqa: E402


@pytest.fixture
def toy_grid(tmp_path, qapp):
    owner = QObject()
    loader = TileLoader(threads=1, parent=owner)  # the default renderer: draw_ad of the space's content
    model = CombinationGridModel(loader, owner)
    model.set_display_width(160)
    model.set_space(toy_space(tmp_path / "toy"))
    yield model
    loader.shutdown()
    shiboken6.delete(owner)


def _tile(qtbot, model, row):
    model.request(row)
    qtbot.waitUntil(lambda: model.loader.tile(model.key_for(row)) is not None)
    return model.loader.tile(model.key_for(row))


def _media_colour(tile):
    # The feed's media sits under the header and primary text: sample the middle of the tile.
    colour = tile.pixelColor(tile.width() // 2, tile.height() // 2)
    return colour.red(), colour.green(), colour.blue()


def test_the_grid_shows_each_toy_item_with_its_own_picture(toy_grid, qtbot):
    model = toy_grid
    assert model.rowCount() == 3
    assert [model.index(r).data(Qt.DisplayRole) for r in range(3)] == ["red-mug", "green-lamp", "blue-chair"]
    assert model.index(1).data(Qt.ToolTipRole) == "green-lamp"
    assert model.index(2).data(model.ExcludedRole) is False
    for row, want in ((0, (200, 30, 30)), (1, (30, 180, 60)), (2, (30, 60, 220))):
        tile = _tile(qtbot, model, row)
        assert all(abs(a - b) <= 24
                   for a, b in zip(_media_colour(tile), want, strict=False)), (row, _media_colour(tile))


def test_a_changed_toy_picture_evicts_only_the_tiles_that_show_it(toy_grid, qtbot):
    model = toy_grid
    for row in range(3):
        _tile(qtbot, model, row)
    assert model.loader.invalidate("pic1") == 2  # the red mug, and the blue chair's second card
    assert model.loader.tile(model.key_for(1)) is not None
    assert model.loader.tile(model.key_for(0)) is None and model.loader.tile(model.key_for(2)) is None


def test_the_carousel_placement_draws_the_toy_cards(toy_grid, qtbot):
    model = toy_grid
    model.set_placement("carousel")
    one, two = _tile(qtbot, model, 0), _tile(qtbot, model, 2)
    # A phone-width frame, whatever the number of cards: no strip squeezed into the tile.
    assert two.size() == one.size() and two.width() <= 160
    # The blue chair's second card (the red one) peeks at the frame's right edge; the red mug has none.
    y = one.height() // 2
    peek, empty = two.pixelColor(two.width() - 3, y), one.pixelColor(one.width() - 3, y)
    assert peek.red() > 150 and peek.blue() < 80, peek.name()
    assert empty.name() == "#ffffff"
