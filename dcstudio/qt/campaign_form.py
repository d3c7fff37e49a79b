"""Campaign, ad set and Advantage+ settings as a form. Each finished edit is one undo command,
named in the form's words; each field says what is wrong with it on the line under it, from the
same rule set as the linter (``campaign_rules.campaign_problems``)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from PySide6.QtCore import QDateTime, QRegularExpression, Qt, QTimeZone
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.model.campaign import STATUSES, Budget, BudgetError, check_amount, currency_decimals, currency_offset
from dcstudio.core.model.campaign_rules import (
    APP_OBJECTIVES,
    BID_AMOUNT_STRATEGIES,
    budget_amount_problems,
    campaign_problems,
    needs_pixel,
)
from dcstudio.core.platforms.meta.publish import accounts
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.events import ChangeKind
from dcstudio.core.values.meta_enums import (
    AD_FORMATS,
    BID_STRATEGIES,
    BILLING_EVENTS,
    CUSTOM_EVENT_TYPES,
    DC_OBJECTIVES,
    ENHANCEMENT_FEATURES,
    OPTIMIZATION_GOALS,
    SPECIAL_AD_CATEGORIES,
)
from dcstudio.core.values.placements import export_placement
from dcstudio.qt.audience_section import AudienceSection
from dcstudio.qt.commands import (
    EnhancementCommand,
    ProjectSettingsCommand,
    SetCampaignCommand,
    SetLeadFormCommand,
    enhancement_words,
)
from dcstudio.qt.document import follow_changes
from dcstudio.qt.form_fields import ListEdit, ProblemLine, row, with_problem
from dcstudio.qt.id_picker import IdPicker, LookupPlace
from dcstudio.qt.placements_section import PlacementsSection
from dcstudio.qt.wheel_guard import guard_wheel

ISO = "%Y-%m-%dT%H:%M:%S%z"


def _words(value: str) -> str:
    return value.replace("OUTCOME_", "").replace("_", " ").capitalize()


def _parse_time(value: str | None) -> QDateTime | None:
    if not value:
        return None
    # fromisoformat first: it is C code, while strptime's first call imports and compiles its
    # regular expressions (a noticeable part of opening a project). Python 3.10 reads "+0000"
    # only with strptime.
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = datetime.strptime(value, ISO)
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.utc())


def _format_time(value: QDateTime) -> str:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), timezone.utc).strftime(ISO)


class OptionalDateTime(QWidget):
    """A date and time that may be unset (a checkbox in front)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.enabled = QCheckBox()
        self.edit = QDateTimeEdit()
        self.edit.setTimeZone(QTimeZone.utc())
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm 'UTC'")
        self.edit.setCalendarPopup(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.edit, 1)
        self.enabled.toggled.connect(self.edit.setEnabled)

    def set_value(self, value: str | None) -> None:
        moment = _parse_time(value)
        self.enabled.setChecked(moment is not None)
        self.edit.setEnabled(moment is not None)
        self.edit.setDateTime(moment or QDateTime.currentDateTimeUtc())

    def value(self) -> str | None:
        return _format_time(self.edit.dateTime()) if self.enabled.isChecked() else None


LEAD_OBJECTIVE = "OUTCOME_LEADS"
BID_WORDS = {"COST_CAP": "Cost cap", "LOWEST_COST_WITH_BID_CAP": "Bid cap"}
SPECIAL_CATEGORIES = tuple(c for c in SPECIAL_AD_CATEGORIES if c != "NONE")  # none ticked is NONE
CATEGORY_WORDS = {"ISSUES_ELECTIONS_POLITICS": "Issues, elections or politics",
                  "FINANCIAL_PRODUCTS_SERVICES": "Financial products and services"}


def _form(group: QGroupBox) -> QFormLayout:
    form = QFormLayout(group)
    form.setRowWrapPolicy(QFormLayout.WrapLongRows)  # a narrow dock puts fields under labels
    return form


def _major(minor, currency: str) -> str:
    """A bid amount in minor units as the field shows it: 250 USD cents -> "2.50"."""
    if minor is None:
        return ""
    if isinstance(minor, bool) or not isinstance(minor, int):
        return str(minor)
    places = currency_decimals(currency)
    return f"{Decimal(minor).scaleb(-places):.{places}f}"


def _lead_form_id(project) -> str:
    for cta in project.pools["call_to_actions"]:
        value = (cta.value or {}).get("lead_gen_form_id")
        if value:
            return str(value)
    return ""


