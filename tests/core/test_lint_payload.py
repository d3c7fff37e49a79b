"""The payload rules (``check_creative_payload``): each fires on a creative the API refuses and stays
silent on one it takes; the keys and enums they judge by are the SDK's.

The passing creative follows Meta's Placement Asset Customization page (one image labelled for
Feed, one for Stories and Reels, an empty-spec fallback rule) and its lead ads page (a SIGN_UP
call to action whose value holds the lead_gen_form_id).
"""
from __future__ import annotations

import copy

import pytest

from dcstudio.core.lint import RULES, check_creative_payload
from dcstudio.core.lint.checks_payload import LABEL_POOLS, RULE_KEYS, SPEC_KEYS
from dcstudio.core.values.meta_positions import POSITION_KEYS, PUBLISHER_PLATFORMS
from tests.core.lint_projects import PAYLOAD_RULES

PLACED = {
    "object_story_spec": {"page_id": "104857600012345"},
    "asset_feed_spec": {
        "images": [{"hash": "a1b2", "adlabels": [{"name": "feed"}]},
                   {"hash": "c3d4", "adlabels": [{"name": "story"}],
                    "image_crops": {"90x160": [[0, 0], [1079, 1919]]}}],
        "bodies": [{"text": "Spring gear that goes further"}],
        "titles": [{"text": "Spring sale"}],
        "link_urls": [{"website_url": "https://shop.example.com/spring"}],
        "call_to_action_types": ["SHOP_NOW"],
        "ad_formats": ["SINGLE_IMAGE"],
        "optimization_type": "PLACEMENT",
        "asset_customization_rules": [
            {"customization_spec": {"publisher_platforms": ["facebook", "instagram"], "facebook_positions": ["feed"],
                                    "instagram_positions": ["stream"]},
             "image_label": {"name": "feed"}, "priority": 1},
            {"customization_spec": {"publisher_platforms": ["facebook", "instagram", "messenger"],
                                    "facebook_positions": ["story", "fb_reels"],
                                    "instagram_positions": ["story", "reels"],
                                    "messenger_positions": ["messenger_story"]},
             "image_label": {"name": "story"}, "priority": 2},
            {"customization_spec": {}, "image_label": {"name": "feed"}, "priority": 3},
        ],
    },
}
ADSET = {"optimization_goal": "OFFSITE_CONVERSIONS", "billing_event": "IMPRESSIONS"}
LEAD = {
    "object_story_spec": {"page_id": "104857600012345"},
    "asset_feed_spec": {
        "images": [{"hash": "a1b2"}], "bodies": [{"text": "Get the guide"}], "titles": [{"text": "Free guide"}],
        "link_urls": [{"website_url": "https://fb.me/"}], "ad_formats": ["SINGLE_IMAGE"],
        "call_to_action_types": ["SIGN_UP"],
        "call_to_actions": [{"type": "SIGN_UP", "value": {"lead_gen_form_id": "551234567890"}}],
    },
}
LEAD_ADSET = {"optimization_goal": "LEAD_GENERATION", "destination_type": "ON_AD", "billing_event": "IMPRESSIONS"}


def _rules(c):
    return c["asset_feed_spec"]["asset_customization_rules"]


def _feed(c):
    return c["asset_feed_spec"]


def _set(path_fn, key, value):
    def change(c):
        path_fn(c)[key] = value
    return change


def _fallback_titles_only(c):
    _rules(c)[2].pop("image_label")
    _rules(c)[2]["title_label"] = {"name": "all"}
    _feed(c)["titles"][0]["adlabels"] = [{"name": "all"}]


