"""Asset customization: the feed's rules that give a placement or a language its own assets.

A rule is kept as the plain dict Meta's asset_feed_spec.asset_customization_rules holds (field
names of the SDK's AdAssetFeedSpecAssetCustomizationRule): ``customization_spec`` says where it
applies, ``priority`` which rule wins, ``is_default`` marks the language rule used when no
locale matches, and each ``<kind>_label`` ({"name": ...}) names the assets it shows. Rules are
checked here, once, for the project file, the import and any edit alike.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, replace

# The SDK lists optimization_type as a bare string; these are the values Meta documents.
OPTIMIZATION_TYPES = ("REGULAR", "PLACEMENT", "LANGUAGE", "ASSET_CUSTOMIZATION", "DEGREES_OF_FREEDOM")
LABEL_KEYS = ("image_label", "video_label", "body_label", "title_label", "description_label",
              "link_url_label", "call_to_action_label", "call_to_action_type_label", "caption_label",
              "carousel_label")
POSITION_KEYS = ("publisher_platforms", "facebook_positions", "instagram_positions",
                 "audience_network_positions", "messenger_positions", "threads_positions", "device_platforms")
# AdAssetCustomizationRuleCustomizationSpec's other fields, kept as they come.
OTHER_SPEC_KEYS = ("age_min", "age_max", "geo_locations")
SPEC_KEYS = POSITION_KEYS + ("locales",) + OTHER_SPEC_KEYS
RULE_KEYS = ("customization_spec", "priority", "is_default") + LABEL_KEYS


class RuleError(ValueError):
    """A rule Meta would not take: ``field`` is where, relative to the rule list."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field, self.problem = field, problem


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_rule(rule, where: str) -> dict:
    """A copy of ``rule`` as the project keeps it, or RuleError naming the field."""
    if not isinstance(rule, dict):
        raise RuleError(where, "must be an object")
    unknown = sorted(set(rule) - set(RULE_KEYS))
    if unknown:
        raise RuleError(f"{where}.{unknown[0]}", f"is not a field of an asset customization rule (Meta's are "
                                                 f"{', '.join(RULE_KEYS)})")
    spec = rule.get("customization_spec", {})
    if not isinstance(spec, dict):
        raise RuleError(f"{where}.customization_spec", "must be an object")
    for key, value in spec.items():
        field = f"{where}.customization_spec.{key}"
        if key not in SPEC_KEYS:
            raise RuleError(field, f"is not a field of a customization_spec, which Meta refuses (1487390); "
                                   f"its fields are {', '.join(SPEC_KEYS)}")
        if key in POSITION_KEYS and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise RuleError(field, "must be a list of names")
        if key == "locales" and not (isinstance(value, list) and all(_whole(v) and v >= 0 for v in value)):
            raise RuleError(field, "must be a list of Meta locale ids (whole numbers), such as [6, 24]")
        if key in ("age_min", "age_max") and not (_whole(value) and 0 <= value <= 200):
            raise RuleError(field, "must be an age in years")
    if "priority" in rule and not (_whole(rule["priority"]) and 0 <= rule["priority"] <= 10_000):
        raise RuleError(f"{where}.priority", "must be a whole number from 0 up, such as 1")
    if "is_default" in rule and not isinstance(rule["is_default"], bool):
        raise RuleError(f"{where}.is_default", "must be true or false")
    for key in LABEL_KEYS:
        if key in rule:
            label = rule[key]
            if not (isinstance(label, dict) and set(label) == {"name"} and isinstance(label["name"], str)
                    and label["name"]):
                raise RuleError(f"{where}.{key}", 'must be {"name": "<a label an asset carries>"} (Meta refuses '
                                f"other forms: 1487390), not {json.dumps(label, ensure_ascii=False)[:60]}")
    return copy.deepcopy(rule)


def check_rules(rules) -> tuple[dict, ...]:
    if not isinstance(rules, (list, tuple)):
        raise RuleError("asset_customization_rules", "must be a list of rules")
    return tuple(check_rule(rule, f"asset_customization_rules[{i}]") for i, rule in enumerate(rules))


def check_optimization_type(value) -> str:
    if value in ("", None):
        return ""
    if not isinstance(value, str) or not value.replace("_", "").isalpha() or not value.isupper():
        raise RuleError("optimization_type", f"must be one of {', '.join(OPTIMIZATION_TYPES)}, not {value!r}")
    return value


