"""Edit ▸ Preferences: the default folder, the tile size, the autosave interval and the presets.

Every change is stored in UiSettings and applied to the window at once (no OK needed: the dialog
has Close only, as desktop preference windows do). The presets are the Presets menu's store: the
list applies or deletes one through the same code as the menu.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from dcstudio.core.values.errors import DcError
from dcstudio.qt.settings import AUTOSAVE_SECONDS


class FolderChooser:
    """Asks for the default folder; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent, start: str) -> str | None:
        return QFileDialog.getExistingDirectory(parent, "Default folder", start) or None


class PreferencesDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        settings = window.settings
        self.setWindowTitle("Preferences — dcstudio")
        self.folder_edit = QLineEdit(settings.default_folder)
        self.folder_edit.setPlaceholderText("Your home folder")
        self.folder_edit.setToolTip("Where file dialogs open when the project has no folder of its own "
                                    "(the demo, a new untitled project)")
        browse = QPushButton("Choose…")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        zoom = window.grid.zoom
        self.tile_box = QSpinBox()
        self.tile_box.setRange(zoom.minimum(), zoom.maximum())
        self.tile_box.setSingleStep(20)
        self.tile_box.setSuffix(" px")
        self.tile_box.setValue(window.grid.tile_width)
        self.autosave_box = QSpinBox()
        self.autosave_box.setRange(*AUTOSAVE_SECONDS)
        self.autosave_box.setSuffix(" s")
        self.autosave_box.setValue(settings.autosave_seconds)
        form = QFormLayout()
        form.addRow("Default folder", folder_row)
        form.addRow("Tile size", self.tile_box)
        form.addRow("Autosave every", self.autosave_box)

        self.presets = QListWidget()
        self.apply_button = QPushButton("Apply to the project")
        self.delete_button = QPushButton("Delete")
        save_button = QPushButton("Save current as…")
        preset_buttons = QHBoxLayout()
        for button in (self.apply_button, self.delete_button, save_button):
            preset_buttons.addWidget(button)
        preset_buttons.addStretch(1)
        self.presets_note = QLabel(wordWrap=True)
        self.presets_note.setStyleSheet("color: #6b7280")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(10)
        layout.addWidget(QLabel("<b>Presets</b> — account settings kept in your settings, not in a project "
                                "(also in the Presets menu)", wordWrap=True))
        layout.addWidget(self.presets, 1)
        layout.addLayout(preset_buttons)
        layout.addWidget(self.presets_note)
        layout.addWidget(buttons)
        self.resize(560, 460)

        browse.clicked.connect(self._on_browse)
        self.folder_edit.editingFinished.connect(self._on_folder)
        self.tile_box.valueChanged.connect(self._on_tile)
        self.autosave_box.valueChanged.connect(self._on_autosave)
        self.apply_button.clicked.connect(self._on_apply)
        self.delete_button.clicked.connect(self._on_delete)
        save_button.clicked.connect(self._on_save)
        self.presets.currentRowChanged.connect(self._update_buttons)
        self.presets.itemDoubleClicked.connect(lambda _item: self._on_apply())
        self.refresh_presets()

    # -- preferences, applied as they change ---------------------------------------------------
    def _on_browse(self) -> None:
        chosen = FolderChooser.ask(self, self.folder_edit.text() or "")
        if chosen:
            self.folder_edit.setText(chosen)
            self._on_folder()

    def _on_folder(self) -> None:
        self.window.settings.default_folder = self.folder_edit.text().strip()

    def _on_tile(self, width: int) -> None:
        self.window.grid.set_tile_width(width)  # the grid's slider follows, and stores it

    def _on_autosave(self, seconds: int) -> None:
        self.window.settings.autosave_seconds = seconds
        self.window.autosaver.set_interval(seconds * 1000)

    # -- presets ---------------------------------------------------------------------------------
    @property
    def _menu(self):
        return self.window.presets

    def refresh_presets(self) -> None:
        self.presets.clear()
        try:
            names = self._menu.store.names()
            self.presets_note.setText("" if names else "No presets saved yet: “Save current as…” keeps the "
                                      "project's account settings as one.")
        except DcError as exc:
            names = []
            self.presets_note.setText(str(exc))
        self.presets.addItems(names)
        if names:
            self.presets.setCurrentRow(0)
        self._update_buttons()

    def _selected(self) -> str | None:
        item = self.presets.currentItem()
        return item.text() if item is not None else None

    def _update_buttons(self, *_) -> None:
        has = self._selected() is not None
        self.apply_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _on_apply(self) -> None:
        name = self._selected()
        if name and self._menu.apply(name):
            self.presets_note.setText(f"Applied {name} to the project (Undo takes it back).")

    def _on_delete(self) -> None:
        name = self._selected()
        if name and self._menu.delete(name):
            self.refresh_presets()
            self.presets_note.setText(f"Deleted {name}.")

    def _on_save(self) -> None:
        if self._menu.save_current():
            self.refresh_presets()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Enter in the folder field stores it; it must not close the window.
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.folder_edit.hasFocus():
            self._on_folder()
            return
        super().keyPressEvent(event)


def open_preferences(window) -> PreferencesDialog:
    """Opens Preferences beside the window (not modal: changes show in the window as they are made)."""
    dialog = PreferencesDialog(window)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    return dialog
