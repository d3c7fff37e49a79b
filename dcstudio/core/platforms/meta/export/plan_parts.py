"""Pieces both plan builders use (dynamic creative's plan_builder.py, catalog_plan.py)."""
from __future__ import annotations

from dcstudio.core.model.campaign import minor_units
from dcstudio.core.model.campaign_rules import BID_AMOUNT_STRATEGIES
from dcstudio.core.values.errors import BadInputError


def _strings(value, where: str):
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _strings(item, f"{where}[{n}]")


def _budgets(project, n: int) -> list[int]:
    """The project's budget in minor units, shared out evenly over n ad sets (first ones get the rest)."""
    b = project.campaign.budget
    try:
        total = minor_units(b.amount, b.currency)
    except ValueError as exc:
        raise BadInputError(str(exc)) from None
    share, rest = divmod(total, n)
    return [share + (1 if i < rest else 0) for i in range(n)]


def _targeting(campaign) -> dict:
    targeting = dict(campaign.targeting)
    if campaign.placements:  # None = Advantage+ placements: no placement keys at all
        targeting.update(campaign.placements)
    return targeting


def _adset_common(campaign, *, name: str, campaign_id: str, budget: int) -> dict:
    """An ad set's fields every kind of ad sends alike (dynamic creative and catalog ads): its
    name, campaign, goal, billing, bid, budget, schedule and targeting."""
    c = campaign
    params = {
        "name": name,
        "campaign_id": campaign_id,
        "optimization_goal": c.optimization_goal,
        "billing_event": c.billing_event,
        "bid_strategy": c.bid_strategy,
        f"{c.budget.kind}_budget": budget,
    }
    if c.start_time:
        params["start_time"] = c.start_time
    if c.end_time:
        params["end_time"] = c.end_time
    if c.bid_strategy in BID_AMOUNT_STRATEGIES and c.bid_amount is not None:
        params["bid_amount"] = c.bid_amount
    params["targeting"] = _targeting(c)
    return params
