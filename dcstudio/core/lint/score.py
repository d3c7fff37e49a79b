"""The strength score: 0-100 with the reasons that raise or lower it (like Google's Ad Strength).

Points, out of 100: asset counts against the profile's recommendation (65), variety of text
lengths (10), variety of image shapes (10), a choice of calls to action (5), clean crops (10);
near-duplicates cost 5 each (at most 15), and every other warning 2 (at most 10), so fixing a
warning always shows in the score. Every reason says how many points it gave or took.
"""
from __future__ import annotations

from fractions import Fraction

from dcstudio.core.lint.findings import Finding, Score, ScoreReason
from dcstudio.core.lint.rules import CATALOG_AD, GOOGLE, META, TIKTOK
from dcstudio.core.values.profiles import text_limit

# profile -> pool -> (recommended count, points)
COUNT_POINTS = {
    META: {"media": (5, 25), "titles": (5, 15), "bodies": (5, 15), "descriptions": (5, 10)},
    GOOGLE: {"media": (5, 25), "titles": (5, 15), "bodies": (5, 15), "descriptions": (1, 10)},
    TIKTOK: {"media": (10, 35), "bodies": (5, 30)},
}
LENGTH_VARIETY_POOLS = {META: ("titles", "bodies"), GOOGLE: ("titles", "bodies"), TIKTOK: ("bodies",)}
LENGTH_VARIETY_POINTS, SHAPE_POINTS, CTA_POINTS, CROP_POINTS = 10, 10, 5, 10
NEAR_DUPLICATE_COST, NEAR_DUPLICATE_CAP = 5, 15
WARNING_COST, WARNING_CAP = 2, 10
LONG_OVER_SHORT = 1.5  # the longest text at least 1.5 times the shortest counts as variety
_CROP_RULES = ("meta.crop.outside", "meta.crop.ratio", "meta.crop.deprecated_key", "meta.crop.unknown_key",
               "google.image.aspect")
_NEAR_DUPLICATE_RULES = ("assets.near_duplicate", "meta.duplicate")
_NOUN = {"media": "images or videos", "titles": "titles", "bodies": "bodies", "descriptions": "descriptions"}


def _label(value: int) -> str:
    return "Excellent" if value >= 85 else "Good" if value >= 70 else "Average" if value >= 50 else "Poor"


def _media(project) -> list:
    if project.ad_format == "SINGLE_VIDEO":
        return project.pools["videos"]
    if project.ad_format == "AUTOMATIC_FORMAT":
        return project.pools["images"] + project.pools["videos"]
    return project.pools["images"]


# A catalog ad has no pools to count: its points go to the template's texts (Meta fills each for
# every product), a product set that shows products, and warnings, as for dynamic creative.
CATALOG_TEXT_POINTS = {"message": 35, "name": 30, "description": 15}
CATALOG_SET_POINTS = 10
_CATALOG_TEXT_NOUN = {"message": "a primary text", "name": "a headline", "description": "a description"}


def catalog_ad_strength(project, findings: list[Finding]) -> Score:
    template = project.catalog_template
    reasons = []
    for field, points in CATALOG_TEXT_POINTS.items():
        filled = bool(template is not None and getattr(template, field).strip())
        noun = _CATALOG_TEXT_NOUN[field]
        text = f"{noun} filled per product" if filled else f"no {noun.split(' ', 1)[1]} template"
        reasons.append(ScoreReason(text, points if filled else 0))
    broken = [f for f in findings if f.rule_id.startswith("catalog.product_set.") and f.severity == "error"]
    has_set = project.catalog is not None and bool(project.catalog.product_sets)
    if has_set and not broken:
        reasons.append(ScoreReason("the product sets show products", CATALOG_SET_POINTS))
    else:
        reasons.append(ScoreReason("no product set that shows products" if not has_set else
                                   f"{len(broken)} product set problem(s)", 0))
    warnings = [f for f in findings if f.severity == "warning"]
    reasons.append(ScoreReason("no warnings", WARNING_CAP) if not warnings else
                   ScoreReason(f"{len(warnings)} warning(s) to fix", WARNING_CAP - min(WARNING_CAP, WARNING_COST
                                                                                       * len(warnings))))
    value = max(0, min(100, sum(r.effect for r in reasons)))
    return Score(value, _label(value), tuple(reasons))


