"""Slow work off the GUI thread, results handed back on the GUI thread.

Core functions are blocking; the window runs them on a worker and receives the result through
``call_on_gui``, so the callback always runs on the GUI thread. A result for a Worker that has been
closed or deleted meanwhile is dropped.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PIL import Image
from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from dcstudio.qt.gui_thread import call_on_gui

BACKGROUND_NICENESS = 10


def lower_thread_priority() -> None:
    """Makes the calling worker thread yield the CPU to the GUI thread.

    On a two-core machine the renderers, thumbnails and the linter would otherwise take the cores
    the GUI thread needs to paint. Linux applies a nice value per thread; elsewhere this does nothing.
    """
    if hasattr(os, "setpriority") and hasattr(threading, "get_native_id"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)
        except OSError:
            pass


def pil_to_qimage(im: Image.Image) -> QImage:
    """An RGB Pillow image as a QImage that owns its pixels (safe to pass between threads)."""
    if im.mode != "RGB":
        im = im.convert("RGB")
    w, h = im.size
    return QImage(im.tobytes(), w, h, 3 * w, QImage.Format_RGB888).copy()


class Worker(QObject):
    """Runs callables on a small thread pool; ``callback(result, error)`` runs on the GUI thread."""

    def __init__(self, threads: int = 1, parent=None):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="dcstudio-worker",
                                        initializer=lower_thread_priority)
        self._closed = False

    def submit(self, fn: Callable, callback: Callable[[object, BaseException | None], None], *args) -> Future | None:
        if self._closed:  # the window is closing: nobody will look at the result
            return None
        future = self._pool.submit(fn, *args)
        deliver = self._deliver

        def done(f: Future) -> None:
            if f.cancelled():  # dropped at shutdown
                return
            error = f.exception()
            # Dropped if this Worker was deleted with its window while the job ran.
            call_on_gui(self, deliver, callback, None if error else f.result(), error)

        future.add_done_callback(done)
        return future

    def _deliver(self, callback, result, error) -> None:
        # A closed Worker drops late results: their callbacks would reach widgets that are gone.
        if self._closed:
            return
        callback(result, error)

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
