"""Judging each asset from the insights store: its figures, posteriors and label.

This is the query API the CLI report and the window's Insights panel share: ``judge(store,
project)`` returns a ``Judgement`` with one ``AssetVerdict`` per asset (an asset edited since it
was published is its own row, ``version == "earlier"``), a daily series per asset, the analytics
combinations and the notes every view must show (directional data, the carousel caveat, a slow
budget). The label rules are in docs/insights.md; the numbers are stats.py's.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dcstudio.core.insights import stats
from dcstudio.core.insights.days import day_span, days_before
from dcstudio.core.insights.store import InsightsStore

LEARNING, LOW, GOOD, BEST = "Learning", "Low", "Good", "Best"
LABELS = (BEST, GOOD, LOW, LEARNING)
MIN_AD_DAYS = 7  # days an ad runs before any of its assets leaves Learning
MIN_IMPRESSIONS = 1000  # an asset's impressions before it is judged
MIN_CLICKS = 10  # and its clicks
MIN_CONVERSION_CLICKS = 100  # clicks before a conversion rate is judged
BEST_PROBABILITY = 0.95  # P(best of its kind) a Best needs now ...
BEST_EARLIER_PROBABILITY = 0.90  # ... and on the data without its last days (no winner from one look)
STABILITY_DAYS = 3
SLOW_BUDGET = Decimal("20")  # a day, in currencies whose unit is about a US dollar
DOLLAR_LIKE = ("USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SGD")
CONVERSION_ACTIONS = ("offsite_conversion.fb_pixel_purchase", "purchase", "omni_purchase", "lead",
                      "offsite_conversion.fb_pixel_lead", "complete_registration")
KIND_TITLES = {"image": "Images", "video": "Videos", "title": "Headlines", "body": "Primary texts",
               "description": "Descriptions", "call_to_action": "Calls to action", "link_url": "Links",
               "ad_format": "Ad formats"}

DIRECTIONAL = ("Directional, not a randomized test: the platform chose which combinations and audiences saw "
               "each asset, so an asset's figures mix its own effect with that choice.")
CAROUSEL_CAVEAT = ("Carousel: Meta adds the impressions of the assets inside the cards to the first card's, "
                   "so a carousel's per-asset impressions and CTR are not comparable card by card.")


@dataclass(frozen=True)
class DayPoint:
    day: str
    impressions: int
    clicks: int
    spend: float
    conversions: int


@dataclass(frozen=True)
class AssetVerdict:
    key: str  # "kind:project id or meta-<asset id>:version": a row's stable key in every view
    kind: str
    project_id: str | None  # the asset's id in the project ("img1"); None when the journal does not know it
    version: str  # "current", or "earlier" for an asset edited since the ad showed it
    name: str
    label: str
    reason: str  # why that label, in words
    impressions: int
    clicks: int
    spend: float
    conversions: int
    ctr: stats.Rate
    p_best: float | None  # of its kind, CTR; None while it is learning
    likely_worse: bool
    conversion: stats.Rate | None = None  # conversions per click for the judgement's action type
    p_best_conversion: float | None = None
    ad_ids: tuple[str, ...] = ()
    first_day: str = ""
    last_day: str = ""
    ad_days: int = 0

    def as_json(self) -> dict:
        def rate(r):
            return None if r is None else {"value": r.observed, "mean": r.mean, "interval_90": [r.low, r.high],
                                           "successes": r.successes, "trials": r.trials}

        return {"id": self.project_id, "key": self.key, "kind": self.kind, "version": self.version,
                "name": self.name, "label": self.label, "reason": self.reason,
                "metrics": {"impressions": self.impressions, "clicks": self.clicks, "spend": round(self.spend, 2),
                            "conversions": self.conversions},
                "ctr": rate(self.ctr), "conversion_rate": rate(self.conversion), "p_best": self.p_best,
                "p_best_conversion": self.p_best_conversion, "likely_worse": self.likely_worse,
                "ads": list(self.ad_ids), "first_day": self.first_day, "last_day": self.last_day,
                "ad_days": self.ad_days}


@dataclass(frozen=True)
class CombinationVerdict:
    asset_ids: tuple[str, ...]
    sessions: int
    conversions: int
    revenue: float
    rate: stats.Rate  # conversions per session
    p_best: float

    def as_json(self) -> dict:
        return {"assets": list(self.asset_ids), "sessions": self.sessions, "conversions": self.conversions,
                "revenue": round(self.revenue, 2), "conversion_rate": self.rate.observed,
                "interval_90": [self.rate.low, self.rate.high], "p_best": self.p_best}


@dataclass
class Judgement:
    assets: list[AssetVerdict]
    series: dict[str, list[DayPoint]]
    combinations: list[CombinationVerdict]
    notes: list[str]
    action_type: str | None
    first_day: str = ""
    last_day: str = ""
    by_kind: dict[str, list[AssetVerdict]] = field(default_factory=dict)

    def badges(self) -> dict[str, str]:
        """project asset id -> the label of its current version (the pool rows' badges)."""
        return {a.project_id: a.label for a in self.assets if a.project_id and a.version == "current"}

    def daily(self, key: str) -> list[DayPoint]:
        return self.series.get(key, [])

    def as_json(self) -> dict:
        return {"action_type": self.action_type, "first_day": self.first_day, "last_day": self.last_day,
                "notes": self.notes, "assets": [a.as_json() for a in self.assets],
                "combinations": [c.as_json() for c in self.combinations]}


def pick_action_type(seen) -> str | None:
    """The first of CONVERSION_ACTIONS among the action types ``seen``."""
    return next((a for a in CONVERSION_ACTIONS if a in seen), None)


@dataclass
class _Unit:
    key: str
    kind: str
    project_id: str | None
    version: str
    name: str
    days: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0.0, 0]))
    ads: set = field(default_factory=set)


