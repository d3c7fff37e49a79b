"""Refuses a line longer than a limit while bytes stream past: a 2 GB file of one line is found
out in its first chunks, never read whole."""
from __future__ import annotations

import re


class LineTooLong(Exception):
    def __init__(self, line: int, limit: int):
        self.line = line
        self.limit = limit
        super().__init__(f"line {line} is longer than {limit:,} bytes")


class LineGuard:
    def __init__(self, limit: int):
        self.limit = int(limit)
        self.line = 1  # the line the next byte is on
        self._run = 0  # bytes since the last line break
        self._long = re.compile(rb"[^\n]{%d}" % (self.limit + 1))

    def feed(self, chunk: bytes) -> None:
        first = chunk.find(b"\n")
        if first < 0:
            self._run += len(chunk)
            if self._run > self.limit:
                raise LineTooLong(self.line, self.limit)
            return
        if self._run + first > self.limit:
            raise LineTooLong(self.line, self.limit)
        if len(chunk) - first > self.limit:  # a whole line may fit inside this chunk
            m = self._long.search(chunk, first)
            if m:
                raise LineTooLong(self.line + chunk.count(b"\n", 0, m.start()), self.limit)
        self.line += chunk.count(b"\n")
        self._run = len(chunk) - chunk.rfind(b"\n") - 1
