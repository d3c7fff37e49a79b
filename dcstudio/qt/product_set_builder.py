"""The product-set builder: Meta's filter JSON, "N of M products match" as it is typed, sample
rows, and the project's saved sets.

Each edit waits ``DEBOUNCE_MS`` for the typing to stop; then the filter is read and compiled here
(quick: a bad field or operator is named at once, under the editor), and counted on the database
thread. A newer edit supersedes the count still running (DuckDB interrupts it), so the number
shown is always the one for the text in the editor. Saving a set goes through the undo stack.
"""
from __future__ import annotations

import json
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.model.catalog_spec import ProductSet
from dcstudio.core.values.json_input import JsonInputError, parse_json
from dcstudio.qt.catalog_queries import CatalogQueries
from dcstudio.qt.commands import SetCatalogCommand

DEBOUNCE_MS = 250
SAMPLE_ROWS = 8
SAMPLE_COLUMNS = ("row_number", "id", "title", "price", "availability", "brand")
COUNT_LANE = "set-count"
EXAMPLE = '{"and": [{"availability": {"eq": "in stock"}}, {"price_amount": {"lt": 5000}}]}'


def filter_tools():
    """(compile_filter, count_matching, sample, FilterError), or None while the filters are not
    part of this build."""
    try:
        from dcstudio.core.catalog.filters import FilterError, compile_filter, count_matching, sample
    except ImportError:
        return None
    return compile_filter, count_matching, sample, FilterError


def read_filter(text: str):
    """(filter dict, None) or (None, what is wrong, in words)."""
    if not text.strip():
        return None, "Type a filter: Meta's product-set filter JSON, e.g. " + EXAMPLE
    try:
        value = parse_json(text)
    except JsonInputError as exc:
        return None, f"The filter is not valid JSON: {exc}"
    if not isinstance(value, dict):
        return None, "The filter is a JSON object, such as " + EXAMPLE
    return value, None


def _sample_record(row, columns) -> dict:
    if isinstance(row, dict):
        return row
    return dict(zip(columns, row, strict=False))


