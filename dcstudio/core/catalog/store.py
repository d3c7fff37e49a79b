"""The product catalog's rows: ``<project>/catalog/products-<key>.duckdb`` (``store_files``), a cache
rebuilt from the feed.

``products`` (a view over the table ``product_rows``, which holds only the fields the feed has):
``row_number`` (1-based data row of the feed), ``line`` (the line in the file
where the row starts, where known), one VARCHAR column per field of ``fields.META_FIELDS`` with
the value as in the file (NULL: the feed has no such column; '' an empty cell),
``additional_image_link`` as a JSON list, ``extra`` (JSON object of the other columns, keyed by
the feed's own names), and the parsed ``price_amount`` (price x 100, as Meta's product-set
filters count it), ``price_currency`` and ``sale_price_amount`` (NULL when unparsable).
Table ``catalog_info`` (key, value): the source, its sha256, the profile, the format read, and
the feed's header as JSON.

One connection is not for several threads at once: each thread takes its own ``cursor()``.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from dcstudio.core.catalog.store_files import find_store
from dcstudio.core.values.errors import DcError, FileProblemError

PRODUCTS = "products"  # the view every reader reads
ROWS = "product_rows"  # the table under it: the fields the feed has
INFO = "catalog_info"
# DuckDB's own memory (its default is 80% of the machine's): the import plus the lint of a million
# products stay under 1.5 GB with Python's share, on a machine of any size; what does not fit
# spills to disk beside the database.
MEMORY_LIMIT = "1GB"
# While the import streams the feed into the table: past it, DuckDB writes the rows out instead of
# keeping them, so the import's memory stays flat whatever the number of products (RSS, 128 MB: a
# 50,000-item feed peaks at 135 MB, one of 800,000 at 180 MB; with 1 GB, 420 MB). DuckDB's CSV
# reader holds buffers of 16 times the longest line a thread, hence more for CSV.
LOAD_MEMORY_LIMIT = {"xml": "128MB", "csv": "512MB"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class CatalogError(FileProblemError):
    """A catalog cannot be read or built: names the file (and the line) and what is wrong."""

    def __init__(self, path, problem: str, line: int | None = None):
        self.line = line
        super().__init__(path, problem, f"line {line}" if line else None)


def catalog_path(project_or_folder) -> Path:
    """The store file a project reads: its ``CatalogSpec``'s own (``store_files``), which may not
    exist; for a folder or a project without a catalog, the store imported there last."""
    return find_store(project_or_folder)


class CatalogStore:
    """Read access to a built catalog. ``CatalogStore.open(path)`` takes the .duckdb file, a
    project folder or a Project."""

    def __init__(self, connection, path: Path):
        self._con = connection
        self.path = path
        self._columns: list[str] | None = None

    @classmethod
    def open(cls, path, *, read_only: bool = True) -> CatalogStore:
        import duckdb

        file = Path(path) if str(path).endswith(".duckdb") else catalog_path(path)
        if not file.is_file():
            spec = getattr(path, "catalog", None)
            if spec is not None:
                raise CatalogError(file, f"the rows of {spec.source} are not in this folder (imported elsewhere, "
                                         "or removed): refresh the catalog, or import the feed again")
            raise CatalogError(file, "no catalog here: import a feed first (dcstudio catalog import PROJECT FEED)")
        try:
            con = duckdb.connect(str(file), read_only=read_only)
        except duckdb.Error as exc:
            raise CatalogError(file, f"cannot be opened ({_first_line(exc)}): import the feed again") from None
        store = cls(con, file)
        try:
            con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            store.columns()
        except duckdb.Error:
            con.close()
            raise CatalogError(file, "holds no products table: import the feed again") from None
        return store

    def __enter__(self) -> CatalogStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def cursor(self):
        """A DuckDB connection of its own to the same database, for one other thread."""
        return self._con.cursor()

    # -- what is there ----------------------------------------------------------------------
    def columns(self) -> list[str]:
        if self._columns is None:
            rows = self._con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [PRODUCTS]).fetchall()
            if not rows:
                raise CatalogError(self.path, "holds no products table: import the feed again")
            self._columns = [r[0] for r in rows]
        return list(self._columns)

    def info(self) -> dict[str, str]:
        """What the import recorded: source, sha256, profile, format, encoding, delimiter, imported_at."""
        return dict(self._con.execute(f"SELECT key, value FROM {INFO}").fetchall())

    def feed_columns(self) -> list[str]:
        """The feed's header: its column names as in the file, in their order."""
        return json.loads(self.info().get("header", "[]"))

    def present(self) -> list[str]:
        """The store columns the feed fills (a field absent from the feed is NULL in every row)."""
        return json.loads(self.info().get("present", "[]"))

    # -- reading ----------------------------------------------------------------------------
    def count(self, where_sql: str | None = None, params: Sequence = ()) -> int:
        sql = f"SELECT count(*) FROM {PRODUCTS}" + (f" WHERE {where_sql}" if where_sql else "")
        return int(self._con.execute(sql, list(params)).fetchone()[0])

    def rows(self, offset: int, limit: int, order_by: str | None = None, where_sql: str | None = None,
             params: Sequence = (), *, columns: Sequence[str] | None = None, descending: bool = False) -> list[tuple]:
        """Rows ``offset`` .. ``offset + limit`` in feed order or by ``order_by`` (a column name), as
        tuples of ``columns`` (default: all, in ``columns()`` order)."""
        known = set(self.columns())
        wanted = list(columns) if columns else self.columns()
        for name in [*wanted, *([order_by] if order_by else [])]:
            if name not in known or not _NAME.match(name):
                raise DcError(f"the catalog has no column {name!r}")
        order = f'"{order_by}" {"DESC" if descending else "ASC"} NULLS LAST, row_number' if order_by else "row_number"
        sql = (f"SELECT {', '.join(chr(34) + c + chr(34) for c in wanted)} FROM {PRODUCTS}"
               + (f" WHERE {where_sql}" if where_sql else "")
               + f" ORDER BY {order} LIMIT ? OFFSET ?")
        return self._con.execute(sql, [*params, int(limit), int(offset)]).fetchall()

    def query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self._con.execute(sql, list(params)).fetchall()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
