"""call_on_gui: results from any thread run on the GUI thread, in order, and never reach a deleted receiver."""
from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6")

import shiboken6
from PySide6.QtCore import QObject

from dcstudio.qt.gui_thread import call_on_gui
from dcstudio.qt.workers import Worker


def test_callbacks_from_workers_run_on_the_gui_thread_in_the_order_sent(qtbot):
    receiver = QObject()
    seen = []

    def record(n):
        seen.append((n, threading.current_thread() is threading.main_thread()))

    def send(first):
        for n in range(first, first + 300):
            call_on_gui(receiver, record, n)

    worker = threading.Thread(target=send, args=(0,))
    worker.start()
    worker.join()
    call_on_gui(receiver, record, 300)  # from the GUI thread too: queued behind the others, not run now
    assert len(seen) < 301
    qtbot.waitUntil(lambda: len(seen) == 301)
    assert seen == [(n, True) for n in range(301)]


def test_a_callback_for_a_receiver_deleted_meanwhile_is_dropped(qtbot):
    receiver, witness = QObject(), QObject()
    calls = []
    sent = threading.Event()

    def send():
        call_on_gui(receiver, calls.append, "late")
        call_on_gui(witness, calls.append, "witness")
        sent.set()

    threading.Thread(target=send).start()
    assert sent.wait(5)
    shiboken6.delete(receiver)  # before the GUI thread got to the queued call
    qtbot.waitUntil(lambda: calls == ["witness"])
    assert call_on_gui(receiver, calls.append, "after") is False
    qtbot.wait(50)
    assert calls == ["witness"]


def test_a_worker_result_for_a_deleted_worker_is_dropped(qtbot):
    owner = QObject()
    worker = Worker(parent=owner)
    release, results = threading.Event(), []
    future = worker.submit(lambda: release.wait(5) and "done", lambda result, error: results.append(result))
    shiboken6.delete(owner)  # the window closed while the job ran
    release.set()
    future.result(timeout=5)
    qtbot.wait(100)
    assert results == []


def test_worker_results_and_errors_reach_the_callback_on_the_gui_thread(qtbot):
    worker = Worker(threads=2)
    got = []

    def callback(result, error):
        got.append((result, type(error).__name__ if error else None,
                    threading.current_thread() is threading.main_thread()))

    worker.submit(lambda: 42, callback)
    qtbot.waitUntil(lambda: len(got) == 1)
    worker.submit(lambda: 1 / 0, callback)
    qtbot.waitUntil(lambda: len(got) == 2)
    assert got == [(42, None, True), (None, "ZeroDivisionError", True)]
    worker.shutdown()
