"""Small pieces of the Campaign tab: a field with its problem line under it, and lists typed as text."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLineEdit, QVBoxLayout, QWidget

PROBLEM_STYLE = "color: #b3261e"


class ProblemLine(QLabel):
    """What is wrong with the field above it, in red; hidden while nothing is."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(PROBLEM_STYLE)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setHidden(not text)


def with_problem(field, problem: ProblemLine | None = None) -> tuple[QWidget, ProblemLine]:
    """``field`` (a widget or a layout) with a problem line under it, as one form row."""
    problem = problem or ProblemLine()
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    if isinstance(field, QLayout):
        column.addLayout(field)
    else:
        column.addWidget(field)
    column.addWidget(problem)
    return box, problem


def row(*widgets, stretch: bool = False) -> QHBoxLayout:
    """Widgets side by side; ``stretch``: kept at their size, the room left at the right."""
    line = QHBoxLayout()
    line.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        line.addWidget(widget)
    if stretch:
        line.addStretch(1)
    return line


def split_list(text: str) -> list[str]:
    """"US, ca  DE" -> ["US", "ca", "DE"]: commas or spaces between the items."""
    return [part for part in text.replace(",", " ").split() if part]


class ListEdit(QLineEdit):
    """A list of short codes typed as one line ("US, CA"); ``committed`` on Enter or leaving the
    field, with the items as typed (the rules judge them, the form does not drop any)."""

    committed = Signal(list)

    def __init__(self, placeholder: str = "", upper: bool = False, parent=None):
        super().__init__(parent)
        self.upper = upper
        self.setPlaceholderText(placeholder)
        self.editingFinished.connect(lambda: self.committed.emit(self.items()))

    def items(self) -> list[str]:
        items = split_list(self.text())
        return [i.upper() for i in items] if self.upper else items

    def set_items(self, items) -> None:
        self.setText(", ".join(str(i) for i in items))
