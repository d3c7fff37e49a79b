"""Primary text, edited as it is: several lines, line breaks and emoji, with a counter that says
where each placement's "... See more" cut falls.

The cut's numbers are the core's (values/placements.py: PRIMARY_TEXT_CHARS and each placement's
primary_text_lines), which the renderer truncates the previews with.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from dcstudio.core.values.placements import all_placements, see_more_cut
from dcstudio.core.values.profiles import TextLimit
from dcstudio.qt.text_limits import STATE_COLORS, counter_text, describe, state_of

HIDDEN_COLOR = "#9aa1ab"  # the text past the cut, as the feed hides it


def cut_groups(text: str) -> list[tuple[str, int | None]]:
    """("Feed 1:1, Feed 4:5", cut) per distinct cut, in placement order; cut None: all shows."""
    groups: dict[int | None, list[str]] = {}
    for spec in all_placements():
        groups.setdefault(see_more_cut(text, spec.primary_text_lines), []).append(spec.title)
    return [(", ".join(titles), cut) for cut, titles in groups.items()]


def cut_summary(text: str) -> str:
    """One line per distinct cut: where "... See more" falls, or that the whole text shows."""
    lines = []
    for titles, cut in cut_groups(text):
        if cut is None:
            lines.append(f"{titles}: shows it all")
        else:
            last = text.strip()[:cut].rstrip().split()[-3:]
            lines.append(f"{titles}: “… See more” after character {cut} (“…{' '.join(last)}”)")
    return "\n".join(lines)


class PrimaryTextEdit(QWidget):
    """A multi-line editor and its counter. Enter starts a new line; Ctrl+Enter submits."""

    submitted = Signal()
    textChanged = Signal(str)  # noqa: N815 (as Qt's editors name it)

    def __init__(self, limit: TextLimit | None, parent=None, *, lines: int = 3):
        super().__init__(parent)
        self.limit = limit
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        height = self.editor.fontMetrics().lineSpacing() * lines + 14
        self.editor.setFixedHeight(height)
        self.counter = QLabel()
        self.counter.setWordWrap(True)
        self.counter.setTextFormat(Qt.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor)
        layout.addWidget(self.counter)
        self.editor.installEventFilter(self)
        self.editor.textChanged.connect(self._on_changed)
        self._on_changed()

    # The QLineEdit-like surface the pool section uses.
    def text(self) -> str:
        return self.editor.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802
        self.editor.setPlainText(text)
        self.editor.moveCursor(QTextCursor.End)

    def clear(self) -> None:
        self.editor.clear()

    def setPlaceholderText(self, text: str) -> None:  # noqa: N802
        self.editor.setPlaceholderText(text)

    def setFocus(self) -> None:  # noqa: N802
        self.editor.setFocus()

    def set_limit(self, limit: TextLimit | None) -> None:
        if limit != self.limit:
            self.limit = limit
            self._on_changed()

    @property
    def state(self) -> str:
        return state_of(self.limit, len(self.text()))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if (watched is self.editor and event.type() == event.Type.KeyPress
                and event.key() in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ControlModifier):
            self.submitted.emit()
            return True
        return super().eventFilter(watched, event)

    def _on_changed(self) -> None:
        text = self.text()
        n = len(text)
        state = state_of(self.limit, n)
        palette = self.counter.palette()
        palette.setColor(QPalette.WindowText, STATE_COLORS[state])
        self.counter.setPalette(palette)
        self.counter.setText(f"{counter_text(self.limit, n)} characters\n{cut_summary(text)}" if text
                             else counter_text(self.limit, 0))
        self.counter.setToolTip(describe(self.limit, n))
        self._shade_hidden(text)
        self.textChanged.emit(text)

    def _shade_hidden(self, text: str) -> None:
        """Greys what the feed hides behind "See more" (the earliest cut of all placements)."""
        cuts = [cut for _, cut in cut_groups(text) if cut is not None]
        selections = []
        if cuts:
            start = len(text) - len(text.lstrip()) + min(cuts)
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(min(start, len(text)))
            cursor.movePosition(QTextCursor.End, QTextCursor.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(HIDDEN_COLOR))
            selection = QTextEdit.ExtraSelection()
            selection.cursor, selection.format = cursor, fmt
            selections.append(selection)
        self.editor.setExtraSelections(selections)


class PrimaryTextDialog(QDialog):
    """Edits one primary text; OK (or Ctrl+Enter) keeps it."""

    def __init__(self, text: str, limit: TextLimit | None, parent=None, title: str = "Primary text"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.edit = PrimaryTextEdit(limit, lines=8)
        self.edit.setText(text)
        self.edit.submitted.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Line breaks and emoji are kept. Ctrl+Enter saves."))
        layout.addWidget(self.edit, 1)
        layout.addWidget(buttons)
        self.resize(560, 360)
        self.edit.setFocus()

    @classmethod
    def ask(cls, parent, text: str, limit: TextLimit | None, title: str = "Primary text") -> str | None:
        dialog = cls(text, limit, parent, title)
        return dialog.edit.text() if dialog.exec() == QDialog.Accepted else None