# rule id -> [(why, base creative, ad set, objective, change)]
CASES = {
    "meta.rules.label_missing": [
        ("a rule's image_label names no image", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _rules(c)[1].__setitem__("image_label", {"name": "stories"})),
        ("a title_label with no labelled title", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _rules(c)[0].__setitem__("title_label", {"name": "feed"})),
    ],
    "meta.rules.unlabelled_assets": [
        ("two unlabelled bodies under placement rules", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _feed(c)["bodies"].append({"text": "Made to go further"})),
    ],
    "meta.rules.no_link": [
        ("customization without link_urls", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _feed(c).pop("link_urls")),
    ],
    "meta.rules.unknown_key": [
        ("a string label", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _rules(c)[0].__setitem__("image_label", "feed") or _rules(c)[2].__setitem__("image_label", "feed")),
        ("a placement_groups key in the spec", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _rules(c)[0]["customization_spec"].__setitem__("placement_groups", ["FEEDS"])),
        ("a placement_groups key on the rule", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _rules(c)[1].__setitem__("placement_groups", ["STORIES"])),
        ("adlabels as bare strings", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _feed(c)["bodies"][0].__setitem__("adlabels", ["feed"])),
    ],
    "meta.video.in_story_spec": [
        ("video_data beside the feed", LEAD, LEAD_ADSET, "OUTCOME_LEADS",
         lambda c: c["object_story_spec"].__setitem__("video_data", {"video_id": "77", "image_hash": "h"})),
    ],
    "meta.video.thumbnail": [
        ("a feed video with neither thumbnail", LEAD, LEAD_ADSET, "OUTCOME_LEADS",
         lambda c: _feed(c).__setitem__("videos", [{"video_id": "77", "thumbnail_url": ""}])),
    ],
    "meta.crop.deprecated_key": [
        ("a 191x100 crop", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _feed(c)["images"][0].__setitem__("image_crops", {"191x100": [[0, 0], [1909, 999]]})),
    ],
    "meta.rules.no_fallback": [
        ("no is_default and no empty spec", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _rules(c).pop()),
    ],
    "meta.rules.positions": [
        ("a Messenger position under instagram_positions", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _rules(c)[1]["customization_spec"].__setitem__("instagram_positions", ["messenger_story"])),
        ("facebook_positions without facebook in publisher_platforms", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _rules(c)[0]["customization_spec"].__setitem__("publisher_platforms", ["instagram"])),
        ("a publisher platform Meta does not know", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _rules(c)[0]["customization_spec"]["publisher_platforms"].append("tiktok")),
    ],
    "meta.cta.lead_form": [
        ("an instant-form lead ad without a form", LEAD, LEAD_ADSET, "OUTCOME_LEADS",
         lambda c: _feed(c).pop("call_to_actions")),
        ("an empty lead_gen_form_id", LEAD, LEAD_ADSET, "OUTCOME_LEADS",
         lambda c: _feed(c)["call_to_actions"][0].__setitem__("value", {"lead_gen_form_id": ""})),
        # The corpus's refused_lead_form_cta_without_form: no lead objective, but the fb.me link says lead form.
        ("a link to fb.me without a form, in a traffic campaign", LEAD, ADSET, "OUTCOME_TRAFFIC",
         lambda c: _feed(c)["call_to_actions"][0].__setitem__("value", {})),
        ("a call to action whose value links to fb.me, no form", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _feed(c).__setitem__("call_to_actions", [{"type": "SIGN_UP", "value": {"link": "http://fb.me/"}}])),
    ],
    "meta.rules.fallback_media": [
        ("a fallback rule with a title label but no image label", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _fallback_titles_only(c)),
        ("a fallback rule that names no label at all", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: _rules(c)[2].pop("image_label")),
    ],
    "meta.enhancements.bundle_payload": [
        ("the standard_enhancements bundle (the SDK still lists it)", PLACED, ADSET, "OUTCOME_SALES",
         lambda c: c.__setitem__("degrees_of_freedom_spec", {"creative_features_spec": {
             "standard_enhancements": {"enroll_status": "OPT_OUT"}, "image_touchups": {"enroll_status": "OPT_IN"}}})),
    ],
    "meta.rules.dynamic_adset": [
        ("placement rules in a dynamic-creative ad set", PLACED, dict(ADSET, is_dynamic_creative=True),
         "OUTCOME_SALES", lambda c: None),
    ],
}


def test_every_payload_rule_has_a_case():
    assert set(CASES) == PAYLOAD_RULES | {"meta.crop.deprecated_key"}
    assert PAYLOAD_RULES <= set(RULES)


@pytest.mark.parametrize(("base", "adset", "objective"), [(PLACED, ADSET, "OUTCOME_SALES"),
                                                          (LEAD, LEAD_ADSET, "OUTCOME_LEADS")])
def test_the_passing_payloads_have_no_findings(base, adset, objective):
    assert check_creative_payload(copy.deepcopy(base), dict(adset, is_dynamic_creative=False), objective) == []


@pytest.mark.parametrize(("rule_id", "why", "base", "adset", "objective", "change"),
                         [(rule_id, *case) for rule_id, cases in sorted(CASES.items()) for case in cases],
                         ids=[f"{rule_id}: {case[0]}" for rule_id, cases in sorted(CASES.items()) for case in cases])
def test_each_rule_fires_on_its_payload(rule_id, why, base, adset, objective, change):
    creative = copy.deepcopy(base)
    change(creative)
    findings = check_creative_payload(creative, adset, objective)
    assert {f.rule_id for f in findings} == {rule_id}, why
    for f in findings:
        assert f.severity == RULES[rule_id].severity and f.source == RULES[rule_id].source
        assert f.field and f.field.split(".")[0] in ("asset_feed_spec", "object_story_spec", "adset",
                                                       "degrees_of_freedom_spec")
        assert f.hint


def test_messages_name_the_error_code_meta_gives():
    codes = {"meta.rules.label_missing": "2446173", "meta.rules.unlabelled_assets": "1885878",
             "meta.rules.no_link": "1885800", "meta.rules.unknown_key": "1487390", "meta.video.thumbnail": "1443226",
             "meta.crop.deprecated_key": "2490085", "meta.cta.lead_form": "3390001",
             "meta.video.in_story_spec": "1443048", "meta.enhancements.bundle_payload": "3858504"}
    for rule_id, code in codes.items():
        for _, base, adset, objective, change in CASES[rule_id]:
            creative = copy.deepcopy(base)
            change(creative)
            assert all(code in f.message for f in check_creative_payload(creative, adset, objective)), rule_id
        assert code in RULES[rule_id].note


