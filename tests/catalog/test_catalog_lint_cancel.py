"""The catalog lint's cancel watcher, when the store was closed under it (the window dropping
the catalog as it cancels a lint on a worker): it has nothing left to stop and returns, rather
than dying of DuckDB's "Connection already closed" (seen as an unhandled thread exception in the
GUI tests on a loaded machine)."""
from __future__ import annotations

import threading

import pytest

from dcstudio.core.lint.catalog_lint import _interrupt_on_cancel, _run
from dcstudio.core.values.errors import Cancelled
from tests.catalog.catalog_feeds import build_store, clean_row


@pytest.fixture
def closed_cursor(tmp_path):
    store = build_store(tmp_path, [clean_row("meta-catalog", 1)])
    con = store.cursor()
    store.close()  # closes its cursors too
    return con


def test_the_watcher_returns_when_the_connection_is_already_closed(closed_cursor):
    cancel, done = threading.Event(), threading.Event()
    cancel.set()
    _interrupt_on_cancel(closed_cursor, cancel, done)  # raised ConnectionException before


def test_a_cancelled_query_on_a_closed_store_ends_cancelled_with_no_thread_dying(closed_cursor, monkeypatch):
    died = []
    monkeypatch.setattr(threading, "excepthook", lambda args: died.append(args.exc_value))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        _run(closed_cursor, "SELECT 1", [], cancel)
    assert died == []
