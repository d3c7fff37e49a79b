"""The crop dialog changes the stored crop; the grid renders tiles off the GUI thread and
re-renders only the tiles that hold a changed asset."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, Qt

from dcstudio.core.values.crops import Crop
from dcstudio.qt import image_actions
from dcstudio.qt.commands import ReplaceAssetCommand
from dcstudio.qt.preview_dialog import CombinationPreviewDialog


def test_dragging_the_rectangle_keeps_the_ratio_and_stays_inside(qtbot, open_crop_dialog):
    dialog = open_crop_dialog("img4")  # the 1200x1500 portrait
    start = dialog.crop
    assert (start.width, start.height) == (1200, 1200)
    canvas = dialog.canvas
    # Drag the bottom-right handle up and to the left: smaller, still square, same top-left.
    corner = canvas.crop_rect().bottomRight().toPoint()
    qtbot.mousePress(canvas, Qt.LeftButton, pos=corner)
    qtbot.mouseMove(canvas, corner - QPoint(120, 60))
    qtbot.mouseRelease(canvas, Qt.LeftButton, pos=corner - QPoint(120, 60))
    smaller = dialog.crop
    assert smaller.width == smaller.height < 1200 and (smaller.left, smaller.top) == (start.left, start.top)
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    # Drag the inside far down: the rectangle stops at the image's bottom edge.
    inside = canvas.crop_rect().center().toPoint()
    qtbot.mousePress(canvas, Qt.LeftButton, pos=inside)
    qtbot.mouseMove(canvas, inside + QPoint(0, 900))
    qtbot.mouseRelease(canvas, Qt.LeftButton, pos=inside + QPoint(0, 900))
    moved = dialog.crop
    assert moved.bottom == 1500 and moved.inside(1200, 1500) and moved.width == smaller.width
    # Numeric fields drive the same rectangle; the height follows the ratio.
    dialog.width_box.setValue(600)
    assert (dialog.crop.width, dialog.crop.height) == (600, 600)
    assert dialog.left.value() == dialog.crop.left
    dialog.key_box.setCurrentIndex(dialog.key_box.findData("400x500"))
    assert dialog.crop.key == "400x500" and dialog.crop.ratio_error() < 0.01
    dialog.reset_to_centre()
    assert dialog.crop == Crop.centered(1200, 1500, "400x500")


def test_crop_dialog_changes_the_stored_crop_with_undo(window, monkeypatch):
    project = window.document.project
    old = project.asset("img4").crop
    wanted = Crop(0, 300, 1200, 1200)
    monkeypatch.setattr(image_actions.CropDialog, "ask", classmethod(lambda cls, parent, p, asset: wanted))
    window.pools.sections["images"].edit("img4")
    assert project.asset("img4").crop == wanted
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert project.asset("img4").crop == old


def _wait_for_visible_tiles(qtbot, window):
    qtbot.waitUntil(window.grid.visible_tiles_done)


def test_visible_tiles_render_and_the_rest_do_not(window, qtbot):
    _wait_for_visible_tiles(qtbot, window)
    loader = window.loader
    visible = list(window.grid.visible_rows())
    assert visible and all(loader.tile(window.grid_model.key_for(r)) is not None for r in visible)
    qtbot.waitUntil(lambda: not loader.busy)
    cached = len(loader._cache)
    # Visible plus about a screen of prefetch, never the whole space.
    assert len(visible) <= cached < window.grid_model.rowCount()
    assert 0 < loader.cached_bytes <= loader.max_bytes


def test_changing_an_asset_rerenders_only_its_tiles(window, qtbot):
    _wait_for_visible_tiles(qtbot, window)
    loader, model = window.loader, window.grid_model
    qtbot.waitUntil(lambda: not loader.busy)
    before = dict(loader._cache)
    holding = [k for k in before if "body2" in k[-1]]
    others = [k for k in before if "body2" not in k[-1]]
    assert holding and others
    project = window.document.project
    window.document.push(ReplaceAssetCommand(project, replace(project.asset("body2"), text="Shorter body.")))
    for key in others:
        assert loader._cache.get(key) is before[key]  # untouched: same image object
    for key in holding:
        assert loader._cache.get(key) is not before[key]
    _wait_for_visible_tiles(qtbot, window)
    assert model.rowCount() == 180


def test_placement_switch_and_large_preview(window, qtbot):
    window.grid.set_placement("story")
    assert window.grid_model.placement == "story"
    _wait_for_visible_tiles(qtbot, window)
    tile = window.loader.tile(window.grid_model.key_for(0))
    assert tile.height() > tile.width()  # 9:16
    window.grid.set_placement("carousel")
    _wait_for_visible_tiles(qtbot, window)
    assert window.settings.placement == "carousel"
    combo = window.grid_model.data(window.grid_model.index(3), window.grid_model.CombinationRole)
    dialog = window.open_combination(combo)
    assert isinstance(dialog, CombinationPreviewDialog)
    qtbot.waitUntil(lambda: dialog.rendered)
    assert not dialog.image.pixmap().isNull()
    dialog.close()


def test_the_large_preview_shows_the_whole_mockup_in_every_placement(window, qtbot):
    combo = window.grid_model.combination(3)
    dialog = window.open_combination(combo)
    for placement in ("feed-square", "feed-portrait", "story", "carousel"):
        dialog.rendered = False
        dialog.placement.setCurrentIndex(dialog.placement.findData(placement))
        qtbot.waitUntil(lambda: dialog.rendered)
        shown, room = dialog.image.shown_size(), dialog.image.contentsRect().size()
        rendered = dialog.image._image
        # Never cut off: it fits the space it has, keeps its shape, and is not enlarged.
        assert shown.width() <= room.width() and shown.height() <= room.height(), placement
        assert abs(shown.width() / shown.height() - rendered.width() / rendered.height()) < 0.02, placement
        assert shown.width() <= rendered.width(), placement
    dialog.resize(dialog.width(), dialog.height() - 200)  # a smaller window fits it again
    qtbot.waitUntil(lambda: dialog.image.shown_size().height() <= dialog.image.contentsRect().height())
    # A message that replaces the picture stays, also when the window is resized.
    dialog._show(dialog._request, None, RuntimeError("boom"))
    dialog.resize(dialog.width() + 40, dialog.height() + 40)
    qtbot.wait(50)
    assert "boom" in dialog.image.text() and dialog.image.shown_size() is None
    dialog.close()


def test_a_missing_image_file_is_reported_and_drawn_as_a_placeholder(make_window, demo_copy, qtbot):
    (demo_copy / "assets" / "ceramic-mug.jpg").unlink()
    window = make_window(demo_copy)
    assert "ceramic-mug.jpg" in window.message_bar.text
    window.grid.set_filter("img2")
    _wait_for_visible_tiles(qtbot, window)
    assert window.grid_model.rowCount() == 36


def test_double_click_on_a_tile_opens_the_large_preview(window, qtbot):
    _wait_for_visible_tiles(qtbot, window)
    view = window.grid.view
    rect = view.visualRect(window.grid_model.index(4))
    opened = []
    window.grid.combination_activated.connect(opened.append)
    # As a person double-clicks: a click, then the double-click (the view wants the press first).
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    assert opened and opened[0].index == 4
    dialogs = [d for d in window.findChildren(CombinationPreviewDialog) if d.isVisible()]
    assert dialogs
    qtbot.waitUntil(lambda: dialogs[0].rendered)
    dialogs[0].close()


def test_the_window_fits_a_1024_px_screen_with_its_grid_controls_in_two_rows(window, qtbot):
    assert window.minimumSizeHint().width() <= 1024
    bar = window.grid.controls
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: bar.two_rows is False)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() <= 1024 and bar.two_rows is True)
    grid = window.grid
    controls = (grid.placement_box, grid.filter_box, grid.hide_excluded_box, grid.count_label, grid.zoom)

    def inside(control) -> bool:
        corner = control.mapTo(grid, control.rect().bottomRight())
        return control.isVisible() and corner.x() <= grid.width() and corner.y() <= grid.height()

    qtbot.waitUntil(lambda: all(inside(c) for c in controls))  # once the layout has been applied


def test_the_control_bar_takes_two_rows_when_its_count_grows(qtbot):
    from PySide6.QtWidgets import QLabel

    from dcstudio.qt.control_bar import ControlBar

    count = QLabel("180 combinations")
    bar = ControlBar([QLabel("Placement"), QLabel("All combinations")], [count, QLabel("Size")])
    qtbot.addWidget(bar)
    bar.resize(bar.one_row_width() + 10, 60)
    bar.show()
    qtbot.waitUntil(lambda: bar.two_rows is False)
    count.setText("6,250 combinations · 1,204 excluded, hidden")  # no resize: only the label grew
    qtbot.waitUntil(lambda: bar.two_rows is True)
    assert count.width() >= count.minimumSizeHint().width()  # the count is not clipped
