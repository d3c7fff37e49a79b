"""Builds ``products`` from a raw relation of VARCHAR columns, into a temporary database file that
replaces the catalog only when it is complete (a failed or cancelled build leaves the old one).

The raw relation has ``__row`` (1-based data row), optionally ``__line``, and one column per feed
column, named ``c0``, ``c1``, ... (the feed's own names can be anything, duplicates included).
"""
from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from dcstudio.core.catalog.fields import (
    EXTRA_COLUMN,
    META_FIELDS,
    store_column,
)
from dcstudio.core.catalog.store import INFO, LOAD_MEMORY_LIMIT, MEMORY_LIMIT, PRODUCTS, ROWS, CatalogError
from dcstudio.core.values.errors import Cancelled

# "9.99 USD": a number, a space, a three-letter code. What does not match stays NULL in the parsed
# columns (the lint says why); the column itself keeps the value as written.
PRICE_RE = r"^\s*([0-9]{1,30}(\.[0-9]{1,10})?)\s+([A-Za-z]{3})\s*$"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def plan_columns(header: Sequence[str],
                 mapping: dict[str, str] | None = None) -> tuple[dict[str, list[int]], list[int]]:
    """(store column -> the raw column indexes that fill it, the indexes that go in ``extra``).

    ``mapping`` (feed column -> store column) overrides the names; a field named twice keeps its
    first column, the second goes in ``extra`` (only ``additional_image_link`` gathers several).
    """
    mapping = mapping or {}
    fields: dict[str, list[int]] = {}
    extra: list[int] = []
    for i, name in enumerate(header):
        target = mapping.get(name) or store_column(name)
        if target not in META_FIELDS:
            target = None
        if target and (target not in fields or target == "additional_image_link"):
            fields.setdefault(target, []).append(i)
        else:
            extra.append(i)
    return fields, extra


def used_mapping(header: Sequence[str], fields: dict[str, list[int]]) -> dict[str, str]:
    """The mapping to record: the feed columns whose name is not their store column's."""
    return {header[i]: target for target, idx in fields.items() for i in idx if header[i] != target}


def products_sql(header: Sequence[str], raw: str, *, mapping: dict[str, str] | None = None,
                 line_sql: str = "NULL::BIGINT", keep: Sequence[str] = ()) -> tuple[str, dict[str, list[int]]]:
    """The SELECT of the ``product_rows`` table from ``raw``: the fields the feed has (``products_view``
    adds the others); ``keep``: raw columns carried along at the end (the caller drops them)."""
    fields, extra = plan_columns(header, mapping)
    cols = ["__row AS row_number", f"{line_sql} AS line"]
    for field in META_FIELDS:
        idx = fields.get(field)
        if not idx:
            continue
        elif field == "additional_image_link":
            cols.append(f"{_image_list([f'c{i}' for i in idx])} AS additional_image_link")
        else:
            cols.append(f"COALESCE(c{idx[0]}, '') AS {field}")
    if extra:
        pairs = ", ".join(f"{_lit(header[i])}, COALESCE(c{i}, '')" for i in extra)
        cols.append(f"json_object({pairs})::VARCHAR AS {EXTRA_COLUMN}")
    else:
        cols.append(f"'{{}}'::VARCHAR AS {EXTRA_COLUMN}")
    cols.extend(keep)
    inner = f"SELECT {', '.join(cols)} FROM {raw}"
    price = _price("price") if "price" in fields else ("NULL::BIGINT", "NULL::VARCHAR")
    sale = _price("sale_price") if "sale_price" in fields else ("NULL::BIGINT", "NULL::VARCHAR")
    outer = (f"SELECT *, {price[0]} AS price_amount, {price[1]} AS price_currency, {sale[0]} AS sale_price_amount "
             f"FROM ({inner})")
    return outer, fields


def products_view(fields: dict[str, list[int]]) -> str:
    """The ``products`` view every reader reads: the store's columns in their order, over
    ``product_rows``, the fields the feed lacks as NULL. (Written as 46 NULL columns a row, they
    took a third of the import of a million products.)"""
    cols = ["row_number", "line", *(f if f in fields else f"NULL::VARCHAR AS {f}" for f in META_FIELDS),
            EXTRA_COLUMN, "price_amount", "price_currency", "sale_price_amount"]
    return f"CREATE VIEW {PRODUCTS} AS SELECT {', '.join(cols)} FROM {ROWS}"


def _price(column: str) -> tuple[str, str]:
    amount = (f"TRY_CAST(round(TRY_CAST(NULLIF(regexp_extract({column}, {_lit(PRICE_RE)}, 1), '') "
              f"AS DECIMAL(38,6)) * 100) AS BIGINT)")
    currency = f"NULLIF(regexp_extract({column}, {_lit(PRICE_RE)}, 3), '')"
    return amount, currency