def budget_note(project) -> str | None:
    budget = getattr(getattr(project, "campaign", None), "budget", None)
    if budget is None or budget.kind != "daily" or budget.currency not in DOLLAR_LIKE:
        return None
    if Decimal(str(budget.amount)) < SLOW_BUDGET:
        return (f"The daily budget is {budget.amount} {budget.currency}, under {SLOW_BUDGET} a day: learning will "
                "be slow, and assets may stay in Learning for weeks.")
    return None


def judge(store: InsightsStore, project=None, *, action_type: str | None = None, seed: int = 0,
          draws: int = stats.DRAWS) -> Judgement:
    """Every asset of the store judged (see the module's docstring)."""
    links = store.links()
    ads = store.ads()
    action_type = action_type or pick_action_type(store.action_types())
    units: dict[str, _Unit] = {}
    ad_span: dict[str, list[str]] = {}
    for ad_id, kind, asset_key, day_text, impressions, clicks, spend, conv in store.judged_rows(action_type):
        link = links.get((ad_id, kind, asset_key))
        if link is not None and link.project_id:
            pid, version, name = link.project_id, ("current" if link.current else "earlier"), link.name
        else:
            pid, version = None, "current"
            name = link.name if link else f"Meta asset {asset_key}"
        key = f"{kind}:{pid or 'meta-' + asset_key}:{version}"
        if version == "earlier":
            key += f":{link.version}"
        unit = units.get(key)
        if unit is None:
            unit = units[key] = _Unit(key, kind, pid, version, name)
        day = unit.days[day_text]
        day[0] += impressions
        day[1] += clicks
        day[2] += spend
        day[3] += conv
        unit.ads.add(ad_id)
        if impressions > 0:
            span = ad_span.setdefault(ad_id, [day_text, day_text])
            span[0], span[1] = min(span[0], day_text), max(span[1], day_text)
    ad_days = {ad: day_span(*span) for ad, span in ad_span.items()}
    all_days = sorted({d for u in units.values() for d in u.days})
    first_day, last_day = (all_days[0], all_days[-1]) if all_days else ("", "")
    cutoff = days_before(last_day, STABILITY_DAYS) if last_day else ""

    verdicts: list[AssetVerdict] = []
    by_kind: dict[str, list[_Unit]] = defaultdict(list)
    for unit in units.values():
        by_kind[unit.kind].append(unit)
    for kind in sorted(by_kind, key=lambda k: list(KIND_TITLES).index(k) if k in KIND_TITLES else 99):
        verdicts.extend(_judge_kind(by_kind[kind], ad_days, cutoff, seed, draws))
    series = {u.key: [DayPoint(d, *u.days[d][:2], round(u.days[d][2], 2), u.days[d][3]) for d in sorted(u.days)]
              for u in units.values()}
    notes = [DIRECTIONAL]
    formats = {a.ad_format for a in ads.values()} | {u.name for u in by_kind.get("ad_format", [])}
    if "CAROUSEL" in formats or getattr(project, "ad_format", "") == "CAROUSEL":
        notes.append(CAROUSEL_CAVEAT)
    slow = budget_note(project)
    if slow:
        notes.append(slow)
    if ad_days and max(ad_days.values()) < MIN_AD_DAYS:
        notes.append(f"No ad has run {MIN_AD_DAYS} days yet: every asset is still Learning, whatever it shows now.")
    combos = _judge_combinations(store, seed, draws)
    judgement = Judgement(verdicts, series, combos, notes, action_type, first_day, last_day)
    for verdict in verdicts:
        judgement.by_kind.setdefault(verdict.kind, []).append(verdict)
    return judgement


