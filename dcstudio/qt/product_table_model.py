"""The product table: a Qt model over the catalog's million rows that holds only a window of them.

``rowCount`` is the whole catalog, so the scroll bar is true and a jump to row 900,000 is one
step; ``data`` answers from pages of ``PAGE_ROWS`` rows cached here, and asks the database thread
for a page it lacks (showing "…" until it comes). In feed order a page is a range of
``row_number`` (the table is stored in that order: a range read touches one block); sorted by a
column, the database thread first lists the row numbers in that order once, and a page is the
rows of a slice of it. A page request far from where the view is now is dropped unread.
"""
from __future__ import annotations

from array import array
from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QStyledItemDelegate

from dcstudio.qt.catalog_queries import CatalogQueries

# Roles as plain ints: data() runs for every cell and role painted, and comparing the int Qt
# passes with a PySide6 enum member costs ~30 µs (a screen of cells would take a third of a second).
DISPLAY, TOOLTIP, FOREGROUND = (int(r.value) for r in (Qt.DisplayRole, Qt.ToolTipRole, Qt.ForegroundRole))

PAGE_ROWS = 200
CACHED_PAGES = 40
# A request more than this many pages from the latest one asked is stale: the view has moved on.
STALE_PAGES = 4
PLACEHOLDER = "…"

# What the table shows first, of the columns the feed fills; the rest follow in the store's order.
FIRST_COLUMNS = ("id", "title", "availability", "condition", "price", "sale_price", "brand", "link", "image_link")
HEADERS = {"row_number": "Row", "price_amount": "price ×100", "sale_price_amount": "sale price ×100",
           "price_currency": "currency"}


def shown_columns(present: list[str], all_columns: list[str]) -> list[str]:
    """Row first, then the feed's own fields (the usual ones first), without the bookkeeping columns."""
    fed = [c for c in all_columns if c in present]
    ordered = [c for c in FIRST_COLUMNS if c in fed] + [c for c in fed if c not in FIRST_COLUMNS]
    return ["row_number", *ordered]


