"""Where one asset shows: its placement groups and its language. The rules follow from the choice
(dcstudio.core.model.customization.apply_choices)."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from dcstudio.core.model.customization import LOCALE_NAMES, PLACEMENT_GROUPS, ShowIn, locale_name

DEFAULT_LANGUAGE = "Default language"


def locale_of(text: str) -> int | None | str:
    """The locale id the combo's text names, None for the default language, or what is wrong."""
    text = text.strip()
    if not text or text == DEFAULT_LANGUAGE:
        return None
    head = text.split(" ", 1)[0]
    if head.isdigit() and len(head) <= 6:
        return int(head)
    for locale, name in LOCALE_NAMES.items():
        if text.lower() == name.lower():
            return locale
    return "Pick a language or type a Meta locale id (a number, e.g. 6 for English (US))"


class ShowInDialog(QDialog):
    def __init__(self, asset_name: str, current: ShowIn, note: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle("Show in")
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Where does “{asset_name[:60]}” show?"))
        for group in PLACEMENT_GROUPS:
            box = QCheckBox(group)
            box.setChecked(not current.groups or group in current.groups)  # none: every placement
            box.toggled.connect(self._validate)
            self.boxes[group] = box
            layout.addWidget(box)
        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.addItem(DEFAULT_LANGUAGE)
        for locale, name in LOCALE_NAMES.items():
            self.language.addItem(f"{locale} · {name}")
        if current.locale is not None:
            self.language.setCurrentText(f"{current.locale} · {locale_name(current.locale)}")
        self.language.currentTextChanged.connect(self._validate)
        form = QFormLayout()
        form.addRow("Language", self.language)
        layout.addLayout(form)
        self.message = QLabel(note)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.note = note
        self._validate()

    def problem(self) -> str | None:
        if not any(box.isChecked() for box in self.boxes.values()):
            return "Tick at least one placement: an asset that shows nowhere is one to remove."
        locale = locale_of(self.language.currentText())
        return locale if isinstance(locale, str) else None

    def _validate(self, *_) -> None:
        problem = self.problem()
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(problem is None)
        self.message.setStyleSheet("color: #c53030;" if problem else "color: #6b7280;")
        self.message.setText(problem or self.note)

    def choice(self) -> ShowIn:
        groups = {g for g, box in self.boxes.items() if box.isChecked()}
        return ShowIn(groups, locale_of(self.language.currentText()))

    @classmethod
    def ask(cls, parent, asset_name: str, current: ShowIn, note: str = "") -> ShowIn | None:
        dialog = cls(asset_name, current, note, parent)
        return dialog.choice() if dialog.exec() == QDialog.Accepted else None
