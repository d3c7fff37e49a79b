"""Budget and schedule: the $20-a-day floor in the project's currency, a warning far above it,
Meta's maximum, and 7 days to learn.

The rates (``ASSUMED_RATES`` in dcstudio/core/model/campaign.py) are ASSUMED, not live: units of the
currency per US dollar, rounded, as of late 2025. A floor of "about $20" does not need today's
rate; every message names the rate it used so a person can judge. A currency missing there gets
an info finding, never a guess.
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from dcstudio.core.lint.context import LintContext
from dcstudio.core.model.campaign import ASSUMED_RATES
from dcstudio.core.model.campaign_rules import budget_amount_problems, parse_time, schedule_problems

__all__ = ["ASSUMED_RATES", "MAX_DAILY_MULTIPLE", "MIN_DAILY_USD", "MIN_LEARNING_DAYS", "check_schedule_and_budget"]

MIN_DAILY_USD = Decimal("20")
MIN_LEARNING_DAYS = 7
# A day's budget over this many times the floor ($1,000 a day) is a warning: far more than
# testing a handful of assets needs, and what 4000 typed for 40.00 looks like.
MAX_DAILY_MULTIPLE = 50


def schedule_days(campaign, now: datetime | None = None) -> float | None:
    """Days between start (or now) and end; None when there is no end. ValueError on a bad time."""
    if not campaign.end_time:
        return None
    start = parse_time(campaign.start_time) if campaign.start_time else (now or datetime.now(timezone.utc))
    return (parse_time(campaign.end_time) - start).total_seconds() / 86400


def daily_floor(currency: str) -> Decimal | None:
    rate = ASSUMED_RATES.get(currency.upper())
    return None if rate is None else MIN_DAILY_USD * rate


def check_schedule_and_budget(ctx: LintContext) -> None:
    # Unreadable or reversed times, a lifetime budget without an end, and amounts Meta refuses
    # (minimum, ceiling, decimals) are campaign_rules' (checks_campaign); these are the guidelines.
    c = ctx.project.campaign
    budget = c.budget
    if schedule_problems(c):
        return
    refused = {p.rule_id for p in budget_amount_problems(budget.amount, c)}
    over_ceiling = "meta.budget.ceiling" in refused
    days = schedule_days(c)
    if days is not None and days < MIN_LEARNING_DAYS:
        ctx.report("meta.schedule.short", f"the schedule runs {days:.1f} days; dynamic creative needs about "
                   f"{MIN_LEARNING_DAYS} to learn which assets work", field="campaign.end_time",
                   hint=f"run it at least {MIN_LEARNING_DAYS} days before judging the assets")
    floor = daily_floor(budget.currency)
    if floor is None:
        ctx.report("meta.budget.unknown_currency", f"no assumed rate for {budget.currency}: the $20-a-day "
                   "guideline was not checked", field="campaign.budget.currency",
                   hint=f"make sure the budget is worth at least {MIN_DAILY_USD} US dollars a day")
        return
    per_day = budget.amount if budget.kind == "daily" else budget.amount / Decimal(str(max(days, 1.0)))
    rate = ASSUMED_RATES[budget.currency.upper()]
    how = "" if budget.kind == "daily" else f" ({budget.amount} {budget.currency} over {days:.1f} days)"

    def assumed(usd: Decimal) -> str:
        return "" if budget.currency.upper() == "USD" else (
            f" (about {usd * rate:,.2f} {budget.currency} at the assumed rate of {rate} {budget.currency} per USD)")

    if per_day < floor and "meta.budget.minimum" not in refused:
        ctx.report("meta.budget.low", f"the budget is {per_day:.2f} {budget.currency} a day{how}, under "
                   f"$20 a day{assumed(MIN_DAILY_USD)}: too little for the system to test the combinations",
                   field="campaign.budget", hint="raise the budget, or test fewer assets")
    elif per_day > floor * MAX_DAILY_MULTIPLE and not over_ceiling:
        high = MIN_DAILY_USD * MAX_DAILY_MULTIPLE
        ctx.report("meta.budget.high", f"the budget is {per_day:,.2f} {budget.currency} a day{how}, over "
                   f"{MAX_DAILY_MULTIPLE} times the $20-a-day guidance (${high:,} a day{assumed(high)})",
                   field="campaign.budget.amount",
                   hint="check the amount (4000 typed for 40.00 looks like this); if it is meant, leave it")


BUDGET_CHECKS = (check_schedule_and_budget,)
