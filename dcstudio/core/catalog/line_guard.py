"""Refuses a line longer than a limit while bytes stream past: a 2 GB file of one line is found
out in its first chunks, never read whole. On the way it notes the empty lines (nothing, or only
the CR of a CRLF, before the line break), which the CSV reader skips without a row: the import
needs them to tell the line in the file where each row starts."""
from __future__ import annotations

import re
from array import array


class LineTooLong(Exception):
    def __init__(self, line: int, limit: int):
        self.line = line
        self.limit = limit
        super().__init__(f"line {line} is longer than {limit:,} bytes")


def newline_of(head: bytes) -> bytes:
    """The byte that ends a line: LF (for LF and CRLF files), or CR for the old Mac files that
    have no LF at all."""
    return b"\r" if b"\n" not in head and b"\r" in head else b"\n"


class LineGuard:
    def __init__(self, limit: int, *, newline: bytes = b"\n", note_empty: bool = False):
        self.limit = int(limit)
        self.newline = newline
        self.line = 1  # the line the next byte is on
        self._run = 0  # bytes since the last line break
        nl = re.escape(newline)
        self._long = re.compile(rb"[^%s]{%d}" % (nl, self.limit + 1))
        # An empty line: a break right after a break (CRLF: with its CR between).
        self._empty = re.compile(rb"\n\r?(?=\n)" if newline == b"\n" else rb"\r(?=\r)") if note_empty else None
        self.empty_lines = array("q")  # the numbers of the empty lines, ascending
        self._partial = b""  # the current line so far while it is at most one byte long

    @property
    def open_line(self) -> bool:
        """Whether the bytes so far end inside a line (a file whose last line has no break)."""
        return self._run > 0

    def feed(self, chunk: bytes) -> None:
        nl = self.newline
        first = chunk.find(nl)
        if first < 0:
            self._run += len(chunk)
            if self._run > self.limit:
                raise LineTooLong(self.line, self.limit)
            self._note_partial(chunk, None)
            return
        if self._run + first > self.limit:
            raise LineTooLong(self.line, self.limit)
        if len(chunk) - first > self.limit:  # a whole line may fit inside this chunk
            m = self._long.search(chunk, first)
            if m:
                raise LineTooLong(self.line + chunk.count(nl, 0, m.start()), self.limit)
        if self._empty is not None:
            self._note_empty(chunk)
        last = chunk.rfind(nl)
        self.line += chunk.count(nl)
        self._run = len(chunk) - last - 1
        self._note_partial(chunk, last)

    def _note_partial(self, chunk: bytes, last: int | None) -> None:
        if self._empty is None:
            return
        if last is not None:
            self._partial = chunk[last + 1:] if len(chunk) - last - 1 <= 1 else None
        elif self._partial is not None:
            joined = self._partial + chunk
            self._partial = joined if len(joined) <= 1 else None

    def _note_empty(self, chunk: bytes) -> None:
        # The current line, when still empty (or a lone CR), goes in front with a break before
        # it, so an empty line that straddles two chunks is found like any other.
        if self._partial is not None:
            data, line = self.newline + self._partial + chunk, self.line - 1
        else:
            data, line = chunk, self.line
        nl = self.newline
        if nl + nl not in data and (nl != b"\n" or b"\n\r\n" not in data):  # the common chunk: no regex
            return
        pos = 0
        for m in self._empty.finditer(data):
            line += data.count(self.newline, pos, m.start()) + 1
            pos = m.start() + 1
            self.empty_lines.append(line)
