"""The one rule set for the campaign settings: what the form says next to a field as it is typed,
what the linter reports, and what ``dcstudio new`` refuses, all from ``campaign_problems``.

Each problem names the dotted project path of its field ("campaign.page_id",
"campaign.promoted_object.pixel_id", ...) and a rule id of dcstudio/core/lint/rules.py with the
same severity. The form checks a typed value by building ``dataclasses.replace(settings, ...)``
and showing the problems whose ``field`` starts with the widget's field; a typed budget amount
that is no Budget at all (0, -5, "abc") goes through ``budget_amount_problems``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from dcstudio.core.model.campaign import (
    ASSUMED_RATES,
    RATE_MARGIN,
    BudgetError,
    CampaignSettings,
    check_amount,
    currency_decimals,
)
from dcstudio.core.values.meta_enums import BID_STRATEGIES, CUSTOM_EVENT_TYPES, SPECIAL_AD_CATEGORIES
from dcstudio.core.values.meta_positions import POSITION_KEYS, PUBLISHER_PLATFORMS
from dcstudio.core.values.placements import PLACEMENT_TABLE

__all__ = ["FieldProblem", "budget_amount_problems", "budget_minimum", "campaign_problems", "parse_time",
           "schedule_problems"]


@dataclass(frozen=True)
class FieldProblem:
    field: str      # dotted project path, such as "campaign.promoted_object.pixel_id"
    rule_id: str    # the lint rule id, registered in dcstudio/core/lint/rules.py with the same severity
    severity: str   # "error" | "warning"
    message: str    # in the form's words, naming the value and what is wrong
    hint: str = ""


# Objectives whose Offsite conversions goal optimizes for a pixel event ([DC], AdSet promoted_object).
PIXEL_OBJECTIVES = ("OUTCOME_SALES", "OUTCOME_LEADS", "OUTCOME_ENGAGEMENT", "OUTCOME_TRAFFIC")
APP_OBJECTIVES = ("OUTCOME_APP_PROMOTION", "APP_INSTALLS")
# Lead ads (instant forms) optimize for leads on a Page: promoted_object.page_id.
LEAD_AD_GOALS = ("LEAD_GENERATION", "QUALITY_LEAD")
# Strategies and what each needs besides the budget (AdSet reference, bid_strategy).
BID_AMOUNT_STRATEGIES = ("LOWEST_COST_WITH_BID_CAP", "COST_CAP")
ROAS_STRATEGY = "LOWEST_COST_WITH_MIN_ROAS"
# The categories whose audiences Meta restricts (Business Help 2220749868045706): ages 18-65+, all
# genders, no ZIP or postal codes, no excluded locations, at least a 15-mile radius round a place.
RESTRICTED_AUDIENCE_CATEGORIES = ("HOUSING", "EMPLOYMENT", "CREDIT", "FINANCIAL_PRODUCTS_SERVICES")
MIN_RADIUS_MILES = 15
KM_PER_MILE = Decimal("1.609344")
AGE_MIN, AGE_MAX = 18, 65
# Graph ids are decimal digits; Meta's page, pixel, app and Instagram ids run 10-17 digits today.
# 5-25 leaves room either side without taking a phone number or a typo'd paste.
ID_DIGITS = (5, 25)
# Meta's minimum daily budget for an ad set billed on impressions, USD accounts (the ad account's
# minimum_budgets edge, min_daily_budget_imp = 100 cents). Account-specific and ASSUMED here;
# other currencies at the assumed rate, halved so that a drifted rate never refuses what Meta takes.
MIN_DAILY_BUDGET_USD = Decimal("1.00")

_ID_FIELDS = (
    ("campaign.page_id", "page id", lambda c: c.page_id),
    ("campaign.instagram_user_id", "Instagram account id", lambda c: c.instagram_user_id),
    ("campaign.promoted_object.pixel_id", "pixel id", lambda c: _promoted(c).get("pixel_id")),
    ("campaign.promoted_object.application_id", "application id", lambda c: _promoted(c).get("application_id")),
)
_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def parse_time(value: str) -> datetime:
    """ISO 8601 as the Marketing API writes it (2026-12-01T09:00:00+0000); naive times are UTC."""
    text = value.strip().replace("Z", "+00:00")
    text = _OFFSET.sub(r"\1:\2", text)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _promoted(c: CampaignSettings) -> dict:
    return c.promoted_object if isinstance(c.promoted_object, dict) else {}


def _targeting(c: CampaignSettings) -> dict:
    return c.targeting if isinstance(c.targeting, dict) else {}


def _items(value: Any) -> list:
    """A list the file gave, or the one odd value in it (a file may hold anything there)."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def campaign_problems(campaign: CampaignSettings, *, link_urls: Sequence[str] = (),
                      preview_placements: Sequence[str] = ()) -> list[FieldProblem]:
    """Every problem of the campaign settings, in the order of the form's fields.

    ``link_urls``: the feed's website URLs (app promotion compares the single one with the store
    URL). ``preview_placements``: the studio placement ids the preview shows (each needs delivery
    under a manual placement set)."""
    out: list[FieldProblem] = []
    for check in (_ids, _promoted_object, _app_promotion, _budget, _schedule, _bid, _audience,
                  _special_categories):
        out.extend(check(campaign, link_urls))
    out.extend(_placements(campaign, preview_placements))
    return out


