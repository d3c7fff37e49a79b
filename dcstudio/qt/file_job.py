"""A dialog's one slow core call that writes files: it runs on the dialog's worker with a cancel
event and a progress callback, a progress bar follows it (busy until the first report), and
once it has written, "Show in folder" opens where it wrote. The export dialog and the approval
sheet dialog both run theirs through ``FileJob``."""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QProgressBar, QPushButton

from dcstudio.qt.gui_thread import call_on_gui
from dcstudio.qt.workers import Worker


class FileJob(QObject):
    """``progress`` and ``show_button`` are for the dialog to lay out; ``folder()`` says, when
    asked, which folder "Show in folder" opens."""

    def __init__(self, parent, folder: Callable[[], Path]):
        super().__init__(parent)
        self._folder = folder
        self._worker = Worker(threads=1, parent=self)
        self.running = False
        self.cancel_event = threading.Event()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.show_button = QPushButton("Show in folder")
        self.show_button.setVisible(False)  # offered once there is something written to show
        self.show_button.clicked.connect(self.show_in_folder)

    def start(self, job: Callable, on_done: Callable[[object, BaseException | None], None]) -> None:
        """Runs ``job(progress=..., cancel=...)`` on the worker; ``on_done(result, error)`` runs on
        the GUI thread after the bar and the button show how it ended."""
        self.running = True
        self.cancel_event = cancel = threading.Event()
        self.show_button.setVisible(False)
        self.progress.setRange(0, 0)  # busy until the first progress report
        on_progress = self._on_progress

        def run():
            return job(progress=lambda done, total: call_on_gui(self, on_progress, done, total), cancel=cancel)

        self._worker.submit(run, lambda result, error: self._on_done(result, error, on_done))

    def cancel(self) -> bool:
        """Asks the running job to stop; False when there is none."""
        if not self.running:
            return False
        self.cancel_event.set()
        return True

    def shutdown(self) -> None:
        """The dialog is going: the job is told to stop, and its late result is dropped."""
        self.cancel_event.set()
        self._worker.shutdown()

    def show_in_folder(self) -> QUrl:
        """Opens the folder in the file manager."""
        url = QUrl.fromLocalFile(str(self._folder()))
        QDesktopServices.openUrl(url)
        return url

    def _on_progress(self, done: int, total: int) -> None:
        if self.running:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _on_done(self, result, error, on_done) -> None:
        self.running = False
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if error is None else 0)
        self.show_button.setVisible(error is None)
        on_done(result, error)