def check_autotranslate(value) -> tuple[str, ...]:
    if value in (None, ()):
        return ()
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v for v in value):
        raise RuleError("autotranslate", 'must be a list of language codes, such as ["fr_XX", "de_DE"]')
    return tuple(value)


# Where Ads Manager's "multiple text options" (DEGREES_OF_FREEDOM) creatives keep their media, link
# and call to action: object_story_spec.link_data or .video_data, not the feed. Per object, the
# story's text fields and the pool each one's text comes from.
STORY_OBJECTS = {"link_data": {"message": "bodies", "name": "titles", "description": "descriptions"},
                 "video_data": {"message": "bodies", "title": "titles", "link_description": "descriptions"}}
STORY_KEYS = ("object", "texts", "only_there", "ad_formats")


def check_story(value) -> dict:
    """The story anchor as the project keeps it: {} (none), or {"object": "link_data" | "video_data",
    "texts": {story text field: asset id}, "only_there": [ids of texts the feed did not hold],
    "ad_formats": whether the feed wrote ad_formats}; RuleError naming the field otherwise."""
    if value in (None, {}):
        return {}
    if not isinstance(value, dict) or set(value) - set(STORY_KEYS):
        raise RuleError("story", f"must be an object with some of {', '.join(STORY_KEYS)}")
    kind = value.get("object")
    if kind not in STORY_OBJECTS:
        raise RuleError("story.object", f"must be one of {', '.join(STORY_OBJECTS)}, not {kind!r}")
    texts = value.get("texts", {})
    if not isinstance(texts, dict) or not all(k in STORY_OBJECTS[kind] and isinstance(v, str) and v
                                              for k, v in texts.items()):
        raise RuleError("story.texts", f"must map some of {', '.join(STORY_OBJECTS[kind])} to asset ids")
    only = value.get("only_there", [])
    if not isinstance(only, (list, tuple)) or not all(isinstance(v, str) and v for v in only):
        raise RuleError("story.only_there", "must be a list of asset ids")
    if not isinstance(value.get("ad_formats", False), bool):
        raise RuleError("story.ad_formats", "must be true or false")
    return {"object": kind, "texts": dict(texts), "only_there": list(only),
            "ad_formats": value.get("ad_formats", False)}


def rule_labels(rules) -> set[str]:
    return {rule[key]["name"] for rule in rules for key in LABEL_KEYS if key in rule}


def rule_locales(rules) -> tuple[int, ...]:
    """The Meta locale ids the rules name, in the order they first appear."""
    return tuple(dict.fromkeys(locale for rule in rules
                               for locale in rule.get("customization_spec", {}).get("locales", ())))


@dataclass(frozen=True)
class Customization:
    """What a creative holds besides its asset pools, as a value (an edit replaces it; undo keeps
    the old one).

    rules: asset_customization_rules; optimization_type; autotranslate (language codes)
    more_ad_formats: the feed's ad_formats after the project's own ad format
    kept_feed, kept_creative: fields of asset_feed_spec and of the creative that the studio does
    not model (additional_data, captions, destination_spec, ...), kept verbatim and sent back
    story: where a "multiple text options" creative keeps its media, link and call to action
    (check_story); empty for an ordinary feed
    """

    rules: tuple[dict, ...] = ()
    optimization_type: str = ""
    autotranslate: tuple[str, ...] = ()
    more_ad_formats: tuple[str, ...] = ()
    kept_feed: dict = field(default_factory=dict, hash=False)
    kept_creative: dict = field(default_factory=dict, hash=False)
    story: dict = field(default_factory=dict, hash=False)

    def __post_init__(self):
        object.__setattr__(self, "story", check_story(self.story))
        object.__setattr__(self, "rules", check_rules(self.rules))
        object.__setattr__(self, "optimization_type", check_optimization_type(self.optimization_type))
        object.__setattr__(self, "autotranslate", check_autotranslate(self.autotranslate))
        if not all(isinstance(f, str) and f for f in self.more_ad_formats):
            raise RuleError("ad_formats", "must be a list of ad format names")
        object.__setattr__(self, "more_ad_formats", tuple(self.more_ad_formats))
        for name in ("kept_feed", "kept_creative"):
            if not isinstance(getattr(self, name), dict):
                raise RuleError(name, "must be an object")
            object.__setattr__(self, name, copy.deepcopy(getattr(self, name)))

    def __bool__(self) -> bool:
        return self != Customization()


