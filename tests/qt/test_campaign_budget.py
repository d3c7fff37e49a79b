"""The Campaign form's budget field: an impossible amount is refused there with a message beside
the field (the project keeps its budget), and nothing is rounded without a word."""
from __future__ import annotations

from decimal import Decimal

import pytest


def _type(form, text):
    """Types into the amount's line edit as a person would, then leaves the field."""
    edit = form.amount.lineEdit()
    edit.selectAll()
    edit.insert(text)
    form.amount.interpretText()
    form.amount.editingFinished.emit()


@pytest.mark.parametrize("typed, words", [
    ("0", "more than 0"),
    ("2000000", "Meta takes at most 1,000,000 USD"),
    ("40000000000", "too high"),
])
def test_an_impossible_budget_is_refused_with_a_message_beside_the_field(window, typed, words):
    form, project = window.campaign, window.document.project
    before = project.campaign.budget
    depth = window.document.undo_stack.count()
    _type(form, typed)
    assert project.campaign.budget == before and window.document.undo_stack.count() == depth
    assert not form.budget_problem.isHidden() and words in form.budget_problem.text()
    _type(form, "45")  # a possible amount is taken, and the message goes
    assert project.campaign.budget.amount == Decimal(45)
    assert form.budget_problem.isHidden()


def test_a_refused_amount_leaves_no_message_once_the_project_changes(window):
    form = window.campaign
    _type(form, "0")
    assert not form.budget_problem.isHidden()
    form.objective.setCurrentIndex(form.objective.findData("OUTCOME_TRAFFIC"))
    window.document.undo_stack.undo()  # the form shows the project as it is again
    assert form.budget_problem.isHidden() and form.amount.value() == 40.0


def test_the_message_does_not_widen_the_form(window):
    form = window.campaign
    width = form.minimumWidth()
    _type(form, "2000000")
    assert form.widget().minimumSizeHint().width() <= width


def test_a_currency_without_decimals_rounds_down_and_says_so(window):
    form, project = window.campaign, window.document.project
    form.amount.setValue(40.75)
    form.currency.setText("JPY")
    form.currency.editingFinished.emit()
    assert project.campaign.budget.amount == Decimal(40)  # never more than typed
    assert not form.budget_problem.isHidden()
    assert "40.75" in form.budget_problem.text() and "JPY takes no decimals" in form.budget_problem.text()


def test_a_high_budget_within_the_ceiling_is_taken(window):
    # 4000 may be meant: the linter warns (meta.budget.high), the form does not refuse it.
    form, project = window.campaign, window.document.project
    _type(form, "4000")
    assert project.campaign.budget.amount == Decimal(4000) and form.budget_problem.isHidden()
