"""Importing a feed into the project's catalog, and refreshing it from its source.

``import_feed`` never edits the project: it builds the store of the new ``CatalogSpec``,
``catalog/products-<key>.duckdb`` (``store_files``; atomically: a failed or cancelled import leaves
every store as it was), and returns the spec to set, so the window can set it through an undoable
command (undo comes back to the old spec, whose store is still there) and the CLI with
``project.set_catalog``.
"""
from __future__ import annotations

import codecs
import gzip
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from dcstudio.core.catalog.build import TempCatalog, header_json, products_sql, products_view, used_mapping
from dcstudio.core.catalog.feed_lines import breaks_sql, file_line, place_rows, scan_lines
from dcstudio.core.catalog.feed_xml import xml_to_jsonl
from dcstudio.core.catalog.fields import EXTRA_COLUMN, META_FIELDS
from dcstudio.core.catalog.line_guard import LineGuard, LineTooLong, newline_of
from dcstudio.core.catalog.sniff import DELIMITER_NAMES, ENCODINGS, HEAD_BYTES, header_fields, sniff
from dcstudio.core.catalog.source import (
    CONNECT_TIMEOUT,
    READ_TIMEOUT,
    Feed,
    head_of,
    is_url,
    open_feed,
    open_text_bytes,
)
from dcstudio.core.catalog.store import PRODUCTS, ROWS, CatalogError, catalog_path
from dcstudio.core.catalog.store_files import catalog_folder, store_path
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
                mapping: dict[str, str] | None = None, max_line_bytes: int = MAX_LINE_BYTES,
                timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT)) -> ImportReport:
    """Reads ``feed`` (a path or an https:// URL) into ``<project>/catalog/products-<key>.duckdb``.

    Keeps the product sets (and, unless ``mapping`` is given, the column mapping) of the
    project's current catalog; does not change the project: set ``report.spec`` on it.
    CatalogError (naming the file and line) for what is not a usable feed, Cancelled when
    ``cancel`` is set: either way the old catalog stays as it was.
    """
    report, _ = _import(project, str(feed), profile=profile, progress=progress, cancel=cancel, encoding=encoding,
                        mapping=mapping, max_line_bytes=max_line_bytes, timeout=timeout, compare=False)
    return report


def refresh(project, *, progress: Progress | None = None, cancel: threading.Event | None = None,
            max_line_bytes: int = MAX_LINE_BYTES,
            timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT)) -> ChangeReport:
    """Reads the project's feed again from its source and reports the products added, removed
    and changed (by id) against the catalog it replaces. ``report.spec`` carries the new hash."""
    spec = getattr(project, "catalog", None)
    if spec is None:
        raise BadInputError("the project has no catalog yet: import a feed first (dcstudio catalog import)")
    source = spec.source
    if not is_url(source) and not Path(source).is_absolute() and getattr(project, "folder", None) is not None:
        source = str(Path(project.folder) / source)
    report, changes = _import(project, source, profile=spec.profile, progress=progress, cancel=cancel,
                              encoding=None, mapping=spec.mapping, max_line_bytes=max_line_bytes,
                              timeout=timeout, compare=True, recorded=spec.source)
    return ChangeReport(*changes, report=report)