# -- where each asset shows: the window's choice, and the rules that follow from it ----------------
# The placement groups the window offers, each as the customization_spec keys it sets. One table:
# the dialog's checkboxes, the row's text and the rules are all read from it.
PLACEMENT_GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "Feed": {"publisher_platforms": ("facebook", "instagram"), "facebook_positions": ("feed",),
             "instagram_positions": ("stream",)},
    "Stories and Reels": {"publisher_platforms": ("facebook", "instagram"), "facebook_positions": ("story",),
                          "instagram_positions": ("story", "reels")},
}
POOL_LABEL_KEYS = {"images": "image_label", "videos": "video_label", "titles": "title_label",
                   "bodies": "body_label", "descriptions": "description_label", "link_urls": "link_url_label",
                   "call_to_actions": "call_to_action_label"}
FALLBACK_LABEL = "everywhere"
# Meta locale ids the window names (Multi-Language Ads page: 6 = en_US, 9 = fr_FR); any other id is
# shown as its number.
LOCALE_NAMES = {6: "English (US)", 9: "French (France)"}


def locale_name(locale: int) -> str:
    return LOCALE_NAMES.get(locale, f"locale {locale}")


@dataclass(frozen=True)
class ShowIn:
    """Where one asset shows: placement groups (empty: every placement) and a Meta locale id
    (None: the default language, which is also every language no rule names)."""

    groups: frozenset[str] = frozenset()
    locale: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "groups", frozenset(self.groups))
        unknown = sorted(self.groups - set(PLACEMENT_GROUPS))
        if unknown:
            raise RuleError("groups", f"{unknown[0]!r} is not a placement group (they are "
                                      f"{', '.join(PLACEMENT_GROUPS)})")
        if self.locale is not None and not (_whole(self.locale) and self.locale >= 0):
            raise RuleError("locale", "must be a Meta locale id (a whole number), such as 24")
        if set(self.groups) == set(PLACEMENT_GROUPS):  # every group is every placement the window knows
            object.__setattr__(self, "groups", frozenset())

    @property
    def everywhere(self) -> bool:
        return not self.groups and self.locale is None

    def ordered_groups(self) -> tuple[str, ...]:
        return tuple(g for g in PLACEMENT_GROUPS if g in self.groups)

    def label(self) -> str:
        parts = [g.lower().replace(" ", "_") for g in self.ordered_groups()]
        if self.locale is not None:
            parts.append(f"locale_{self.locale}")
        return "__".join(parts) or FALLBACK_LABEL

    def spec(self) -> dict:
        spec: dict[str, list] = {}
        for group in self.ordered_groups():
            for key, values in PLACEMENT_GROUPS[group].items():
                spec.setdefault(key, [])
                spec[key] += [v for v in values if v not in spec[key]]
        if self.locale is not None:
            spec["locales"] = [self.locale]
        return spec

    def describe(self) -> str:
        """The row's words: "Stories and Reels · French (France)"; "" for an asset shown everywhere."""
        parts = [" + ".join(self.ordered_groups())] if self.groups else []
        if self.locale is not None:
            parts.append(locale_name(self.locale))
        return " · ".join(parts)


def _spec_key(spec: dict) -> tuple:
    return tuple(sorted((k, tuple(sorted(v)) if isinstance(v, list) else v) for k, v in spec.items()))


