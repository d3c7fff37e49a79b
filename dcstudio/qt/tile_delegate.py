"""How a preview grid tile is painted: its card (drawn once per size and selection, then blitted),
its mockup image or what stands for it, the excluded badge and the numbered caption."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from dcstudio.core.model.combinations import number_of
from dcstudio.qt.grid_model import CombinationGridModel
from dcstudio.qt.plain_fill import fill_rect
from dcstudio.qt.tile_loader import TileError

if TYPE_CHECKING:
    from dcstudio.qt.preview_grid import PreviewGrid

CAPTION_HEIGHT = 22
PADDING = 8


def tile_rect(cell_rect: QRect) -> QRect:
    """Where a tile's mockup sits in its item rectangle (above the caption)."""
    cell = cell_rect.adjusted(PADDING // 2, PADDING // 2, -PADDING // 2, -PADDING // 2)
    return QRect(cell.left() + PADDING // 2, cell.top() + PADDING // 2,
                 cell.width() - PADDING, cell.height() - PADDING - CAPTION_HEIGHT)


def image_target(rect: QRect, image) -> tuple[QRect, bool]:
    """Where a tile image is drawn in ``rect``, and whether as is (no scaling per paint)."""
    logical = image.deviceIndependentSize().toSize()
    if logical.width() <= rect.width() and logical.height() <= rect.height() + 1:
        # The worker made it exactly this size: a plain blit, no scaling per paint.
        return QRect(rect.left() + (rect.width() - logical.width()) // 2, rect.top(),
                     logical.width(), logical.height()), True
    scaled = logical.scaled(rect.size(), Qt.KeepAspectRatio)  # the cell is catching up with a new aspect
    target = QRect(0, 0, scaled.width(), scaled.height())
    target.moveCenter(rect.center())
    return target, False


class TileDelegate(QStyledItemDelegate):
    def __init__(self, grid: PreviewGrid):
        super().__init__(grid)
        self.grid = grid
        self.painted = False
        # Drawn once per cell size and selection, then blitted: an antialiased rounded path per
        # tile and paint is most of what scrolling costs the GUI thread.
        self._cards: dict[tuple, QPixmap] = {}
        self._caption_font: tuple[str, QFont] | None = None

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        return self.grid.cell_size()

    @staticmethod
    def caption_text(index) -> str:
        """``#12  img2-title1-...``: the combination's own number (number_of), not its row, so it
        stays the same with a filter or with excluded ones hidden, as on the sheet and in files."""
        return f"#{number_of(index.data(CombinationGridModel.CombinationRole))}  {index.data(Qt.DisplayRole)}"

    def _card(self, size: QSize, selected: bool, dpr: float) -> QPixmap:
        key = (size.width(), size.height(), selected, dpr)
        card = self._cards.get(key)
        if card is None:
            if len(self._cards) > 8:  # old cell sizes of a zoom
                self._cards.clear()
            card = QPixmap(round(size.width() * dpr), round(size.height() * dpr))
            card.setDevicePixelRatio(dpr)
            card.fill(Qt.transparent)
            p = QPainter(card)
            p.setRenderHint(QPainter.Antialiasing)
            path = QPainterPath()
            path.addRoundedRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1), 8, 8)
            p.fillPath(path, QColor("#ffffff"))
            p.setPen(QPen(QColor("#3d7cf5") if selected else QColor("#dcdfe4"), 2 if selected else 1))
            p.drawPath(path)
            p.end()
            self._cards[key] = card
        return card

    def _font(self, base: QFont) -> QFont:
        if self._caption_font is None or self._caption_font[0] != base.key():
            font = QFont(base)
            font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
            self._caption_font = (base.key(), font)
        return self._caption_font[1]

    def paint(self, painter: QPainter, option, index) -> None:
        model: CombinationGridModel = index.model()
        if not self.painted:
            # The window is up and the GUI thread is past its heaviest work: from now on the tile
            # workers yield the CPU to it.
            self.painted = True
            model.loader.to_background()
        cell = option.rect.adjusted(PADDING // 2, PADDING // 2, -PADDING // 2, -PADDING // 2)
        tile = tile_rect(option.rect)
        selected = bool(option.state & QStyle.State_Selected)
        rejected = bool(index.data(model.RejectedRole))
        excluded = bool(index.data(model.ExcludedRole)) or rejected
        painter.save()
        painter.drawPixmap(cell.topLeft(), self._card(cell.size(), selected, painter.device().devicePixelRatioF()))
        image = index.data(model.TileRole)
        if isinstance(image, TileError):
            fill_rect(painter, tile, QColor("#fdecea"))
            painter.setPen(QColor("#a4261b"))
            painter.drawText(tile.adjusted(8, 8, -8, -8), Qt.TextWordWrap | Qt.AlignCenter,
                             "Cannot draw this preview:\n" + image.message)
        elif image is None or image.isNull():
            fill_rect(painter, tile, QColor("#eef0f3"))
            painter.setPen(QColor("#9aa1ab"))
            painter.drawText(tile, Qt.AlignCenter, "Rendering…")
        else:
            if excluded:
                painter.setOpacity(0.35)
            target, as_is = image_target(tile, image)
            if as_is:
                painter.drawImage(target.topLeft(), image)
            else:
                painter.drawImage(target, image)
            painter.setOpacity(1.0)
        if excluded:
            fill_rect(painter, tile, QColor(90, 96, 105, 70))
            badge = QRect(tile.left() + 6, tile.top() + 6, 78, 20)
            painter.setPen(Qt.NoPen)
            painter.setBrush(QColor("#c53030" if rejected else "#5a6069"))
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignCenter, "Rejected" if rejected else "Excluded")
        caption = QRect(cell.left() + 8, tile.bottom() + 2, cell.width() - 16, CAPTION_HEIGHT)
        painter.setFont(self._font(option.font))
        painter.setPen(QColor("#8a9099") if excluded else QColor("#3c4048"))
        text = self.caption_text(index)
        painter.drawText(caption, Qt.AlignVCenter | Qt.AlignLeft,
                         painter.fontMetrics().elidedText(text, Qt.ElideRight, caption.width()))
        painter.restore()
