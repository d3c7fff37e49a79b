"""The open document: one project, its undo stack, and where it is saved.

The plain-Python ``project.changed`` signal is relayed as a Qt signal so widgets can connect to
it the Qt way: each panel and model connects to ``changed`` itself and decides what a change means
to it. Every mutation happens on the GUI thread through an undo command.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.values.events import Change, ChangeKind
from dcstudio.core.values.resources import demo_catalog_dir, demo_project_dir


class Document(QObject):
    changed = Signal(object)  # a core Change
    modified_changed = Signal(bool)
    title_changed = Signal()  # the project's name changed

    def __init__(self, project: Project, *, untitled: bool = False, recovered: bool = False,
                 scratch: bool = False, parent=None):
        super().__init__(parent)
        self.project = project
        # A copy of the bundled demo in the scratch folder: edits go nowhere lasting until Save As.
        self.scratch = scratch
        # An untitled document (a copy of the demo, a recovered file) is saved with Save As.
        self.untitled = untitled
        # Recovered work differs from the file on disk although its undo history is empty.
        self._dirty_without_history = recovered
        # The catalog spec of the project file on disk: its store is kept when the document closes.
        self._saved_catalog = project.catalog
        self._closed = False
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        project.changed.connect(self._relay)

    def _on_clean_changed(self, _clean: bool) -> None:
        try:
            self.modified_changed.emit(self.is_modified)
        except RuntimeError:  # the stack is being destroyed with the window
            pass

    def _relay(self, change: Change) -> None:
        self.changed.emit(change)
        if change.kind is ChangeKind.SETTINGS_CHANGED and change.detail.get("section") == "project":
            self.title_changed.emit()

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    @property
    def is_modified(self) -> bool:
        return self._dirty_without_history or not self.undo_stack.isClean()

    @property
    def folder(self) -> Path | None:
        return self.project.folder

    @property
    def title(self) -> str:
        return self.project.name or "Untitled"

    def save(self, folder: Path | None = None) -> Path:
        """Save (folder None) or Save As. Raises DcError when the folder cannot be written."""
        path = save_project(self.project, folder)
        self.untitled = False
        self.scratch = False
        self._dirty_without_history = False
        self._saved_catalog = self.project.catalog
        self.undo_stack.setClean()
        self.modified_changed.emit(False)
        return path

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.project.changed.disconnect(self._relay)
        self.prune_catalog_stores()

    def prune_catalog_stores(self) -> list[Path]:
        """Removes the catalog stores that neither the project now nor its file on disk reads:
        those the undo stack kept for undoing an import (it goes with the document). Recovered
        work not saved yet keeps them all (the file on disk may read any of them)."""
        from dcstudio.core.catalog.store_files import prune_stores

        if self.project.folder is None or self._dirty_without_history:
            return []
        return prune_stores(self.project, [self.project.catalog, self._saved_catalog])


def follow_changes(old: Document | None, new: Document, slot) -> Document:
    """Moves ``slot`` from ``old``'s changes to ``new``'s and returns ``new``: how a panel that
    follows the document switches to another one."""
    if old is not None:
        old.changed.disconnect(slot)
    new.changed.connect(slot)
    return new


def is_demo(path: Path) -> bool:
    """The bundled demo, or the catalog-ad demo: both open as scratch copies."""
    try:
        return Path(path).resolve() in (demo_project_dir().resolve(), demo_catalog_dir().resolve())
    except OSError:
        return False


def open_document(path, scratch_root: Path | None = None) -> Document:
    """Loads a project folder. The bundled demo is copied first, so edits and imported images
    never touch the installed package; the copy is untitled (Save asks where)."""
    path = Path(path)
    if is_demo(path):
        root = Path(scratch_root) if scratch_root else Path(tempfile.gettempdir())
        root.mkdir(parents=True, exist_ok=True)
        copy = Path(tempfile.mkdtemp(prefix="demo-", dir=root))
        shutil.copytree(path, copy, dirs_exist_ok=True)
        return Document(load_project(copy), untitled=True, scratch=True)
    return Document(load_project(path))


SCRATCH_MAX_AGE_S = 7 * 24 * 3600


def prune_scratch(scratch_root: Path, keep=(), max_age_s: float = SCRATCH_MAX_AGE_S) -> int:
    """Removes demo copies older than a week, except those an autosave still points at.
    Recent ones stay: another dcstudio window may be using one. Returns how many went."""
    keep = {Path(k).resolve() for k in keep if k}
    removed = 0
    for folder in Path(scratch_root).glob("demo-*"):
        try:
            old = time.time() - folder.stat().st_mtime > max_age_s
        except OSError:
            continue
        if old and folder.resolve() not in keep:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