def _ids(c: CampaignSettings, _links) -> list[FieldProblem]:
    out = []
    low, high = ID_DIGITS
    for field, noun, get in _ID_FIELDS:
        value = _text(get(c))
        if not value:
            continue
        if not value.isascii() or not value.isdigit():
            out.append(FieldProblem(field, "meta.id.not_numeric", "error",
                                    f"the {noun} {value!r} is not a number: ids are digits only",
                                    f"paste the {noun} as Meta shows it, such as 104857600012345"))
        elif not low <= len(value) <= high:
            out.append(FieldProblem(field, "meta.id.not_numeric", "error",
                                    f"the {noun} {value!r} has {len(value)} digits: an id has {low} to {high}",
                                    f"check the {noun}: it looks cut short or pasted twice"))
    return out


def needs_pixel(c: CampaignSettings) -> bool:
    return c.objective in PIXEL_OBJECTIVES and c.optimization_goal == "OFFSITE_CONVERSIONS"


def _promoted_object(c: CampaignSettings, _links) -> list[FieldProblem]:
    po = _promoted(c)
    out = []
    goal = f"{c.objective} with {c.optimization_goal}"
    if needs_pixel(c):
        if not _text(po.get("pixel_id")):
            out.append(FieldProblem("campaign.promoted_object.pixel_id", "meta.promoted_object.pixel", "error",
                                    f"no pixel: {goal} optimizes for a pixel event (promoted_object.pixel_id)",
                                    "set the pixel id of the website's Meta pixel"))
        if not _text(po.get("custom_event_type")):
            out.append(FieldProblem("campaign.promoted_object.custom_event_type", "meta.promoted_object.event",
                                    "error", f"no conversion event: {goal} needs the event to optimize for "
                                    "(promoted_object.custom_event_type)", "choose an event such as PURCHASE"))
    event = _text(po.get("custom_event_type"))
    if event and event not in CUSTOM_EVENT_TYPES:
        out.append(FieldProblem("campaign.promoted_object.custom_event_type", "meta.promoted_object.event", "error",
                                f"the conversion event {event!r} is not one Meta knows",
                                "choose one of the list, such as PURCHASE, LEAD or COMPLETE_REGISTRATION"))
    if c.optimization_goal in LEAD_AD_GOALS and not (_text(po.get("page_id")) or _text(c.page_id)):
        out.append(FieldProblem("campaign.page_id", "meta.promoted_object.page", "error",
                                f"no page: lead ads ({c.optimization_goal}) collect leads on a Facebook page "
                                "(promoted_object.page_id)", "set the page id"))
    return out


