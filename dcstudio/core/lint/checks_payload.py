"""Checks on an ad creative payload, the dict the Marketing API receives: what a project cannot say
by itself, or what an imported creative holds (asset customization rules, labels, thumbnails, lead
forms). ``check_creative_payload(creative, adset=None, objective=None) -> list[Finding]``.

Every check reads plain dicts and lists and never trusts their shape: a payload from a file may hold
anything, and a wrong shape is a finding (or nothing), never an exception.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from dcstudio.core.lint.findings import Finding
from dcstudio.core.lint.rules import RULES
from dcstudio.core.values.crops import DEPRECATED_CROP_KEYS
from dcstudio.core.values.meta_positions import POSITION_KEYS, PUBLISHER_PLATFORMS

# A rule's label key -> the feed list whose assets carry that label
# (AdAssetFeedSpecAssetCustomizationRule in the SDK; tests/core/test_lint_payload.py checks the keys).
LABEL_POOLS = {
    "body_label": "bodies", "call_to_action_label": "call_to_actions", "call_to_action_type_label": None,
    "caption_label": "captions", "carousel_label": "carousels", "description_label": "descriptions",
    "image_label": "images", "link_url_label": "link_urls", "title_label": "titles", "video_label": "videos",
}
RULE_KEYS = frozenset(LABEL_POOLS) | {"customization_spec", "is_default", "priority"}
# AdAssetCustomizationRuleCustomizationSpec's fields.
SPEC_KEYS = frozenset(POSITION_KEYS) | {"age_max", "age_min", "device_platforms", "geo_locations", "locales",
                                        "publisher_platforms"}
# Feed lists whose entries take adlabels, and so can be told apart by rules.
LABELLED_POOLS = ("images", "videos", "bodies", "titles", "descriptions", "link_urls", "call_to_actions", "captions")
# Ad set settings that make an ad an instant-form lead ad, whose call to action needs the form's id.
_LEAD_GOALS = ("LEAD_GENERATION", "QUALITY_LEAD")
# The link Instant Form lead ads are sent with ("link": "http://fb.me/" beside lead_gen_form_id in
# public lead-ad code): it opens no website, only the form, so a creative linking there says it is
# a lead ad whatever its objective.
_LEAD_FORM_HOSTS = ("fb.me", "www.fb.me")
# A rule's media labels and the feed list each picks from.
_MEDIA_LABELS = {"image_label": "images", "video_label": "videos"}


def _dicts(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


class _Report:
    def __init__(self):
        self.findings: list[Finding] = []

    def add(self, rule_id: str, message: str, field: str, hint: str, asset_id: str | None = None) -> None:
        rule = RULES[rule_id]
        self.findings.append(Finding(rule.id, rule.severity, message, asset_id, field, hint, rule.source))


def check_creative_payload(creative: dict, adset: dict | None = None, objective: str | None = None) -> list[Finding]:
    """Checks an ad creative payload (as exported, or as read back from the API) and, where given,
    the ad set it goes in and the campaign's objective."""
    report = _Report()
    creative = _dict(creative)
    feed = _dict(creative.get("asset_feed_spec"))
    adset = _dict(adset)
    _video_in_story(report, creative, feed)
    _thumbnails(report, feed)
    _crops(report, feed)
    _lead_form(report, feed, adset, objective)
    _enhancements_bundle(report, creative)
    raw_rules = feed.get("asset_customization_rules")
    if raw_rules is not None:
        rules = _dicts(raw_rules)
        _rule_keys(report, raw_rules, feed)
        _labels_exist(report, rules, feed)
        _unlabelled(report, feed)
        _positions(report, rules)
        if not _dicts(feed.get("link_urls")):
            report.add("meta.rules.no_link", "asset customization rules without a link: asset_feed_spec.link_urls "
                       "is empty (error 1885800)", "asset_feed_spec.link_urls",
                       "add a link_urls entry ({\"website_url\": ...}) to the feed")
        _fallback_media(report, rules, feed)
        if rules and not any(r.get("is_default") is True or not _targets(r) for r in rules):
            report.add("meta.rules.no_fallback", "no fallback rule: no asset customization rule is the default "
                       "(is_default) or has an empty customization_spec, so a placement or language no rule names "
                       "gets no assets (Meta gives no error code for it)",
                       "asset_feed_spec.asset_customization_rules",
                       "add a fallback rule with an empty customization_spec (lowest priority), or mark one "
                       "rule is_default")
        if rules and adset.get("is_dynamic_creative") is True:
            report.add("meta.rules.dynamic_adset", "a creative with asset customization rules in an ad set with "
                       "is_dynamic_creative=true: a placement-customized ad goes in an ordinary ad set",
                       "adset.is_dynamic_creative", "send the ad set without is_dynamic_creative (or false)")
    return report.findings


