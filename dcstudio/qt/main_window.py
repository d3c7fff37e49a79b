"""The studio window: layout and wiring. The work is done by the panels, models and the core."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette, QUndoGroup
from PySide6.QtWidgets import QDockWidget, QMainWindow, QVBoxLayout, QWidget

from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import save_project
from dcstudio.core.values.errors import DcError
from dcstudio.core.values.placements import all_placements
from dcstudio.qt.autosave import Autosaver, pending_recoveries, recover
from dcstudio.qt.catalog_queries import CatalogQueries
from dcstudio.qt.dock_tabs import CompactDockTabs
from dcstudio.qt.document import Document, open_document
from dcstudio.qt.file_dialogs import (
    OpenProjectDialog,
    ProjectFolderDialog,
    RecoveryDialog,
    UnsavedChangesDialog,
    start_folder,
)
from dcstudio.qt.first_screen import FirstScreenGate
from dcstudio.qt.grid_model import CombinationGridModel
from dcstudio.qt.help_pages import fill_help_menu
from dcstudio.qt.image_actions import ImageActions, WindowDrops
from dcstudio.qt.insights_loader import InsightsLoader
from dcstudio.qt.lazy_import import lazy_names
from dcstudio.qt.lazy_panel import LazyPanel
from dcstudio.qt.lint_panel import LintPanel, LintRunner
from dcstudio.qt.pool_editor import PoolEditorPanel
from dcstudio.qt.preset_menu import PresetMenu
from dcstudio.qt.preview_grid import PreviewGrid
from dcstudio.qt.product_grid import ProductGrid
from dcstudio.qt.product_preview import ProductItem, ProductPreviewDialog
from dcstudio.qt.screen_fit import FIRST_SIZE, SidewaysScroller, first_geometry, fitted, frame_margins, screen_of
from dcstudio.qt.settings import UiSettings
from dcstudio.qt.status import MessageBar, StatusSummary
from dcstudio.qt.tile_loader import TileLoader
from dcstudio.qt.workers import Worker

if TYPE_CHECKING:
    from dcstudio.qt.campaign_form import CampaignForm
    from dcstudio.qt.catalog_panel import CatalogPanel
    from dcstudio.qt.preview_dialog import CombinationPreviewDialog

# Made when first used, with what they import (the Graph client, requests and keyring for the
# Campaign tab's look-ups; the catalog's tables and product sets; the large preview):
# ``main_window.CampaignForm`` still names the class.
__getattr__ = lazy_names(__name__, CampaignForm="dcstudio.qt.campaign_form", CatalogPanel="dcstudio.qt.catalog_panel",
                         CombinationPreviewDialog="dcstudio.qt.preview_dialog")

FIRST_SCREEN_HOLD_MAX_MS = 1000


def standard_keys(standard, fallback: str) -> list[QKeySequence]:
    """The platform's keys for a standard action, plus ``fallback`` when it is not among them."""
    keys = list(QKeySequence.keyBindings(standard))
    extra = QKeySequence(fallback)
    return keys if extra in keys else [*keys, extra]


