"""The product the template editor previews its fields for: the first of the chosen product set at
first, the next or the previous one with ◀ ▶, or the one selected in the Catalog dock's table.

Its row is read on the catalog's database thread (``CatalogQueries``, shared with the Catalog
dock so that both read the one open store); a newer choice supersedes an older one still waiting.
The product reaches the editor as a dict of the store's columns (``product_ready``).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from dcstudio.core.catalog.filters import FilterError, compile_filter
from dcstudio.core.catalog.store import PRODUCTS
from dcstudio.qt.catalog_queries import CatalogQueries

LANE = "template-product"
ALL_PRODUCTS = "All products"


def fetch_product(store, where_sql: str, params: list, position: int | None, row_number: int | None):
    """On the database thread: (the product as a dict, its 0-based position among the products of
    ``where_sql``, how many they are); the product None when there is none there."""
    if store is None:
        return None
    total = store.count(where_sql, params)
    if row_number is not None:
        position = store.count(f"({where_sql}) AND row_number < ?", [*params, row_number])
        rows = store.query(f"SELECT * FROM {PRODUCTS} WHERE row_number = ?", [row_number])
    else:
        position = min(max(position or 0, 0), max(total - 1, 0))
        rows = store.rows(position, 1, where_sql=where_sql, params=params) if total else []
    product = dict(zip(store.columns(), rows[0], strict=True)) if rows else None
    return product, position, total


class ProductSource(QWidget):
    product_ready = Signal(object)  # the product (a dict of store columns) or None

    def __init__(self, queries: CatalogQueries, parent=None):
        super().__init__(parent)
        self.queries = queries
        self.document = None
        self.product: dict | None = None
        self.position, self.total = 0, 0
        self.set_box = QComboBox()
        self.set_box.setMinimumWidth(64)  # shortens its text in a narrow dock rather than widen it
        self.set_box.setToolTip("The product set whose products the fields are shown for")
        self.set_box.currentIndexChanged.connect(lambda: self.show_position(0))
        self.previous_button = QToolButton()
        self.previous_button.setText("◀")
        self.previous_button.setToolTip("The previous product of the set")
        self.previous_button.clicked.connect(lambda: self.show_position(self.position - 1))
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip("The next product of the set")
        self.next_button.clicked.connect(lambda: self.show_position(self.position + 1))
        self.where_label = QLabel()
        self.where_label.setWordWrap(True)
        self.where_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.set_box, 1)
        line.addWidget(self.previous_button)
        line.addWidget(self.next_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(line)
        column.addWidget(self.where_label)
        self.queries.opened.connect(self._on_store_opened)  # a bound slot: dropped with this widget

    # -- the catalog --------------------------------------------------------------------------
    def _on_store_opened(self, _store, _error) -> None:
        self.show_position(self.position)  # the catalog was read again (an import, a refresh)

    def set_document(self, document) -> None:
        self.document = document
        self.catalog_changed()

    def catalog_changed(self) -> None:
        """The catalog (its file or its sets) may have changed: the sets listed again, the store
        opened where the project's catalog is, the product read again."""
        catalog = self.document.project.catalog if self.document else None
        chosen = self.set_box.currentData()
        self.set_box.blockSignals(True)
        self.set_box.clear()
        for pset in catalog.product_sets if catalog else ():
            self.set_box.addItem(pset.name, pset.name)
        self.set_box.addItem(ALL_PRODUCTS, None)
        at = self.set_box.findData(chosen) if chosen is not None else -1
        self.set_box.setCurrentIndex(max(at, 0))
        self.set_box.blockSignals(False)
        self._open_store()
        self.show_position(self.position if at >= 0 else 0)

    def _open_store(self) -> None:
        from dcstudio.core.catalog.store import catalog_path
        from dcstudio.core.values.errors import DcError

        project = self.document.project if self.document else None
        try:
            path = catalog_path(project) if project is not None and project.catalog is not None else None
        except DcError:
            path = None
        if path is not None and not path.is_file():
            path = None
        if path != self.queries.path:
            self.queries.open(path)  # the Catalog dock may have it open already: then nothing to do

    def _scope(self) -> tuple[str, list, str]:
        """(the SQL of the chosen set's products, its parameters, its name in words)."""
        name = self.set_box.currentData()
        catalog = self.document.project.catalog if self.document else None
        pset = catalog.product_set(name) if catalog is not None and name is not None else None
        if pset is None:
            return "TRUE", [], "the catalog"
        sql, params = compile_filter(pset.filter)
        return sql, params, f"“{pset.name}”"

    # -- choosing -----------------------------------------------------------------------------
    def show_position(self, position: int) -> None:
        """The product at ``position`` (0-based, feed order) of the chosen set."""
        self._ask(position=max(position, 0))

    def show_row(self, row_number: int) -> None:
        """The product of the feed's row ``row_number`` (chosen in the Catalog dock's table),
        counted among all products."""
        self.set_box.blockSignals(True)
        self.set_box.setCurrentIndex(self.set_box.findData(None))
        self.set_box.blockSignals(False)
        self._ask(row_number=int(row_number))

    def _ask(self, *, position: int | None = None, row_number: int | None = None) -> None:
        if self.document is None or self.document.project.catalog is None or self.queries.path is None:
            self.queries.supersede(LANE)
            self._show(None, 0, 0, "")
            return
        try:
            where, params, scope = self._scope()
        except FilterError as exc:
            self._show(None, 0, 0, f"The set's filter cannot be read: {exc}")
            return
        self.queries.submit(fetch_product, lambda result, error: self._on_fetched(result, error, scope),
                            where, params, position, row_number, lane=LANE)

    def _on_fetched(self, result, error, scope: str) -> None:
        if error is not None:
            self._show(None, 0, 0, f"Cannot read the product: {error}")
            return
        if result is None:  # the catalog closed meanwhile
            self._show(None, 0, 0, "")
            return
        product, position, total = result
        if product is None:
            self._show(None, 0, total, f"No product in {scope}.")
            return
        title = (product.get("title") or "").strip()
        what = f"{product.get('id') or '#' + str(product.get('row_number'))}" + (f" · {title}" if title else "")
        self._show(product, position, total, f"{what} — {position + 1:,} of {total:,} in {scope}")

    def _show(self, product, position: int, total: int, text: str) -> None:
        self.product, self.position, self.total = product, position, total
        self.where_label.setText(text)
        self.where_label.setHidden(not text)
        self.previous_button.setEnabled(product is not None and position > 0)
        self.next_button.setEnabled(product is not None and position + 1 < total)
        self.product_ready.emit(product)
