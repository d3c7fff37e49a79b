"""Meta dynamic creative: count limits, campaign and ad set settings, placements, enhancements."""
from __future__ import annotations

from dcstudio.core.lint.context import PLURALS, POOL_NOUNS, LintContext
from dcstudio.core.values.meta_enums import (
    CALL_TO_ACTION_TYPES,
    DC_OBJECTIVES,
    DC_OPTIMIZATION_GOALS,
    ENHANCEMENT_FEATURES,
    cta_label,
)
from dcstudio.core.values.profiles import LIMITS, META

COUNT_LIMITS = LIMITS[META].most  # [OPT] "Asset feed spec restrictions"
TOTAL_LIMIT = LIMITS[META].total
RECOMMENDED_PER_TYPE = 5  # best practice: 5-10 assets per type
# Labels the export would send as adlabels but a carousel refuses (CTA labels are never sent).
CAROUSEL_LABEL_POOLS = {"bodies": "BODY_LABEL", "link_urls": "LINK_URL_LABEL"}
TEXT_POOLS = ("titles", "bodies", "descriptions", "call_to_actions", "link_urls")
# What the feed of each ad format sends: media of another kind stays in the project, unsent.
FED_POOLS = {"SINGLE_IMAGE": ("images",) + TEXT_POOLS, "CAROUSEL": ("images",) + TEXT_POOLS,
             "SINGLE_VIDEO": ("videos",) + TEXT_POOLS, "AUTOMATIC_FORMAT": ("images", "videos") + TEXT_POOLS}
APP_OBJECTIVES = ("OUTCOME_APP_PROMOTION", "APP_INSTALLS")


def check_counts(ctx: LintContext) -> None:
    # Over every asset, not per placement: these are limits on the feed's lists ([OPT] "Asset feed
    # spec restrictions"), and the feed lists every asset whatever its customization rules say.
    project = ctx.project
    fed = FED_POOLS[project.ad_format]
    for pool, limit in COUNT_LIMITS.items():
        n = len(ctx.pool(pool)) if pool in fed else 0
        if n > limit:
            noun = POOL_NOUNS[pool]
            extra = ", ".join(a.id for a in ctx.pool(pool)[limit:])
            ctx.report(f"meta.count.{pool}", f"{n} {PLURALS[pool]}: dynamic creative takes at most {limit}",
                       field=pool, hint=f"remove {n - limit} {noun}(s), e.g. {extra}")
    total = sum(len(ctx.pool(pool)) for pool in fed) + 1
    if total > TOTAL_LIMIT:
        ctx.report("meta.count.total",
                   f"{total} assets in all (counting the ad format as one): the limit is {TOTAL_LIMIT}",
                   field="assets", hint=f"remove {total - TOTAL_LIMIT} assets from the largest pools")
    images, videos = len(ctx.pool("images")), len(ctx.pool("videos"))
    fmt = project.ad_format
    if fmt == "CAROUSEL" and images == 1:
        ctx.report("meta.count.carousel_images", "a carousel needs at least 2 images; the project has 1",
                   field="images", hint="add an image, or choose the SINGLE_IMAGE format")
    needed = {"SINGLE_IMAGE": images, "CAROUSEL": images, "SINGLE_VIDEO": videos,
              "AUTOMATIC_FORMAT": images + videos}[fmt]
    if needed == 0:
        kind = "videos" if fmt == "SINGLE_VIDEO" else "images or videos" if fmt == "AUTOMATIC_FORMAT" else "images"
        ctx.report("meta.count.media_missing", f"the {fmt} format has no {kind} to show",
                   field="images" if kind != "videos" else "videos", hint=f"add {kind}")
    if not ctx.pool("link_urls"):
        ctx.report("meta.count.link_required", "no link URL: link_urls is required", field="link_urls",
                   hint="add the website address the ad leads to")
    if not ctx.pool("call_to_actions") and project.campaign.objective != "OUTCOME_AWARENESS":
        ctx.report("meta.count.cta_required",
                   f"no call to action: {project.campaign.objective} needs call_to_action_types",
                   field="call_to_actions", hint="add a call to action such as LEARN_MORE or SHOP_NOW")


def check_videos(ctx: LintContext) -> None:
    if "videos" not in FED_POOLS[ctx.project.ad_format]:
        return
    for video in ctx.pool("videos"):
        if not (video.video_id or "").strip() and not video.file:  # a file is uploaded by the publish
            ctx.report("meta.video.no_id", f"video {ctx.name(video)} has neither a file nor a video id: the feed "
                       "refers to videos by id", asset_id=video.id, field="video_id",
                       hint="add the video file, or enter the id of a video already in the ad account")


