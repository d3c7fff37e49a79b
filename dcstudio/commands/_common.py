"""Helpers shared by the subcommands: output, progress on stderr, loading a project."""
from __future__ import annotations

import json
import sys
import time

from dcstudio.core.model.project_folder import load_project


def print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def open_project(path):
    return load_project(path)


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second.

    Silent when stderr is not a terminal, unless ``force`` (so logs and pipes stay clean).
    Call it as a progress callback: ``bar(done, total)``.
    """

    def __init__(self, label: str, *, force: bool = False, stream=None):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = force or self.stream.isatty()
        self._last = 0.0
        self._start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = int(width * done / total) if total else width
        rate = done / max(now - self._start, 1e-6)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                          f"({rate:.0f}/s)")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
