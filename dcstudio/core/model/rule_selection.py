"""Which assets a placement and a language show, by the project's asset customization rules.

Meta applies one rule to each impression: the rule of highest priority whose customization_spec
the placement (and the viewer's locale) satisfies, and shows only the assets carrying that rule's
labels. The preview does the same for each preview placement, so the Story tile shows the image
labelled for stories, and the count and the contact sheet follow.

Priority: a lower number wins. Meta's Segment Asset Customization page ("Rule Creation") says a
rule without a priority gets its position in the list (the first rule is priority 1) and that the
default rule with the empty customization_spec takes "the lowest priority ... the total number of
rules": with 100 rules plus a default, the default's priority is 101.
(developers.facebook.com/docs/marketing-api/dynamic-creative/segment-asset-customization)
"""
from __future__ import annotations

from dcstudio.core.values.meta_positions import POSITION_KEYS as PLATFORM_OF_KEY
from dcstudio.core.values.placements import placement as placement_of

# A rule's label key -> the project pool whose assets it picks.
LABEL_POOLS = {
    "image_label": "images", "video_label": "videos", "body_label": "bodies", "title_label": "titles",
    "description_label": "descriptions", "link_url_label": "link_urls",
    "call_to_action_label": "call_to_actions", "call_to_action_type_label": "call_to_actions",
}
# Audience conditions a preview has no viewer for: a rule holding one never applies to a preview,
# which shows the fallback, as someone outside that audience would see.
_AUDIENCE_KEYS = ("age_min", "age_max", "geo_locations")


def _priority(rule: dict, position: int) -> int:
    return rule["priority"] if "priority" in rule else position + 1


def _fits_placement(spec: dict, positions) -> bool:
    keys = [k for k in PLATFORM_OF_KEY if k in spec]
    platforms = spec.get("publisher_platforms")
    if platforms is None and not keys:
        return True  # no placement condition: every placement
    for key, position in positions:
        platform = PLATFORM_OF_KEY[key][0]
        if platforms is not None and platform not in platforms:
            continue
        if key in spec:
            if position in spec[key]:
                return True
        elif platforms is not None:
            return True  # the platform named without its positions: all of them
    return False


def _fits_locale(rule: dict, locale: int | None) -> bool:
    locales = rule.get("customization_spec", {}).get("locales")
    if locales is None:
        return True
    # With no language chosen, the preview shows the default language.
    return locale in locales if locale is not None else rule.get("is_default", False)


def rule_for(rules, placement: str, locale: int | None = None) -> dict | None:
    """The rule Meta applies to ``placement`` (a preview placement id) for a viewer of ``locale``
    (a Meta locale id; None: the default language), or None when none applies."""
    positions = placement_of(placement).meta_positions
    ranked = sorted(enumerate(rules), key=lambda pair: _priority(pair[1], pair[0]))
    matching = [rule for _, rule in ranked
                if not any(k in rule.get("customization_spec", {}) for k in _AUDIENCE_KEYS)
                and _fits_placement(rule.get("customization_spec", {}), positions) and _fits_locale(rule, locale)]
    if matching:
        return matching[0]
    if locale is not None:  # a language no rule names sees the default language's rule
        defaults = [rule for _, rule in ranked if rule.get("is_default")
                    and _fits_placement(rule.get("customization_spec", {}), positions)]
        if defaults:
            return defaults[0]
    return None


def pools_for(project, placement: str | None = None, locale: int | None = None) -> dict[str, list]:
    """Each pool's assets that ``placement`` shows under the project's rules, in pool order.

    No placement, no rules, or no rule that applies: every asset, as an ad without rules (Meta
    then mixes all assets). A pool the applying rule names no label for keeps all its assets."""
    rules = project.customization.rules
    rule = rule_for(rules, placement, locale) if rules and placement is not None else None
    return pools_of_rule(project, rule)


def pools_of_rule(project, rule: dict | None) -> dict[str, list]:
    """Each pool's assets ``rule`` shows (None: every asset); a pool it names no label for keeps
    all its assets."""
    pools = project.pools
    if rule is None:
        return {pool: list(items) for pool, items in pools.items()}
    labels: dict[str, set[str]] = {}
    for key, pool in LABEL_POOLS.items():
        if key in rule:
            labels.setdefault(pool, set()).add(rule[key]["name"])
    return {pool: [a for a in items if pool not in labels or labels[pool] & set(a.adlabels)]
            for pool, items in pools.items()}
