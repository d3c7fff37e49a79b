"""Questions the window asks about files. Each is a classmethod ``ask`` that tests replace."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox


class OpenProjectDialog:
    @classmethod
    def ask(cls, parent) -> Path | None:
        folder = QFileDialog.getExistingDirectory(parent, "Open project folder")
        return Path(folder) if folder else None


class ProjectFolderDialog:
    """Where a new project, or a copy (Save As), should live: a new or empty folder."""

    @classmethod
    def ask(cls, parent, title: str = "Save project as") -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, "", "Project folder (*)")
        return Path(path) if path else None


class UnsavedChangesDialog:
    @classmethod
    def ask(cls, parent, name: str) -> str:
        """"save", "discard" or "cancel"."""
        box = QMessageBox(QMessageBox.Warning, "Unsaved changes",
                          f"“{name}” has changes that are not saved.", parent=parent)
        box.setInformativeText("Save them before closing?")
        save = box.addButton(QMessageBox.Save)
        discard = box.addButton(QMessageBox.Discard)
        box.addButton(QMessageBox.Cancel)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "cancel"


class RecoveryDialog:
    @classmethod
    def ask(cls, parent, recoveries) -> object | None:
        """The autosave to reopen, or None to throw them away."""
        if len(recoveries) == 1:
            answer = QMessageBox.question(
                parent, "Recover unsaved work?",
                "dcstudio did not close properly last time. Recover the unsaved work on\n"
                f"{recoveries[0].describe()}?", QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
            return recoveries[0] if answer == QMessageBox.Yes else None
        labels = [r.describe() for r in recoveries]
        choice, ok = QInputDialog.getItem(parent, "Recover unsaved work?",
                                          "dcstudio did not close properly. Recover:", labels, 0, False)
        return recoveries[labels.index(choice)] if ok else None
