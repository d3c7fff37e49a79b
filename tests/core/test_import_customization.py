"""import -> export gives back the same asset_feed_spec and creative fields for what real
creatives use: placement and language customization, lead forms, video thumbnails, several ad
formats, and the fields the studio keeps as they came. The specs are small hand-written ones
modelled on the examples of Meta's Asset Feed Spec, Placement Asset Customization, Multi-Language
Ads and lead ads pages. Every emitted field name is checked against the facebook_business SDK."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from facebook_business.adobjects.adassetcustomizationrulecustomizationspec import (
    AdAssetCustomizationRuleCustomizationSpec,
)
from facebook_business.adobjects.adassetfeedspec import AdAssetFeedSpec
from facebook_business.adobjects.adassetfeedspecassetcustomizationrule import AdAssetFeedSpecAssetCustomizationRule
from facebook_business.adobjects.adassetfeedspeccalltoaction import AdAssetFeedSpecCallToAction
from facebook_business.adobjects.adassetfeedspecimage import AdAssetFeedSpecImage
from facebook_business.adobjects.adassetfeedspecvideo import AdAssetFeedSpecVideo
from facebook_business.adobjects.adcreative import AdCreative

from dcstudio.core.model.project_folder import load_project
from dcstudio.core.platforms.meta.export.importer import import_spec
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.export.spec_reader import MODELLED_FEED_KEYS, READ_ONLY_CREATIVE_KEYS
from dcstudio.core.values.errors import BadInputError

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
H1, H2, H3 = "aa11" * 8, "bb22" * 8, "cc33" * 8

PLACEMENT = {  # Placement Asset Customization: a 4:5 image for Feed, a 9:16 one for Stories
    "ad_formats": ["AUTOMATIC_FORMAT"],
    "images": [{"hash": H1, "adlabels": [{"name": "feed_image"}]},
               {"hash": H2, "adlabels": [{"name": "story_image"}]}],
    "bodies": [{"text": "", "adlabels": [{"name": "feed_body"}]},
               {"text": "Swipe up", "adlabels": [{"name": "story_body"}]}],
    "titles": [{"text": "Summer sale", "adlabels": [{"name": "feed_body"}, {"name": "story_body"}]}],
    "link_urls": [{"website_url": "https://www.example.com/", "adlabels": [{"name": "link"}]}],
    "call_to_action_types": ["SHOP_NOW"],
    "optimization_type": "PLACEMENT",
    "asset_customization_rules": [
        {"customization_spec": {"publisher_platforms": ["facebook", "instagram"], "facebook_positions": ["feed"],
                                "instagram_positions": ["stream"]},
         "image_label": {"name": "feed_image"}, "body_label": {"name": "feed_body"},
         "link_url_label": {"name": "link"}, "priority": 1},
        {"customization_spec": {"publisher_platforms": ["facebook", "instagram"], "facebook_positions": ["story"],
                                "instagram_positions": ["story", "reels"]},
         "image_label": {"name": "story_image"}, "body_label": {"name": "story_body"},
         "link_url_label": {"name": "link"}, "priority": 2},
        {"customization_spec": {}, "image_label": {"name": "feed_image"}, "body_label": {"name": "feed_body"},
         "link_url_label": {"name": "link"}, "priority": 3},
    ],
}

LANGUAGE = {  # Multi-Language Ads: one default language, the same brand title in two languages
    "ad_formats": ["SINGLE_IMAGE"],
    "images": [{"hash": H1, "image_crops": {"100x100": [[0, 0], [1079, 1079]]}}],
    "titles": [{"text": "Acme", "adlabels": [{"name": "english"}]},
               {"text": "Acme", "adlabels": [{"name": "french"}]}],
    "bodies": [{"text": "Fresh coffee every morning", "adlabels": [{"name": "english"}]},
               {"text": "Du café frais chaque matin", "adlabels": [{"name": "french"}]}],
    "link_urls": [{"website_url": "https://www.example.com/en", "adlabels": [{"name": "english"}]},
                  {"website_url": "https://www.example.com/fr", "adlabels": [{"name": "french"}]}],
    "call_to_action_types": ["LEARN_MORE"],
    "optimization_type": "LANGUAGE",
    "autotranslate": ["de_DE"],
    "asset_customization_rules": [
        {"customization_spec": {"locales": [6, 24]}, "title_label": {"name": "english"},
         "body_label": {"name": "english"}, "link_url_label": {"name": "english"}, "is_default": True,
         "priority": 1},
        {"customization_spec": {"locales": [9, 44]}, "title_label": {"name": "french"},
         "body_label": {"name": "french"}, "link_url_label": {"name": "french"}, "priority": 2},
    ],
}

LEAD = {  # a lead ad: the form travels with the call to action
    "ad_formats": ["SINGLE_IMAGE", "SINGLE_VIDEO"],
    "images": [{"hash": H1}, {"hash": H3}],
    "videos": [{"video_id": "1200000000001", "thumbnail_url": "https://cdn.example.com/thumb.jpg"},
               {"video_id": "1200000000002", "thumbnail_hash": H2}],
    "titles": [{"text": "Get a quote"}],
    "bodies": [{"text": "Tell us about your project"}],
    "link_urls": [{"website_url": "http://fb.me/"}],
    "call_to_actions": [{"type": "SIGN_UP", "value": {"lead_gen_form_id": "733000000000001"}}],
}

KEPT_FEED = {"additional_data": {"multi_share_end_card": False}, "shops_bundle": True, "reasons_to_shop": False,
             "captions": [{"url": "https://cdn.example.com/c.srt", "adlabels": [{"name": "cap"}]}],
             "message_extensions": [{"type": "whatsapp"}], "onsite_destinations": [{"auto_destination": True}]}
KEPT_CREATIVE = {"destination_spec": {"destination_type": "WEBSITE"}, "instagram_user_id": "17841400000000001",
                 "threads_user_id": "17841400000000002", "source_instagram_media_id": "17900000000000003"}


def _creative(feed: dict, **more) -> dict:
    return {"name": "Real creative", "object_story_spec": {"page_id": "1000000000001"}, "asset_feed_spec": feed,
            **more}


def _import(tmp_path, doc, notes=None):
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "creative.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    import_spec(path, tmp_path / "p", notes=notes)
    project = load_project(tmp_path / "p")
    project.file_problems.clear()  # placeholders are sent by hash, not read from disk
    return project


def _export(project) -> dict:
    plan = build_plan(project, now=NOW)
    creatives = [c for c in plan["calls"] if c["kind"] == "creative"]
    assert len(creatives) == 1
    return plan


def _creative_params(plan) -> dict:
    return next(c for c in plan["calls"] if c["kind"] == "creative")["params"]


def _fields(cls) -> set[str]:
    return set(cls._field_types)


def _check_names_against_the_sdk(params: dict) -> None:
    assert set(params) <= _fields(AdCreative)
    feed = params["asset_feed_spec"]
    assert set(feed) <= _fields(AdAssetFeedSpec)
    for image in feed.get("images", []):
        assert set(image) <= _fields(AdAssetFeedSpecImage)
    for video in feed.get("videos", []):
        assert set(video) <= _fields(AdAssetFeedSpecVideo)
    for cta in feed.get("call_to_actions", []):
        assert set(cta) <= _fields(AdAssetFeedSpecCallToAction)
    for rule in feed.get("asset_customization_rules", []):
        assert set(rule) <= _fields(AdAssetFeedSpecAssetCustomizationRule)
        assert set(rule["customization_spec"]) <= _fields(AdAssetCustomizationRuleCustomizationSpec)
    sdk_ctas = {v for k, v in vars(AdAssetFeedSpec.CallToActionTypes).items() if not k.startswith("_")}
    assert {c["type"] for c in feed.get("call_to_actions", [])} | set(feed.get("call_to_action_types", [])) \
        <= sdk_ctas


@pytest.mark.parametrize("feed", [PLACEMENT, LANGUAGE, LEAD], ids=["placement", "language", "lead"])
def test_import_then_export_gives_the_same_feed(tmp_path, feed):
    project = _import(tmp_path, _creative(feed))
    params = _creative_params(_export(project))
    _check_names_against_the_sdk(params)
    assert params["asset_feed_spec"] == feed


def test_same_value_with_other_labels_stays_two_assets(tmp_path):
    project = _import(tmp_path, _creative(LANGUAGE))
    assert [(t.text, t.adlabels) for t in project.pools["titles"]] == [("Acme", ("english",)), ("Acme", ("french",))]
    project = _import(tmp_path / "again", _creative(dict(PLACEMENT, images=[
        {"hash": H1, "image_crops": {"90x160": [[0, 0], [607, 1079]]}},
        {"hash": H1, "image_crops": {"400x500": [[0, 0], [863, 1079]]}}])))
    assert [i.crop.key for i in project.pools["images"]] == ["90x160", "400x500"]  # one picture, two crops


def test_a_customized_creative_goes_in_an_ad_set_that_is_not_dynamic_creative(tmp_path):
    plan = _export(_import(tmp_path, _creative(PLACEMENT)))
    adset = next(c for c in plan["calls"] if c["kind"] == "adset")["params"]
    assert adset["is_dynamic_creative"] is False
    plain = _export(_import(tmp_path / "lead", _creative(LEAD)))
    assert next(c for c in plain["calls"] if c["kind"] == "adset")["params"]["is_dynamic_creative"] is True


def test_rules_labels_forms_and_thumbnails_survive_a_plan_round_trip(tmp_path):
    first = _export(_import(tmp_path, _creative(PLACEMENT)))
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(first), "utf-8")
    import_spec(plan_path, tmp_path / "back")
    again = load_project(tmp_path / "back")
    again.file_problems.clear()
    assert _creative_params(_export(again))["asset_feed_spec"] == PLACEMENT
    first = _export(_import(tmp_path / "l", _creative(LEAD)))
    (tmp_path / "l" / "plan.json").write_text(json.dumps(first), "utf-8")
    import_spec(tmp_path / "l" / "plan.json", tmp_path / "l" / "back")
    again = load_project(tmp_path / "l" / "back")
    again.file_problems.clear()
    assert _creative_params(_export(again))["asset_feed_spec"] == LEAD


def test_fields_the_studio_does_not_model_go_back_as_they_came_and_are_named(tmp_path):
    notes: list = []
    doc = _creative(dict(LEAD, **KEPT_FEED), id="120000000000009", status="ACTIVE",
                    object_story_spec={"page_id": "1000000000001", "link_data": {"message": "Hi"}}, **KEPT_CREATIVE)
    project = _import(tmp_path, doc, notes)
    params = _creative_params(_export(project))
    # threads_user_id is not in this SDK's AdCreative: it came in the source and goes back as it came.
    _check_names_against_the_sdk({k: v for k, v in params.items() if k != "threads_user_id"})
    assert params["asset_feed_spec"] == dict(LEAD, **KEPT_FEED)
    assert {k: params[k] for k in KEPT_CREATIVE} == KEPT_CREATIVE
    assert params["object_story_spec"] == {"page_id": "1000000000001", "link_data": {"message": "Hi"}}
    assert "id" not in params and "status" not in params
    kept = next(n for n in notes if n.startswith("kept as is: "))
    for name in [*KEPT_FEED, *KEPT_CREATIVE, "object_story_spec.link_data"]:
        assert name in kept
    assert any(n.startswith("left out: id, status") for n in notes)


def _sample(kind: str):
    return [{"x": 1}] if kind.startswith("list") else ({"x": 1} if kind[0].isupper() or kind == "Object" else
                                                       (True if kind == "bool" else "1"))


@pytest.mark.parametrize("name", sorted(AdAssetFeedSpec._field_types))
def test_every_feed_field_the_sdk_lists_is_modelled_kept_or_named(tmp_path, name):
    if name in MODELLED_FEED_KEYS:
        return  # read into the project: the round trips above show each
    notes: list = []
    value = _sample(AdAssetFeedSpec._field_types[name])
    project = _import(tmp_path, _creative(dict(LEAD, **{name: value})), notes)
    assert project.customization.kept_feed == {name: value}
    assert _creative_params(_export(project))["asset_feed_spec"][name] == value
    assert any(n.startswith("kept as is: ") and f"asset_feed_spec.{name}" in n for n in notes)


@pytest.mark.parametrize("name", sorted(AdCreative._field_types))
def test_every_creative_field_the_sdk_lists_is_modelled_kept_or_named(tmp_path, name):
    if name in ("asset_feed_spec", "object_story_spec", "degrees_of_freedom_spec", "name"):
        return
    notes: list = []
    value = _sample(AdCreative._field_types[name])
    project = _import(tmp_path, _creative(LEAD, **{name: value}), notes)
    params = _creative_params(_export(project))
    if name in READ_ONLY_CREATIVE_KEYS:
        assert name not in params and any(n.startswith("left out: ") and name in n for n in notes)
    else:
        assert params[name] == value and any(n.startswith("kept as is: ") and name in n for n in notes)


@pytest.mark.parametrize("rules, field", [
    ([{"customization_spec": {"placement_groups": ["feed"]}}], "asset_customization_rules[0].customization_spec"),
    ([{"image_label": "feed_image"}], "asset_customization_rules[0].image_label"),
])
def test_rules_meta_refuses_are_refused_naming_the_field(tmp_path, rules, field):
    with pytest.raises(BadInputError, match=rf"asset_feed_spec\.{field.replace('[', '.').replace(']', '.')}"):
        _import(tmp_path, _creative(dict(PLACEMENT, asset_customization_rules=rules)))
    assert not (tmp_path / "p").exists()


def test_a_placeholder_video_id_is_refused_naming_the_field(tmp_path):
    feed = dict(LEAD, videos=[{"video_id": "<VIDEO_ID>", "thumbnail_url": "https://cdn.example.com/t.jpg"}])
    with pytest.raises(BadInputError, match=r"asset_feed_spec\.videos\[0\]\.video_id: must be an id"):
        _import(tmp_path, _creative(feed))
    assert not (tmp_path / "p").exists()


def _duplicates(project) -> list[str]:
    from dcstudio.core.lint import lint

    return [f.message for f in lint(project).findings if f.rule_id in ("meta.duplicate", "assets.near_duplicate")]


def test_placeholders_known_by_hash_or_url_are_no_false_duplicates(tmp_path):
    feed = dict(LEAD, images=[{"hash": H1}, {"hash": H3}, {"url": "https://cdn.example.com/a.jpg"},
                              {"url": "https://cdn.example.com/b.jpg"}])
    assert _duplicates(_import(tmp_path, _creative(feed))) == []
    project = _import(tmp_path / "same", _creative(feed))
    project.pools["images"].append(project.pools["images"][0].__class__(
        "img9", "assets/relink-img9.jpg", project.pools["images"][0].sha256, 1080, 1080,
        project.pools["images"][0].crop))
    project.remote_images["img9"] = {"hash": H1, "no_crop": True}
    assert [m for m in _duplicates(project) if "img9 repeats img1" in m]  # the same hash is a real one


def test_same_value_under_other_labels_is_no_duplicate_for_the_linter(tmp_path):
    assert _duplicates(_import(tmp_path, _creative(LANGUAGE))) == []
    assert _duplicates(_import(tmp_path / "placement", _creative(PLACEMENT))) == []


def test_the_remote_image_message_shows_no_internal_flag(tmp_path):
    from dcstudio.core.lint import lint

    path = tmp_path / "p"
    _import(tmp_path, _creative(LEAD))
    messages = [f.message for f in lint(load_project(path)).findings if f.rule_id == "files.remote"]
    assert messages and all("no_crop" not in m and "True" not in m for m in messages)
    assert any(f"hash {H1}" in m for m in messages)


def test_the_standard_enhancements_bundle_becomes_its_features_and_the_notes_say_so(tmp_path):
    from dcstudio.core.values.meta_enums import ENHANCEMENT_FEATURES

    notes: list = []
    dof = {"creative_features_spec": {"standard_enhancements": {"enroll_status": "OPT_IN"},
                                      "inline_comment": {"enroll_status": "OPT_OUT"}}}
    project = _import(tmp_path, _creative(LEAD, degrees_of_freedom_spec=dof), notes)
    assert project.enhancements == {"image_templates": "OPT_IN", "image_touchups": "OPT_IN",
                                    "text_optimizations": "OPT_IN", "inline_comment": "OPT_OUT"}
    sent = _creative_params(_export(project))["degrees_of_freedom_spec"]["creative_features_spec"]
    assert "standard_enhancements" not in sent and sent["image_touchups"] == {"enroll_status": "OPT_IN"}
    assert set(sent) == set(ENHANCEMENT_FEATURES)
    assert any("standard_enhancements" in n and "image_touchups" in n and "3858504" in n for n in notes)
    opt_out = next(n for n in notes if "sent as OPT_OUT" in n)
    assert "adapt_to_placement" in opt_out and "image_touchups" not in opt_out
    video = _import(tmp_path / "v", _creative(dict(LEAD, ad_formats=["SINGLE_VIDEO"]), degrees_of_freedom_spec=dof))
    assert video.enhancements == {"video_auto_crop": "OPT_IN", "text_optimizations": "OPT_IN",
                                  "inline_comment": "OPT_OUT"}


def test_label_ids_meta_gave_are_named_as_left_out(tmp_path):
    notes: list = []
    feed = dict(LEAD, titles=[{"text": "Get a quote", "adlabels": [{"name": "t", "id": "238000000000001"}]}])
    project = _import(tmp_path, _creative(feed), notes)
    assert project.pools["titles"][0].adlabels == ("t",)
    assert any(n.startswith("asset_feed_spec.titles: adlabels kept by name") for n in notes)


def test_a_carousel_sends_no_body_or_link_labels_and_the_linter_says_so(tmp_path):
    from dcstudio.core.lint import lint

    feed = {"ad_formats": ["CAROUSEL"], "images": [{"hash": H1}, {"hash": H3}],
            "bodies": [{"text": "Our picks", "adlabels": [{"name": "b"}]}], "titles": [{"text": "Picks"}],
            "link_urls": [{"website_url": "https://www.example.com/", "adlabels": [{"name": "l"}]}],
            "call_to_action_types": ["SHOP_NOW"]}
    project = _import(tmp_path, _creative(feed))
    sent = _creative_params(_export(project))["asset_feed_spec"]
    assert "adlabels" not in sent["bodies"][0] and "adlabels" not in sent["link_urls"][0]
    assert {f.asset_id for f in lint(project).findings if f.rule_id == "meta.carousel.labels"} == {"body1", "link1"}
