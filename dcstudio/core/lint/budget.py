"""Budget and schedule: the $20-a-day floor in the project's currency, and 7 days to learn.

The rates are ASSUMED, not live: units of the currency per US dollar, rounded, as of late 2025.
A floor of "about $20" does not need today's rate; every message names the rate it used so a
person can judge. A currency missing here gets an info finding, never a guess.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from decimal import Decimal

from dcstudio.core.campaign import currency_decimals, minor_units
from dcstudio.core.lint.context import LintContext

MIN_DAILY_USD = Decimal("20")
MIN_LEARNING_DAYS = 7

ASSUMED_RATES: dict[str, Decimal] = {k: Decimal(v) for k, v in {
    "USD": "1", "EUR": "0.92", "GBP": "0.79", "CHF": "0.88", "CAD": "1.37", "AUD": "1.52",
    "NZD": "1.68", "JPY": "150", "CNY": "7.2", "HKD": "7.8", "TWD": "32", "KRW": "1380",
    "SGD": "1.34", "INR": "84", "IDR": "16000", "MYR": "4.5", "THB": "35", "PHP": "58",
    "VND": "25000", "SEK": "10.6", "NOK": "10.9", "DKK": "6.9", "PLN": "4.0", "CZK": "23",
    "HUF": "370", "RON": "4.6", "TRY": "34", "ILS": "3.7", "AED": "3.67", "SAR": "3.75",
    "ZAR": "18", "EGP": "49", "NGN": "1600", "KES": "129", "BRL": "5.6", "MXN": "19.5",
    "ARS": "1000", "CLP": "950", "COP": "4100", "PEN": "3.75",
}.items()}

_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")


def parse_time(value: str) -> datetime:
    """ISO 8601 as the Marketing API writes it (2026-12-01T09:00:00+0000); naive times are UTC."""
    text = value.strip().replace("Z", "+00:00")
    text = _OFFSET.sub(r"\1:\2", text)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


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
    c = ctx.project.campaign
    budget = c.budget
    try:
        minor_units(budget.amount, budget.currency)
    except ValueError as exc:
        ctx.report("meta.budget.decimals", str(exc), field="campaign.budget.amount",
                   hint="round it to a whole number" if currency_decimals(budget.currency) == 0
                   else "round it to 2 decimals")
    days = None
    try:
        for name in ("start_time", "end_time"):
            if getattr(c, name):
                try:
                    parse_time(getattr(c, name))
                except ValueError:
                    raise ValueError(f"campaign.{name}") from None
        days = schedule_days(c)
    except ValueError as exc:
        ctx.report("meta.schedule.invalid", f"{exc} is not a date and time Meta can read", field=str(exc),
                   hint="write it as 2026-12-01T09:00:00+0000")
        return
    if days is not None and days <= 0:
        ctx.report("meta.schedule.invalid", "the schedule ends before it starts", field="campaign.end_time",
                   hint="set the end time after the start time")
        return
    if days is not None and days < MIN_LEARNING_DAYS:
        ctx.report("meta.schedule.short", f"the schedule runs {days:.1f} days; dynamic creative needs about "
                   f"{MIN_LEARNING_DAYS} to learn which assets work", field="campaign.end_time",
                   hint=f"run it at least {MIN_LEARNING_DAYS} days before judging the assets")
    if budget.kind == "lifetime" and days is None:
        ctx.report("meta.schedule.lifetime_end", "a lifetime budget needs an end time", field="campaign.end_time",
                   hint="set an end time, or make the budget daily")
        return
    floor = daily_floor(budget.currency)
    if floor is None:
        ctx.report("meta.budget.unknown_currency", f"no assumed rate for {budget.currency}: the $20-a-day "
                   "guideline was not checked", field="campaign.budget.currency",
                   hint=f"make sure the budget is worth at least {MIN_DAILY_USD} US dollars a day")
        return
    per_day = budget.amount if budget.kind == "daily" else budget.amount / Decimal(str(max(days, 1.0)))
    if per_day < floor:
        rate = ASSUMED_RATES[budget.currency.upper()]
        how = "" if budget.kind == "daily" else f" ({budget.amount} {budget.currency} over {days:.1f} days)"
        assumed = "" if budget.currency.upper() == "USD" else (
            f" (about {floor:.2f} {budget.currency} at the assumed rate of {rate} {budget.currency} per USD)")
        ctx.report("meta.budget.low", f"the budget is {per_day:.2f} {budget.currency} a day{how}, under "
                   f"$20 a day{assumed}: too little for the system to test the combinations",
                   field="campaign.budget", hint="raise the budget, or test fewer assets")


BUDGET_CHECKS = (check_schedule_and_budget,)
