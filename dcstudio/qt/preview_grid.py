"""The combination preview grid: a virtualized list view, a painting delegate and its toolbar."""
from __future__ import annotations

from itertools import combinations as pairs_of

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLabel,
    QListView,
    QMenu,
    QSlider,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.model.campaign_rules import delivers
from dcstudio.core.model.combinations import number_of
from dcstudio.core.model.customization import locale_name, rule_locales
from dcstudio.core.values.events import ASSET_KINDS, ChangeKind
from dcstudio.core.values.placements import all_placements
from dcstudio.qt.commands import ExclusionCommand
from dcstudio.qt.control_bar import ControlBar
from dcstudio.qt.document import follow_changes
from dcstudio.qt.grid_model import CombinationGridModel
from dcstudio.qt.pin_notice import push_pin
from dcstudio.qt.plain_fill import fill_rect
from dcstudio.qt.tile_loader import TileError

CAPTION_HEIGHT = 22
# Asked for before the window is laid out, rendered however small the view: about what a 1440x900
# window shows (6-9). More only compete with the GUI thread building the window (the GIL, 2 cores),
# and so do fewer on a smaller screen: at most as many as its room holds beside one column of
# panels (SIDE_COLUMN) and under the menu bar, the grid's controls and the status bar (CHROME).
FIRST_TILES = 12
SIDE_COLUMN = 240
CHROME = 140
TOP_PREFETCH = 24  # at the top of the grid, the prefetch holds at least this many first tiles
PADDING = 8
ZOOM_STEP = 20  # logical pixels of tile width per Ctrl+wheel notch or Ctrl+= / Ctrl+-


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


def deliverable_placements(campaign) -> list:
    """The preview placements the ad set's placements deliver to: all of them under Advantage+;
    all of them too when none is delivered, so the grid still shows something (the checks say why)."""
    every = list(all_placements())
    if campaign.placements is None:
        return every
    shown = [p for p in every if delivers(campaign.placements, p.id)]
    return shown or every


class TileView(QListView):
    """The grid's list: Ctrl+wheel zooms, and the × a mockup draws in its header works."""

    def __init__(self, grid: PreviewGrid):
        super().__init__(grid)
        self.grid = grid

    def wheelEvent(self, event) -> None:  # noqa: N802
        if event.modifiers() & Qt.ControlModifier:
            notches = event.angleDelta().y() / 120
            if notches:
                self.grid.zoom_by(round(notches * ZOOM_STEP))
            event.accept()
            return
        super().wheelEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        pos = event.position().toPoint()
        row = self.grid.close_hit(pos) if event.button() == Qt.LeftButton else None
        if row is not None:
            event.accept()
            self.setCurrentIndex(self.model().index(row))
            self.grid.show_menu(self.grid.exclusion_menu(row), self.viewport().mapToGlobal(pos))
            return
        super().mouseReleaseEvent(event)


