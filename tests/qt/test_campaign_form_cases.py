"""The Campaign form against the shared table of bad values (tests/campaign_cases.py): typing each
one into its field shows that rule's message on the line under the field, as the linter says it."""
from __future__ import annotations

import pytest

from dcstudio.core.model.campaign_rules import budget_amount_problems, campaign_problems
from dcstudio.core.values.placements import export_placement
from dcstudio.qt.campaign_form import _parse_time
from dcstudio.qt.commands import SetCampaignCommand
from tests.campaign_cases import CASES, CONTEXT_CASES, apply_case
from tests.qt.test_campaign_budget import _type


def _commit(edit, text):
    edit.setText(text)
    edit.editingFinished.emit()


def _spin(box, text):
    box.lineEdit().selectAll()
    box.lineEdit().insert(text)
    box.interpretText()
    box.editingFinished.emit()


def _as_read_from_a_file(window, field, typed):
    """A value no widget of the form can produce (an event, strategy or category Meta does not
    know): the project holds it as a hand-edited file would, and the form shows it."""
    project = window.document.project
    window.document.push(SetCampaignCommand(project, apply_case(project.campaign, field, typed)))


def _choose(box, value):
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def type_into(window, form, field, typed):
    """Types ``typed`` into the widget of ``field`` as a person would, and leaves the field."""
    if field == "campaign.page_id":
        _commit(form.page_id, typed)
    elif field == "campaign.instagram_user_id":
        _commit(form.instagram_id, typed)
    elif field == "campaign.promoted_object.pixel_id":
        _commit(form.pixel_id, typed)
    elif field == "campaign.promoted_object.custom_event_type":
        if form.event.findData(typed) >= 0:
            _choose(form.event, typed)
        else:
            _as_read_from_a_file(window, field, typed)
    elif field == "campaign.targeting.age_min":
        _spin(form.audience.age_min, typed)
    elif field == "campaign.targeting.age_max":
        _spin(form.audience.age_max, typed)
    elif field == "campaign.targeting.geo_locations":
        _commit(form.audience.countries, typed)
    elif field == "campaign.budget.amount":
        _type(form, typed)
    elif field == "campaign.bid_amount":
        _commit(form.bid_amount, typed)
    elif field == "campaign.bid_strategy":
        if form.bid_strategy.findData(typed) >= 0:
            _choose(form.bid_strategy, typed)
        else:
            _as_read_from_a_file(window, field, typed)
    elif field == "campaign.special_ad_categories":
        if typed in form.special_boxes:
            form.special_boxes[typed].setChecked(True)
        else:
            _as_read_from_a_file(window, field, typed)
    elif field == "campaign.special_ad_category_country":
        _commit(form.special_country, typed)
    elif field in ("campaign.start_time", "campaign.end_time"):
        widget = form.start if field == "campaign.start_time" else form.end
        widget.enabled.setChecked(True)
        widget.edit.setDateTime(_parse_time(typed))
        widget.edit.editingFinished.emit()
    else:
        raise KeyError(field)


def expected_messages(window, field, typed, rule):
    project = window.document.project
    if field == "campaign.budget.amount":
        found = budget_amount_problems(typed, project.campaign)
    else:
        links = [link.website_url for link in project.pools["link_urls"]]
        found = campaign_problems(apply_case(project.campaign, field, typed), link_urls=links,
                                  preview_placements=[export_placement(project.ad_format).id])
    return [p.message for p in found if p.rule_id == rule and p.field.startswith(field)]


def line_of(form, field):
    paths = [path for path in form.problem_lines if field.startswith(path)]
    return form.problem_lines[max(paths, key=len)]


def check(window, form, field, typed, rule):
    messages = expected_messages(window, field, typed, rule)
    assert messages, f"the table says {typed!r} in {field} breaks {rule}; the rules find nothing"
    type_into(window, form, field, typed)
    line = line_of(form, field)
    assert not line.isHidden()
    for message in messages:
        assert message in line.text()


@pytest.fixture
def form(window):
    return window.campaign


@pytest.mark.parametrize("field, typed, rule", CASES, ids=[f"{f}={v!r}" for f, v, _ in CASES])
def test_each_bad_value_typed_shows_its_rule_under_the_field(window, form, field, typed, rule):
    check(window, form, field, typed, rule)


@pytest.mark.parametrize("first, field, typed, rule", CONTEXT_CASES,
                         ids=[f"{f}={v!r}" for _, f, v, _ in CONTEXT_CASES])
def test_values_wrong_only_together_say_so_under_the_field(window, form, first, field, typed, rule):
    for other, value in first.items():
        type_into(window, form, other, value)
    check(window, form, field, typed, rule)
