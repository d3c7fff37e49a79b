"""Meta video rules on the probe facts a video file was imported with (videos known only by their
ad-account id have none and are not judged here): shape per placement, duration, size, codec,
frame rate, the thumbnail; and images plus videos together within dynamic creative's 10."""
from __future__ import annotations

from PIL import Image

from dcstudio.core.lint.context import LintContext
from dcstudio.core.values.errors import ImageError

MEDIA_LIMIT = 10  # images and videos together ([DC]: "up to 10 images or videos")
MAX_BYTES = 4 * 1024 ** 3  # 4 GB ([ADSGUIDE], assumed)
CODECS = {"h264": "H.264", "hevc": "H.265", "vp9": "VP9", "av1": "AV1", "libdav1d": "AV1", "libaom-av1": "AV1"}
MIN_THUMBNAIL_WIDTH = 600  # [MEDIA]
RATIO_TOLERANCE = 0.02  # 1080x1350 and 1078x1350 are both 4:5
# (placement kind, ratios it takes, their words, (shortest, longest) seconds) ([ADSGUIDE], assumed)
KINDS = {
    "feed": ((1.0, 0.8), "1:1 or 4:5", (1.0, 241 * 60.0)),
    "stories": ((9 / 16,), "9:16", (1.0, 60.0)),
    "reels": ((9 / 16,), "9:16", (1.0, 15 * 60.0)),
}
# The positions of each kind, by publisher platform (targeting's *_positions values).
_POSITIONS = {
    "facebook": {"feed": "feed", "story": "stories", "facebook_reels": "reels"},
    "instagram": {"stream": "feed", "story": "stories", "reels": "reels"},
}


def delivered_kinds(placements: dict | None) -> dict[str, set[str]]:
    """Placement kind -> the publisher platforms it runs on, for the campaign's placements
    (None: Advantage+ placements, which run everywhere)."""
    kinds: dict[str, set[str]] = {}
    platforms = ("facebook", "instagram") if placements is None else placements.get("publisher_platforms") or (
        "facebook", "instagram")
    for platform in platforms:
        positions = _POSITIONS.get(platform)
        if positions is None:
            continue
        chosen = None if placements is None else placements.get(f"{platform}_positions")
        for position, kind in positions.items():
            if chosen is None or position in chosen:
                kinds.setdefault(kind, set()).add(platform)
    return kinds


def _near(ratio: float, wanted: float) -> bool:
    return abs(ratio - wanted) <= RATIO_TOLERANCE * wanted


def _shape(facts) -> str:
    return f"{facts.width}x{facts.height}"


def _fed_videos(ctx: LintContext) -> list:
    return ctx.pool("videos") if ctx.project.ad_format in ("SINGLE_VIDEO", "AUTOMATIC_FORMAT") else []


def check_media_count(ctx: LintContext) -> None:
    if ctx.project.ad_format != "AUTOMATIC_FORMAT":
        return  # one kind alone is counted by meta.count.images / meta.count.videos
    images, videos = ctx.pool("images"), ctx.pool("videos")
    if images and videos and len(images) + len(videos) > MEDIA_LIMIT:
        n = len(images) + len(videos)
        ctx.report("meta.count.media", f"{len(images)} images and {len(videos)} videos: dynamic creative takes at "
                   f"most {MEDIA_LIMIT} images and videos together", field="videos",
                   hint=f"remove {n - MEDIA_LIMIT} images or videos")


def check_video_files(ctx: LintContext) -> None:
    kinds = delivered_kinds(ctx.project.campaign.placements)
    for video in _fed_videos(ctx):
        facts = video.facts
        if facts is None:
            continue
        name = ctx.name(video)
        _shapes(ctx, video, name, facts, kinds)
        for kind in kinds:
            shortest, longest = KINDS[kind][2]
            if not shortest <= facts.duration <= longest:
                bound = f"at least {shortest:g} s" if facts.duration < shortest else f"at most {_seconds(longest)}"
                ctx.report("meta.video.duration", f"video {name} lasts {_seconds(facts.duration)}; {kind} placements "
                           f"take {bound}", asset_id=video.id, field="file",
                           hint=f"cut the video to {_seconds(shortest)}-{_seconds(longest)}, or choose placements "
                                f"without {kind}")
        if facts.size_bytes >= MAX_BYTES:
            ctx.report("meta.video.file_size", f"video {name} is {facts.size_bytes / 1024 ** 3:.1f} GB; Meta takes "
                       "video files under 4 GB", asset_id=video.id, field="file",
                       hint="export it again at a lower bit rate")
        if facts.codec not in CODECS:
            ctx.report("meta.video.codec", f"video {name} is coded as {facts.codec}; Meta takes H.264, H.265, VP9 "
                       "or AV1", asset_id=video.id, field="file", hint="export it again as H.264 (MP4)")
        if facts.variable_fps:
            ctx.report("meta.video.variable_fps", f"video {name} has a variable frame rate (about {facts.fps:g} "
                       "frames a second on average), as phones record in low light; Meta may show it out of "
                       "sync with its sound", asset_id=video.id, field="file",
                       hint="export it again at a constant frame rate (24-60 fps)")
        _thumbnail(ctx, video, name, facts)


def _seconds(value: float) -> str:
    return f"{value:g} s" if value < 120 else f"{value / 60:g} min"


def _shapes(ctx: LintContext, video, name: str, facts, kinds: dict[str, set[str]]) -> None:
    ratio = facts.ratio
    for kind in kinds:
        ratios, words, _ = KINDS[kind]
        if not any(_near(ratio, wanted) for wanted in ratios):
            ctx.report("meta.video.ratio", f"video {name} is {_shape(facts)}; {kind} placements show {words} "
                       "videos, so this one is cropped or letterboxed there", asset_id=video.id, field="file",
                       hint=f"add a {words} version of the video for {kind}")
    if "instagram" in set().union(*kinds.values()) and ratio < 1 - RATIO_TOLERANCE:
        ctx.report("meta.video.instagram_shape", f"video {name} is {_shape(facts)}, portrait: in dynamic creative "
                   "Instagram placements take only square or landscape videos", asset_id=video.id, field="file",
                   hint="use a square (1:1) or landscape version, or choose placements without Instagram")


def _thumbnail(ctx: LintContext, video, name: str, facts) -> None:
    if not video.thumbnail:
        if not (video.thumbnail_url or video.thumbnail_hash):
            ctx.report("meta.video.thumbnail_shape", f"video {name} has no thumbnail (poster)", asset_id=video.id,
                       field="thumbnail", hint="pick a frame for its thumbnail (Choose thumbnail...)")
        return
    try:
        with Image.open(ctx.project.resolve(video.thumbnail)) as im:  # the header only: nothing is decoded
            width, height = im.size
    except (OSError, ImageError, ValueError):
        return  # a missing or broken file is assets.file_missing's finding
    problems = []
    if width < MIN_THUMBNAIL_WIDTH:
        problems.append(f"is {width} px wide (at least {MIN_THUMBNAIL_WIDTH})")
    if height and not _near(width / height, facts.ratio):
        problems.append(f"is {width}x{height}, not the video's shape ({_shape(facts)})")
    if problems:
        ctx.report("meta.video.thumbnail_shape", f"the thumbnail of video {name} {' and '.join(problems)}",
                   asset_id=video.id, field="thumbnail",
                   hint="pick a frame of the video itself for its thumbnail; a video under 600 px wide needs a "
                        "larger version")


VIDEO_CHECKS = (check_media_count, check_video_files)
