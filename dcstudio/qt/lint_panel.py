"""The checks dock: the strength score with its reasons, and the linter's findings.

``LintRunner`` lints a snapshot of the project on a worker after each edit (debounced), and hands
the report back on the GUI thread; a report for an older edit than the newest is dropped.
"""
from __future__ import annotations

from math import ceil

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from dcstudio.qt.document import follow_changes
from dcstudio.qt.pool_delegate import SEVERITY_COLORS
from dcstudio.qt.workers import Worker


def _dot(color: QColor) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(Qt.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.Antialiasing)
    p.setPen(Qt.NoPen)
    p.setBrush(color)
    p.drawEllipse(1, 1, 12, 12)
    p.end()
    return QIcon(pix)


def default_lint_fn():
    """The core linter. It is imported by the worker on the first run, not while the window opens."""
    def lint(project):
        from dcstudio.core.lint import lint as core_lint

        return core_lint(project)

    return lint


class LintRunner(QObject):
    report_ready = Signal(object)

    def __init__(self, worker: Worker, lint_fn=None, delay_ms: int = 120, *, gate=None, parent=None):
        super().__init__(parent)
        self.worker = worker
        self.gate = gate  # FirstScreenGate: the checks wait for the first screen of previews
        self._lint = lint_fn or default_lint_fn()
        self.project = None
        self.document = None
        self.report = None
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.run_now)

    def set_document(self, document) -> None:
        """Checks ``document``'s project now and after each of its changes."""
        self.document = follow_changes(self.document, document, self.schedule)
        self.project = document.project
        self.schedule()

    def schedule(self, *_) -> None:
        self._generation += 1
        self._timer.start()

    def run_now(self) -> None:
        if self.project is None:
            return
        if self.gate is not None and self.gate.is_closed:
            self.gate.defer("lint", self.run_now)
            return
        generation = self._generation
        self.worker.submit(self._lint, lambda report, error: self._done(generation, report, error),
                           self.project.snapshot())

    def stop(self) -> None:
        self._timer.stop()
        self.project = None

    def _done(self, generation: int, report, error) -> None:
        if generation != self._generation:
            return  # an edit came in meanwhile; its own run follows
        if error is not None:
            raise error  # a linter bug must be seen, not swallowed
        self.report = report
        self.report_ready.emit(report)


class FindingsModel(QAbstractListModel):
    FindingRole = Qt.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list = []
        self._rows: list = []
        self.shown = {"error", "warning", "info"}
        self._icons = {name: _dot(color) for name, color in SEVERITY_COLORS.items()}

    def set_findings(self, findings) -> None:
        self.beginResetModel()
        self._all = sorted(findings, key=lambda f: f.sort_key())
        self._rows = [f for f in self._all if f.severity in self.shown]
        self.endResetModel()

    def set_shown(self, severity: str, shown: bool) -> None:
        (self.shown.add if shown else self.shown.discard)(severity)
        self.set_findings(self._all)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        f = self._rows[index.row()]
        if role == Qt.DisplayRole:
            return f"{f.message}\n→ {f.hint}" if f.hint else f.message
        if role == Qt.DecorationRole:
            return self._icons[f.severity]
        if role == Qt.ToolTipRole:
            return f"{f.severity.upper()} · {f.rule_id}\n{f.message}\nFix: {f.hint}\nSource: {f.source}"
        if role == self.FindingRole:
            return f
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren


