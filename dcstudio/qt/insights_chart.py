"""One asset's daily figures as a chart: impressions as bars, CTR as a line, its kind's CTR dashed.

Drawn with QPainter: QtCharts is not in PySide6-Essentials, and a day series of at most a few
hundred points needs no plotting library; the colours come from the widget's palette, so it
follows the theme.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from dcstudio.core.insights.judge import DayPoint

LINE_COLOR = QColor("#2b6cb0")


def _nice_top(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^n at or above ``value`` (an axis' top)."""
    if value <= 0:
        return 1.0
    scale = 10.0 ** math.floor(math.log10(value))
    return next(f * scale for f in (1, 2, 2.5, 5, 10) if f * scale >= value * (1 - 1e-12))


class DailyChart(QWidget):
    """``set_series(points, title, reference_ctr)``: the chart of one asset (nothing: a hint)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[DayPoint] = []
        self.title = ""
        self.reference_ctr: float | None = None
        self.empty_text = "Select an asset to see its days."
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumHeight(120)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 170)

    def set_series(self, points: list[DayPoint], title: str = "", reference_ctr: float | None = None) -> None:
        self.points, self.title, self.reference_ctr = list(points), title, reference_ctr
        self.update()

    def ctr_points(self) -> list[tuple[str, float]]:
        """(day, CTR) of each day with impressions: what the line is drawn through."""
        return [(p.day, p.clicks / p.impressions) for p in self.points if p.impressions]

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.Base))
        text_color = palette.color(QPalette.Text)
        muted = palette.color(QPalette.PlaceholderText)
        metrics = painter.fontMetrics()
        line_h = metrics.height()
        if not self.points:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignCenter | Qt.TextWordWrap, self.empty_text)
            return
        left_w = metrics.horizontalAdvance("000,000") + 6
        right_w = metrics.horizontalAdvance("00.0%") + 6
        plot = QRectF(left_w, line_h + 8, self.width() - left_w - right_w, self.height() - 2 * line_h - 14)
        if plot.width() < 20 or plot.height() < 20:
            return
        impressions_top = _nice_top(max(p.impressions for p in self.points))
        ctrs = [c for _, c in self.ctr_points()]
        ctr_top = _nice_top(max([*ctrs, self.reference_ctr or 0.0]) * 100) / 100
        n = len(self.points)
        slot = plot.width() / n

        legend = "bars impressions · line CTR" + (" · dashed its kind" if self.reference_ctr is not None else "")
        legend_w = min(metrics.horizontalAdvance(legend), self.width() // 2)
        painter.setPen(muted)
        painter.drawText(QRectF(self.width() - legend_w - 4, 2, legend_w, line_h), Qt.AlignRight | Qt.AlignVCenter,
                         metrics.elidedText(legend, Qt.ElideRight, legend_w))
        painter.setPen(text_color)
        painter.drawText(QRectF(0, 2, self.width() - legend_w - 12, line_h), Qt.AlignLeft | Qt.AlignVCenter,
                         metrics.elidedText(self.title, Qt.ElideRight, self.width() - legend_w - 12))
        grid = QPen(palette.color(QPalette.Mid))
        grid.setWidthF(0.5)
        painter.setPen(grid)
        for k in range(5):
            y = plot.bottom() - plot.height() * k / 4
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))

        bar_color = QColor(palette.color(QPalette.Highlight))
        bar_color.setAlpha(70)
        painter.setPen(Qt.NoPen)
        painter.setBrush(bar_color)
        for k, p in enumerate(self.points):
            h = plot.height() * p.impressions / impressions_top
            painter.drawRect(QRectF(plot.left() + k * slot + slot * 0.15, plot.bottom() - h, max(1.0, slot * 0.7), h))

        def ctr_y(value: float) -> float:
            return plot.bottom() - plot.height() * value / ctr_top

        if self.reference_ctr is not None:
            dash = QPen(muted, 1.2, Qt.DashLine)
            painter.setPen(dash)
            y = ctr_y(self.reference_ctr)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        path = QPainterPath()
        started = False
        for k, p in enumerate(self.points):
            if not p.impressions:
                started = False  # a day without impressions has no CTR: the line breaks there
                continue
            point = QPointF(plot.left() + (k + 0.5) * slot, ctr_y(p.clicks / p.impressions))
            if started:
                path.lineTo(point)
            else:
                path.moveTo(point)
                started = True
        painter.setPen(QPen(LINE_COLOR, 1.8))
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(path)

        painter.setPen(muted)
        small = line_h
        painter.drawText(QRectF(0, plot.top() - small / 2, left_w - 4, small), Qt.AlignRight | Qt.AlignVCenter,
                         f"{impressions_top:,.0f}")
        painter.drawText(QRectF(0, plot.bottom() - small / 2, left_w - 4, small), Qt.AlignRight | Qt.AlignVCenter,
                         "0")
        painter.setPen(LINE_COLOR)
        painter.drawText(QRectF(plot.right() + 4, plot.top() - small / 2, right_w, small),
                         Qt.AlignLeft | Qt.AlignVCenter, f"{ctr_top:.1%}")
        painter.drawText(QRectF(plot.right() + 4, plot.bottom() - small / 2, right_w, small),
                         Qt.AlignLeft | Qt.AlignVCenter, "0%")
        painter.setPen(muted)
        bottom = QRectF(plot.left(), plot.bottom() + 2, plot.width(), line_h)
        painter.drawText(bottom, Qt.AlignLeft | Qt.AlignVCenter, self.points[0].day)
        painter.drawText(bottom, Qt.AlignRight | Qt.AlignVCenter, self.points[-1].day)
