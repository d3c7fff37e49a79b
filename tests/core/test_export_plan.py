"""build_plan: the calls, checked field by field against the official SDK's field lists and enums,
for the demo project and for a maximal pool; crops, budgets, templates, purity."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest
from facebook_business.adobjects.ad import Ad
from facebook_business.adobjects.adassetfeedspec import AdAssetFeedSpec
from facebook_business.adobjects.adassetfeedspecassetlabel import AdAssetFeedSpecAssetLabel
from facebook_business.adobjects.adassetfeedspecbody import AdAssetFeedSpecBody
from facebook_business.adobjects.adassetfeedspecdescription import AdAssetFeedSpecDescription
from facebook_business.adobjects.adassetfeedspecimage import AdAssetFeedSpecImage
from facebook_business.adobjects.adassetfeedspeclinkurl import AdAssetFeedSpecLinkURL
from facebook_business.adobjects.adassetfeedspectitle import AdAssetFeedSpecTitle
from facebook_business.adobjects.adassetfeedspecvideo import AdAssetFeedSpecVideo
from facebook_business.adobjects.adcreative import AdCreative
from facebook_business.adobjects.adcreativedegreesoffreedomspec import AdCreativeDegreesOfFreedomSpec
from facebook_business.adobjects.adcreativefeaturedetails import AdCreativeFeatureDetails
from facebook_business.adobjects.adcreativefeaturesspec import AdCreativeFeaturesSpec
from facebook_business.adobjects.adcreativeobjectstoryspec import AdCreativeObjectStorySpec
from facebook_business.adobjects.adimage import AdImage
from facebook_business.adobjects.adset import AdSet
from facebook_business.adobjects.adsimagecrops import AdsImageCrops
from facebook_business.adobjects.campaign import Campaign
from PIL import Image

from dcstudio.core.model.assets import CtaAsset, LinkAsset, TextAsset, VideoAsset
from dcstudio.core.model.campaign import Budget, minor_units
from dcstudio.core.model.project import ExportSettings, Project
from dcstudio.core.model.project_folder import import_image
from dcstudio.core.model.templates import template_warnings
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.values.crops import Crop
from dcstudio.core.values.errors import BadInputError, VideoError
from dcstudio.core.values.meta_enums import AD_FORMATS, BUYING_TYPES, ENHANCEMENT_FEATURES

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
CALL_FIELDS = {"campaign": Campaign, "adset": AdSet, "creative": AdCreative, "ad": Ad, "image": AdImage}
FEED_ITEMS = {"images": AdAssetFeedSpecImage, "videos": AdAssetFeedSpecVideo, "titles": AdAssetFeedSpecTitle,
              "bodies": AdAssetFeedSpecBody, "descriptions": AdAssetFeedSpecDescription,
              "link_urls": AdAssetFeedSpecLinkURL}


def _values(enum) -> set[str]:
    return {v for k, v in vars(enum).items() if not k.startswith("_")}


def _maximal_project(folder) -> Project:
    """Every field the export can emit: images and videos, labels, all text pools at their
    limit, five CTAs and links, Instagram, placements, a lifetime JPY budget, exclusions."""
    p = Project("Max pool", ad_format="AUTOMATIC_FORMAT", folder=folder)
    sizes = [(1080, 1080, "100x100"), (1080, 1350, "400x500"), (1080, 1920, "90x160"), (1200, 720, "600x360"),
             (1200, 450, "400x150"), (1000, 720, "100x72")]
    for i, (w, h, key) in enumerate(sizes, 1):
        src = folder.parent / f"src{i}.png"
        Image.new("RGB", (w, h), (i * 30, 90, 160)).save(src)
        asset = p.add_asset("images", import_image(p, src, label=f"Image {i}" if i % 2 else ""))
        p.update_asset(asset.id, crop=Crop.centered(w, h, key))
    p.add_asset("videos", VideoAsset("", video_id="120000000000001", label="Clip one"))
    p.add_asset("videos", VideoAsset("", video_id="120000000000002"))
    for pool in ("titles", "bodies", "descriptions"):
        for i in range(1, 6):
            p.add_asset(pool, TextAsset("", f"{pool} {i} text", label=f"{pool[:-1]} {i}" if i < 3 else "",
                                        url_tags="extra=1" if i == 5 else ""))
    for cta in ("SHOP_NOW", "LEARN_MORE", "SIGN_UP", "BOOK_NOW", "GET_OFFER"):
        p.add_asset("call_to_actions", CtaAsset("", cta))
    for i in range(1, 6):
        p.add_asset("link_urls", LinkAsset("", f"https://example.com/p{i}", f"example.com/p{i}",
                                           f"example://p{i}" if i == 1 else "", label=f"Link {i}"))
    p.update_campaign(objective="OUTCOME_TRAFFIC", special_ad_categories=("HOUSING",),
                      optimization_goal="LINK_CLICKS", billing_event="IMPRESSIONS",
                      bid_strategy="LOWEST_COST_WITHOUT_CAP", budget=Budget("lifetime", Decimal("150000"), "JPY"),
                      start_time="2026-12-01T00:00:00+0900", end_time="2026-12-31T00:00:00+0900",
                      page_id="111", instagram_user_id="17841400000000000",
                      placements={"publisher_platforms": ["facebook", "instagram"],
                                  "facebook_positions": ["feed", "story"], "instagram_positions": ["stream"]},
                      promoted_object={"page_id": "111"})
    for f in ENHANCEMENT_FEATURES[:5]:
        p.set_enhancement(f, "OPT_IN")
    p.exclude("img1", "title1")
    p.exclude("img2", "body2")
    p.set_export_settings(ExportSettings("{project} | {level} {n} | {date}", "utm_source=meta&utm_campaign={project}"
                                         "&utm_content={image}&utm_term={title}&b={body}&d={description}&v={video}"
                                         "&ad={{ad.id}}"))
    return p


@pytest.fixture
def max_project(tmp_path):
    folder = tmp_path / "max"
    folder.mkdir()
    return _maximal_project(folder)


def _check_against_sdk(plan: dict) -> None:
    for call in plan["calls"]:
        cls = CALL_FIELDS[call["kind"]]
        params = call["params"]
        unknown = set(params) - set(cls._field_types)
        assert not unknown, f"{call['id']}: {unknown} are not {cls.__name__} fields"
        assert call["method"] == "POST" and call["path"].startswith("act_{ad_account_id}/")
        kind = call["kind"]
        if kind == "campaign":
            assert params["objective"] in _values(Campaign.Objective)
            assert params["status"] in _values(Campaign.Status)
            assert set(params["special_ad_categories"]) <= _values(Campaign.SpecialAdCategories)
            assert params["buying_type"] in BUYING_TYPES
        elif kind == "adset":
            assert params["optimization_goal"] in _values(AdSet.OptimizationGoal)
            assert params["billing_event"] in _values(AdSet.BillingEvent)
            assert params["bid_strategy"] in _values(AdSet.BidStrategy)
            assert params["status"] in _values(AdSet.Status)
            assert params["is_dynamic_creative"] is True
            budget = params.get("daily_budget", params.get("lifetime_budget"))
            assert isinstance(budget, int) and budget > 0
        elif kind == "ad":
            assert params["status"] in _values(Ad.Status)
            assert set(params["creative"]) == {"creative_id"}
        elif kind == "creative":
            assert set(params["object_story_spec"]) <= set(AdCreativeObjectStorySpec._field_types)
            assert set(params["object_story_spec"]) <= {"page_id", "instagram_user_id"}
            dof = params["degrees_of_freedom_spec"]
            assert set(dof) <= set(AdCreativeDegreesOfFreedomSpec._field_types)
            features = dof["creative_features_spec"]
            assert set(features) <= set(AdCreativeFeaturesSpec._field_types)
            assert set(ENHANCEMENT_FEATURES) <= set(features), "every enhancement set explicitly"
            for detail in features.values():
                assert set(detail) <= set(AdCreativeFeatureDetails._field_types)
                assert detail["enroll_status"] in ("OPT_IN", "OPT_OUT")
            _check_feed(params["asset_feed_spec"])


def _check_feed(feed: dict) -> None:
    assert set(feed) <= set(AdAssetFeedSpec._field_types)
    assert len(feed["ad_formats"]) == 1 and feed["ad_formats"][0] in AD_FORMATS
    assert set(feed.get("call_to_action_types", [])) <= _values(AdAssetFeedSpec.CallToActionTypes)
    for pool, cls in FEED_ITEMS.items():
        for entry in feed.get(pool, []):
            assert set(entry) <= set(cls._field_types), f"{pool}: {set(entry) - set(cls._field_types)}"
            for label in entry.get("adlabels", []):
                assert set(label) <= set(AdAssetFeedSpecAssetLabel._field_types)
            for key, corners in entry.get("image_crops", {}).items():
                assert key in AdsImageCrops._field_types
                (x1, y1), (x2, y2) = corners
                assert 0 <= x1 <= x2 and 0 <= y1 <= y2


def test_demo_plan_matches_the_sdk(demo_project):
    plan = build_plan(demo_project, now=NOW)
    _check_against_sdk(plan)
    assert [c["id"] for c in plan["calls"]] == ["campaign", "adset-1", "image-img1", "image-img2", "image-img3",
                                                "image-img4", "image-img5", "creative-1", "ad-1"]
    assert plan["plan_version"] == 1 and plan["api_version"] == "v25.0" and plan["project"] == "Spring Essentials"
    assert plan["created"] == "2026-11-23T09:30:00+00:00"
    assert plan["summary"] == {"campaigns": 1, "adsets": 1, "images": 5, "creatives": 1, "ads": 1,
                               "combinations": 180, "split": "one ad set: no exclusions to honour", "left_out": []}
    adset = plan["calls"][1]["params"]
    assert adset["daily_budget"] == 4000 and adset["campaign_id"] == "{campaign.id}"
    assert adset["status"] == "PAUSED" and plan["calls"][0]["params"]["status"] == "PAUSED"
    ad = plan["calls"][-1]["params"]
    assert ad["adset_id"] == "{adset-1.id}" and ad["creative"] == {"creative_id": "{creative-1.id}"}
    image = plan["calls"][2]
    assert image["file"] == "images/trail-sneaker.jpg" and image["params"] == {"name": "trail-sneaker.jpg"}
    assert image["returns"] == ["hash"] and image["sha256"] == demo_project.asset("img1").sha256


def test_demo_names_and_url_tags_follow_the_templates(demo_project):
    plan = build_plan(demo_project, now=NOW)
    names = [c["params"]["name"] for c in plan["calls"] if c["kind"] != "image"]
    assert names == ["Spring Essentials-OUTCOME_SALES-2026-12-01",
                     "Spring Essentials-OUTCOME_SALES-2026-12-01 - ad set 1",
                     "Spring Essentials-OUTCOME_SALES-2026-12-01 - creative 1",
                     "Spring Essentials-OUTCOME_SALES-2026-12-01 - ad 1"]
    feed = plan["calls"][7]["params"]["asset_feed_spec"]
    assert feed["images"][0]["url_tags"] == "utm_content=trail-sneaker"
    assert feed["titles"][1]["url_tags"] == "utm_term=title2"
    assert "url_tags" not in feed["bodies"][0]
    assert feed["link_urls"][0]["url_tags"] == "utm_source=meta&utm_medium=paid&utm_campaign=spring-essentials"


def test_crops_are_the_projects_inclusive_corners(demo_project):
    plan = build_plan(demo_project, now=NOW)
    feed = plan["calls"][7]["params"]["asset_feed_spec"]
    watch = feed["images"][3]
    assert watch["hash"] == "{image-img4.hash}"
    assert watch["image_crops"] == {"100x100": [[0, 150], [1199, 1349]]}
    demo_project.update_asset("img1", crop=Crop(100, 0, 864, 1080, "400x500"))
    feed = build_plan(demo_project, now=NOW)["calls"][7]["params"]["asset_feed_spec"]
    assert feed["images"][0]["image_crops"] == {"400x500": [[100, 0], [963, 1079]]}


def test_maximal_pool_matches_the_sdk(max_project):
    plan = build_plan(max_project, now=NOW)
    _check_against_sdk(plan)
    s = plan["summary"]
    assert s["adsets"] == 3 and s["creatives"] == 3 and s["ads"] == 3 and s["images"] == 6
    feeds = [c["params"]["asset_feed_spec"] for c in plan["calls"] if c["kind"] == "creative"]
    for feed in feeds:
        ids = {e.get("text") for pool in ("titles", "bodies") for e in feed.get(pool, [])}
        hashes = {e["hash"] for e in feed["images"]}
        assert not ("{image-img1.hash}" in hashes and "titles 1 text" in ids)
        assert not ("{image-img2.hash}" in hashes and "bodies 2 text" in ids)
        assert feed["ad_formats"] == ["AUTOMATIC_FORMAT"]
        assert feed["videos"][0] == {"video_id": "120000000000001", "url_tags": "v=clip-one",
                                     "adlabels": [{"name": "Clip one"}]}
    crops = {k for f in feeds for e in f["images"] for k in e["image_crops"]}
    assert crops == {"100x100", "400x500", "90x160", "600x360", "400x150", "100x72"}
    adsets = [c["params"] for c in plan["calls"] if c["kind"] == "adset"]
    assert sum(a["lifetime_budget"] for a in adsets) == 150000  # JPY has no minor unit
    assert adsets[0]["targeting"]["publisher_platforms"] == ["facebook", "instagram"]
    assert adsets[0]["name"] == "Max pool | ad set 1 | 2026-12-01"
    creative = plan["calls"][-4]["params"]
    assert creative["object_story_spec"] == {"page_id": "111", "instagram_user_id": "17841400000000000"}
    title5 = feeds[0]["titles"][-1]
    assert title5["url_tags"] == "utm_term=title5&extra=1"  # the template's part, then the asset's own
    assert feeds[0]["link_urls"][0]["url_tags"] == "utm_source=meta&utm_campaign=max-pool&ad={{ad.id}}"
    assert "3 ad sets" in s["split"] and "img1 + title1" in s["split"]


def test_plan_is_pure(max_project):
    assert build_plan(max_project, now=NOW) == build_plan(max_project, now=NOW)


def test_api_version_is_configurable(demo_project):
    assert build_plan(demo_project, now=NOW, api_version="v26.0")["api_version"] == "v26.0"
    demo_project.set_export_settings(ExportSettings(api_version="v24.0"))
    assert build_plan(demo_project, now=NOW)["api_version"] == "v24.0"


def test_status_follows_the_project(demo_project):
    demo_project.update_campaign(status="ACTIVE")
    plan = build_plan(demo_project, now=NOW)
    assert {c["params"]["status"] for c in plan["calls"] if "status" in c["params"]} == {"ACTIVE"}


@pytest.mark.parametrize("amount, currency, minor", [
    ("40.00", "USD", 4000), ("12.34", "EUR", 1234), ("5000", "JPY", 5000), ("1000", "KRW", 1000),
    ("0.5", "GBP", 50),
])
def test_budget_minor_units(amount, currency, minor):
    assert minor_units(Decimal(amount), currency) == minor


def test_budget_with_impossible_decimals_is_refused(demo_project):
    demo_project.update_campaign(budget=Budget("daily", Decimal("1000.5"), "JPY"))
    with pytest.raises(BadInputError, match="JPY takes no decimals"):
        build_plan(demo_project, now=NOW)


def test_url_tags_template_split_by_asset_kind(demo_project):
    demo_project.set_export_settings(ExportSettings(url_tags_template="utm_content={image}-{title}"))
    feed = build_plan(demo_project, now=NOW)["calls"][7]["params"]["asset_feed_spec"]
    assert feed["images"][0]["url_tags"] == "utm_content=trail-sneaker"
    assert feed["titles"][0]["url_tags"] == "utm_content=title1"
    assert template_warnings("utm_content={image}-{title}") and not template_warnings("a={image}&b={title}")


def test_video_without_id_or_file_is_refused(demo_project, tmp_path):
    # A video file is uploaded by the publish now: only one that is missing, or a video with
    # neither a file nor an ad-account id, cannot be exported.
    demo_project.set_project_settings(ad_format="AUTOMATIC_FORMAT")
    demo_project.add_asset("videos", VideoAsset("", file="assets/clip.mp4"))
    with pytest.raises(VideoError, match="clip.mp4: file of video vid1 is missing"):
        build_plan(demo_project, now=NOW)
    demo_project.remove_asset("vid1")
    demo_project.add_asset("videos", VideoAsset("", video_id=""))
    with pytest.raises(BadInputError, match="neither a file nor a video id"):
        build_plan(demo_project, now=NOW)


def test_other_profiles_and_empty_projects_are_refused(demo_project):
    with pytest.raises(BadInputError, match="no combinations"):
        build_plan(Project("Empty"), now=NOW)
    demo_project.set_project_settings(profile="tiktok-aco")
    with pytest.raises(BadInputError, match="tiktok-aco"):
        build_plan(demo_project, now=NOW)


def test_missing_image_file_is_refused(demo_project):
    demo_project.resolve(demo_project.asset("img2").file).unlink()
    with pytest.raises(Exception, match="img2"):
        build_plan(demo_project, now=NOW)


@pytest.mark.parametrize("change", [
    lambda p: p.update_asset("title1", text="{campaign.id}"),
    lambda p: p.update_asset("body1", text="{adset-1.id}"),
    lambda p: (p.set_export_settings(ExportSettings()), p.update_asset("title2", url_tags="{first.name}")),
    lambda p: (p.set_export_settings(ExportSettings(naming_template="{project}")),
               p.set_project_settings(name="{campaign.id}")),
])
def test_a_text_of_the_reference_form_is_refused(demo_project, change):
    # Both senders would swap such a text for a returned id (or refuse the plan), so it never
    # enters one; braces inside a longer text stay, as Meta's {{ad.id}} macros do.
    change(demo_project)
    with pytest.raises(BadInputError, match=r"form of a reference.*change it"):
        build_plan(demo_project, now=NOW)


def test_the_refusal_names_the_asset(demo_project):
    demo_project.update_asset("title1", text="{campaign.id}")
    with pytest.raises(BadInputError, match=r"^title1 text: the text '\{campaign.id\}'"):
        build_plan(demo_project, now=NOW)


def test_braces_inside_a_text_are_kept(demo_project):
    demo_project.update_asset("title1", text="Hi {first.name}, welcome")
    demo_project.set_export_settings(ExportSettings(url_tags_template="c={{campaign.id}}"))
    plan = build_plan(demo_project, now=NOW)
    feed = next(c for c in plan["calls"] if c["kind"] == "creative")["params"]["asset_feed_spec"]
    assert feed["titles"][0]["text"] == "Hi {first.name}, welcome"
    assert feed["link_urls"][0]["url_tags"] == "c={{campaign.id}}"
