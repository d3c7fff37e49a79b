"""What every exporter is: an ``Exporter`` (id, title, the targets it writes, ``write``), and the
refusal they share, ``LintErrors``.

A platform lists its exporters in ``dcstudio.core.platforms.registry``; the export command and
the export dialog take the one of the project's platform from there, so they name no platform.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from dcstudio.core.values.errors import DcError

FOLDER, ZIP = "folder", ".zip"


class LintErrors(DcError):
    """The project has lint errors and the export was not forced."""

    def __init__(self, findings):
        self.findings = list(findings)
        listed = "\n".join(f"  {f.rule_id}: {f.message}" for f in self.findings)
        super().__init__(f"the project has {len(self.findings)} lint error(s); fix them or export with "
                         f"--force:\n{listed}")


class Exporter(Protocol):
    id: str
    title: str
    targets: tuple[str, ...]  # FOLDER and/or ZIP: what ``out`` may name

    def describe(self, project) -> str:
        """What an export of ``project`` writes, in a sentence or two (the dialog shows it)."""

    def write(self, project, out, *, progress: Callable[[int, int], None] | None = None, cancel=None,
              **options) -> dict:
        """Writes the export to ``out``; returns its JSON-ready record, whose ``"summary"`` says what
        it holds. ``progress(done, total)``; ``cancel`` (threading.Event) raises Cancelled. Raises
        LintErrors unless ``force=True``, DcError for what cannot be exported."""