def _import(project, source: str, *, profile, progress, cancel, encoding, mapping, max_line_bytes, timeout,
            compare: bool, recorded: str | None = None):
    start = time.monotonic()
    old = getattr(project, "catalog", None)
    profile = profile or (old.profile if old else DEFAULT_CATALOG_PROFILE)
    if profile not in CATALOG_PROFILES:
        raise BadInputError(f"catalog profile {profile!r}: use one of {', '.join(CATALOG_PROFILES)}")
    if encoding is not None and encoding not in ENCODINGS:
        raise BadInputError(f"encoding {encoding!r}: use one of {', '.join(ENCODINGS)}")
    if mapping is None:
        mapping = dict(old.mapping) if old else {}
    recorded = recorded or (source if is_url(source) else _source_name(project, Path(source)))
    previous = catalog_path(project)  # the store of the catalog this import replaces, if any
    workdir = catalog_folder(project)
    stages = _Stages(progress)
    with ExitStack() as stack:
        feed = open_feed(source, workdir, stack, cancel=cancel, progress=stages.part(0, 20),
                         timeout=timeout)
        head = head_of(feed, HEAD_BYTES)
        found = sniff(head, feed.name, declared_encoding=encoding)
        with TempCatalog(workdir) as temp:
            if found.kind == "xml":
                built = _build_xml(temp, feed, found, stack, mapping=mapping, stages=stages, cancel=cancel,
                                   max_line_bytes=max_line_bytes, declared=encoding)
            else:
                built = _build_delimited(temp, feed, found, head, stack, mapping=mapping, stages=stages,
                                         cancel=cancel, max_line_bytes=max_line_bytes)
            count = temp.con.execute(f"SELECT count(*) FROM {PRODUCTS}").fetchone()[0]
            if count == 0:
                raise CatalogError(feed.name, "has a header and no products" if found.kind != "xml"
                                   else "holds no <item> or <entry>: no products", built["header_line"])
            changes = _changes(temp, previous, cancel) if compare else ((), (), ())
            spec = CatalogSpec(recorded, feed.sha256, profile, built["mapping"], old.product_sets if old else ())
            target = store_path(project, spec)
            kind = built["format"] + (f", {feed.compression}" if feed.compression else "")
            temp.write_info({"source": recorded, "sha256": feed.sha256, "profile": profile, "format": kind,
                             "encoding": built["encoding"], "header": header_json(built["header"]),
                             "present": json.dumps(sorted(built["present"])),
                             "imported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")})
            if cancel is not None and cancel.is_set():
                raise Cancelled("import cancelled: the catalog is as it was")
            temp.commit(target)
    if progress:
        progress(100, 100)
    report = ImportReport(spec, int(count), kind, built["encoding"], tuple(built["header"]), target,
                          time.monotonic() - start)
    return report, changes


