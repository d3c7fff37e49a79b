"""The Catalog dock: the feed's source with Import… and Refresh, the product table, the problems
the catalog lint finds, and the product-set builder.

Nothing here waits on a file or a database: the import and the refresh run on a worker (with a
progress bar and Cancel), every query on the database thread of ``CatalogQueries``, the lint
beside it on a cursor of its own. What goes wrong is said in words in the panel.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.model.catalog_spec import CATALOG_PROFILES, DEFAULT_CATALOG_PROFILE
from dcstudio.core.platforms.meta.publish.feed_problems import with_feed_problems
from dcstudio.core.values.errors import Cancelled, DcError
from dcstudio.qt.catalog_findings_model import ALL_RULES, COLUMNS, WIDTHS, CatalogFindingsModel
from dcstudio.qt.catalog_queries import CatalogQueries
from dcstudio.qt.commands import SetCatalogCommand
from dcstudio.qt.error_text import explain
from dcstudio.qt.gui_thread import call_on_gui
from dcstudio.qt.product_set_builder import ProductSetBuilder
from dcstudio.qt.product_table_model import ProductCellDelegate, ProductTableModel, shown_columns
from dcstudio.qt.workers import Worker

PRODUCT_WIDTHS = {"row_number": 64, "id": 110, "title": 220, "description": 260, "link": 200, "image_link": 200}
FEED_FILTER = "Product feeds (*.csv *.tsv *.txt *.xml *.rss *.atom *.gz *.bz2 *.zip);;All files (*)"


def catalog_lint_fn():
    """The catalog lint, or None while it is not part of this build."""
    try:
        from dcstudio.core.lint.catalog_lint import lint_catalog
    except ImportError:
        return None
    return lint_catalog


def refresh_fn():
    try:
        from dcstudio.core.catalog.feed_import import refresh
    except ImportError:
        return None
    return refresh


class FeedChooser:
    """The file dialog for a feed; tests replace ``ask``."""

    @staticmethod
    def ask(parent) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Import a product feed", "", FEED_FILTER)
        return Path(name) if name else None


class CatalogPanel(QWidget):
    row_shown = Signal(int)  # the view row the product table scrolled to for a problem
    product_chosen = Signal(int)  # the feed row (row_number) of the product now current in the table

    def __init__(self, parent=None, *, queries: CatalogQueries | None = None):
        super().__init__(parent)
        self.document = None
        # The window hands in the one database thread its catalog panels share (one open store).
        self.queries = queries or CatalogQueries(self)
        self.queries.opened.connect(self._on_opened)
        self.worker = Worker(2, self)
        self.store_columns: list[str] = []
        self._shown_file: Path | None = None  # the store the project's spec reads, as last opened
        self.report = None  # the lint's CatalogReport, when it has run
        self._job = 0  # the import, refresh or lint now shown in the progress bar
        self._cancel: threading.Event | None = None
        self._lint_cancel: threading.Event | None = None

        self.source_label = QLabel("No catalog: import a product feed (CSV, TSV, RSS or Atom).")
        self.source_label.setWordWrap(True)
        self.source_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.profile_box = QComboBox()
        # The dock may share a narrow column with Assets (a small or scaled screen): the box
        # shortens its text rather than widen the column.
        self.profile_box.setMinimumWidth(64)
        for profile in CATALOG_PROFILES:
            self.profile_box.addItem(profile, profile)
        self.import_button = QPushButton("Import…")
        self.import_button.clicked.connect(lambda: self.import_feed())
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read the feed again from its source and say what changed")
        self.refresh_button.clicked.connect(self.refresh)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_label.setWordWrap(True)
        for button in (self.import_button, self.refresh_button, self.cancel_button):
            # As wide as their words: the style's 80 px floor would widen a narrow column.
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + 18)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.message.hide()

        self.products = ProductTableModel(self.queries, self)
        self.products.page_failed.connect(lambda text: self.say(text, error=True))
        self.products.located.connect(self._on_located)
        self.product_view = QTableView()
        self.product_view.setModel(self.products)
        self.product_view.setItemDelegate(ProductCellDelegate(self.products, self.product_view, self.product_view))
        # Feed order first: a view enabling its sorting sorts at once, by the indicator's column and order.
        self.product_view.horizontalHeader().setSortIndicator(0, Qt.AscendingOrder)
        self.product_view.setSortingEnabled(True)
        self.product_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.product_view.setWordWrap(False)
        # A million rows: the vertical header would measure each one; fixed heights, no header.
        self.product_view.verticalHeader().hide()
        self.product_view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.product_view.verticalHeader().setDefaultSectionSize(22)
        self.product_view.horizontalHeader().setDefaultSectionSize(120)
        self.product_view.selectionModel().currentRowChanged.connect(self._on_product_current)

        self.findings = CatalogFindingsModel(self.worker, self)
        self.findings.arranged.connect(self._update_problem_count)
        self.rule_box = QComboBox()
        self.rule_box.addItem("All rules", ALL_RULES)
        self.rule_box.currentIndexChanged.connect(lambda: self.findings.set_rule(self.rule_box.currentData()))
        self.problem_count = QLabel()
        self.problem_view = QTableView()
        self.problem_view.setModel(self.findings)
        self.problem_view.horizontalHeader().setSortIndicator(0, Qt.AscendingOrder)  # errors first
        self.problem_view.setSortingEnabled(True)
        self.problem_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.problem_view.setWordWrap(False)
        self.problem_view.verticalHeader().hide()
        self.problem_view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.problem_view.verticalHeader().setDefaultSectionSize(22)
        for i, (name, _title) in enumerate(COLUMNS):
            self.problem_view.setColumnWidth(i, WIDTHS[name])
        self.problem_view.activated.connect(self._on_problem_activated)
        # The whole finding under the list: a narrow dock shows only the first columns.
        self.problem_detail = QLabel("Double-click a problem to show its product.")
        self.problem_detail.setWordWrap(True)
        self.problem_detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.problem_view.selectionModel().currentRowChanged.connect(self._show_problem_detail)
        self.problem_view.doubleClicked.connect(self._on_problem_activated)

        self.sets = ProductSetBuilder(self.queries)
        self.sets.problem.connect(lambda text: self.say(text, error=True))

        self.tabs = QTabWidget()
        self.tabs.addTab(self.product_view, "Products")
        problems = QWidget()
        column = QVBoxLayout(problems)
        column.setContentsMargins(0, 4, 0, 0)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel("Rule"))
        filter_row.addWidget(self.rule_box, 1)
        filter_row.addWidget(self.problem_count)
        column.addLayout(filter_row)
        column.addWidget(self.problem_view, 1)
        column.addWidget(self.problem_detail)
        self.tabs.addTab(problems, "Problems")
        # The builder's rows are taller than a short dock: it scrolls there instead of making
        # the window taller than the screen.
        sets_scroller = QScrollArea()
        sets_scroller.setWidgetResizable(True)
        sets_scroller.setFrameShape(QScrollArea.NoFrame)
        sets_scroller.setWidget(self.sets)
        self.tabs.addTab(sets_scroller, "Product sets")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.source_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.profile_box)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        busy = QHBoxLayout()
        busy.addWidget(self.progress_label)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        layout.addLayout(busy)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self._show_busy(None)

    # -- the document ---------------------------------------------------------------------------
    def set_document(self, document) -> None:
        if self.document is not None:
            self.document.changed.disconnect(self._on_changed)
        self.document = document
        document.changed.connect(self._on_changed)
        self.sets.set_document(document)
        self.message.hide()
        self._show_source()
        self._open_catalog()

    def _on_changed(self, change) -> None:
        if change.detail.get("section") == "catalog":
            self._show_source()
            # Undo and redo of an import (or a refresh) come back to a spec whose rows are another
            # store (or none: before the first import); editing the product sets keeps the store.
            if self._store_file() != self._shown_file:
                self._open_catalog()

    def _show_source(self) -> None:
        catalog = self.document.project.catalog if self.document else None
        self.refresh_button.setEnabled(catalog is not None)
        if catalog is None:
            self.source_label.setText("No catalog: import a product feed (CSV, TSV, RSS or Atom).")
            return
        sets = len(catalog.product_sets)
        self.source_label.setText(f"Feed: {catalog.source} · {catalog.profile} · {sets} product set(s)")
        self.profile_box.setCurrentIndex(max(0, self.profile_box.findData(catalog.profile)))

    def _store_file(self) -> Path | None:
        """The store the project's catalog spec reads (which may not exist), None without one."""
        from dcstudio.core.catalog.store import catalog_path

        project = self.document.project
        try:
            return catalog_path(project) if project.catalog is not None else None
        except DcError:
            return None

    def _open_catalog(self) -> None:
        project = self.document.project
        path = self._shown_file = self._store_file()
        if path is not None and not path.is_file():
            self.say(f"The catalog of {project.catalog.source} is not read into this folder: Refresh reads it "
                     "again from its source (or import the feed again).", error=True)
            path = None
        self.queries.open(path)

    def _on_opened(self, store, error) -> None:
        if error is not None:
            self.products.reset_catalog([], 0)
            self.say(f"Cannot open the catalog: {explain(error)}", error=True)
            return
        if store is None:
            self.products.reset_catalog([], 0)
            self.findings.set_findings([])
            return

        def describe(store):
            return store.columns(), store.present(), store.count()

        self.queries.submit(describe, self._on_described)

    def _on_described(self, result, error) -> None:
        if error is not None:
            self.say(f"Cannot read the catalog: {explain(error)}", error=True)
            return
        columns, present, total = result
        self.store_columns = columns
        self.products.reset_catalog(shown_columns(present, columns), total)
        for i, name in enumerate(self.products.columns):
            self.product_view.setColumnWidth(i, PRODUCT_WIDTHS.get(name, 120))
        self.product_view.horizontalHeader().setSortIndicator(0, Qt.AscendingOrder)
        self.sets.set_total(total)
        self.lint()

    # -- import and refresh -------------------------------------------------------------------
    def import_feed(self, path: Path | None = None) -> bool:
        project = self.document.project if self.document else None
        if project is None:
            return False
        if project.folder is None:
            self.say("Save the project first: the catalog is kept in the project's folder.", error=True)
            return False
        path = path or FeedChooser.ask(self)
        if path is None:
            return False
        from dcstudio.core.catalog.feed_import import import_feed

        profile = self.profile_box.currentData() or DEFAULT_CATALOG_PROFILE
        name = Path(path).name
        self._run(f"Importing {name}…", lambda progress, cancel: import_feed(
            project, path, profile=profile, progress=progress, cancel=cancel),
            lambda report: self._on_imported(report, f"Import catalog {name}"))
        return True

    def refresh(self) -> bool:
        project = self.document.project if self.document else None
        if project is None or project.catalog is None:
            return False
        fn = refresh_fn()
        if fn is None:
            self.say("Refresh is not available in this build yet: use Import… with the feed again.", error=True)
            return False
        self._run(f"Refreshing from {project.catalog.source}…",
                  lambda progress, cancel: fn(project, progress=progress, cancel=cancel), self._on_refreshed)
        return True

    def _on_imported(self, report, text: str) -> None:
        project = self.document.project
        self._shown_file = report.path
        self.queries.open(report.path)
        if report.spec != project.catalog:
            self.document.push(SetCatalogCommand(project, report.spec, text))
        self.say(f"Imported {report.products:,} products ({report.format}, {report.encoding}) "
                 f"in {report.seconds:.1f} s.")

    def _on_refreshed(self, changes) -> None:
        report = getattr(changes, "report", None)
        if report is not None:
            self._shown_file = report.path
            self.queries.open(report.path)
        if report is not None and report.spec != self.document.project.catalog:
            self.document.push(SetCatalogCommand(self.document.project, report.spec, "Refresh the catalog"))
        if not changes:
            self.say("Refreshed: no product was added, removed or changed.")
        else:
            self.say(f"Refreshed: {len(changes.added):,} added, {len(changes.removed):,} removed, "
                     f"{len(changes.changed):,} changed.")

    def _run(self, what: str, fn, done) -> None:
        """``fn(progress, cancel)`` on the worker, with the progress bar and Cancel; ``done(result)``
        on success; a failure is said in the panel and changes nothing."""
        self.cancel()
        if self._lint_cancel is not None:
            self._lint_cancel.set()  # the catalog is about to change under it
        self._job += 1
        job, cancel = self._job, threading.Event()
        self._cancel = cancel
        self._show_busy(what)
        self.message.hide()
        self.import_button.setEnabled(False)
        self.refresh_button.setEnabled(False)

        def progress(done_, total):
            call_on_gui(self, self._on_progress, job, done_, total)

        def finished(result, error):
            self.import_button.setEnabled(True)
            self._show_source()
            if job == self._job:
                self._show_busy(None)
            if isinstance(error, Cancelled) or cancel.is_set():
                self.say("Cancelled: the catalog is as it was.")
            elif error is not None:
                self.say(explain(error), error=True)
            else:
                done(result)

        self.worker.submit(lambda: fn(progress, cancel), finished)

    # -- the lint -------------------------------------------------------------------------------
    def lint(self) -> None:
        lint_catalog = catalog_lint_fn()
        if lint_catalog is None:
            self.problem_count.setText("The catalog checks are not available in this build yet.")
            self.findings.set_findings([])
            return
        if self._lint_cancel is not None:
            self._lint_cancel.set()
        cancel = threading.Event()
        self._lint_cancel = cancel
        self._job += 1
        job = self._job
        catalog = self.document.project.catalog
        profile = catalog.profile if catalog else DEFAULT_CATALOG_PROFILE
        self._show_busy("Checking the catalog…")
        self._cancel = cancel

        def progress(done_, total):
            call_on_gui(self, self._on_progress, job, done_, total)

        def finished(report, error):
            if job == self._job:
                self._show_busy(None)
            if cancel.is_set() or isinstance(error, Cancelled):
                return
            if error is not None:
                self.say(f"The catalog checks stopped: {explain(error)}", error=True)
                return
            self.set_report(report)

        folder = self.document.project.folder

        def checked(store):  # on the database thread: the lint, then Meta's feed-upload problems (a file)
            report = lint_catalog(store, profile, progress=progress, cancel=cancel)
            return with_feed_problems(report, folder)

        self.queries.run_beside(checked, finished)

    def set_report(self, report) -> None:
        self.report = report
        rules = sorted({f.rule_id for f in report.findings})
        counts = getattr(report, "counts", {}) or {}
        self.rule_box.blockSignals(True)
        self.rule_box.clear()
        self.rule_box.addItem(f"All rules ({len(report.findings):,})", ALL_RULES)
        for rule in rules:
            n = counts.get(rule) if isinstance(counts, dict) else None
            n = n if isinstance(n, int) else sum(1 for f in report.findings if f.rule_id == rule)
            self.rule_box.addItem(f"{rule} ({n:,})", rule)
        self.rule_box.blockSignals(False)
        self.findings.set_rule(ALL_RULES)
        self.findings.set_findings(report.findings)

    def _update_problem_count(self) -> None:
        shown = self.findings.rowCount()
        total = len(self.findings.findings)
        text = f"{shown:,} problem{'' if shown == 1 else 's'}" if shown == total else f"{shown:,} of {total:,}"
        truncated = getattr(self.report, "truncated", ()) if self.report is not None else ()
        if truncated:  # the counts stay exact; the list holds the first findings of these rules
            text += f" (first ones listed for {', '.join(truncated)})"
        self.problem_count.setText(text)
        notes = getattr(self.report, "notes", ()) if self.report is not None else ()
        self.problem_count.setToolTip("\n".join(notes))

    def _show_problem_detail(self, index, _previous=None) -> None:
        f = self.findings.finding(index.row())
        if f is None:
            return
        where = f"Row {f.row}" + (f" (line {f.line})" if getattr(f, "line", None) else "") if f.row else "The feed"
        column = f", {f.column}" if getattr(f, "column", None) else ""
        fix = f" Fix: {f.fix}" if getattr(f, "fix", "") else ""
        self.problem_detail.setText(f"{where}{column} — {f.severity} {f.rule_id}: {f.message}.{fix}"
                                    .replace("..", "."))

    def _on_problem_activated(self, index) -> None:
        finding = self.findings.finding(index.row())
        if finding is None or not getattr(finding, "row", None):
            return
        self.products.locate(int(finding.row))

    def _on_product_current(self, index, _previous=None) -> None:
        row = self.products.feed_row(index.row()) if index.isValid() else None
        if row is not None:
            self.product_chosen.emit(row)

    def _on_located(self, view_row: int) -> None:
        if view_row < 0:
            self.say("That row is not in the product table (was the catalog imported again?).", error=True)
            return
        self.tabs.setCurrentWidget(self.product_view)
        index = self.products.index(view_row, 0)
        self.product_view.scrollTo(index, QAbstractItemView.PositionAtCenter)
        self.product_view.selectRow(view_row)
        self.row_shown.emit(view_row)

    # -- progress ---------------------------------------------------------------------------------
    def _show_busy(self, what: str | None) -> None:
        for widget in (self.progress, self.progress_label, self.cancel_button):
            widget.setVisible(what is not None)
        if what is not None:
            self.progress_label.setText(what)
            self.progress.setRange(0, 0)  # busy until the first progress report

    def _on_progress(self, job: int, done: int, total: int) -> None:
        if job == self._job and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e;" if error else "color: #1d4f91;")
        self.message.show()

    def shutdown(self) -> None:
        self.cancel()
        if self._lint_cancel is not None:
            self._lint_cancel.set()
        self.worker.shutdown()
        self.queries.shutdown()
