"""Questions the window asks about files. Each is a classmethod ``ask`` that tests replace."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox


def start_folder(document, default_folder: str = "", *, beside: bool = False) -> str:
    """Where a file dialog opens: the project's folder (``beside``: the folder holding it, where
    other projects and exports go), else the preferred default folder, else the home folder. A
    scratch copy of the demo or an untitled project has no folder of its own to start in."""
    folder = getattr(document, "folder", None)
    if document is not None and folder and not document.untitled and Path(folder).is_dir():
        return str(Path(folder).parent if beside else Path(folder))
    if default_folder and Path(default_folder).is_dir():
        return default_folder
    return str(Path.home())


class OpenProjectDialog:
    @classmethod
    def ask(cls, parent, start: str = "") -> Path | None:
        folder = QFileDialog.getExistingDirectory(parent, "Open project folder", start)
        return Path(folder) if folder else None


class ProjectFolderDialog:
    """Where a new project, or a copy (Save As), should live: a new or empty folder."""

    @classmethod
    def ask(cls, parent, title: str = "Save project as", start: str = "") -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, start, "Project folder (*)")
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
