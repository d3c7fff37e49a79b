"""The Campaign tab: every setting of the ad set, each checked where it is typed (the rules'
message on the line under the field), undo in the form's words, and a wheel that scrolls past."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from dcstudio.core.values.placements import all_placements


def wheel(widget, steps: int = -1) -> None:
    """One notch of the mouse wheel over ``widget`` (down for a negative ``steps``)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def commit(edit, text: str) -> None:
    edit.setText(text)
    edit.editingFinished.emit()


def type_spin(box, value) -> None:
    box.lineEdit().selectAll()
    box.lineEdit().insert(str(value))
    box.interpretText()
    box.editingFinished.emit()


def choose(box, data) -> None:
    box.setCurrentIndex(box.findData(data))


@pytest.fixture
def form(window):
    window.campaign_dock.show()
    window.campaign_dock.raise_()
    return window.campaign


def test_the_wheel_over_an_unfocused_combo_or_spin_box_changes_nothing(window, form):
    box = form.enhancements["image_brightness_and_contrast"]
    project = window.document.project
    before = project.enhancements.get("image_brightness_and_contrast")
    scroll = form.verticalScrollBar()
    scroll.setValue(0)
    for widget in (box, form.objective, form.audience.age_min, form.amount):
        shown = widget.currentIndex() if hasattr(widget, "currentIndex") else widget.value()
        wheel(widget)
        wheel(widget, 1)
        wheel(widget)
        assert (widget.currentIndex() if hasattr(widget, "currentIndex") else widget.value()) == shown
    assert project.enhancements.get("image_brightness_and_contrast") == before
    assert window.document.undo_stack.count() == 0
    assert scroll.value() > 0  # the form scrolled instead


def test_the_wheel_still_works_on_the_field_being_edited(window, form):
    box = form.enhancements["image_brightness_and_contrast"]
    box.setFocus()
    QApplication.processEvents()
    if not box.hasFocus():
        pytest.skip("this platform gives no focus to a widget of an inactive window")
    index = box.currentIndex()
    wheel(box, 1 if index else -1)
    assert box.currentIndex() != index


def test_undo_texts_use_the_words_of_the_form(window, form):
    stack = window.document.undo_stack
    box = form.enhancements["image_brightness_and_contrast"]
    choose(box, "OPT_OUT")
    assert stack.text(stack.index() - 1) == "Set Image brightness and contrast to Opt out"
    choose(form.objective, "OUTCOME_TRAFFIC")
    choose(form.objective, "OUTCOME_SALES")
    assert stack.text(stack.index() - 1) == "Set Objective to Sales"
    form.audience.age_min.setValue(25)
    form.audience.age_max.setValue(54)
    form.audience.age_max.editingFinished.emit()
    assert stack.text(stack.index() - 1) == "Set Age range to 25-54"
    assert window.document.project.campaign.targeting["age_min"] == 25
    commit(form.audience.countries, "us, ca, de")
    assert stack.text(stack.index() - 1) == "Set Countries to US, CA, DE"
    assert window.document.project.campaign.targeting["geo_locations"]["countries"] == ["US", "CA", "DE"]


def test_only_the_fields_the_objective_needs_are_shown(window, form):
    project = window.document.project
    assert project.campaign.objective == "OUTCOME_SALES"
    assert form.pixel_id.isVisibleTo(form) and form.event.isVisibleTo(form)
    assert not form.application_id.isVisibleTo(form) and not form.lead_form.isVisibleTo(form)
    assert not form.bid_amount.isVisibleTo(form)
    choose(form.objective, "OUTCOME_APP_PROMOTION")
    assert form.application_id.isVisibleTo(form) and form.store_url.isVisibleTo(form)
    assert not form.pixel_id.isVisibleTo(form)
    choose(form.objective, "OUTCOME_LEADS")
    assert form.lead_form.isVisibleTo(form) and form.pixel_id.isVisibleTo(form)
    choose(form.bid_strategy, "COST_CAP")
    assert form.bid_amount.isVisibleTo(form)
    assert form._schedule_form.labelForField(form._bid_row).text() == "Cost cap"