class PreviewGrid(QWidget):
    """Shows every combination of the project; double-click, Enter or Space opens one large; a
    right-click (or the × of a tile) offers what can be done with it."""

    combination_activated = Signal(object)  # Combination
    visible_tiles_ready = Signal()
    notice = Signal(str)  # what an action from a tile did, for the status bar

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

        self.view = TileView(self)
        self.view.setViewMode(QListView.IconMode)
        self.view.setResizeMode(QListView.Adjust)
        self.view.setMovement(QListView.Static)
        self.view.setUniformItemSizes(True)
        self.view.setLayoutMode(QListView.Batched)
        self.view.setBatchSize(400)
        self.view.setVerticalScrollMode(QListView.ScrollPerPixel)
        self.view.setSelectionMode(QListView.SingleSelection)
        self.view.setFrameShape(QListView.NoFrame)
        # The window's grey behind the tiles, by the palette: a style sheet would put the view
        # and its scroll bars through Qt's slower style-sheet engine when they are first shown.
        palette = self.view.palette()
        palette.setColor(QPalette.Base, QColor("#f4f5f7"))
        self.view.setPalette(palette)
        self.view.setItemDelegate(TileDelegate(self))
        self.view.setModel(model)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.menu: QMenu | None = None  # the tile menu shown last
        self.open_action = self._action("Open large preview", self.open_current,
                                        [Qt.Key_Return, Qt.Key_Enter, Qt.Key_Space], Qt.WidgetShortcut, self.view)
        # Window-wide, as in a browser or an image viewer: the grid zooms wherever the focus is.
        self.zoom_in_action = self._action("Larger tiles", lambda: self.zoom_by(ZOOM_STEP),
                                           [QKeySequence("Ctrl+="), QKeySequence.ZoomIn], Qt.WindowShortcut, self)
        self.zoom_out_action = self._action("Smaller tiles", lambda: self.zoom_by(-ZOOM_STEP),
                                            [QKeySequence.ZoomOut], Qt.WindowShortcut, self)
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

    def _action(self, text, slot, keys, context, owner) -> QAction:
        action = QAction(text, owner)
        action.setShortcuts([k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys])
        action.setShortcutContext(context)
        action.triggered.connect(slot)
        owner.addAction(action)
        return action

    # -- controls --------------------------------------------------------------------------------
    def set_placement(self, placement: str) -> None:
        index = self.placement_box.findData(placement)
        if index >= 0:  # a saved placement the table no longer has leaves the current one
            self.placement_box.setCurrentIndex(index)

    def set_filter(self, asset_id: str | None) -> None:
        index = self.filter_box.findData(asset_id)
        self.filter_box.setCurrentIndex(max(0, index))

    def set_tile_width(self, width: int) -> None:
        # The tile at the top left stays in sight: a new size must not jump to another part of the pool.
        cell = self.view.gridSize()  # a tile sits centred in its cell: probe the first cell's centre
        anchor = self.view.indexAt(QPoint(cell.width() // 2, cell.height() // 2))
        self.tile_width = width
        if self.zoom.value() != width:
            self.zoom.setValue(width)
        self.model.set_display_width(width, self._dpr())
        self._apply_cell_size()
        if anchor.isValid() and anchor.row() > 0:
            self.view.doItemsLayout()
            self.view.scrollTo(anchor, QAbstractItemView.PositionAtTop)

    def zoom_by(self, step: int) -> None:
        """Tiles ``step`` logical pixels wider (narrower when negative), within the slider's range."""
        self.zoom.setValue(max(self.zoom.minimum(), min(self.zoom.maximum(), self.tile_width + step)))

    def set_document(self, document) -> None:
        """Follows ``document``: its asset edits change the "Show" menu's choices."""
        self._document = follow_changes(self._document, document, self._on_document_changed)
        self.refresh_filter_choices(document.project)
        self._show_languages(language_choices(document.project.customization.rules))
        self._show_placements(deliverable_placements(document.project.campaign))

    def _on_document_changed(self, change) -> None:
        if change.kind in ASSET_KINDS:
            self.refresh_filter_choices(self._document.project)
        elif change.kind is ChangeKind.SETTINGS_CHANGED and change.detail.get("section") == "customization":
            self._show_languages(language_choices(self._document.project.customization.rules))
        elif change.kind is ChangeKind.SETTINGS_CHANGED and change.detail.get("section") == "campaign":
            self._show_placements(deliverable_placements(self._document.project.campaign))

    def _show_placements(self, specs) -> None:
        """The placement choice offers only ``specs``; the current one stays while it is offered."""
        if [self.placement_box.itemData(i) for i in range(self.placement_box.count())] == [p.id for p in specs]:
            return
        current = self.placement_box.currentData()
        self.placement_box.blockSignals(True)
        self.placement_box.clear()
        for spec in specs:
            self.placement_box.addItem(spec.title, spec.id)
        self.placement_box.setCurrentIndex(max(0, self.placement_box.findData(current)))
        self.placement_box.blockSignals(False)
        if self.placement_box.currentData() != self.model.placement:
            self.model.set_placement(self.placement_box.currentData())

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
        noun = getattr(self.model.space, "ad_noun", "combination")  # a product space says "product"
        shown = f"{total:,} {noun}{'s' if total != 1 else ''}"
        if self.model.excluded_count:
            shown += f" · {self.model.excluded_count:,} excluded"
        self.count_label.setText(shown)
        # Start the first tiles now, while the window is still being laid out and shown (the
        # view's size is not known yet: the fill that follows the layout puts the visible ones
        # first). The loader renders the newest request first: ask for the top-left tile last.
        for row in reversed(range(self.first_tiles())):
            self.model.request(row)
        self._apply_cell_size()

    def first_tiles(self) -> int:
        """How many tiles to ask for before the view has its size: what the screen can show at
        most, FIRST_TILES at the most."""
        room, cell = self.screen().availableGeometry(), self.cell_size()
        columns = max(1, (room.width() - SIDE_COLUMN) // max(1, cell.width()))
        rows = max(1, -(-(room.height() - CHROME) // max(1, cell.height())))  # a row cut off counts
        return min(self.model.rowCount(), FIRST_TILES, columns * rows)

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

    # -- one tile ---------------------------------------------------------------------------------
    def row_of(self, combination) -> int | None:
        """The grid row showing ``combination`` (the current one, or its own index), if any."""
        current = self.view.currentIndex()
        for row in (current.row() if current.isValid() else -1, getattr(combination, "index", -1)):
            if 0 <= row < self.model.rowCount() and self.model.combination(row) == combination:
                return row
        return None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.combination_activated.emit(index.data(self.model.CombinationRole))

    def close_hit(self, pos: QPoint) -> int | None:
        """The row whose drawn × (the mockup header's "hide ad") is at ``pos``, if any."""
        from dcstudio.core.render import close_box, mockup_width  # the renderer's geometry (no drawing)

        index = self.view.indexAt(pos)
        image = index.data(self.model.TileRole) if index.isValid() else None
        if image is None or isinstance(image, TileError) or image.isNull():
            return None
        target, _ = image_target(tile_rect(self.view.visualRect(index)), image)
        size = self.model.render_size
        scale = target.width() / mockup_width(self.model.placement, size)
        left, top, right, bottom = close_box(self.model.placement, size)
        box = QRectF(target.left() + left * scale, target.top() + top * scale,
                     (right - left) * scale, (bottom - top) * scale)
        return index.row() if box.contains(pos) else None

    def _on_context_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.show_menu(self.tile_menu(index.row()), self.view.viewport().mapToGlobal(pos))

    def show_menu(self, menu: QMenu, at) -> None:
        """Pops ``menu`` up without waiting for it (the grid keeps painting the tiles that arrive)."""
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = menu
        menu.popup(at)

    def tile_menu(self, row: int) -> QMenu:
        """Right-click on a tile: open it large, exclude it, pin its assets, copy its ids."""
        combo = self.model.combination(row)
        menu = QMenu(self)
        opening = menu.addAction("Open large preview", lambda: self._open_row(row))
        opening.setShortcut(QKeySequence(Qt.Key_Return))
        project = self.model.project
        if project is not None and self._document is not None:
            menu.addSeparator()
            self.exclusion_menu(row, menu.addMenu("Exclude this combination"))
            pins = menu.addMenu("Pin one of its assets")
            for asset_id in combo.ids:  # a carousel's cards are all its images: none to pin
                asset = project.find(asset_id)
                if asset is None:
                    continue
                pinned = asset_id in project.pins
                action = pins.addAction(f"{asset_id}: {asset.display_name[:40]}",
                                        lambda a=asset_id, p=pinned: self.pin(a, not p))
                action.setCheckable(True)
                action.setChecked(pinned)
        menu.addSeparator()
        menu.addAction("Copy its ids", lambda: self.copy_ids(row))
        return menu

    def exclusion_menu(self, row: int, menu: QMenu | None = None) -> QMenu:
        """The ways to exclude a combination: keep two of its assets apart ("never together",
        which leaves out every combination holding both), or, when it is excluded, allow it again."""
        menu = menu if menu is not None else QMenu(self)
        project = self.model.project
        if project is None or self._document is None:
            menu.addAction("Nothing to exclude here: no project").setEnabled(False)
            return menu
        combo = self.model.combination(row)
        ids = [a for a in combo.asset_ids() if project.find(a) is not None]
        inside = sorted(tuple(sorted(pair)) for pair in project.exclusions if pair <= set(ids))
        if inside:
            menu.addAction("Allow this combination again", lambda: self.allow(inside))
            menu.addSeparator()
        menu.addSection("Never show together")
        for a, b in pairs_of(ids, 2):
            if project.pool_of(a) == project.pool_of(b):
                continue
            apart = frozenset((a, b)) in project.exclusions
            action = menu.addAction(f"{a} and {b}", lambda a=a, b=b, e=apart: self._document.push(
                ExclusionCommand(project, a, b, not e)))
            action.setCheckable(True)
            action.setChecked(apart)
        return menu

    def allow(self, pairs) -> None:
        project, stack = self.model.project, self._document.undo_stack
        stack.beginMacro("Allow a combination again")
        for a, b in pairs:
            self._document.push(ExclusionCommand(project, a, b, False))
        stack.endMacro()

    def pin(self, asset_id: str, pinned: bool) -> None:
        self.notice.emit(push_pin(self._document, asset_id, pinned))

    def copy_ids(self, row: int) -> str:
        text = " ".join(self.model.combination(row).asset_ids())
        QGuiApplication.clipboard().setText(text)
        self.notice.emit(f"Copied {text}")
        return text

    def _open_row(self, row: int) -> None:
        self.select_row(row)
        self.open_current()
