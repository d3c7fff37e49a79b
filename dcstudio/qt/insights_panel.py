"""The Insights panel: what each asset did, judged (docs/insights.md), and the loop that replaces
a Low asset with the next version of the ad.

It draws from one ``Judgement`` that ``InsightsLoader`` makes on a worker; fetching, importing,
writing a report and making the next version run on a worker too, so the GUI thread never waits
on the network, the database or the statistics. The notes every view must carry (the rows are
directional, the carousel caveat, a slow budget) stand above the table, not in a tooltip.
"""
from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.insights.judge import KIND_TITLES, LOW, budget_note
from dcstudio.core.model.asset_versions import POOL_OF_KIND
from dcstudio.core.model.assets import LinkAsset, TextAsset
from dcstudio.core.platforms.meta.publish.client import DEFAULT_API_BASE
from dcstudio.core.platforms.meta.publish.tokens import DEFAULT_PROFILE
from dcstudio.core.values.errors import DcError
from dcstudio.core.values.events import ChangeKind
from dcstudio.qt.commands import POOL_NOUNS, AddAssetCommand, ReplaceAssetCommand
from dcstudio.qt.document import follow_changes
from dcstudio.qt.insights_chart import DailyChart
from dcstudio.qt.insights_table import (
    AssetTableModel,
    CombinationTableModel,
    IntervalDelegate,
    SortedKinds,
    VerdictRole,
    asset_title,
)
from dcstudio.qt.workers import Worker

IMPORTS = {"ads-manager": ("Ads Manager export (CSV)…", "Import an Ads Manager asset-breakdown export",
                           "CSV files (*.csv);;All files (*)"),
           "analytics": ("Analytics export (CSV)…", "Import an analytics export keyed by the url_tags",
                         "CSV files (*.csv);;All files (*)")}
REPORT_FILTERS = "HTML report (*.html);;PDF report (*.pdf);;CSV table (*.csv)"
TEXT_KINDS = ("title", "body", "description")
BUDGET_NOTE_START = "The daily budget is "  # judge.budget_note's words


def _import(kind: str, project, path: str) -> str:
    if kind == "ads-manager":
        from dcstudio.core.platforms.meta.insights.ads_manager_csv import import_ads_manager

        return import_ads_manager(project, path).describe()
    from dcstudio.core.insights.analytics_import import import_analytics

    return import_analytics(project, path).describe()


def _write_report(judgement, path: str, title: str) -> Path:
    from dcstudio.core.insights.report import write_report

    return write_report(judgement, path, title=title)


def _next_version(project, asset_id: str, replacement, judgement, image_path: str | None):
    """On a worker: the replacement (an image file is copied into the project first), then the
    next version of the ad (lint and plan included)."""
    from dcstudio.core.platforms.meta.insights.replace import next_version

    if image_path is not None:
        from dcstudio.core.model.project_folder import import_image

        replacement = import_image(project, image_path)
    return next_version(project, asset_id, replacement, judgement=judgement)


