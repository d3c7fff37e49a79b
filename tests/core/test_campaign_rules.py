"""The campaign rule set: every row of tests/campaign_cases.py is caught at its field, with a rule
of the registry at the registry's severity, and a clean campaign has no problem at all."""
from __future__ import annotations

import dataclasses

import pytest

from dcstudio.core.lint import RULES
from dcstudio.core.model.campaign_rules import budget_amount_problems, budget_minimum, campaign_problems
from dcstudio.core.values.placements import placement_ids
from tests.campaign_cases import CASES, CLEAN, CONTEXT_CASES, apply_case

LINK = ["https://shop.example.com/spring"]


def _problems(settings, field, typed):
    if field == "campaign.budget.amount":
        return budget_amount_problems(typed, settings)
    return campaign_problems(apply_case(settings, field, typed), link_urls=LINK)


def test_the_clean_campaign_has_no_problem():
    assert campaign_problems(CLEAN, link_urls=LINK, preview_placements=placement_ids()) == []


@pytest.mark.parametrize("field, typed, rule_id", CASES)
def test_each_bad_value_is_caught_at_its_field(field, typed, rule_id):
    assert not [p for p in campaign_problems(CLEAN, link_urls=LINK) if p.field == field]
    hits = [p for p in _problems(CLEAN, field, typed) if p.rule_id == rule_id]
    assert hits and all(p.field == field for p in hits), _problems(CLEAN, field, typed)
    for p in hits:
        assert p.severity == RULES[rule_id].severity
        assert p.message and p.hint
        if typed and field != "campaign.budget.amount":
            assert typed in p.message  # the message names the value


@pytest.mark.parametrize("context, field, typed, rule_id", CONTEXT_CASES)
def test_values_wrong_only_together_are_caught(context, field, typed, rule_id):
    settings = CLEAN
    for other, value in context.items():
        settings = apply_case(settings, other, value)
    hits = [p for p in _problems(settings, field, typed) if p.rule_id == rule_id and p.field == field]
    assert hits and all(p.severity == RULES[rule_id].severity for p in hits)


def test_every_problem_names_a_registered_rule_at_its_severity():
    seen = set()
    for field, typed, _ in CASES:
        for p in _problems(CLEAN, field, typed):
            assert p.rule_id in RULES and p.severity == RULES[p.rule_id].severity, p
            seen.add(p.rule_id)
    assert {"meta.id.not_numeric", "meta.promoted_object.pixel", "meta.budget.minimum"} <= seen


def test_the_minimum_is_said_in_the_currency():
    (problem,) = budget_amount_problems("0", CLEAN)
    assert "more than 0" in problem.message and "1.00 USD a day" in problem.message
    eur = dataclasses.replace(CLEAN, budget=dataclasses.replace(CLEAN.budget, currency="EUR"))
    (problem,) = budget_amount_problems("0.10", eur)
    assert f"{budget_minimum('EUR')} EUR" in problem.message and "0.92 EUR per USD" in problem.message
    assert budget_minimum("JPY") == 75 and budget_amount_problems("75", dataclasses.replace(
        CLEAN, budget=dataclasses.replace(CLEAN.budget, amount=75, currency="JPY"))) == []


def test_a_lifetime_budget_is_judged_per_day_of_the_schedule():
    lifetime = dataclasses.replace(CLEAN, budget=dataclasses.replace(CLEAN.budget, kind="lifetime"))
    (problem,) = budget_amount_problems("10", lifetime)  # 10 USD over 20 days
    assert problem.rule_id == "meta.budget.minimum" and "0.50 USD a day" in problem.message
    assert budget_amount_problems("20", lifetime) == []


@pytest.mark.parametrize("objective", ["OUTCOME_SALES", "OUTCOME_LEADS", "OUTCOME_ENGAGEMENT", "OUTCOME_TRAFFIC"])
def test_offsite_conversions_need_a_pixel_and_an_event(objective):
    bare = dataclasses.replace(CLEAN, objective=objective, optimization_goal="OFFSITE_CONVERSIONS", promoted_object={})
    assert {(p.field, p.rule_id) for p in campaign_problems(bare)} == {
        ("campaign.promoted_object.pixel_id", "meta.promoted_object.pixel"),
        ("campaign.promoted_object.custom_event_type", "meta.promoted_object.event")}
    awareness = dataclasses.replace(bare, objective="OUTCOME_AWARENESS", optimization_goal="REACH")
    assert campaign_problems(awareness) == []


def test_lead_ads_need_a_page():
    leads = dataclasses.replace(CLEAN, objective="OUTCOME_LEADS", optimization_goal="LEAD_GENERATION",
                                promoted_object={}, page_id="")
    found = [(p.field, p.rule_id) for p in campaign_problems(leads)]
    assert found == [("campaign.page_id", "meta.promoted_object.page")]
    assert campaign_problems(dataclasses.replace(leads, page_id="104857600012345")) == []


