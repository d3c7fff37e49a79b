"""Template fields that complete product tags as they are typed: ``{{`` opens a popup of the tags
(dcstudio.core.model.tag_completion says what fits where), Tab or Enter takes the chosen one, Esc
closes the popup, Ctrl+Space opens it again inside a tag.

Taking a tag writes the closing ``}}`` after it and leaves the cursor before them, with the popup
open again on what may follow: the end of the tag (``}}``, the cursor steps past them), a price's
options, the transforms. Typing ``}`` over a ``}`` already there steps over it, so a tag typed by
hand comes out as typed.

Qt counts text positions in UTF-16 units, Python in code points: an emoji is two of the one and one
of the other, so every position crossing between them is converted here.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QCompleter, QLineEdit, QPlainTextEdit

from dcstudio.core.model.tag_completion import CLOSE, TAG, Choice, after_field, completion_at, matching

POPUP_KEYS = (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Tab, Qt.Key_Backtab, Qt.Key_Escape)
ROWS_SHOWN = 9


def qt_position(text: str, index: int) -> int:
    """A Python index into ``text`` as Qt's position (UTF-16 units)."""
    return len(text[:index].encode("utf-16-le")) // 2


def py_index(text: str, position: int) -> int:
    """Qt's position in ``text`` as a Python index."""
    units = 0
    for i, ch in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def choice_text(choice: Choice) -> str:
    return f"{choice.word}   {choice.hint}"


class TagCompleter(QObject):
    """The popup of one template field. ``editor`` is a TemplateTextEdit or a TemplateLineEdit."""

    def __init__(self, editor, *, url: bool = False):
        super().__init__(editor)
        self.editor, self.url = editor, url
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(editor)
        self.completer.setCompletionMode(QCompleter.UnfilteredPopupCompletion)  # matching() filters
        self.completer.setMaxVisibleItems(ROWS_SHOWN)
        self.completer.activated[str].connect(self._on_activated)
        self.choices: tuple[Choice, ...] = ()
        self._follow_up: str | None = None  # the field of the tag just taken: what follows it is offered

    # -- the popup --------------------------------------------------------------------------
    @property
    def popup(self):
        return self.completer.popup()

    def is_open(self) -> bool:
        return self.popup.isVisible()

    def offered(self) -> list[str]:
        """The words in the popup now, in its order."""
        return [c.word for c in self.choices] if self.is_open() else []

    def update(self) -> None:
        """Shows what fits at the cursor, or hides the popup where nothing does."""
        self._follow_up = None
        text, cursor = self.editor.template_text(), self.editor.cursor_index()
        found = completion_at(text, cursor, url=self.url)
        self._show(matching(found) if found is not None else ())

    def _show(self, choices: tuple[Choice, ...]) -> None:
        self.choices = tuple(choices)
        if not self.choices:
            self.popup.hide()
            return
        self.model.setStringList([choice_text(c) for c in self.choices])
        popup = self.popup
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.editor.caret_rect()
        rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 8)
        self.completer.complete(rect)

    def _on_activated(self, shown: str) -> None:
        chosen = next((c for c in self.choices if choice_text(c) == shown), None)
        if chosen is not None:
            self.take(chosen)

    def take(self, choice: Choice) -> None:
        """Writes ``choice`` at the cursor as the popup does when it is chosen there."""
        text, cursor = self.editor.template_text(), self.editor.cursor_index()
        follow_up, self._follow_up = self._follow_up, None
        if choice.kind == CLOSE:
            rest = text[cursor:]
            gap = len(rest) - len(rest.lstrip(" "))
            if rest[gap:].startswith("}}"):
                self.editor.set_cursor_index(cursor + gap + 2)
            else:
                self.editor.replace_range(cursor, cursor, "}}", cursor + 2)
            self.popup.hide()
            return
        if follow_up is not None:  # right after the tag's last word: a space before the next one
            start, word, field = cursor, f" {choice.word}", follow_up
        else:
            found = completion_at(text, cursor, url=self.url)
            start, word = (found.start if found else cursor), choice.word
            field = choice.word.removeprefix("product.") if choice.kind == TAG else (found and found.field)
        after = start + len(word)
        closing = "" if choice.kind != TAG or _closed(text, cursor) else "}}"
        self.editor.replace_range(start, cursor, word + closing, after)
        if not field or (choice.kind == TAG and not choice.word.startswith("product.")):
            self.popup.hide()  # a URL parameter takes nothing after it
            return
        self._offer_after(field, self.editor.template_text(), after)

    def _offer_after(self, field: str, text: str, cursor: int) -> None:
        """The popup on what may follow the tag's words up to ``cursor``."""
        found = completion_at(text[:cursor] + " ", cursor + 1, url=self.url)
        self._show(found.choices if found is not None else after_field(field))
        self._follow_up = field

    # -- keys, from the editor ------------------------------------------------------------------
    def handle_key(self, event) -> bool:
        """True when the key is the popup's (or a ``}`` typed over a ``}``): the editor skips it."""
        if self.is_open() and event.key() in POPUP_KEYS:
            event.ignore()  # the completer takes it: Tab/Enter choose, Esc closes
            return True
        if event.text() == "}":
            text, cursor = self.editor.template_text(), self.editor.cursor_index()
            if text[cursor:cursor + 1] == "}":
                self.editor.set_cursor_index(cursor + 1)
                self.popup.hide()
                return True
        if event.key() == Qt.Key_Space and event.modifiers() & Qt.ControlModifier:
            self.update()
            return True
        typed = event.text()
        if self._follow_up is not None and self.is_open() and typed.isprintable() and typed.strip():
            # Typing on after a tag taken from the popup starts its next word: a space between.
            cursor = self.editor.cursor_index()
            self.editor.replace_range(cursor, cursor, " ", cursor + 1)
        return False

    def after_key(self, event) -> None:
        if event.text() and event.text().isprintable() or event.key() in (Qt.Key_Backspace, Qt.Key_Delete):
            self.update()
        elif self.is_open() and event.key() in (Qt.Key_Left, Qt.Key_Right, Qt.Key_Home, Qt.Key_End):
            self.update()