def test_the_conversion_event_is_the_sdk_enum_and_is_saved(window, form):
    from facebook_business.adobjects.adpromotedobject import AdPromotedObject

    sdk = {v for k, v in vars(AdPromotedObject.CustomEventType).items() if not k.startswith("_")}
    offered = {form.event.itemData(i) for i in range(form.event.count())} - {""}
    assert offered == sdk
    choose(form.event, "COMPLETE_REGISTRATION")
    assert window.document.project.campaign.promoted_object["custom_event_type"] == "COMPLETE_REGISTRATION"
    assert window.document.undo_stack.text(window.document.undo_stack.index() - 1) == \
        "Set Conversion event to Complete registration"


def test_a_missing_pixel_says_so_under_the_pixel_field(window, form):
    commit(form.pixel_id, "")
    assert "pixel" not in window.document.project.campaign.promoted_object
    line = form.problem_lines["campaign.promoted_object.pixel_id"]
    assert not line.isHidden() and "no pixel" in line.text()
    commit(form.pixel_id, "1122334455667788")
    assert line.isHidden()


def test_a_page_id_with_letters_is_kept_and_said_wrong_next_to_it(window, form):
    commit(form.page_id, "my-page abc")
    line = form.problem_lines["campaign.page_id"]
    # The project keeps what was typed: the linter reports it, and the typed text is not lost.
    assert window.document.project.campaign.page_id == "my-page abc"
    assert not line.isHidden() and "'my-page abc'" in line.text() and "digits" in line.text()
    window.document.undo_stack.undo()
    assert line.isHidden() and form.page_id.text() == "104857600012345"


def test_an_end_before_the_start_says_so_under_the_end(window, form):
    form.end.edit.setDateTime(form.start.edit.dateTime().addDays(-2))
    form.end.edit.editingFinished.emit()
    line = form.problem_lines["campaign.end_time"]
    assert not line.isHidden() and "not after the start" in line.text()


@pytest.mark.parametrize("low, high, words", [(12, "40", "12 is outside 18-65"),
                                              (25, "70", "70 is outside 18-65")])
def test_an_age_outside_18_to_65_says_so_under_the_age_range(window, form, low, high, words):
    type_spin(form.audience.age_min, low)
    type_spin(form.audience.age_max, high)
    assert not form.audience.age_problem.isHidden() and words in form.audience.age_problem.text()


@pytest.mark.parametrize("typed", ["-5", "0"])
def test_a_budget_of_nothing_is_not_taken_and_says_the_minimum(window, form, typed):
    from tests.qt.test_campaign_budget import _type

    _type(form, typed)
    assert window.document.project.campaign.budget.amount == Decimal(40)
    text = form.budget_problem.text()
    assert not form.budget_problem.isHidden() and "Not taken" in text and "the minimum is 1.00 USD" in text
    assert form.amount.value() == float(typed)  # what was typed stays in the field


def test_a_budget_under_the_minimum_is_taken_and_says_the_minimum(window, form):
    from tests.qt.test_campaign_budget import _type

    _type(form, "0.5")
    assert window.document.project.campaign.budget.amount == Decimal("0.5")
    assert "the minimum is 1.00 USD a day" in form.budget_problem.text()


def test_a_bid_cap_strategy_takes_its_amount_in_minor_units(window, form):
    choose(form.bid_strategy, "LOWEST_COST_WITH_BID_CAP")
    line = form.problem_lines["campaign.bid_amount"]
    assert "no bid amount" in line.text()
    commit(form.bid_amount, "2.50")
    assert window.document.project.campaign.bid_amount == 250 and line.isHidden()
    assert window.document.undo_stack.text(window.document.undo_stack.index() - 1) == "Set Bid cap to 2.50 USD"
    assert form.bid_amount.text() == "2.50" and form.bid_currency.text() == "USD"
    commit(form.bid_amount, "two")
    assert "not a number" in line.text() and window.document.project.campaign.bid_amount == 250


