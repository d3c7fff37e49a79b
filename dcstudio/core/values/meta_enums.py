"""Machine-readable values of the Marketing API, copied from the official SDK (facebook_business,
adobjects/*.py, v26). tests/core/test_meta_enums.py checks them against the SDK so they cannot drift;
the SDK itself is a test-only dependency."""
from __future__ import annotations

# Every call-to-action type the SDK lists for a creative: the types a new feed takes
# (AdAssetFeedSpec.CallToActionTypes) and the wider list an existing creative reads back with
# (AdCreativeGet.CallToActionType, e.g. SEE_DETAILS, used in production code).
CALL_TO_ACTION_TYPES = (
    "ACTIVATE_OFFER", "ADD_TO_CART", "APPLY_NOW", "ASK_ABOUT_SERVICES",
    "ASK_A_QUESTION", "ASK_FOR_MORE_INFO", "ASK_US", "AUDIO_CALL",
    "BET_NOW", "BLOOD_DONATIONS", "BOOK_A_CONSULTATION", "BOOK_NOW",
    "BOOK_TEST_DRIVE", "BOOK_TRAVEL", "BROWSE_SHOP", "BUY",
    "BUY_ACTIVITY_TICKETS", "BUY_NOW", "BUY_TICKETS", "BUY_VIA_MESSAGE",
    "CALL", "CALL_ME", "CALL_NOW", "CHAT_NOW",
    "CHAT_ON_WHATSAPP", "CHAT_WITH_US", "CHECK_AVAILABILITY", "CIVIC_ACTION",
    "CLAIM_OFFER", "CONFIRM", "CONTACT", "CONTACT_US",
    "DIAL_CODE", "DONATE", "DONATE_NOW", "DOWNLOAD",
    "EMAIL_NOW", "EVENT_RSVP", "EXPLORE_MORE", "FIND_A_GROUP",
    "FIND_OUT_MORE", "FIND_YOUR_GROUPS", "FOLLOW_NEWS_STORYLINE", "FOLLOW_PAGE",
    "FOLLOW_USER", "GET_A_QUOTE", "GET_DETAILS", "GET_DIRECTIONS",
    "GET_EVENT_TICKETS", "GET_IN_TOUCH", "GET_MOBILE_APP", "GET_OFFER",
    "GET_OFFER_VIEW", "GET_PROMOTIONS", "GET_QUOTE", "GET_SHOWTIMES",
    "GET_STARTED", "GIVE_FREE_RIDES", "GO_LIVE", "IMAGINE",
    "INQUIRE_NOW", "INSTAGRAM_MESSAGE", "INSTALL_APP", "INSTALL_FREE_MOBILE_APP",
    "INSTALL_MOBILE_APP", "INTERESTED", "JOBS_APPLY_NOW", "JOIN_CHANNEL",
    "JOIN_GROUP", "JOIN_LIVE_VIDEO", "LEARN_MORE", "LIKE_PAGE",
    "LINK_CARD", "LISTEN_MUSIC", "LISTEN_NOW", "LOYALTY_LEARN_MORE",
    "MAKE_AN_APPOINTMENT", "MESSAGE_PAGE", "MESSAGE_USER", "MISSED_CALL",
    "MOBILE_DOWNLOAD", "MOMENTS", "NO_BUTTON", "OPEN_INSTANT_APP",
    "OPEN_LINK", "OPEN_MESSENGER_EXT", "OPEN_MOVIES", "ORDER_NOW",
    "PAY_OR_REQUEST", "PAY_TO_ACCESS", "PLAY", "PLAY_GAME",
    "PLAY_GAME_ON_FACEBOOK", "PRE_REGISTER", "PURCHASE_GIFT_CARDS", "RAISE_MONEY",
    "RECORD_NOW", "REFER_FRIENDS", "REGISTER_NOW", "REMIND_ME",
    "REQUEST_TIME", "SAVE", "SAVE_OFFER", "SAY_THANKS",
    "SEARCH", "SEARCH_MORE", "SEE_DETAILS", "SEE_MENU",
    "SEE_MORE", "SEE_OFFER", "SEE_SHOP", "SELL_NOW",
    "SEND_A_GIFT", "SEND_GIFT", "SEND_GIFT_MONEY", "SEND_INVITES",
    "SEND_TIP", "SEND_UPDATES", "SHARE", "SHOP_NOW",
    "SHOP_ON_RETAILER", "SHOP_WITH_AI", "SIGN_UP", "SOTTO_SUBSCRIBE",
    "START_A_CHAT", "START_ORDER", "STREAM_NOW", "SUBSCRIBE",
    "SWIPE_UP_PRODUCT", "SWIPE_UP_SHOP", "TRY_DEMO", "TRY_IN_CAMERA",
    "TRY_IT", "TRY_NOW", "TRY_ON", "TRY_ON_WITH_AI",
    "UNLIKE_PAGE", "UPDATE_APP", "USE_APP", "USE_MOBILE_APP",
    "VIDEO_ANNOTATION", "VIDEO_CALL", "VIEW_CART", "VIEW_CHANNEL",
    "VIEW_INSTAGRAM_PROFILE", "VIEW_IN_CART", "VIEW_PRODUCT", "VIEW_RESUME",
    "VISIT_PAGES_FEED", "VISIT_PROFILE", "VISIT_WEBSITE", "VISIT_WORLD",
    "VOTE_NOW", "WATCH_APP_UPGRADE", "WATCH_LIVE_VIDEO", "WATCH_MORE",
    "WATCH_MUSIC_VIDEO", "WATCH_NOW", "WATCH_VIDEO", "WHATSAPP_LINK",
    "WHATSAPP_MESSAGE", "WOODHENGE_SUPPORT",
)