def _totals(unit: _Unit, until: str | None = None) -> tuple[int, int, float, int]:
    imp = clk = conv = 0
    spend = 0.0
    for day, (i, c, s, v) in unit.days.items():
        if until is None or day <= until:
            imp, clk, spend, conv = imp + i, clk + c, spend + s, conv + v
    return imp, clk, spend, conv


def _judge_kind(units: list[_Unit], ad_days: dict[str, int], cutoff: str, seed: int, draws: int):
    totals = [_totals(u) for u in units]
    ran = [max((ad_days.get(ad, 0) for ad in u.ads), default=0) for u in units]
    learning_reason = []
    for (imp, clk, _, _), days in zip(totals, ran, strict=True):
        why = []
        if days < MIN_AD_DAYS:
            why.append(f"its ad has run {days} of {MIN_AD_DAYS} days")
        if imp < MIN_IMPRESSIONS:
            why.append(f"{imp:,} of {MIN_IMPRESSIONS:,} impressions")
        if clk < MIN_CLICKS:
            why.append(f"{clk} of {MIN_CLICKS} clicks")
        learning_reason.append(why)
    ctr = stats.posteriors([(c, i) for i, c, _, _ in totals], seed=seed, draws=draws)
    judged = [k for k, why in enumerate(learning_reason) if not why]
    counts = [(totals[k][1], totals[k][0]) for k in judged]
    worse = dict(zip(judged, stats.likely_worse(counts), strict=True))
    best = dict(zip(judged, stats.prob_best(counts, seed=seed, draws=draws), strict=True))
    earlier_counts = [(_totals(units[k], cutoff)[1], _totals(units[k], cutoff)[0]) for k in judged]
    earlier = dict(zip(judged, stats.prob_best(earlier_counts, seed=seed + 1, draws=draws), strict=True))
    conv_ok = [k for k in judged if totals[k][1] >= MIN_CONVERSION_CLICKS]
    conv_rates = stats.posteriors([(totals[k][3], totals[k][1]) for k in range(len(units))], seed=seed + 2,
                                  draws=draws)
    conv_best = dict(zip(conv_ok, stats.prob_best([(totals[k][3], totals[k][1]) for k in conv_ok],
                                                  seed=seed + 3, draws=draws), strict=True))
    out = []
    for k, unit in enumerate(units):
        imp, clk, spend, conv = totals[k]
        if learning_reason[k]:
            label, reason = LEARNING, "Learning: " + ", ".join(learning_reason[k])
        elif len(judged) < 2:
            label, reason = GOOD, "Good: the only asset of its kind out of Learning, nothing to compare it with"
        elif worse[k]:
            label, reason = LOW, "Low: likely worse than the rest of its kind (Benjamini-Hochberg, 5% false discovery)"
        elif best[k] >= BEST_PROBABILITY and earlier[k] >= BEST_EARLIER_PROBABILITY:
            label, reason = BEST, (f"Best: {best[k]:.0%} likely the best of its kind, and {earlier[k]:.0%} "
                                   f"on the data without its last {STABILITY_DAYS} days")
        elif best[k] >= BEST_PROBABILITY:
            label, reason = GOOD, (f"Good: {best[k]:.0%} likely the best now, but only {earlier[k]:.0%} without "
                                   f"the last {STABILITY_DAYS} days: not a winner from one look")
        else:
            label, reason = GOOD, f"Good: not likely worse than the rest; {best[k]:.0%} likely the best"
        days = sorted(unit.days)
        out.append(AssetVerdict(
            unit.key, unit.kind, unit.project_id, unit.version, unit.name, label, reason, imp, clk, spend, conv,
            ctr[k], best.get(k), worse.get(k, False),
            conv_rates[k] if clk else None, conv_best.get(k), tuple(sorted(unit.ads)),
            days[0] if days else "", days[-1] if days else "", ran[k]))
    return out


def _judge_combinations(store: InsightsStore, seed: int, draws: int) -> list[CombinationVerdict]:
    totals: dict[tuple[str, ...], list] = defaultdict(lambda: [0, 0, 0.0])
    for row in store.combinations():
        t = totals[row.combination]
        t[0] += row.sessions
        t[1] += row.conversions
        t[2] += row.revenue
    keys = sorted(totals, key=lambda c: -totals[c][0])
    counts = [(totals[c][1], totals[c][0]) for c in keys]
    rates = stats.posteriors(counts, seed=seed + 4, draws=draws)
    best = stats.prob_best(counts, seed=seed + 5, draws=draws)
    return [CombinationVerdict(c, totals[c][0], totals[c][1], totals[c][2], r, b)
            for c, r, b in zip(keys, rates, best, strict=True)]
