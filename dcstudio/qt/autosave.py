"""Autosave to the user state directory, and recovery after a crash.

Every ``interval_ms`` (30 s) a modified document is written, atomically, to
``<state dir>/autosave/<key>.json``: the project as it is in memory plus the folder it belongs to.
A clean close or a save removes the file, so a file found at start-up means the last session
ended without either (a crash, a kill -9) and loses at most one interval of work.
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import check_files, read_project_json
from dcstudio.core.model.project_format import project_from_dict, project_to_dict
from dcstudio.core.values.atomic import atomic_write_text
from dcstudio.core.values.errors import ProjectFileError
from dcstudio.core.values.json_input import parse_json

AUTOSAVE_INTERVAL_MS = 30_000


def default_state_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir("dcstudio"))


def _key(folder: Path | None) -> str:
    text = str(Path(folder).resolve()) if folder else "untitled"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Recovery:
    """An autosave left by a session that did not close cleanly."""

    file: Path
    folder: Path | None
    name: str
    saved_at: float

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        return f"“{self.name}” ({self.folder or 'not saved yet'}), autosaved {when}"


class Autosaver(QObject):
    def __init__(self, state_dir: Path, interval_ms: int = AUTOSAVE_INTERVAL_MS, parent=None):
        super().__init__(parent)
        self.directory = Path(state_dir) / "autosave"
        self.document = None
        self._generation_saved = -1
        self._generation = 0
        # Every file written for the document: a Save As moves it to another folder's key, and
        # the file of the old key must go too, or a clean quit leaves a "crash" to recover.
        self._written: set[Path] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.save_now)
        self._timer.start()

    def watch(self, document) -> None:
        """Follows ``document`` (replacing the previous one, whose autosave is dropped)."""
        if self.document is not None:
            self.discard()
            self.document.changed.disconnect(self._on_changed)
        self.document = document
        self._generation, self._generation_saved = 0, -1
        document.changed.connect(self._on_changed)
        if document.is_modified:  # recovered work: keep it safe straight away
            self._generation = 1

    def _on_changed(self, _change) -> None:
        self._generation += 1

    def path_for(self, document) -> Path:
        return self.directory / f"{_key(document.folder)}.json"

    def save_now(self) -> Path | None:
        doc = self.document
        if doc is None:
            return None
        if not doc.is_modified:
            self.discard()
            return None
        if self._generation == self._generation_saved:
            return None
        payload = {"folder": str(doc.folder) if doc.folder else None, "saved_at": time.time(),
                   "untitled": doc.untitled, "project": project_to_dict(doc.project)}
        path = self.path_for(doc)
        atomic_write_text(path, json.dumps(payload, ensure_ascii=False))
        self._written.add(path)
        self._generation_saved = self._generation
        return path

    def discard(self) -> None:
        """The document is saved or closed on purpose: nothing to recover."""
        if self.document is not None:
            for path in {self.path_for(self.document), *self._written}:
                path.unlink(missing_ok=True)
            self._written.clear()
            self._generation_saved = self._generation

    def set_interval(self, interval_ms: int) -> None:
        """A new interval from Preferences, from now on."""
        self._timer.setInterval(max(1000, int(interval_ms)))

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def stop(self) -> None:
        self._timer.stop()


def pending_recoveries(state_dir: Path) -> list[Recovery]:
    """Autosaves left behind, newest first. Unreadable ones are skipped (and kept for a person)."""
    found = []
    for file in sorted((Path(state_dir) / "autosave").glob("*.json")):
        try:
            data = parse_json(file.read_bytes())
            folder = Path(data["folder"]) if data.get("folder") else None
            found.append(Recovery(file, folder, data["project"].get("name", "Untitled"), float(data["saved_at"])))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def recover(recovery: Recovery) -> tuple[Project, bool]:
    """The autosaved project (bound to its original folder) and whether it was untitled."""
    try:
        raw = recovery.file.read_bytes()
    except OSError as exc:
        raise ProjectFileError(recovery.file, f"the autosave cannot be read: {exc.strerror or exc}") from None
    data = read_project_json(raw, recovery.file)
    if not isinstance(data, dict) or not isinstance(data.get("project"), dict):
        raise ProjectFileError(recovery.file, "the autosave holds no project", "project")
    project = project_from_dict(data["project"], recovery.file, folder=recovery.folder)
    check_files(project)
    return project, bool(data.get("untitled"))
