"""The combination preview grid: a virtualized list view, a painting delegate and its toolbar."""
from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QListView,
    QSlider,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.model.customization import locale_name, rule_locales
from dcstudio.core.values.events import ASSET_KINDS, ChangeKind
from dcstudio.core.values.placements import all_placements
from dcstudio.qt.control_bar import ControlBar
from dcstudio.qt.document import follow_changes
from dcstudio.qt.grid_model import CombinationGridModel
from dcstudio.qt.tile_loader import TileError

CAPTION_HEIGHT = 22
# Asked for before the window is laid out, rendered however small the view: about what a 1440x900
# window shows (6-9). More only compete with the GUI thread building the window (the GIL, 2 cores).
FIRST_TILES = 12
TOP_PREFETCH = 24  # at the top of the grid, the prefetch holds at least this many first tiles
PADDING = 8


def language_choices(rules) -> list[tuple[str, int | None]]:
    """The grid bar's languages: the default one first (named by its locale when the default rule
    names one), then each other locale the rules name. Empty: the rules name no locale."""
    locales = rule_locales(rules)
    if not locales:
        return []
    default = next((r for r in rules if r.get("is_default")), {})
    own = default.get("customization_spec", {}).get("locales", [])
    if len(own) == 1:  # the default rule's language is the default: listed once
        return [(f"{locale_name(own[0])} (default)", None)] + [(locale_name(n), n) for n in locales if n != own[0]]
    return [("Default language", None)] + [(locale_name(n), n) for n in locales]


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
        tile_rect = QRect(cell.left() + PADDING // 2, cell.top() + PADDING // 2,
                          cell.width() - PADDING, cell.height() - PADDING - CAPTION_HEIGHT)
        selected = bool(option.state & QStyle.State_Selected)
        rejected = bool(index.data(model.RejectedRole))
        excluded = bool(index.data(model.ExcludedRole)) or rejected
        painter.save()
        painter.drawPixmap(cell.topLeft(), self._card(cell.size(), selected, painter.device().devicePixelRatioF()))
        image = index.data(model.TileRole)
        if isinstance(image, TileError):
            painter.fillRect(tile_rect, QColor("#fdecea"))
            painter.setPen(QColor("#a4261b"))
            painter.drawText(tile_rect.adjusted(8, 8, -8, -8), Qt.TextWordWrap | Qt.AlignCenter,
                             "Cannot draw this preview:\n" + image.message)
        elif image is None or image.isNull():
            painter.fillRect(tile_rect, QColor("#eef0f3"))
            painter.setPen(QColor("#9aa1ab"))
            painter.drawText(tile_rect, Qt.AlignCenter, "Rendering…")
        else:
            if excluded:
                painter.setOpacity(0.35)
            logical = image.deviceIndependentSize().toSize()
            if logical.width() <= tile_rect.width() and logical.height() <= tile_rect.height() + 1:
                # The worker made it exactly this size: a plain blit, no scaling per paint.
                painter.drawImage(tile_rect.left() + (tile_rect.width() - logical.width()) // 2,
                                  tile_rect.top(), image)
            else:  # the cell is catching up with a new aspect ratio
                scaled = logical.scaled(tile_rect.size(), Qt.KeepAspectRatio)
                target = QRect(0, 0, scaled.width(), scaled.height())
                target.moveCenter(tile_rect.center())
                painter.drawImage(target, image)
            painter.setOpacity(1.0)
        if excluded:
            painter.fillRect(tile_rect, QColor(90, 96, 105, 70))
            badge = QRect(tile_rect.left() + 6, tile_rect.top() + 6, 78, 20)
            painter.setPen(Qt.NoPen)
            painter.setBrush(QColor("#c53030" if rejected else "#5a6069"))
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignCenter, "Rejected" if rejected else "Excluded")
        caption = QRect(cell.left() + 8, tile_rect.bottom() + 2, cell.width() - 16, CAPTION_HEIGHT)
        painter.setFont(self._font(option.font))
        painter.setPen(QColor("#8a9099") if excluded else QColor("#3c4048"))
        text = f"#{index.row() + 1}  {index.data(Qt.DisplayRole)}"
        painter.drawText(caption, Qt.AlignVCenter | Qt.AlignLeft,
                         painter.fontMetrics().elidedText(text, Qt.ElideRight, caption.width()))
        painter.restore()


