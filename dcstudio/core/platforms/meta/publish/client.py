"""A small Graph API client on requests: typed errors, retries with backoff, usage headers.

The token travels in the ``Authorization: Bearer`` header of every call, never in a URL (which
proxies, server logs and urllib3's debug lines keep); ``appsecret_proof`` stays a parameter, as
the API wants it. Secrets are still scrubbed from every message we raise and every log line.
Each attempt has a deadline on the whole exchange (see transport), counted in the cap on
waiting (``--max-wait``), and the cancel event ends it at once.
"""
from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

import requests

from dcstudio.core.platforms.meta.publish.graph_errors import (
    UNREACHABLE,
    GraphError,
    GraphUnreachable,
    NetworkError,
    RateLimitError,
    RetryLimitError,
    error_from_body,
    is_unreachable,
    scrub,
)
from dcstudio.core.platforms.meta.publish.tokens import Credentials
from dcstudio.core.platforms.meta.publish.transport import POLL, ExchangeFailed, exchange, new_session, seconds
from dcstudio.core.platforms.meta.publish.usage import Usage
from dcstudio.core.values.api_version import DEFAULT_API_VERSION, check_api_version
from dcstudio.core.values.errors import BadInputError, Cancelled
from dcstudio.core.values.json_input import parse_json
from dcstudio.core.values.urls import scheme_problem, shown_url

DEFAULT_API_BASE = "https://graph.facebook.com"
USAGE_WARNING = 75.0  # percent of a rate limit at which the user is told
CALL_DEADLINE = 120.0  # seconds one attempt may take, connect to last byte (an image upload too)
CONNECT_TIMEOUT = 10.0
MIN_CALL_DEADLINE = 1.0  # an attempt's deadline when the cap on waiting is (nearly) spent
TOKEN_CHECK_WAIT = 15.0  # `token check` and the dialog's check: seconds in all, then it says why
LOOKUP_WAIT = 30.0  # a picker's look-up: seconds in all, retries included
log = logging.getLogger("dcstudio.publish")


