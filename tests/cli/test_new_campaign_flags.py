"""`dcstudio new` campaign flags: each row of tests/campaign_cases.py typed as a flag exits 2 with
the one line the rule set gives for that field, naming the flag; good values make the project."""
from __future__ import annotations

import json

import pytest

from dcstudio.cli import main
from dcstudio.commands.new import CAMPAIGN_FLAGS
from dcstudio.core.model.campaign_rules import budget_amount_problems, campaign_problems
from dcstudio.core.model.project_folder import load_project
from tests.campaign_cases import CASES, CLEAN, CONTEXT_CASES, apply_case

# CLEAN, as flags (its schedule has no flag; `new` makes projects without one).
CLEAN_FLAGS = {"--page-id": "104857600012345", "--pixel-id": "1122334455667788", "--event": "PURCHASE",
               "--country": "US", "--age-min": "18", "--age-max": "65", "--budget": "40.00"}
NO_FLAG = {"campaign.end_time"}
CLEAN_NO_SCHEDULE = apply_case(apply_case(CLEAN, "campaign.start_time", ""), "campaign.end_time", "")


def _argv(tmp_path, typed: dict[str, str]) -> list[str]:
    flags = CLEAN_FLAGS | {CAMPAIGN_FLAGS[field]: value for field, value in typed.items()}
    return ["new", str(tmp_path / "p")] + [f"{flag}={value}" for flag, value in flags.items()]


def _expected(settings, field, typed):
    if field == "campaign.budget.amount":
        return budget_amount_problems(typed, settings)
    return campaign_problems(apply_case(settings, field, typed))


def _rows() -> list:
    return list(_row_params())


def _row_params():
    for field, typed, rule_id in CASES:
        if field not in NO_FLAG:
            yield pytest.param({}, field, typed, rule_id, id=f"{field}={typed!r}")
    for context, field, typed, rule_id in CONTEXT_CASES:
        yield pytest.param(context, field, typed, rule_id, id=f"{context}+{field}={typed!r}")


def test_every_row_but_the_schedule_has_a_flag():
    assert {f for f, _, _ in CASES} - NO_FLAG <= set(CAMPAIGN_FLAGS)


@pytest.mark.parametrize("context, field, typed, rule_id", _rows())
def test_a_bad_flag_exits_2_with_the_rule_sets_message(tmp_path, capsys, context, field, typed, rule_id):
    settings = CLEAN_NO_SCHEDULE
    for other, value in context.items():
        settings = apply_case(settings, other, value)
    wanted = [p.message for p in _expected(settings, field, typed) if p.rule_id == rule_id and p.field == field]
    assert wanted
    assert main(_argv(tmp_path, context | {field: typed})) == 2
    err = capsys.readouterr().err.strip()
    assert err in {f"dcstudio: error: {CAMPAIGN_FLAGS[field]}: {m}" for m in wanted}, err
    assert "\n" not in err and not (tmp_path / "p").exists()


def test_the_clean_flags_make_a_project_the_checks_find_no_campaign_problem_in(tmp_path, capsys):
    argv = _argv(tmp_path, {}) + ["--country=CA", "--instagram-id=17841400000000000",
                                 "--special-ad-category=HOUSING", "--special-ad-category-country=US",
                                 "--bid-strategy=cost_cap", "--bid-amount=250", "--event=purchase"]
    assert main(argv) == 0, capsys.readouterr().err
    c = load_project(tmp_path / "p").campaign
    assert c.promoted_object == {"pixel_id": "1122334455667788", "custom_event_type": "PURCHASE"}
    assert c.targeting == {"geo_locations": {"countries": ["US", "CA"]}, "age_min": 18, "age_max": 65}
    assert (c.special_ad_categories, c.special_ad_category_country) == (("HOUSING",), ("US",))
    assert (c.bid_strategy, c.bid_amount, c.instagram_user_id) == ("COST_CAP", 250, "17841400000000000")
    assert campaign_problems(c) == []
    saved = json.loads((tmp_path / "p" / "dcstudio.json").read_text("utf-8"))["campaign"]
    assert saved["bid_amount"] == 250 and saved["special_ad_category_country"] == ["US"]


def test_without_campaign_flags_the_project_is_made_and_the_checks_ask_for_the_pixel(tmp_path, capsys):
    assert main(["new", str(tmp_path / "p")]) == 0
    rules = {p.rule_id for p in campaign_problems(load_project(tmp_path / "p").campaign)}
    assert {"meta.promoted_object.pixel", "meta.promoted_object.event"} <= rules