class MainWindow(QMainWindow):
    def __init__(self, document: Document, *, settings: UiSettings, state_dir: Path,
                 render_fn=None, lint_fn=None, autosave_ms: int | None = None,
                 fit_screen: bool = True):
        super().__init__()
        self.fits_screen = fit_screen  # False: FIRST_SIZE whatever the screen (a picture of the product)
        self.settings, self.state_dir = settings, Path(state_dir)
        self.document: Document | None = None
        # A palette, not a window-wide style sheet: style sheets make every child widget polish
        # and paint through the slower style-sheet engine.
        palette = self.palette()
        palette.setColor(QPalette.Window, QColor("#f4f5f7"))
        self.setPalette(palette)
        self.worker = Worker(2, self)
        self.loader = TileLoader(render_fn, threads=2, parent=self)
        self.grid_model = CombinationGridModel(self.loader, self)
        self.grid = PreviewGrid(self.grid_model, settings.tile_width)
        self.grid.set_placement(self.settings.placement)
        self.grid.hide_excluded_box.setChecked(self.settings.hide_excluded)
        self.products = ProductGrid(self.grid, self)  # a catalog ad's grid: one tile per product
        # The grid gets its document, and the tile workers their first tiles, once the panels are
        # built (set_document, below): rendering while the panels are made only took the GIL from
        # the GUI thread; while the window is shown and painted (Qt's own code) they run side by side.
        self.message_bar = MessageBar()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.message_bar)
        column.addWidget(self.grid, 1)
        self.setCentralWidget(central)

        # The checks and the pool thumbnails wait while a project's first screen of previews is drawn.
        self.first_screen = FirstScreenGate(self)
        self.images = ImageActions(self.worker, gate=self.first_screen, parent=self,
                                   start_folder=lambda: self.start_folder())
        self.pools = PoolEditorPanel(self.images)
        self.lint_panel = LintPanel()
        # Behind the Checks tab at start: made when its tab is first opened.
        self.campaign_panel = LazyPanel(self._make_campaign_form)
        # Short titles that differ in their first two letters, on compact tabs: stacked as tabs of
        # one narrow column (a small or scaled screen), the titles shorten to those letters.
        self.dock_tabs = CompactDockTabs(self)
        self.pools_dock = self._dock("Assets", "assetsDock", self.pools, Qt.LeftDockWidgetArea)
        self.checks_dock = self._dock("Checks", "checksDock", self.lint_panel, Qt.RightDockWidgetArea)
        # The form is as wide as its longest row; its dock scrolls it sideways rather than widen the window.
        self.campaign_dock = self._dock("Campaign", "campaignDock", SidewaysScroller(self.campaign_panel),
                                        Qt.RightDockWidgetArea)
        self.tabifyDockWidget(self.checks_dock, self.campaign_dock)
        # The product catalog, behind its tab too: no DuckDB opened until the tab is chosen. Its
        # panel and the catalog ad's share one database thread, so they read one open store.
        self.catalog_queries = CatalogQueries(self)
        self.catalog_panel = LazyPanel(self._make_catalog_panel)
        self.catalog_dock = self._dock("Products", "catalogDock", self.catalog_panel, Qt.RightDockWidgetArea)
        self.tabifyDockWidget(self.campaign_dock, self.catalog_dock)
        # The catalog ad, beside the catalog: its template, and inside it the format, overlay and
        # frame with their preview (one dock: a seventh tab would not fit a scaled laptop screen).
        self.template_panel = LazyPanel(self._make_template_editor)
        self.template_dock = self._dock("Ad", "catalogAdDock", self.template_panel, Qt.RightDockWidgetArea)
        self.tabifyDockWidget(self.catalog_dock, self.template_dock)
        # The insights are judged on a worker for the pool badges; the panel is made when its tab is opened.
        self.insights_loader = InsightsLoader(gate=self.first_screen, parent=self)
        self.insights_loader.judged.connect(lambda j: self.pools.set_badges(j.badges() if j else {}))
        self.insights_panel = LazyPanel(self._make_insights_panel)
        self.insights_dock = self._dock("Insights", "insightsDock", self.insights_panel, Qt.RightDockWidgetArea)
        self.tabifyDockWidget(self.template_dock, self.insights_dock)
        self.checks_dock.raise_()
        self.campaign_panel.make_when_shown(self.campaign_dock)
        self.catalog_panel.make_when_shown(self.catalog_dock)
        self.template_panel.make_when_shown(self.template_dock)
        self.insights_panel.make_when_shown(self.insights_dock)
        self.summary = StatusSummary(self.statusBar())
        self.summary.follow_grid(self.grid_model)

        self.lint_runner = LintRunner(self.worker, lint_fn, gate=self.first_screen, parent=self)
        self.autosaver = Autosaver(self.state_dir, autosave_ms or settings.autosave_seconds * 1000, self)
        self.undo_group = QUndoGroup(self)
        self._build_menus()

        self.images.problem.connect(lambda text: self.message_bar.show_message(text, "error", source="images"))
        self.images.problem_solved.connect(lambda: self.message_bar.clear("images"))
        self.images.warning.connect(lambda text: self.message_bar.show_message(text, "warning", source="images"))
        self.drops = WindowDrops(self, self.images)  # image files dropped anywhere on the window
        self.grid.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.products.problem.connect(lambda text: self.message_bar.show_message(text, "error", source="products"))
        self.products.shown.connect(lambda _space: self.message_bar.clear("products"))
        self.pools.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.pools.problem.connect(self.show_problem)
        self.pools.show_combinations.connect(self.grid.set_filter)
        self.lint_panel.asset_activated.connect(self.pools.select_asset)
        self.lint_runner.report_ready.connect(self._on_report)
        self.grid.combination_activated.connect(self.open_combination)
        self.grid.placement_box.currentIndexChanged.connect(
            lambda: setattr(self.settings, "placement", self.grid.placement_box.currentData()))
        self.grid.zoom.valueChanged.connect(lambda w: setattr(self.settings, "tile_width", w))
        self.grid.hide_excluded_box.toggled.connect(lambda on: setattr(self.settings, "hide_excluded", on))

        if self.settings.window_geometry.isEmpty() or not self.restoreGeometry(self.settings.window_geometry):
            self.setGeometry(first_geometry(screen_of(self.geometry()).availableGeometry()) if fit_screen
                             else QRect(QPoint(0, 0), FIRST_SIZE))
        if not self.settings.window_state.isEmpty():
            self.restoreState(self.settings.window_state)
        else:  # first start: comfortable side columns where the screen has room (fit_to_screen decides)
            self.resizeDocks([self.pools_dock, self.checks_dock], [300, 300], Qt.Horizontal)
        self.fit_to_screen()
        self.grid.visible_tiles_ready.connect(self.first_screen.open)
        self.grid.visible_tiles_ready.connect(self.loader.to_background)
        self.set_document(document)

    def fit_to_screen(self, available=None) -> None:
        """The whole window on a screen that exists now (``available``: that screen's free area):
        a size or place saved on a larger or a vanished monitor is brought in, and a screen too
        narrow for the panels in three columns gets them as tabs of one column."""
        if not self.fits_screen or self.isMaximized() or self.isFullScreen():
            return  # the window manager fits maximized and full-screen windows
        available = available or screen_of(self.frameGeometry()).availableGeometry()
        frame = frame_margins(self)
        if self.minimumSizeHint().width() > available.width() - frame.left() - frame.right():
            self.stack_docks()
            self.layout().activate()  # the window's minimum as stacked, before it is sized to it
        self.setGeometry(fitted(self.geometry(), available, frame))

    def stack_docks(self) -> None:
        """Every dock as a tab of the Assets column, Assets in front: the grid keeps its room."""
        for dock in (self.checks_dock, self.campaign_dock, self.catalog_dock, self.template_dock, self.insights_dock):
            if not dock.isFloating():
                self.tabifyDockWidget(self.pools_dock, dock)
        self.pools_dock.raise_()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not event.spontaneous():
            self.fit_to_screen()  # with the real frame, when the window manager has drawn it

    def _make_campaign_form(self) -> CampaignForm:
        from dcstudio.qt.campaign_form import CampaignForm  # loaded when its tab is first opened

        form = CampaignForm()
        if self.document is not None:
            form.set_document(self.document)
        return form

    @property
    def campaign(self) -> CampaignForm:
        return self.campaign_panel.content

    def _make_catalog_panel(self) -> CatalogPanel:
        from dcstudio.qt.catalog_panel import CatalogPanel  # loaded when its tab is first opened

        panel = CatalogPanel(queries=self.catalog_queries)
        panel.product_chosen.connect(self._on_product_chosen)
        if self.document is not None:
            panel.set_document(self.document)
        return panel

    @property
    def catalog(self) -> CatalogPanel:
        return self.catalog_panel.content

    def _make_template_editor(self):
        # loaded when its tab is opened
        from dcstudio.qt.catalog_format_editor import CatalogFormatEditor
        from dcstudio.qt.catalog_template_editor import CatalogTemplateEditor

        editor = CatalogTemplateEditor(self.catalog_queries)
        editor.add_format_editor(CatalogFormatEditor(scrolls=False))
        if self.document is not None:
            editor.set_document(self.document)
            editor.format_editor.set_document(self.document)
        return editor

    @property
    def template_editor(self):
        return self.template_panel.content

    @property
    def catalog_format_editor(self):
        """The format, overlay and frame editor, inside the Ad dock."""
        return self.template_editor.format_editor

    def _on_product_chosen(self, row_number: int) -> None:
        # A product chosen in the table is the one the catalog ad's fields are filled in for.
        if self.template_panel.is_built:
            self.template_editor.show_product_row(row_number)

    def _make_insights_panel(self):
        from dcstudio.qt.insights_panel import InsightsPanel  # loaded when its tab is first opened

        panel = InsightsPanel(self.insights_loader, settings=self.settings)
        panel.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        panel.asset_activated.connect(self.pools.select_asset)
        return panel

    @property
    def insights(self):
        return self.insights_panel.content

    def _dock(self, title: str, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState/restoreState find docks by name
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                         | QDockWidget.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    # -- menus ---------------------------------------------------------------------------------------
    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every key the platform binds to it, not only the first
        elif shortcut is not None:
            action.setShortcut(shortcut)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&New project…", self.new_project, QKeySequence.New)
        self._action(file, "&Open project…", lambda: self.open_project(), QKeySequence.Open)
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file.addSeparator()
        self._action(file, "&Save", self.save, QKeySequence.Save)
        self._action(file, "Save &as…", self.save_as, QKeySequence.SaveAs)
        file.addSeparator()
        self._action(file, "&Export…", self.export_project, "Ctrl+E")
        self._action(file, "&Publish to Meta…", self.publish_project)
        self._action(file, "Approval s&heet (PDF)…", self.approval_sheet)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.Quit)

        edit = bar.addMenu("&Edit")
        undo = self.undo_group.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.Undo)
        redo = self.undo_group.createRedoAction(self, "&Redo")
        redo.setShortcuts(standard_keys(QKeySequence.Redo, "Ctrl+Y"))  # Ctrl+Y too, as on Windows
        edit.addActions([undo, redo])
        edit.addSeparator()
        self._action(edit, "&Add images…", self.pools.choose_images, "Ctrl+Shift+I")
        self._action(edit, "&Paste image", lambda: self.images.paste(self.document), QKeySequence.Paste)
        edit.addSeparator()
        self.preferences_action = self._action(edit, "Pre&ferences…", self.show_preferences)
        self.preferences_action.setShortcuts(standard_keys(QKeySequence.Preferences, "Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.PreferencesRole)

        view = bar.addMenu("&View")
        for dock in (self.pools_dock, self.checks_dock, self.campaign_dock, self.catalog_dock, self.template_dock,
                     self.insights_dock):
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        for n, spec in enumerate(all_placements(), start=1):
            self._action(view, spec.title, lambda _=False, k=spec.id: self.grid.set_placement(k), f"Ctrl+{n}")
        view.addAction(self.grid.hide_excluded_box.text(), self.grid.hide_excluded_box.toggle)

        self.presets = PresetMenu(self, bar.addMenu("Pre&sets"))

        fill_help_menu(self, bar.addMenu("&Help"))

    def show_preferences(self):
        from dcstudio.qt.preferences_dialog import open_preferences  # loaded when first used

        return open_preferences(self)

    def start_folder(self, *, beside: bool = False) -> str:
        """Where a file dialog opens (the project's folder, the preferred one, or home)."""
        return start_folder(self.document, self.settings.default_folder, beside=beside)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in self.settings.recent_projects if Path(p).exists()]
        for path in recent:
            self.recent_menu.addAction(path, lambda p=path: self.open_project(Path(p)))
        if not recent:
            self.recent_menu.addAction("No recent projects").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear the list", self.settings.clear_recent_projects)

    # -- the document ------------------------------------------------------------------------------
    def set_document(self, document: Document) -> None:
        old = self.document
        if old is not None:
            old.modified_changed.disconnect(self._update_title)
            old.title_changed.disconnect(self._update_title)
            self.undo_group.removeStack(old.undo_stack)
            old.close()
            old.setParent(None)
        self.document = document
        document.setParent(self)
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        document.modified_changed.connect(self._update_title)
        document.title_changed.connect(self._update_title)
        project = document.project
        # Each panel and model connects to the document's changes itself and decides what they mean to it.
        if self.grid_model.document is not document:
            self.grid_model.set_document(document)
        self.grid.set_document(document)
        self.products.set_document(document)
        # The first screen of previews goes first; the checks and thumbnails follow once it is
        # drawn (or after FIRST_SCREEN_HOLD_MAX_MS, when the grid is hidden or a tile takes long).
        self.first_screen.close(FIRST_SCREEN_HOLD_MAX_MS)
        self.pools.set_document(document)
        if self.campaign_panel.is_built:
            self.campaign.set_document(document)
        if self.catalog_panel.is_built:
            self.catalog.set_document(document)
        if self.template_panel.is_built:
            self.template_editor.set_document(document)
            self.catalog_format_editor.set_document(document)
        if project.catalog is not None and (old is None or old.project.catalog is None):
            self.template_dock.raise_()  # a catalog project opens on its catalog ad
        self.lint_runner.set_document(document)
        self.insights_loader.set_document(document)
        self.autosaver.watch(document)
        self.summary.set_document(document)
        self._update_title()
        if project.file_problems:
            names = "; ".join(project.file_problems.values())
            self.show_problem(f"{len(project.file_problems)} asset file(s) need attention and are shown as "
                              f"placeholders: {names}", "warning")
        if project.folder and not document.untitled:
            self.settings.last_project = str(project.folder.resolve())
            self.settings.add_recent_project(str(project.folder.resolve()))

    def _on_report(self, report) -> None:
        self.lint_panel.set_report(report)
        self.summary.show_report(report)
        by_asset: dict[str, list] = {}
        for finding in report.findings:
            if finding.asset_id:
                by_asset.setdefault(finding.asset_id, []).append(finding)
        self.pools.set_findings(by_asset)

    def _update_title(self, *_) -> None:
        doc = self.document
        if doc.scratch:
            where = " (a scratch copy of the demo: Save As to keep it)"
        elif doc.untitled or not doc.folder or doc.folder.name == doc.title:
            where = ""  # the folder is named like the project: once is enough
        else:
            where = f" — {doc.folder.name}"
        self.setWindowTitle(f"{doc.title}{where}[*] — dcstudio")
        self.setWindowModified(doc.is_modified)

    def show_problem(self, text: str, level: str = "error") -> None:
        self.message_bar.show_message(text, level)

    def open_combination(self, combination) -> CombinationPreviewDialog | None:
        if combination is None:
            return None
        from dcstudio.qt.preview_dialog import CombinationPreviewDialog  # loaded when first used

        row = self.grid.row_of(combination)  # from the grid: Previous and Next step through its rows
        dialog_class = ProductPreviewDialog if isinstance(combination, ProductItem) else CombinationPreviewDialog
        dialog = dialog_class.show_for(self, self.document.project, combination,
                                                   self.grid_model.placement,
                                                   space=self.grid_model.space if row is not None else None, row=row)
        dialog.row_changed.connect(self.grid.select_row)
        return dialog

    # -- file commands --------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded, or unchanged)."""
        if self.document is None or not self.document.is_modified:
            return True
        answer = UnsavedChangesDialog.ask(self, self.document.title)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_project(self) -> bool:
        if not self.maybe_save():
            return False
        folder = ProjectFolderDialog.ask(self, "New project folder", start=self.start_folder(beside=True))
        if folder is None:
            return False
        if (folder / "dcstudio.json").exists():
            self.show_problem(f"{folder} already holds a project; open it instead")
            return False
        try:
            project = Project(folder.name, folder=folder)
            save_project(project, folder)
        except (DcError, OSError) as exc:
            self.show_problem(f"Cannot create the project in {folder}: {exc}")
            return False
        self._replace_document(Document(project))
        return True

    def open_project(self, path: Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        path = path or OpenProjectDialog.ask(self, start=self.start_folder(beside=True))
        if path is None:
            return False
        try:
            document = open_document(path, self.state_dir / "scratch")
        except DcError as exc:
            self.show_problem(f"Cannot open the project: {exc}")
            return False
        self._replace_document(document)
        return True

    def _replace_document(self, document: Document) -> None:
        self.autosaver.discard()
        self.message_bar.hide()
        self.set_document(document)

    def save(self) -> bool:
        if self.document.untitled or self.document.folder is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        folder = ProjectFolderDialog.ask(self, start=self.start_folder(beside=True))
        return self._save_to(folder) if folder is not None else False

    def _save_to(self, folder: Path | None) -> bool:
        try:
            self.document.save(folder)
        except (DcError, OSError) as exc:
            self.show_problem(f"Cannot save: {exc}")
            return False
        self.autosaver.discard()
        self.message_bar.hide()  # what it said was about the project before it had this folder
        self.settings.last_project = str(self.document.folder.resolve())
        self.settings.add_recent_project(str(self.document.folder.resolve()))
        self._update_title()
        self.statusBar().showMessage(f"Saved to {self.document.folder}", 4000)
        return True

    def export_project(self):
        from dcstudio.qt.export_dialog import run_export_dialog  # loaded when first used

        return run_export_dialog(self, self.document.project)

    def approval_sheet(self):
        from dcstudio.qt.approval_sheet_dialog import ApprovalSheetDialog  # loaded when first used

        dialog = ApprovalSheetDialog(self.document.project, self.grid.placement_box.currentData(), self)
        dialog.show()
        return dialog

    def publish_project(self):
        from dcstudio.qt.publish_dialog import run_publish_dialog  # loaded when first used

        result = run_publish_dialog(self, self.document.project, settings=self.settings)
        if self.catalog_panel.is_built and self.document.project.catalog is not None:
            self.catalog_panel.content.lint()  # the publish may have read Meta's feed-upload problems
        return result

    def offer_recovery(self) -> bool:
        """After a crash: offer the autosaved work; what is declined is thrown away."""
        recoveries = pending_recoveries(self.state_dir)
        if not recoveries:
            return False
        chosen = RecoveryDialog.ask(self, recoveries)
        for r in recoveries:
            if r != chosen:
                r.file.unlink(missing_ok=True)
        if chosen is None:
            return False
        try:
            project, untitled = recover(chosen)
        except DcError as exc:
            self.show_problem(f"Cannot recover: {exc}")
            return False
        chosen.file.unlink(missing_ok=True)
        self._replace_document(Document(project, untitled=untitled, recovered=True))
        self.show_problem(f"Recovered the unsaved work on “{project.name}”. Save it to keep it.", "info")
        return True

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.sync()
        self.autosaver.discard()
        self.autosaver.stop()
        self.lint_runner.stop()
        self.loader.shutdown()
        self.worker.shutdown()
        self.products.shutdown()
        if self.campaign_panel.is_built:  # its Pick… look-ups
            self.campaign.shutdown()
        if self.catalog_panel.is_built:  # its import, queries and lint
            self.catalog.shutdown()
        if self.template_panel.is_built:
            self.template_editor.shutdown()
            self.catalog_format_editor.shutdown()  # its preview
        self.catalog_queries.shutdown()
        self.insights_loader.shutdown()
        if self.insights_panel.is_built:  # a fetch under way is cancelled
            self.insights.shutdown()
        if self.document is not None:
            self.document.close()  # after the catalog's queries: the stores undo kept go now
        event.accept()