def _video_in_story(report: _Report, creative: dict, feed: dict) -> None:
    story = _dict(creative.get("object_story_spec"))
    if "video_data" not in story:
        return
    if feed.get("optimization_type") == "DEGREES_OF_FREEDOM" and not feed.get("videos") and not feed.get("images"):
        return  # Ads Manager's "multiple text options": the video sits in the story, the feed holds texts
    feed_videos = {v.get("video_id") for v in _dicts(feed.get("videos"))}
    video = _dict(story.get("video_data")).get("video_id")
    also = " also" if video in feed_videos else ""
    report.add("meta.video.in_story_spec", f"object_story_spec has video_data (video {video}){also} beside the "
               "asset feed: object_story_spec ill formed (error 1443048)", "object_story_spec.video_data",
               "keep only page_id and instagram_user_id in object_story_spec; videos go in asset_feed_spec.videos",
               video)


def _thumbnails(report: _Report, feed: dict) -> None:
    for i, video in enumerate(_dicts(feed.get("videos"))):
        if not video.get("thumbnail_url") and not video.get("thumbnail_hash"):
            report.add("meta.video.thumbnail", f"asset_feed_spec.videos[{i}] (video {video.get('video_id')}) has no "
                       "thumbnail_url or thumbnail_hash (error 1443226)", f"asset_feed_spec.videos[{i}]",
                       "give the video a thumbnail: an image URL (thumbnail_url) or an uploaded image's hash "
                       "(thumbnail_hash)", video.get("video_id"))


def _crops(report: _Report, feed: dict) -> None:
    for i, image in enumerate(_dicts(feed.get("images"))):
        for key in _dict(image.get("image_crops")):
            if key in DEPRECATED_CROP_KEYS:
                report.add("meta.crop.deprecated_key", f"asset_feed_spec.images[{i}] uses crop key {key}, "
                           "deprecated (error 2490085)", f"asset_feed_spec.images[{i}].image_crops",
                           f"crop it as {DEPRECATED_CROP_KEYS[key]} instead")


def _enhancements_bundle(report: _Report, creative: dict) -> None:
    features = _dict(_dict(creative.get("degrees_of_freedom_spec")).get("creative_features_spec"))
    if "standard_enhancements" in features:
        report.add("meta.enhancements.bundle_payload", "degrees_of_freedom_spec.creative_features_spec has the "
                   "standard_enhancements bundle, which the API refuses (error 3858504)",
                   "degrees_of_freedom_spec.creative_features_spec.standard_enhancements",
                   "set its features one by one instead (image_templates, image_touchups, text_optimizations, "
                   "inline_comment; video_auto_crop for a video); import-spec does so")