def test_a_lead_form_with_its_id_passes_whatever_the_objective():
    # Public lead-ad code sends the fb.me link beside the form's id, in link_urls and in value.link.
    creative = copy.deepcopy(LEAD)
    creative["asset_feed_spec"]["call_to_actions"][0]["value"]["link"] = "http://fb.me/"
    for objective in ("OUTCOME_LEADS", "OUTCOME_TRAFFIC", None):
        assert check_creative_payload(creative, ADSET, objective) == []


def test_a_website_lead_ad_needs_no_form():
    creative = copy.deepcopy(LEAD)
    del creative["asset_feed_spec"]["call_to_actions"]
    creative["asset_feed_spec"]["link_urls"] = [{"website_url": "https://www.example.com/guide"}]
    assert check_creative_payload(creative, ADSET, "OUTCOME_LEADS") == []


@pytest.mark.parametrize("junk", [None, 3, "rules", [None, "x"], {"a": 1}, [{"customization_spec": "feed"}],
                                  [{"customization_spec": {"facebook_positions": "feed"}}]])
def test_a_payload_of_any_shape_gives_findings_never_a_traceback(junk):
    creative = copy.deepcopy(PLACED)
    creative["asset_feed_spec"]["asset_customization_rules"] = junk
    check_creative_payload(creative, ADSET, "OUTCOME_SALES")
    for whole in (None, [], {"asset_feed_spec": []}, {"asset_feed_spec": {"videos": "x", "images": [3]}}):
        check_creative_payload(whole, None, None)


def test_rule_and_spec_keys_are_the_sdks():
    from facebook_business.adobjects.adassetcustomizationrulecustomizationspec import (
        AdAssetCustomizationRuleCustomizationSpec as Spec,
    )
    from facebook_business.adobjects.adassetfeedspec import AdAssetFeedSpec
    from facebook_business.adobjects.adassetfeedspecassetcustomizationrule import (
        AdAssetFeedSpecAssetCustomizationRule as Rule,
    )

    assert set(RULE_KEYS) == set(Rule._field_types)
    assert set(SPEC_KEYS) == set(Spec._field_types)
    assert {pool for pool in LABEL_POOLS.values() if pool} <= set(AdAssetFeedSpec._field_types)


def test_positions_are_the_sdks():
    from facebook_business.adobjects.adcampaignplacementget import AdCampaignPlacementGet as Get

    def values(enum):
        return {v.lower() for k, v in vars(enum).items() if not k.startswith("_")}

    sdk = {"facebook_positions": Get.EffectiveFacebookPositions, "instagram_positions": Get.EffectiveInstagramPositions,
           "audience_network_positions": Get.EffectiveAudienceNetworkPositions,
           "messenger_positions": Get.EffectiveMessengerPositions}
    for key, enum in sdk.items():
        assert set(POSITION_KEYS[key][1]) == values(enum), key
    assert set(PUBLISHER_PLATFORMS) == values(Get.EffectivePublisherPlatforms)
    assert {platform for platform, _ in POSITION_KEYS.values()} <= set(PUBLISHER_PLATFORMS)
    # The SDK has no Threads positions enum; the key itself must still be the SDK's.
    assert "threads_positions" in SPEC_KEYS and POSITION_KEYS["threads_positions"][1] == ("threads_stream",)


@pytest.mark.parametrize(("value", "caught"), [({}, True), ({"lead_gen_form_id": "551234567890"}, False)])
def test_a_project_linking_to_fb_me_needs_its_form_whatever_the_objective(demo_project, value, caught):
    from dataclasses import replace

    from dcstudio.core.lint import lint
    from dcstudio.core.platforms.meta.export.payload_lint import with_payload_findings

    assert demo_project.campaign.objective != "OUTCOME_LEADS"
    for link in demo_project.pools["link_urls"]:
        demo_project.replace_asset(replace(link, website_url="http://fb.me/"))
    for cta in demo_project.pools["call_to_actions"]:
        demo_project.replace_asset(replace(cta, type="SIGN_UP", value=value))
    found = [f for f in with_payload_findings(lint(demo_project), demo_project).findings
             if f.rule_id == "meta.cta.lead_form"]
    assert bool(found) is caught
    assert all("lead_gen_form_id" in f.message and f.severity == "error" for f in found)


def test_a_multiple_text_options_video_sits_in_the_story_without_error():
    """Ads Manager's DEGREES_OF_FREEDOM creative keeps its video in video_data and only texts in
    the feed: not the 1443048 shape (a video beside a feed of media)."""
    creative = {"object_story_spec": {"page_id": "104857600012345", "video_data": {
                    "video_id": "77", "image_hash": "h", "call_to_action": {"type": "LEARN_MORE"}}},
                "asset_feed_spec": {"bodies": [{"text": "One"}, {"text": "Two"}],
                                    "optimization_type": "DEGREES_OF_FREEDOM"}}
    assert check_creative_payload(creative) == []
    creative["asset_feed_spec"]["videos"] = [{"video_id": "77", "thumbnail_hash": "h"}]
    assert {f.rule_id for f in check_creative_payload(creative)} == {"meta.video.in_story_spec"}
