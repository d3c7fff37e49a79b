"""One HTTP exchange with a deadline on the whole of it, and a cancel that ends it at once.

requests' timeout bounds each socket operation, not the call: a server that accepts and never
answers, or trickles a byte every few seconds, held one call for minutes. So the exchange runs
in a worker thread that streams the body and stops at a monotonic deadline, while the caller
waits for whichever comes first: the answer, the deadline or the cancel event. On the last two
the caller leaves at once and shuts the connection's socket, so the worker ends soon after.

Failures carry a short reason and never the exception requests raised: its text names the URL.
"""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import requests
import urllib3
from requests.structures import CaseInsensitiveDict
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from dcstudio.core.values.errors import Cancelled

CHUNK = 64 * 1024
POLL = 0.05  # seconds between looks at the cancel event and the deadline
_current = threading.local()  # the exchange the worker thread is running, for the pools below


class ExchangeFailed(Exception):
    """No complete answer. ``reason`` is safe to show: no URL, no query string."""

    def __init__(self, reason: str, *, abandoned: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.abandoned = abandoned  # the worker may still be using the session


@dataclass(frozen=True)
class Answer:
    status: int
    headers: CaseInsensitiveDict
    body: bytes


class _Tracked:
    """Hands each connection a worker takes to that worker's exchange, so an abort can shut
    its socket (the only way to wake a thread blocked in recv)."""

    def _get_conn(self, timeout=None):
        conn = super()._get_conn(timeout)
        call = getattr(_current, "call", None)
        if call is not None:
            call.connection = conn
        return conn


class _HTTPPool(_Tracked, HTTPConnectionPool):
    pass


class _HTTPSPool(_Tracked, HTTPSConnectionPool):
    pass


def new_session() -> requests.Session:
    session = requests.Session()
    for adapter in session.adapters.values():
        adapter.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
    return session


def seconds(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


class _Exchange:
    def __init__(self, session, method, url, kwargs, deadline, connect_timeout):
        self.session, self.method, self.url, self.kwargs = session, method, url, kwargs
        self.deadline, self.connect_timeout = deadline, connect_timeout
        self.done = threading.Event()
        self.aborted = False
        self.connection = None
        self.answer: Answer | None = None
        self.failure = ""

    def run(self) -> None:
        _current.call = self
        try:
            self.answer = self._exchange()
        except ExchangeFailed as exc:
            self.failure = exc.reason
        except (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError):
            self.failure = "no answer within the timeout"
        except (requests.ConnectionError, urllib3.exceptions.HTTPError):
            self.failure = "the connection failed or was dropped"
        except requests.RequestException as exc:  # before OSError, which it subclasses
            self.failure = type(exc).__name__
        except OSError:
            self.failure = "the connection failed or was dropped"
        except Exception as exc:  # noqa: BLE001 - a socket shut by abort() can surface as anything
            self.failure = "aborted" if self.aborted else type(exc).__name__
        finally:
            _current.call = None
            if self.aborted:  # the caller has taken a new session; this one is done with
                self.session.close()
            self.done.set()

    def _exchange(self) -> Answer:
        remaining = max(0.001, self.deadline - time.monotonic())
        response = self.session.request(self.method, self.url, stream=True,
                                        timeout=(min(self.connect_timeout, remaining), remaining), **self.kwargs)
        complete = False
        try:
            raw = response.raw
            read = getattr(raw, "read1", None) or raw.read  # read1: what has arrived, not a full chunk
            parts = []
            while not self.aborted:
                part = read(CHUNK, decode_content=True)
                if not part:
                    complete = True
                    break
                parts.append(part)
                if time.monotonic() > self.deadline:
                    break
        finally:
            if not complete:
                response.close()  # a half-read connection is not handed back to the pool
        if not complete:
            raise ExchangeFailed("deadline")
        return Answer(response.status_code, response.headers, b"".join(parts))

    def abort(self) -> None:
        self.aborted = True
        sock = getattr(self.connection, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def exchange(session: requests.Session, method: str, url: str, *, allowed: float, cancel: threading.Event,
             connect_timeout: float = 10.0, **kwargs) -> Answer:
    """Sends one request and reads its whole answer within ``allowed`` seconds.
    Raises ExchangeFailed, or Cancelled when ``cancel`` is set meanwhile. After a Cancelled or
    an ExchangeFailed that is ``abandoned``, the worker may still be using the session: the
    caller takes a new one (the worker closes the old one when it ends)."""
    deadline = time.monotonic() + allowed
    call = _Exchange(session, method, url, kwargs, deadline, connect_timeout)
    threading.Thread(target=call.run, daemon=True, name="dc-graph-call").start()
    while not call.done.wait(POLL):
        if cancel.is_set():
            call.abort()
            raise Cancelled("publish cancelled")
        if time.monotonic() >= deadline:
            call.abort()
            raise ExchangeFailed(f"no complete answer within {seconds(allowed)} s (the call's timeout)",
                                 abandoned=True)
    if call.failure == "deadline" or (call.failure and time.monotonic() >= deadline):
        raise ExchangeFailed(f"no complete answer within {seconds(allowed)} s (the call's timeout)")
    if call.failure:
        raise ExchangeFailed(call.failure)
    return call.answer