# Dynamic creative accepts only the outcome-based objectives ([DC] in the reference).
DC_OBJECTIVES = (
    "OUTCOME_SALES", "OUTCOME_ENGAGEMENT", "OUTCOME_LEADS",
    "OUTCOME_AWARENESS", "OUTCOME_TRAFFIC", "OUTCOME_APP_PROMOTION",
)

OBJECTIVES = (
    "APP_INSTALLS", "BRAND_AWARENESS", "CONVERSIONS",
    "EVENT_RESPONSES", "LEAD_GENERATION", "LINK_CLICKS",
    "LOCAL_AWARENESS", "MESSAGES", "OFFER_CLAIMS",
    "OUTCOME_APP_PROMOTION", "OUTCOME_AWARENESS", "OUTCOME_ENGAGEMENT",
    "OUTCOME_LEADS", "OUTCOME_SALES", "OUTCOME_TRAFFIC",
    "PAGE_LIKES", "POST_ENGAGEMENT", "PRODUCT_CATALOG_SALES",
    "REACH", "STORE_VISITS", "VIDEO_VIEWS",
)

AD_FORMATS = (
    "SINGLE_IMAGE", "CAROUSEL", "SINGLE_VIDEO", "AUTOMATIC_FORMAT",
)

BUYING_TYPES = (
    "AUCTION", "RESERVED",
)

OPTIMIZATION_GOALS = (
    "ADVERTISER_SILOED_VALUE", "AD_RECALL_LIFT", "APP_INSTALLS",
    "APP_INSTALLS_AND_OFFSITE_CONVERSIONS", "AUTOMATIC_OBJECTIVE", "CONVERSATIONS",
    "DERIVED_EVENTS", "ENGAGED_PAGE_VIEWS", "ENGAGED_USERS",
    "EVENT_RESPONSES", "IMPRESSIONS", "IN_APP_VALUE",
    "LANDING_PAGE_VIEWS", "LEAD_GENERATION", "LINK_CLICKS",
    "MEANINGFUL_CALL_ATTEMPT", "MESSAGING_APPOINTMENT_CONVERSION", "MESSAGING_DEEP_CONVERSATION_AND_FOLLOW",
    "MESSAGING_PURCHASE_CONVERSION", "NONE", "OFFSITE_CONVERSIONS",
    "PAGE_LIKES", "POST_ENGAGEMENT", "PROFILE_AND_PAGE_ENGAGEMENT",
    "PROFILE_VISIT", "QUALITY_CALL", "QUALITY_LEAD",
    "REACH", "REMINDERS_SET", "SUBSCRIBERS",
    "THRUPLAY", "VALUE", "VISIT_INSTAGRAM_PROFILE",
)

