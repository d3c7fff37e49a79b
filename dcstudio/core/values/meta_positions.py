"""Where a creative can show: the publisher platforms and each one's positions, as the Marketing API
takes them in a targeting or customization_spec (lower case on the wire). Copied from the official SDK
(facebook_business/adobjects/adcampaignplacementget.py, the Effective*Positions enums, v26);
tests/core/test_meta_positions.py checks them against it. The SDK has no enum for Threads: its one
position is Meta's Placement Asset Customization page's ``threads_stream``."""
from __future__ import annotations

PUBLISHER_PLATFORMS = ("audience_network", "facebook", "instagram", "messenger", "oculus",
                       "streaming_services", "threads", "whatsapp")

# customization_spec / targeting key -> (its publisher platform, the positions it takes)
POSITION_KEYS = {
    "facebook_positions": ("facebook", (
        "biz_disco_feed", "facebook_contextual_bundle", "fb_reels", "fb_reels_overlay", "feed", "groups",
        "group_mall", "group_tab", "instant_article", "instream_reel", "instream_video", "jobs_browser",
        "marketplace", "notification", "profile_feed", "profile_reels", "rhc", "search", "story",
        "story_sticker", "suggested_video", "video_feeds")),
    "instagram_positions": ("instagram", (
        "effect_tray", "explore", "explore_home", "igtv", "ig_search", "lead_gen_multi_submit", "profile_feed",
        "profile_reels", "reels", "reels_instream", "reels_overlay", "shop", "story", "stream")),
    "audience_network_positions": ("audience_network", (
        "classic", "ctv_instream_video", "instream_video", "rewarded_video")),
    "messenger_positions": ("messenger", (
        "messenger_inbox", "messenger_marketing_messages", "messenger_story", "messenger_thread")),
    "threads_positions": ("threads", ("threads_stream",)),
}
