"""The project's insights judged on a worker, for the Insights panel and the pool rows' badges.

``judge()`` reads the whole store and draws its Monte Carlo samples (seconds on a big store):
it runs once per project, fetch or import, on a thread of its own (so thumbnails and checks are
not queued behind it) and after the first screen of previews; every view then draws from the
one ``Judgement``. The GUI thread only checks whether the file exists.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from dcstudio.core.insights.store_file import FILE  # not the store itself: it loads with the first judging
from dcstudio.core.values.errors import DcError
from dcstudio.qt.workers import Worker


def judge_folder(folder: Path, project):
    """On a worker: the judgement of ``folder``'s insights store, with a connection of its own."""
    from dcstudio.core.insights.judge import judge
    from dcstudio.core.insights.store import InsightsStore

    store = InsightsStore.for_project(folder)
    try:
        return judge(store, project)
    finally:
        store.close()


class InsightsLoader(QObject):
    judged = Signal(object)  # a Judgement, or None when the project has no insights yet
    failed = Signal(str)
    started = Signal()
    document_set = Signal()

    def __init__(self, *, gate=None, parent=None):
        super().__init__(parent)
        self.worker = Worker(1, self)
        self.gate = gate
        self.document = None
        self.judgement = None
        self.busy = False
        self._generation = 0
        self._judged_folder: Path | None = None

    @property
    def folder(self) -> Path | None:
        doc = self.document
        return None if doc is None or doc.untitled or doc.folder is None else Path(doc.folder)

    def set_document(self, document) -> None:
        if self.document is not None:
            self.document.modified_changed.disconnect(self._on_saved)
        self.document = document
        self.judgement = None
        self._judged_folder = self.folder
        document.modified_changed.connect(self._on_saved)
        self.document_set.emit()
        self.reload()

    def _on_saved(self, modified: bool) -> None:
        # A first save (or Save As) gives the project the folder its insights live in.
        if not modified and self.folder != self._judged_folder:
            self._judged_folder = self.folder
            self.document_set.emit()
            self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        folder = self.folder
        if folder is None or not (folder / FILE).exists():
            self.busy = False
            self.judgement = None
            self.judged.emit(None)
            return
        if self.gate is not None and self.gate.is_closed:
            self.gate.defer("insights", self.reload)
            return
        self.busy = True
        self.started.emit()
        self.worker.submit(judge_folder, lambda result, error: self._done(generation, result, error), folder,
                           self.document.project.snapshot())

    def _done(self, generation: int, judgement, error) -> None:
        if generation != self._generation:
            return  # another project, fetch or import came meanwhile; its own run follows
        self.busy = False
        if error is not None:
            if not isinstance(error, DcError):
                raise error  # a bug in the judging must be seen
            self.failed.emit(str(error))
            return
        self.judgement = judgement
        self.judged.emit(judgement)

    def shutdown(self) -> None:
        self._generation += 1
        self.worker.shutdown()
