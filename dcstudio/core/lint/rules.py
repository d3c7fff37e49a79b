"""The rule registry: every rule's stable id, severity, title, source and profiles.

docs/rules.md is generated from this table (``python -m dcstudio.core.lint.docs``), and the tests
build a project that breaks each rule, so a rule added here without a check or a test fails CI.
Facts the reference marks UNCONFIRMED are warnings, never errors.
"""
from __future__ import annotations

import dataclasses

from dcstudio.core.lint.findings import Rule
from dcstudio.core.model.catalog_publish import CATALOG_OBJECTIVE, LEGACY_CATALOG_OBJECTIVES
from dcstudio.core.model.catalog_spec import CATALOG_PROFILES
from dcstudio.core.model.catalog_template import is_catalog_ad
from dcstudio.core.values.profiles import GOOGLE, META, TIKTOK
from dcstudio.core.values.profiles import PROFILES as ALL_PROFILES

__all__ = ["ALL_PROFILES", "CATALOG_AD", "CATALOG_PROFILES", "GOOGLE", "LINT_PROFILES", "META", "RULES", "SOURCES",
           "SOURCE_NOTES", "TIKTOK", "lint_profile_of", "rules_for"]

# The lint profile of a Meta project that makes a catalog ad (model/catalog_template.py
# is_catalog_ad): Meta fills one ad per product, so the dynamic-creative pool rules (images,
# link_urls, calls to action, counts, enhancements) do not apply; the catalog ad's rules, the
# campaign settings' rules and the policy wording do. Not a project profile: a project says
# "meta-dynamic-creative" and its catalog_template makes it a catalog ad.
CATALOG_AD = "meta-catalog-ad"
LINT_PROFILES = (*ALL_PROFILES, CATALOG_AD)

_MAPI = "https://developers.facebook.com/documentation/ads-commerce/marketing-api/ad-creative/asset-feed-spec"
SOURCES = {
    "[DC]": f"{_MAPI}/dynamic-creative",
    "[AFS]": _MAPI,
    "[OPT]": f"{_MAPI}/options",
    "[CROP]": "https://developers.facebook.com/docs/marketing-api/image-crops",
    "[IMG]": "https://developers.facebook.com/docs/marketing-api/reference/ad-image",
    "[ERR]": "https://developers.facebook.com/docs/marketing-api/error-reference",
    "[SDK]": "https://github.com/facebook/facebook-python-business-sdk/tree/main/facebook_business/adobjects",
    "[BEST]": f"{_MAPI}/dynamic-creative",
    "[POLICY]": "https://transparency.meta.com/policies/ad-standards/",
    "[GRDA]": "https://developers.google.com/google-ads/api/reference/rpc/latest/ResponsiveDisplayAdInfo",
    "[GHELP]": "https://support.google.com/google-ads/answer/17090561",
    "[TIKTOK]": "https://ads.tiktok.com/help/",
    "[CUR]": "https://developers.facebook.com/docs/marketing-api/currencies",
    "[MAXBUDGET]": "https://developers.facebook.com/docs/graph-api/changelog/non-versioned-changes/mar-8-2017",
    "[UNI]": "https://www.unicode.org/versions/latest/",
    "[PAC]": "https://developers.facebook.com/documentation/ads-commerce/marketing-api/dynamic-creative/"
             "placement-asset-customization",
    "[ACR]": f"{_MAPI}/asset-customization-rules",
    "[ADSET]": "https://developers.facebook.com/docs/marketing-api/reference/ad-campaign",
    "[PROMO]": "https://developers.facebook.com/docs/marketing-api/reference/ad-promoted-object",
    "[TGT]": "https://developers.facebook.com/docs/marketing-api/audiences/reference/basic-targeting",
    "[BID]": "https://developers.facebook.com/docs/marketing-api/bidding/overview/bid-strategy",
    "[MINBUDGET]": "https://developers.facebook.com/docs/marketing-api/reference/ad-account/minimum_budgets",
    "[SAC]": "https://developers.facebook.com/docs/marketing-api/audiences/special-ad-category",
    "[SACAUD]": "https://www.facebook.com/business/help/2220749868045706",
    "[GRAPHID]": "https://developers.facebook.com/docs/graph-api/overview",
    "[CAT]": "https://developers.facebook.com/docs/marketing-api/catalog/reference",
    "[CATFAQ]": "https://developers.facebook.com/docs/marketing-api/advantage-catalog-ads/faq",
    "[GMC]": "https://support.google.com/merchants/answer/7052112",
    "[GS1]": "https://www.gs1.org/services/how-calculate-check-digit-manually",
    "[ISO4217]": "https://www.iso.org/iso-4217-currency-codes.html",
    "[PSET]": "https://developers.facebook.com/docs/marketing-api/catalog/guides/product-sets",
    "[DPATPL]": "https://developers.facebook.com/docs/marketing-api/dynamic-product-ads/ads-management",
    "[MEDIA]": "https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/"
               "ad-creation/media-requirements",
    "[VIDSPEC]": "https://developers.facebook.com/docs/marketing-api/video-ads",
    "[ADSGUIDE]": "https://www.facebook.com/business/ads-guide/video",
    "[OVL]": "https://developers.facebook.com/docs/marketing-api/reference/ad-creative-link-data-image-overlay-spec",
    "[LAYER]": "https://developers.facebook.com/docs/marketing-api/reference/ad-creative-link-data-image-layer-spec",
}
# What a tag stands for where its link alone would mislead (shown in docs/rules.md).
SOURCE_NOTES = {
    "[DPATPL]": "Meta's Dynamic Ads (Advantage+ catalog ads) ads management page: template_data and the product "
                "template tags, their options and transforms; dcstudio resolves them as "
                "dcstudio/core/model/product_tags.py says",
    "[BEST]": "best practices the reference notes take from seed documents (5-10 assets per type, 7+ days, "
              "no budgets under $20/day; recommended text lengths from third-party copies of Meta's ads "
              "guide); linked to the dynamic-creative page they accompany, which does not state the numbers",
    "[POLICY]": "Meta's Advertising Standards; the word lists are dcstudio's own heuristic",
    "[TIKTOK]": "TikTok Ads help, older articles on automated creative optimization (UNCONFIRMED for today)",
    "[GHELP]": "Google Ads help on responsive display ads; the 5120 KB file size is UNCONFIRMED",
    "[MINBUDGET]": "the ad account's minimum_budgets edge gives the live minimum per account and billing; "
                   "dcstudio assumes Meta's usual 1.00 USD a day for impressions, and half that at the assumed "
                   "rate in other currencies",
    "[SACAUD]": "Meta Business Help, \"About audiences for housing, employment or financial products and "
                "services campaigns\" (age 18-65+, all genders, no ZIP or postal codes, no excluded locations, "
                "an expanded radius round a city or pin)",
    "[GRAPHID]": "Graph API object ids are decimal digits; the 5-25 digit length is dcstudio's own bound",
    "[CAT]": "Meta's \"Reference - Catalog\" (the feed fields, their formats and limits)",
    "[CATFAQ]": "Meta's \"Advantage+ Catalog Ads FAQ\" and \"Troubleshoot Your Data Feed\" (strip Google's "
                "tracking parameters from a Merchant Center feed's links)",
    "[GMC]": "Google Merchant Center's product data specification",
    "[PSET]": "Meta's \"Product Catalog Product Sets\" page: the filter JSON and its operators, and that an empty "
              "set does not deliver; that a set of only out-of-stock products does not either follows from Meta "
              "not showing out-of-stock items in ads",
    "[MEDIA]": "Meta's \"Media Requirements\" page (Instagram ads): video_data needs a thumbnail with the video's "
               "aspect ratio, at least 600 px wide; in dynamic creative up to 10 videos, and on Instagram placements "
               "only square or landscape ones",
    "[VIDSPEC]": "Meta's \"FB Video Ads\" page (v25): MP4, 16:9 to 9:16, H.264 or H.265 (VP9 and AV1 accepted), "
                 "24-60 fps; variable frame rates are not named there, the warning is dcstudio's own (ASSUMED)",
    "[ADSGUIDE]": "Meta's ads guide as third-party summaries quote it (ASSUMED, not confirmed in Meta's developer "
                  "pages): feed 1 s to 241 min, 1:1 or 4:5; stories 9:16 up to 60 s; reels 9:16 up to 15 min (90 s "
                  "is also reported); files under 4 GB. Warnings only",
    "[OVL]": "Meta's reference for image_overlay_spec: triangles only at top_left and top_right, float_with_margin "
             "for pills only, custom_text_type only with the custom text type, dynads_hybrid_bold used for prices "
             "in currencies other than dollar and euro, and overlays not rendered on Instagram. That price overlays "
             "read the feed's price and sale_price columns is said in Meta's travel ads \"Overlay Design\" section",
    "[LAYER]": "Meta's reference for image_layer_specs (frames \"on a limited basis\"); it gives no size for the "
               "frame image: a square of the catalog images' minimum, 500x500, is dcstudio's own ASSUMPTION",
    "[UNI]": "the Unicode Standard, which defines control characters (general category Cc) and surrogate "
             "code points; that ad texts should hold neither is dcstudio's own rule",
}