def test_a_special_category_asks_for_its_country_and_names_forbidden_targeting(window, form):
    type_spin(form.audience.age_min, 25)
    form.special_boxes["HOUSING"].setChecked(True)
    campaign = window.document.project.campaign
    assert campaign.special_ad_categories == ("HOUSING",)
    assert "no country" in form.problem_lines["campaign.special_ad_category_country"].text()
    assert "HOUSING" in form.audience.age_problem.text()
    commit(form.special_country, "us")
    assert window.document.project.campaign.special_ad_category_country == ("US",)
    assert form.problem_lines["campaign.special_ad_category_country"].isHidden()


def test_manual_placements_are_saved_in_metas_shape(window, form):
    section = form.placements
    section.advantage.setChecked(False)
    assert window.document.project.campaign.placements == {"publisher_platforms": ["facebook", "instagram"]}
    assert section.position_groups["facebook_positions"].isVisibleTo(form)
    assert not section.position_groups["messenger_positions"].isVisibleTo(form)
    section.positions["facebook_positions"]["feed"].setChecked(True)
    assert window.document.project.campaign.placements == {
        "publisher_platforms": ["facebook", "instagram"], "facebook_positions": ["feed"]}
    section.advantage.setChecked(True)
    assert window.document.project.campaign.placements is None
    assert window.document.undo_stack.text(window.document.undo_stack.index() - 1) == \
        "Set Placements to Advantage+"


def test_the_lead_form_goes_to_every_call_to_action_and_undo_takes_it_back(window, form):
    project = window.document.project
    choose(form.objective, "OUTCOME_LEADS")
    before = [cta.value for cta in project.pools["call_to_actions"]]
    commit(form.lead_form, "900000000000001")
    assert all(cta.value.get("lead_gen_form_id") == "900000000000001" for cta in project.pools["call_to_actions"])
    assert window.document.undo_stack.text(window.document.undo_stack.index() - 1) == \
        "Set Lead form to 900000000000001"
    commit(form.lead_form, "form-1")
    assert "digits only" in form.lead_form_problem.text()
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert [cta.value for cta in project.pools["call_to_actions"]] == before
    assert form.lead_form.text() == ""


def test_the_form_fits_its_dock_when_manual_placements_are_shown(window, form):
    width = form.minimumWidth()
    form.placements.advantage.setChecked(False)
    choose(form.objective, "OUTCOME_APP_PROMOTION")
    choose(form.bid_strategy, "COST_CAP")
    assert form.widget().minimumSizeHint().width() <= width


def test_the_grid_offers_only_the_placements_the_ad_set_can_show(window, form):
    grid = window.grid

    def offered():
        return [grid.placement_box.itemData(i) for i in range(grid.placement_box.count())]

    assert "story" in offered()
    grid.set_placement("story")
    section = form.placements
    section.advantage.setChecked(False)
    section.platforms["instagram"].setChecked(False)
    section.positions["facebook_positions"]["feed"].setChecked(True)
    assert window.document.project.campaign.placements == {"publisher_platforms": ["facebook"],
                                                           "facebook_positions": ["feed"]}
    assert "story" not in offered() and "feed-square" in offered()
    assert window.grid_model.placement != "story"  # the grid left the placement it can no longer show
    section.positions["facebook_positions"]["story"].setChecked(True)
    assert "story" in offered()
    window.document.undo_stack.undo()
    assert "story" not in offered()
    section.advantage.setChecked(True)
    assert offered() == [p.id for p in all_placements()]


def test_the_form_shows_what_the_linter_reports(window, form, qtbot):
    """One rule set: after edits, every campaign finding of the checks is on a line of the form."""
    commit(form.page_id, "my-page abc")
    form.special_boxes["HOUSING"].setChecked(True)
    form.placements.advantage.setChecked(False)
    form.placements.platforms["facebook"].setChecked(False)  # Instagram only: still the feed
    form.placements.platforms["instagram"].setChecked(False)  # no platform: the feed has no delivery
    from dcstudio.core.lint.engine import lint

    report = lint(window.document.project)
    campaign_findings = {f.message for f in report.findings if (f.field or "").startswith("campaign.")}
    shown = "\n".join(line.text() for line in {*form.problem_lines.values(), form.general_problem})
    assert campaign_findings and all(message in shown for message in campaign_findings)
    assert "no delivery" in form.placements.problem.text()