def strength(project, profile: str, findings: list[Finding]) -> Score:
    if profile == CATALOG_AD:
        return catalog_ad_strength(project, findings)
    reasons: list[ScoreReason] = []
    pools = project.pools
    for pool, (recommended, points) in COUNT_POINTS[profile].items():
        n = len(_media(project)) if pool == "media" else len(pools[pool])
        earned = round(points * min(n, recommended) / recommended)
        more = "" if n >= recommended else f"; add {recommended - n} for +{points - earned}"
        reasons.append(ScoreReason(f"{n} of {recommended} recommended {_NOUN[pool]}{more}", earned))

    share = LENGTH_VARIETY_POINTS // len(LENGTH_VARIETY_POOLS[profile])
    for pool in LENGTH_VARIETY_POOLS[profile]:
        # A text the platform refuses is not part of the mix: a title over the limit must not
        # earn "short and long".
        limit = text_limit(profile, pool)
        lengths = [len(a.text) for a in pools[pool]
                   if a.text.strip() and (limit is None or len(a.text) <= limit.hard)]
        if len(lengths) >= 2 and max(lengths) >= LONG_OVER_SHORT * min(lengths):
            reasons.append(ScoreReason(f"{pool}: short and long ({min(lengths)} to {max(lengths)} characters)", share))
        else:
            reasons.append(ScoreReason(f"{pool}: no mix of short and long texts; one at least 1.5 times another "
                                       f"would give +{share}", 0))

    images = pools["images"] if project.ad_format != "SINGLE_VIDEO" else []
    shapes = {Fraction(max(1, i.width), max(1, i.height)).limit_denominator(20) for i in images}
    kinds = len(shapes) + (1 if project.ad_format == "AUTOMATIC_FORMAT" and pools["videos"] else 0)
    if kinds >= 2:
        reasons.append(ScoreReason(f"media in {kinds} shapes or kinds (square, portrait, video ...)", SHAPE_POINTS))
    else:
        reasons.append(ScoreReason(f"all media share one shape; a 4:5 or 9:16 image would give +{SHAPE_POINTS}", 0))

    ctas = len(pools["call_to_actions"])
    cta_ok = ctas == 1 if profile == TIKTOK else ctas >= 2
    reasons.append(ScoreReason(f"{ctas} call(s) to action"
                               + ("" if cta_ok else f"; a choice of two gives +{CTA_POINTS}"),
                               CTA_POINTS if cta_ok else 0))

    crop_problems = sorted({f.asset_id for f in findings if f.rule_id in _CROP_RULES})
    if crop_problems:
        reasons.append(ScoreReason(f"crops to fix: {', '.join(crop_problems)}", 0))
    else:
        reasons.append(ScoreReason("every crop fits its image and shape", CROP_POINTS))

    near = [f.asset_id for f in findings if f.rule_id in _NEAR_DUPLICATE_RULES]
    if near:
        cost = min(NEAR_DUPLICATE_CAP, NEAR_DUPLICATE_COST * len(near))
        reasons.append(ScoreReason(f"near-duplicates waste slots: {', '.join(near)}", -cost))

    # The warnings the reasons above do not already count.
    warnings = [f for f in findings if f.severity == "warning"
                and f.rule_id not in _CROP_RULES and f.rule_id not in _NEAR_DUPLICATE_RULES]
    if warnings:
        cost = min(WARNING_CAP, WARNING_COST * len(warnings))
        named = sorted({f.asset_id or f.field or f.rule_id for f in warnings})
        reasons.append(ScoreReason(f"{len(warnings)} warning(s) to fix: {', '.join(named)}", -cost))

    value = max(0, min(100, sum(r.effect for r in reasons)))
    return Score(value, _label(value), tuple(reasons))
