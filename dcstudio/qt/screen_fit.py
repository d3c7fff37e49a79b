"""Keeping the window on a screen that exists now: its first size, a restored geometry, and docks
that tab together when a screen (a small or a scaled one) is too narrow for three columns."""
from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

FIRST_SIZE = QSize(1440, 900)  # on a screen with room for it; a smaller screen gets what it has
# A title bar and borders, for as long as the window manager has not said how big its frame is.
FRAME_ALLOWANCE = QMargins(8, 34, 8, 8)


def fitted(rect: QRect, available: QRect, frame: QMargins = FRAME_ALLOWANCE) -> QRect:
    """``rect`` (the window without its frame) shrunk and moved so that, with ``frame`` around it,
    it lies inside ``available``."""
    room = available.marginsRemoved(frame)
    width, height = min(rect.width(), room.width()), min(rect.height(), room.height())
    x = max(room.left(), min(rect.x(), room.left() + room.width() - width))
    y = max(room.top(), min(rect.y(), room.top() + room.height() - height))
    return QRect(x, y, width, height)


def first_geometry(available: QRect, frame: QMargins = FRAME_ALLOWANCE) -> QRect:
    """The window's size on first start: FIRST_SIZE where it fits, else the screen's room, centred."""
    rect = QRect(QPoint(0, 0), FIRST_SIZE.boundedTo(available.marginsRemoved(frame).size()))
    rect.moveCenter(available.center())
    return fitted(rect, available, frame)


def screen_of(rect: QRect) -> QScreen:
    """The screen under the middle of ``rect``, else the one under most of it, else the primary one
    (a saved position on a monitor that is gone)."""
    screen = QGuiApplication.screenAt(rect.center())
    if screen is not None:
        return screen
    def overlap(s: QScreen) -> int:
        common = s.geometry().intersected(rect)
        return common.width() * common.height() if not common.isEmpty() else 0
    best = max(QGuiApplication.screens(), key=overlap, default=None)
    return best if best is not None and overlap(best) > 0 else QGuiApplication.primaryScreen()


def frame_margins(window: QWidget) -> QMargins:
    """The frame the window manager drew, once it has; the allowance before."""
    frame, inner = window.frameGeometry(), window.geometry()
    if not window.isVisible() or frame == inner:
        return FRAME_ALLOWANCE
    return QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                    frame.right() - inner.right(), frame.bottom() - inner.bottom())


class SidewaysScroller(QScrollArea):
    """Holds a panel in a dock without letting the panel's minimum width set the window's: a dock
    narrower than the panel scrolls it sideways (the panel keeps its own vertical scrolling)."""

    def __init__(self, panel: QWidget, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(panel)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(160, 80)