class ProductTableModel(QAbstractTableModel):
    page_failed = Signal(str)  # a page query failed: what to show the user
    located = Signal(int)  # the view row of a feed row asked for with locate()

    def __init__(self, queries: CatalogQueries, parent=None):
        super().__init__(parent)
        self.queries = queries
        self.columns: list[str] = []
        self.total = 0
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0  # bumped by each reset: a page of an older table is dropped
        self._order: array | None = None  # row numbers in the sorted order (None: feed order)
        self._sort: tuple[str, bool] | None = None
        self._latest_page = 0

    # -- the catalog --------------------------------------------------------------------------
    def reset_catalog(self, columns: list[str], total: int) -> None:
        self.beginResetModel()
        self.columns, self.total = list(columns), int(total)
        self._clear()
        self._sort = self._order = None
        self.endResetModel()

    def _clear(self) -> None:
        self._generation += 1
        self._pages.clear()
        self._pending.clear()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(self.columns):
            name = self.columns[section]
            return HEADERS.get(name, name)
        return None

    def data(self, index: QModelIndex, role=DISPLAY):
        if not index.isValid() or role not in (DISPLAY, TOOLTIP):
            return None
        row = index.row()
        page = self._pages.get(row // PAGE_ROWS)
        if page is None:
            self._request(row // PAGE_ROWS)
            return PLACEHOLDER if role == DISPLAY else None
        record = page[row % PAGE_ROWS] if row % PAGE_ROWS < len(page) else None
        if record is None:
            return None
        value = record[index.column()]
        if value is None:
            return "" if role == DISPLAY else "(the feed has no such column)"
        text = str(value)
        if role == DISPLAY and len(text) > 300:
            return text[:300] + "…"  # a cell shows one line; the tooltip has it all
        return text

    def cell(self, row: int, column: int) -> str:
        """The text of a cell, for the delegate: data() without the trip through Qt."""
        page = self._pages.get(row // PAGE_ROWS)
        if page is None:
            self._request(row // PAGE_ROWS)
            return PLACEHOLDER
        at = row % PAGE_ROWS
        if at >= len(page):
            return ""
        value = page[at][column]
        return "" if value is None else str(value)

    def is_loaded(self, row: int) -> bool:
        return row // PAGE_ROWS in self._pages

    def feed_row(self, view_row: int) -> int | None:
        """The feed's row number shown at ``view_row``, if its page is here."""
        page = self._pages.get(view_row // PAGE_ROWS)
        if page is None or view_row % PAGE_ROWS >= len(page):
            return None
        return int(page[view_row % PAGE_ROWS][0])

    # -- pages --------------------------------------------------------------------------------
    def _request(self, page: int) -> None:
        self._latest_page = page
        if page in self._pending:
            return
        self._pending.add(page)
        generation, columns, order = self._generation, list(self.columns), self._order
        self.queries.submit(self._fetch_page, lambda rows, error: self._on_page(generation, page, rows, error),
                            page, columns, order)

    def _fetch_page(self, store, page: int, columns: list[str], order: array | None):
        # Runs on the database thread.
        if store is None or abs(page - self._latest_page) > STALE_PAGES:
            return None  # the view has scrolled on: this page is not on screen any more
        start = page * PAGE_ROWS
        if order is None:
            return store.rows(0, PAGE_ROWS, where_sql="row_number > ? AND row_number <= ?",
                              params=(start, start + PAGE_ROWS), columns=columns)
        wanted = list(order[start:start + PAGE_ROWS])
        if not wanted:
            return []
        got = store.rows(0, len(wanted), where_sql="list_contains(?, row_number)", params=(wanted,), columns=columns)
        by_row = {r[0]: r for r in got}
        return [by_row[n] for n in wanted if n in by_row]

    def _on_page(self, generation: int, page: int, rows, error) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        if error is not None:
            self.page_failed.emit(f"Cannot read products {page * PAGE_ROWS + 1}–{(page + 1) * PAGE_ROWS}: {error}")
            return
        if rows is None:
            return  # skipped as stale: asked again when it comes back into view
        self._pages[page] = rows
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        first = page * PAGE_ROWS
        last = min(first + len(rows), self.total) - 1
        if last >= first and self.columns:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))

    # -- sorting and locating -------------------------------------------------------------------
    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        name = self.columns[column]
        descending = order == Qt.DescendingOrder
        if name == "row_number" and not descending:
            self._apply_order(None, None)
            return
        generation = self._generation
        self.queries.submit(self._fetch_order, lambda result, error: self._on_order(generation, name, descending,
                                                                                  result, error),
                            name, descending, lane="product-order")

    @staticmethod
    def _fetch_order(store, name: str, descending: bool):
        if store is None:
            return None
        direction = "DESC" if descending else "ASC"
        listed = store.query(f'SELECT list(row_number ORDER BY "{name}" {direction} NULLS LAST, row_number) '
                             "FROM products")[0][0]
        return array("q", listed or [])

    def _on_order(self, generation, name, descending, order, error) -> None:
        if generation != self._generation:
            return
        if error is not None:
            self.page_failed.emit(f"Cannot sort the products by {name}: {error}")
            return
        self._apply_order(order, (name, descending))

    def _apply_order(self, order: array | None, sort: tuple[str, bool] | None) -> None:
        self.beginResetModel()
        self._clear()
        self._order, self._sort = order, sort
        self.endResetModel()

    @property
    def sorted_by(self) -> tuple[str, bool] | None:
        return self._sort

    def locate(self, feed_row: int) -> None:
        """Finds where the feed's row ``feed_row`` is shown now; ``located`` says (-1: not there)."""
        order, generation = self._order, self._generation
        if order is None:
            self.located.emit(feed_row - 1 if 1 <= feed_row <= self.total else -1)
            return

        def find(_store):
            try:
                return order.index(feed_row)
            except ValueError:
                return -1

        self.queries.submit(find, lambda pos, error: generation == self._generation and self.located.emit(
            -1 if error is not None else pos))


class ProductCellDelegate(QStyledItemDelegate):
    """Paints a cell from one look-up of its text: the standard delegate asks the model for nine
    roles per cell, each a trip through PySide6 (~10 µs), and a screen of a wide table has
    hundreds of cells. For the same reason it reads no enum per cell (an enum operation in
    PySide6 costs microseconds): the selected rows come from the selection model's signal."""

    def __init__(self, model: ProductTableModel, view, parent=None):
        super().__init__(parent)
        self.model = model
        self.selected_rows: set[int] = set()
        self._flags = int((Qt.AlignLeft | Qt.AlignVCenter).value)
        self._elide = Qt.ElideRight
        self._colors = None
        self._char = 0
        view.selectionModel().selectionChanged.connect(
            lambda *_: self._on_selection(view.selectionModel()))
        model.modelReset.connect(self.selected_rows.clear)

    def _on_selection(self, selection) -> None:
        self.selected_rows = {i.row() for i in selection.selectedRows()}

    def paint(self, painter, option, index) -> None:
        row = index.row()
        text = self.model.cell(row, index.column())
        if self._colors is None:
            palette = option.palette
            self._colors = (palette.text().color(), palette.highlight(), palette.highlightedText().color())
            self._char = max(1, option.fontMetrics.averageCharWidth())
        rect = option.rect
        if row in self.selected_rows:
            painter.fillRect(rect, self._colors[1])
            painter.setPen(self._colors[2])
        else:
            painter.setPen(self._colors[0])
        inner = rect.adjusted(4, 0, -4, 0)
        width = inner.width()
        # Measuring every cell costs as much as drawing it: only a text that may not fit is
        # measured (and elided), judged by its length in average characters; drawText clips.
        if len(text) * self._char > width * 0.8:
            text = option.fontMetrics.elidedText(text[:width], self._elide, width)
        painter.drawText(inner, self._flags, text)
