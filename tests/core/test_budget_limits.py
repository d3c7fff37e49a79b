"""Budgets: impossible amounts refused where they are typed or read, a warning for an amount far
above the guidance (a 4000-for-40.00 typo), and a conversion to minor units that never rounds."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from dcstudio.cli import main
from dcstudio.core.lint import lint
from dcstudio.core.model.campaign import Budget, BudgetError, budget_ceiling, check_amount, minor_units
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.values.errors import BadInputError, ProjectFileError
from tests.core.lint_projects import clean_project


@pytest.mark.parametrize("amount, currency, minor", [
    ("40.00", "USD", 4000), ("40.000", "USD", 4000), ("999999.99", "USD", 99999999), ("1000000", "USD", 100000000),
    ("5000", "JPY", 5000), ("1840000", "EUR", 184000000), ("0.01", "USD", 1),
])
def test_minor_units_are_exact(amount, currency, minor):
    assert minor_units(Decimal(amount), currency) == minor


@pytest.mark.parametrize("amount, currency, kind, words", [
    ("1" + "0" * 40, "USD", "ceiling", "Meta takes at most 1,000,000 USD"),
    ("1000000.01", "USD", "ceiling", "too high"),
    ("1840001", "EUR", "ceiling", "assumed rate of 0.92 EUR per USD"),
    ("100000000001", "ZZZ", "ceiling", "ZZZ has no assumed rate"),
    # 31 significant digits: 28-digit Decimal arithmetic would make this 4000 cents.
    ("40.0000000000000000000000000000001", "USD", "decimals", "USD takes at most 2 decimals"),
    ("12345678901234567890123456789.01", "USD", "ceiling", "too high"),
    ("40.001", "USD", "decimals", "at most 2 decimals"),
    ("5000.5", "JPY", "decimals", "JPY takes no decimals"),
    ("0", "USD", "number", "more than 0"),
    ("0.00", "USD", "number", "more than 0"),
    ("-5", "USD", "number", "more than 0"),
    ("NaN", "USD", "number", "more than 0"),
    ("Infinity", "USD", "number", "more than 0"),
    ("forty", "USD", "number", "not a number"),
])
def test_impossible_amounts_are_refused_never_rounded(amount, currency, kind, words):
    for check in (check_amount, minor_units):
        with pytest.raises(BudgetError) as err:
            check(amount if kind == "number" else Decimal(amount), currency)
        assert err.value.kind == kind and words in str(err.value)


def test_the_ceiling_is_metas_maximum_in_usd_and_twice_it_at_the_assumed_rate_elsewhere():
    assert budget_ceiling("USD") == Decimal(1_000_000)
    assert budget_ceiling("jpy") == Decimal(300_000_000)
    assert budget_ceiling("ZZZ") == Decimal(10) ** 11


def test_a_budget_is_never_zero_wherever_it_comes_from():
    for amount in (Decimal(0), Decimal(-1), Decimal("NaN"), "0"):
        with pytest.raises(ValueError, match="more than 0"):
            Budget("daily", amount, "USD")


def test_a_project_file_with_a_zero_budget_is_refused_naming_the_field(demo_copy):
    file = demo_copy / "dcstudio.json"
    doc = json.loads(file.read_text("utf-8"))
    doc["campaign"]["budget"]["amount"] = "0.00"
    file.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProjectFileError) as err:
        load_project(demo_copy)
    assert err.value.field == "campaign.budget.amount" and "more than 0" in err.value.problem


def test_a_project_file_over_the_ceiling_opens_and_lint_and_export_refuse_it(demo_copy):
    file = demo_copy / "dcstudio.json"
    doc = json.loads(file.read_text("utf-8"))
    doc["campaign"]["budget"]["amount"] = "1" + "0" * 40
    file.write_text(json.dumps(doc), "utf-8")
    project = load_project(demo_copy)  # opens, so the form can put it right
    (finding,) = [f for f in lint(project).errors if f.rule_id == "meta.budget.ceiling"]
    assert "1,000,000 USD" in finding.message and finding.field == "campaign.budget.amount"
    assert "meta.budget.high" not in lint(project).rule_ids()  # one finding for one mistake
    with pytest.raises(BadInputError, match="too high"):
        build_plan(project)


@pytest.mark.parametrize("kind, amount, currency, high", [
    ("daily", "4000", "USD", True),       # 40.00 typed without its point
    ("daily", "1000", "USD", False),      # exactly 50 times $20
    ("daily", "1000.01", "USD", True),
    ("daily", "150000", "JPY", False),    # $1,000 at 150 JPY per USD
    ("daily", "150001", "JPY", True),
    ("lifetime", "100000", "USD", True),  # 5000 a day over the 20-day schedule
    ("lifetime", "20000", "USD", False),  # 1000 a day
])
def test_a_budget_far_above_the_guidance_is_a_warning(tmp_path, kind, amount, currency, high):
    project = clean_project(tmp_path)
    project.update_campaign(budget=Budget(kind, Decimal(amount), currency))
    report = lint(project)
    hits = [f for f in report.findings if f.rule_id == "meta.budget.high"]
    assert bool(hits) == high
    if high:
        assert hits[0].severity == "warning" and "50 times" in hits[0].message and "4000" in hits[0].hint
        assert report.errors == []


def test_the_warning_names_the_assumed_rate(tmp_path):
    project = clean_project(tmp_path)
    project.update_campaign(budget=Budget("daily", Decimal(5000), "EUR"))
    (finding,) = [f for f in lint(project).findings if f.rule_id == "meta.budget.high"]
    assert "0.92 EUR per USD" in finding.message and "920.00 EUR" in finding.message


@pytest.mark.parametrize("typed, words", [
    ("0", "more than 0"), ("NaN", "more than 0"), ("1e40", "Meta takes at most 1,000,000 USD"),
    ("2000000", "too high"), ("40.0000000000000000000000000000001", "at most 2 decimals"),
])
def test_dcstudio_new_refuses_an_impossible_budget(tmp_path, capsys, typed, words):
    assert main(["new", str(tmp_path / "p"), "--budget", typed]) == 2
    err = capsys.readouterr().err
    assert "--budget" in err and words in err and "Traceback" not in err
    assert not (tmp_path / "p").exists()


def test_dcstudio_new_keeps_the_budget_exactly_as_typed(tmp_path, capsys):
    assert main(["new", str(tmp_path / "p"), "--budget", "1e3"]) == 0
    assert load_project(tmp_path / "p").campaign.budget.amount == Decimal(1000)
    assert minor_units(load_project(tmp_path / "p").campaign.budget.amount, "USD") == 100000


def test_major_units_are_exact_for_long_numbers():
    from dcstudio.core.model.campaign import major_units

    assert major_units(4000, "USD") == Decimal("40.00")
    assert major_units("5000", "JPY") == Decimal(5000)
    long = 10 ** 39 + 1  # as many digits as a plan may hold: 28-digit arithmetic would drop the 1
    assert major_units(long, "USD") == Decimal("1" + "0" * 37 + ".01")