class ProductSetBuilder(QWidget):
    problem = Signal(str)

    def __init__(self, queries: CatalogQueries, parent=None):
        super().__init__(parent)
        self.queries = queries
        self.document = None
        self.total = 0
        self.count: int | None = None  # the count shown now, for the text in the editor
        self._asked = 0
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.recount)

        self.sets_list = QListWidget()
        self.sets_list.setMaximumHeight(90)
        self.sets_list.currentTextChanged.connect(self._on_set_chosen)
        self.name_edit = QLineEdit(placeholderText="Set name, e.g. In stock under $50")
        self.filter_edit = QPlainTextEdit()
        self.filter_edit.setPlaceholderText(EXAMPLE)
        self.filter_edit.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.filter_edit.setMaximumHeight(110)
        self.filter_edit.textChanged.connect(self._timer.start)
        self.count_label = QLabel("Type a filter to count the products it takes.")
        self.count_label.setWordWrap(True)
        self.count_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.save_button = QPushButton("Save set")
        self.save_button.clicked.connect(self.save_set)
        self.delete_button = QPushButton("Delete set")
        self.delete_button.clicked.connect(self.delete_set)
        self.samples = QTableWidget(0, len(SAMPLE_COLUMNS))
        self.samples.setHorizontalHeaderLabels(["Row" if c == "row_number" else c for c in SAMPLE_COLUMNS])
        self.samples.verticalHeader().hide()
        self.samples.setEditTriggers(QTableWidget.NoEditTriggers)
        # It takes the height left over (its own wish would make the dock scroll), at least a few rows.
        self.samples.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Ignored)
        self.samples.setMinimumHeight(90)
        self.samples.verticalHeader().setDefaultSectionSize(22)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(QLabel("Saved sets"))
        layout.addWidget(self.sets_list)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.count_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Sample of the products it takes"))
        layout.addWidget(self.samples, 1)

    # -- the document ---------------------------------------------------------------------------
    def set_document(self, document) -> None:
        if self.document is not None:
            self.document.changed.disconnect(self._on_changed)
        self.document = document
        document.changed.connect(self._on_changed)
        self._fill_sets()

    def _on_changed(self, change) -> None:
        if change.detail.get("section") == "catalog":
            self._fill_sets()

    def _fill_sets(self) -> None:
        catalog = self.document.project.catalog if self.document else None
        current = self.sets_list.currentItem().text() if self.sets_list.currentItem() else None
        self.sets_list.blockSignals(True)
        self.sets_list.clear()
        for product_set in catalog.product_sets if catalog else ():
            self.sets_list.addItem(product_set.name)
            if product_set.name == current:
                self.sets_list.setCurrentRow(self.sets_list.count() - 1)
        self.sets_list.blockSignals(False)

    def _on_set_chosen(self, name: str) -> None:
        catalog = self.document.project.catalog if self.document else None
        chosen = catalog.product_set(name) if catalog and name else None
        if chosen is not None:
            self.name_edit.setText(chosen.name)
            self.filter_edit.setPlainText(json.dumps(chosen.filter, indent=1, ensure_ascii=False))

    def set_total(self, total: int) -> None:
        self.total = int(total)
        self._timer.start()

    # -- counting -----------------------------------------------------------------------------
    def recount(self) -> None:
        self._timer.stop()
        self._asked += 1
        self.count = None
        self.queries.supersede(COUNT_LANE)  # what runs now is for an older text
        tools = filter_tools()
        if tools is None:
            self._say("Product-set filters are not available in this build yet: the count cannot be shown.")
            return
        compile_filter, count_matching, sample, filter_error = tools
        flt, problem = read_filter(self.filter_edit.toPlainText())
        if problem is None:
            try:
                compile_filter(flt)
            except filter_error as exc:
                problem = f"The filter {exc}" if not getattr(exc, "path", None) else \
                    f"The filter at {exc.path}: {getattr(exc, 'problem', exc)}"
        if problem is not None:
            self._say(problem, error=bool(self.filter_edit.toPlainText().strip()))
            self.samples.setRowCount(0)
            return
        self._say(f"Counting… of {self.total:,} products")
        asked = self._asked

        def count(store):
            if store is None:
                raise LookupError("import a feed first: there is no catalog to count")
            n = count_matching(store, flt)
            rows = sample(store, flt, SAMPLE_ROWS)
            return n, rows, store.columns()

        self.queries.submit(count, lambda result, error: self._on_count(asked, result, error), lane=COUNT_LANE)

    def _on_count(self, asked: int, result, error) -> None:
        if asked != self._asked:
            return
        if error is not None:
            self._say(f"Cannot count this filter: {error}", error=True)
            return
        n, rows, columns = result
        self.count = int(n)
        self._say(f"{n:,} of {self.total:,} products match" + (" — an empty set delivers no ads" if n == 0 else ""),
                  error=n == 0)
        self.samples.setRowCount(0)
        for row in rows[:SAMPLE_ROWS]:
            record = _sample_record(row, columns)
            r = self.samples.rowCount()
            self.samples.insertRow(r)
            for c, name in enumerate(SAMPLE_COLUMNS):
                value = record.get(name)
                self.samples.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        self.samples.resizeColumnsToContents()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.count_label.setText(text)
        self.count_label.setStyleSheet("color: #b3261e;" if error else "")

    # -- saving -------------------------------------------------------------------------------
    def save_set(self) -> bool:
        project = self.document.project if self.document else None
        if project is None or project.catalog is None:
            self.problem.emit("Import a feed first: a product set belongs to the project's catalog.")
            return False
        name = self.name_edit.text().strip()
        if not name:
            self.problem.emit("Name the product set before saving it.")
            return False
        flt, problem = read_filter(self.filter_edit.toPlainText())
        tools = filter_tools()
        if problem is None and tools is not None:
            try:
                tools[0](flt)
            except tools[3] as exc:
                problem = f"The filter at {getattr(exc, 'path', '')}: {getattr(exc, 'problem', exc)}"
        if problem is not None:
            self.problem.emit(f"Cannot save the set {name!r}: {problem}")
            return False
        sets = list(project.catalog.product_sets)
        new = ProductSet(name, flt)
        at = next((i for i, s in enumerate(sets) if s.name == name), None)
        if at is None:
            sets.append(new)
            text = f"Add product set {name}"
        else:
            sets[at] = new
            text = f"Edit product set {name}"
        self.document.push(SetCatalogCommand(project, replace(project.catalog, product_sets=tuple(sets)), text))
        return True

    def delete_set(self) -> bool:
        project = self.document.project if self.document else None
        item = self.sets_list.currentItem()
        if project is None or project.catalog is None or item is None:
            return False
        name = item.text()
        sets = tuple(s for s in project.catalog.product_sets if s.name != name)
        self.document.push(SetCatalogCommand(project, replace(project.catalog, product_sets=sets),
                                             f"Delete product set {name}"))
        return True