def _image_list(columns: list[str]) -> str:
    """The additional images as a JSON list: each column's value split where another http(s) URL
    starts after a comma, semicolon, pipe or space (Meta's separators), empty parts dropped."""
    parts = []
    for c in columns:
        marked = f"regexp_replace(COALESCE({c}, ''), '[\\s,;|]+(https?://)', chr(1) || '\\1', 'g')"
        parts.append(f"string_split({marked}, chr(1))")
    joined = parts[0] if len(parts) == 1 else f"flatten([{', '.join(parts)}])"
    return f"to_json(list_filter(list_transform({joined}, lambda x: trim(x)), lambda x: x <> ''))::VARCHAR"


class TempCatalog:
    """A DuckDB file in the catalog folder that becomes a store on ``commit(target)``; removed
    otherwise."""

    def __init__(self, folder: Path):
        import duckdb

        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".products-", suffix=".duckdb", dir=folder)
        os.close(fd)
        os.unlink(tmp)  # DuckDB makes the file itself; an empty file is not a database to it
        self.path = Path(tmp)
        self.con = duckdb.connect(str(self.path))
        # The rows keep the file's order as read, without an ORDER BY (which would sort the whole
        # table in memory: memory that grows with the feed).
        self.con.execute("SET preserve_insertion_order = true")
        self.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        # DuckDB's own bar would print on stdout; its progress is read with query_progress() instead.
        self.con.execute("SET enable_progress_bar = true")
        self.con.execute("SET enable_progress_bar_print = false")
        self._done = False

    def load(self, kind: str, sql: str, params: Sequence = (), **options):
        """``run`` for the statement that streams the feed (``kind`` "csv" or "xml") into the
        table, under the lower memory limit of a load (``store.LOAD_MEMORY_LIMIT``)."""
        self.con.execute(f"SET memory_limit = '{LOAD_MEMORY_LIMIT[kind]}'")
        try:
            return self.run(sql, params, **options)
        finally:
            self.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")

    def run(self, sql: str, params: Sequence = (), *, progress: Callable[[int, int], None] | None = None,
            cancel: threading.Event | None = None, name=None, line_of: Callable[[int], int] | None = None):
        """Executes one long statement on a worker thread while this thread reports DuckDB's
        progress (0..100) and interrupts the query when ``cancel`` is set."""
        import duckdb

        box: dict = {}

        def work():
            try:
                box["result"] = self.con.execute(sql, list(params)).fetchall()
            except BaseException as exc:  # handed to the calling thread
                box["error"] = exc

        worker = threading.Thread(target=work, name="catalog-build", daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.1)
            if cancel is not None and cancel.is_set():
                self.con.interrupt()
            elif progress is not None and worker.is_alive():
                try:
                    pct = self.con.query_progress()
                except duckdb.Error:
                    pct = -1
                if pct >= 0:
                    progress(int(pct), 100)
        if cancel is not None and cancel.is_set():
            raise Cancelled("import cancelled: the catalog is as it was")
        error = box.get("error")
        if error is not None:
            if isinstance(error, duckdb.Error):
                raise duckdb_error(error, name, line_of) from None
            raise error
        return box.get("result")

    def write_info(self, info: dict[str, str]) -> None:
        self.con.execute(f"CREATE OR REPLACE TABLE {INFO} (key VARCHAR PRIMARY KEY, value VARCHAR)")
        self.con.executemany(f"INSERT INTO {INFO} VALUES (?, ?)", [[k, str(v)] for k, v in info.items()])

    def commit(self, target: Path) -> None:
        self.con.execute("CHECKPOINT")
        self.con.close()
        os.replace(self.path, target)
        self._done = True

    def discard(self) -> None:
        if self._done:
            return
        try:
            self.con.close()
        except Exception:  # closing a broken connection: the file goes anyway
            pass
        for p in (self.path, Path(str(self.path) + ".wal")):
            try:
                p.unlink()
            except FileNotFoundError:
                pass
        self._done = True

    def __enter__(self) -> TempCatalog:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()


def duckdb_error(exc: Exception, name, line_of: Callable[[int], int] | None = None) -> CatalogError:
    """DuckDB's reader error as one clear sentence naming the file and the line."""
    import re

    text = str(exc)
    line = None
    m = re.search(r"CSV Error on Line: (\d+)", text)
    if m:
        line = int(m.group(1))
    if line_of is not None and line is not None:
        line = line_of(line)
    lower = text.lower()
    if "unterminated quote" in lower or "quote" in lower and "unterminated" in lower:
        problem = "a quoted value is never closed (broken quoting): check the quotes on this line"
    elif "maximum line size" in lower:
        problem = "the line is longer than the limit for one product row (a broken file or a missing line break?)"
    elif "expected number of columns" in lower:
        m2 = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
        problem = (f"has {m2.group(2)} values where the header has {m2.group(1)} columns (a stray delimiter "
                   "or quote?)" if m2 else "has a different number of values than the header")
    elif "invalid unicode" in lower or "utf-8" in lower or "invalid utf" in lower:
        problem = "is not valid in the file's encoding (UTF-8): save the feed as UTF-8, or name its encoding"
    else:
        problem = re.sub(r"\s+", " ", text.split("\n\n")[0]).strip()[:300]
    return CatalogError(name, problem, line)


def header_json(header: Sequence[str]) -> str:
    return json.dumps(list(header), ensure_ascii=False)
