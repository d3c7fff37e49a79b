"""The combination preview grid: a virtualized list view of tiles, with its control bar
(grid_bar.py), its tile delegate (tile_delegate.py) and its tile menus (tile_menu.py)."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QVBoxLayout, QWidget

from dcstudio.core.values.events import ASSET_KINDS, ChangeKind
from dcstudio.qt.document import follow_changes
from dcstudio.qt.grid_bar import GridBar, deliverable_placements, language_choices
from dcstudio.qt.grid_model import CombinationGridModel
from dcstudio.qt.tile_delegate import CAPTION_HEIGHT, PADDING, TileDelegate, image_target, tile_rect
from dcstudio.qt.tile_menu import TileMenus

# Its public names, wherever they now live: the window and the tests import them from here.
__all__ = ["PreviewGrid", "TileDelegate", "TileView", "deliverable_placements", "image_target",
           "language_choices", "tile_rect"]

# Asked for before the window is laid out, rendered however small the view: about what a 1440x900
# window shows (6-9). More only compete with the GUI thread building the window (the GIL, 2 cores),
# and so do fewer on a smaller screen: at most as many as its room holds beside one column of
# panels (SIDE_COLUMN) and under the menu bar, the grid's controls and the status bar (CHROME).
FIRST_TILES = 12
SIDE_COLUMN = 240
CHROME = 140
TOP_PREFETCH = 24  # at the top of the grid, the prefetch holds at least this many first tiles
ZOOM_STEP = 20  # logical pixels of tile width per Ctrl+wheel notch or Ctrl+= / Ctrl+-


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


class PreviewGrid(GridBar, TileMenus, QWidget):
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
        self.controls = self._build_bar(tile_width)

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
        self._connect_bar()
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