class _ScrubFilter(logging.Filter):
    """urllib3 logs every request line, query string included: take secrets out of it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


for _name in ("urllib3.connectionpool", "urllib3.util.retry", "requests"):
    logging.getLogger(_name).addFilter(_ScrubFilter())


def check_api_base(url: str) -> str:
    """https anywhere; plain http only to this machine (the test server)."""
    try:
        parsed = urlparse(url.strip())
    except ValueError:  # "https://[::1": a bracket never closed
        raise BadInputError("--api-base is not a URL that can be read: give one such as "
                            f"{DEFAULT_API_BASE}") from None
    try:
        port_ok = parsed.port is None or parsed.port > 0
    except ValueError:  # not a number, or out of range
        port_ok = False
    if not port_ok:
        raise BadInputError("--api-base: the port must be a number from 1 to 65535")
    problem = scheme_problem(parsed)
    if problem == "not-http":
        raise BadInputError(f"--api-base is not an http(s) URL: give one such as {DEFAULT_API_BASE}")
    if problem == "plain-http":
        raise BadInputError(f"--api-base {shown_url(parsed)}: plain http is allowed only to this machine "
                            "(127.0.0.1, localhost); use https")
    if parsed.query or parsed.fragment or parsed.params or parsed.username or parsed.password:
        raise BadInputError(f"--api-base {shown_url(parsed)}: give it without a user name, password, query, "
                            "';' parameters or fragment (the token comes from the keyring)")
    return url.strip().rstrip("/")


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for: a number of seconds or an HTTP date."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def waiting_time(value: float) -> str:
    if value < 120:
        return f"{value:.0f} s"
    if value < 7200:
        return f"about {value / 60:.0f} min"
    return f"about {value / 3600:.1f} h"


def encode_params(params: dict) -> dict:
    """Form fields as the SDK sends them: lists, dicts and booleans JSON-encoded as strings."""
    out = {}
    for key, value in params.items():
        if isinstance(value, (dict, list, tuple, bool)):
            out[key] = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        elif value is None:
            continue
        else:
            out[key] = str(value)
    return out


MAX_EMPTY_PAGES = 3  # empty pages in a row that still claim a next one, followed before giving up


@dataclass(frozen=True)
class Search:
    """What ``GraphClient.search`` found: the item (or None), how many items and pages it read,
    and whether the list was read to its end (or to the item)."""

    item: dict | None
    read: int
    pages: int
    complete: bool
    stopped_by: str | None = None  # when not complete: "limit", or "empty pages" (see search)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    base_delay: float = 1.0  # seconds; doubles each attempt, with jitter
    max_delay: float = 60.0
    max_total_wait: float = 300.0  # the cap the user sees (--max-wait): never wait longer in all,
    # counting retry pauses and the time of attempts that brought no usable answer


class GraphClient:
    """One account's conversation with the Graph API. Thread-safe: one requests.Session per thread."""

    def __init__(self, credentials: Credentials | None, *, api_base: str = DEFAULT_API_BASE,
                 api_version: str = DEFAULT_API_VERSION, timeout: float = CALL_DEADLINE,
                 retry: RetryPolicy = RetryPolicy(), sleep: Callable[[float], None] | None = None,
                 notify: Callable[[str], None] | None = None, cancel: threading.Event | None = None,
                 rng: random.Random | None = None):
        self.credentials = credentials
        self.api_base = check_api_base(api_base)
        self.api_version = check_api_version(api_version)
        self.timeout = float(timeout)  # one attempt's deadline, connect to last byte
        self.retry = retry
        self.cancel = cancel or threading.Event()
        self._sleep = sleep
        self.notify = notify or (lambda message: None)
        self.usage: Usage | None = None
        self._usage_warned = False
        self.calls = 0
        self.waited = 0.0
        self._rng = rng or random.Random()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[requests.Session] = []

    @classmethod
    def for_token_check(cls, credentials: Credentials, *, api_base: str = DEFAULT_API_BASE,
                        api_version: str = DEFAULT_API_VERSION, max_wait: float = TOKEN_CHECK_WAIT,
                        cancel: threading.Event | None = None) -> GraphClient:
        """A client for the one GET /me of a token check: someone is waiting for the answer,
        so it gives up after ``max_wait`` seconds in all rather than a publish's minutes."""
        return cls(credentials, api_base=api_base, api_version=api_version,
                   timeout=min(CALL_DEADLINE, max(max_wait, MIN_CALL_DEADLINE)),
                   retry=RetryPolicy(max_attempts=3, max_total_wait=max_wait), cancel=cancel)

    @classmethod
    def for_lookup(cls, credentials: Credentials, *, api_base: str = DEFAULT_API_BASE,
                   api_version: str = DEFAULT_API_VERSION, max_wait: float = LOOKUP_WAIT,
                   cancel: threading.Event | None = None) -> GraphClient:
        """A client for a picker's look-ups (pages, Instagram accounts, lead forms): someone is
        waiting, so retries stop after ``max_wait`` seconds in all; ``cancel`` ends a call at once."""
        return cls(credentials, api_base=api_base, api_version=api_version,
                   timeout=min(CALL_DEADLINE, max(max_wait, MIN_CALL_DEADLINE)),
                   retry=RetryPolicy(max_attempts=3, max_total_wait=max_wait), cancel=cancel)

    # -- plumbing -------------------------------------------------------------------------
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = new_session()
            session.headers["User-Agent"] = "dcstudio"
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def _forget_session(self) -> None:
        """After an abandoned exchange its worker may still use the session: take a new one."""
        session = getattr(self._local, "session", None)
        self._local.session = None
        if session is not None:
            with self._lock:
                if session in self._sessions:
                    self._sessions.remove(session)

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    def url(self, path: str) -> str:
        return f"{self.api_base}/{self.api_version}/{path.lstrip('/')}"

    def _auth(self) -> tuple[dict, dict]:
        """(headers, parameters) that authenticate a call."""
        if self.credentials is None:
            return {}, {}
        proof = {"appsecret_proof": self.credentials.appsecret_proof()} if self.credentials.app_secret else {}
        return {"Authorization": f"Bearer {self.credentials.token}"}, proof

    def _allowed(self) -> float:
        """Seconds this attempt may take: the call's deadline, shortened to what is left of the
        cap on waiting, since an attempt that brings no answer is time spent waiting."""
        left = self.retry.max_total_wait - self.waited
        return min(self.timeout, max(left, MIN_CALL_DEADLINE))

    def _wait(self, seconds: float, stop: threading.Event | None = None) -> None:
        if self._sleep is not None:
            self._sleep(seconds)
        elif stop is None:
            self.cancel.wait(seconds)
        else:
            end = time.monotonic() + seconds
            while not (self.cancel.is_set() or stop.is_set()) and time.monotonic() < end:
                self.cancel.wait(min(POLL, max(0.0, end - time.monotonic())))
        self._check_stopped(stop)

    def _check_stopped(self, stop: threading.Event | None) -> None:
        if self.cancel.is_set() or (stop is not None and stop.is_set()):
            raise Cancelled("publish cancelled")

    # -- one attempt ----------------------------------------------------------------------
    def _send(self, method: str, path: str, params: dict, stop: threading.Event | None = None,
              files: dict | None = None) -> dict:
        self._check_stopped(stop)
        headers, proof = self._auth()
        fields = {**encode_params(params), **proof}
        started = time.monotonic()
        failure = ""
        try:
            answer = exchange(self._session(), method, self.url(path), allowed=self._allowed(), cancel=self.cancel,
                              connect_timeout=CONNECT_TIMEOUT, headers=headers,
                              **({"params": fields} if method == "GET" else {"data": fields}),
                              **({"files": files} if files else {}))
        except ExchangeFailed as exc:
            failure = exc.reason
            if exc.abandoned:
                self._forget_session()
        except Cancelled:
            self._forget_session()
            raise
        if failure:
            raise NetworkError(f"{method} {path}: {failure}")
        with self._lock:
            self.calls += 1
        usage = Usage.from_headers(answer.headers)
        if usage is not None:
            self.usage = usage
            if usage.peak_percent >= USAGE_WARNING and not self._usage_warned:
                self._usage_warned = True  # once per client: the figure is in every later answer too
                self.notify(f"close to Meta's rate limit ({usage.describe()}); calls may be slowed down")
        status = answer.status
        log.debug("%s %s -> HTTP %s in %.2f s", method, path, status, time.monotonic() - started)
        try:
            body = parse_json(answer.body.decode("utf-8"))
        except ValueError:  # a proxy's page, a cut-off body, bytes that are not UTF-8
            body = None
        if status >= 400 or (isinstance(body, dict) and "error" in body):
            waits = [w for w in (usage.regain_seconds if usage else None,
                                 retry_after(answer.headers.get("Retry-After"))) if w]
            raise error_from_body(status, body, usage, max(waits) if waits else None)
        if not isinstance(body, dict):
            # The call may well have been carried out and only its answer spoilt on the way:
            # for the retry loop that is a lost answer, so a create is looked up before it is resent.
            raise NetworkError(f"{method} {path}: the answer could not be read (not a JSON object)",
                               http_status=status)
        return body

    # -- with retries ---------------------------------------------------------------------
    def request(self, method: str, path: str, params: dict | None = None, *,
                recover: Callable[[], dict | None] | None = None, stop: threading.Event | None = None,
                files: dict | None = None) -> dict:
        """Sends one call, retrying what can be retried. ``files``: multipart file fields
        (a video chunk), sent with the form fields.

        ``recover`` (creates only): called before re-sending after an answer was lost (dropped
        connection, timeout, 5xx), when the object may exist already; a dict it returns is taken
        as the call's answer, so a create is never sent twice.
        ``stop``: once set, the call raises Cancelled before its next attempt or during a pause,
        but unlike ``cancel`` it never abandons an attempt under way: the server may have carried
        it out, and only its answer tells what it made (an image's hash).
        """
        params = dict(params or {})
        policy = self.retry
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            try:
                return self._send(method, path, params, stop, files)
            except GraphError as exc:
                if not exc.retryable:
                    raise
                with self._lock:  # an attempt that brought no usable answer was time spent waiting
                    self.waited += time.monotonic() - started
                ids = {"code": exc.code, "subcode": exc.subcode, "http_status": exc.http_status,
                       "fbtrace_id": exc.fbtrace_id, "usage": exc.usage, "retry_after": exc.retry_after}
                if attempt >= policy.max_attempts:
                    spent = RetryLimitError(f"gave up after {attempt} attempts: {exc.text}", **ids)
                    spent.last_error = exc
                    raise spent from None
                delay = min(policy.max_delay, policy.base_delay * 2 ** (attempt - 1))
                delay = delay / 2 + self._rng.uniform(0, delay / 2)  # jitter: callers do not retry in step
                if exc.retry_after:
                    delay = max(delay, exc.retry_after)
                remaining = policy.max_total_wait - self.waited
                if delay > remaining:
                    asked = f"the server asks to wait {waiting_time(exc.retry_after)}; " if exc.retry_after else ""
                    capped = RetryLimitError(f"{exc.text}. {asked}waiting {seconds(delay)} s more would pass the cap "
                                             f"of {seconds(policy.max_total_wait)} s of waiting (--max-wait; "
                                             f"{seconds(max(0.0, self.waited))} s spent already); try again later",
                                             **ids)
                    capped.last_error = exc
                    raise capped from None
                kind = "rate limited" if isinstance(exc, RateLimitError) else "temporary failure"
                self.notify(f"{kind} ({exc}); waiting {delay:.1f} s before attempt {attempt + 1} of "
                            f"{policy.max_attempts} (waited {self.waited:.0f} of at most "
                            f"{policy.max_total_wait:.0f} s)")
                self._wait(delay, stop)
                with self._lock:
                    self.waited += delay
                lost = isinstance(exc, NetworkError) or (exc.http_status or 0) >= 500
                if recover is not None and method == "POST" and lost:
                    found = recover()
                    if found is not None:
                        self.notify(f"POST {path}: the first answer was lost but the object exists; not sending again")
                        return found

    def get(self, path: str, params: dict | None = None) -> dict:
        return self.request("GET", path, params)

    def post(self, path: str, params: dict | None = None, *, recover=None,
             stop: threading.Event | None = None, files: dict | None = None) -> dict:
        return self.request("POST", path, params, recover=recover, stop=stop, files=files)

    def pages(self, path: str, params: dict | None = None) -> Iterator[tuple[list[dict], bool]]:
        """A list edge page by page, following the ``after`` cursor: (its items, whether the
        server says more follow). The caller decides when to stop."""
        params = dict(params or {})
        while True:
            page = self.get(path, params)
            items = [x for x in page.get("data", []) if isinstance(x, dict)]
            paging = page.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            more = bool(after and paging.get("next"))
            yield items, more
            if not more:
                return
            params["after"] = after

    def search(self, path: str, params: dict | None, match: Callable[[dict], bool], *,
               max_items: int | None) -> Search:
        """The first item of a list edge that ``match`` accepts, read page by page and stopping
        at the match. ``max_items`` (None: no cap) bounds how many items are read: when it is
        reached with more to come, the answer says it is incomplete, because "not found" then
        proves nothing. Empty pages that still point to a next one are followed a few times,
        then the search stops as incomplete rather than loop for ever."""
        read = pages = empty_run = 0
        for items, more in self.pages(path, params):
            pages += 1
            for item in items:
                read += 1
                if match(item):
                    return Search(item, read, pages, complete=True)
            if not more:
                break
            empty_run = 0 if items else empty_run + 1
            if empty_run > MAX_EMPTY_PAGES:
                return Search(None, read, pages, complete=False, stopped_by="empty pages")
            if max_items is not None and read >= max_items:
                return Search(None, read, pages, complete=False, stopped_by="limit")
        return Search(None, read, pages, complete=True)

    def each(self, path: str, params: dict | None = None) -> Iterator[dict]:
        """Every item of a list edge (an empty page that claims more ends it: it would loop)."""
        for items, _more in self.pages(path, params):
            yield from items
            if not items:
                return

    def me(self) -> dict:
        """GET /me: the cheapest check that the token works."""
        return self.get("me", {"fields": "id,name"})

    def check_token(self) -> dict:
        """GET /me, telling a token the server refuses (AuthError) from a server that could not
        be reached (GraphUnreachable): offline is no verdict on the token."""
        try:
            return self.me()
        except GraphError as exc:
            if is_unreachable(exc):
                last = exc.last_error if isinstance(exc, RetryLimitError) and exc.last_error else exc
                raise GraphUnreachable(f"{UNREACHABLE}: {last.text}") from None
            raise
