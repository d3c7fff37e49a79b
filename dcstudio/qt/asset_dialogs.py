"""Small dialogs for adding and editing assets. Each has a classmethod ``ask`` that tests replace."""
from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QInputDialog, QLabel,
                               QLineEdit, QListView, QVBoxLayout)

from dcstudio.core.meta_enums import CALL_TO_ACTION_TYPES, cta_label


def cta_choice_text(cta_type: str) -> str:
    label = cta_label(cta_type)
    return f"{label or 'No button'}  ·  {cta_type}"


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
        self.proxy.setFilterFixedString(text.strip())
        if self.proxy.rowCount() and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

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


class LinkDialog(QDialog):
    """Website URL (checked as typed) and the shorter address people see."""

    def __init__(self, website_url: str = "", display_url: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle("Link")
        self.url = QLineEdit(website_url)
        self.url.setPlaceholderText("https://shop.example.com/spring")
        self.display = QLineEdit(display_url)
        self.display.setPlaceholderText("shop.example.com (optional)")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Website URL", self.url)
        form.addRow("Display URL", self.display)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.url.textChanged.connect(self._validate)
        self._validate(website_url)
        self.resize(460, 160)

    def _validate(self, text: str) -> None:
        problem = url_problem(text)
        ok = self.buttons.button(QDialogButtonBox.Ok)
        ok.setEnabled(problem is None)
        if problem:
            self.url.setStyleSheet("QLineEdit { border: 1px solid #c53030; border-radius: 3px; padding: 2px; }"
                                   if text else "")
            self.message.setStyleSheet("color: #c53030;" if text else "color: #6b7280;")
            self.message.setText(problem)
        else:
            self.url.setStyleSheet("")
            hint = "Tip: https is safer and preferred by the platform." if text.lower().startswith("http:") else ""
            self.message.setStyleSheet("color: #b7791f;" if hint else "color: #2f855a;")
            self.message.setText(hint or "Looks good.")

    @property
    def is_valid(self) -> bool:
        return url_problem(self.url.text()) is None

    def values(self) -> tuple[str, str]:
        return self.url.text().strip(), self.display.text().strip()

    @classmethod
    def ask(cls, parent=None, website_url: str = "", display_url: str = "") -> tuple[str, str] | None:
        dialog = cls(website_url, display_url, parent)
        return dialog.values() if dialog.exec() == QDialog.Accepted else None


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


class VideoDialog(QDialog):
    """A video already uploaded to the ad account, by its id, with a label people recognise.

    Exports and publishing refer to videos by id (asset_feed_spec.videos[].video_id); dcstudio does
    not upload video files.
    """

    def __init__(self, video_id: str = "", label: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle("Video")
        self.video_id = QLineEdit(video_id)
        self.video_id.setPlaceholderText("1234567890123456")
        self.label = QLineEdit(label)
        self.label.setPlaceholderText("Spring teaser, 15 s (optional)")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Video id", self.video_id)
        form.addRow("Label", self.label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.video_id.textChanged.connect(self._validate)
        self._validate(video_id)
        self.resize(420, 150)

    def _validate(self, text: str) -> None:
        problem = video_id_problem(text)
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(problem is None)
        self.message.setStyleSheet("color: #c53030;" if problem and text else "color: #6b7280;")
        self.message.setText(problem or "Videos are sent by id; upload the file in Ads Manager first.")

    def values(self) -> tuple[str, str]:
        return self.video_id.text().strip(), self.label.text().strip()

    @classmethod
    def ask(cls, parent=None, video_id: str = "", label: str = "") -> tuple[str, str] | None:
        dialog = cls(video_id, label, parent)
        return dialog.values() if dialog.exec() == QDialog.Accepted else None