def _rule(rule_id, severity, title, ref, profiles=(META,), note=""):
    return Rule(rule_id, severity, title, SOURCES[ref], ref, tuple(profiles), note)


_M, _ALL, _G, _T = (META,), ALL_PROFILES, (GOOGLE,), (TIKTOK,)
_MC, _GM = CATALOG_PROFILES
_CATS = CATALOG_PROFILES

_RULE_LIST = [
    # -- Meta: count limits ([OPT] "Asset feed spec restrictions")
    _rule("meta.count.images", "error", "At most 10 images", "[OPT]"),
    _rule("meta.count.videos", "error", "At most 10 videos", "[OPT]"),
    _rule("meta.count.titles", "error", "At most 5 titles (headlines)", "[OPT]"),
    _rule("meta.count.bodies", "error", "At most 5 bodies (primary texts)", "[OPT]"),
    _rule("meta.count.descriptions", "error", "At most 5 descriptions", "[OPT]"),
    _rule("meta.count.call_to_actions", "error", "At most 5 call-to-action types", "[OPT]"),
    _rule("meta.count.link_urls", "error", "At most 5 link URLs", "[OPT]",
          note="Older copies of the page said 1; today's page says 5."),
    _rule("meta.count.total", "error", "At most 30 assets in all (the ad format counts as one)", "[OPT]"),
    _rule("meta.count.carousel_images", "error", "A carousel needs at least 2 images", "[OPT]"),
    _rule("meta.count.media_missing", "error", "The ad format needs media of its kind", "[OPT]",
          note="SINGLE_IMAGE and CAROUSEL need images, SINGLE_VIDEO videos, AUTOMATIC_FORMAT either."),
    _rule("meta.count.link_required", "error", "link_urls is required", "[OPT]"),
    _rule("meta.count.cta_required", "error", "call_to_action_types is required (except OUTCOME_AWARENESS)", "[OPT]"),
    _rule("meta.recommended.media", "info", "Fewer than 5 images or videos", "[BEST]",
          note="Best practice is 5-10 assets per type. Info only: the demo project has 5 images."),
    _rule("meta.recommended.titles", "info", "Fewer than 5 titles", "[BEST]",
          note="Info only, never a warning: 1-4 titles run fine, 5 give the system the most to test."),
    _rule("meta.recommended.bodies", "info", "Fewer than 5 bodies", "[BEST]", note="Info only."),
    _rule("meta.recommended.descriptions", "info", "Fewer than 5 descriptions", "[BEST]",
          note="Info only. With no description at all Meta scrapes one from the link; a single space "
               "gives a blank description."),
    # -- Meta: campaign and ad set ([DC])
    _rule("meta.campaign.objective", "error", "Dynamic creative needs an OUTCOME_* objective it supports", "[DC]"),
    _rule("meta.campaign.buying_type", "error", "Buying type must be AUCTION (or absent)", "[DC]"),
    _rule("meta.adset.optimization_goal", "warning", "Optimization goal the current page names for the objective",
          "[DC]", note="An earlier page allowed any goal compatible with the objective: a warning only."),
    _rule("meta.adset.dynamic_creative", "error", "The ad set must accept dynamic creative (is_dynamic_creative)",
          "[ERR]", note="Click-to-WhatsApp (WHATSAPP_MESSAGE) cannot run as dynamic creative (1885392). "
                        "The export always sends is_dynamic_creative=true."),
    _rule("meta.app.single_link", "error", "App promotion needs exactly one link URL", "[DC]"),
    _rule("meta.app.store_url", "error", "App promotion: the link equals promoted_object.object_store_url", "[DC]"),
    _rule("meta.placements.sponsored_messages", "error", "No Messenger sponsored_messages placement", "[DC]"),
    _rule("meta.carousel.labels", "warning", "Carousel cannot use body or link labels: they are dropped", "[DC]",
          note="Asset labels are sent as adlabels, but with CAROUSEL Meta refuses BODY_LABEL, "
               "CALL_TO_ACTION_TYPE_LABEL, LINK_URL_LABEL, CAPTION_LABEL and AD_FORMAT_LABEL, so the export "
               "leaves the labels of bodies and links out (CTA labels are never sent)."),
    _rule("meta.page_id.missing", "error", "A Facebook page id is needed (object_story_spec.page_id)", "[DC]"),
    # -- Meta: campaign settings, from dcstudio/core/model/campaign_rules.py (the Campaign form shows
    # the same problems next to their fields, and `dcstudio new` refuses them)
    _rule("meta.id.not_numeric", "error", "Page, Instagram, pixel and application ids are 5-25 digits", "[GRAPHID]",
          note="Checked on campaign.page_id, campaign.instagram_user_id, promoted_object.pixel_id and "
               "promoted_object.application_id; an empty id is left to the rules that need it."),
    _rule("meta.promoted_object.pixel", "error", "Offsite conversions need promoted_object.pixel_id", "[PROMO]",
          note="For OUTCOME_SALES, OUTCOME_LEADS, OUTCOME_ENGAGEMENT and OUTCOME_TRAFFIC with the "
               "OFFSITE_CONVERSIONS goal: the ad set optimizes for an event of that pixel."),
    _rule("meta.promoted_object.event", "error", "Offsite conversions need a custom_event_type of the SDK's enum",
          "[PROMO]", note="AdPromotedObject.CustomEventType (PURCHASE, LEAD, ...); an unknown event is an error "
                          "whatever the goal."),
    _rule("meta.promoted_object.page", "error", "Lead ads need a page (promoted_object.page_id)", "[PROMO]",
          note="For the LEAD_GENERATION and QUALITY_LEAD goals; the export sends the campaign's page id when "
               "promoted_object has none."),
    _rule("meta.app.application_id", "error", "App promotion needs promoted_object.application_id", "[DC]"),
    _rule("meta.budget.minimum", "error", "A budget at least Meta's minimum (1.00 USD a day)", "[MINBUDGET]",
          note="Zero, negative and non-numbers are refused with the minimum named; a lifetime budget is judged "
               "per day over the schedule. Other currencies: half of 1.00 USD at the assumed rate, so a drifted "
               "rate never refuses what Meta takes; one minor unit for a currency without a rate."),
    _rule("meta.bid.strategy", "error", "A bid strategy of the SDK's enum (AdSet.BidStrategy)", "[SDK]"),
    _rule("meta.bid.amount", "error", "A bid cap or cost cap strategy has its bid_amount", "[BID]",
          note="LOWEST_COST_WITH_BID_CAP and COST_CAP need bid_amount (minor units of the budget currency); "
               "LOWEST_COST_WITH_MIN_ROAS needs bid_constraints.roas_average_floor, which the studio does not "
               "hold, so it is refused too."),
    _rule("meta.targeting.age", "error", "Ages 18-65, the minimum at most the maximum", "[TGT]"),
    _rule("meta.targeting.country", "error", "At least one location; countries as two-letter codes", "[TGT]"),
    _rule("meta.special.category", "error", "Special ad categories of the SDK's enum, NONE alone", "[SAC]"),
    _rule("meta.special.country", "error", "A special ad category names its countries "
          "(special_ad_category_country)", "[SAC]"),
    _rule("meta.special.targeting", "error", "Housing, employment, credit and financial products: no age, gender, "
          "ZIP or excluded-location targeting, radius at least 15 miles", "[SACAUD]",
          note="Ages must stay 18-65+, genders all, no geo_locations.zips, no excluded_geo_locations, and a city "
               "or custom location radius of at least 15 miles (25 km). ISSUES_ELECTIONS_POLITICS and "
               "ONLINE_GAMBLING_AND_GAMING need an authorization instead, which is not checked offline."),
    _rule("meta.placements.unknown", "error", "Manual placements of the SDK's platforms and positions", "[SDK]"),
    _rule("meta.placements.undelivered", "error", "Manual placements deliver every placement the preview shows",
          "[DC]", note="Each preview placement (dcstudio/core/values/placements.py) needs one of its Meta "
                       "positions in the placement set; Advantage+ placements deliver everywhere."),
    _rule("meta.video.in_story_spec", "error", "A video in both object_story_spec and the feed", "[ERR]",
          note="Error 1443048. The project keeps only page_id and instagram_user_id for object_story_spec, so "
               "this rule checks creative payloads (`check_creative_payload`): an imported or exported creative."),
    _rule("meta.video.thumbnail", "error", "Each feed video has a thumbnail_url or thumbnail_hash", "[ERR]",
          note="Error 1443226. Checked on creative payloads (`check_creative_payload`)."),
    # -- Meta: asset customization rules (placement and language), checked on creative payloads
    _rule("meta.rules.label_missing", "error", "Each label a rule names is on an asset of its kind", "[ERR]",
          note="Error 2446173: image_label, video_label, body_label ... name an adlabel no feed asset carries."),
    _rule("meta.rules.unlabelled_assets", "error", "Under customization rules, at most one unlabelled asset per kind",
          "[PAC]", note="Error 1885878: the rules cannot tell several unlabelled images (or texts...) apart."),
    _rule("meta.rules.no_link", "error", "Asset customization needs a link (link_urls)", "[PAC]",
          note="Error 1885800."),
    _rule("meta.rules.unknown_key", "error", "Rule keys and label forms Meta knows", "[SDK]",
          note="Error 1487390. Rule keys: those of AdAssetFeedSpecAssetCustomizationRule; customization_spec "
               "keys: those of AdAssetCustomizationRuleCustomizationSpec (no `placement_groups`); a label is "
               "{\"name\": \"...\"}, never a bare string."),
    _rule("meta.rules.no_fallback", "error", "A default (is_default) or fallback (empty spec) rule", "[ACR]",
          note="Without one, a placement or language no rule names gets no assets, so the ad cannot run "
               "there. No Meta error code is known for it: the studio's own error, whose message names the "
               "missing fallback rule."),
    _rule("meta.rules.fallback_media", "error", "The fallback rule names the image or video it shows", "[PAC]",
          note="A rule shows only the kinds of asset it names labels for, so a fallback rule (empty "
               "customization_spec) without image_label or video_label leaves every placement no other rule "
               "names without media. No Meta error code is known: the studio's own rule. A media label that "
               "labels no asset is meta.rules.label_missing (2446173)."),
    _rule("meta.rules.positions", "error", "Positions valid for a publisher platform that the rule names", "[SDK]",
          note="facebook_positions, instagram_positions, audience_network_positions, messenger_positions: the "
               "SDK's enums (dcstudio/core/values/meta_positions.py); threads_positions: threads_stream."),
    _rule("meta.rules.dynamic_adset", "error", "A placement-customized creative goes in an ad set that is not "
          "is_dynamic_creative", "[PAC]", note="A Dynamic Creative feed has no asset_customization_rules [AFS]."),
    _rule("meta.cta.lead_form", "error", "A lead-form call to action carries its lead_gen_form_id", "[ERR]",
          note="Error 3390001 \"Missing Lead Form\": an empty lead_gen_form_id; an instant-form lead ad "
               "(OUTCOME_LEADS with optimization goal LEAD_GENERATION / QUALITY_LEAD or destination ON_AD) "
               "whose call_to_actions name no form; or, whatever the objective, a creative that links to "
               "fb.me with no lead_gen_form_id: fb.me opens no website, only the form, and is the link lead "
               "ads are sent with (link_urls and value.link http://fb.me/ beside lead_gen_form_id in public "
               "lead-ad code, tests/corpus/SOURCES.md)."),
    _rule("meta.video.no_id", "error", "A video the feed sends needs a file to upload or its ad-account video id",
          "[SDK]", note="asset_feed_spec.videos takes video_id: a video file is uploaded by the publish first."),
    # -- Meta: video files, judged on the facts probed at import (videos known by id have none)
    _rule("meta.count.media", "error", "At most 10 images and videos together", "[MEDIA]",
          note="Dynamic creative takes up to 10 images or videos; AUTOMATIC_FORMAT sends both."),
    _rule("meta.video.ratio", "warning", "A video's shape fits each placement (feed 1:1 or 4:5, stories and reels "
          "9:16)", "[ADSGUIDE]", note="ASSUMED values; placements from the campaign (Advantage+: all of them)."),
    _rule("meta.video.instagram_shape", "error", "Instagram placements take only square or landscape video",
          "[MEDIA]", note="In dynamic creative; checked when the placements include Instagram (Advantage+ does)."),
    _rule("meta.video.duration", "warning", "A video's duration fits each placement", "[ADSGUIDE]",
          note="ASSUMED: feed 1 s-241 min, stories up to 60 s, reels up to 15 min."),
    _rule("meta.video.file_size", "warning", "A video file under 4 GB", "[ADSGUIDE]", note="ASSUMED value."),
    _rule("meta.video.codec", "warning", "A video coded as H.264, H.265, VP9 or AV1", "[VIDSPEC]"),
    _rule("meta.video.variable_fps", "warning", "A video at a constant frame rate", "[VIDSPEC]",
          note="ASSUMED: the page asks for 24-60 fps; a variable rate is dcstudio's own warning."),
    _rule("meta.video.thumbnail_shape", "error", "A video's thumbnail has its shape and is at least 600 px wide",
          "[MEDIA]"),
    _rule("meta.enhancements.unset", "warning",
          "Every Advantage+ creative enhancement set OPT_IN or OPT_OUT on purpose",
          "[SDK]", note="An eligible creative without enroll_status fails with 3858082."),
    _rule("meta.enhancements.bundle", "error", "The standard_enhancements bundle in a project", "[ERR]",
          note="Error 3858504: the API refuses the bundle since v22.0 (issue 13 treats it as refused although "
               "the SDK still lists it): set the features one by one."),
    _rule("meta.enhancements.bundle_payload", "error", "A creative sent with the standard_enhancements bundle",
          "[ERR]", note="Error 3858504: the API refuses degrees_of_freedom_spec.creative_features_spec."
                        "standard_enhancements since v22.0 although the SDK still lists it. Checked on creative "
                        "payloads (a plan.json, an imported file); import-spec sets its features one by one."),
    # -- Meta: assets
    _rule("meta.cta.unknown", "error", "Call-to-action type from the official enum", "[SDK]",
          note="AdAssetFeedSpec.CallToActionTypes; an unknown value gives error 1373054."),
    _rule("meta.duplicate", "error", "Asset values unique within a pool", "[ERR]",
          note="Error 1815629 \"Duplicates of ad asset values are not allowed\"."),
    _rule("meta.text.empty", "error", "A text asset cannot be empty", "[OPT]",
          note="A description of a single space is allowed: it gives a blank description."),
    _rule("meta.text.max_length", "error", "Titles and descriptions <= 255 characters, bodies <= 1024", "[OPT]"),
    _rule("meta.text.recommended_length", "warning", "Recommended lengths: body 125, title 40, description 30",
          "[BEST]", note="From third-party copies of Meta's ads guide: longer text is cut off (\"... See more\")."),
    _rule("meta.image.file_size", "error", "Images <= 30 MB", "[IMG]"),
    _rule("meta.image.name_length", "error", "Image file names <= 100 characters (the upload's name)", "[IMG]"),
    _rule("meta.image.format", "warning", "Images as JPG or PNG", "[IMG]"),
    _rule("meta.image.min_width", "warning", "Image (its crop) at least 600 px wide", "[IMG]",
          note="600 px for Instagram (500 px for Stories), from third-party copies: a warning."),
    _rule("meta.image.aspect", "warning", "Image shape between 9:16 and 1.91:1", "[IMG]",
          note="Recommended: 1080x1080 (1:1), 1080x1350 (4:5), 1080x1920 (9:16)."),
    _rule("meta.crop.outside", "error", "A crop lies inside its image", "[CROP]"),
    _rule("meta.crop.ratio", "error", "A crop matches its key's aspect ratio", "[CROP]",
          note="Allowed: 1% off, plus one pixel of rounding."),
    _rule("meta.crop.deprecated_key", "error", "Crop key 191x100 is deprecated", "[ERR]",
          note="Error 2490085: use 100x100. Checked on projects and on creative payloads (the SDK still lists "
               "the key)."),
    _rule("meta.crop.unknown_key", "error", "A crop key Meta knows", "[CROP]"),
    _rule("meta.crop.unconfirmed_key", "warning", "Crop key 300x400 appears in the SDK only", "[SDK]",
          note="UNCONFIRMED by any page, hence a warning."),
    _rule("meta.text.reference", "error", "No text exactly of the export plan's reference form {call.field}", "[AFS]",
          note="dcstudio's own rule: publishing would replace such a text in the feed with another call's id or "
               "hash, so export refuses it; braces inside a longer text (Meta's {{ad.id}} macros) are fine."),
    _rule("meta.url_tags.syntax", "warning", "url_tags as key=value pairs joined by &", "[OPT]",
          note="Checked on images, videos and texts, the assets that take url_tags."),
    # -- Meta: budget, schedule, exclusions
    _rule("meta.budget.low", "warning", "A budget under $20 a day (in the project's currency)", "[BEST]",
          note="A lifetime budget is judged per day over the schedule. Rates are assumed, not live: see "
               "ASSUMED_RATES in dcstudio/core/model/campaign.py; each message says the rate it used."),
    _rule("meta.budget.high", "warning", "A budget over 50 times the $20-a-day guidance ($1,000 a day)", "[BEST]",
          note="Far more than testing a handful of assets needs, and what a typo such as 4000 for 40.00 looks "
               "like. Judged per day like meta.budget.low, at the same assumed rates (MAX_DAILY_MULTIPLE in "
               "dcstudio/core/lint/budget.py)."),
    _rule("meta.budget.ceiling", "error", "A budget at most Meta's maximum of 1,000,000 US dollars", "[MAXBUDGET]",
          note="Meta refuses daily and lifetime budgets over 1 million USD (error 1885261). In USD the ceiling is "
               "exactly that; in another currency twice that at the assumed rate (rates drift, and this refusal "
               "cannot be overridden); 100,000,000,000 units for a currency without a rate. `dcstudio new` and "
               "the Campaign form refuse such an amount; the export refuses it too."),
    _rule("meta.budget.unknown_currency", "info", "A currency without an assumed rate", "[BEST]"),
    _rule("meta.budget.decimals", "error", "A budget with no more decimals than its currency takes (JPY none)",
          "[CUR]", note="Budgets are sent in the currency's minor units: offset 1 (JPY, KRW, ...) or 100."),
    _rule("meta.schedule.short", "warning", "A schedule shorter than 7 days (let it learn)", "[BEST]"),
    _rule("meta.schedule.invalid", "error", "Start and end times readable, end after start", "[DC]"),
    _rule("meta.schedule.lifetime_end", "error", "A lifetime budget needs an end time", "[DC]"),
    _rule("meta.exclusions.split_needed", "warning", "One dynamic-creative ad set cannot avoid an excluded pair",
          "[DC]",
          note="The message says how many ad sets a split needs (`min_adsets_for_exclusions`); export does the split."),
    _rule("meta.exclusions.nothing_left", "error", "The exclusions leave no combination", "[DC]",
          note="Under customization rules, judged per placement and language: each combines only the assets "
               "its rule gives it (dcstudio/core/model/placement_spaces.py)."),
    # -- every profile
    _rule("files.problem", "error", "An asset file is missing or changed", "[IMG]", _ALL,
          note="Such an asset must not be used silently: relink or re-import the file."),
    _rule("files.pixels", "error", "An image file within the studio's pixel limit (50 megapixels)", "[IMG]", _ALL,
          note="dcstudio's own limit (MAX_PIXELS in dcstudio/core/model/images.py), read from the file's header: "
               "a decoded image stays near 150 MB. Such a file cannot be previewed or exported; scale it down."),
    _rule("files.remote", "warning", "An image known only by its ad-account hash or URL (imported)", "[IMG]", _ALL,
          note="Export sends the hash or URL as it is; relink a file to preview, crop-check and size-check it."),
    _rule("assets.near_duplicate", "warning", "Near-duplicate assets waste a slot", "[BEST]", _ALL,
          note="Texts that differ only in case, spacing or punctuation, or are 90% the same; CTAs with the "
               "same button words; links that differ only by a trailing slash."),
    _rule("text.control_character", "warning", "No control characters in a text (C0, C1 but tab and line break)",
          "[UNI]", _ALL, note="Invisible in the ad and treated differently by each app; a carriage return is "
                              "previewed as a line break. The message gives the character's position."),
    _rule("text.lone_surrogate", "error", "No lone surrogate (half a UTF-16 pair) in a text", "[UNI]", _ALL,
          note="It cannot be written as UTF-8: the export and the project file would fail."),
    _rule("link.scheme", "error", "Links are http(s) URLs, never javascript: or data:", "[ERR]", _ALL),
    _rule("link.unparseable", "error", "Links parse: a host, no spaces, encoded", "[ERR]", _ALL,
          note="Error 1815166: URL not encoded."),
    _rule("link.not_https", "warning", "Links use https", "[BEST]", _ALL),
    # -- policy pre-check: a heuristic
    _rule("policy.alcohol", "warning", "Alcohol wording (heuristic)", "[POLICY]", _ALL),
    _rule("policy.gambling", "warning", "Gambling wording (heuristic)", "[POLICY]", _ALL),
    _rule("policy.weight_loss", "warning", "Weight-loss or before/after claims (heuristic)", "[POLICY]", _ALL),
    _rule("policy.personal_attributes", "warning",
          "Asserting personal attributes, e.g. \"Are you depressed?\" (heuristic)",
          "[POLICY]", _ALL),
    _rule("policy.all_caps", "warning", "Text in all capitals (heuristic)", "[POLICY]", _ALL),
    _rule("policy.punctuation", "warning", "Excessive punctuation or emoji (heuristic)", "[POLICY]", _ALL),
    # -- Review: the studio's own approval states (any profile)
    _rule("approval.rejected", "info", "A rejected asset is left out of export and publish", "[AFS]", _ALL,
          note="dcstudio's own rule: an asset rejected in review is not in the feed, the plan or the bundle, "
               "and the other checks judge the project without it."),
    # -- Google responsive display ads
    _rule("google.count.images", "error", "At most 15 marketing images (landscape and square together)", "[GRDA]", _G),
    _rule("google.count.landscape", "error", "At least one 1.91:1 landscape image", "[GRDA]", _G),
    _rule("google.count.square", "error", "At least one 1:1 square image", "[GRDA]", _G),
    _rule("google.image.aspect", "error", "Images 1.91:1 or 1:1 (+-1%)", "[GRDA]", _G,
          note="The crop is judged when its key is 100x100 or 191x100, else the whole image."),
    _rule("google.image.min_size", "error", "Landscape >= 600x314, square >= 300x300", "[GRDA]", _G),
    _rule("google.image.recommended_size", "info", "Recommended: landscape 1200x628, square 600x600", "[GRDA]", _G),
    _rule("google.image.format", "error", "Images as GIF, JPEG or PNG", "[GHELP]", _G),
    _rule("google.image.file_size", "warning", "Images <= 5120 KB", "[GHELP]", _G, note="UNCONFIRMED: a warning."),
    _rule("google.count.headlines", "error", "1 to 5 headlines (titles)", "[GRDA]", _G),
    _rule("google.text.headline_length", "error", "Headlines <= 30 characters", "[GRDA]", _G),
    _rule("google.count.long_headline", "error", "Exactly 1 long headline (the project's description)", "[GRDA]", _G),
    _rule("google.text.long_headline_length", "error", "Long headline <= 90 characters", "[GRDA]", _G),
    _rule("google.count.descriptions", "error", "1 to 5 descriptions (the project's bodies)", "[GRDA]", _G),
    _rule("google.text.description_length", "error", "Descriptions <= 90 characters", "[GRDA]", _G),
    _rule("google.count.videos", "error", "At most 5 videos", "[GRDA]", _G),
    _rule("google.count.final_url", "error", "A final URL (link) is required", "[GRDA]", _G),
    # -- TikTok automated creative optimization: older help articles, all UNCONFIRMED -> warnings
    _rule("tiktok.count.media", "warning", "Up to 10 images or videos", "[TIKTOK]", _T),
    _rule("tiktok.count.texts", "warning", "Up to 5 ad texts (the project's bodies)", "[TIKTOK]", _T),
    _rule("tiktok.count.cta", "warning", "One call to action", "[TIKTOK]", _T),
    _rule("tiktok.text.length", "warning", "Ad text 12-100 characters (6-50 for Asian scripts)", "[TIKTOK]", _T),
    _rule("tiktok.text.characters", "warning", "Ad text without emoji, { } or #", "[TIKTOK]", _T),
    _rule("tiktok.image.size", "warning", "Images at least 1200x628", "[TIKTOK]", _T),
    _rule("tiktok.image.file_size", "warning", "Images <= 500 KB", "[TIKTOK]", _T),
    _rule("tiktok.image.format", "warning", "Images as JPG or PNG", "[TIKTOK]", _T),
    # -- product catalogs (dcstudio/core/lint/checks_catalog.py: SQL over the catalog's DuckDB store;
    # the numbers per profile in catalog_values.py)
    _rule("catalog.required", "error", "The required fields are there and filled in", "[CAT]", (_MC,),
          note="id, title, description, availability, condition, price, link, image_link, brand. A column the "
               "feed lacks is one finding for the whole feed (no row)."),
    _rule("catalog.required.gmc", "error", "Merchant Center's required fields are there and filled in", "[GMC]",
          (_GM,), note="id, title, description, link, image_link, availability, price, brand (Google asks the "
                       "brand of new products but films, books and music; dcstudio asks it of all), and an "
                       "availability_date for preorder and backorder."),
    _rule("catalog.length", "error", "Values within Meta's lengths", "[CAT]", (_MC,),
          note="id 100, title 200, description 9999, brand 100, custom_label_0..4 100, product_type 750, "
               "item_group_id 100, color 200, size 200, mpn 100 characters."),
    _rule("catalog.length.gmc", "error", "Values within Merchant Center's lengths", "[GMC]", (_GM,),
          note="id 50, title 150, description 5000, brand 70, product_type 750 characters."),
    _rule("catalog.title.long", "warning", "A title past the recommended 65 characters", "[CAT]", (_MC,)),
    _rule("catalog.enum.unknown", "error", "availability, condition, gender, age_group (and Meta's status) "
          "hold a value the platform knows", "[CAT]", _CATS,
          note="Meta: availability in stock / out of stock, condition new / refurbished / used, gender female / "
               "male / unisex, age_group adult / all ages / teen / kids / toddler / infant / newborn, status "
               "active / archived. Merchant Center: in_stock / out_of_stock / preorder / backorder, new / "
               "refurbished / used, male / female / unisex, newborn / infant / toddler / kids / adult [GMC]."),
    _rule("catalog.enum.sdk_only", "warning", "A value only the SDK's enum knows", "[SDK]", (_MC,),
          note="ProductItem.Availability (available for order, preorder, discontinued, pending, mark_as_sold, "
               "mark_as_expired), ProductItem.Condition (cpo, open_box_new, used_like_new, used_good, used_fair) "
               "and ProductItem.Visibility (published, staging) go beyond the feed reference."),
    _rule("catalog.enum.spelling", "warning", "A known value spelled another way (case, _ for space: the other "
          "platform's vocabulary)", "[CATFAQ]", _CATS,
          note="in_stock in a Meta feed, In Stock, in stock in a Merchant Center feed: the fix names the spelling "
               "of the profile. Meta's feed rules map such values, which is why it is a warning."),
    _rule("catalog.price.syntax", "error", "price and sale_price as 9.99 USD", "[CAT]", _CATS,
          note="A number with . as the decimal point, a space, an ISO 4217 code [ISO4217]. A comma decimal, a "
               "thousands separator, a symbol, a missing or unknown code are errors; the fix gives the value "
               "rewritten where it can."),
    _rule("catalog.sale_price.not_below", "error", "sale_price below price, in the same currency", "[CAT]", _CATS),
    _rule("catalog.sale_date.syntax", "error", "sale_price_effective_date as START/END in ISO 8601", "[CAT]", _CATS,
          note="YYYY-MM-DDTHH:MM±hh:mm/YYYY-MM-DDTHH:MM±hh:mm (seconds and Z allowed), real dates."),
    _rule("catalog.sale_date.order", "error", "The sale ends after it starts", "[CAT]", _CATS),
    _rule("catalog.id.duplicate", "error", "Each id on one row only", "[CAT]", _CATS,
          note="Meta ignores every row that carries a repeated id: each of them is a finding naming the others."),
    _rule("catalog.link.scheme", "error", "link, image_link and additional_image_link are http(s) URLs", "[CAT]",
          _CATS),
    _rule("catalog.link.tracking", "warning", "No Google tracking parameters (utm_*, gclid, srsltid...) in link",
          "[CATFAQ]", (_MC,), note="The fix is the link without them."),
    _rule("catalog.text.same_as_title", "warning", "The description differs from the title", "[CAT]", (_MC,),
          note="The reference says it must; no refusal is documented, so a warning."),
    _rule("catalog.text.all_caps", "warning", "The description is not all capitals", "[CAT]", (_MC,)),
    _rule("catalog.text.link", "warning", "The description holds no link", "[CAT]", (_MC,)),
    _rule("catalog.gtin.check_digit", "error", "A GTIN of 8, 12, 13 or 14 digits with a valid check digit", "[GS1]",
          _CATS),
    _rule("catalog.item_group.inconsistent", "warning", "The variants of an item_group_id share a brand and differ "
          "from each other", "[CAT]", _CATS,
          note="Variants with the same color, size, gender, age_group, material and pattern cannot be told apart; "
               "a group with several brands is several products. dcstudio's own reading of item_group_id."),
    _rule("catalog.images.too_many", "error", "At most 20 additional images (10 in Merchant Center)", "[CAT]", _CATS),
    _rule("catalog.shipping.syntax", "error", "shipping as COUNTRY:REGION:SERVICE:PRICE", "[CAT]", _CATS,
          note="e.g. US:NY:Ground:9.99 USD; entries separated by commas; Merchant Center adds up to four handling "
               "and transit times [GMC]."),
    # -- product images (`dcstudio catalog lint --images`: each image_link fetched)
    _rule("catalog.image.size", "error", "Product images at least 500x500 (100x100 in Merchant Center)", "[CAT]",
          _CATS),
    _rule("catalog.image.file_size", "error", "Product images at most 8 MB (16 MB in Merchant Center)", "[CAT]",
          _CATS),
    _rule("catalog.image.format", "error", "Product images as JPEG or PNG (Merchant Center also GIF, WebP, BMP, "
          "TIFF)", "[CAT]", _CATS),
    _rule("catalog.image.broken", "error", "A product image decodes", "[CAT]", _CATS,
          note="A file that claims to be an image and cannot be read whole."),
    _rule("catalog.image.unreachable", "warning", "A product image can be fetched", "[CAT]", _CATS,
          note="An HTTP error or a timeout: a warning, as the server may answer the platform's crawler. When no "
               "image can be reached at all the check is skipped with a note (offline)."),
    # -- product sets of the catalog (dcstudio/core/lint/checks_product_sets.py)
    _rule("catalog.product_set.filter", "error", "A product set's filter is Meta's filter JSON", "[PSET]"),
    _rule("catalog.product_set.empty", "error", "A product set matches at least one product", "[PSET]"),
    _rule("catalog.product_set.out_of_stock", "error", "A product set holds at least one product in stock",
          "[PSET]"),
    _rule("catalog.product_set.image_size", "error", "A product set's images are at least 500x500, as far as "
          "they have been checked", "[CAT]",
          note="Read from the image cache (a preview or `dcstudio lint --images` fetched them) and local image "
               "files; the first 5,000 image links of each set. Images not checked yet are counted, not judged."),
    # -- the catalog ad's template (dcstudio/core/lint/checks_catalog_template.py)
    _rule("catalog.template.syntax", "error",
          "Template texts use only Meta's product tags, options and transforms", "[DPATPL]"),
    _rule("catalog.template.empty_tag", "warning", "A template tag resolves to a value for every product",
          "[DPATPL]", note="Counted over each product set (or the whole catalog when it has none)."),
    _rule("catalog.template.too_long", "error",
          "Resolved template texts within the hard length limit for every product", "[OPT]",
          note="The limits are the pool's (headline, description, primary text) in values/profiles.py."),
    _rule("catalog.template.truncated", "warning",
          "Resolved template texts within the recommended length for every product", "[BEST]"),
    # -- the catalog ad's format, overlay and frame (dcstudio/core/lint/checks_catalog_format.py)
    _rule("catalog.overlay.position", "error", "A triangle overlay sits at top_left or top_right", "[OVL]"),
    _rule("catalog.overlay.custom_text", "error", "A custom overlay names its text (custom_text_type)", "[OVL]",
          note="ASSUMED: without one Meta has no text to draw."),
    _rule("catalog.overlay.tags", "error", "text_template_tags use Meta's product tags", "[OVL]"),
    _rule("catalog.overlay.sale_price_column", "error",
          "A strikethrough or percentage-off overlay has the feed's sale_price to show", "[OVL]"),
    _rule("catalog.overlay.no_sale", "warning",
          "Products under a strikethrough or percentage-off overlay are on sale", "[OVL]",
          note="Counted over each product set. ASSUMED: without an active sale the strikethrough shows the price "
               "alone and the percentage nothing (Meta does not say)."),
    _rule("catalog.overlay.font", "warning",
          "Price overlays on products priced in other currencies than USD and EUR use dynads_hybrid_bold", "[OVL]",
          note="Meta draws those products' prices in dynads_hybrid_bold whatever the font chosen."),
    _rule("catalog.overlay.instagram", "warning", "Image overlays do not show on Instagram placements", "[OVL]"),
    _rule("catalog.overlay.format", "warning", "Overlays and frames go on a format that shows product images",
          "[OVL]", note="ASSUMED: slideshows, collection video and AR effects show none (Meta's reference "
                        "speaks of overlays on an image)."),
    _rule("catalog.overlay.not_previewed", "info", "The overlay's text type is drawn in the studio's previews",
          "[OVL]", note="Ratings, disclaimer, sustainable and personalized texts are sent as they are, not drawn."),
    _rule("catalog.frame.file", "error", "The frame image is a readable image in the project folder", "[LAYER]"),
    _rule("catalog.frame.size", "warning", "The frame image is a square of at least 500x500", "[LAYER]",
          note="ASSUMED: Meta gives no size for frames."),
    # -- the catalog ad's campaign (dcstudio/core/lint/checks_catalog_ad.py)
    _rule("catalog.campaign.objective", "error", f"A catalog ad's campaign takes a current objective such as "
          f"{CATALOG_OBJECTIVE}, not {' or '.join(LEGACY_CATALOG_OBJECTIVES)}", "[DPATPL]", (CATALOG_AD,),
          note="Marketing API v17.0 on makes no campaign with the original objectives; Meta's catalog page still "
               "shows PRODUCT_CATALOG_SALES, so dcstudio's new catalog campaigns are OUTCOME_SALES."),
    _rule("catalog.campaign.link", "error", "A catalog ad has the shop's web address (template_data.link)",
          "[DPATPL]", (CATALOG_AD,),
          note="The carousel's end card links there; Meta links each product card to its own url. It is "
               "catalog_publish.link, else the first link of the Links pool."),
    _rule("catalog.campaign.product_set", "error", "A catalog ad's ad set promotes a product set the project "
          "has, or an existing set's id", "[DPATPL]", (CATALOG_AD,),
          note="promoted_object.product_set_id: catalog_publish.product_set_id, else the set named "
               "catalog_publish.product_set, else the project's first set."),
]