def check_recommended(ctx: LintContext) -> None:
    fmt = ctx.project.ad_format
    media = ctx.pool("videos") if fmt == "SINGLE_VIDEO" else ctx.pool("images") + (
        ctx.pool("videos") if fmt == "AUTOMATIC_FORMAT" else [])
    if 0 < len(media) < RECOMMENDED_PER_TYPE:
        ctx.report("meta.recommended.media", f"{len(media)} of the {RECOMMENDED_PER_TYPE} recommended images or videos",
                   field="images", hint="5-10 media in different styles give the system more to learn from")
    for pool in ("titles", "bodies", "descriptions"):
        n = len(ctx.pool(pool))
        if n < RECOMMENDED_PER_TYPE:
            extra = " (with none, Meta takes a description from the link)" if pool == "descriptions" and n == 0 else ""
            ctx.report(f"meta.recommended.{pool}", f"{n} of the {RECOMMENDED_PER_TYPE} recommended {pool}{extra}",
                       field=pool, hint=f"add {RECOMMENDED_PER_TYPE - n} more {pool}, different in length and angle")


def check_campaign(ctx: LintContext) -> None:
    c = ctx.project.campaign
    if c.objective not in DC_OBJECTIVES:
        ctx.report("meta.campaign.objective", f"objective {c.objective} does not support dynamic creative",
                   field="campaign.objective", hint=f"choose one of {', '.join(DC_OBJECTIVES)}")
    if c.buying_type not in ("AUCTION", "", None):
        ctx.report("meta.campaign.buying_type", f"buying type {c.buying_type}: dynamic creative runs in AUCTION only",
                   field="campaign.buying_type", hint="set the buying type to AUCTION")
    goals = DC_OPTIMIZATION_GOALS.get(c.objective)
    if goals and c.optimization_goal not in goals:
        ctx.report("meta.adset.optimization_goal",
                   f"optimization goal {c.optimization_goal} is not one the dynamic-creative page names "
                   f"for {c.objective}",
                   field="campaign.optimization_goal", hint=f"use {' or '.join(goals)}")
    for cta in ctx.pool("call_to_actions"):
        if cta.type == "WHATSAPP_MESSAGE":
            ctx.report("meta.adset.dynamic_creative",
                       f"call to action {ctx.name(cta)}: click-to-WhatsApp ads cannot be dynamic creative "
                       "(error 1885392)",
                       asset_id=cta.id, field="type", hint="use another call to action, or make a regular ad")
    placements = c.placements or {}
    if "sponsored_messages" in (placements.get("messenger_positions") or []):
        ctx.report("meta.placements.sponsored_messages",
                   "placement Messenger sponsored_messages cannot take dynamic creative",
                   field="campaign.placements", hint="remove sponsored_messages from messenger_positions")


def check_page(ctx: LintContext) -> None:
    if not (ctx.project.campaign.page_id or "").strip():
        ctx.report("meta.page_id.missing", "no Facebook page id: the ad needs a page to run as",
                   field="campaign.page_id", hint="set the page id in the campaign settings")


def check_app_promotion(ctx: LintContext) -> None:
    # The store URL itself, and the single link's match with it: campaign_rules (checks_campaign).
    if ctx.project.campaign.objective not in APP_OBJECTIVES:
        return
    links = ctx.pool("link_urls")
    if len(links) != 1:
        ctx.report("meta.app.single_link", f"app promotion needs exactly one link URL; the project has {len(links)}",
                   field="link_urls", hint="keep one link: the app's store URL")


def check_carousel_labels(ctx: LintContext) -> None:
    if ctx.project.ad_format != "CAROUSEL":
        return
    for pool, label_kind in CAROUSEL_LABEL_POOLS.items():
        for asset in ctx.pool(pool):
            if asset.label:
                ctx.report("meta.carousel.labels",
                           f"{POOL_NOUNS[pool]} {asset.id} has label {asset.label!r}: a carousel cannot use "
                           f"{label_kind}, so the export leaves it out", asset_id=asset.id, field="label",
                           hint="clear the label, or choose another ad format")


def check_ctas(ctx: LintContext) -> None:
    known = set(CALL_TO_ACTION_TYPES)
    for cta in ctx.pool("call_to_actions"):
        if cta.type not in known:
            ctx.report("meta.cta.unknown", f"call to action {cta.id}: {cta.type!r} is not a call-to-action type Meta "
                       "knows (error 1373054)", asset_id=cta.id, field="type",
                       hint="pick a value of the platform's list, e.g. LEARN_MORE or SHOP_NOW")


def check_enhancements(ctx: LintContext) -> None:
    chosen = ctx.project.enhancements
    missing = [f for f in ENHANCEMENT_FEATURES if f not in chosen]
    if missing:
        shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
        ctx.report("meta.enhancements.unset", f"{len(missing)} Advantage+ creative enhancements are not set: {shown}",
                   field="enhancements", hint="set each to OPT_IN or OPT_OUT on purpose; unset ones may be "
                   "applied by Meta or refused (3858082)")
    if "standard_enhancements" in chosen:
        ctx.report("meta.enhancements.bundle", "the standard_enhancements bundle: the API refuses it (3858504)",
                   field="enhancements.standard_enhancements", hint="remove it and set the features one by one")


def cta_words(cta_type: str) -> str:
    return cta_label(cta_type).casefold()


META_CHECKS = (check_counts, check_videos, check_recommended, check_campaign, check_page, check_app_promotion,
               check_carousel_labels, check_ctas, check_enhancements)
