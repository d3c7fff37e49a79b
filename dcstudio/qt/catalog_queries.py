"""The Catalog panel's database thread: every DuckDB query of the window runs here, never on the
GUI thread.

One thread owns the open ``CatalogStore``: opening, closing and reopening it after an import
happen in the order they were asked, so no query meets a half-swapped catalog (DuckDB shares one
database instance per file within a process; a reopened file must not find the old one still
open). A job may be *superseded*: a newer count drops an older one that has not started, and
interrupts it if it runs (``con.interrupt()`` is DuckDB's way to stop a query from another
thread). Results reach the GUI thread through ``call_on_gui``; a job's callback gets
``(result, error)``, and a superseded job's callback is never called.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from dcstudio.qt.gui_thread import call_on_gui
from dcstudio.qt.workers import lower_thread_priority

QUERY_THREAD_NAME = "dcstudio-catalog-db"


class CatalogQueries(QObject):
    """``submit(fn, callback, lane=None)``: ``fn(store)`` runs on the database thread with the
    open store (None when no catalog is open). Jobs of one ``lane`` supersede each other."""

    opened = Signal(object, object)  # the store (or None), the error that kept it closed (or None)

    def __init__(self, parent=None):
        super().__init__(parent)
        # Not niced as the other workers are: its jobs are short and hold the GIL while DuckDB's
        # rows become Python values; a niced thread descheduled there would hold up the GUI thread.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=QUERY_THREAD_NAME)
        self._store = None  # touched on the database thread only
        self._lock = threading.Lock()
        self._latest: dict[str, int] = {}  # lane -> the newest job's number
        self._running: tuple[str, int] | None = None  # (lane, number) of the job running now
        self._serial = 0
        self._closed = False
        # Long readers (the catalog lint) run beside the database thread on a cursor of their own.
        self._beside = ThreadPoolExecutor(max_workers=1, thread_name_prefix=QUERY_THREAD_NAME + "-side",
                                          initializer=lower_thread_priority)
        self._beside_jobs: list = []  # their futures, touched on the database thread only
        self.path: Path | None = None  # the file last asked to open (GUI side)

    # -- the store ----------------------------------------------------------------------------
    def open(self, path) -> None:
        """Closes the current catalog (if any) and opens ``path`` (a .duckdb file); ``opened``
        tells how it went. ``path`` None only closes."""
        self.path = Path(path) if path is not None else None
        self.submit(self._reopen, lambda result, error: self.opened.emit(result, error), self.path)

    def _reopen(self, _store, path):
        from dcstudio.core.catalog.store import CatalogStore

        self._wait_beside()
        self._close_store()
        if path is None:
            return None
        self._store = CatalogStore.open(path)
        return self._store

    def _close_store(self) -> None:
        if self._store is not None:
            try:
                self._store.close()
            finally:
                self._store = None

    def run_beside(self, fn: Callable, callback: Callable[[object, BaseException | None], None]) -> None:
        """``fn(store)`` on a thread of its own, with a store on its own cursor of the open
        catalog; the catalog is not closed or reopened before it returns (stop it with its own
        cancel event first). ``callback`` on the GUI thread as for ``submit``."""
        def start(store):
            from dcstudio.core.catalog.store import CatalogStore

            if store is None:
                raise LookupError("no catalog is open")
            side = CatalogStore(store.cursor(), store.path)

            def work():
                try:
                    return fn(side)
                finally:
                    side.close()

            future = self._beside.submit(work)
            self._beside_jobs = [f for f in self._beside_jobs if not f.done()] + [future]

            def done(f):
                if not f.cancelled() and not self._closed:
                    error = f.exception()
                    call_on_gui(self, callback, None if error else f.result(), error)

            future.add_done_callback(done)

        self.submit(start, lambda _r, error: error is not None and callback(None, error))

    def _wait_beside(self) -> None:
        for future in self._beside_jobs:
            try:
                future.result()
            except BaseException:  # its own callback reports it
                pass
        self._beside_jobs = []

    # -- jobs ---------------------------------------------------------------------------------
    def submit(self, fn: Callable, callback: Callable[[object, BaseException | None], None] | None,
               *args, lane: str | None = None) -> int:
        if self._closed:
            return 0
        with self._lock:
            self._serial += 1
            number = self._serial
            if lane is not None:
                self._latest[lane] = number
                running = self._running
                if running is not None and running[0] == lane and self._store is not None:
                    self._store_interrupt()
        self._pool.submit(self._run, number, lane, fn, callback, args)
        return number

    def supersede(self, lane: str) -> None:
        """Drops the lane's waiting job and stops its running one (a count nobody wants now)."""
        with self._lock:
            self._serial += 1
            self._latest[lane] = self._serial
            if self._running is not None and self._running[0] == lane:
                self._store_interrupt()

    def _store_interrupt(self) -> None:
        store = self._store
        try:
            store._con.interrupt()  # the store's one connection: the query running on this thread
        except Exception:  # the store closed meanwhile: nothing runs
            pass

    def _current(self, number: int, lane: str | None) -> bool:
        return lane is None or self._latest.get(lane) == number

    def _run(self, number, lane, fn, callback, args) -> None:
        if self._closed:
            return
        with self._lock:
            if not self._current(number, lane):
                return
            self._running = (lane, number) if lane else None
        try:
            result, error = fn(self._store, *args), None
        except BaseException as exc:  # handed to the GUI thread, shown there in words
            result, error = None, exc
        finally:
            with self._lock:
                self._running = None
                current = self._current(number, lane)
        if callback is not None and current:
            call_on_gui(self, self._deliver, number, lane, callback, result, error)

    def _deliver(self, number, lane, callback, result, error) -> None:
        # Checked again on the GUI thread: a newer job may have been asked for while this result travelled.
        if not self._closed and self._current(number, lane):
            callback(result, error)

    def is_current(self, number: int, lane: str) -> bool:
        return self._latest.get(lane) == number

    def shutdown(self) -> None:
        """Stops taking jobs; the store is closed on its thread after the job now running."""
        if self._closed:
            return
        self._closed = True
        with self._lock:
            if self._running is not None and self._store is not None:
                self._store_interrupt()
        self._pool.submit(self._close_store)
        self._pool.shutdown(wait=False, cancel_futures=False)
        self._beside.shutdown(wait=False, cancel_futures=True)
