"""The insights database of a project: ``publish/insights.sqlite`` in the project folder.

One row per ad, asset and day (``asset_days``), whatever brought it: a Marketing API fetch, an
Ads Manager export. Writing a range replaces what that range covers for the ad and kind (a
refetch is idempotent, and a day Meta corrected is corrected here), and the rows it replaces
move to ``asset_days_history`` with the time they were fetched, so nothing fetched is lost.
``asset_links`` joins each (ad, kind, platform asset) to the project's asset and to the version
of it the ad showed; ``combination_days`` holds analytics rows per combination of assets.

The schema is versioned (``meta.schema_version``); a file of a newer version is refused with
a message rather than written over.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from dcstudio.core.insights.store_file import FILE  # its home: the window reads it without loading the store
from dcstudio.core.values.errors import ProjectFileError

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS asset_days (
    ad_id TEXT NOT NULL, kind TEXT NOT NULL, asset_key TEXT NOT NULL, day TEXT NOT NULL,
    impressions INTEGER NOT NULL, clicks INTEGER NOT NULL, spend REAL NOT NULL, reach INTEGER,
    actions TEXT NOT NULL DEFAULT '{}', action_values TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL, fetched_at TEXT NOT NULL,
    PRIMARY KEY (ad_id, kind, asset_key, day));
CREATE TABLE IF NOT EXISTS asset_days_history (
    ad_id TEXT, kind TEXT, asset_key TEXT, day TEXT, impressions INTEGER, clicks INTEGER, spend REAL,
    reach INTEGER, actions TEXT, action_values TEXT, source TEXT, fetched_at TEXT, replaced_at TEXT);
CREATE TABLE IF NOT EXISTS asset_links (
    ad_id TEXT NOT NULL, kind TEXT NOT NULL, asset_key TEXT NOT NULL,
    project_id TEXT, version TEXT NOT NULL, current INTEGER NOT NULL, name TEXT NOT NULL,
    value TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (ad_id, kind, asset_key));
CREATE TABLE IF NOT EXISTS ads (
    ad_id TEXT PRIMARY KEY, adset_id TEXT, campaign_id TEXT, name TEXT, ad_format TEXT,
    publish_id TEXT, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS combination_days (
    combination TEXT NOT NULL, day TEXT NOT NULL, sessions INTEGER NOT NULL, conversions INTEGER NOT NULL,
    revenue REAL NOT NULL, source TEXT NOT NULL, imported_at TEXT NOT NULL,
    PRIMARY KEY (combination, day));
CREATE TABLE IF NOT EXISTS fetches (
    started TEXT NOT NULL, finished TEXT, since TEXT, until TEXT, what TEXT, calls INTEGER, rows INTEGER,
    note TEXT);
CREATE INDEX IF NOT EXISTS asset_days_kind ON asset_days (kind, asset_key);
"""


def now_text() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class AssetDay:
    """One asset's figures in one ad on one day. ``actions``/``action_values``: action type ->
    count / value, as Meta's lists give them."""

    ad_id: str
    kind: str  # image, video, title, body, description, call_to_action, link_url, ad_format
    asset_key: str  # the platform's asset id (or, for an export without ids, a key of its value)
    day: str  # YYYY-MM-DD
    impressions: int
    clicks: int
    spend: float
    reach: int | None = None
    actions: dict | None = None
    action_values: dict | None = None


@dataclass(frozen=True)
class AssetLink:
    """What a platform asset of an ad is in the project: ``project_id`` (None when unknown),
    ``version`` (a key of the value the ad showed), ``current`` (the project still shows it)."""

    ad_id: str
    kind: str
    asset_key: str
    project_id: str | None
    version: str
    current: bool
    name: str
    value: dict | None = None


@dataclass(frozen=True)
class AdInfo:
    ad_id: str
    adset_id: str = ""
    campaign_id: str = ""
    name: str = ""
    ad_format: str = ""
    publish_id: str = ""
    source: str = "meta"


@dataclass(frozen=True)
class CombinationDay:
    combination: tuple[str, ...]  # project asset ids, sorted
    day: str
    sessions: int
    conversions: int
    revenue: float


