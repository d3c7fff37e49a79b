"""The line in the file where each row of a delimited feed starts, and where DuckDB's reader
errors are.

DuckDB numbers the rows it reads, not the lines: a quoted value may span lines, and an empty line
is skipped without a row. So the import counts, per row, the line breaks inside its values (only
in the rows that hold one: a cheap test) and the empty lines among them. One pass over the
bytes (``LineGuard``) counts the line breaks of the file: when the rows account for them all,
there is no empty line between rows and that is all. Otherwise a second pass lists every empty
line of the file, between rows or inside a quoted value: it cannot tell which, and needs not.
Numbered without their empty lines, the lines of the rows follow from the values alone
(``header line + row + breaks in the rows before - empty lines in them``); an empty line at
file line E_i (the i-th, from 0) sits just before the line numbered E_i - i in that numbering,
so a row starts at its number plus the count of empty lines that sit at or before it. A row's
first line is never empty (it holds a delimiter or a quote).

DuckDB's own line numbers in its errors count the empty lines and not the breaks inside quoted
values: ``file_line`` reads the file again with Python's csv module (on that error only) to turn
them into lines of the file.
"""
from __future__ import annotations

import csv
import threading
from collections.abc import Callable, Sequence

from dcstudio.core.catalog.line_guard import LineGuard
from dcstudio.core.values.errors import Cancelled

CHUNK = 1 << 20


def breaks_sql(cells: Sequence[str], newline: bytes) -> str:
    """SQL over the raw columns: NULL for a row without a line break in its values (nearly every
    row), else [the breaks, the empty lines among them]. An empty line inside a value is a part
    between two breaks that is '' (or a lone CR of a CRLF)."""
    nl = "chr(13)" if newline == b"\r" else "chr(10)"
    breaks = " + ".join(f"(length({c}) - length(replace({c}, {nl}, '')))" for c in cells)
    empty = " + ".join(f"len(list_filter(list_slice(string_split({c}, {nl}), 2, -2), "
                       f"lambda x: x = '' OR x = chr(13)))" for c in cells)
    return f"CASE WHEN contains(concat({', '.join(cells)}), {nl}) THEN [{breaks}, {empty}] END"


def scan_lines(stream, guard: LineGuard, *, size: int = 0, cancel: threading.Event | None = None,
               progress: Callable[[int, int], None] | None = None) -> LineGuard:
    """Feeds the whole of ``stream`` (the feed's text as bytes) through ``guard`` (which refuses a
    line over its limit, counts the lines and may note the empty ones) and returns it."""
    done = 0
    while chunk := stream.read(CHUNK):
        if cancel is not None and cancel.is_set():
            raise Cancelled("import cancelled: the catalog is as it was")
        guard.feed(chunk)
        done += len(chunk)
        if progress and size:
            progress(min(done, size), size)
    return guard


def place_rows(temp, table: str, *, header_line: int, guard: LineGuard, empty_lines: Callable[[], Sequence[int]],
               cancel=None, progress=None, name=None) -> None:
    """Moves ``table.line`` (header line + row, as built) to the line where each row starts,
    from the ``__nlk`` column of ``breaks_sql`` and the file's empty lines (``empty_lines()``, only
    called when ``guard``, which saw the whole file, counted more breaks than the rows hold);
    drops ``__nlk``."""
    con = temp.con
    rows, inside = con.execute(f"SELECT count(*), COALESCE(sum(__nlk[1]), 0) FROM {table}").fetchone()
    # Each line of the header (and of the comments before it) ends with a break, each row with
    # one after its own (but the last, where the file ends without one), each empty line with one.
    empty = (guard.line - 1) - header_line - rows - inside + (1 if guard.open_line else 0)
    empty_lines = empty_lines() if empty > 0 else ()
    if inside or empty_lines:
        # With no empty line between rows, a row starts after every break before it, the empty
        # lines inside values too. Otherwise those are taken out here and put back with all the
        # file's empty lines below (the list cannot tell the two kinds apart).
        counted = "__nlk[1] - __nlk[2]" if empty_lines else "__nlk[1]"
        con.execute(f"CREATE TEMP TABLE __breaks AS SELECT row_number AS r, "
                    f"SUM({counted}) OVER (ORDER BY row_number) AS shift "
                    f"FROM {table} WHERE __nlk IS NOT NULL")
        # E_i - i for each empty line, with the count of empty lines up to it (the last one of a tie)
        at: dict[int, int] = {}
        for i, line in enumerate(empty_lines):
            at[line - i] = i + 1
        con.execute("CREATE TEMP TABLE __empty AS SELECT unnest(?::BIGINT[]) AS c, unnest(?::BIGINT[]) AS n",
                    [list(at), list(at.values())])
        temp.run(f"UPDATE {table} SET line = s.line FROM (SELECT q.row_number, q.cl + COALESCE(e.n, 0) AS line "
                 f"FROM (SELECT p.row_number, p.line + COALESCE(b.shift, 0) AS cl FROM {table} p "
                 f"ASOF LEFT JOIN __breaks b ON p.row_number > b.r) q ASOF LEFT JOIN __empty e ON q.cl >= e.c) s "
                 f"WHERE {table}.row_number = s.row_number AND {table}.line <> s.line",
                 progress=progress, cancel=cancel, name=name)
        con.execute("DROP TABLE __breaks")
        con.execute("DROP TABLE __empty")
    con.execute(f"ALTER TABLE {table} DROP COLUMN __nlk")


def file_line(open_stream: Callable, *, encoding: str, delimiter: str, comment_lines: int, newline: bytes,
              counted: int) -> int:
    """The line of the file that DuckDB's reader calls line ``counted`` (it counts the comment
    lines and the empty ones, not the breaks inside quoted values). Where the file cannot be
    followed that far, ``counted`` as it is."""
    records = counted - comment_lines - 1  # the records (the header one of them) before that one
    if records <= 0:
        return counted
    try:
        with open_stream() as raw:
            lines = _lines(raw, newline, encoding)
            for _ in range(comment_lines):
                next(lines, None)
            reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
            for n, _ in enumerate(reader, 1):
                if n == records:
                    return comment_lines + reader.line_num + 1
    except (csv.Error, OSError, EOFError):
        pass
    return counted


def _lines(raw, newline: bytes, encoding: str):
    """The file's lines as text, each with its line break, split where ``LineGuard`` counts."""
    rest = b""
    while chunk := raw.read(CHUNK):
        parts = (rest + chunk).split(newline)
        rest = parts.pop()
        for part in parts:
            yield (part + newline).decode(encoding, errors="replace")
    if rest:
        yield rest.decode(encoding, errors="replace")
