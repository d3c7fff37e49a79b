"""The Pages side of the fake Graph API: /me/accounts, a Page's fields, its
instagram_accounts and leadgen_forms edges, paged with an ``after`` cursor like every list.

Fields are checked against what Meta documents for each node (and the SDK declares): asking
for one the node does not have is refused as Graph refuses it, so a client asking for a made-up
field fails here too.
"""
from __future__ import annotations

import threading

from tests.fake_graph.graph_state import ApiError, invalid

PAGE_FIELDS = {"id", "name", "category", "tasks", "instagram_business_account"}
IG_USER_FIELDS = {"id", "username", "name", "profile_picture_url"}
LEADGEN_FORM_FIELDS = {"id", "name", "status", "locale", "created_time"}
EDGE_FIELDS = {"instagram_accounts": IG_USER_FIELDS, "leadgen_forms": LEADGEN_FORM_FIELDS}


def split_fields(raw: str) -> list[tuple[str, list]]:
    """``id,name,instagram_business_account{id,username}`` -> [(field, subfields)], commas
    inside braces kept with their field (Graph's field expansion)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(raw + ","):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            part = raw[start:i].strip()
            start = i + 1
            if not part:
                continue
            name, _, rest = part.partition("{")
            out.append((name, [f for f, _ in split_fields(rest[:-1])] if rest else []))
    return out


def _pick(record: dict, wanted: list[tuple[str, list]], allowed: set, node: str, sub_allowed=None) -> dict:
    out = {}
    for name, sub in wanted:
        if name not in allowed:
            raise invalid(f"(#100) Tried accessing nonexisting field ({name}) on node type ({node})")
        if name not in record:
            continue
        value = record[name]
        if sub and isinstance(value, dict):
            bad = [f for f in sub if f not in (sub_allowed or set())]
            if bad:
                raise invalid(f"(#100) Tried accessing nonexisting field ({bad[0]}) on node type (IGUser)")
            value = {f: value[f] for f in sub if f in value} | {"id": value["id"]}
        out[name] = value
    out["id"] = record["id"]
    return out


class PageDirectory:
    """The Pages the test user can act for, each with its Instagram accounts and lead forms."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pages: dict[str, dict] = {}  # id -> {id, name, instagram_business_account?}
        self.instagram: dict[str, list[dict]] = {}  # page id -> IG users of /instagram_accounts
        self.forms: dict[str, list[dict]] = {}  # page id -> lead forms
        self.refused_edges: set[tuple[str, str]] = set()  # (page id, edge) answered with error 200
        self.max_page_size: int | None = None

    def add_page(self, page_id: str, name: str, *, business_account: dict | None = None,
                 instagram: list[dict] = (), forms: list[dict] = ()) -> None:
        with self.lock:
            page = {"id": page_id, "name": name, "category": "Brand", "tasks": ["ADVERTISE"]}
            if business_account:
                page["instagram_business_account"] = dict(business_account)
            self.pages[page_id] = page
            self.instagram[page_id] = [dict(x) for x in instagram]
            self.forms[page_id] = [{"status": "ACTIVE", **f} for f in forms]

    def has(self, object_id: str) -> bool:
        return object_id in self.pages

    def accounts(self, q: dict) -> dict:
        with self.lock:
            items = list(self.pages.values())
        wanted = split_fields(q.get("fields", "id,name"))
        return self._paged([_pick(p, wanted, PAGE_FIELDS, "Page", IG_USER_FIELDS) for p in items], q)

    def read(self, page_id: str, q: dict) -> dict:
        with self.lock:
            page = dict(self.pages[page_id])
        return _pick(page, split_fields(q.get("fields", "id,name")), PAGE_FIELDS, "Page", IG_USER_FIELDS)

    def edge(self, page_id: str, edge: str, q: dict) -> dict:
        if page_id not in self.pages:
            raise ApiError(100, f"Unsupported get request. Object with ID '{page_id}' does not exist",
                           subcode=33, error_type="GraphMethodException")
        if (page_id, edge) in self.refused_edges:
            raise ApiError(200, "(#200) Requires pages_manage_ads permission to manage the object",
                           error_type="OAuthException")
        with self.lock:
            items = list((self.instagram if edge == "instagram_accounts" else self.forms)[page_id])
        node = "IGUser" if edge == "instagram_accounts" else "LeadgenForm"
        wanted = split_fields(q.get("fields", "id"))
        return self._paged([_pick(x, wanted, EDGE_FIELDS[edge], node) for x in items], q)

    def _paged(self, items: list[dict], q: dict) -> dict:
        try:
            start, limit = int(q.get("after", "0") or 0), int(q.get("limit", "25"))
        except ValueError:
            raise invalid("after and limit must be numbers") from None
        if self.max_page_size:
            limit = min(limit, self.max_page_size)
        body = {"data": items[start:start + limit]}
        if start + limit < len(items):
            body["paging"] = {"cursors": {"after": str(start + limit)}, "next": "https://fake.test/next"}
        return body
