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
from dataclasses import dataclass, field

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


def rule_labels(rules) -> set[str]:
    return {rule[key]["name"] for rule in rules for key in LABEL_KEYS if key in rule}


@dataclass(frozen=True)
class Customization:
    """What a creative holds besides its asset pools, as a value (an edit replaces it; undo keeps
    the old one).

    rules: asset_customization_rules; optimization_type; autotranslate (language codes)
    more_ad_formats: the feed's ad_formats after the project's own ad format
    kept_feed, kept_creative: fields of asset_feed_spec and of the creative that the studio does
    not model (additional_data, captions, destination_spec, ...), kept verbatim and sent back
    """

    rules: tuple[dict, ...] = ()
    optimization_type: str = ""
    autotranslate: tuple[str, ...] = ()
    more_ad_formats: tuple[str, ...] = ()
    kept_feed: dict = field(default_factory=dict, hash=False)
    kept_creative: dict = field(default_factory=dict, hash=False)

    def __post_init__(self):
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
