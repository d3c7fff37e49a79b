"""What a token can pick from by name: its Pages, a Page's Instagram accounts, a Page's lead forms.

Each look-up returns ``Named`` records (id, name, and a short detail to show beside them) in
the order the Graph API lists them. They are meant to run on a worker thread: ``progress`` is
called with the number of records read so far after each page of the list, and ``cancel``
(by default the client's own cancel event) stops the read between pages with Cancelled. Build
the client with the same event (``GraphClient.for_lookup(credentials, cancel=event)``) and a
call under way is abandoned at once too.

A server that cannot be reached raises GraphUnreachable ("cannot reach the Graph API
(offline?)"), so a picker can fall back to a typed id; every other refusal is the Graph error.

Fields are the ones Meta documents and the facebook_business SDK declares: Page ``id, name,
instagram_business_account`` (``/me/accounts``, ``/{page-id}``), IG User ``id, username``
(``/{page-id}/instagram_accounts``) and LeadgenForm ``id, name, status``
(``/{page-id}/leadgen_forms``).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from dcstudio.core.platforms.meta.publish.graph_errors import (
    UNREACHABLE,
    GraphError,
    GraphUnreachable,
    RetryLimitError,
    is_unreachable,
)
from dcstudio.core.values.errors import BadInputError, Cancelled

LIST_PAGE = 100  # records asked for per page of a list (the server may send fewer)
LIST_LIMIT = 2000  # records read at most per look-up: a picker longer than this is not read whole
ID_DIGITS = (5, 25)  # a Graph object id: digits only, and of a sensible length

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Named:
    """One thing to pick: its id, its name, and a detail shown beside it ("business account",
    "ARCHIVED")."""

    id: str
    name: str
    detail: str = ""

    @property
    def label(self) -> str:
        shown = self.name or "(no name)"
        return f"{shown} ({self.detail}, id {self.id})" if self.detail else f"{shown} (id {self.id})"


def check_object_id(value: str, what: str = "page id") -> str:
    """A Graph object id as typed: digits only, 5 to 25 of them. Raises BadInputError naming it."""
    text = (value or "").strip()
    low, high = ID_DIGITS
    if not text.isascii() or not text.isdigit():
        raise BadInputError(f"{what} {text!r}: an id is digits only (as Meta shows it, e.g. 104857600012345)")
    if not low <= len(text) <= high:
        raise BadInputError(f"{what} {text!r}: {len(text)} digits; a Meta id has {low} to {high}")
    return text


def _clean_name(value) -> str:
    """A name as the server sent it, on one line (names are the Page owner's free text)."""
    return " ".join(str(value or "").split())


def _record(item: dict, name_field: str = "name", detail: str = "") -> Named | None:
    object_id = str(item.get("id") or "")
    if not object_id.isdigit():  # the server sent no usable id: nothing to pick
        return None
    return Named(object_id, _clean_name(item.get(name_field)), detail)


@contextmanager
def _reachable():
    try:
        yield
    except GraphError as exc:
        if not is_unreachable(exc):
            raise
        last = exc.last_error if isinstance(exc, RetryLimitError) and exc.last_error else exc
        raise GraphUnreachable(f"{UNREACHABLE}: {last.text}") from None


def _read_list(client, path: str, fields: str, make: Callable[[dict], Named | None], *,
               progress: Progress | None, cancel: threading.Event | None, max_items: int | None) -> list[Named]:
    stop = cancel if cancel is not None else client.cancel
    params = {"fields": fields, "limit": LIST_PAGE}
    with _reachable():
        return _read_pages(client, path, params, make, progress=progress, stop=stop, max_items=max_items)


def _read_pages(client, path, params, make, *, progress, stop, max_items) -> list[Named]:
    out: list[Named] = []
    seen: set[str] = set()
    for items, more in client.pages(path, params):
        for item in items:
            record = make(item)
            if record is not None and record.id not in seen:
                seen.add(record.id)
                out.append(record)
        if progress is not None:
            progress(len(out))
        if not more or not items or (max_items is not None and len(out) >= max_items):
            break
        if stop.is_set():
            raise Cancelled("look-up cancelled")
    return out[:max_items] if max_items is not None else out


def list_pages(client, *, progress: Progress | None = None, cancel: threading.Event | None = None,
               max_items: int | None = LIST_LIMIT) -> list[Named]:
    """The Pages the token's user can act for (GET /me/accounts, every page of the list)."""
    return _read_list(client, "me/accounts", "id,name", _record, progress=progress, cancel=cancel,
                      max_items=max_items)


def list_instagram_accounts(client, page_id: str, *, progress: Progress | None = None,
                            cancel: threading.Event | None = None,
                            max_items: int | None = LIST_LIMIT) -> list[Named]:
    """The Instagram accounts a Page's ads can run as: the Page's linked business account
    (its ``instagram_business_account`` field) first, then those of
    ``/{page-id}/instagram_accounts``, each once. The name shown is the @username."""
    page_id = check_object_id(page_id)
    stop = cancel if cancel is not None else client.cancel
    with _reachable():
        page = client.get(page_id, {"fields": "id,name,instagram_business_account{id,username}"})
    out: list[Named] = []
    linked = page.get("instagram_business_account")
    if isinstance(linked, dict):
        record = _record(linked, "username", "business account")
        if record is not None:
            out.append(record)
    if progress is not None:
        progress(len(out))
    if stop.is_set():
        raise Cancelled("look-up cancelled")
    rest = _read_list(client, f"{page_id}/instagram_accounts", "id,username",
                      lambda item: _record(item, "username"), progress=None, cancel=cancel, max_items=max_items)
    known = {r.id for r in out}
    out += [r for r in rest if r.id not in known]
    if progress is not None:
        progress(len(out))
    return out[:max_items] if max_items is not None else out


def list_lead_forms(client, page_id: str, *, progress: Progress | None = None, cancel: threading.Event | None = None,
                    include_archived: bool = False, max_items: int | None = LIST_LIMIT) -> list[Named]:
    """A Page's instant forms (GET /{page-id}/leadgen_forms); only ACTIVE ones unless
    ``include_archived``, since an ad cannot use an archived form. The detail is the status
    when it is not ACTIVE.

    UNCONFIRMED: Meta's pages on this edge speak of a Page access token; the user token is
    sent here (no Page token is asked for, so none has to be kept safe). A refusal comes back
    as the Graph error (GraphPermissionError) naming the missing permission."""
    page_id = check_object_id(page_id)

    def make(item: dict) -> Named | None:
        status = str(item.get("status") or "")
        if status not in ("", "ACTIVE") and not include_archived:
            return None
        return _record(item, "name", "" if status in ("", "ACTIVE") else status)

    return _read_list(client, f"{page_id}/leadgen_forms", "id,name,status", make, progress=progress,
                      cancel=cancel, max_items=max_items)