BILLING_EVENTS = (
    "APP_INSTALLS", "CLICKS", "IMPRESSIONS",
    "LINK_CLICKS", "LISTING_INTERACTION", "NONE",
    "OFFER_CLAIMS", "PAGE_LIKES", "POST_ENGAGEMENT",
    "PURCHASE", "THRUPLAY",
)

BID_STRATEGIES = (
    "COST_CAP", "LOWEST_COST_WITHOUT_CAP",
    "LOWEST_COST_WITH_BID_CAP", "LOWEST_COST_WITH_MIN_ROAS",
)

SPECIAL_AD_CATEGORIES = (
    "CREDIT", "EMPLOYMENT",
    "FINANCIAL_PRODUCTS_SERVICES", "HOUSING",
    "ISSUES_ELECTIONS_POLITICS", "NONE",
    "ONLINE_GAMBLING_AND_GAMING",
)

# AdPromotedObject.CustomEventType: the conversion event an ad set optimizes for.
CUSTOM_EVENT_TYPES = (
    "ACHIEVEMENT_UNLOCKED", "ADD_PAYMENT_INFO", "ADD_TO_CART", "ADD_TO_WISHLIST", "AD_IMPRESSION",
    "COMPLETE_REGISTRATION", "CONTACT", "CONTENT_VIEW", "CUSTOMIZE_PRODUCT", "D2_RETENTION",
    "D7_RETENTION", "DONATE", "FIND_LOCATION", "INITIATED_CHECKOUT", "LEAD", "LEVEL_ACHIEVED",
    "LISTING_INTERACTION", "MESSAGING_CONVERSATION_STARTED_7D", "OTHER", "PURCHASE", "RATE",
    "SCHEDULE", "SEARCH", "SERVICE_BOOKING_REQUEST", "SPENT_CREDITS", "START_TRIAL",
    "SUBMIT_APPLICATION", "SUBSCRIBE", "TUTORIAL_COMPLETION",
)

# Words people see on the button, where the plain "first word capitalised" rule reads wrong.
_CTA_LABEL_OVERRIDES = {
    "NO_BUTTON": "",
    "WHATSAPP_MESSAGE": "Send WhatsApp message",
    "MESSAGE_PAGE": "Send message",
    "INSTALL_MOBILE_APP": "Install now",
    "INSTALL_APP": "Install now",
    "USE_MOBILE_APP": "Use app",
    "MOBILE_DOWNLOAD": "Download",
    "GET_QUOTE": "Get quote",
    "GET_A_QUOTE": "Get a quote",
    "CALL": "Call now",
    "CONTACT": "Contact us",
    "EVENT_RSVP": "Interested",
    "LIKE_PAGE": "Like page",
    "BOOK_TRAVEL": "Book now",
    "BUY_TICKETS": "Get tickets",
    "GET_OFFER_VIEW": "Get offer",
    "OPEN_LINK": "Open link",
    "VISIT_PAGES_FEED": "Visit page",
    "SOTTO_SUBSCRIBE": "Subscribe",
    "WOODHENGE_SUPPORT": "Support",
    "VIDEO_ANNOTATION": "Learn more",
}

# Optimization goals the current dynamic-creative page names per objective ([DC]); others are a warning.
DC_OPTIMIZATION_GOALS = {
    "OUTCOME_SALES": ("OFFSITE_CONVERSIONS",),
    "OUTCOME_ENGAGEMENT": ("OFFSITE_CONVERSIONS",),
    "OUTCOME_LEADS": ("OFFSITE_CONVERSIONS",),
    "OUTCOME_TRAFFIC": ("OFFSITE_CONVERSIONS",),
    "OUTCOME_AWARENESS": ("REACH", "IMPRESSIONS", "AD_RECALL_LIFT"),
    "OUTCOME_APP_PROMOTION": ("APP_INSTALLS", "APP_INSTALLS_AND_OFFSITE_CONVERSIONS"),
}


