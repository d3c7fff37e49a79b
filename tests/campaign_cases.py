"""The campaign settings' table of bad values, shared by the rule set's tests, the `dcstudio new`
flag tests and the Campaign form's tests: each row is a value as a person types it into that
field, and the rule it breaks. ``apply_case`` puts a typed value where the project keeps it."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from dcstudio.core.model.campaign import Budget, CampaignSettings

# A campaign that breaks no rule: each row changes one field of it.
CLEAN = CampaignSettings(
    budget=Budget("daily", Decimal("40.00"), "USD"), page_id="104857600012345",
    start_time="2026-12-01T09:00:00+0000", end_time="2026-12-21T09:00:00+0000",
    targeting={"geo_locations": {"countries": ["US"]}, "age_min": 18, "age_max": 65},
    promoted_object={"pixel_id": "1122334455667788", "custom_event_type": "PURCHASE"})

# (field, bad value as typed, rule id)
CASES = [
    ("campaign.page_id", "my-page abc", "meta.id.not_numeric"),
    ("campaign.page_id", "1234", "meta.id.not_numeric"),
    ("campaign.page_id", "1" * 26, "meta.id.not_numeric"),
    ("campaign.instagram_user_id", "@spring_shop", "meta.id.not_numeric"),
    ("campaign.promoted_object.pixel_id", "pixel-42", "meta.id.not_numeric"),
    ("campaign.promoted_object.pixel_id", "", "meta.promoted_object.pixel"),
    ("campaign.promoted_object.custom_event_type", "BUY_STUFF", "meta.promoted_object.event"),
    ("campaign.promoted_object.custom_event_type", "", "meta.promoted_object.event"),
    ("campaign.targeting.age_min", "16", "meta.targeting.age"),
    ("campaign.targeting.age_max", "70", "meta.targeting.age"),
    ("campaign.targeting.geo_locations", "USA", "meta.targeting.country"),
    ("campaign.budget.amount", "-5", "meta.budget.minimum"),
    ("campaign.budget.amount", "0", "meta.budget.minimum"),
    ("campaign.budget.amount", "0.50", "meta.budget.minimum"),
    ("campaign.bid_amount", "0", "meta.bid.amount"),
    ("campaign.bid_strategy", "TARGET_COST", "meta.bid.strategy"),
    ("campaign.special_ad_categories", "LOTTERY", "meta.special.category"),
    ("campaign.special_ad_category_country", "USA", "meta.special.country"),
    ("campaign.end_time", "2026-11-30T09:00:00+0000", "meta.schedule.invalid"),
]

# (other fields as typed first, field, bad value as typed, rule id): values wrong only together.
CONTEXT_CASES = [
    ({"campaign.targeting.age_max": "30"}, "campaign.targeting.age_min", "40", "meta.targeting.age"),
    ({"campaign.bid_strategy": "COST_CAP"}, "campaign.bid_amount", "", "meta.bid.amount"),
    ({"campaign.bid_strategy": "LOWEST_COST_WITH_BID_CAP"}, "campaign.bid_amount", "", "meta.bid.amount"),
    ({"campaign.special_ad_categories": "HOUSING"}, "campaign.special_ad_category_country", "",
     "meta.special.country"),
    ({"campaign.special_ad_categories": "HOUSING", "campaign.special_ad_category_country": "US"},
     "campaign.targeting.age_min", "21", "meta.special.targeting"),
    ({"campaign.special_ad_categories": "EMPLOYMENT", "campaign.special_ad_category_country": "US"},
     "campaign.targeting.age_max", "60", "meta.special.targeting"),
]


def _whole(text: str):
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return text


def apply_case(settings: CampaignSettings, field: str, typed: str) -> CampaignSettings:
    """``settings`` with ``typed`` in ``field``, as the form and the flags put it there. A budget
    amount that is no Budget (0, -5) cannot be set: use ``budget_amount_problems`` for it."""
    name = field.removeprefix("campaign.")
    if name in ("page_id", "instagram_user_id", "start_time", "end_time"):
        return dataclasses.replace(settings, **{name: typed})
    if name in ("bid_strategy",):
        return dataclasses.replace(settings, bid_strategy=typed)
    if name == "bid_amount":
        return dataclasses.replace(settings, bid_amount=_whole(typed))
    if name in ("special_ad_categories", "special_ad_category_country"):
        return dataclasses.replace(settings, **{name: tuple(x for x in [typed] if x)})
    if name.startswith("promoted_object."):
        key = name.split(".", 1)[1]
        promoted = {k: v for k, v in settings.promoted_object.items() if k != key}
        return dataclasses.replace(settings, promoted_object=promoted | ({key: typed} if typed else {}))
    if name in ("targeting.age_min", "targeting.age_max"):
        key = name.split(".", 1)[1]
        targeting = {k: v for k, v in settings.targeting.items() if k != key}
        value = _whole(typed)
        return dataclasses.replace(settings, targeting=targeting | ({key: value} if value is not None else {}))
    if name == "targeting.geo_locations":
        countries = [typed] if typed else []
        return dataclasses.replace(settings, targeting=settings.targeting | {"geo_locations": {"countries": countries}})
    if name == "budget.amount":
        return dataclasses.replace(settings, budget=Budget(settings.budget.kind, typed, settings.budget.currency))
    raise KeyError(field)