def rules_for(choices: dict[str, ShowIn], pools: dict[str, list]) -> tuple[tuple[dict, ...], dict[str, tuple]]:
    """The asset_customization_rules and each asset's adlabels that make every asset of ``pools``
    show where ``choices`` says (an asset not in ``choices`` shows everywhere).

    One rule per distinct choice, the most specific first (a placement and a language before a
    placement alone), then the empty-spec fallback rule, which is also the default language. Each
    rule names, for every kind, the assets of its choice, or the fallback's when it has none of that
    kind, so that no placement is left without a title or an image. No choice at all: no rules and
    no labels."""
    kinds = {pool: [a.id for a in assets] for pool, assets in pools.items() if pool in POOL_LABEL_KEYS and assets}
    chosen = {aid: choices.get(aid, ShowIn()) for ids in kinds.values() for aid in ids}
    if all(c.everywhere for c in chosen.values()):
        return (), {aid: () for aid in chosen}
    # Meta applies one rule per impression, so a viewer in Stories who reads French needs a rule
    # of its own when a Stories image and a French title are both chosen: every placement choice
    # meets every language, and a meeting that shows nothing new is left out again below.
    groups = {c.groups for c in chosen.values()} | {frozenset()}
    locales = {c.locale for c in chosen.values()} | {None}
    candidates = sorted((ShowIn(g, lo) for g in groups for lo in locales),
                        key=lambda c: (-(bool(c.groups) + (c.locale is not None)), len(c.groups) or 99, c.label()))
    labelled = {choice: _labels_of(choice, kinds, chosen) for choice in candidates}
    kept: list[ShowIn] = []
    for choice in reversed(candidates):  # the fallback first, then ever more specific rules
        if not labelled[choice]:
            continue  # a rule with nothing to show is no rule
        underneath = next((k for k in reversed(kept) if _covers(k, choice)), None)
        if choice.everywhere or underneath is None or labelled[underneath] != labelled[choice]:
            kept.append(choice)
    by_language = any(c.locale is not None for c in chosen.values())
    rules = []
    for choice in reversed(kept):
        rule: dict = {"customization_spec": choice.spec(), "priority": len(rules) + 1}
        if choice.everywhere and by_language:
            rule["is_default"] = True  # the language shown to people whose locale no rule names
        rule.update({key: {"name": name} for key, name in labelled[choice].items()})
        rules.append(rule)
    return tuple(rules), {aid: (c.label(),) for aid, c in chosen.items()}


def _covers(wide: ShowIn, narrow: ShowIn) -> bool:
    """Whether a viewer ``narrow`` describes (a placement group, a language) also fits ``wide``."""
    return (not wide.groups or wide.groups == narrow.groups) and wide.locale in (None, narrow.locale)


def _labels_of(choice: ShowIn, kinds: dict[str, list[str]], chosen: dict[str, ShowIn]) -> dict[str, str]:
    """The label each kind shows a viewer of ``choice``: its closest chosen assets. Where a
    placement's and a language's assets both fit, images and videos follow the placement (their
    shape is the placement's) and texts the language (a reader needs their language)."""
    out = {}
    for pool, ids in kinds.items():
        fitting = {chosen[aid] for aid in ids if _covers(chosen[aid], choice)}
        if not fitting:
            continue
        media_first = pool in ("images", "videos")
        best = max(fitting, key=lambda c: (bool(c.groups) + (c.locale is not None),
                                           bool(c.groups) if media_first else c.locale is not None))
        out[POOL_LABEL_KEYS[pool]] = best.label()
    return out


def apply_choices(customization: Customization, pools: dict[str, list], choices: dict[str, ShowIn]):
    """(the new Customization, {asset id: new adlabels}) for ``choices``; the optimization type
    follows (PLACEMENT, LANGUAGE, or ASSET_CUSTOMIZATION for both)."""
    rules, labels = rules_for(choices, pools)
    if not rules and not customization.rules:
        return customization, {}  # nothing was customized and nothing is: the export stays as it was
    by_placement = any(r["customization_spec"].keys() - {"locales"} for r in rules)
    by_language = any("locales" in r["customization_spec"] for r in rules)
    kind = ("ASSET_CUSTOMIZATION" if by_placement and by_language else "PLACEMENT" if by_placement
            else "LANGUAGE" if by_language else "")
    return replace(customization, rules=rules, optimization_type=kind), labels


class ChoicesUnreadable(ValueError):
    """The project's rules say more than a choice per asset can (the reason is the message)."""


