"""Direct manipulation in the grid: a tile's menu and its ×, Enter and Space, the large preview's
Previous/Next and carousel cards, zoom by Ctrl+wheel and Ctrl+= / Ctrl+-."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QApplication

from dcstudio.core.model.ad_space import space_of
from dcstudio.core.render import close_box, mockup_width
from dcstudio.qt.preview_dialog import CombinationPreviewDialog
from dcstudio.qt.preview_grid import image_target, tile_rect


def _tiles_drawn(qtbot, window):
    qtbot.waitUntil(window.grid.visible_tiles_done)


def _actions(menu) -> dict:
    return {a.text(): a for a in menu.actions() if a.text()}


def _open_dialogs(window):
    return [d for d in window.findChildren(CombinationPreviewDialog) if d.isVisible()]


def test_right_click_on_a_tile_opens_its_menu(window, qtbot):
    _tiles_drawn(qtbot, window)
    view = window.grid.view
    rect = view.visualRect(window.grid_model.index(2))
    # What the platform sends on a right-click (QTest's clicks do not make one).
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(QContextMenuEvent.Mouse, rect.center(),
                                                             view.viewport().mapToGlobal(rect.center())))
    qtbot.waitUntil(lambda: window.grid.menu is not None and window.grid.menu.isVisible())
    assert view.currentIndex().row() == 2
    assert {"Open large preview", "Exclude this combination", "Pin one of its assets", "Copy its ids"} \
        <= set(_actions(window.grid.menu))
    window.grid.menu.close()


def test_the_menu_excludes_the_combination_and_undo_brings_it_back(window, qtbot):
    grid, model, project = window.grid, window.grid_model, window.document.project
    combo = model.combination(0)
    menu = _actions(grid.tile_menu(0))["Exclude this combination"].menu()
    pair = next(a for a in menu.actions() if a.isCheckable())
    first, second = pair.text().split(" and ")
    assert {first, second} <= set(combo.asset_ids())
    pair.trigger()
    assert frozenset((first, second)) in project.exclusions
    assert model.index(0).data(model.ExcludedRole) is True
    # The excluded tile's menu can allow it again, as one undoable step.
    again = _actions(grid.exclusion_menu(0))["Allow this combination again"]
    again.trigger()
    assert not project.exclusions
    window.document.undo_stack.undo()
    assert frozenset((first, second)) in project.exclusions
    window.document.undo_stack.undo()
    assert not project.exclusions


def test_the_menu_pins_an_asset_and_says_what_it_leaves(window, qtbot):
    grid, project = window.grid, window.document.project
    combo = grid.model.combination(0)
    before = len(space_of(project))
    notices = []
    grid.notice.connect(notices.append)
    pins = _actions(grid.tile_menu(0))["Pin one of its assets"].menu()
    image = combo.ids[0]
    next(a for a in pins.actions() if a.text().startswith(f"{image}:")).trigger()
    assert image in project.pins
    after = len(space_of(project))
    assert after < before
    assert notices == [f"Pinning {image} leaves {after:,} of {before:,} combinations"]
    assert window.statusBar().currentMessage() == notices[0]


def test_copy_its_ids(window, qtbot):
    combo = window.grid_model.combination(5)
    _actions(window.grid.tile_menu(5))["Copy its ids"].trigger()
    assert QGuiApplication.clipboard().text() == " ".join(combo.asset_ids())


def _close_point(window, row) -> QPoint:
    grid, model = window.grid, window.grid_model
    image = model.index(row).data(model.TileRole)
    target, _ = image_target(tile_rect(grid.view.visualRect(model.index(row))), image)
    left, top, right, bottom = close_box(model.placement, model.render_size)
    scale = target.width() / mockup_width(model.placement, model.render_size)
    return QPoint(round(target.left() + (left + right) / 2 * scale), round(target.top() + (top + bottom) / 2 * scale))


def test_the_x_on_a_tile_offers_to_exclude_it(window, qtbot):
    _tiles_drawn(qtbot, window)
    grid, view = window.grid, window.grid.view
    for placement in ("feed-square", "story", "carousel"):
        grid.set_placement(placement)
        _tiles_drawn(qtbot, window)
        where = _close_point(window, 1)
        assert grid.close_hit(where) == 1, placement
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=where)
        qtbot.waitUntil(lambda: grid.menu is not None and grid.menu.isVisible())
        texts = [a.text() for a in grid.menu.actions()]
        assert "Never show together" in texts and any(" and " in t for t in texts), placement
        grid.menu.close()
        grid.menu = None
    # Elsewhere on the tile a click only selects it.
    centre = view.visualRect(window.grid_model.index(1)).center()
    assert grid.close_hit(centre) is None
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=centre)
    qtbot.wait(50)
    assert grid.menu is None


def test_enter_and_space_open_the_large_preview_with_previous_and_next(window, qtbot):
    _tiles_drawn(qtbot, window)
    grid, model = window.grid, window.grid_model
    grid.view.setFocus()
    grid.select_row(0)
    qtbot.keyClick(grid.view, Qt.Key_Return)
    dialog = _open_dialogs(window)[0]
    qtbot.waitUntil(lambda: dialog.rendered)
    assert dialog.row == 0 and not dialog.previous_button.isEnabled() and dialog.next_button.isEnabled()
    first_title = dialog.windowTitle()
    dialog.next_button.click()
    assert dialog.row == 1 and dialog.combination == model.combination(1)
    assert dialog.windowTitle() != first_title and grid.view.currentIndex().row() == 1
    qtbot.waitUntil(lambda: dialog.rendered)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key_PageUp)
    qtbot.waitUntil(lambda: dialog.row == 0)  # a button's shortcut animates its click
    assert grid.view.currentIndex().row() == 0
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    grid.select_row(3)
    grid.view.setFocus()
    qtbot.keyClick(grid.view, Qt.Key_Space)
    dialog = [d for d in _open_dialogs(window) if d is not dialog][0]
    assert dialog.row == 3
    qtbot.waitUntil(lambda: dialog.rendered)
    dialog.close()


def test_the_large_preview_scrolls_through_every_card_of_a_carousel(window, qtbot):
    window.grid.set_placement("carousel")
    _tiles_drawn(qtbot, window)
    window.grid.select_row(0)
    dialog = window.open_combination(window.grid_model.combination(0))
    qtbot.waitUntil(lambda: dialog.rendered)
    cards = len(window.document.project.pools["images"])
    assert dialog.cards == cards and dialog.card_label.text() == f"Card 1 of {cards}"
    assert not dialog.card_back.isEnabled() and dialog.card_on.isEnabled()
    seen = [dialog.image._image.copy()]
    for k in range(1, cards):
        qtbot.keyClick(dialog, Qt.Key_Right)
        qtbot.waitUntil(lambda: dialog.rendered)
        assert dialog.first_card == k and dialog.card_label.text() == f"Card {k + 1} of {cards}"
        assert dialog.image._image != seen[-1]  # scrolled: another card in view
        seen.append(dialog.image._image.copy())
    assert not dialog.card_on.isEnabled()
    dialog.card_back.click()
    qtbot.waitUntil(lambda: dialog.rendered)
    assert dialog.first_card == cards - 2
    # A phone-width frame: about 1.3 cards wide, not the whole strip.
    assert dialog.image._image.width() < 1.5 * dialog.image._image.height()
    dialog.close()


def _ctrl_wheel(view, notches: int) -> None:
    event = QWheelEvent(QPointF(50, 50), QPointF(view.viewport().mapToGlobal(QPoint(50, 50))), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.NoButton, Qt.ControlModifier, Qt.NoScrollPhase, False)
    view.wheelEvent(event)


def test_ctrl_wheel_and_ctrl_plus_minus_zoom_the_tiles(window, qtbot):
    grid = window.grid
    start = grid.tile_width
    scroll = grid.view.verticalScrollBar().value()
    _ctrl_wheel(grid.view, 1)
    assert grid.tile_width == start + 20 and grid.zoom.value() == start + 20
    assert grid.view.verticalScrollBar().value() == scroll  # the wheel zoomed, it did not scroll
    _ctrl_wheel(grid.view, -2)
    assert grid.tile_width == start - 20
    window.pools.setFocus()  # window-wide keys, wherever the focus is
    qtbot.keyClick(window.pools, Qt.Key_Equal, Qt.ControlModifier)
    assert grid.tile_width == start
    qtbot.keyClick(window.pools, Qt.Key_Minus, Qt.ControlModifier)
    assert grid.tile_width == start - 20
    for _ in range(40):
        grid.zoom_by(-20)
    assert grid.tile_width == grid.zoom.minimum()
    assert window.settings.tile_width == grid.zoom.minimum()