def _app_promotion(c: CampaignSettings, links: Sequence[str]) -> list[FieldProblem]:
    if c.objective not in APP_OBJECTIVES:
        return []
    po = _promoted(c)
    out = []
    if not _text(po.get("application_id")):
        out.append(FieldProblem("campaign.promoted_object.application_id", "meta.app.application_id", "error",
                                "no application id: app promotion names the app (promoted_object.application_id)",
                                "set the app's id from Meta's App Dashboard"))
    store = _text(po.get("object_store_url"))
    if not store:
        out.append(FieldProblem("campaign.promoted_object.object_store_url", "meta.app.store_url", "error",
                                "no store URL: app promotion names the app's store page "
                                "(promoted_object.object_store_url)",
                                "set the App Store or Google Play address of the app"))
    elif len(links) == 1 and links[0] != store:
        out.append(FieldProblem("campaign.promoted_object.object_store_url", "meta.app.store_url", "error",
                                f"the store URL {store!r} differs from the ad's link {links[0]!r}: dynamic "
                                "creative for app promotion takes one link, the store URL",
                                "make the link and the store URL the same address"))
    return out


def budget_minimum(currency: str) -> Decimal:
    """The smallest daily budget accepted in ``currency``, in its major unit."""
    code = currency.upper()
    step = Decimal(1).scaleb(-currency_decimals(code))
    rate = ASSUMED_RATES.get(code)
    if rate is None:
        return step  # no rate to judge by: anything Meta can be sent at all
    if code == "USD":
        return MIN_DAILY_BUDGET_USD
    floor = MIN_DAILY_BUDGET_USD * rate / RATE_MARGIN
    return max(step, (floor // step) * step)


def _minimum_words(currency: str) -> str:
    code = currency.upper()
    minimum = f"{budget_minimum(code):f} {code}"
    if code == "USD":
        return f"the minimum is {minimum} a day"
    if code not in ASSUMED_RATES:
        return f"the minimum is {minimum} ({code} has no assumed rate)"
    return (f"the minimum is {minimum} a day (half of Meta's {MIN_DAILY_BUDGET_USD} USD at the assumed rate "
            f"of {ASSUMED_RATES[code]} {code} per USD)")


def budget_amount_problems(value: Any, campaign: CampaignSettings) -> list[FieldProblem]:
    """The problems of a budget amount as typed (a string or a number), for the form and the CLI:
    also 0, negative and non-numbers, which are no Budget at all."""
    field = "campaign.budget.amount"
    currency = campaign.budget.currency
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        return [FieldProblem(field, "meta.budget.minimum", "error", f"the budget {str(value)!r} is not a number",
                             f"type an amount such as 40.00; {_minimum_words(currency)}")]
    if not amount.is_finite() or amount <= 0:
        return [FieldProblem(field, "meta.budget.minimum", "error",
                             f"the budget {str(value).strip()!r} is not more than 0: {_minimum_words(currency)}",
                             "type a positive amount")]
    try:
        check_amount(amount, currency)
    except BudgetError as exc:
        rule = "meta.budget.ceiling" if exc.kind == "ceiling" else "meta.budget.decimals"
        hint = ("check the amount: a budget this high is refused by Meta and by the export" if exc.kind == "ceiling"
                else "round it to a whole number" if currency_decimals(currency) == 0 else "round it to 2 decimals")
        return [FieldProblem(field, rule, "error", str(exc), hint)]
    per_day = amount
    if campaign.budget.kind == "lifetime":
        days = _days(campaign)
        if days is None or days <= 0:
            return []  # the schedule's own problem says what is wrong
        per_day = amount / Decimal(str(max(days, 1.0)))
    if per_day < budget_minimum(currency):
        how = "" if campaign.budget.kind == "daily" else f" ({amount} {currency} over {_days(campaign):.1f} days)"
        longer = "" if campaign.budget.kind == "daily" else ", or shorten the schedule"
        return [FieldProblem(field, "meta.budget.minimum", "error",
                             f"the budget is {per_day:.2f} {currency} a day{how}: {_minimum_words(currency)}",
                             "raise the budget" + longer)]
    return []


def _budget(c: CampaignSettings, _links) -> list[FieldProblem]:
    return budget_amount_problems(c.budget.amount, c)


def _days(c: CampaignSettings) -> float | None:
    try:
        if not c.end_time:
            return None
        start = parse_time(c.start_time) if c.start_time else datetime.now(timezone.utc)
        return (parse_time(c.end_time) - start).total_seconds() / 86400
    except ValueError:
        return None


def _schedule(c: CampaignSettings, _links) -> list[FieldProblem]:
    return schedule_problems(c)


def schedule_problems(c: CampaignSettings) -> list[FieldProblem]:
    """Unreadable start or end, an end not after the start, a lifetime budget without an end."""
    moments = {}
    for name in ("start_time", "end_time"):
        value = getattr(c, name)
        if value:
            try:
                moments[name] = parse_time(value)
            except ValueError:
                return [FieldProblem(f"campaign.{name}", "meta.schedule.invalid", "error",
                                     f"campaign.{name} {value!r} is not a date and time Meta can read",
                                     "write it as 2026-12-01T09:00:00+0000")]
    if "end_time" in moments and (moments["end_time"] - moments.get("start_time", datetime.now(timezone.utc))
                                  ).total_seconds() <= 0:
        return [FieldProblem("campaign.end_time", "meta.schedule.invalid", "error",
                             f"the end {c.end_time} is not after the start "
                             f"{c.start_time or '(now: the campaign starts when published)'}",
                             "set the end time after the start time")]
    if c.budget.kind == "lifetime" and not c.end_time:
        return [FieldProblem("campaign.end_time", "meta.schedule.lifetime_end", "error",
                             "a lifetime budget needs an end time", "set an end time, or make the budget daily")]
    return []


def _bid(c: CampaignSettings, _links) -> list[FieldProblem]:
    if c.bid_strategy not in BID_STRATEGIES:
        return [FieldProblem("campaign.bid_strategy", "meta.bid.strategy", "error",
                             f"the bid strategy {c.bid_strategy!r} is not one Meta knows",
                             f"choose one of {', '.join(BID_STRATEGIES)}")]
    out = []
    amount = c.bid_amount
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0):
        out.append(FieldProblem("campaign.bid_amount", "meta.bid.amount", "error",
                                f"the bid amount {amount!r} is not a whole number of minor units more than 0",
                                f"type it in {c.budget.currency} cents, such as 250 for 2.50"))
    elif c.bid_strategy in BID_AMOUNT_STRATEGIES and amount is None:
        what = "a cost cap" if c.bid_strategy == "COST_CAP" else "a bid cap"
        out.append(FieldProblem("campaign.bid_amount", "meta.bid.amount", "error",
                                f"no bid amount: the {c.bid_strategy} strategy needs {what} (bid_amount)",
                                "set the amount, or choose LOWEST_COST_WITHOUT_CAP"))
    if c.bid_strategy == ROAS_STRATEGY:
        # A ROAS floor goes in bid_constraints.roas_average_floor, which the studio does not hold.
        out.append(FieldProblem("campaign.bid_strategy", "meta.bid.amount", "error",
                                f"the {ROAS_STRATEGY} strategy needs a minimum ROAS "
                                "(bid_constraints.roas_average_floor), which the studio cannot set",
                                "choose another strategy, or set the floor in Ads Manager after publishing"))
    return out


def _age(targeting: dict, key: str):
    value = targeting.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _audience(c: CampaignSettings, _links) -> list[FieldProblem]:
    t = _targeting(c)
    out = []
    for key in ("age_min", "age_max"):
        value = t.get(key)
        if value is None:
            continue
        words = "the minimum age" if key == "age_min" else "the maximum age"
        if _age(t, key) is None or not AGE_MIN <= value <= AGE_MAX:
            what = "is not a whole number" if _age(t, key) is None else f"is outside {AGE_MIN}-{AGE_MAX}"
            out.append(FieldProblem(f"campaign.targeting.{key}", "meta.targeting.age", "error",
                                    f"{words} {value!r} {what}",
                                    f"choose an age from {AGE_MIN} to {AGE_MAX} (65 means 65 and over)"))
    low, high = _age(t, "age_min"), _age(t, "age_max")
    if low is not None and high is not None and AGE_MIN <= low <= AGE_MAX and AGE_MIN <= high <= AGE_MAX \
            and low > high:
        # One problem for the range, not one per age: reported at the minimum.
        out.append(FieldProblem("campaign.targeting.age_min", "meta.targeting.age", "error",
                                f"the age range {low}-{high} is empty: the minimum is over the maximum",
                                "make the maximum age at least the minimum"))
    geo = t.get("geo_locations") if isinstance(t.get("geo_locations"), dict) else {}
    for code in _items(geo.get("countries")):
        if not isinstance(code, str) or not _COUNTRY.match(code):
            out.append(FieldProblem("campaign.targeting.geo_locations", "meta.targeting.country", "error",
                                    f"the country {code!r} is not a two-letter country code",
                                    "use codes such as US, CA or DE"))
    if not any(geo.get(k) for k in ("countries", "regions", "cities", "zips", "custom_locations",
                                     "geo_markets", "country_groups")):
        out.append(FieldProblem("campaign.targeting.geo_locations", "meta.targeting.country", "error",
                                "no location: an ad set targets at least one country, region or city",
                                "add a country such as US"))
    return out


def _radius_miles(place: dict) -> Decimal | None:
    try:
        radius = Decimal(str(place.get("radius")))
    except InvalidOperation:
        return None
    if not radius.is_finite():
        return None
    return radius / KM_PER_MILE if str(place.get("distance_unit", "mile")).startswith("kilo") else radius


def _special_categories(c: CampaignSettings, _links) -> list[FieldProblem]:
    cats = tuple(c.special_ad_categories)
    out = []
    field = "campaign.special_ad_categories"
    for cat in cats:
        if cat not in SPECIAL_AD_CATEGORIES:
            out.append(FieldProblem(field, "meta.special.category", "error",
                                    f"the special ad category {cat!r} is not one Meta knows",
                                    f"choose from {', '.join(SPECIAL_AD_CATEGORIES)}"))
    if "NONE" in cats and len(cats) > 1:
        out.append(FieldProblem(field, "meta.special.category", "error",
                                "special ad categories NONE and " + ", ".join(str(x) for x in cats if x != "NONE")
                                + " together: NONE means no category", "remove NONE, or the other categories"))
    declared = [x for x in cats if x != "NONE"]
    if declared and not c.special_ad_category_country:
        named = ", ".join(map(str, declared))
        out.append(FieldProblem("campaign.special_ad_category_country", "meta.special.country", "error",
                                f"no country for the special ad category {named}: Meta asks where it applies "
                                "(special_ad_category_country)", "add the countries, such as US"))
    for code in c.special_ad_category_country:
        if not isinstance(code, str) or not _COUNTRY.match(code):
            out.append(FieldProblem("campaign.special_ad_category_country", "meta.special.country", "error",
                                    f"the country {code!r} is not a two-letter country code",
                                    "use codes such as US, CA or DE"))
    restricted = [x for x in declared if x in RESTRICTED_AUDIENCE_CATEGORIES]
    if restricted:
        out.extend(_restricted_audience(c, restricted[0]))
    return out


def _restricted_audience(c: CampaignSettings, cat: str) -> list[FieldProblem]:
    t = _targeting(c)
    out = []
    rule = "meta.special.targeting"
    why = f"a {cat} campaign"
    low, high = t.get("age_min"), t.get("age_max")
    if low not in (None, AGE_MIN):
        out.append(FieldProblem("campaign.targeting.age_min", rule, "error",
                                f"the minimum age {low!r}: {why} must reach ages {AGE_MIN}-{AGE_MAX}+",
                                f"set the minimum age to {AGE_MIN}"))
    if high not in (None, AGE_MAX):
        out.append(FieldProblem("campaign.targeting.age_max", rule, "error",
                                f"the maximum age {high!r}: {why} must reach ages {AGE_MIN}-{AGE_MAX}+",
                                f"set the maximum age to {AGE_MAX}"))
    genders = _items(t.get("genders"))
    if genders and not (len(genders) == 2 and 1 in genders and 2 in genders):
        out.append(FieldProblem("campaign.targeting.genders", rule, "error",
                                f"gender targeting {genders!r}: {why} must reach all genders",
                                "clear the gender choice"))
    geo = t.get("geo_locations") if isinstance(t.get("geo_locations"), dict) else {}
    if geo.get("zips"):
        out.append(FieldProblem("campaign.targeting.geo_locations", rule, "error",
                                f"ZIP or postal code targeting: {why} cannot target by ZIP or postal code",
                                "target the city, region or country instead"))
    if t.get("excluded_geo_locations"):
        out.append(FieldProblem("campaign.targeting.geo_locations", rule, "error",
                                f"excluded locations: {why} cannot exclude locations",
                                "remove the excluded locations"))
    for kind in ("cities", "custom_locations"):
        for place in _items(geo.get(kind)):
            if not isinstance(place, dict) or "radius" not in place:
                continue
            miles = _radius_miles(place)
            if miles is None or miles < MIN_RADIUS_MILES:
                name = place.get("name") or place.get("key") or "a place"
                unit = place.get("distance_unit", "mile")
                out.append(FieldProblem("campaign.targeting.geo_locations", rule, "error",
                                        f"the radius {place.get('radius')!r} {unit} round {name}: {why} reaches "
                                        f"at least {MIN_RADIUS_MILES} miles round a place",
                                        f"set the radius to {MIN_RADIUS_MILES} miles (25 kilometers) or more"))
    return out


def _delivers(spec: dict, key: str, position: str) -> bool:
    platform = POSITION_KEYS[key][0]
    platforms = spec.get("publisher_platforms")
    if platforms is not None and platform not in _items(platforms):
        return False
    positions = spec.get(key)
    # A platform chosen without a list of its positions delivers in all of them.
    return positions is None or position in _items(positions)


def delivers(placements: dict | None, placement_id: str) -> bool:
    """Whether an ad set's placements (None: Advantage+) deliver to a preview placement; one with
    no Meta positions (none in the table) is taken as delivered."""
    p = PLACEMENT_TABLE.get(placement_id)
    if placements is None or not isinstance(placements, dict) or p is None or not p.meta_positions:
        return True
    return any(_delivers(placements, key, position) for key, position in p.meta_positions)


def _placements(c: CampaignSettings, preview_placements: Sequence[str]) -> list[FieldProblem]:
    spec = c.placements
    if spec is None:
        return []  # Advantage+ placements deliver everywhere
    if not isinstance(spec, dict):
        return [FieldProblem("campaign.placements", "meta.placements.undelivered", "error",
                             f"the placements {spec!r} are not a placement set", "choose Advantage+ placements")]
    out = []
    for platform in _items(spec.get("publisher_platforms")):
        if platform not in PUBLISHER_PLATFORMS:
            out.append(FieldProblem("campaign.placements", "meta.placements.unknown", "error",
                                    f"the platform {platform!r} is not one Meta knows",
                                    f"choose from {', '.join(PUBLISHER_PLATFORMS)}"))
    for key, (platform, known) in POSITION_KEYS.items():
        for position in _items(spec.get(key)):
            if position not in known:
                out.append(FieldProblem("campaign.placements", "meta.placements.unknown", "error",
                                        f"the {platform} position {position!r} is not one Meta knows",
                                        f"choose from {', '.join(known)}"))
    for pid in preview_placements:
        p = PLACEMENT_TABLE.get(pid)
        if not delivers(spec, pid):
            where = " or ".join(f"{POSITION_KEYS[key][0]} {position}" for key, position in p.meta_positions)
            out.append(FieldProblem("campaign.placements", "meta.placements.undelivered", "error",
                                    f"the preview shows {p.title}, but the manual placements leave out {where}: "
                                    "that preview has no delivery", f"add {where}, or choose Advantage+ placements"))
    return out