def _lead_form(report: _Report, feed: dict, adset: dict, objective: str | None) -> None:
    ctas = _dicts(feed.get("call_to_actions"))
    for i, cta in enumerate(ctas):
        value = _dict(cta.get("value"))
        if "lead_gen_form_id" in value and not str(value["lead_gen_form_id"] or "").strip():
            report.add("meta.cta.lead_form", f"asset_feed_spec.call_to_actions[{i}] ({cta.get('type')}) has an empty "
                       "lead_gen_form_id: Missing Lead Form (error 3390001)",
                       f"asset_feed_spec.call_to_actions[{i}].value.lead_gen_form_id",
                       "give the id of the lead form (Instant Form) the button opens")
    instant_form = adset.get("optimization_goal") in _LEAD_GOALS or adset.get("destination_type") == "ON_AD"
    if objective == "OUTCOME_LEADS" and instant_form and not any(
            _dict(c.get("value")).get("lead_gen_form_id") for c in ctas):
        report.add("meta.cta.lead_form", "an instant-form lead ad (OUTCOME_LEADS, ad set "
                   f"{adset.get('optimization_goal') or adset.get('destination_type')}) whose call to action names "
                   "no lead form: Missing Lead Form (error 3390001)", "asset_feed_spec.call_to_actions",
                   "send call_to_actions [{\"type\": \"SIGN_UP\", \"value\": {\"lead_gen_form_id\": \"<form id>\"}}]")
    elif not any(_dict(c.get("value")).get("lead_gen_form_id") for c in ctas):
        links = [("link_urls", i, link.get("website_url")) for i, link in enumerate(_dicts(feed.get("link_urls")))]
        links += [("call_to_actions", i, _dict(c.get("value")).get("link")) for i, c in enumerate(ctas)]
        for pool, i, url in links:
            if _host(url) in _LEAD_FORM_HOSTS:
                report.add("meta.cta.lead_form", f"asset_feed_spec.{pool}[{i}] links to {url}, the link of an Instant "
                           "Form lead ad, but no call to action names its lead_gen_form_id: Missing Lead Form "
                           "(error 3390001)", "asset_feed_spec.call_to_actions",
                           "send call_to_actions [{\"type\": \"SIGN_UP\", \"value\": {\"lead_gen_form_id\": "
                           "\"<form id>\"}}], or link to the website the button opens")
                break


def _host(url) -> str:
    try:
        return (urlsplit(url).hostname or "") if isinstance(url, str) else ""
    except ValueError:  # a malformed address (an unclosed [) names no host
        return ""


def _fallback_media(report: _Report, rules: list[dict], feed: dict) -> None:
    """The fallback rule serves every placement no other rule names, and shows only the kinds it
    names labels for: without an image_label or video_label those placements get no media. (A media
    label that labels no asset is meta.rules.label_missing's, 2446173.)"""
    if not any(_dicts(feed.get(pool)) for pool in _MEDIA_LABELS.values()):
        return  # a feed without media: meta.count.media_missing says so
    for i, rule in enumerate(rules):
        if not _targets(rule) and not any(key in rule for key in _MEDIA_LABELS):
            report.add("meta.rules.fallback_media", f"the fallback rule (asset_customization_rules[{i}], empty "
                       "customization_spec) names no image_label or video_label: the placements no other rule "
                       "names get no image or video", f"asset_feed_spec.asset_customization_rules[{i}]",
                       "give the fallback rule the image_label (or video_label) of an image (or video) of the feed; "
                       "in the studio, show one image everywhere (Show in…)")


def _targets(rule: dict) -> bool:
    """Whether a rule's customization_spec names any placement, language or audience."""
    return any(v not in (None, [], {}, "") for v in _dict(rule.get("customization_spec")).values())


def _label_form_ok(label) -> bool:
    return isinstance(label, dict) and isinstance(label.get("name") or label.get("id"), (str, int)) \
        and set(label) <= {"name", "id"}