def read_choices(customization: Customization, pools: dict[str, list]) -> dict[str, ShowIn]:
    """Each asset's choice as the project's rules give it; ChoicesUnreadable when the rules are not
    ones the window's choices make (other positions, several locales, an age range, an asset under
    two rules ...), which the window then shows as such instead of editing them."""
    rules = customization.rules
    if not rules:
        return {}
    by_spec: dict[tuple, ShowIn] = {}
    for groups in range(1 << len(PLACEMENT_GROUPS)):
        names = frozenset(g for i, g in enumerate(PLACEMENT_GROUPS) if groups >> i & 1)
        by_spec[_spec_key(ShowIn(names).spec())] = ShowIn(names)
    label_choices: dict[tuple[str, str], set[ShowIn]] = {}
    rule_choices = []
    for i, rule in enumerate(rules):
        spec = dict(rule.get("customization_spec", {}))
        locales = spec.pop("locales", None)
        if locales is not None and len(locales) != 1:
            raise ChoicesUnreadable(f"rule {i + 1} names {len(locales)} locales; the window gives an asset one")
        place = by_spec.get(_spec_key(spec))
        if place is None:
            raise ChoicesUnreadable(f"rule {i + 1}'s placements are not ones the window offers "
                                    f"({', '.join(PLACEMENT_GROUPS)})")
        choice = ShowIn(place.groups, locales[0] if locales else None)
        rule_choices.append(choice)
        for pool, key in POOL_LABEL_KEYS.items():
            if key in rule:
                label_choices.setdefault((pool, rule[key]["name"]), set()).add(choice)
    choices: dict[str, ShowIn] = {}
    for pool, assets in pools.items():
        if pool not in POOL_LABEL_KEYS:
            continue
        for asset in assets:
            if len(asset.adlabels) != 1:
                raise ChoicesUnreadable(f"{asset.id} carries {len(asset.adlabels)} labels; the window gives "
                                        f"an asset one")
            found = label_choices.get((pool, asset.adlabels[0]), set())
            # Rules for narrower viewers borrow the label (a Stories-and-French rule shows the
            # Stories image): the asset's own choice is the one that covers all the others.
            widest = [c for c in found if all(_covers(c, other) for other in found)]
            if len(widest) == 1:
                found = set(widest)
            if len(found) != 1:
                raise ChoicesUnreadable(f"{asset.id}'s label {asset.adlabels[0]!r} is named by "
                                        f"{'no rule' if not found else 'several rules'}")
            choices[asset.id] = found.pop()
    if rules_for(choices, pools)[0] != _renamed(rules, rule_choices, pools, choices):
        raise ChoicesUnreadable("the rules' order, defaults or labels are not the ones these choices make")
    return {aid: c for aid, c in choices.items() if not c.everywhere}


def _renamed(rules, rule_choices, pools, choices) -> tuple[dict, ...]:
    """``rules`` with each label renamed to the name the window gives it and each spec written as
    the window writes it, to compare rules that differ only in names and the order of lists."""
    rename = {}
    for pool, assets in pools.items():
        for asset in assets:
            if asset.id in choices and asset.adlabels:
                rename[(pool, asset.adlabels[0])] = choices[asset.id].label()
    out = []
    for rule, choice in zip(rules, rule_choices, strict=True):
        rule = dict(copy.deepcopy(rule), customization_spec=choice.spec())
        for pool, key in POOL_LABEL_KEYS.items():
            if key in rule:
                rule[key] = {"name": rename.get((pool, rule[key]["name"]), rule[key]["name"])}
        out.append(rule)
    return tuple(out)


def rules_without(customization: Customization, pools: dict[str, list], asset_id: str):
    """(the Customization, {asset id: new adlabels}) once ``asset_id`` leaves ``pools`` (which still
    hold it), so that no rule names a label no asset carries (Meta refuses that: 2446173).

    Nothing changes while another asset of its pool still carries each of its labels. Otherwise
    rules the window's choices made are made again from the other assets' choices; other rules
    lose the label keys only that asset answered (a rule left naming no label shows nothing, and
    goes)."""
    from dcstudio.core.model.rule_selection import LABEL_POOLS

    pool = next((p for p, assets in pools.items() if any(a.id == asset_id for a in assets)), None)
    if not customization.rules or pool is None:
        return customization, {}
    gone = next(a for a in pools[pool] if a.id == asset_id)
    rest = {p: [a for a in assets if a.id != asset_id] for p, assets in pools.items()}
    carried = {name for a in rest[pool] for name in a.adlabels}
    dangling = set(gone.adlabels) - carried
    if not dangling & rule_labels(customization.rules):
        return customization, {}
    try:
        choices = read_choices(customization, pools)
    except ChoicesUnreadable:
        rules = []
        for rule in customization.rules:
            kept = {k: v for k, v in rule.items()
                    if not (LABEL_POOLS.get(k) == pool and v["name"] in dangling)}
            if any(k in kept for k in LABEL_KEYS):
                rules.append(kept)
        return replace(customization, rules=tuple(rules)), {}
    choices.pop(asset_id, None)
    return apply_choices(customization, rest, choices)
