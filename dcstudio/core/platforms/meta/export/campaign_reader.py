"""Reading the campaign and ad set calls of a plan.json back into the project's campaign
settings: objective, budgets (summed over the ad sets of a split), bidding, schedule,
targeting and placements."""
from __future__ import annotations

import re
from dataclasses import replace

from dcstudio.core.model.campaign import Budget, major_units
from dcstudio.core.model.project import Project
from dcstudio.core.platforms.meta.export.plan_calls import calls_of, params_of
from dcstudio.core.platforms.meta.export.spec_fields import fail, short

PLACEMENT_KEYS = ("publisher_platforms", "facebook_positions", "instagram_positions",
                  "audience_network_positions", "messenger_positions", "threads_positions", "device_platforms")
# A budget in minor units: 10^15 cents is ten trillion dollars, far past any ad account's
# spend cap, and well inside what Decimal keeps exactly (28 digits).
MAX_BUDGET_MINOR = 10 ** 15


def plan_campaign_settings(project: Project, plan: dict, source, currency: str) -> None:
    """Campaign and ad set settings from the plan's calls (budgets summed over the ad sets).
    ``currency``: the account's, which the calls do not say (their budgets are minor units)."""
    campaigns, adsets = calls_of(plan, "campaign"), calls_of(plan, "adset")
    if not campaigns or not adsets:
        fail(source, "calls", "needs a campaign call and an ad set call")
    camp, first = params_of(campaigns[0], source), params_of(adsets[0], source)
    kind = "lifetime" if "lifetime_budget" in first else "daily"
    minor = 0
    for call in adsets:
        value = params_of(call, source).get(f"{kind}_budget")
        field = f"calls[{call.get('id')}].params.{kind}_budget"
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,15}", value):
            value = int(value)  # as a form field carries it
        # int() would take true as 1 and cut 2.5 to 2: a budget misread is money misspent.
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            fail(source, field, f"must be a positive whole number of minor units, not {short(value)}")
        if value > MAX_BUDGET_MINOR:
            fail(source, field, f"{value:.3e} minor units is above the ceiling of {MAX_BUDGET_MINOR:.0e}")
        minor += value
    if minor > MAX_BUDGET_MINOR:
        fail(source, f"calls: the ad sets' {kind}_budget", f"add up to {minor:,} minor units, above the "
             f"ceiling of {MAX_BUDGET_MINOR:,}")
    budget = Budget(kind, major_units(minor, currency), currency)
    targeting = dict(first.get("targeting") or {})
    placements = {k: targeting.pop(k) for k in PLACEMENT_KEYS if k in targeting} or None
    changes = dict(objective=camp.get("objective"), status=camp.get("status"),
                   special_ad_categories=tuple(camp.get("special_ad_categories") or ()),
                   special_ad_category_country=tuple(camp.get("special_ad_category_country") or ()),
                   buying_type=camp.get("buying_type"), optimization_goal=first.get("optimization_goal"),
                   billing_event=first.get("billing_event"), bid_strategy=first.get("bid_strategy"),
                   start_time=first.get("start_time"), end_time=first.get("end_time"),
                   promoted_object=dict(first.get("promoted_object") or {}))
    for key, value in changes.items():
        ok = isinstance(value, tuple) or isinstance(value, dict) or value is None or isinstance(value, str)
        if not ok or (key.startswith("special_ad_categor") and not all(isinstance(v, str) for v in value)):
            fail(source, f"calls.params.{key}", f"must be text, not {value!r}")
    bid = first.get("bid_amount")
    if bid is not None:
        if isinstance(bid, bool) or not isinstance(bid, int) or not 1 <= bid <= MAX_BUDGET_MINOR:
            fail(source, "calls.params.bid_amount", f"must be a positive whole number of minor units, not "
                 f"{short(bid)}")
        changes["bid_amount"] = bid
    project.update_campaign(budget=budget, targeting=targeting, placements=placements,
                            **{k: v for k, v in changes.items() if v is not None})
    name = camp.get("name")
    if isinstance(name, str) and name and "{" not in name and "}" not in name:
        project.set_export_settings(replace(project.export, naming_template=name))
