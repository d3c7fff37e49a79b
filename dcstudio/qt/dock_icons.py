"""Small pictures for the docks' tabs: on a small or scaled screen the docks stack as tabs of one
column and their titles shorten to two letters, so each tab also carries a shape of its own.

Drawn here with QPainter at each size the tab asks for (no image files to bundle); one colour,
so they sit with any palette.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

INK = QColor("#4b5563")
SIZES = (16, 24, 32, 48)


def _assets(p: QPainter, s: float) -> None:  # a picture: a frame, a sun and a hill
    p.drawRoundedRect(QRectF(0.12 * s, 0.2 * s, 0.76 * s, 0.6 * s), 0.06 * s, 0.06 * s)
    p.drawEllipse(QPointF(0.35 * s, 0.4 * s), 0.07 * s, 0.07 * s)
    hill = QPainterPath(QPointF(0.16 * s, 0.76 * s))
    hill.lineTo(0.45 * s, 0.5 * s)
    hill.lineTo(0.62 * s, 0.64 * s)
    hill.lineTo(0.7 * s, 0.56 * s)
    hill.lineTo(0.84 * s, 0.76 * s)
    p.drawPath(hill)


def _checks(p: QPainter, s: float) -> None:  # a tick in a circle
    p.drawEllipse(QPointF(0.5 * s, 0.5 * s), 0.36 * s, 0.36 * s)
    tick = QPainterPath(QPointF(0.33 * s, 0.52 * s))
    tick.lineTo(0.45 * s, 0.64 * s)
    tick.lineTo(0.68 * s, 0.38 * s)
    p.drawPath(tick)


def _campaign(p: QPainter, s: float) -> None:  # a target
    for r in (0.36, 0.22):
        p.drawEllipse(QPointF(0.5 * s, 0.5 * s), r * s, r * s)
    p.setBrush(INK)
    p.drawEllipse(QPointF(0.5 * s, 0.5 * s), 0.07 * s, 0.07 * s)


def _products(p: QPainter, s: float) -> None:  # a grid of products
    for x in (0.14, 0.54):
        for y in (0.14, 0.54):
            p.drawRoundedRect(QRectF(x * s, y * s, 0.32 * s, 0.32 * s), 0.05 * s, 0.05 * s)


def _ad(p: QPainter, s: float) -> None:  # a price tag
    tag = QPainterPath(QPointF(0.14 * s, 0.2 * s))
    tag.lineTo(0.5 * s, 0.2 * s)
    tag.lineTo(0.86 * s, 0.56 * s)
    tag.lineTo(0.52 * s, 0.88 * s)
    tag.lineTo(0.14 * s, 0.52 * s)
    tag.closeSubpath()
    p.drawPath(tag)
    p.drawEllipse(QPointF(0.32 * s, 0.38 * s), 0.06 * s, 0.06 * s)


def _insights(p: QPainter, s: float) -> None:  # a bar chart
    p.setBrush(INK)
    for x, h in ((0.18, 0.3), (0.42, 0.52), (0.66, 0.7)):
        p.drawRect(QRectF(x * s, (0.84 - h) * s, 0.16 * s, h * s))


PICTURES = {"assets": _assets, "checks": _checks, "campaign": _campaign, "products": _products, "ad": _ad,
            "insights": _insights}


def dock_icon(kind: str) -> QIcon:
    icon = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.Antialiasing)
        pen = QPen(INK, max(1.2, size / 12))
        pen.setJoinStyle(Qt.RoundJoin)
        pen.setCapStyle(Qt.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.NoBrush)
        PICTURES[kind](painter, float(size))
        painter.end()
        icon.addPixmap(pixmap)
    return icon
