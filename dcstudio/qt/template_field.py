"""One field of the catalog ad's template as the editor shows it: the template typed with its tag
popup, and under it the field as Meta would fill it for the previewed product, the length against
the field's limit, and what is wrong with a tag, naming it (the bad word underlined in red in the
message, which is a multi-line editor)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from dcstudio.core.catalog.template_preview import FieldPreview
from dcstudio.qt.form_fields import PROBLEM_STYLE
from dcstudio.qt.tag_completer import TemplateLineEdit, TemplateTextEdit, qt_position

RESOLVED_STYLE = "color: #1f2937; background: #eef1f5; border-radius: 3px; padding: 3px 5px"
STATE_STYLES = {"ok": "color: #6b7280", "long": "color: #b7791f", "over": "color: #c53030"}
NO_PRODUCT = "—"


class TemplateField(QWidget):
    edited = Signal(str)  # the template as typed, at each keystroke

    def __init__(self, *, multiline: bool = False, url: bool = False, placeholder: str = "", parent=None):
        super().__init__(parent)
        self.multiline = multiline
        self.editor = TemplateTextEdit() if multiline else TemplateLineEdit(url=url)
        self.editor.setPlaceholderText(placeholder)
        if multiline:
            self.editor.textChanged.connect(lambda: self.edited.emit(self.editor.toPlainText()))
        else:
            self.editor.edited.connect(self.edited)
        self.session = 0  # bumped at each visit to the field: one visit's typing is one undo step
        self.editor.installEventFilter(self)
        if url:  # a URL has no space to wrap at: one line that scrolls, so a narrow dock stays narrow
            self.resolved = QLineEdit(NO_PRODUCT)
            self.resolved.setReadOnly(True)
            self.resolved.setFrame(False)
            self.resolved.setMinimumWidth(64)
        else:
            self.resolved = QLabel(NO_PRODUCT)
            self.resolved.setWordWrap(True)
            self.resolved.setTextFormat(Qt.PlainText)
            self.resolved.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.resolved.setStyleSheet(RESOLVED_STYLE)
        self.resolved.setToolTip("This field as the ad shows it for the product above")
        self.count = QLabel()
        self.count.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.editor)
        column.addWidget(self.resolved)
        column.addWidget(self.count)
        column.addWidget(self.problem)
        self._quiet = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        # The tag popup and another window taking the focus for a while do not end the visit.
        if watched is self.editor and event.type() == QEvent.FocusIn and event.reason() not in (
                Qt.PopupFocusReason, Qt.ActiveWindowFocusReason):
            self.session += 1
        return False

    def text(self) -> str:
        return self.editor.template_text()

    def set_text(self, text: str) -> None:
        """Shows ``text`` (the document's) without it counting as typed; in the field being typed
        in the cursor stays where it was as far as the text allows, elsewhere it goes to the end."""
        if text == self.text():
            return
        self.session += 1  # what is typed next is a step of its own
        at = self.editor.cursor_index() if self.editor.hasFocus() else len(text)
        self.editor.blockSignals(True)
        if self.multiline:
            self.editor.setPlainText(text)
        else:
            self.editor.setText(text)
        self.editor.set_cursor_index(min(at, len(text)))
        self.editor.blockSignals(False)

    def show_preview(self, preview: FieldPreview | None, *, product: bool) -> None:
        """The field resolved for the product (``product`` False: none to show it for)."""
        if preview is None:
            self.resolved.setText(NO_PRODUCT)
            self.count.clear()
            self.problem.hide()
            self._underline(())
            return
        self.resolved.setText(preview.text if product else NO_PRODUCT)
        if isinstance(self.resolved, QLineEdit):
            self.resolved.setCursorPosition(0)
        self.resolved.setVisible(product and bool(self.text()))
        self.count.setText(self._count_text(preview, product))
        self.count.setStyleSheet(STATE_STYLES[preview.state if product else "ok"])
        self.count.setHidden(not self.count.text())
        lines = [f"{p.problem} (at character {p.position})" for p in preview.problems]
        lines += [f"{label} is empty for this product" for label in preview.empty] if product else []
        self.problem.setText("\n".join(lines))
        self.problem.setHidden(not lines)
        self._underline(preview.problems)

    @staticmethod
    def _count_text(preview: FieldPreview, product: bool) -> str:
        if preview.limit is None or not product or not preview.text:
            return ""
        limit, n = preview.limit, preview.length
        if preview.state == "over":
            return f"{n}/{limit.hard}: over Meta's limit of {limit.hard} characters; the ad is refused"
        if preview.state == "long":
            return f"{n}/{limit.recommended}: longer than the recommended {limit.recommended}; people see it cut"
        return f"{n}/{limit.recommended} characters"

    def _underline(self, problems) -> None:
        if not isinstance(self.editor, QPlainTextEdit):
            return
        text = self.text()
        marks = []
        for p in problems:
            start = max(p.position - 1, 0)
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(qt_position(text, start))
            cursor.setPosition(qt_position(text, min(start + max(len(p.name), 1), len(text))), QTextCursor.KeepAnchor)
            mark = QTextEdit.ExtraSelection()
            mark.cursor = cursor
            mark.format = QTextCharFormat()
            mark.format.setUnderlineStyle(QTextCharFormat.WaveUnderline)
            mark.format.setUnderlineColor(QColor("#c53030"))
            marks.append(mark)
        self.editor.setExtraSelections(marks)
