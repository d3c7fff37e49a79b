"""The Catalog ad panel: the template Meta fills for each product of the set, as a designer from
Ads Manager would write it. The message, the headline (name) and the description with product tags
completed as they are typed; the call to action; the carousel's end card; the links of
``template_url_spec`` (web, iOS, Android). Under each field, the field filled in for one product
of the catalog, as it is typed, with its length against Meta's limit and any unknown tag named.

Every edit is an undoable step of the document (one step per visit to a field, commands.py); the
panel follows the document's changes, so an undo, the command line or another panel shows here.
A project without a template shows a sentence and the button that makes one, nothing to edit.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.catalog.prices import DEFAULT_LOCALE, ad_locale
from dcstudio.core.catalog.template_preview import preview_field
from dcstudio.core.model.catalog_template import URL_PLATFORMS, CatalogTemplate, TemplateUrlSpec
from dcstudio.core.values.errors import BadInputError
from dcstudio.qt.asset_dialogs import CtaPickerDialog, cta_choice_text
from dcstudio.qt.catalog_queries import CatalogQueries
from dcstudio.qt.commands import SetCatalogTemplateCommand, TypeInTemplateCommand
from dcstudio.qt.document import follow_changes
from dcstudio.qt.form_fields import PROBLEM_STYLE
from dcstudio.qt.template_field import TemplateField
from dcstudio.qt.template_product import ProductSource

PREVIEW_DELAY_MS = 150  # the fields are filled in again once typing pauses this long
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "sv_SE", "pl_PL", "ja_JP")
# What Make starts from: each product's name as the headline, its price as the description; the
# message is left for the designer to write.
STARTER = CatalogTemplate(name="{{product.name}}", description="{{product.current_price}}")
TEXT_FIELDS = {"message": "Primary text", "name": "Headline", "description": "Description"}
URL_LABELS = {"url": "URL", "app_store_id": "App Store id", "app_name": "app name", "package": "package"}
PLATFORM_TITLES = {"web": "Web", "ios": "iOS", "android": "Android"}

NO_CATALOG = ("This project has no product catalog, so it has no catalog ad to edit. A catalog ad is "
              "filled from a product feed: import one in the Products dock, then make the ad's template "
              "here (or make it now and import the feed after).")
NO_TEMPLATE = ("This project's catalog has no ad template yet: the texts Meta fills in for each product, "
               "its call to action and its links.")


class CatalogTemplateEditor(QWidget):
    def __init__(self, queries: CatalogQueries | None = None, parent=None):
        super().__init__(parent)
        self.document = None
        self.locale = ad_locale(DEFAULT_LOCALE)
        self.queries = queries or CatalogQueries(self)
        self._owns_queries = queries is None
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_previews)

        # -- nothing to edit yet -------------------------------------------------------------
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.make_button = QPushButton("Make a catalog ad template")
        self.make_button.setMinimumWidth(64)
        self.make_button.clicked.connect(self.make_template)
        empty = QWidget()
        empty_column = QVBoxLayout(empty)
        empty_column.addWidget(self.empty_text)
        empty_column.addWidget(self.make_button, 0, Qt.AlignLeft)
        empty_column.addStretch(1)

        # -- the product the fields are filled in for ---------------------------------------
        self.product_source = ProductSource(self.queries)
        self.product_source.product_ready.connect(lambda _p: self.update_previews())
        self.locale_box = QComboBox()
        self.locale_box.setEditable(True)
        self.locale_box.addItems(LOCALES)
        self.locale_box.setMinimumWidth(64)
        self.locale_box.setToolTip("The ad's locale: how prices are written (Babel's CLDR formats) in these "
                                   "fields, the previews, render and the checks; saved with the template")
        self.locale_box.currentTextChanged.connect(self._on_locale)
        self.locale_box.activated.connect(lambda _: self._commit_locale())
        self.locale_box.lineEdit().editingFinished.connect(self._commit_locale)
        self.locale_problem = QLabel()
        self.locale_problem.setStyleSheet(PROBLEM_STYLE)
        self.locale_problem.hide()
        preview_box = QGroupBox("Shown for")
        preview_column = QVBoxLayout(preview_box)
        preview_column.addWidget(self.product_source)
        locale_line = QHBoxLayout()
        locale_line.addWidget(QLabel("Prices in"))
        locale_line.addWidget(self.locale_box, 1)
        preview_column.addLayout(locale_line)
        preview_column.addWidget(self.locale_problem)

        # -- the texts ------------------------------------------------------------------------
        self.fields: dict[str, TemplateField] = {
            "message": TemplateField(multiline=True, placeholder="e.g. New in: {{product.name | titleize}}"),
            "name": TemplateField(placeholder="e.g. {{product.name}}"),
            "description": TemplateField(placeholder="e.g. {{product.current_price strip_zeros}}"),
        }
        for name, field in self.fields.items():
            field.edited.connect(lambda text, n=name: self._on_text_edited(n, text))
        self.cta_button = QPushButton()
        self.cta_button.setMinimumWidth(64)
        self.cta_button.setToolTip("The button under the ad; Meta links it to each product's page")
        self.cta_button.clicked.connect(self.choose_cta)
        self.end_card_box = QCheckBox("Carousel end card")
        self.end_card_box.setToolTip("multi_share_end_card: a last card of the carousel that opens the page")
        self.end_card_box.toggled.connect(self._on_end_card)
        texts = QFormLayout()
        texts.setRowWrapPolicy(QFormLayout.WrapAllRows)  # labels above the fields: a narrow dock stays narrow
        for name, title in TEXT_FIELDS.items():
            texts.addRow(title, self.fields[name])
        texts.addRow("Call to action", self.cta_button)
        texts.addRow(self.end_card_box)

        # -- the format and overlays (the format editor goes here) ------------------------
        self.format_editor: QWidget | None = None  # the window puts the format editor here
        self.format_area = QVBoxLayout()
        self.format_area.setContentsMargins(0, 0, 0, 0)

        # -- template_url_spec ----------------------------------------------------------------
        self.url_fields: dict[str, dict[str, QWidget]] = {}
        self._visits: dict[QLineEdit, int] = {}  # the plain fields' visits: one visit's typing is one step
        links = QGroupBox("Links (template_url_spec)")
        links_form = QFormLayout(links)
        links_form.setRowWrapPolicy(QFormLayout.WrapAllRows)
        for platform, keys in URL_PLATFORMS.items():
            self.url_fields[platform] = {}
            for key in keys:
                if key == "url":
                    widget = TemplateField(url=True, placeholder="https://… {{product.url | urlencode}}")
                else:
                    widget = QLineEdit()
                    widget.installEventFilter(self)  # its visits, counted as a TemplateField counts them
                    self._visits[widget] = 0
                signal = widget.edited if key == "url" else widget.textEdited
                signal.connect(lambda text, p=platform, k=key: self._on_url_edited(p, k, text))
                self.url_fields[platform][key] = widget
                links_form.addRow(f"{PLATFORM_TITLES[platform]} {URL_LABELS[key]}", widget)

        editing = QWidget()
        column = QVBoxLayout(editing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(preview_box)
        column.addLayout(texts)
        column.addLayout(self.format_area)
        column.addWidget(links)
        column.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(empty)
        self.pages.addWidget(editing)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroller.setWidget(self.pages)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(scroller)
        self._show_template()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched in self._visits and event.type() == QEvent.FocusIn and event.reason() not in (
                Qt.PopupFocusReason, Qt.ActiveWindowFocusReason):
            self._visits[watched] += 1
        return False

    def add_format_editor(self, widget: QWidget) -> None:
        """The catalog ad's format and overlays, between the texts and the links."""
        self.format_editor = widget
        self.format_area.addWidget(widget)

    # -- the document ---------------------------------------------------------------------------
    def set_document(self, document) -> None:
        self.document = follow_changes(self.document, document, self._on_changed)
        self.product_source.set_document(document)
        self._show_template()

    @property
    def template(self) -> CatalogTemplate | None:
        return self.document.project.catalog_template if self.document else None

    def _on_changed(self, change) -> None:
        section = change.detail.get("section")
        if section == "catalog_template":
            self._show_template()
        elif section == "catalog":
            self.product_source.catalog_changed()
            self._show_template()

    def _show_template(self) -> None:
        template = self.template
        self.pages.setCurrentIndex(1 if template is not None else 0)
        catalog = self.document.project.catalog if self.document else None
        self.empty_text.setText(NO_TEMPLATE if catalog is not None else NO_CATALOG)
        if template is None:
            return
        for name, field in self.fields.items():
            field.set_text(getattr(template, name))
        self.cta_button.setText(cta_choice_text(template.call_to_action_type))
        self.end_card_box.blockSignals(True)
        self.end_card_box.setChecked(template.multi_share_end_card)
        self.end_card_box.blockSignals(False)
        if self.locale_box.currentText() != template.ad_locale:
            self.locale_box.blockSignals(True)
            self.locale_box.setCurrentText(template.ad_locale)
            self.locale_box.blockSignals(False)
            self.locale_problem.hide()
        self.locale = ad_locale(template.ad_locale)
        for platform, widgets in self.url_fields.items():
            entry = getattr(template.template_url_spec, platform)
            for key, widget in widgets.items():
                if key == "url":
                    widget.set_text(entry.get(key, ""))
                elif widget.text() != entry.get(key, ""):
                    widget.setText(entry.get(key, ""))
        self.update_previews()

    # -- edits --------------------------------------------------------------------------------
    def make_template(self) -> None:
        if self.document is not None and self.template is None:
            self.document.push(SetCatalogTemplateCommand(self.document.project, STARTER,
                                                         "Make the catalog ad template"))
            self.fields["message"].editor.setFocus()

    def _type(self, template: CatalogTemplate, key: str, session: int, words: str) -> None:
        if template != self.template:
            self.document.push(TypeInTemplateCommand(self.document.project, template, key, session,
                                                     f"Edit the catalog ad's {words}"))

    def _on_text_edited(self, name: str, text: str) -> None:
        if self.template is not None and getattr(self.template, name) != text:
            self._type(replace(self.template, **{name: text}), name, self.fields[name].session,
                       TEXT_FIELDS[name].lower())
        self._preview_timer.start()

    def _on_url_edited(self, platform: str, key: str, text: str) -> None:
        template = self.template
        if template is None:
            return
        spec = template.template_url_spec
        entry = {k: v for k, v in getattr(spec, platform).items() if k != key}
        if text:
            entry[key] = text
        entries = {p: (entry if p == platform else getattr(spec, p)) for p in URL_PLATFORMS}
        widget = self.url_fields[platform][key]
        session = widget.session if isinstance(widget, TemplateField) else self._visits[widget]
        self._type(replace(template, template_url_spec=TemplateUrlSpec(**entries)), f"{platform}.{key}", session,
                   f"{PLATFORM_TITLES[platform]} {URL_LABELS[key]}")
        self._preview_timer.start()

    def choose_cta(self) -> None:
        template = self.template
        if template is None:
            return
        chosen = CtaPickerDialog.ask(self, template.call_to_action_type)
        if chosen and chosen != template.call_to_action_type:
            self.document.push(SetCatalogTemplateCommand(self.document.project, replace(
                template, call_to_action_type=chosen), f"Set the catalog ad's call to action to {chosen}"))

    def _on_end_card(self, shown: bool) -> None:
        template = self.template
        if template is not None and template.multi_share_end_card != shown:
            words = "Show" if shown else "Hide"
            self.document.push(SetCatalogTemplateCommand(self.document.project, replace(
                template, multi_share_end_card=shown), f"{words} the carousel's end card"))

    # -- the fields filled in -------------------------------------------------------------------
    def _on_locale(self, text: str) -> None:
        try:
            self.locale = ad_locale(text.strip() or DEFAULT_LOCALE)
        except BadInputError as exc:
            self.locale_problem.setText(str(exc))
            self.locale_problem.show()
            return
        self.locale_problem.hide()
        self._preview_timer.start()

    def _commit_locale(self) -> None:
        """The locale typed or chosen, saved with the template (one undo step) once it is whole."""
        template = self.template
        if template is None:
            return
        try:
            name = str(ad_locale(self.locale_box.currentText().strip() or DEFAULT_LOCALE))
        except BadInputError:
            return  # the box says what is wrong; the template keeps its locale
        if name != template.ad_locale:
            self.document.push(SetCatalogTemplateCommand(self.document.project, replace(
                template, locale="" if name == DEFAULT_LOCALE else name), f"Write prices for {name}"))

    def update_previews(self) -> None:
        """Every field filled in for the product, from the text as typed now (no query: the
        product's row is already here)."""
        self._preview_timer.stop()
        product = self.product_source.product
        for name, field in self.fields.items():
            field.show_preview(preview_field(name, field.text(), product, locale=self.locale),
                               product=product is not None)
        for platform, widgets in self.url_fields.items():
            field = widgets["url"]
            field.show_preview(preview_field(f"template_url_spec.{platform}.url", field.text(), product,
                                             locale=self.locale, url=True), product=product is not None)

    def show_product_row(self, row_number: int) -> None:
        """The fields filled in for the feed's row ``row_number`` (chosen in the Catalog dock)."""
        self.product_source.show_row(row_number)

    def shutdown(self) -> None:
        self._preview_timer.stop()
        if self._owns_queries:
            self.queries.shutdown()