class FindingDelegate(QStyledItemDelegate):
    """A finding as wrapped lines as wide as the list: broken between words, and inside a word
    (a link, a field path) that is longer than a line, so nothing is cut off at the right."""

    PAD, ICON, GAP = 4, 14, 8

    def __init__(self, view: QListView):
        super().__init__(view)
        self.view = view

    def text_width(self) -> int:
        row = self.view.viewport().width() - 2 * self.view.spacing()
        return max(40, row - 2 * self.PAD - self.ICON - self.GAP)

    def layouts(self, text: str, font, width: int) -> tuple[list[QTextLayout], int]:
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        layouts, height = [], 0.0
        for paragraph in text.split("\n"):
            layout = QTextLayout(paragraph, font)
            layout.setTextOption(option)
            layout.beginLayout()
            while (line := layout.createLine()).isValid():
                line.setLineWidth(width)
                line.setPosition(QPointF(0, height))
                height += line.height()
            layout.endLayout()
            layouts.append(layout)
        return layouts, ceil(height)

    def text_lines(self, index) -> list[str]:
        """The lines the row shows (for tests and for reading what a narrow dock does)."""
        text = index.data(Qt.DisplayRole) or ""
        layouts, _ = self.layouts(text, self.view.font(), self.text_width())
        return [layout.text()[line.textStart():line.textStart() + line.textLength()]
                for layout in layouts for line in (layout.lineAt(n) for n in range(layout.lineCount()))]

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        _, height = self.layouts(index.data(Qt.DisplayRole) or "", option.font, self.text_width())
        return QSize(self.text_width() + 2 * self.PAD + self.ICON + self.GAP, height + 2 * self.PAD)

    def paint(self, painter: QPainter, option, index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        text, item.text, item.icon = item.text, "", QIcon()
        style = item.widget.style() if item.widget is not None else self.view.style()
        style.drawControl(QStyle.CE_ItemViewItem, item, painter, item.widget)  # background, selection
        rect = option.rect
        icon = index.data(Qt.DecorationRole)
        if icon is not None:
            icon.paint(painter, QRect(rect.left() + self.PAD, rect.center().y() - self.ICON // 2, self.ICON, self.ICON))
        selected = bool(option.state & QStyle.State_Selected)
        painter.save()
        painter.setPen(option.palette.color(QPalette.HighlightedText if selected else QPalette.Text))
        layouts, _ = self.layouts(text, option.font, self.text_width())
        origin = QPointF(rect.left() + self.PAD + self.ICON + self.GAP, rect.top() + self.PAD)
        for layout in layouts:
            layout.draw(painter, origin)
        painter.restore()


class LintPanel(QWidget):
    asset_activated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.score_value = QLabel("–")
        self.score_value.setObjectName("scoreValue")
        self.score_value.setStyleSheet("font-size: 30px; font-weight: 600;")
        self.score_label = QLabel("Strength")
        self.score_label.setStyleSheet("font-size: 14px; color: #3c4048;")
        self.score_bar = QProgressBar()
        self.score_bar.setRange(0, 100)
        self.score_bar.setTextVisible(False)
        self.score_bar.setFixedHeight(8)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.RichText)
        self.filters = {}
        filter_row = QHBoxLayout()
        for severity, title in (("error", "Errors"), ("warning", "Warnings"), ("info", "Tips")):
            box = QCheckBox(title)
            box.setChecked(True)
            box.toggled.connect(lambda on, s=severity: self.model.set_shown(s, on))
            filter_row.addWidget(box)
            self.filters[severity] = box
        filter_row.addStretch(1)
        self.model = FindingsModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setSpacing(3)
        self.view.setIconSize(QSize(14, 14))
        self.view.setResizeMode(QListView.Adjust)
        self.view.setTextElideMode(Qt.ElideNone)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # the rows wrap to the list's width
        self.view.setItemDelegate(FindingDelegate(self.view))
        self.view.activated.connect(self._on_activated)
        self.view.doubleClicked.connect(self._on_activated)
        head = QHBoxLayout()
        head.addWidget(self.score_value)
        head.addSpacing(6)
        head.addWidget(self.score_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(head)
        layout.addWidget(self.score_bar)
        layout.addWidget(self.reasons)
        layout.addSpacing(6)
        layout.addLayout(filter_row)
        layout.addWidget(self.view, 1)

    def set_report(self, report) -> None:
        score = report.score
        self.score_value.setText(str(score.value))
        errors, warnings = len(report.errors), len(report.warnings)
        self.score_label.setText(f"<b>{score.label}</b> strength<br><span style='color:#6b7280'>"
                                 f"{errors} error{'s' if errors != 1 else ''}, "
                                 f"{warnings} warning{'s' if warnings != 1 else ''}</span>")
        color = "#2f855a" if score.value >= 70 else "#d69e2e" if score.value >= 40 else "#c53030"
        self.score_value.setStyleSheet(f"font-size: 30px; font-weight: 600; color: {color};")
        self.score_bar.setValue(score.value)
        self.score_bar.setStyleSheet(f"QProgressBar {{ background: #e6e8ec; border: none; border-radius: 4px; }}"
                                     f"QProgressBar::chunk {{ background: {color}; border-radius: 4px; }}")
        lines = []
        for reason in sorted(score.reasons, key=lambda r: -abs(r.effect)):  # every line `lint` prints
            sign = "+" if reason.effect > 0 else "−" if reason.effect < 0 else "·"
            tone = "#2f855a" if reason.effect > 0 else "#c53030" if reason.effect < 0 else "#6b7280"
            points = f"{abs(reason.effect)}" if reason.effect else ""
            lines.append(f"<span style='color:{tone}'>{sign}{points}</span> {reason.text}")
        self.reasons.setText("<br>".join(lines))
        self.model.set_findings(report.findings)

    def _on_activated(self, index) -> None:
        finding = index.data(FindingsModel.FindingRole)
        if finding is not None and finding.asset_id:
            self.asset_activated.emit(finding.asset_id)
