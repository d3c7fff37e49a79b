"""Exported ad sets carry the promoted object and the targeting each objective needs, and every
field and enum they emit is the official SDK's (AdSet, AdPromotedObject, Targeting and its geo
objects, the campaign's special ad categories and countries)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from facebook_business.adobjects.adpromotedobject import AdPromotedObject
from facebook_business.adobjects.adset import AdSet
from facebook_business.adobjects.campaign import Campaign
from facebook_business.adobjects.targeting import Targeting
from facebook_business.adobjects.targetingautomation import TargetingAutomation
from facebook_business.adobjects.targetinggeolocation import TargetingGeoLocation
from facebook_business.adobjects.targetinggeolocationcity import TargetingGeoLocationCity
from facebook_business.adobjects.targetinggeolocationregion import TargetingGeoLocationRegion

from dcstudio.core.lint import lint
from dcstudio.core.model.assets import LinkAsset
from dcstudio.core.model.project import Project
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.export.spec_reader import plan_campaign_settings
from dcstudio.core.values.meta_enums import DC_OBJECTIVES, DC_OPTIMIZATION_GOALS
from tests.core.lint_projects import STORE

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
PIXEL = {"pixel_id": "1122334455667788", "custom_event_type": "PURCHASE"}
APP = {"application_id": "2233445566778", "object_store_url": STORE}
# What each objective's ad set promotes, with the first goal the dynamic-creative page names for it.
PROMOTED = {"OUTCOME_SALES": PIXEL, "OUTCOME_ENGAGEMENT": PIXEL | {"custom_event_type": "CONTENT_VIEW"},
            "OUTCOME_LEADS": PIXEL | {"custom_event_type": "LEAD"},
            "OUTCOME_TRAFFIC": PIXEL | {"custom_event_type": "ADD_TO_CART"},
            "OUTCOME_AWARENESS": {}, "OUTCOME_APP_PROMOTION": APP}
TARGETING = {"geo_locations": {"countries": ["US", "CA"], "regions": [{"key": "3847"}],
                               "cities": [{"key": "2420379", "radius": 25, "distance_unit": "mile"}]},
             "age_min": 21, "age_max": 60, "genders": [2], "locales": [6, 24],
             "targeting_automation": {"advantage_audience": 0}}


def _fields(sdk_class) -> set[str]:
    return {v for k, v in vars(sdk_class.Field).items() if not k.startswith("_")}


def _values(enum) -> set[str]:
    return {v for k, v in vars(enum).items() if not k.startswith("_")}


@pytest.fixture
def demo(demo_project):
    return demo_project


def _project(demo, objective):
    project = demo
    project.update_campaign(objective=objective, optimization_goal=DC_OPTIMIZATION_GOALS[objective][0],
                            promoted_object=PROMOTED[objective], targeting=TARGETING,
                            instagram_user_id="17841400000000000")
    if objective == "OUTCOME_APP_PROMOTION":
        for link in list(project.pools["link_urls"]):
            project.remove_asset(link.id)
        project.add_asset("link_urls", LinkAsset("", STORE))
    return project


def _calls(plan, kind):
    return [c["params"] for c in plan["calls"] if c["kind"] == kind]


def _check_against_the_sdk(plan):
    (campaign,) = _calls(plan, "campaign")
    assert set(campaign) <= _fields(Campaign)
    assert campaign["objective"] in _values(Campaign.Objective)
    assert set(campaign["special_ad_categories"]) <= _values(Campaign.SpecialAdCategories)
    assert set(campaign.get("special_ad_category_country", ())) <= _values(Campaign.SpecialAdCategoryCountry)
    for adset in _calls(plan, "adset"):
        assert set(adset) <= _fields(AdSet)
        assert adset["optimization_goal"] in _values(AdSet.OptimizationGoal)
        assert adset["billing_event"] in _values(AdSet.BillingEvent)
        assert adset["bid_strategy"] in _values(AdSet.BidStrategy)
        promoted = adset.get("promoted_object", {})
        assert set(promoted) <= _fields(AdPromotedObject)
        if "custom_event_type" in promoted:
            assert promoted["custom_event_type"] in _values(AdPromotedObject.CustomEventType)
        t = adset["targeting"]
        assert set(t) <= _fields(Targeting)
        assert set(t["geo_locations"]) <= _fields(TargetingGeoLocation)
        for city in t["geo_locations"].get("cities", ()):
            assert set(city) <= _fields(TargetingGeoLocationCity)
            # The SDK types distance_unit as a bare string; the targeting reference names these two.
            assert city.get("distance_unit", "mile") in ("mile", "kilometer")
        for region in t["geo_locations"].get("regions", ()):
            assert set(region) <= _fields(TargetingGeoLocationRegion)
        assert set(t.get("targeting_automation", {})) <= _fields(TargetingAutomation)


@pytest.mark.parametrize("objective", DC_OBJECTIVES)
def test_each_objective_exports_its_promoted_object_and_targeting(demo, objective):
    project = _project(demo, objective)
    assert lint(project).errors == []
    plan = build_plan(project, now=NOW)
    (adset,) = _calls(plan, "adset")
    assert adset.get("promoted_object", {}) == PROMOTED[objective]
    assert adset["targeting"] == TARGETING
    assert adset["optimization_goal"] == DC_OPTIMIZATION_GOALS[objective][0]
    _check_against_the_sdk(plan)


def test_the_pixel_error_goes_when_the_pixel_is_set(demo, tmp_path):
    project = _project(demo, "OUTCOME_SALES")
    project.update_campaign(promoted_object={})
    assert {f.rule_id for f in lint(project).errors} == {"meta.promoted_object.pixel", "meta.promoted_object.event"}


def test_lead_ads_promote_the_page_the_ads_run_as(demo, tmp_path):
    project = _project(demo, "OUTCOME_LEADS")
    project.update_campaign(optimization_goal="LEAD_GENERATION", promoted_object={})
    assert lint(project).errors == []
    (adset,) = _calls(build_plan(project, now=NOW), "adset")
    assert adset["promoted_object"] == {"page_id": project.campaign.page_id}


def test_special_categories_bids_and_manual_placements_are_sent_and_read_back(demo, tmp_path):
    project = _project(demo, "OUTCOME_SALES")
    targeting = {"geo_locations": {"countries": ["US"]}, "age_min": 18, "age_max": 65}
    placements = {"publisher_platforms": ["facebook", "instagram"], "facebook_positions": ["feed"],
                  "instagram_positions": ["stream"]}
    project.update_campaign(special_ad_categories=("HOUSING", "CREDIT"), special_ad_category_country=("US", "CA"),
                            targeting=targeting, placements=placements, bid_strategy="COST_CAP", bid_amount=450)
    assert lint(project).errors == []
    plan = build_plan(project, now=NOW)
    (campaign,), (adset,) = _calls(plan, "campaign"), _calls(plan, "adset")
    assert campaign["special_ad_categories"] == ["HOUSING", "CREDIT"]
    assert campaign["special_ad_category_country"] == ["US", "CA"]
    assert adset["bid_amount"] == 450 and adset["bid_strategy"] == "COST_CAP"
    assert adset["targeting"] == targeting | placements
    _check_against_the_sdk(plan)
    read = Project("read back")
    plan_campaign_settings(read, plan, tmp_path / "plan.json", "USD")
    again = read.campaign
    assert (again.special_ad_category_country, again.bid_amount) == (("US", "CA"), 450)
    assert (again.targeting, again.placements) == (targeting, placements)


def test_a_bid_amount_is_not_sent_with_a_strategy_that_takes_none(demo, tmp_path):
    project = _project(demo, "OUTCOME_SALES")
    project.update_campaign(bid_amount=450)
    (adset,) = _calls(build_plan(project, now=NOW), "adset")
    assert "bid_amount" not in adset