# The rules of the catalog-ad profile: its own (catalog.*: product sets, template, format, frame),
# those of the campaign settings (model/campaign_rules.py, but the pixel: a catalog ad set's
# promoted_object is its product set and event), the page, the policy wording and approval.
_CATALOG_AD_OWN = ("catalog.product_set.", "catalog.template.", "catalog.overlay.", "catalog.frame.",
                   "catalog.campaign.")
_CATALOG_AD_SHARED = (
    "meta.id.not_numeric", "meta.promoted_object.event", "meta.promoted_object.page", "meta.app.application_id",
    "meta.app.store_url", "meta.budget.minimum", "meta.budget.ceiling", "meta.budget.decimals",
    "meta.schedule.invalid", "meta.schedule.lifetime_end", "meta.bid.strategy", "meta.bid.amount",
    "meta.targeting.age", "meta.targeting.country", "meta.special.category", "meta.special.country",
    "meta.special.targeting", "meta.placements.unknown", "meta.placements.undelivered", "meta.page_id.missing",
    "policy.alcohol", "policy.gambling", "policy.weight_loss", "policy.personal_attributes", "policy.all_caps",
    "policy.punctuation", "approval.rejected",
)


def _with_catalog_ad(rule: Rule) -> Rule:
    if rule.id.startswith(_CATALOG_AD_OWN):
        return dataclasses.replace(rule, profiles=(CATALOG_AD,))
    if rule.id in _CATALOG_AD_SHARED:
        return dataclasses.replace(rule, profiles=(*rule.profiles, CATALOG_AD))
    return rule


RULES: dict[str, Rule] = {}
for _r in map(_with_catalog_ad, _RULE_LIST):
    if _r.id in RULES:
        raise ValueError(f"duplicate rule id {_r.id}")
    RULES[_r.id] = _r
del _r


def lint_profile_of(project, profile: str | None = None) -> str:
    """The lint profile ``project`` is checked against: ``profile``, else its own; a Meta project that
    makes a catalog ad is checked as one."""
    profile = profile or project.profile
    return CATALOG_AD if profile == META and is_catalog_ad(project) else profile


def rules_for(profile: str) -> list[Rule]:
    return [r for r in RULES.values() if profile in r.profiles]
