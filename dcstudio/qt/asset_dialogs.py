"""Small dialogs for adding and editing assets. Each has a classmethod ``ask`` that tests replace."""
from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
)

from dcstudio.core.values.meta_enums import CALL_TO_ACTION_TYPES, cta_label


def cta_choice_text(cta_type: str) -> str:
    label = cta_label(cta_type)
    return f"{label or 'No button'}  ·  {cta_type}"


def match_rank(choice: str, typed: str) -> int:
    """0: the button's words start with ``typed``; 1: one of its words does; 2: its enum name
    does; 3: it only contains it somewhere ("book" in "facebook")."""
    label, _, enum = choice.partition("  ·  ")
    typed = typed.lower()
    words = label.lower().split()
    if label.lower().startswith(typed):
        return 0
    if any(w.startswith(typed) for w in words):
        return 1
    if any(part.startswith(typed.replace(" ", "_")) for part in (enum.lower(), *enum.lower().split("_"))):
        return 2
    return 3


class CtaPickerDialog(QDialog):
    """The platform's call-to-action types, searchable by the words on the button or the enum."""

    def __init__(self, current: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Call to action")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: shop, learn, book…")
        self.search.setClearButtonEnabled(True)
        self._types = list(CALL_TO_ACTION_TYPES)
        self._source = QStringListModel([cta_choice_text(t) for t in self._types], self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self._source)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.doubleClicked.connect(self.accept)
        self.search.textChanged.connect(self._on_search)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The button people see under the ad:"))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(360, 460)
        self.select(current or "SHOP_NOW")

    def _on_search(self, text: str) -> None:
        # Underscores and spaces both match: "shop now" finds SHOP_NOW and "Shop now".
        typed = text.strip()
        self.proxy.setFilterFixedString(typed)
        # What was typed picks the row Enter adds: the best match, never the row the old
        # selection happened to slide to ("book" once added "Play game on facebook").
        rows = range(self.proxy.rowCount())
        if rows:
            best = min(rows, key=lambda r: (match_rank(self.proxy.index(r, 0).data(), typed), r))
            self.list.setCurrentIndex(self.proxy.index(best, 0))

    def select(self, cta_type: str) -> None:
        if cta_type in self._types:
            source = self._source.index(self._types.index(cta_type), 0)
            self.list.setCurrentIndex(self.proxy.mapFromSource(source))

    def selected_type(self) -> str | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return self._types[self.proxy.mapToSource(index).row()]

    @classmethod
    def ask(cls, parent=None, current: str | None = None) -> str | None:
        dialog = cls(current, parent)
        return dialog.selected_type() if dialog.exec() == QDialog.Accepted else None


def url_problem(text: str) -> str | None:
    """What is wrong with a landing-page URL as typed, or None when it is usable."""
    text = text.strip()
    if not text:
        return "Enter the landing page address, e.g. https://shop.example.com/spring"
    if any(c.isspace() for c in text):
        return "A URL cannot contain spaces"
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme == "javascript":
        return "javascript: links are refused by the platform"
    if scheme not in ("https", "http"):
        return "Start with https://"
    host = parts.hostname or ""
    if "." not in host or host.startswith(".") or host.endswith("."):
        return f"“{host or text}” is not a web address (no domain)"
    if scheme == "http":
        return None  # usable; the linter suggests https
    return None


class CheckedPairDialog(QDialog):
    """Two fields, the first checked as it is typed, with the verdict under them.

    Subclasses give the labels and placeholders, and ``problem(text)`` (None when usable).
    """

    TITLE = FIRST = SECOND = FIRST_HINT = SECOND_HINT = ""

    def __init__(self, first: str = "", second: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.TITLE)
        self.first = QLineEdit(first)
        self.first.setPlaceholderText(self.FIRST_HINT)
        self.second = QLineEdit(second)
        self.second.setPlaceholderText(self.SECOND_HINT)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.FIRST, self.first)
        form.addRow(self.SECOND, self.second)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.first.textChanged.connect(self._validate)
        self._validate(first)
        self.resize(460, 160)

    def problem(self, text: str) -> str | None:
        raise NotImplementedError

    def advice(self, text: str) -> tuple[str, str]:
        """(message, colour) for a usable value."""
        return "Looks good.", "#2f855a"

    def _validate(self, text: str) -> None:
        problem = self.problem(text)
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(problem is None)
        if problem:
            self.first.setStyleSheet("QLineEdit { border: 1px solid #c53030; border-radius: 3px; padding: 2px; }"
                                     if text else "")
            self.message.setStyleSheet("color: #c53030;" if text else "color: #6b7280;")
            self.message.setText(problem)
        else:
            self.first.setStyleSheet("")
            message, colour = self.advice(text)
            self.message.setStyleSheet(f"color: {colour};")
            self.message.setText(message)

    @property
    def is_valid(self) -> bool:
        return self.problem(self.first.text()) is None

    def values(self) -> tuple[str, str]:
        return self.first.text().strip(), self.second.text().strip()

    @classmethod
    def ask(cls, parent=None, first: str = "", second: str = "") -> tuple[str, str] | None:
        dialog = cls(first, second, parent)
        return dialog.values() if dialog.exec() == QDialog.Accepted else None


class LinkDialog(CheckedPairDialog):
    """Website URL (checked as typed) and the shorter address people see."""

    TITLE, FIRST, SECOND = "Link", "Website URL", "Display URL"
    FIRST_HINT, SECOND_HINT = "https://shop.example.com/spring", "shop.example.com (optional)"

    @property
    def url(self) -> QLineEdit:
        return self.first

    @property
    def display(self) -> QLineEdit:
        return self.second

    def problem(self, text: str) -> str | None:
        return url_problem(text)

    def advice(self, text: str) -> tuple[str, str]:
        if text.strip().lower().startswith("http:"):
            return "Tip: https is safer and preferred by the platform.", "#b7791f"
        return "Looks good.", "#2f855a"


class RejectNoteDialog:
    """Why an asset is rejected, so whoever made it knows what to change."""

    @classmethod
    def ask(cls, parent, asset_name: str, note: str = "") -> str | None:
        text, ok = QInputDialog.getText(parent, "Reject asset", f"Why is “{asset_name[:60]}” rejected?",
                                        QLineEdit.Normal, note)
        return text.strip() if ok else None


def video_id_problem(text: str) -> str | None:
    """What is wrong with a video id as typed, or None when it is usable."""
    text = text.strip()
    if not text:
        return "Enter the id of a video already in the ad account (Ads Manager > Media library)"
    if not text.isdigit():
        return "A video id is a number, e.g. 1234567890123456"
    return None


class VideoDialog(CheckedPairDialog):
    """A video already uploaded to the ad account, by its id, with a label people recognise.

    Exports and publishing refer to videos by id (asset_feed_spec.videos[].video_id); dcstudio does
    not upload video files.
    """

    TITLE, FIRST, SECOND = "Video", "Video id", "Label"
    FIRST_HINT, SECOND_HINT = "1234567890123456", "Spring teaser, 15 s (optional)"

    @property
    def video_id(self) -> QLineEdit:
        return self.first

    def problem(self, text: str) -> str | None:
        return video_id_problem(text)

    def advice(self, text: str) -> tuple[str, str]:
        return "Videos are sent by id; upload the file in Ads Manager first.", "#6b7280"