def _closed(text: str, cursor: int) -> bool:
    """Whether the tag the cursor is in is already closed after it (a ``}}`` before any ``{{``)."""
    rest = text[cursor:]
    end, reopen = rest.find("}}"), rest.find("{{")
    return end >= 0 and (reopen < 0 or end < reopen)


class _TagKeys:
    """The keys of a template field: the tag popup's first, then the field's; Ctrl+Z and Ctrl+Y
    go to the document's undo stack. Before the Qt class in the bases, so its methods come first."""

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.tags.handle_key(event):
            return
        super().keyPressEvent(event)
        self.tags.after_key(event)

    def event(self, event) -> bool:
        # Here, not in keyPressEvent: QWidget.event moves the focus on Tab before keyPressEvent.
        if event.type() == QEvent.KeyPress and self.tags.is_open() and event.key() in POPUP_KEYS:
            event.ignore()  # the completer takes it: Tab/Enter choose, Esc closes
            return True
        return leaves_undo_to_the_document(self, event) or super().event(event)


class TemplateTextEdit(_TagKeys, QPlainTextEdit):
    """The multi-line template field (the message). Enter starts a new line; Tab leaves the field."""

    def __init__(self, parent=None, *, lines: int = 3):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)  # one history: the document's (see leaves_undo_to_the_document)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)
        self.tags = TagCompleter(self)

    def template_text(self) -> str:
        return self.toPlainText()

    def cursor_index(self) -> int:
        return py_index(self.toPlainText(), self.textCursor().position())

    def set_cursor_index(self, index: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(qt_position(self.toPlainText(), index))
        self.setTextCursor(cursor)

    def replace_range(self, start: int, end: int, new: str, cursor_after: int) -> None:
        text = self.toPlainText()
        cursor = self.textCursor()
        cursor.setPosition(qt_position(text, start))
        cursor.setPosition(qt_position(text, end), QTextCursor.KeepAnchor)
        cursor.insertText(new)
        self.setTextCursor(cursor)
        self.set_cursor_index(cursor_after)

    def caret_rect(self):
        rect = self.cursorRect()
        rect.translate(self.viewport().pos())
        return rect



class TemplateLineEdit(_TagKeys, QLineEdit):
    """A one-line template field (headline, description, a URL: ``url`` offers Meta's URL parameters)."""

    edited = Signal(str)  # textEdited, also when a tag is taken from the popup

    def __init__(self, parent=None, *, url: bool = False):
        super().__init__(parent)
        self.tags = TagCompleter(self, url=url)
        self.textEdited.connect(self.edited)

    def template_text(self) -> str:
        return self.text()

    def cursor_index(self) -> int:
        return py_index(self.text(), self.cursorPosition())

    def set_cursor_index(self, index: int) -> None:
        self.setCursorPosition(qt_position(self.text(), index))

    def replace_range(self, start: int, end: int, new: str, cursor_after: int) -> None:
        text = self.text()
        self.setText(text[:start] + new + text[end:])  # setText: no textEdited, so say it
        self.set_cursor_index(cursor_after)
        self.edited.emit(self.text())

    def caret_rect(self):
        # From the cursor's left to the field's bottom: the popup opens under the line, not over it.
        caret = self.cursorRect()
        return QRect(caret.x(), 0, caret.width(), self.height())



def is_undo_key(event) -> bool:
    return event.matches(QKeySequence.Undo) or event.matches(QKeySequence.Redo)


def leaves_undo_to_the_document(widget, event) -> bool:
    """A text field's Ctrl+Z is its own undo; here it is the window's (Edit ▸ Undo), so the field's
    edits are undone with the rest of the document, in one history: the field lets the shortcut pass."""
    if event.type() == QEvent.ShortcutOverride and is_undo_key(event):
        event.ignore()
        return True
    return False
