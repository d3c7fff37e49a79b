"""Importing a feed into the project's catalog, and refreshing it from its source.

``import_feed`` never edits the project: it builds ``catalog/products.duckdb`` (atomically: a
failed or cancelled import leaves the old catalog) and returns the ``CatalogSpec`` to set, so the
window can set it through an undoable command and the CLI with ``project.set_catalog``.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dcstudio.core.catalog.build import TempCatalog, header_json, products_sql, used_mapping
from dcstudio.core.catalog.sniff import DELIMITER_NAMES, HEAD_BYTES, header_fields, sniff
from dcstudio.core.catalog.store import PRODUCTS, CatalogError, catalog_path
from dcstudio.core.model.catalog_spec import CATALOG_PROFILES, DEFAULT_CATALOG_PROFILE, CatalogSpec
from dcstudio.core.values.errors import BadInputError, Cancelled

Progress = Callable[[int, int], None]

# Meta caps one XML line at 5,242,880 bytes; no product row of any format is longer in a sane feed.
MAX_LINE_BYTES = 5_242_880


@dataclass(frozen=True)
class ImportReport:
    spec: CatalogSpec  # what the project's catalog becomes: set it with project.set_catalog
    products: int
    format: str  # "csv (comma)", "tsv", "rss", "atom", with the compression: "csv (semicolon), gzip"
    encoding: str
    columns: tuple[str, ...]  # the feed's header, as in the file
    path: Path  # the catalog database
    seconds: float = 0.0


@dataclass(frozen=True)
class ChangeReport:
    """Products by id: added (only in the new feed), removed (only in the old), changed (in
    both, with another value in any column)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    report: ImportReport | None = field(default=None, compare=False)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def import_feed(project, feed, *, profile: str | None = None, progress: Progress | None = None,
                cancel: threading.Event | None = None, encoding: str | None = None,
                mapping: dict[str, str] | None = None, max_line_bytes: int = MAX_LINE_BYTES) -> ImportReport:
    """Reads ``feed`` (a path) into ``<project>/catalog/products.duckdb``. Keeps the product sets
    of the project's current catalog. CatalogError (naming the file and line) for what is not a
    usable feed; Cancelled when ``cancel`` is set. Neither changes anything on disk."""
    start = time.monotonic()
    old = getattr(project, "catalog", None)
    profile = profile or (old.profile if old else DEFAULT_CATALOG_PROFILE)
    if profile not in CATALOG_PROFILES:
        raise BadInputError(f"catalog profile {profile!r}: use one of {', '.join(CATALOG_PROFILES)}")
    path = Path(feed)
    source = _source_name(project, path)
    if not path.is_file():
        raise CatalogError(path, "no such file" if not path.exists() else "is not a file")
    target = catalog_path(project)
    digest = _sha256(path, cancel)
    with TempCatalog(target) as temp:
        built = _build_delimited(temp, path, encoding=encoding, mapping=mapping, progress=progress,
                                 cancel=cancel, max_line_bytes=max_line_bytes)
        count = temp.con.execute(f"SELECT count(*) FROM {PRODUCTS}").fetchone()[0]
        if count == 0:
            raise CatalogError(path, "has a header and no products", built["header_line"])
        spec = CatalogSpec(source, digest, profile, built["mapping"], old.product_sets if old else ())
        temp.write_info({"source": source, "sha256": digest, "profile": profile, "format": built["format"],
                         "encoding": built["encoding"], "header": header_json(built["header"]),
                         "present": json.dumps(sorted(built["present"])),
                         "imported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")})
        if cancel is not None and cancel.is_set():
            raise Cancelled("import cancelled: the catalog is as it was")
        temp.commit()
    if progress:
        progress(100, 100)
    return ImportReport(spec, int(count), built["format"], built["encoding"], tuple(built["header"]), target,
                        time.monotonic() - start)


def _source_name(project, path: Path) -> str:
    """The source as the project records it: relative (posix) inside the project folder, so the
    folder can move; absolute outside it, so a refresh finds it from any working folder."""
    path = path.absolute()
    folder = getattr(project, "folder", None)
    if folder is not None:
        try:
            return path.relative_to(Path(folder).absolute()).as_posix()
        except ValueError:
            pass
    return str(path)


def _sha256(path: Path, cancel) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if cancel is not None and cancel.is_set():
                raise Cancelled("import cancelled: the catalog is as it was")
            h.update(chunk)
    return h.hexdigest()


def _build_delimited(temp: TempCatalog, path: Path, *, encoding, mapping, progress, cancel, max_line_bytes) -> dict:
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    found = sniff(head, path, declared_encoding=encoding)
    text = head[len(found.bom):].decode(found.encoding, errors="replace")
    lines = text.split("\n")
    header_line = found.comment_lines + 1
    header = header_fields(lines[found.comment_lines].rstrip("\r"), found.delimiter)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
    duck_encoding = {"utf-8": "utf-8", "utf-16": "utf-16", "latin-1": "latin-1"}.get(found.encoding, found.encoding)
    raw = (f"(SELECT *, ordinality AS __row FROM read_csv(?, delim=?, quote='\"', escape='\"', header=true, "
           f"skip={found.comment_lines}, columns={columns}, auto_detect=false, strict_mode=true, "
           f"null_padding=false, max_line_size={int(max_line_bytes)}, encoding='{duck_encoding}') WITH ORDINALITY)")
    nl = " + ".join(f"(length(COALESCE(c{i}, '')) - length(replace(COALESCE(c{i}, ''), chr(10), '')))"
                    for i in range(len(header)))
    with_nl = f"(SELECT *, {nl} AS __nl FROM {raw})"
    line_sql = (f"({header_line} + __row + COALESCE(SUM(__nl) OVER (ORDER BY __row ROWS BETWEEN UNBOUNDED "
                f"PRECEDING AND 1 PRECEDING), 0))::BIGINT")
    select, fields = products_sql(header, with_nl, mapping=mapping, line_sql=line_sql)
    temp.run(f"CREATE TABLE {PRODUCTS} AS {select} ORDER BY row_number", [str(path), found.delimiter],
             progress=progress, cancel=cancel, name=path)
    kind = "tsv" if found.delimiter == "\t" else f"csv ({DELIMITER_NAMES[found.delimiter]})"
    return {"header": header, "header_line": header_line, "mapping": used_mapping(header, fields),
            "present": set(fields), "format": kind, "encoding": found.encoding}
