"""A row of controls that takes two rows when its room is narrow.

The grid's controls in one row need about 750 px; with both docks open that would make the
window at least 1,350 px wide. Here the right-hand group moves under the left-hand one when the
row does not fit, so the window fits a 1,024 px screen.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

MARGINS = (10, 8, 10, 4)
SPACING = 8


def _group(widgets) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(SPACING)
    for widget in widgets:
        if isinstance(widget, int):
            row.addSpacing(widget)
        else:
            row.addWidget(widget)
    return box


class ControlBar(QWidget):
    def __init__(self, left, right, parent=None):
        """``left`` and ``right``: widgets (or ints, for fixed spacing) of the two groups."""
        super().__init__(parent)
        self.left, self.right = _group(left), _group(right)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(*MARGINS)
        self._grid.setHorizontalSpacing(3 * SPACING)
        self._grid.setVerticalSpacing(SPACING // 2)
        self.two_rows: bool | None = None
        self._arrange(False)
        self._update_minimum()
        # A label that grows ("6,250 combinations · 1,204 excluded") changes what fits with no
        # resize of the bar: the groups' layout requests say so.
        self.left.installEventFilter(self)
        self.right.installEventFilter(self)

    def _update_minimum(self) -> None:
        # Narrower than one row: the layout alone would hold the window at the one-row width.
        sides = MARGINS[0] + MARGINS[2]
        self.setMinimumWidth(max(self.left.minimumSizeHint().width(), self.right.minimumSizeHint().width()) + sides)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.LayoutRequest:
            self._update_minimum()
            self._arrange(self.width() < self.one_row_width())
        return False

    def one_row_width(self) -> int:
        return (self.left.minimumSizeHint().width() + self.right.minimumSizeHint().width()
                + self._grid.horizontalSpacing() + MARGINS[0] + MARGINS[2])

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._arrange(event.size().width() < self.one_row_width())

    def _arrange(self, two_rows: bool) -> None:
        if two_rows == self.two_rows:
            return
        self.two_rows = two_rows
        self._grid.removeWidget(self.left)
        self._grid.removeWidget(self.right)
        self._grid.addWidget(self.left, 0, 0, Qt.AlignLeft)
        if two_rows:
            self._grid.addWidget(self.right, 1, 0, Qt.AlignLeft)
        else:
            self._grid.addWidget(self.right, 0, 1, Qt.AlignRight)
        self._grid.setColumnStretch(0, 1)