class _Stages:
    """One 0..100 progress over several steps: each step reports into its own share."""

    def __init__(self, progress: Progress | None):
        self.progress = progress

    def part(self, lo: int, hi: int) -> Progress | None:
        if self.progress is None:
            return None

        def report(done: int, total: int) -> None:
            self.progress(lo + (hi - lo) * done // max(total, 1), 100)

        return report


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


def _transcoded(feed: Feed, encoding: str, skip: int, stack: ExitStack, workdir: Path, cancel,
                guard: LineGuard) -> Path:
    """The feed's text as UTF-8 in a temporary file, for the encodings DuckDB's reader gets wrong
    (UTF-16 big-endian, UTF-16 without a BOM). ``skip``: bytes of BOM to drop. ``guard`` sees
    the UTF-8 text (it refuses a long line and notes the empty ones)."""
    target = _temp_file(workdir, ".feed-", ".csv")
    stack.callback(lambda: target.unlink(missing_ok=True))
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    line = 1
    with open_text_bytes(feed) as src, target.open("wb") as out:
        src.read(skip)
        while True:
            chunk = src.read(1 << 20)
            if cancel is not None and cancel.is_set():
                raise Cancelled("import cancelled: the catalog is as it was")
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                at = line + chunk[:exc.start].count("\n".encode(encoding))
                raise CatalogError(feed.name, f"is not valid {encoding} text: save the feed as UTF-8, or name its "
                                              "encoding", at) from None
            data = text.encode("utf-8")
            try:
                guard.feed(data)
            except LineTooLong as exc:
                raise _too_long(feed.name, exc) from None
            line = guard.line
            out.write(data)
            if not chunk:
                break
    return target


def _shown_encoding(codec: str) -> str:
    return "utf-16" if codec.startswith("utf-16") else codec


def _temp_file(folder: Path, prefix: str, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    os.close(fd)
    return Path(name)


def _too_long(name, exc: LineTooLong) -> CatalogError:
    return CatalogError(name, f"has a line longer than {exc.limit:,} bytes: not a product row (a broken file, "
                              "or one with no line breaks?)", exc.line)


def _build_delimited(temp: TempCatalog, feed: Feed, found, head: bytes, stack: ExitStack, *, mapping, stages,
                     cancel, max_line_bytes) -> dict:
    newline = newline_of(head)
    try:
        LineGuard(max_line_bytes, newline=newline).feed(head)
    except LineTooLong as exc:
        raise _too_long(feed.name, exc) from None
    text = head[len(found.bom):].decode(found.encoding, errors="replace")
    lines = text.split(newline.decode())
    if len(lines) <= found.comment_lines + 1 and len(head) >= HEAD_BYTES:
        raise CatalogError(feed.name, f"has a first line longer than {HEAD_BYTES // 1024} KB: not a header row",
                           found.comment_lines + 1)
    header_line = found.comment_lines + 1
    header = header_fields(lines[found.comment_lines].rstrip("\r\n"), found.delimiter)
    path, compression, duck_encoding = feed.path, "gzip" if feed.gzipped else "none", found.encoding
    # One pass over the text refuses an overlong line anywhere and counts the line breaks: the
    # rows account for all of them but the empty lines (feed_lines tells why those matter).
    guard = LineGuard(max_line_bytes, newline=newline)
    try:
        if found.encoding.startswith("utf-16"):
            path = _transcoded(feed, found.encoding, len(found.bom), stack, temp.path.parent, cancel, guard)
            compression, duck_encoding = "none", "utf-8"
        else:
            with open_text_bytes(feed) as stream:
                scan_lines(stream, guard, size=0 if feed.gzipped else feed.size, cancel=cancel,
                           progress=stages.part(20, 30))
    except LineTooLong as exc:
        raise _too_long(feed.name, exc) from None

    def opener(path=path, gz=compression == "gzip"):
        return gzip.open(path, "rb") if gz else open(path, "rb")

    def empty_lines():  # a second pass, for a file that has empty lines only
        with opener() as stream:
            return scan_lines(stream, LineGuard(max_line_bytes, newline=newline, note_empty=True),
                              cancel=cancel).empty_lines

    def line_of(counted: int) -> int:
        return file_line(opener, encoding=duck_encoding, delimiter=found.delimiter,
                         comment_lines=found.comment_lines, newline=newline, counted=counted)

    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
    raw = (f"(SELECT *, ordinality AS __row FROM read_csv(?, delim=?, quote='\"', escape='\"', header=true, "
           f"skip={found.comment_lines}, columns={columns}, auto_detect=false, strict_mode=true, "
           f"null_padding=false, max_line_size={int(max_line_bytes)}, encoding='{duck_encoding}', "
           f"compression='{compression}') WITH ORDINALITY)")
    cells = [f"COALESCE(c{i}, '')" for i in range(len(header))]
    with_nl = f"(SELECT *, {breaks_sql(cells, newline)} AS __nlk FROM {raw})"
    select, fields = products_sql(header, with_nl, mapping=mapping, line_sql=f"({header_line} + __row)::BIGINT",
                                  keep=("__nlk",))
    temp.load("csv", f"CREATE TABLE {ROWS} AS {select}", [str(path), found.delimiter],
              progress=stages.part(30, 90), cancel=cancel, name=feed.name, line_of=line_of)
    place_rows(temp, ROWS, header_line=header_line, guard=guard, empty_lines=empty_lines, cancel=cancel,
               progress=stages.part(90, 95), name=feed.name)
    temp.con.execute(products_view(fields))
    kind = "tsv" if found.delimiter == "\t" else f"csv ({DELIMITER_NAMES[found.delimiter]})"
    return {"header": header, "header_line": header_line, "mapping": used_mapping(header, fields),
            "present": set(fields), "format": kind, "encoding": _shown_encoding(found.encoding)}


def _build_xml(temp: TempCatalog, feed: Feed, found, stack: ExitStack, *, mapping, stages, cancel,
               max_line_bytes, declared) -> dict:
    jsonl = _temp_file(temp.path.parent, ".items-", ".jsonl")
    stack.callback(lambda: jsonl.unlink(missing_ok=True))
    with open_text_bytes(feed) as stream:
        stats: dict = {}
        kind, header, items = xml_to_jsonl(stream, feed.name, jsonl, encoding=_EXPAT_NAMES.get(declared, declared),
                                           size=feed.size, progress=stages.part(20, 60), cancel=cancel,
                                           max_line_bytes=max_line_bytes, stats=stats)
    if items == 0:
        raise CatalogError(feed.name, "holds no <item> or <entry>: no products", 1)
    columns = {"__row": "BIGINT", "__line": "BIGINT", **{f"c{i}": "VARCHAR" for i in range(len(header))}}
    spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in columns.items()) + "}"
    # DuckDB reserves buffers of this size under its memory limit: the longest item, not 2 GB.
    largest = min(2 ** 31 - 1, max(1 << 24, 2 * stats.get("longest", 0)))
    raw = f"read_json(?, format='newline_delimited', columns={spec}, maximum_object_size={largest})"
    select, fields = products_sql(header, raw, mapping=mapping, line_sql="__line")
    temp.load("xml", f"CREATE TABLE {ROWS} AS {select}", [str(jsonl)],
              progress=stages.part(60, 95), cancel=cancel, name=feed.name)
    temp.con.execute(products_view(fields))
    return {"header": header, "header_line": 1, "mapping": used_mapping(header, fields),
            "present": set(fields), "format": kind, "encoding": _shown_encoding(found.encoding)}


_EXPAT_NAMES = {"utf-8": "UTF-8", "utf-16": "UTF-16", "latin-1": "ISO-8859-1"}


def _row_hash(columns) -> str:
    return "md5(concat_ws(chr(31), " + ", ".join(f"COALESCE({c}::VARCHAR, chr(30))" for c in columns) + "))"


def _changes(temp: TempCatalog, old_path: Path, cancel) -> tuple[tuple[str, ...], ...]:
    """(added, removed, changed) ids of the new catalog against the one at ``old_path``."""
    import duckdb

    new_ids = [r[0] for r in temp.con.execute(f"SELECT DISTINCT id FROM {PRODUCTS} ORDER BY id").fetchall()]
    if not old_path.is_file():
        return tuple(new_ids), (), ()
    try:
        temp.con.execute("ATTACH ? AS old_catalog (READ_ONLY)", [str(old_path)])
        temp.con.execute(f"SELECT id FROM old_catalog.{PRODUCTS} LIMIT 0")
    except duckdb.Error:  # an old cache that cannot be read: every product is new to it
        return tuple(new_ids), (), ()
    try:
        value_columns = [*META_FIELDS, EXTRA_COLUMN]
        per_id = (f"SELECT id, md5(string_agg(h, ',' ORDER BY h)) AS h FROM (SELECT id, {_row_hash(value_columns)} "
                  f"AS h FROM {{table}}) GROUP BY id")
        new, old = per_id.format(table=PRODUCTS), per_id.format(table=f"old_catalog.{PRODUCTS}")

        def ids(sql: str) -> tuple[str, ...]:
            return tuple(r[0] for r in temp.run(sql, cancel=cancel, name=old_path))

        added = ids(f"SELECT id FROM ({new}) EXCEPT SELECT id FROM ({old}) ORDER BY id")
        removed = ids(f"SELECT id FROM ({old}) EXCEPT SELECT id FROM ({new}) ORDER BY id")
        changed = ids(f"SELECT n.id FROM ({new}) n JOIN ({old}) o ON n.id IS NOT DISTINCT FROM o.id "
                      f"WHERE n.h <> o.h ORDER BY n.id")
    finally:
        temp.con.execute("DETACH old_catalog")
    return added, removed, changed
