"""The grid of a catalog ad: one tile per product of the chosen product set.

For a catalog ad (a project with a catalog template: ``model.catalog_template.is_catalog_ad``) this builds the
``ProductSpace`` on a worker (a DuckDB query) and hands it to the grid's model, which shows it
with the same tile loader, caches, large preview and contact sheet as combinations; the tiles'
workers fetch the product images (product_images.py), so nothing here waits on the network.
The grid's control bar gains the product set and the format; the placement choice is the
grid's own. The format picker shows the project's format (``catalog_format``; none: Meta's
default, a carousel of products) and choosing another changes the project's format through the
undoable command, as the Ad dock's format editor does: a designer who previews a carousel expects
the ad to be one, and one fact has one value (Ctrl+Z takes the choice back). A format the previews
do not draw is listed as it is, previewed as a single image. A project that is no catalog ad
shows its combinations as before.

A catalog not built in this folder yet (a copy of the demo, a project from another machine) is
read from its local feed first, on the same worker.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QLabel

from dcstudio.core.catalog.product_space import PRODUCT_FORMATS, ProductSpace, preview_format
from dcstudio.core.model.catalog_format import CAROUSEL_PRODUCTS, STUDIO_FORMATS, CatalogFormat
from dcstudio.core.model.catalog_template import is_catalog_ad
from dcstudio.qt.commands import SetCatalogCommand, SetCatalogFormatCommand
from dcstudio.qt.document import follow_changes
from dcstudio.qt.error_text import explain
from dcstudio.qt.workers import Worker

FORMAT_TITLES = {"single_image": "Single image", "carousel_images_multi_items": "Carousel of products"}
ALL_PRODUCTS = "All products"
# The project's sections whose change makes another product space.
SECTIONS = ("catalog", "catalog_template", "catalog_format", "project")


def _build(project, set_name):
    """On the worker: the catalog read from its local feed when it is not built here, then the
    space. Returns (space, the refreshed catalog spec or None)."""
    from dcstudio.core.catalog.source import is_url
    from dcstudio.core.catalog.store import catalog_path

    refreshed = None
    if not catalog_path(project).is_file() and not is_url(project.catalog.source):
        from dcstudio.core.catalog.feed_import import refresh

        changes = refresh(project)
        report = getattr(changes, "report", None)
        if report is not None and report.spec != project.catalog:
            refreshed = report.spec
    return ProductSpace.build(project, product_set=set_name), refreshed


class ProductGrid(QObject):
    """Follows the document; ``space`` is the product space shown (None: combinations)."""

    shown = Signal(object)  # the ProductSpace now in the grid, or None
    problem = Signal(str)

    def __init__(self, grid, parent=None):
        super().__init__(parent)
        self.grid, self.model = grid, grid.model
        self.document = None
        self.space: ProductSpace | None = None
        self.worker = Worker(1, self)
        self._request = 0
        self._building: int | None = None  # the request being built
        self.set_label = QLabel("Products")
        self.set_box = QComboBox()
        self.set_box.setToolTip("The product set whose products the previews show, one tile each")
        self.set_box.setMinimumContentsLength(12)
        self.set_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.format_box = QComboBox()
        self.format_box.setToolTip("The ad's format (Meta's format_option): a single image, or a carousel whose "
                                   "cards are the product and the ones after it. Choosing one sets the ad's format.")
        self._fill_formats(None)
        row = grid.controls.left.layout()
        for widget in (self.set_label, self.set_box, self.format_box):
            row.addWidget(widget)
        self.set_box.currentIndexChanged.connect(lambda: self.rebuild())
        self.format_box.currentIndexChanged.connect(self._on_format_chosen)
        self._show_controls(False)

    # -- what is chosen --------------------------------------------------------------------------
    @property
    def set_name(self) -> str | None:
        return self.set_box.currentData()

    @property
    def format(self) -> str:
        """The format the previews draw: the project's, as ``preview_format`` shows it."""
        project = self.document.project if self.document is not None else None
        return preview_format(getattr(project, "catalog_format", None))

    def choose_set(self, name: str | None) -> None:
        self.set_box.setCurrentIndex(max(0, self.set_box.findData(name)))

    def choose_format(self, fmt: str) -> None:
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(fmt)))

    # -- the document ----------------------------------------------------------------------------
    def set_document(self, document) -> None:
        self.document = follow_changes(self.document, document, self._on_changed)
        self._fill_sets()
        self._fill_formats(document.project.catalog_format)
        self.rebuild()

    def _on_changed(self, change) -> None:
        if change.detail.get("section") in SECTIONS:
            self._fill_sets()
            self._fill_formats(self.document.project.catalog_format)
            self.rebuild()

    def _fill_formats(self, fmt: CatalogFormat | None) -> None:
        """The picker showing ``fmt``'s format_option (None: Meta's default)."""
        option = fmt.format_option if fmt is not None else CAROUSEL_PRODUCTS
        self.format_box.blockSignals(True)
        self.format_box.clear()
        for value in PRODUCT_FORMATS:
            self.format_box.addItem(FORMAT_TITLES[value], value)
        if option not in PRODUCT_FORMATS:
            title = STUDIO_FORMATS.get(option, option)
            self.format_box.addItem(f"{title} (previewed as a single image)", option)
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(option)))
        self.format_box.blockSignals(False)

    def _on_format_chosen(self) -> None:
        if self.document is None:
            return
        project = self.document.project
        chosen = self.format_box.currentData()
        current = project.catalog_format
        if chosen and chosen != (current.format_option if current is not None else CAROUSEL_PRODUCTS):
            fmt = replace(current, format_option=chosen) if current is not None else CatalogFormat(chosen)
            self.document.push(SetCatalogFormatCommand(project, fmt, "Choose the ad's format"))

    def _fill_sets(self) -> None:
        project = self.document.project
        current = self.set_box.currentData()
        names = [s.name for s in project.catalog.product_sets] if project.catalog else []
        self.set_box.blockSignals(True)
        self.set_box.clear()
        for name in names:
            self.set_box.addItem(name, name)
        if not names:
            self.set_box.addItem(ALL_PRODUCTS, None)
        self.set_box.setCurrentIndex(max(0, self.set_box.findData(current)))
        self.set_box.blockSignals(False)

    def _show_controls(self, products: bool) -> None:
        for widget in (self.set_label, self.set_box, self.format_box):
            widget.setVisible(products)
        # Filters by asset and "never together" pairs are a combination's: a product has neither.
        for widget in (self.grid.filter_box, self.grid.hide_excluded_box):
            widget.setVisible(not products)
        show = self.grid.controls.left.layout().itemAt(2).widget()  # the "Show" label of the filter
        if isinstance(show, QLabel):
            show.setVisible(not products)

    def rebuild(self) -> None:
        """A new product space for the project and the choices, built on the worker."""
        if self.document is None:
            return
        project = self.document.project
        self._request += 1
        if not is_catalog_ad(project):
            self._show_controls(False)
            if self.space is not None:
                self.space = None
                self.model.set_project(project)  # back to the combinations
                self.shown.emit(None)
            return
        self._show_controls(True)
        request = self._building = self._request
        self.worker.submit(_build, lambda result, error: self._on_built(request, result, error),
                           project.snapshot(), self.set_name)

    def _on_built(self, request: int, result, error) -> None:
        if request != self._request or self.document is None:
            return  # a newer choice or edit is being built
        self._building = None
        if error is not None:
            self.problem.emit(f"Cannot show the products: {explain(error)}")
            return
        space, refreshed = result
        if refreshed is not None:
            self.document.push(SetCatalogCommand(self.document.project, refreshed, "Read the catalog"))
        self.space = space
        self.model.set_space(space)
        self.shown.emit(space)

    @property
    def busy(self) -> bool:
        """A product space is being built (the grid shows it when it is done)."""
        return self._building is not None

    def shutdown(self) -> None:
        self.worker.shutdown()
