"""The catalog's problems list: a Qt model over the lint's findings, tens of thousands of them.

The model keeps the findings as the lint made them and a list of which to show in which order;
a sort or a rule filter computes that list on a worker (sorting 100,000 findings would stall the
GUI thread), and the view is reset when it is ready. ``data`` reads one finding: only the rows
on screen are ever asked for.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from dcstudio.qt.workers import Worker

# Roles as plain ints: data() runs for every cell and role painted, and comparing the int Qt
# passes with a PySide6 enum member costs ~30 µs (a screen of cells would take a third of a second).
DISPLAY, TOOLTIP, FOREGROUND = (int(r.value) for r in (Qt.DisplayRole, Qt.ToolTipRole, Qt.ForegroundRole))

# What a narrow dock shows first: where, and what is wrong; the rule and the column follow.
COLUMNS = (("severity", "Severity"), ("row", "Row"), ("message", "Problem"), ("value", "Value"),
           ("fix", "Fix"), ("rule_id", "Rule"), ("column", "Column"))
WIDTHS = {"severity": 64, "row": 96, "message": 320, "value": 140, "fix": 240, "rule_id": 180, "column": 110}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
SEVERITY_COLOR = {"error": QColor("#b3261e"), "warning": QColor("#8a5a00")}
ALL_RULES = ""


def _key(name: str):
    if name == "severity":
        return lambda f: (SEVERITY_RANK.get(f.severity, 9), f.row or 0)
    if name == "row":
        return lambda f: (f.row if f.row is not None else 1 << 62, f.rule_id)
    return lambda f: (str(getattr(f, name, "") or ""), f.row or 0)


def arrange(findings, rule: str, column: str, descending: bool) -> list[int]:
    """The indexes of the findings to show, in their order. Runs on a worker."""
    keep = [i for i, f in enumerate(findings) if not rule or f.rule_id == rule]
    key = _key(column)
    keep.sort(key=lambda i: key(findings[i]), reverse=descending)
    return keep


class CatalogFindingsModel(QAbstractTableModel):
    arranged = Signal()  # a new sort or filter is shown

    def __init__(self, worker: Worker, parent=None):
        super().__init__(parent)
        self.worker = worker
        self.findings: list = []
        self._shown: list[int] = []
        self._view_findings: list = []  # the findings ``_shown`` indexes (set_findings may be newer)
        self._rule = ALL_RULES
        self._sort = ("severity", False)
        self._asked = 0  # the newest arrangement asked for; older ones are dropped

    def set_findings(self, findings) -> None:
        self.findings = list(findings)
        self._arrange()

    def set_rule(self, rule: str) -> None:
        self._rule = rule or ALL_RULES
        self._arrange()

    @property
    def rule(self) -> str:
        return self._rule

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self._sort = (COLUMNS[column][0], order == Qt.DescendingOrder)
            self._arrange()

    def _arrange(self) -> None:
        self._asked += 1
        asked, findings = self._asked, self.findings
        self.worker.submit(arrange, lambda shown, error: self._on_arranged(asked, findings, shown, error),
                           findings, self._rule, *self._sort)

    def _on_arranged(self, asked: int, findings, shown, error) -> None:
        if asked != self._asked or error is not None:
            return
        self.beginResetModel()
        self._shown = shown
        self._view_findings = findings
        self.endResetModel()
        self.arranged.emit()

    def finding(self, view_row: int):
        if 0 <= view_row < len(self._shown):
            return self._view_findings[self._shown[view_row]]
        return None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def data(self, index: QModelIndex, role=DISPLAY):
        finding = self.finding(index.row()) if index.isValid() else None
        if finding is None:
            return None
        name = COLUMNS[index.column()][0]
        if role in (DISPLAY, TOOLTIP):
            value = getattr(finding, name, None)
            if name == "row" and value is not None and getattr(finding, "line", None):
                return f"{value} (line {finding.line})"
            text = "" if value is None else str(value)
            return text[:200] + "…" if role == DISPLAY and len(text) > 200 else text
        if role == FOREGROUND and name == "severity":
            return SEVERITY_COLOR.get(finding.severity)
        return None