class InsightsPanel(QWidget):
    notice = Signal(str)
    asset_activated = Signal(str)  # a project asset id: show it in its pool

    def __init__(self, loader, parent=None, *, api_base: str = DEFAULT_API_BASE, profile: str = DEFAULT_PROFILE,
                 settings=None):
        super().__init__(parent)
        self.loader = loader
        self.api_base, self.profile = api_base, profile
        self.settings = settings  # UiSettings, for the publish dialog's remembered ad account
        self.judgement = None
        self.summary = ""  # what the state line says of the judgement, between other messages
        self._followed = None  # the document whose changes the notes follow
        self.fetch_dialog = None
        self.last_next_version = None
        self.worker = Worker(1, self)
        self._build_ui()
        self._on_document()
        loader.judged.connect(self.set_judgement)
        loader.failed.connect(lambda text: self.show_state(f"Cannot read the insights: {text}", error=True))
        loader.started.connect(lambda: self.show_state("Judging the insights …"))
        loader.document_set.connect(self._on_document)
        if loader.busy:
            self.show_state("Judging the insights …")
        else:
            self.set_judgement(loader.judgement)

    # -- layout ---------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.fetch_button = QPushButton("Fetch…")
        self.fetch_button.setToolTip("Fetch what each asset did from the Marketing API (token from the keyring)")
        self.fetch_button.clicked.connect(self.open_fetch)
        self.import_button = QToolButton(text="Import", popupMode=QToolButton.InstantPopup)
        menu = QMenu(self.import_button)
        for kind, (title, _caption, _filters) in IMPORTS.items():
            menu.addAction(title, lambda k=kind: self.choose_import(k))
        self.import_button.setMenu(menu)
        self.report_button = QPushButton("Report…")
        self.report_button.setToolTip("Write the report a client reads: HTML or PDF with charts, or a CSV table")
        self.report_button.clicked.connect(self.choose_report)
        self.replace_button = QPushButton("Replace this asset…")
        self.replace_button.setToolTip("On a Low asset: the next version of the ad, with a new asset in its place")
        self.replace_button.clicked.connect(self.replace_selected)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("All kinds", None)
        self.kind_combo.currentIndexChanged.connect(lambda: self.proxy.set_kind(self.kind_combo.currentData()))
        # Two rows: the panel is often a narrow dock beside the grid (the window must fit 1024 px).
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 6, 6, 0)
        for widget in (self.fetch_button, self.import_button, self.report_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        second = QHBoxLayout()
        second.setContentsMargins(6, 0, 6, 0)
        second.addWidget(self.replace_button)
        second.addStretch(1)
        second.addWidget(self.kind_combo)

        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextFormat(Qt.RichText)
        self.notes_label.setStyleSheet("QLabel { background: #fff8e6; border: 1px solid #f0d9a8; padding: 4px; }")
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.next_label.setStyleSheet("QLabel { background: #eef5ff; border: 1px solid #bcd3f5; padding: 4px; }")
        self.next_label.hide()
        self.publish_button = QPushButton("Publish as a new ad set…")
        self.publish_button.setToolTip("Publish the next version into the campaign the journal recorded")
        self.publish_button.clicked.connect(self.publish_next_version)
        self.publish_button.hide()

        self.model = AssetTableModel(self)
        self.proxy = SortedKinds(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._table(self.proxy, AssetTableModel.INTERVAL)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._on_current())
        self.table.doubleClicked.connect(self._on_double_click)
        self.chart = DailyChart()
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        lower = QWidget()
        lower_column = QVBoxLayout(lower)
        lower_column.setContentsMargins(0, 0, 0, 0)
        lower_column.addWidget(self.chart, 1)
        lower_column.addWidget(self.reason_label)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.combo_model = CombinationTableModel(self)
        combo_proxy = SortedKinds(self)
        combo_proxy.setSourceModel(self.combo_model)
        self.combo_table = self._table(combo_proxy, CombinationTableModel.INTERVAL)
        self.combo_hint = QLabel()
        self.combo_hint.setWordWrap(True)
        combos = QWidget()
        combo_column = QVBoxLayout(combos)
        combo_column.setContentsMargins(0, 0, 0, 0)
        combo_column.addWidget(self.combo_hint)
        combo_column.addWidget(self.combo_table, 1)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(splitter, "Assets")
        self.tabs.addTab(combos, "Combinations")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(bar)
        column.addLayout(second)
        for label in (self.state_label, self.notes_label, self.next_label):
            column.addWidget(label)
        column.addWidget(self.publish_button, 0, Qt.AlignLeft)
        column.addWidget(self.tabs, 1)
        self._refresh_buttons()

    def _table(self, model, interval_column: int) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setItemDelegateForColumn(interval_column, IntervalDelegate(view))
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(False)
        header.setDefaultSectionSize(78)
        header.resizeSection(0, 170)
        if interval_column == AssetTableModel.INTERVAL:
            header.resizeSection(AssetTableModel.LABEL, 64)
        header.resizeSection(interval_column, 215)
        view.sortByColumn(-1, Qt.AscendingOrder)
        return view

    # -- the document and the judgement -------------------------------------------------------
    @property
    def document(self):
        return self.loader.document

    def _on_document(self) -> None:
        if self.document is not None and self.document is not self._followed:
            self._followed = follow_changes(self._followed, self.document, self._on_project_changed)
        self.next_label.hide()
        self.publish_button.hide()
        self.last_next_version = None
        self._refresh_buttons()

    @property
    def folder(self) -> Path | None:
        return self.loader.folder

    def show_state(self, text: str, *, error: bool = False) -> None:
        self.state_label.setStyleSheet("color: #c53030" if error else "")
        self.state_label.setText(text)

    def set_judgement(self, judgement) -> None:
        self.judgement = judgement
        current = self.selected_verdict()
        key = current.key if current is not None else None
        self.model.set_assets(judgement.assets if judgement else [])
        self.combo_model.set_rows(judgement.combinations if judgement else [])
        kinds = [k for k in KIND_TITLES if judgement and judgement.by_kind.get(k)]
        chosen = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.addItem("All kinds", None)
        for kind in kinds:
            self.kind_combo.addItem(KIND_TITLES[kind], kind)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(chosen)))
        self.kind_combo.blockSignals(False)
        self.proxy.set_kind(self.kind_combo.currentData())
        if judgement is None:
            where = "Save the project first: its insights live in its folder." if self.folder is None else \
                "No insights yet: Fetch… what the published ads did, or Import an Ads Manager or analytics export."
            self.show_state(where)
            self.notes_label.hide()
        else:
            span = f", {judgement.first_day} to {judgement.last_day}" if judgement.first_day else ""
            counts = {}
            for a in judgement.assets:
                counts[a.label] = counts.get(a.label, 0) + 1
            labels = ", ".join(f"{n} {label}" for label, n in counts.items())
            self.summary = f"{len(judgement.assets)} assets{span}: {labels or 'no asset rows'}."
            self.show_state(self.summary)
            self.show_notes()
        if judgement is not None and judgement.combinations:
            self.combo_hint.setText("Per combination, from the analytics export (the url_tags the studio wrote): "
                                    "conversions per session, which Meta does not report.")
        else:
            self.combo_hint.setText("No analytics rows: Import an analytics export (such as GA4's) keyed by the "
                                    "url_tags the studio wrote to see conversions per combination.")
        self.combo_table.setVisible(bool(judgement and judgement.combinations))
        self.tabs.setTabText(1, f"Combinations ({len(judgement.combinations)})" if judgement and
                             judgement.combinations else "Combinations")
        row = self.model.row_of_key(key) if key else None
        if row is None and self.proxy.rowCount():
            self.table.selectRow(0)
        elif row is not None:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        self._on_current()

    def notes(self) -> list[str]:
        """The judgement's notes, the budget's as the campaign says now (it is edited without a refetch)."""
        if self.judgement is None:
            return []
        notes = [n for n in self.judgement.notes if not n.startswith(BUDGET_NOTE_START)]
        slow = budget_note(self.document.project) if self.document is not None else None
        return notes + [slow] if slow else notes

    def show_notes(self) -> None:
        self.notes_label.setText("<br>".join(f"• {html.escape(n)}" for n in self.notes()))
        self.notes_label.setVisible(self.judgement is not None)

    def _on_project_changed(self, change) -> None:
        if change.kind is ChangeKind.SETTINGS_CHANGED and self.judgement is not None:
            self.show_notes()

    def selected_verdict(self):
        index = self.table.currentIndex()
        return index.data(VerdictRole) if index.isValid() else None

    def select_key(self, key: str) -> bool:
        row = self.model.row_of_key(key)
        if row is None:
            return False
        self.kind_combo.setCurrentIndex(0)
        self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        return True

    def _on_current(self) -> None:
        verdict = self.selected_verdict()
        if verdict is None or self.judgement is None:
            self.chart.set_series([])
            self.reason_label.setText("")
        else:
            same = self.judgement.by_kind.get(verdict.kind, [])
            impressions = sum(a.impressions for a in same)
            reference = sum(a.clicks for a in same) / impressions if impressions else None
            self.chart.set_series(self.judgement.daily(verdict.key), asset_title(verdict), reference)
            self.reason_label.setText(verdict.reason)
        self._refresh_buttons()

    def _on_double_click(self, index) -> None:
        verdict = index.data(VerdictRole)
        if verdict is not None and verdict.project_id:
            self.asset_activated.emit(verdict.project_id)

    def _refresh_buttons(self) -> None:
        saved = self.folder is not None
        for widget in (self.fetch_button, self.import_button):
            widget.setEnabled(saved)
        self.report_button.setEnabled(self.judgement is not None)
        verdict = self.selected_verdict() if hasattr(self, "table") else None
        self.replace_button.setEnabled(self.replaceable(verdict) is None)
        self.replace_button.setToolTip(self.replaceable(verdict) or "The next version of the ad, with a new asset "
                                       "in place of this one")

    def replaceable(self, verdict) -> str | None:
        """Why ``verdict`` cannot be replaced from here, or None when it can."""
        if verdict is None:
            return "Select a Low asset to replace it"
        if verdict.label != LOW:
            return f"Only a Low asset is replaced from the insights; this one is {verdict.label}"
        if not verdict.project_id or verdict.version != "current" or self.document is None \
                or self.document.project.find(verdict.project_id) is None:
            return "This row is not an asset of the project as it is now"
        return None

    # -- fetch, import, report ------------------------------------------------------------------
    def open_fetch(self):
        from dcstudio.qt.insights_fetch_dialog import InsightsFetchDialog  # loaded when first used

        if self.folder is None:
            return None
        if self.fetch_dialog is not None and self.fetch_dialog.isVisible():
            self.fetch_dialog.raise_()
            return self.fetch_dialog
        dialog = InsightsFetchDialog(self.document.project, self, api_base=self.api_base, profile=self.profile)
        dialog.setAttribute(Qt.WA_DeleteOnClose, True)
        dialog.fetched.connect(lambda _report: self.loader.reload())
        dialog.destroyed.connect(lambda: setattr(self, "fetch_dialog", None))
        self.fetch_dialog = dialog
        dialog.show()
        return dialog

    def choose_import(self, kind: str) -> None:
        _title, caption, filters = IMPORTS[kind]
        path, _ = QFileDialog.getOpenFileName(self, caption, str(self.folder or ""), filters)
        if path:
            self.import_file(kind, path)

    def import_file(self, kind: str, path: str) -> None:
        if self.folder is None:
            return
        self.show_state(f"Importing {Path(path).name} …")

        def done(text, error):
            if error is not None:
                self.show_state(f"Cannot import {Path(path).name}: "
                                f"{error if isinstance(error, DcError) else type(error).__name__}", error=True)
                if not isinstance(error, (DcError, OSError)):
                    raise error
                return
            self.notice.emit(f"{Path(path).name}: {text}")
            self.loader.reload()

        self.worker.submit(_import, done, kind, self.document.project.snapshot(), path)

    def choose_report(self) -> None:
        if self.judgement is None:
            return
        start = str((self.folder or Path.home()) / "insights-report.html")
        path, _ = QFileDialog.getSaveFileName(self, "Write the insights report", start, REPORT_FILTERS)
        if path:
            self.write_report(path)

    def write_report(self, path: str) -> None:
        judgement, title = self.judgement, self.document.project.name if self.document else "Insights"

        def done(out, error):
            if error is not None:
                self.show_state(f"Cannot write the report: "
                                f"{error if isinstance(error, DcError) else type(error).__name__}", error=True)
                if not isinstance(error, (DcError, OSError)):
                    raise error
                return
            self.notice.emit(f"Report written to {out}")

        self.worker.submit(_write_report, done, judgement, path, title)

    # -- replace a Low asset ------------------------------------------------------------------
    def replace_selected(self) -> None:
        """Asks for the new asset of the selected Low asset's kind, then makes the next version."""
        verdict = self.selected_verdict()
        if self.replaceable(verdict) is not None:
            return
        project = self.document.project
        old = project.asset(verdict.project_id)
        noun = POOL_NOUNS[POOL_OF_KIND[verdict.kind]]
        if verdict.kind in TEXT_KINDS:
            ask = QInputDialog.getMultiLineText if verdict.kind == "body" else QInputDialog.getText
            text, ok = ask(self, f"Replace {verdict.project_id}", f"The new {noun}, in place of “{old.text}”:",
                           text=old.text)
            if ok and text.strip() and text != old.text:
                self.replace_asset(verdict.project_id, TextAsset("", text))
        elif verdict.kind == "link_url":
            url, ok = QInputDialog.getText(self, f"Replace {verdict.project_id}", "The new link:",
                                           text=old.website_url)
            if ok and url.strip() and url != old.website_url:
                self.replace_asset(verdict.project_id, LinkAsset("", url.strip()))
        elif verdict.kind == "image":
            from dcstudio.qt.image_actions import ImageFileDialog

            files = ImageFileDialog.ask(self, str(self.folder or ""))
            if files:
                self.replace_asset(verdict.project_id, None, image_path=files[0])
        else:
            self.show_state(f"A {noun} is replaced by hand: add the new one to its pool and reject "
                            f"{verdict.project_id}; the checks and the publish then go as for any change.")

    def replace_asset(self, asset_id: str, replacement, *, image_path: str | None = None) -> None:
        """The next version of the ad with ``replacement`` after the Low ``asset_id`` (rejected),
        made on a worker and applied as one undo step."""
        document = self.document
        self.show_state(f"Making the next version without {asset_id} …")
        self.replace_button.setEnabled(False)

        def done(version, error):
            self._refresh_buttons()
            if error is not None:
                self.show_state(f"Cannot replace {asset_id}: "
                                f"{error if isinstance(error, DcError) else type(error).__name__}", error=True)
                if not isinstance(error, (DcError, OSError)):
                    raise error
                return
            if document is not self.document or document.project.find(asset_id) is None:
                self.show_state(f"Not replaced: {asset_id} is no longer in the open project", error=True)
                return
            self.apply_next_version(version)

        self.worker.submit(_next_version, done, document.project.snapshot(), asset_id, replacement,
                           self.judgement, image_path)

    def apply_next_version(self, version) -> str:
        """``version``'s changes on the open project as one undo step; says what happens next."""
        project, stack = self.document.project, self.document.undo_stack
        pool = project.pool_of(version.replaced)
        new = version.project.asset(version.replacement)
        stack.beginMacro(f"Replace {version.replaced} (Low in the insights)")
        add = AddAssetCommand(project, pool, replace(new, id=""), project.index_of(version.replaced) + 1)
        self.document.push(add)
        self.document.push(ReplaceAssetCommand(project, version.project.asset(version.replaced)))
        stack.endMacro()
        self.last_next_version = version
        self.show_state(self.summary)
        errors = len(version.lint.errors)
        warnings = sum(1 for f in version.lint.findings if f.severity == "warning")
        if version.campaign_id:
            where = (f"then Export…, or Publish as a new ad set… below: it adds an ad set with this ad to campaign "
                     f"{version.campaign_id} (a dynamic creative ad set holds one ad; File ▸ Publish to Meta… would "
                     "make a new campaign)")
        else:
            where = ("then Export… or File ▸ Publish to Meta…: no publish journal names a campaign, so it goes out "
                     "as a new campaign with its ad set")
        text = (f"{version.replaced} is rejected (left out of export and publish) and {add.asset.id} added after it, "
                f"as one step (Edit ▸ Undo takes both back). Next: the checks ({errors} errors, {warnings} warnings "
                f"on this version), {where}. Its figures start in Learning again.")
        self.next_label.setText(text)
        self.next_label.show()
        self.publish_button.setVisible(bool(version.campaign_id))
        self.asset_activated.emit(add.asset.id)
        return text

    def publish_next_version(self):
        """The publish dialog on the open project, its plan a new ad set of the journal's campaign."""
        from dcstudio.core.platforms.meta.insights.replace import plan_in_campaign
        from dcstudio.qt.publish_dialog import PublishDialog  # loaded when first used

        version = self.last_next_version
        if version is None or not version.campaign_id or self.document is None:
            return None
        campaign_id = version.campaign_id
        api_version = self.document.project.export.api_version
        dialog = PublishDialog(self.document.project, self, api_base=self.api_base, profile=self.profile,
                               settings=self.settings,
                               build_plan=lambda snap: plan_in_campaign(snap, campaign_id, api_version=api_version))
        dialog.setAttribute(Qt.WA_DeleteOnClose, True)
        dialog.open()  # window-modal, without a nested event loop
        return dialog

    def shutdown(self) -> None:
        self.worker.shutdown()
        if self.fetch_dialog is not None:
            self.fetch_dialog.close()
