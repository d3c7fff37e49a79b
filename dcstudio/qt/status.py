"""The message bar over the grid (problems the person should read) and the status bar summary."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStatusBar, QToolButton

from dcstudio.core.model.approval import rejected_assets
from dcstudio.core.model.catalog_template import is_catalog_ad
from dcstudio.core.model.customization import locale_name
from dcstudio.core.values.events import ChangeKind
from dcstudio.qt.document import follow_changes

_LEVEL_STYLES = {
    "error": "background: #fdecea; color: #7f1d1d; border-bottom: 1px solid #f5c2bd;",
    "warning": "background: #fff7e6; color: #744210; border-bottom: 1px solid #f6d9a6;",
    "info": "background: #e8f1fd; color: #1e3a8a; border-bottom: 1px solid #bcd3f6;",
}
_SHORT_NAMES = (("images", "Images"), ("titles", "Headlines"), ("bodies", "Texts"),
                ("descriptions", "Descriptions"), ("call_to_actions", "CTAs"), ("link_urls", "Links"))


class MessageBar(QFrame):
    """A dismissable line of text: a refused image, a broken file, missing assets."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(close, 0, Qt.AlignTop)
        self.level = "info"
        self.source: str | None = None  # who said it: that one may take it back (clear)
        self.hide()

    def show_message(self, text: str, level: str = "error", source: str | None = None) -> None:
        self.level, self.source = level, source
        self.setStyleSheet(f"MessageBar {{ {_LEVEL_STYLES[level]} }} QLabel {{ color: inherit; }}")
        self.label.setText(text)
        self.show()

    def clear(self, source: str) -> None:
        """Hides the message when ``source`` said it (a later success makes it old news)."""
        if self.source == source:
            self.hide()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""


class StatusSummary:
    """Pool counts, combination count, errors and warnings, as permanent status bar widgets.

    The combination count is the grid's placement and language (``follow_grid``): under
    customization rules each has its own assets, so its own count."""

    def __init__(self, bar: QStatusBar):
        self.pools = QLabel()
        self.combinations = QLabel()
        self.checks = QLabel()
        for label in (self.pools, self.combinations, self.checks):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        self._document = None
        self._grid = None

    def follow_grid(self, model) -> None:
        """Counts the ads of ``model``'s placement and language, whenever it rebuilds."""
        self._grid = model
        model.modelReset.connect(self.show_grid_count)
        self.show_grid_count()

    def show_grid_count(self) -> None:
        model = self._grid
        total = model.shown_total
        noun = getattr(model.space, "ad_noun", "combination")  # a product space says "product"
        text = f"<b>{total:,}</b> {noun}{'s' if total != 1 else ''}"
        if model.project is not None and model.project.customization.rules:
            text += f" in {model.spec.title}"
            if model.locale is not None:
                text += f" · {locale_name(model.locale)}"
        self.combinations.setText(text)

    def set_document(self, document) -> None:
        """Shows ``document``'s counts and keeps them current."""
        self._document = follow_changes(self._document, document, self._on_document_changed)
        self.show_project(document.project)

    def _on_document_changed(self, change) -> None:
        # An edited text, link or CTA leaves every count as it was (but its approval): no recount for those.
        if change.kind is not ChangeKind.ASSET_CHANGED or change.pool in (None, "images") \
                or "approval" in change.detail.get("fields", ()):
            self.show_project(self._document.project)

    def show_project(self, project) -> None:
        if is_catalog_ad(project):  # Meta fills it from the products: the pool counts say nothing of it
            self.pools.setText("Catalog ad")
            return
        counts = [f"{title} {len(project.pools[pool])}" for pool, title in _SHORT_NAMES]
        if project.pools["videos"]:
            counts.insert(1, f"Videos {len(project.pools['videos'])}")
        rejected = len(rejected_assets(project))
        if rejected:
            counts.append(f"<span style='color:#c53030'>{rejected} rejected asset{'s' if rejected != 1 else ''} "
                          "left out</span>")
        self.pools.setText(" · ".join(counts))

    def show_report(self, report) -> None:
        errors, warnings = len(report.errors), len(report.warnings)
        e_color = "#c53030" if errors else "#6b7280"
        w_color = "#b7791f" if warnings else "#6b7280"
        self.checks.setText(f"<span style='color:{e_color}'>{errors} error{'s' if errors != 1 else ''}</span>"
                            f" · <span style='color:{w_color}'>{warnings} warning{'s' if warnings != 1 else ''}</span>")
