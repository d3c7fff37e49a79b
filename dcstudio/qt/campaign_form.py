"""Campaign, ad set and Advantage+ settings as a form. Each finished edit is one undo command."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from decimal import ROUND_DOWN, Decimal

from PySide6.QtCore import QDateTime, QRegularExpression, Qt, QTimeZone
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.model.campaign import STATUSES, Budget, BudgetError, check_amount, currency_decimals
from dcstudio.core.values.events import ChangeKind
from dcstudio.core.values.meta_enums import (
    AD_FORMATS,
    BID_STRATEGIES,
    BILLING_EVENTS,
    DC_OBJECTIVES,
    ENHANCEMENT_FEATURES,
    OPTIMIZATION_GOALS,
)
from dcstudio.qt.commands import EnhancementCommand, ProjectSettingsCommand, SetCampaignCommand
from dcstudio.qt.document import follow_changes

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


class CampaignForm(QScrollArea):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.document = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.name = QLineEdit()
        self.ad_format = self._combo(AD_FORMATS)
        self.objective = self._combo(DC_OBJECTIVES)
        self.optimization_goal = self._combo(OPTIMIZATION_GOALS)
        self.billing_event = self._combo(BILLING_EVENTS)
        self.bid_strategy = self._combo(BID_STRATEGIES)
        self.budget_kind = QComboBox()
        self.budget_kind.addItem("Daily", "daily")
        self.budget_kind.addItem("Lifetime", "lifetime")
        self.amount = QDoubleSpinBox()
        # Wide open, so that 0 or an amount over the ceiling can be typed and gets a message
        # below instead of a keystroke silently dropped; 10^12 with cents is still exact in a float.
        self.amount.setRange(0, 1e12)
        self.amount.setDecimals(2)
        self.amount.setKeyboardTracking(False)
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        # Three letters or nothing is taken: a project file keeps an ISO code, or it cannot be opened.
        self.currency.setValidator(QRegularExpressionValidator(QRegularExpression("[A-Za-z]{3}"), self.currency))
        self.currency.setFixedWidth(56)
        self.start, self.end = OptionalDateTime(), OptionalDateTime()
        self.page_id, self.instagram_id = QLineEdit(), QLineEdit()
        self.page_id.setPlaceholderText("required to publish")
        self.status = self._combo(STATUSES)
        budget_row = QHBoxLayout()
        budget_row.addWidget(self.budget_kind)
        budget_row.addWidget(self.amount, 1)
        budget_row.addWidget(self.currency)
        # Why the amount typed was not taken (or how it was rounded); hidden when all is well.
        self.budget_problem = QLabel()
        self.budget_problem.setWordWrap(True)
        self.budget_problem.setStyleSheet("color: #b3261e")
        self.budget_problem.hide()
        budget_box = QVBoxLayout()
        budget_box.setContentsMargins(0, 0, 0, 0)
        budget_box.addLayout(budget_row)
        budget_box.addWidget(self.budget_problem)

        general = QGroupBox("Campaign")
        form = QFormLayout(general)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)  # a narrow dock puts fields under labels
        form.addRow("Project name", self.name)
        form.addRow("Ad format", self.ad_format)
        form.addRow("Objective", self.objective)
        form.addRow("Optimization", self.optimization_goal)
        form.addRow("Billing", self.billing_event)
        form.addRow("Bid strategy", self.bid_strategy)
        form.addRow("Budget", budget_box)
        form.addRow("Starts", self.start)
        form.addRow("Ends", self.end)
        form.addRow("Facebook page id", self.page_id)
        form.addRow("Instagram account", self.instagram_id)
        form.addRow("Status on publish", self.status)

        enhancements = QGroupBox("Advantage+ creative enhancements")
        enh_form = QFormLayout(enhancements)
        enh_form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.enhancements: dict[str, QComboBox] = {}
        for feature in ENHANCEMENT_FEATURES:
            box = self._narrow(QComboBox())
            box.addItem("Not set", None)
            box.addItem("Opt in", "OPT_IN")
            box.addItem("Opt out", "OPT_OUT")
            box.currentIndexChanged.connect(lambda _i, f=feature, b=box: self._on_enhancement(f, b))
            enh_form.addRow(feature.replace("_", " ").capitalize(), box)
            self.enhancements[feature] = box

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(general)
        column.addWidget(enhancements)
        column.addStretch(1)
        self.setWidget(body)
        # Scroll down, never sideways: the dock is kept as wide as the form needs, so no field
        # is cut off at the right edge.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scrollbar = self.style().pixelMetric(QStyle.PM_ScrollBarExtent)
        self.setMinimumWidth(body.minimumSizeHint().width() + scrollbar + 2 * self.frameWidth())

        self.name.editingFinished.connect(self._on_name)
        self.ad_format.currentIndexChanged.connect(self._on_ad_format)
        for box, attr in ((self.objective, "objective"), (self.optimization_goal, "optimization_goal"),
                          (self.billing_event, "billing_event"), (self.bid_strategy, "bid_strategy"),
                          (self.status, "status")):
            box.currentIndexChanged.connect(lambda _i, b=box, a=attr: self._set(**{a: b.currentData()}))
        self.budget_kind.currentIndexChanged.connect(self._on_budget)
        self.amount.valueChanged.connect(self._on_budget)
        self.currency.editingFinished.connect(self._on_budget)
        self.page_id.editingFinished.connect(lambda: self._set(page_id=self.page_id.text().strip()))
        self.instagram_id.editingFinished.connect(
            lambda: self._set(instagram_user_id=self.instagram_id.text().strip()))
        for widget, attr in ((self.start, "start_time"), (self.end, "end_time")):
            widget.enabled.toggled.connect(lambda _on, w=widget, a=attr: self._set(**{a: w.value()}))
            widget.edit.editingFinished.connect(lambda w=widget, a=attr: self._set(**{a: w.value()}))

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

    # -- model -> form -----------------------------------------------------------------------------
    def set_document(self, document) -> None:
        self.document = follow_changes(self.document, document, self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind is ChangeKind.SETTINGS_CHANGED:
            self.refresh()

    def refresh(self) -> None:
        p = self.document.project
        c = p.campaign
        widgets = [self, self.name, self.ad_format, self.objective, self.optimization_goal,
                   self.billing_event, self.bid_strategy, self.budget_kind, self.amount, self.currency,
                   self.page_id, self.instagram_id, self.status, self.start.enabled, self.start.edit,
                   self.end.enabled, self.end.edit, *self.enhancements.values()]
        for w in widgets:
            w.blockSignals(True)
        try:
            self.name.setText(p.name)
            for box, value in ((self.ad_format, p.ad_format), (self.objective, c.objective),
                               (self.optimization_goal, c.optimization_goal), (self.billing_event, c.billing_event),
                               (self.bid_strategy, c.bid_strategy), (self.status, c.status),
                               (self.budget_kind, c.budget.kind)):
                index = box.findData(value)
                if index < 0:  # a value outside the dynamic-creative list: show it, the linter explains
                    box.addItem(_words(value), value)
                    index = box.count() - 1
                box.setCurrentIndex(index)
            self.amount.setDecimals(currency_decimals(c.budget.currency))  # JPY and the like: whole units
            self.amount.setValue(float(c.budget.amount))
            self.currency.setText(c.budget.currency)
            self._say_about_budget("")
            self.page_id.setText(c.page_id)
            self.instagram_id.setText(c.instagram_user_id)
            self.start.set_value(c.start_time)
            self.end.set_value(c.end_time)
            for feature, box in self.enhancements.items():
                box.setCurrentIndex(box.findData(p.enhancements.get(feature)))
        finally:
            for w in widgets:
                w.blockSignals(False)

    # -- form -> model (through undo commands) ---------------------------------------------------
    def _set(self, **changes) -> None:
        project = self.document.project
        campaign = project.campaign
        if all(getattr(campaign, k) == v for k, v in changes.items()):
            return
        label = ", ".join(k.replace("_", " ") for k in changes)
        self.document.push(SetCampaignCommand(project, replace(campaign, **changes), f"Set {label}"))

    def _say_about_budget(self, text: str) -> None:
        self.budget_problem.setText(text)
        self.budget_problem.setHidden(not text)

    def _on_budget(self, *_) -> None:
        currency = self.currency.text().strip().upper()
        if len(currency) != 3:
            currency = self.document.project.campaign.budget.currency
        typed = Decimal(repr(self.amount.value()))  # the shortest text that is this float: 55.5, not 55.499...
        places = Decimal(1).scaleb(-currency_decimals(currency))
        amount, note = typed, ""
        if typed.is_finite() and typed != typed.quantize(places, rounding=ROUND_DOWN):
            # Only a currency change gets here (the field takes no more decimals than the currency):
            # down, so the budget never spends more than was typed, and said so.
            amount = typed.quantize(places, rounding=ROUND_DOWN)
            note = f"{typed} became {amount}: {currency} takes no decimals" if currency_decimals(currency) == 0 \
                else f"{typed} became {amount}: {currency} takes at most {currency_decimals(currency)} decimals"
        try:
            check_amount(amount, currency)
        except BudgetError as exc:
            self._say_about_budget(f"Not taken: {exc}")
            return
        budget = Budget(self.budget_kind.currentData(), amount, currency)
        if budget != self.document.project.campaign.budget:
            self._set(budget=budget)
        self._say_about_budget(note)

    def _on_name(self) -> None:
        name = self.name.text().strip()
        project = self.document.project
        if name and name != project.name:
            self.document.push(ProjectSettingsCommand(project, "Rename project", name=name))

    def _on_ad_format(self) -> None:
        project = self.document.project
        value = self.ad_format.currentData()
        if value != project.ad_format:
            self.document.push(ProjectSettingsCommand(project, "Change ad format", ad_format=value))

    def _on_enhancement(self, feature: str, box: QComboBox) -> None:
        project = self.document.project
        status = box.currentData()
        if project.enhancements.get(feature) != status:
            self.document.push(EnhancementCommand(project, feature, status))

