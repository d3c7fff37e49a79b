"""The placement table is the studio's only source of placements: the windows never spell one,
and a placement added to the table shows in the grid, the renderer and the contact sheet."""
from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

import dcstudio.qt
from dcstudio.core.render import TileCache, compose, contact_sheet
from dcstudio.core.values import placements
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.placements import PLACEMENT_TABLE, placement_ids

pytest.importorskip("PySide6")

QT_SOURCES = sorted(Path(dcstudio.qt.__file__).parent.glob("*.py"))


def _string_literals(path: Path) -> list[tuple[int, str]]:
    return [(node.lineno, node.value) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_the_qt_sources_never_spell_a_placement_id():
    assert len(QT_SOURCES) > 10
    ids = set(placement_ids())
    found = [f"{path.name}:{line}: {text!r}" for path in QT_SOURCES for line, text in _string_literals(path)
             if text in ids]
    assert found == [], "read placements from dcstudio.core.values.placements:\n" + "\n".join(found)


def test_the_scan_sees_a_placement_spelled_in_qt_code(tmp_path):
    # The scan above must catch the ways the windows used to spell them.
    sample = tmp_path / "sample.py"
    sample.write_text('SIZE = 270 // 2 if placement == "carousel" else 270\nDEFAULT = ("feed-square",)\n')
    assert sorted(text for _, text in _string_literals(sample) if text in set(placement_ids())) == [
        "carousel", "feed-square"]


@pytest.fixture
def wide_feed(monkeypatch):
    """A placement only the table knows: a 16:9 feed post, drawn by the existing feed layout."""
    added = replace(PLACEMENT_TABLE["feed-square"], id="feed-wide", title="Feed 16:9", media_ratio=(16, 9),
                    sheet_columns=2, tile_aspect=1.1)
    monkeypatch.setitem(PLACEMENT_TABLE, added.id, added)
    return added


def test_a_placement_added_to_the_table_reaches_the_grid_the_render_and_the_sheet(
        wide_feed, make_window, demo_copy, qtbot, tmp_path):
    window = make_window(demo_copy)
    box = window.grid.placement_box
    assert wide_feed.title in [box.itemText(i) for i in range(box.count())]
    window.grid.set_placement(wide_feed.id)
    assert window.grid_model.placement == wide_feed.id
    assert window.grid_model.tile_aspect == pytest.approx(1.1)  # the table's guess, before any tile
    qtbot.waitUntil(window.grid.visible_tiles_done)
    tile = window.loader.tile(window.grid_model.key_for(0))
    project = window.document.project
    combination = window.grid_model.combination(0)
    size = window.grid_model.render_size
    drawn = compose(project, combination, wide_feed.id, size, cache=TileCache()).image
    square = compose(project, combination, "feed-square", size, cache=TileCache()).image
    assert (tile.width(), tile.height()) == drawn.size and drawn.height < square.height

    mockup = compose(project, combination, wide_feed.id, 320, cache=TileCache())
    left, top, right, bottom = mockup.boxes["media"][0]
    assert (right - left, bottom - top) == (320, 180)

    sheet = contact_sheet(project, tmp_path / "wide.png", placement=wide_feed.id, limit=4)
    assert sheet.combinations == 4 and sheet.path.exists()
    with pytest.raises(BadInputError, match="placement 'feed-tall'"):
        compose(project, combination, "feed-tall", 320)
    # Back to a placement the table keeps, so no tile work queued for this one outlives the row.
    window.grid.set_placement(placements.DEFAULT_PLACEMENT)
    qtbot.waitUntil(window.grid.visible_tiles_done)


def test_the_default_placement_and_the_export_previews_come_from_the_table(ui_settings):
    assert ui_settings.placement == placements.DEFAULT_PLACEMENT
    assert placements.export_placement("CAROUSEL").shows_cards
    assert placements.export_placement("SINGLE_IMAGE").id == placements.DEFAULT_PLACEMENT


def test_a_saved_placement_the_table_no_longer_has_leaves_the_default(make_window, demo_copy, ui_settings):
    ui_settings.placement = "feed-retired"
    window = make_window(demo_copy)
    assert window.grid_model.placement == placements.DEFAULT_PLACEMENT
    assert window.grid.placement_box.currentData() == placements.DEFAULT_PLACEMENT
