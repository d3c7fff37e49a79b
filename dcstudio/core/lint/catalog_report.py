"""What the catalog lint finds: one record per problem on a product row, and the report.

A catalog finding names a row of the feed, not an asset: the 1-based data row, the line in the
file where the import knew it, the store column and its value as written, and a fix.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from dcstudio.core.lint.findings import SEVERITIES
from dcstudio.core.values.atomic import atomic_write_text

_ORDER = {name: n for n, name in enumerate(SEVERITIES)}
CSV_COLUMNS = ("rule_id", "severity", "row", "line", "column", "value", "message", "fix", "source")


@dataclass(frozen=True, slots=True)
class CatalogFinding:
    rule_id: str
    severity: str  # "error" | "warning" | "info", the rule's
    row: int | None  # 1-based data row of the feed; None for the feed as a whole (a missing column)
    line: int | None  # the line in the file where the row starts, where known
    column: str | None  # the store column (Meta's field name)
    value: str | None  # as in the file (long values cut at 300 characters)
    message: str
    fix: str
    source: str  # the page that states the rule

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in CSV_COLUMNS}

    def sort_key(self):
        return (self.row if self.row is not None else 0, _ORDER[self.severity], self.rule_id, self.column or "")


@dataclass(frozen=True)
class CatalogReport:
    """``findings`` in row order (feed-wide ones first); ``counts``: rule id -> how many products
    break it, exact even where ``findings`` holds only the first ``max_per_rule`` of a rule
    (``truncated`` names those rules); ``notes``: what was not checked and why (offline images)."""

    profile: str
    products: int
    findings: tuple[CatalogFinding, ...]
    counts: dict[str, int]
    notes: tuple[str, ...] = ()
    truncated: tuple[str, ...] = ()
    images_checked: int = 0
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def errors(self) -> list[CatalogFinding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[CatalogFinding]:
        return [f for f in self.findings if f.severity == "warning"]

    def error_count(self) -> int:
        from dcstudio.core.lint.rules import RULES

        return sum(n for rule_id, n in self.counts.items() if RULES[rule_id].severity == "error")

    def rule_ids(self) -> set[str]:
        return set(self.counts)

    def to_dict(self) -> dict:
        return {"profile": self.profile, "products": self.products, "counts": dict(sorted(self.counts.items())),
                "notes": list(self.notes), "truncated": list(self.truncated),
                "images_checked": self.images_checked, "findings": [f.to_dict() for f in self.findings]}

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for f in self.findings:
            writer.writerow(["" if v is None else _spreadsheet_safe(v) for v in
                             (getattr(f, name) for name in CSV_COLUMNS)])
        return out.getvalue()

    def write_csv(self, path) -> Path:
        """The findings as a CSV for a spreadsheet (UTF-8 with a BOM, which Excel needs to read
        UTF-8), written atomically."""
        path = Path(path)
        atomic_write_text(path, "\ufeff" + self.csv_text())
        return path


def _spreadsheet_safe(value):
    """A feed value that starts like a formula (=, +, -, @) is a formula to a spreadsheet: the
    cell gets a leading apostrophe so it shows as the text it is."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
