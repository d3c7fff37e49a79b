"""Helpers shared by the subcommands: output, progress on stderr, loading a project."""
from __future__ import annotations

import json
import sys
import time

from dcstudio.core.model.customization import locale_name, rule_locales
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.values.errors import BadInputError


def print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def open_project(path):
    return load_project(path)


def add_locale_option(parser) -> None:
    parser.add_argument("--locale", metavar="ID",
                        help="a Meta locale id the project's customization rules name (such as 6 for "
                             "English (US)): the assets they give viewers of that language (default: the "
                             "default language)")


def known_locales(project) -> str:
    locales = rule_locales(project.customization.rules)
    if not locales:
        return "this project's customization rules name no locale"
    return "the project's rules name " + ", ".join(f"{n} ({locale_name(n)})" for n in locales)


def check_locale(value: str | None, project) -> int | None:
    """The locale id ``--locale`` names, None without one; BadInputError naming the value and the
    locales the project's rules name. A locale no rule names would only show the default
    language again, so it is taken for a typo."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit() and len(text) <= 6 and int(text) in rule_locales(project.customization.rules):
        return int(text)
    raise BadInputError(f"--locale {value}: not a locale of this project; {known_locales(project)}")


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