class CampaignForm(QScrollArea):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.document = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        # Where the Pick… buttons look things up (a test points it at the fake Graph server).
        self.lookups = LookupPlace(self)
        self.lookups.api_version = lambda: self.document.project.export.api_version if self.document else None
        # Field path (as campaign_problems names it) -> the line under its widget; the longest
        # prefix wins, and a problem no field claims goes to the line at the top.
        self.problem_lines: dict[str, ProblemLine] = {}
        self.general_problem = ProblemLine()

        self.name = QLineEdit()
        self.ad_format = self._combo(AD_FORMATS)
        self.objective = self._combo(DC_OBJECTIVES)
        self.optimization_goal = self._combo(OPTIMIZATION_GOALS)
        self.billing_event = self._combo(BILLING_EVENTS)
        self.status = self._combo(STATUSES)
        general = QGroupBox("Campaign")
        form = _form(general)
        form.addRow("Project name", self.name)
        form.addRow("Ad format", self.ad_format)
        form.addRow("Objective", self._checked(self.objective, "campaign.objective"))
        form.addRow("Optimization", self._checked(self.optimization_goal, "campaign.optimization_goal"))
        form.addRow("Billing", self.billing_event)
        form.addRow("Status on publish", self.status)

        self.pixel_id = QLineEdit()
        self.pixel_id.setPlaceholderText("the website's Meta pixel, digits")
        self.event = self._narrow(QComboBox())
        self.event.addItem("Not set", "")
        for value in CUSTOM_EVENT_TYPES:
            self.event.addItem(_words(value), value)
        self.application_id = QLineEdit()
        self.store_url = QLineEdit()
        self.store_url.setPlaceholderText("https://apps.apple.com/… or https://play.google.com/…")
        self.conversion = QGroupBox("What the ad set optimizes for")
        self._conversion_form = form = _form(self.conversion)
        self._pixel_row = self._checked(self.pixel_id, "campaign.promoted_object.pixel_id")
        self._event_row = self._checked(self.event, "campaign.promoted_object.custom_event_type")
        self._app_row = self._checked(self.application_id, "campaign.promoted_object.application_id")
        self._store_row = self._checked(self.store_url, "campaign.promoted_object.object_store_url")
        form.addRow("Pixel id", self._pixel_row)
        form.addRow("Conversion event", self._event_row)
        form.addRow("App id", self._app_row)
        form.addRow("App store URL", self._store_row)
        self.problem_lines["campaign.promoted_object"] = self.general_problem

        self.page_id, self.instagram_id, self.lead_form = QLineEdit(), QLineEdit(), QLineEdit()
        self.page_id.setPlaceholderText("required to publish")
        self.lead_form.setPlaceholderText("the instant form's id")
        self.page_picker = IdPicker(self.lookups, accounts.list_pages, "Pages")
        self.instagram_picker = IdPicker(
            self.lookups, lambda client, page=self._page: accounts.list_instagram_accounts(client, page()),
            "Instagram accounts")
        self.lead_form_picker = IdPicker(
            self.lookups, lambda client, page=self._page: accounts.list_lead_forms(client, page()), "lead forms")
        identity = QGroupBox("Page and Instagram account")
        self._identity_form = form = _form(identity)
        form.addRow("Facebook page", self._picked(self.page_id, self.page_picker, "campaign.page_id"))
        form.addRow("Instagram account", self._picked(self.instagram_id, self.instagram_picker,
                                                      "campaign.instagram_user_id"))
        self.lead_form_problem = ProblemLine()
        self._lead_form_row = self._picked(self.lead_form, self.lead_form_picker, None, self.lead_form_problem)
        form.addRow("Lead form", self._lead_form_row)

        self.audience = AudienceSection()
        self.problem_lines.update(self.audience.problem_lines)
        self.problem_lines["campaign.targeting"] = self.general_problem

        self.special = QGroupBox("Special ad category")
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.special_boxes: dict[str, QCheckBox] = {}
        for i, category in enumerate(SPECIAL_CATEGORIES):
            self.special_boxes[category] = QCheckBox(CATEGORY_WORDS.get(category) or _words(category))
            grid.addWidget(self.special_boxes[category], i // 2, i % 2)
        self.special_country = ListEdit("countries it applies in, e.g. US", upper=True)
        form = _form(self.special)
        form.addRow(self._checked(grid_box, "campaign.special_ad_categories"))
        form.addRow("Applies in", self._checked(self.special_country, "campaign.special_ad_category_country"))

        self.placements = PlacementsSection()
        self.problem_lines.update(self.placements.problem_lines)

        self.budget_kind = QComboBox()
        self.budget_kind.addItem("Daily", "daily")
        self.budget_kind.addItem("Lifetime", "lifetime")
        self.amount = QDoubleSpinBox()
        # Wide open, so that 0, -5 or an amount over the ceiling can be typed and gets a message
        # below instead of a keystroke silently dropped; 10^12 with cents is still exact in a float.
        self.amount.setRange(-1e12, 1e12)
        self.amount.setDecimals(2)
        self.amount.setKeyboardTracking(False)
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        # Three letters or nothing is taken: a project file keeps an ISO code, or it cannot be opened.
        self.currency.setValidator(QRegularExpressionValidator(QRegularExpression("[A-Za-z]{3}"), self.currency))
        self.currency.setFixedWidth(56)
        self.start, self.end = OptionalDateTime(), OptionalDateTime()
        self.bid_strategy = self._combo(BID_STRATEGIES)
        # Text, not a spin box: empty is "not set", and 0 or -1 can be typed and get their message.
        self.bid_amount = QLineEdit()
        self.bid_amount.setPlaceholderText("not set")
        self.bid_currency = QLabel()
        # Why the amount typed was not taken (or how it was rounded, or what the rules say of it).
        budget_row = QHBoxLayout()
        budget_row.addWidget(self.budget_kind)
        budget_row.addWidget(self.amount, 1)
        budget_row.addWidget(self.currency)
        self.budget_problem = ProblemLine()
        budget_box, _ = with_problem(budget_row, self.budget_problem)
        self.problem_lines["campaign.budget"] = self.budget_problem
        schedule = QGroupBox("Budget, schedule and bidding")
        self._schedule_form = form = _form(schedule)
        form.addRow("Budget", budget_box)
        form.addRow("Starts", self._checked(self.start, "campaign.start_time"))
        form.addRow("Ends", self._checked(self.end, "campaign.end_time"))
        form.addRow("Bid strategy", self._checked(self.bid_strategy, "campaign.bid_strategy"))
        self._bid_row = self._checked(row(self.bid_amount, self.bid_currency), "campaign.bid_amount")
        form.addRow("Bid amount", self._bid_row)

        enhancements = QGroupBox("Advantage+ creative enhancements")
        enh_form = _form(enhancements)
        self.enhancements: dict[str, QComboBox] = {}
        for feature in ENHANCEMENT_FEATURES:
            box = self._narrow(QComboBox())
            box.addItem("Not set", None)
            box.addItem("Opt in", "OPT_IN")
            box.addItem("Opt out", "OPT_OUT")
            box.currentIndexChanged.connect(lambda _i, f=feature, b=box: self._on_enhancement(f, b))
            enh_form.addRow(enhancement_words(feature), box)
            self.enhancements[feature] = box

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.general_problem)
        for group in (general, self.conversion, identity, self.audience, self.special, self.placements, schedule,
                      enhancements):
            column.addWidget(group)
        column.addStretch(1)
        self.setWidget(body)
        guard_wheel(body)
        # Scroll down, never sideways: the dock is kept as wide as the form needs, so no field
        # is cut off at the right edge.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scrollbar = self.style().pixelMetric(QStyle.PM_ScrollBarExtent)
        self.setMinimumWidth(body.minimumSizeHint().width() + scrollbar + 2 * self.frameWidth())
        self._connect()

    def _connect(self) -> None:
        self.name.editingFinished.connect(self._on_name)
        self.ad_format.currentIndexChanged.connect(self._on_ad_format)
        for box, attr, words in ((self.objective, "objective", "Objective"),
                                 (self.optimization_goal, "optimization_goal", "Optimization"),
                                 (self.billing_event, "billing_event", "Billing"),
                                 (self.bid_strategy, "bid_strategy", "Bid strategy"),
                                 (self.status, "status", "Status on publish")):
            box.currentIndexChanged.connect(
                lambda _i, b=box, a=attr, w=words: self._set(w, b.currentText(), **{a: b.currentData()}))
        self.budget_kind.currentIndexChanged.connect(self._on_budget)
        self.amount.valueChanged.connect(self._on_budget)
        self.currency.editingFinished.connect(self._on_budget)
        self.bid_amount.editingFinished.connect(self._on_bid_amount)
        for edit, attr, words in ((self.page_id, "page_id", "Facebook page"),
                                  (self.instagram_id, "instagram_user_id", "Instagram account")):
            edit.editingFinished.connect(
                lambda e=edit, a=attr, w=words: self._set(w, e.text().strip() or "none", **{a: e.text().strip()}))
        self.pixel_id.editingFinished.connect(
            lambda: self._set_promoted("pixel_id", self.pixel_id.text().strip(), "Pixel id"))
        self.event.currentIndexChanged.connect(
            lambda: self._set_promoted("custom_event_type", self.event.currentData(), "Conversion event",
                                       self.event.currentText()))
        self.application_id.editingFinished.connect(
            lambda: self._set_promoted("application_id", self.application_id.text().strip(), "App id"))
        self.store_url.editingFinished.connect(
            lambda: self._set_promoted("object_store_url", self.store_url.text().strip(), "App store URL"))
        self.lead_form.editingFinished.connect(self._on_lead_form)
        self.page_picker.picked.connect(lambda named: self._pick(self.page_id, named))
        self.instagram_picker.picked.connect(lambda named: self._pick(self.instagram_id, named))
        self.lead_form_picker.picked.connect(lambda named: self._pick(self.lead_form, named))
        self.audience.changed.connect(lambda targeting, words, shown: self._set(words, shown, targeting=targeting))
        self.placements.changed.connect(lambda value, words, shown: self._set(words, shown, placements=value))
        for box in self.special_boxes.values():
            box.toggled.connect(self._on_special)
        self.special_country.committed.connect(
            lambda items: self._set("Special ad category countries", ", ".join(items) or "none",
                                    special_ad_category_country=tuple(items)))
        for widget, attr, words in ((self.start, "start_time", "Starts"), (self.end, "end_time", "Ends")):
            widget.enabled.toggled.connect(lambda _on, w=widget, a=attr, t=words: self._set_time(t, w, a))
            widget.edit.editingFinished.connect(lambda w=widget, a=attr, t=words: self._set_time(t, w, a))

    def _checked(self, field, path: str | None, problem: ProblemLine | None = None) -> QWidget:
        box, line = with_problem(field, problem)
        if path:
            self.problem_lines[path] = line
        return box

    def _picked(self, edit: QLineEdit, picker: IdPicker, path: str | None, problem: ProblemLine | None = None):
        box = self._checked(row(edit, picker.button), path, problem)
        box.layout().addWidget(picker.status)
        return box

    @staticmethod
    def _narrow(box: QComboBox) -> QComboBox:
        # Long values ("Lowest cost without cap") must not force the dock wider than the window.
        box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        return box

    @classmethod
    def _combo(cls, values) -> QComboBox:
        box = cls._narrow(QComboBox())
        for value in values:
            box.addItem(_words(value), value)
        return box

    def shutdown(self) -> None:
        self.lookups.shutdown()

    def _page(self) -> str:
        return self.document.project.campaign.page_id if self.document else ""

    # -- model -> form -----------------------------------------------------------------------------
    def set_document(self, document) -> None:
        self.document = follow_changes(self.document, document, self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, change) -> None:
        # Calls to action carry the lead form; the single link must match an app's store URL.
        if change.kind is ChangeKind.SETTINGS_CHANGED or change.pool in ("call_to_actions", "link_urls"):
            self.refresh()

    def _all_widgets(self) -> list[QWidget]:
        return [self, self.name, self.ad_format, self.objective, self.optimization_goal,
                self.billing_event, self.bid_strategy, self.budget_kind, self.amount, self.currency,
                self.page_id, self.instagram_id, self.lead_form, self.status, self.start.enabled, self.start.edit,
                self.end.enabled, self.end.edit, self.pixel_id, self.event, self.application_id, self.store_url,
                self.bid_amount, self.special_country, *self.special_boxes.values(), *self.audience.widgets(),
                *self.placements.widgets(), *self.enhancements.values()]

    def refresh(self) -> None:
        p = self.document.project
        c = p.campaign
        widgets = self._all_widgets()
        for w in widgets:
            w.blockSignals(True)
        try:
            self.name.setText(p.name)
            for box, value in ((self.ad_format, p.ad_format), (self.objective, c.objective),
                               (self.optimization_goal, c.optimization_goal), (self.billing_event, c.billing_event),
                               (self.bid_strategy, c.bid_strategy), (self.status, c.status),
                               (self.budget_kind, c.budget.kind), (self.event,
                                                                   c.promoted_object.get("custom_event_type") or "")):
                index = box.findData(value)
                if index < 0:  # a value outside the dynamic-creative list: show it, the linter explains
                    box.addItem(_words(value), value)
                    index = box.count() - 1
                box.setCurrentIndex(index)
            decimals = currency_decimals(c.budget.currency)  # JPY and the like: whole units
            self.amount.setDecimals(decimals)
            self.amount.setValue(float(c.budget.amount))
            self.currency.setText(c.budget.currency)
            self.bid_amount.setText(_major(c.bid_amount, c.budget.currency))
            self.bid_currency.setText(c.budget.currency)
            self.page_id.setText(c.page_id)
            self.instagram_id.setText(c.instagram_user_id)
            self.lead_form.setText(_lead_form_id(p))
            self.pixel_id.setText(str(c.promoted_object.get("pixel_id") or ""))
            self.application_id.setText(str(c.promoted_object.get("application_id") or ""))
            self.store_url.setText(str(c.promoted_object.get("object_store_url") or ""))
            self.start.set_value(c.start_time)
            self.end.set_value(c.end_time)
            for category, box in self.special_boxes.items():
                box.setChecked(category in c.special_ad_categories)
            self.special_country.set_items(c.special_ad_category_country)
            self.audience.set_targeting(c.targeting)
            self.placements.set_placements(c.placements)
            for feature, box in self.enhancements.items():
                box.setCurrentIndex(box.findData(p.enhancements.get(feature)))
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._show_needed(c)
        self.show_problems(self.problems())

    def problems(self):
        """The rules' problems of the project's campaign, exactly as the linter reports them
        (lint/checks_campaign.py: the export's preview placement must be delivered)."""
        project = self.document.project
        links = [link.website_url for link in project.pools["link_urls"]]
        return campaign_problems(project.campaign, link_urls=links,
                                 preview_placements=[export_placement(project.ad_format).id])

    def _show_needed(self, c) -> None:
        """Only the fields this objective, goal and bid strategy need."""
        pixel, app = needs_pixel(c), c.objective in APP_OBJECTIVES
        for field, shown in ((self._pixel_row, pixel), (self._event_row, pixel), (self._app_row, app),
                             (self._store_row, app)):
            self._conversion_form.setRowVisible(field, shown)
        self.conversion.setVisible(pixel or app)
        self._identity_form.setRowVisible(self._lead_form_row, c.objective == LEAD_OBJECTIVE)
        # A bid amount held under a strategy without one stays in sight, with its message.
        self._schedule_form.setRowVisible(self._bid_row, c.bid_strategy in BID_AMOUNT_STRATEGIES
                                          or c.bid_amount is not None)
        self._schedule_form.labelForField(self._bid_row).setText(BID_WORDS.get(c.bid_strategy, "Bid amount"))

    def show_problems(self, problems) -> None:
        said: dict[ProblemLine, list[str]] = {}
        for problem in problems:
            paths = [path for path in self.problem_lines if problem.field.startswith(path)]
            line = self.problem_lines[max(paths, key=len)] if paths else self.general_problem
            said.setdefault(line, []).append(problem.message)
        for line in {*self.problem_lines.values(), self.general_problem}:
            line.say("\n".join(said.get(line, [])))
        self.lead_form_problem.say(self._lead_form_problem())

    def _lead_form_problem(self) -> str:
        typed = self.lead_form.text().strip()
        if not typed:
            return ""
        if not self.document.project.pools["call_to_actions"]:
            return "no call to action carries the form: add one (such as Sign up) in the Assets panel"
        try:
            accounts.check_object_id(typed, "lead form id")
        except BadInputError as exc:
            return str(exc)
        return ""

    # -- form -> model (through undo commands) ---------------------------------------------------
    def _set(self, words: str, shown: str, **changes) -> None:
        """One undo step named as the form names the field: "Set Objective to Sales"."""
        project = self.document.project
        campaign = project.campaign
        if all(getattr(campaign, k) == v for k, v in changes.items()):
            return
        self.document.push(SetCampaignCommand(project, replace(campaign, **changes), f"Set {words} to {shown}"))

    def _set_promoted(self, key: str, value: str, words: str, shown: str | None = None) -> None:
        promoted = dict(self.document.project.campaign.promoted_object)
        if value:
            promoted[key] = value
        else:
            promoted.pop(key, None)
        self._set(words, shown if shown is not None else (value or "none"), promoted_object=promoted)

    def _set_time(self, words: str, widget: OptionalDateTime, attr: str) -> None:
        value = widget.value()
        self._set(words, widget.edit.text() if value else "not set", **{attr: value})

    def _on_special(self) -> None:
        ticked = tuple(c for c, box in self.special_boxes.items() if box.isChecked())
        self._set("Special ad category", ", ".join(self.special_boxes[c].text() for c in ticked) or "None",
                  special_ad_categories=ticked)

    def _pick(self, edit: QLineEdit, named) -> None:
        edit.setText(named.id)
        edit.editingFinished.emit()

    def _on_lead_form(self) -> None:
        typed = self.lead_form.text().strip()
        project = self.document.project
        if typed == _lead_form_id(project) or not project.pools["call_to_actions"]:
            self.lead_form_problem.say(self._lead_form_problem())
            return
        self.document.push(SetLeadFormCommand(project, typed))

    def _on_bid_amount(self) -> None:
        currency = self.document.project.campaign.budget.currency
        text = self.bid_amount.text().strip()
        try:
            typed = Decimal(text) if text else None
        except InvalidOperation:
            typed = None
        if text and (typed is None or not typed.is_finite()):
            self.problem_lines["campaign.bid_amount"].say(f"Not taken: the bid amount {text!r} is not a number")
            return
        # Meta's bid_amount is in minor units: 2.50 USD is 250. Kept as typed, 0 included: the rules judge it.
        minor = None if typed is None else int((typed * currency_offset(currency)).to_integral_value())
        words = self._schedule_form.labelForField(self._bid_row).text()
        if minor == self.document.project.campaign.bid_amount:
            self.show_problems(self.problems())
            return
        self._set(words, f"{typed} {currency}" if minor is not None else "not set", bid_amount=minor)

    def _on_budget(self, *_) -> None:
        campaign = self.document.project.campaign
        currency = self.currency.text().strip().upper()
        if len(currency) != 3:
            currency = campaign.budget.currency
        typed = Decimal(repr(self.amount.value()))  # the shortest text that is this float: 55.5, not 55.499...
        places = Decimal(1).scaleb(-currency_decimals(currency))
        amount, note = typed, ""
        if typed.is_finite() and typed > 0 and typed != typed.quantize(places, rounding=ROUND_DOWN):
            # Only a currency change gets here (the field takes no more decimals than the currency):
            # down, so the budget never spends more than was typed, and said so.
            amount = typed.quantize(places, rounding=ROUND_DOWN)
            note = f"{typed} became {amount}: {currency} takes no decimals" if currency_decimals(currency) == 0 \
                else f"{typed} became {amount}: {currency} takes at most {currency_decimals(currency)} decimals"
        try:
            check_amount(amount, currency)
        except BudgetError:
            # No Budget at all (0, -5) or over the ceiling: the project keeps its last budget and
            # the field keeps what was typed, with the rules' words for why.
            kept = campaign.budget
            candidate = replace(campaign, budget=replace(kept, kind=self.budget_kind.currentData(), currency=currency))
            shown = f"{typed.normalize():f}" if typed.is_finite() else str(typed)  # -5, not -5.0
            messages = [p.message for p in budget_amount_problems(shown, candidate)]
            self.budget_problem.say(f"Not taken (the budget stays {kept.amount} {kept.currency}): "
                                    + "; ".join(messages))
            return
        budget = Budget(self.budget_kind.currentData(), amount, currency)
        if budget != campaign.budget:
            self._set("Budget", f"{budget.kind} {budget.amount} {budget.currency}", budget=budget)
        else:  # back to the budget kept: the "Not taken" line goes
            self.show_problems(self.problems())
        if note:
            self.budget_problem.say("\n".join(filter(None, [note, self.budget_problem.text()])))

    def _on_name(self) -> None:
        name = self.name.text().strip()
        project = self.document.project
        if name and name != project.name:
            self.document.push(ProjectSettingsCommand(project, f"Set Project name to {name}", name=name))

    def _on_ad_format(self) -> None:
        project = self.document.project
        value = self.ad_format.currentData()
        if value != project.ad_format:
            self.document.push(ProjectSettingsCommand(project, f"Set Ad format to {self.ad_format.currentText()}",
                                                      ad_format=value))

    def _on_enhancement(self, feature: str, box: QComboBox) -> None:
        project = self.document.project
        status = box.currentData()
        if project.enhancements.get(feature) != status:
            self.document.push(EnhancementCommand(project, feature, status))