def _rule_keys(report: _Report, rules, feed: dict) -> None:
    where = "asset_feed_spec.asset_customization_rules"
    hint = "use Meta's keys (docs/rules.md lists them): labels as {\"name\": \"...\"}, placements as " \
           "customization_spec.publisher_platforms and *_positions"
    if not isinstance(rules, list) or len(_dicts(rules)) != len(rules):
        report.add("meta.rules.unknown_key", f"{where} must be a list of rule objects (error 1487390)", where, hint)
        return
    for i, rule in enumerate(rules):
        for key in sorted(set(rule) - RULE_KEYS):
            report.add("meta.rules.unknown_key", f"{where}[{i}] has key {key!r}, which Meta does not know "
                       "(error 1487390)", f"{where}[{i}].{key}", hint)
        for key in sorted(set(rule) & set(LABEL_POOLS)):
            if not _label_form_ok(rule[key]):
                report.add("meta.rules.unknown_key", f"{where}[{i}].{key} is {rule[key]!r}: a label is an object "
                           "{\"name\": \"...\"} (error 1487390)", f"{where}[{i}].{key}", hint)
        spec = rule.get("customization_spec")
        if spec is not None and not isinstance(spec, dict):
            report.add("meta.rules.unknown_key", f"{where}[{i}].customization_spec must be an object "
                       "(error 1487390)", f"{where}[{i}].customization_spec", hint)
        for key in sorted(set(_dict(spec)) - SPEC_KEYS):
            report.add("meta.rules.unknown_key", f"{where}[{i}].customization_spec has key {key!r}, which Meta "
                       "does not know (error 1487390)", f"{where}[{i}].customization_spec.{key}", hint)
    for pool in LABELLED_POOLS:
        for j, asset in enumerate(_dicts(feed.get(pool))):
            labels = asset.get("adlabels")
            if labels is not None and (not isinstance(labels, list) or not all(map(_label_form_ok, labels))):
                report.add("meta.rules.unknown_key", f"asset_feed_spec.{pool}[{j}].adlabels is {labels!r}: a list "
                           "of {\"name\": \"...\"} objects (error 1487390)", f"asset_feed_spec.{pool}[{j}].adlabels",
                           hint)


def _asset_labels(asset: dict) -> set:
    return {str(label.get("name") or label.get("id")) for label in _dicts(asset.get("adlabels"))}


def _labels_exist(report: _Report, rules: list[dict], feed: dict) -> None:
    for i, rule in enumerate(rules):
        for key, pool in LABEL_POOLS.items():
            label = rule.get(key)
            if pool is None or not _label_form_ok(label):
                continue
            name = str(label.get("name") or label.get("id"))
            if not any(name in _asset_labels(a) for a in _dicts(feed.get(pool))):
                report.add("meta.rules.label_missing", f"asset_customization_rules[{i}].{key} {name!r} labels no "
                           f"asset in asset_feed_spec.{pool} (error 2446173)",
                           f"asset_feed_spec.asset_customization_rules[{i}].{key}",
                           f"add adlabels [{{\"name\": \"{name}\"}}] to the {pool} entry the rule means, or fix "
                           "the rule's label")


def _unlabelled(report: _Report, feed: dict) -> None:
    for pool in LABELLED_POOLS:
        bare = [j for j, a in enumerate(_dicts(feed.get(pool))) if not _asset_labels(a)]
        if len(bare) > 1:
            report.add("meta.rules.unlabelled_assets", f"asset_feed_spec.{pool} has {len(bare)} assets without "
                       f"adlabels (entries {', '.join(map(str, bare))}) under asset customization rules: no rule can "
                       "tell them apart (error 1885878)", f"asset_feed_spec.{pool}",
                       "label each asset (adlabels) and point a rule at it, or keep one unlabelled asset per kind")


def _positions(report: _Report, rules: list[dict]) -> None:
    for i, rule in enumerate(rules):
        spec = _dict(rule.get("customization_spec"))
        where = f"asset_feed_spec.asset_customization_rules[{i}].customization_spec"
        platforms = spec.get("publisher_platforms")
        named = {str(p).lower() for p in platforms} if isinstance(platforms, list) else set()
        for p in sorted(named - set(PUBLISHER_PLATFORMS)):
            report.add("meta.rules.positions", f"{where}.publisher_platforms names {p!r}, not a publisher platform",
                       f"{where}.publisher_platforms", f"use one of {', '.join(PUBLISHER_PLATFORMS)}")
        for key, (platform, allowed) in POSITION_KEYS.items():
            positions = spec.get(key)
            if positions is None:
                continue
            if not isinstance(positions, list):
                report.add("meta.rules.positions", f"{where}.{key} must be a list of positions", f"{where}.{key}",
                           f"use some of {', '.join(allowed)}")
                continue
            if platform not in named:
                report.add("meta.rules.positions", f"{where}.{key} is set but publisher_platforms does not name "
                           f"{platform}", f"{where}.publisher_platforms", f"add {platform!r} to publisher_platforms")
            for pos in positions:
                if str(pos).lower() not in allowed:
                    report.add("meta.rules.positions", f"{where}.{key} names {pos!r}, not a {platform} position",
                               f"{where}.{key}", f"use one of {', '.join(allowed)}")
