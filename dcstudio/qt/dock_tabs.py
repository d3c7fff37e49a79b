"""The docks' tabs, kept compact: on a small or scaled screen every dock stacks as a tab of one
narrow column (a 1366 px screen at 150% leaves it 240 px for six tabs), and with the style's usual
room around each title the tabs would scroll out of sight. With less room around the text they
all show, each with at least the first letters of its title, which differ from dock to dock.

Only the main window's dock tab bars take this style (Qt makes them as docks are tabbed, so they
are caught as they appear); the tabs inside the panels keep the usual one.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QProxyStyle, QStyle, QTabBar

TAB_TEXT_ROOM = 12  # px around a tab's title, instead of the style's own (about 22)


class CompactTabStyle(QProxyStyle):
    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802
        if metric == QStyle.PM_TabBarTabHSpace:
            return TAB_TEXT_ROOM
        return super().pixelMetric(metric, option, widget)


class CompactDockTabs(QObject):
    """Installed on the main window: each dock tab bar Qt adds to it gets the compact style."""

    def __init__(self, window):
        super().__init__(window)
        self.style = CompactTabStyle(window.style().name())
        self.style.setParent(self)
        window.installEventFilter(self)
        for bar in window.findChildren(QTabBar):
            self._compact(bar)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.ChildPolished and isinstance(event.child(), QTabBar):
            self._compact(event.child())
        return False

    def _compact(self, bar: QTabBar) -> None:
        if bar.parent() is self.parent() and bar.style() is not self.style:
            bar.setStyle(self.style)
