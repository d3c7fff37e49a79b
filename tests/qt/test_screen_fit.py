"""The window on the screen it opens on: first size, restored geometry, narrow and scaled screens.
(tests/smoke/window_on_screen.py checks the same on a real X server, run by .ci/run.)"""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt


def _inside(window, room: QRect) -> bool:
    return room.contains(window.frameGeometry()) and window.width() >= window.minimumSizeHint().width()


def test_the_first_size_comes_from_the_screen(make_window, demo_copy):
    window = make_window(demo_copy)  # the offscreen screen is 800x800: smaller than 1440x900
    room = window.screen().availableGeometry()
    assert _inside(window, room), (window.frameGeometry(), room)


def test_in_three_columns_the_window_is_at_most_1000_px_wide_with_the_campaign_form_made(
        make_window, demo_copy, qtbot):
    window = make_window(demo_copy, fit_screen=False)  # a screen with room: three columns
    window.campaign_dock.raise_()
    qtbot.waitUntil(lambda: window.campaign_panel.is_built)
    assert window.dockWidgetArea(window.checks_dock) == Qt.RightDockWidgetArea
    assert window.dockWidgetArea(window.pools_dock) == Qt.LeftDockWidgetArea
    assert window.minimumSizeHint().width() <= 1000
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: window.width() == 1000)
    # The form is wider than its dock can be here: it scrolls sideways, within the dock.
    dock = window.campaign_dock
    assert dock.geometry().right() <= window.rect().right()


def test_a_scaled_laptop_screen_gets_the_docks_as_tabs_and_the_whole_window(make_window, demo_copy, qtbot):
    window = make_window(demo_copy, fit_screen=False)
    window.fits_screen = True
    scaled = QRect(0, 0, 911, 512)  # 1366x768 at 150%
    window.fit_to_screen(scaled)
    assert window.checks_dock in window.tabifiedDockWidgets(window.pools_dock)
    assert window.campaign_dock in window.tabifiedDockWidgets(window.pools_dock)
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() <= 911 - 16)
    assert scaled.contains(window.frameGeometry())
    assert window.width() >= window.minimumSizeHint().width()
    window.checks_dock.raise_()  # the checks are one tab away
    qtbot.waitUntil(lambda: window.lint_panel.isVisible())


def test_a_geometry_saved_on_a_monitor_that_is_gone_comes_onto_this_screen(make_window, demo_copy, ui_settings):
    first = make_window(demo_copy, fit_screen=False)
    first.setGeometry(QRect(4000, 2500, 1800, 1100))  # a big monitor to the right, unplugged since
    saved = first.saveGeometry()
    first.document.undo_stack.setClean()
    first.close()
    ui_settings.window_geometry = saved
    second = make_window(demo_copy)
    room = second.screen().availableGeometry()
    assert _inside(second, room), (second.frameGeometry(), room)


def test_fitting_keeps_a_window_that_already_fits_where_it_is():
    from dcstudio.qt.screen_fit import FRAME_ALLOWANCE, first_geometry, fitted

    room = QRect(0, 0, 1920, 1040)
    placed = QRect(300, 100, 1000, 700)
    assert fitted(placed, room) == placed
    assert fitted(QRect(1500, 900, 1000, 700), room) == QRect(1920 - 8 - 1000, 1040 - 8 - 700, 1000, 700)
    assert first_geometry(room).size().toTuple() == (1440, 900)
    small = first_geometry(QRect(0, 0, 1280, 680))  # 1920x1080 at 150%, less a task bar
    assert QRect(0, 0, 1280, 680).contains(small.marginsAdded(FRAME_ALLOWANCE))