class PreviewGrid(QWidget):
    """Shows every combination of the project; double-click opens one large."""

    combination_activated = Signal(object)  # Combination
    visible_tiles_ready = Signal()

    def __init__(self, model: CombinationGridModel, tile_width: int = 220, parent=None):
        super().__init__(parent)
        self.model = model
        self._document = None
        self.tile_width = tile_width
        self.placement_box = QComboBox()
        for spec in all_placements():
            self.placement_box.addItem(spec.title, spec.id)
        self.filter_box = QComboBox()
        self.filter_box.setMinimumContentsLength(14)
        self.filter_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.hide_excluded_box = QCheckBox("Hide excluded")
        self.zoom = QSlider(Qt.Horizontal)
        self.zoom.setRange(140, 420)
        self.zoom.setValue(tile_width)
        self.zoom.setFixedWidth(120)
        # Shown only when the customization rules name languages. It sits with the count (which
        # follows it) so the bar's rows keep their width: a 1,024 px window still holds them.
        self.language_label = QLabel("Language")
        self.language_box = QComboBox()
        self.language_box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.language_box.setToolTip("The language whose assets the previews show, by the customization "
                                     "rules (set an asset's language with “Show in…” in the Assets panel)")
        self.language_label.setBuddy(self.language_box)
        self.count_label = QLabel()
        self.count_label.setObjectName("gridCount")
        self.controls = ControlBar(
            [QLabel("Placement"), self.placement_box, QLabel("Show"), self.filter_box, self.hide_excluded_box],
            [self.language_label, self.language_box, 12, self.count_label, 12, QLabel("Size"), self.zoom])
        self._show_languages([])

        self.view = QListView()
        self.view.setViewMode(QListView.IconMode)
        self.view.setResizeMode(QListView.Adjust)
        self.view.setMovement(QListView.Static)
        self.view.setUniformItemSizes(True)
        self.view.setLayoutMode(QListView.Batched)
        self.view.setBatchSize(400)
        self.view.setVerticalScrollMode(QListView.ScrollPerPixel)
        self.view.setSelectionMode(QListView.SingleSelection)
        self.view.setFrameShape(QListView.NoFrame)
        self.view.setStyleSheet("QListView { background: #f4f5f7; }")
        self.view.setItemDelegate(TileDelegate(self))
        self.view.setModel(model)
        self.view.doubleClicked.connect(self._on_double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.controls)
        layout.addWidget(self.view, 1)

        self._prefetching = False  # the screen ahead has been asked for (after the visible tiles)
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(15)
        self._fill_timer.timeout.connect(self._request_visible)
        self.view.verticalScrollBar().valueChanged.connect(self._schedule_fill)
        model.modelReset.connect(self._on_reset)
        model.layoutChanged.connect(self._apply_cell_size)
        model.loader.tile_ready.connect(self._on_tile_ready)
        self.placement_box.currentIndexChanged.connect(
            lambda: self.model.set_placement(self.placement_box.currentData()))
        self.language_box.currentIndexChanged.connect(
            lambda: self.model.set_locale(self.language_box.currentData()))
        self.filter_box.currentIndexChanged.connect(
            lambda: self.model.set_filter(self.filter_box.currentData()))
        self.hide_excluded_box.toggled.connect(self.model.set_hide_excluded)
        self.zoom.valueChanged.connect(self.set_tile_width)
        self.model.set_display_width(tile_width, self._dpr())
        self._apply_cell_size()

    # -- controls --------------------------------------------------------------------------------
    def set_placement(self, placement: str) -> None:
        index = self.placement_box.findData(placement)
        if index >= 0:  # a saved placement the table no longer has leaves the current one
            self.placement_box.setCurrentIndex(index)

    def set_filter(self, asset_id: str | None) -> None:
        index = self.filter_box.findData(asset_id)
        self.filter_box.setCurrentIndex(max(0, index))

    def set_tile_width(self, width: int) -> None:
        self.tile_width = width
        if self.zoom.value() != width:
            self.zoom.setValue(width)
        self.model.set_display_width(width, self._dpr())
        self._apply_cell_size()

    def set_document(self, document) -> None:
        """Follows ``document``: its asset edits change the "Show" menu's choices."""
        self._document = follow_changes(self._document, document, self._on_document_changed)
        self.refresh_filter_choices(document.project)
        self._show_languages(language_choices(document.project.customization.rules))

    def _on_document_changed(self, change) -> None:
        if change.kind in ASSET_KINDS:
            self.refresh_filter_choices(self._document.project)
        elif change.kind is ChangeKind.SETTINGS_CHANGED and change.detail.get("section") == "customization":
            self._show_languages(language_choices(self._document.project.customization.rules))

    def set_locale(self, locale: int | None) -> None:
        index = self.language_box.findData(locale)
        self.language_box.setCurrentIndex(max(0, index))

    def _show_languages(self, choices) -> None:
        """The language choice: the model's current language stays chosen while the rules still
        name it (the model falls back to the default language when they no longer do)."""
        self.language_box.blockSignals(True)
        self.language_box.clear()
        for text, locale in choices:
            self.language_box.addItem(text, locale)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(self.model.locale)))
        self.language_box.blockSignals(False)
        self.language_label.setVisible(bool(choices))
        self.language_box.setVisible(bool(choices))
        if self.model.locale != self.language_box.currentData():
            self.model.set_locale(self.language_box.currentData())

    def refresh_filter_choices(self, project) -> None:
        """The "Show" menu: every combination, or those holding one asset."""
        current = self.model.filter_asset
        self.filter_box.blockSignals(True)
        self.filter_box.clear()
        self.filter_box.addItem("All combinations", None)
        for pool, asset in project.assets():
            if pool == "videos":
                continue
            self.filter_box.addItem(f"With {asset.id}: {asset.display_name[:40]}", asset.id)
        self.filter_box.setCurrentIndex(max(0, self.filter_box.findData(current)))
        self.filter_box.blockSignals(False)

    # -- geometry and filling ---------------------------------------------------------------------
    def _dpr(self) -> float:
        return max(1.0, self.devicePixelRatioF())

    def cell_size(self) -> QSize:
        tile = self.model.tile_size(self.tile_width)
        return QSize(tile.width() + 2 * PADDING, tile.height() + CAPTION_HEIGHT + 2 * PADDING)

    def _apply_cell_size(self) -> None:
        # Share the spare width between the columns so the grid fills the view edge to edge.
        cell = self.cell_size()
        width = self.view.viewport().width()
        columns = max(1, width // max(1, cell.width()))
        spare = max(0, width - columns * cell.width() - 2) // columns
        grid = QSize(cell.width() + spare, cell.height())
        if grid != self.view.gridSize():
            self.view.setGridSize(grid)
        self._schedule_fill()

    def _on_reset(self) -> None:
        total = self.model.rowCount()
        shown = f"{total:,} combination{'s' if total != 1 else ''}"
        if self.model.excluded_count:
            shown += f" · {self.model.excluded_count:,} excluded"
        self.count_label.setText(shown)
        # Start the first tiles now, while the window is still being laid out and shown (the
        # view's size is not known yet: the fill that follows the layout puts the visible ones
        # first). The loader renders the newest request first: ask for the top-left tile last.
        for row in reversed(range(min(self.model.rowCount(), FIRST_TILES))):
            self.model.request(row)
        self._apply_cell_size()

    def _schedule_fill(self, *_):
        if not self._fill_timer.isActive():
            self._fill_timer.start()

    def visible_rows(self, extra_screens: float = 0.0) -> range:
        cell = self.view.gridSize() if self.view.gridSize().isValid() else self.cell_size()
        columns = max(1, self.view.viewport().width() // max(1, cell.width()))
        top = self.view.verticalScrollBar().value()
        height = self.view.viewport().height()
        margin = int(height * extra_screens)
        first = max(0, (top - margin // 2) // cell.height()) * columns
        last = ((top + height + margin) // cell.height() + 1) * columns
        return range(first, min(self.model.rowCount(), last))

    def _request_visible(self) -> None:
        """Ask for the visible tiles plus about a screen ahead; drop the rest of the queue."""
        visible, wanted = self.visible_rows(), self.visible_rows(extra_screens=1.0)
        if wanted.start == 0:  # at the top, the prefetch holds at least the first TOP_PREFETCH
            wanted = range(0, min(self.model.rowCount(), max(wanted.stop, TOP_PREFETCH)))
        done = self.visible_tiles_done()
        # The loader renders the newest request first: the farthest prefetch is asked for first,
        # the visible tiles last, the top-left one the very last. The prefetch waits until the
        # visible tiles are drawn: until then it would only take the cores (and the GIL) from them
        # and from the GUI thread painting the window.
        ahead = sorted((r for r in wanted if r not in visible),
                       key=lambda r: visible.start - r if r < visible.start else r - visible.stop,
                       reverse=True) if done else []
        for row in ahead + list(reversed(visible)):
            self.model.request(row)
        self._prefetching = done
        self.model.loader.retain(self.model.key_for(r) for r in (wanted if done else visible))
        if done:
            self.visible_tiles_ready.emit()

    def visible_tiles_done(self) -> bool:
        rows = self.visible_rows()
        return all(self.model.loader.tile(self.model.key_for(r)) is not None for r in rows)

    def _on_tile_ready(self, _key) -> None:
        if self.visible_tiles_done():
            self.visible_tiles_ready.emit()
            if not self._prefetching:
                self._request_visible()  # now the prefetch (at once: the loader is never idle between)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._apply_cell_size()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._schedule_fill()

    def _on_double_clicked(self, index) -> None:
        self.combination_activated.emit(index.data(self.model.CombinationRole))