def test_app_promotion_needs_the_app_and_its_store_url_as_the_single_link():
    store = "https://play.google.com/store/apps/details?id=com.example.app"
    app = dataclasses.replace(CLEAN, objective="OUTCOME_APP_PROMOTION", optimization_goal="APP_INSTALLS",
                              promoted_object={})
    assert {p.rule_id for p in campaign_problems(app, link_urls=[store])} == {
        "meta.app.application_id", "meta.app.store_url"}
    app = dataclasses.replace(app, promoted_object={"application_id": "2233445566778", "object_store_url": store})
    assert campaign_problems(app, link_urls=[store]) == []
    (problem,) = campaign_problems(app, link_urls=["https://example.com/app"])
    assert problem.rule_id == "meta.app.store_url" and "https://example.com/app" in problem.message
    assert problem.field == "campaign.promoted_object.object_store_url"


def _housing(**targeting):
    return dataclasses.replace(CLEAN, special_ad_categories=("HOUSING",), special_ad_category_country=("US",),
                               targeting={"geo_locations": {"countries": ["US"]}} | targeting)


@pytest.mark.parametrize("targeting, words", [
    ({"age_min": 25}, "ages 18-65+"), ({"age_max": 55}, "ages 18-65+"), ({"genders": [1]}, "all genders"),
    ({"geo_locations": {"zips": [{"key": "US:94304"}]}}, "ZIP or postal code"),
    ({"excluded_geo_locations": {"regions": [{"key": "3847"}]}}, "cannot exclude locations"),
    ({"geo_locations": {"cities": [{"key": "2420379", "radius": 10, "distance_unit": "mile"}]}}, "15 miles"),
    ({"geo_locations": {"cities": [{"key": "2420379", "radius": 20, "distance_unit": "kilometer"}]}}, "15 miles"),
])
def test_housing_forbids_narrow_targeting(targeting, words):
    hits = [p for p in campaign_problems(_housing(**targeting)) if p.rule_id == "meta.special.targeting"]
    assert len(hits) == 1 and words in hits[0].message and "HOUSING" in hits[0].message


def test_housing_takes_the_full_audience_and_wide_radii():
    wide = {"geo_locations": {"cities": [{"key": "2420379", "radius": 25, "distance_unit": "kilometer"}]},
            "age_min": 18, "age_max": 65, "genders": [1, 2]}
    assert campaign_problems(_housing(**wide)) == []
    politics = dataclasses.replace(_housing(age_min=30), special_ad_categories=("ISSUES_ELECTIONS_POLITICS",))
    assert campaign_problems(politics) == []  # no audience limits of this kind


def test_none_is_alone():
    both = dataclasses.replace(CLEAN, special_ad_categories=("NONE", "CREDIT"), special_ad_category_country=("US",))
    assert "meta.special.category" in {p.rule_id for p in campaign_problems(both)}


def test_min_roas_needs_a_floor_the_studio_cannot_set():
    roas = dataclasses.replace(CLEAN, bid_strategy="LOWEST_COST_WITH_MIN_ROAS")
    (problem,) = campaign_problems(roas)
    assert problem.rule_id == "meta.bid.amount" and "roas_average_floor" in problem.message


def test_manual_placements_must_deliver_each_previewed_placement():
    feeds = dataclasses.replace(CLEAN, placements={"publisher_platforms": ["facebook", "instagram"],
                                                    "facebook_positions": ["feed"], "instagram_positions": ["stream"]})
    assert campaign_problems(feeds, preview_placements=["feed-square", "feed-portrait", "carousel"]) == []
    (problem,) = campaign_problems(feeds, preview_placements=["feed-square", "story"])
    assert problem.rule_id == "meta.placements.undelivered" and "Story 9:16" in problem.message
    # A platform chosen without its position list delivers in all its positions.
    instagram = dataclasses.replace(CLEAN, placements={"publisher_platforms": ["instagram"]})
    assert campaign_problems(instagram, preview_placements=["story", "feed-square"]) == []
    assert campaign_problems(dataclasses.replace(CLEAN, placements=None), preview_placements=placement_ids()) == []


@pytest.mark.parametrize("targeting, placements", [
    ({"geo_locations": {"countries": 7}}, None),
    ({"geo_locations": {"countries": "US"}, "genders": [1, {"a": 1}], "age_min": "x", "age_max": [3]}, None),
    ({"geo_locations": {"cities": [{"key": "1", "radius": "far"}, 5, {"radius": float("nan")}]}, "age_min": 18.5}, {}),
    ({"geo_locations": [], "excluded_geo_locations": {"zips": 3}}, {"publisher_platforms": "facebook",
                                                                    "facebook_positions": {"feed": 1}}),
    ([], {"publisher_platforms": [["facebook"]], "instagram_positions": 5}),
])
def test_odd_values_from_a_file_become_problems_never_a_crash(targeting, placements):
    odd = dataclasses.replace(CLEAN, targeting=targeting, placements=placements,
                              special_ad_categories=("HOUSING", "NONE"), special_ad_category_country=("US",))
    problems = campaign_problems(odd, preview_placements=placement_ids())
    assert problems and all(p.rule_id in RULES and p.message for p in problems)