def cta_label(cta_type: str) -> str:
    """The label people see on the button: SHOP_NOW -> "Shop now"."""
    if cta_type in _CTA_LABEL_OVERRIDES:
        return _CTA_LABEL_OVERRIDES[cta_type]
    words = cta_type.lower().split("_")
    return " ".join([words[0].capitalize(), *words[1:]]) if words and words[0] else ""

# Advantage+ creative features (degrees_of_freedom_spec.creative_features_spec.<name>) that can
# change a single-image, video or carousel dynamic-creative ad. dcstudio asks for each to be set
# OPT_IN or OPT_OUT on purpose; `standard_enhancements` (the bundle) is left out on purpose,
# because the API now rejects it (3858504): features are set one by one.
ENHANCEMENT_FEATURES = (
    "adapt_to_placement", "add_text_overlay", "description_automation", "enhance_cta",
    "image_animation", "image_auto_crop", "image_background_gen", "image_brightness_and_contrast",
    "image_enhancement", "image_templates", "image_touchups", "image_uncrop", "inline_comment",
    "media_type_automation", "music_generation", "product_extensions", "show_summary",
    "site_extensions", "text_generation", "text_optimizations", "text_translation",
    "video_auto_crop", "video_uncrop",
)

# -- catalog ads: template_data's format and overlays ----------------------------------------
# AdCreativeLinkData.FormatOption: how a catalog ad shows its products.
CATALOG_FORMAT_OPTIONS = (
    "carousel_ar_effects", "carousel_images_multi_items", "carousel_images_single_item",
    "carousel_slideshows", "collection_video", "single_image",
)

# AdCreativeLinkDataImageOverlaySpec (template_data.image_overlay_spec).
OVERLAY_TEMPLATES = ("circle_with_text", "pill_with_text", "triangle_with_text")
OVERLAY_TEXT_TYPES = (
    "automated_personalize", "custom", "disclaimer", "from_price", "guest_rating", "percentage_off",
    "price", "star_rating", "strikethrough_price", "sustainable",
)
OVERLAY_CUSTOM_TEXT_TYPES = ("free_shipping", "popular", "sale")
OVERLAY_POSITIONS = ("bottom_left", "bottom_right", "top_left", "top_right")
OVERLAY_TEXT_FONTS = (
    "droid_serif_regular", "dynads_hybrid_bold", "lato_regular", "noto_sans_regular", "nunito_sans_bold",
    "open_sans_bold", "open_sans_condensed_bold", "pt_serif_bold", "roboto_condensed_regular", "roboto_medium",
)
OVERLAY_THEME_COLORS = (
    "background_000000_text_ffffff", "background_0090ff_text_ffffff", "background_00af4c_text_ffffff",
    "background_595959_text_ffffff", "background_755dde_text_ffffff", "background_e50900_text_ffffff",
    "background_f23474_text_ffffff", "background_f78400_text_ffffff", "background_ffffff_text_000000",
    "background_ffffff_text_007ad0", "background_ffffff_text_009c2a", "background_ffffff_text_646464",
    "background_ffffff_text_755dde", "background_ffffff_text_c91b00", "background_ffffff_text_f23474",
    "background_ffffff_text_f78400",
)

# AdCreativeLinkDataImageLayerSpec (template_data.image_layer_specs): layers over a product image.
LAYER_TYPES = ("frame_overlay", "image", "text_overlay")
LAYER_BLENDING_MODES = ("lighten", "multiply", "normal")
LAYER_FRAME_SOURCES = ("custom",)
LAYER_IMAGE_SOURCES = ("catalog",)
LAYER_OVERLAY_POSITIONS = (
    "bottom", "bottom_left", "bottom_right", "center", "left", "right", "top", "top_left", "top_right",
)
LAYER_OVERLAY_SHAPES = ("circle", "none", "pill", "rectangle", "triangle")
LAYER_TEXT_FONTS = (
    "droid_serif_regular", "lato_regular", "noto_sans_regular", "nunito_sans_bold", "open_sans_bold",
    "open_sans_condensed_bold", "pt_serif_bold", "roboto_condensed_regular", "roboto_medium",
)
