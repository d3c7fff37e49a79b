"""The enums the core carries must be the official SDK's, value for value."""
from __future__ import annotations

from facebook_business.adobjects.adassetfeedspec import AdAssetFeedSpec
from facebook_business.adobjects.adcreative import AdCreative
from facebook_business.adobjects.adcreativefeaturesspec import AdCreativeFeaturesSpec
from facebook_business.adobjects.adcreativeget import AdCreativeGet
from facebook_business.adobjects.adcreativelinkdatacalltoaction import AdCreativeLinkDataCallToAction
from facebook_business.adobjects.adpromotedobject import AdPromotedObject
from facebook_business.adobjects.adset import AdSet
from facebook_business.adobjects.campaign import Campaign

from dcstudio.core.values import meta_enums


def _values(enum) -> set[str]:
    return {v for k, v in vars(enum).items() if not k.startswith("_")}


def test_enums_match_the_sdk():
    assert set(meta_enums.OBJECTIVES) == _values(Campaign.Objective)
    assert set(meta_enums.DC_OBJECTIVES) <= _values(Campaign.Objective)
    assert set(meta_enums.OPTIMIZATION_GOALS) == _values(AdSet.OptimizationGoal)
    assert set(meta_enums.BILLING_EVENTS) == _values(AdSet.BillingEvent)
    assert set(meta_enums.BID_STRATEGIES) == _values(AdSet.BidStrategy)
    assert set(meta_enums.SPECIAL_AD_CATEGORIES) == _values(Campaign.SpecialAdCategories)
    assert set(meta_enums.CUSTOM_EVENT_TYPES) == _values(AdPromotedObject.CustomEventType)
    goals = {g for gs in meta_enums.DC_OPTIMIZATION_GOALS.values() for g in gs}
    assert goals <= _values(AdSet.OptimizationGoal)
    assert set(meta_enums.ENHANCEMENT_FEATURES) <= set(AdCreativeFeaturesSpec._field_types)
    assert "standard_enhancements" not in meta_enums.ENHANCEMENT_FEATURES


def test_the_call_to_action_list_is_every_type_the_sdk_lists_for_a_creative():
    sdk = (_values(AdAssetFeedSpec.CallToActionTypes) | _values(AdCreative.CallToActionType)
           | _values(AdCreativeLinkDataCallToAction.Type) | _values(AdCreativeGet.CallToActionType))
    assert set(meta_enums.CALL_TO_ACTION_TYPES) == sdk
    assert len(meta_enums.CALL_TO_ACTION_TYPES) == len(sdk), "no type twice"
    assert "SEE_DETAILS" in meta_enums.CALL_TO_ACTION_TYPES  # production code uses it (tests/corpus)


def test_cta_labels_read_as_people_see_them():
    assert meta_enums.cta_label("SHOP_NOW") == "Shop now"
    assert meta_enums.cta_label("LEARN_MORE") == "Learn more"
    assert meta_enums.cta_label("NO_BUTTON") == ""
    assert all(isinstance(meta_enums.cta_label(c), str) for c in meta_enums.CALL_TO_ACTION_TYPES)


def test_catalog_format_and_overlay_enums_match_the_sdk():
    from facebook_business.adobjects.adcreativelinkdata import AdCreativeLinkData
    from facebook_business.adobjects.adcreativelinkdataimagelayerspec import AdCreativeLinkDataImageLayerSpec as Layer
    from facebook_business.adobjects.adcreativelinkdataimageoverlayspec import (
        AdCreativeLinkDataImageOverlaySpec as Overlay,
    )

    pairs = [
        (meta_enums.CATALOG_FORMAT_OPTIONS, AdCreativeLinkData.FormatOption),
        (meta_enums.OVERLAY_TEMPLATES, Overlay.OverlayTemplate),
        (meta_enums.OVERLAY_TEXT_TYPES, Overlay.TextType),
        (meta_enums.OVERLAY_CUSTOM_TEXT_TYPES, Overlay.CustomTextType),
        (meta_enums.OVERLAY_POSITIONS, Overlay.Position),
        (meta_enums.OVERLAY_TEXT_FONTS, Overlay.TextFont),
        (meta_enums.OVERLAY_THEME_COLORS, Overlay.ThemeColor),
        (meta_enums.LAYER_TYPES, Layer.LayerType),
        (meta_enums.LAYER_BLENDING_MODES, Layer.BlendingMode),
        (meta_enums.LAYER_FRAME_SOURCES, Layer.FrameSource),
        (meta_enums.LAYER_IMAGE_SOURCES, Layer.ImageSource),
        (meta_enums.LAYER_OVERLAY_POSITIONS, Layer.OverlayPosition),
        (meta_enums.LAYER_OVERLAY_SHAPES, Layer.OverlayShape),
        (meta_enums.LAYER_TEXT_FONTS, Layer.TextFont),
    ]
    for ours, sdk in pairs:
        assert set(ours) == _values(sdk), sdk.__qualname__
        assert len(ours) == len(set(ours)), f"{sdk.__qualname__}: a value twice"
