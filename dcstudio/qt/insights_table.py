"""The Insights panel's tables: one row per asset (or per combination), and the 90% interval drawn
as a bar on a scale shared by the rows it is compared with (an asset's kind; all combinations)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dcstudio.core.insights.judge import BEST, GOOD, KIND_TITLES, LEARNING, LOW, AssetVerdict, CombinationVerdict

LABEL_COLORS = {BEST: QColor("#2f855a"), GOOD: QColor("#2b6cb0"), LOW: QColor("#c53030"), LEARNING: QColor("#8a6d1f")}
KIND_SHORT = {"image": "Image", "video": "Video", "title": "Headline", "body": "Text", "description": "Description",
              "call_to_action": "Button", "link_url": "Link", "ad_format": "Format"}

IntervalRole = Qt.UserRole + 1  # (low, observed, high) of the row's rate
ScaleRole = Qt.UserRole + 2  # the top of the bar's scale: the highest 'high' it is compared with
SortRole = Qt.UserRole + 3
VerdictRole = Qt.UserRole + 4


def _pct(value: float) -> str:
    return f"{value:.2%}" if value < 0.1 else f"{value:.1%}"


def interval_text(observed: float, low: float, high: float) -> str:
    """ "1.29% (1.18–1.41)": the observed rate, then its 90% interval in the same unit."""
    return f"{_pct(observed)} ({_pct(low)[:-1]}–{_pct(high)[:-1]})"


def asset_title(a: AssetVerdict) -> str:
    who = a.project_id or "not in the project"
    text = f"{a.name} ({who})"
    return text + " · earlier version" if a.version == "earlier" else text


class AssetTableModel(QAbstractTableModel):
    # The label and the interval first: the panel is often a narrow dock.
    COLUMNS = ("Asset", "Label", "CTR, 90% interval", "Impressions", "Clicks", "Spend", "Conversions", "P(best)",
               "Kind")
    LABEL, INTERVAL = 1, 2

    def __init__(self, parent=None):
        super().__init__(parent)
        self.assets: list[AssetVerdict] = []
        self._scale: dict[str, float] = {}

    def set_assets(self, assets: list[AssetVerdict]) -> None:
        self.beginResetModel()
        self.assets = list(assets)
        self._scale = {}
        for a in self.assets:
            self._scale[a.kind] = max(self._scale.get(a.kind, 0.0), a.ctr.high)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.assets)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.COLUMNS[section]
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section == self.INTERVAL:
            return ("Clicks per impression: the bar is the 90% credible interval, the tick the observed rate, on "
                    "one scale per kind")
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        a = self.assets[index.row()]
        col = index.column()
        if role == VerdictRole:
            return a
        if role == Qt.DisplayRole:
            return (asset_title(a), a.label, interval_text(a.ctr.observed, a.ctr.low, a.ctr.high),
                    f"{a.impressions:,}", f"{a.clicks:,}", f"{a.spend:,.2f}", f"{a.conversions:,}",
                    "—" if a.p_best is None else f"{a.p_best:.0%}", KIND_SHORT.get(a.kind, a.kind))[col]
        if role == SortRole:
            return (asset_title(a).lower(), (BEST, GOOD, LOW, LEARNING).index(a.label), a.ctr.observed,
                    a.impressions, a.clicks, a.spend, a.conversions, -1.0 if a.p_best is None else a.p_best,
                    list(KIND_TITLES).index(a.kind) if a.kind in KIND_TITLES else 99)[col]
        if role == IntervalRole and col == self.INTERVAL:
            return a.ctr.low, a.ctr.observed, a.ctr.high
        if role == ScaleRole and col == self.INTERVAL:
            return self._scale.get(a.kind, 0.0)
        if role == Qt.ToolTipRole:
            return a.reason
        if role == Qt.ForegroundRole and col == self.LABEL:
            return LABEL_COLORS.get(a.label)
        if role == Qt.TextAlignmentRole and self.INTERVAL < col < len(self.COLUMNS) - 1:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def row_of_key(self, key: str) -> int | None:
        return next((k for k, a in enumerate(self.assets) if a.key == key), None)


class CombinationTableModel(QAbstractTableModel):
    COLUMNS = ("Combination", "Sessions", "Conversions", "Conversion rate, 90% interval", "Revenue", "P(best)")
    INTERVAL = 3

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[CombinationVerdict] = []
        self._scale = 0.0

    def set_rows(self, rows: list[CombinationVerdict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._scale = max((r.rate.high for r in self.rows), default=0.0)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        c = self.rows[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            return (" + ".join(c.asset_ids), f"{c.sessions:,}", f"{c.conversions:,}",
                    interval_text(c.rate.observed, c.rate.low, c.rate.high), f"{c.revenue:,.2f}",
                    f"{c.p_best:.0%}")[col]
        if role == SortRole:
            return (" + ".join(c.asset_ids), c.sessions, c.conversions, c.rate.observed, c.revenue, c.p_best)[col]
        if role == IntervalRole and col == self.INTERVAL:
            return c.rate.low, c.rate.observed, c.rate.high
        if role == ScaleRole and col == self.INTERVAL:
            return self._scale
        if role == Qt.TextAlignmentRole and col in (1, 2, 4, 5):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None


class SortedKinds(QSortFilterProxyModel):
    """Sorts by the numbers, not their text; ``set_kind`` shows one kind only (None: all)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.kind: str | None = None
        self.setSortRole(SortRole)

    def set_kind(self, kind: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later; invalidateFilter is deprecated there
            self.beginFilterChange()
            self.kind = kind
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.kind = kind
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row, parent) -> bool:  # noqa: N802
        if self.kind is None:
            return True
        verdict = self.sourceModel().index(row, 0, parent).data(VerdictRole)
        return verdict is None or verdict.kind == self.kind


class IntervalDelegate(QStyledItemDelegate):
    """The interval as a bar from its low to its high end, the observed rate as a tick, then the text."""

    BAR_WIDTH = 80

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + self.BAR_WIDTH + 8, hint.height())

    def paint(self, painter: QPainter, option, index) -> None:
        interval, scale = index.data(IntervalRole), index.data(ScaleRole)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, opt.widget)
        if not interval or not scale:
            return
        low, observed, high = interval
        rect = option.rect.adjusted(4, 0, -4, 0)
        bar = QRectF(rect.left(), rect.center().y() - 4, min(self.BAR_WIDTH, rect.width() / 2), 8)
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        palette = option.palette
        painter.setPen(Qt.NoPen)
        painter.setBrush(palette.color(QPalette.AlternateBase).darker(110))
        painter.drawRoundedRect(bar, 3, 3)

        def x(value: float) -> float:
            return bar.left() + bar.width() * min(1.0, max(0.0, value / scale))

        fill = QColor(palette.color(QPalette.Highlight))
        fill.setAlpha(150)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(x(low), bar.top(), max(2.0, x(high) - x(low)), bar.height()), 3, 3)
        painter.setPen(QPen(palette.color(QPalette.Text), 2))
        painter.drawLine(QRectF(x(observed), bar.top() - 2, 0, bar.height() + 4).topLeft(),
                         QRectF(x(observed), bar.top() - 2, 0, bar.height() + 4).bottomLeft())
        text_rect = rect.adjusted(int(bar.width()) + 8, 0, 0, 0)
        selected = bool(option.state & QStyle.State_Selected)
        painter.setPen(palette.color(QPalette.HighlightedText if selected else QPalette.Text))
        painter.drawText(text_rect, Qt.AlignLeft | Qt.AlignVCenter,
                         option.fontMetrics.elidedText(text, Qt.ElideRight, text_rect.width()))
        painter.restore()
