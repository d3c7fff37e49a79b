"""A rectangle filled with one colour, for the delegates that paint the first screen.

Not ``QPainter.fillRect(rect, QColor)``: PySide picks that call among overloads that include
``QGradient.Preset``, and its first use in a process builds QGradient's Python enums (Preset
alone has some 180 members), about 3 ms of a fresh window's first paint. No pen and a brush of
the colour fill the same pixels.
"""
from __future__ import annotations

from PySide6.QtCore import Qt


def fill_rect(painter, rect, color) -> None:
    pen, brush = painter.pen(), painter.brush()
    painter.setPen(Qt.NoPen)
    painter.setBrush(color)
    painter.drawRect(rect)
    painter.setPen(pen)
    painter.setBrush(brush)
