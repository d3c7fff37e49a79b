"""Hands work from any thread back to the GUI thread: ``call_on_gui(receiver, fn, *args)``.

Workers (the job pool, the tile renderers, an export's or a publish's progress) finish off the
GUI thread, but widgets may only be touched on it. Every result crosses here: the call is queued
to one object living on the GUI thread and runs there in the order it was sent, even when sent
from the GUI thread itself. If ``receiver`` (the widget or object the result is for) has been
deleted by then, the call is dropped: a late result never reaches a closed dialog. The idea is
orange-canvas-core's ``utils/qinvoke.py``.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal


class _Invoker(QObject):
    queued = Signal(object)  # a callable without arguments

    def __init__(self):
        super().__init__()
        # Queued even from the GUI thread: every callback runs later, in the order it was sent.
        self.queued.connect(self._run, Qt.QueuedConnection)

    def _run(self, call: Callable[[], None]) -> None:
        call()


_invoker: _Invoker | None = None
_lock = threading.Lock()


def _the_invoker() -> _Invoker:
    global _invoker
    with _lock:
        if _invoker is None or not shiboken6.isValid(_invoker):
            invoker = _Invoker()
            app = QCoreApplication.instance()
            if app is not None and invoker.thread() != app.thread():
                invoker.moveToThread(app.thread())  # made first on a worker: pushed to the GUI thread
            _invoker = invoker
        return _invoker


def call_on_gui(receiver: QObject, fn: Callable, *args) -> bool:
    """Runs ``fn(*args)`` on the GUI thread unless ``receiver`` is deleted before it gets there.

    Returns False when ``receiver`` is already gone (nothing was queued), so a worker loop can stop.
    """
    if not shiboken6.isValid(receiver):
        return False

    def call() -> None:
        if shiboken6.isValid(receiver):
            fn(*args)

    try:
        _the_invoker().queued.emit(call)
    except RuntimeError:  # the application is being torn down
        return False
    return True