class InsightsStore:
    """The project's insights file. One connection per thread (``sqlite3`` connections are not
    shared between threads): a worker and the window may each hold one."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()

    @classmethod
    def for_project(cls, folder) -> InsightsStore:
        return cls.open(Path(folder) / FILE)

    @classmethod
    def open(cls, path) -> InsightsStore:
        store = cls(path)
        store.path.parent.mkdir(parents=True, exist_ok=True)
        store._connection()
        return store

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=30)
                conn.execute("PRAGMA journal_mode=WAL")
                version = self._version(conn)
            except sqlite3.DatabaseError as exc:
                raise ProjectFileError(self.path, f"the insights database cannot be read ({exc}); move it away "
                                                  "and fetch again") from None
            if version is not None and version > SCHEMA_VERSION:
                conn.close()
                raise ProjectFileError(self.path, f"insights schema version {version} is newer than this dcstudio "
                                                  f"reads ({SCHEMA_VERSION}); update dcstudio")
            with conn:
                conn.executescript(_SCHEMA)
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self._local.conn = conn
        return conn

    @staticmethod
    def _version(conn) -> int | None:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone():
            return None
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row and str(row[0]).isdigit() else None

    def schema_version(self) -> int | None:
        return self._version(self._connection())

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- writing ----------------------------------------------------------------------------
    def replace_range(self, ad_id: str, kind: str, since: str, until: str, rows: Iterable[AssetDay], *,
                      source: str, fetched_at: str | None = None) -> int:
        """Stores what one call brought for ``ad_id`` and ``kind`` over ``since``..``until``
        (days, inclusive): the rows it covers are replaced (the old ones go to history)."""
        fetched_at = fetched_at or now_text()
        rows = list(rows)
        conn = self._connection()
        with conn:
            where = "ad_id=? AND kind=? AND day BETWEEN ? AND ?"
            args = (ad_id, kind, since, until)
            conn.execute(f"INSERT INTO asset_days_history SELECT *, ? FROM asset_days WHERE {where}",
                         (fetched_at, *args))
            conn.execute(f"DELETE FROM asset_days WHERE {where}", args)
            self._insert(conn, rows, source, fetched_at)
        return len(rows)

    def upsert(self, rows: Iterable[AssetDay], *, source: str, fetched_at: str | None = None) -> int:
        """Stores rows one by one: a row of the same ad, kind, asset and day replaces the old
        one (kept in history). For imports, which cover no clear range."""
        fetched_at = fetched_at or now_text()
        rows = list(rows)
        conn = self._connection()
        with conn:
            conn.executemany("INSERT INTO asset_days_history SELECT *, ? FROM asset_days "
                             "WHERE ad_id=? AND kind=? AND asset_key=? AND day=?",
                             [(fetched_at, r.ad_id, r.kind, r.asset_key, r.day) for r in rows])
            self._insert(conn, rows, source, fetched_at)
        return len(rows)

    @staticmethod
    def _insert(conn, rows, source, fetched_at) -> None:
        conn.executemany(
            "INSERT OR REPLACE INTO asset_days VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(r.ad_id, r.kind, r.asset_key, r.day, int(r.impressions), int(r.clicks), float(r.spend), r.reach,
              json.dumps(r.actions or {}, sort_keys=True), json.dumps(r.action_values or {}, sort_keys=True),
              source, fetched_at) for r in rows])

    def link_assets(self, links: Iterable[AssetLink]) -> None:
        conn = self._connection()
        with conn:
            conn.executemany("INSERT OR REPLACE INTO asset_links VALUES (?,?,?,?,?,?,?,?)",
                             [(x.ad_id, x.kind, x.asset_key, x.project_id, x.version, int(x.current), x.name,
                               json.dumps(x.value or {}, sort_keys=True)) for x in links])

    def put_ads(self, ads: Iterable[AdInfo]) -> None:
        conn = self._connection()
        with conn:
            conn.executemany("INSERT OR REPLACE INTO ads VALUES (?,?,?,?,?,?,?)",
                             [(a.ad_id, a.adset_id, a.campaign_id, a.name, a.ad_format, a.publish_id, a.source)
                              for a in ads])

    def put_combinations(self, rows: Iterable[CombinationDay], *, source: str) -> int:
        rows = list(rows)
        at = now_text()
        conn = self._connection()
        with conn:
            conn.executemany("INSERT OR REPLACE INTO combination_days VALUES (?,?,?,?,?,?,?)",
                             [("+".join(sorted(r.combination)), r.day, int(r.sessions), int(r.conversions),
                               float(r.revenue), source, at) for r in rows])
        return len(rows)

    def record_fetch(self, *, started: str, since: str, until: str, what: str, calls: int, rows: int,
                     note: str = "") -> None:
        conn = self._connection()
        with conn:
            conn.execute("INSERT INTO fetches VALUES (?,?,?,?,?,?,?,?)",
                         (started, now_text(), since, until, what, calls, rows, note))

    # -- reading ----------------------------------------------------------------------------
    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self._connection().execute(sql, params).fetchall()

    def count(self, table: str = "asset_days") -> int:
        if table not in ("asset_days", "asset_days_history", "asset_links", "ads", "combination_days", "fetches"):
            raise ValueError(f"no table {table!r}")
        return self.query(f"SELECT COUNT(*) FROM {table}")[0][0]

    def ads(self) -> dict[str, AdInfo]:
        return {r[0]: AdInfo(*r) for r in self.query("SELECT * FROM ads")}

    def links(self) -> dict[tuple[str, str, str], AssetLink]:
        out = {}
        for row in self.query("SELECT * FROM asset_links"):
            out[row[:3]] = AssetLink(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], json.loads(row[7]))
        return out

    def rows(self, *, kind: str | None = None) -> list[AssetDay]:
        sql = ("SELECT ad_id, kind, asset_key, day, impressions, clicks, spend, reach, actions, action_values "
               "FROM asset_days" + (" WHERE kind=?" if kind else "") + " ORDER BY day")
        return [AssetDay(*r[:8], json.loads(r[8]), json.loads(r[9])) for r in self.query(sql, (kind,) if kind else ())]

    def action_types(self) -> set[str]:
        return {r[0] for r in self.query("SELECT DISTINCT key FROM asset_days, json_each(asset_days.actions)")}

    def judged_rows(self, action_type: str | None) -> list[tuple]:
        """(ad_id, kind, asset_key, day, impressions, clicks, spend, conversions of ``action_type``)
        per row, the conversions read inside SQLite (the judging reads nothing else)."""
        path = "$." + json.dumps(action_type) if action_type else None
        return self.query("SELECT ad_id, kind, asset_key, day, impressions, clicks, spend, "
                          "CAST(COALESCE(json_extract(actions, ?), 0) AS INTEGER) FROM asset_days ORDER BY day",
                          (path,))

    def combinations(self) -> list[CombinationDay]:
        return [CombinationDay(tuple(c.split("+")), d, s, v, rev)
                for c, d, s, v, rev in self.query("SELECT combination, day, sessions, conversions, revenue "
                                                  "FROM combination_days ORDER BY day")]
