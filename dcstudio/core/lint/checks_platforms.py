"""Other platforms' automatic combining, from the reference's section 6.

How the project's pools map (the project model is Meta's; these profiles borrow it):

- Google responsive display ads: images -> marketing images (landscape 1.91:1 or square 1:1,
  judged on the crop when its key is 100x100 or 191x100, else on the whole image); titles ->
  headlines (1-5, <= 30); descriptions -> the long headline (exactly 1, <= 90); bodies ->
  descriptions (1-5, <= 90); link -> final URL; videos -> YouTube videos (<= 5). Logos and the
  business name have no pool in the project and are not checked.
- TikTok automated creative optimization: images and videos -> media (<= 10); bodies -> ad
  texts (<= 5, 12-100 characters, 6-50 in Asian scripts, no emoji, { } or #); CTAs (1). The
  reference marks all of TikTok's numbers UNCONFIRMED for today, so every TikTok rule is a warning.
"""
from __future__ import annotations

import re
from fractions import Fraction

from dcstudio.core.lint.context import LintContext
from dcstudio.core.lint.policy import is_emoji
from dcstudio.core.values.profiles import GOOGLE, LIMITS, TIKTOK

_G, _T = LIMITS[GOOGLE], LIMITS[TIKTOK]
GOOGLE_MAX_IMAGES = _G.most["images"]
GOOGLE_LANDSCAPE = Fraction(191, 100)
GOOGLE_MIN = {"landscape": (600, 314), "square": (300, 300)}
GOOGLE_RECOMMENDED = {"landscape": (1200, 628), "square": (600, 600)}
GOOGLE_MAX_BYTES = 5120 * 1024
GOOGLE_FORMATS = (".gif", ".jpg", ".jpeg", ".png")
GOOGLE_TEXTS = {  # pool -> (Google's name, min count, max count, max characters)
    pool: (limit.name, _G.fewest[pool], _G.most[pool], limit.hard) for pool, limit in _G.texts.items()
}
_GOOGLE_TEXT_RULES = {
    "titles": ("google.count.headlines", "google.text.headline_length"),
    "descriptions": ("google.count.long_headline", "google.text.long_headline_length"),
    "bodies": ("google.count.descriptions", "google.text.description_length"),
}
TIKTOK_MAX_MEDIA, TIKTOK_MAX_TEXTS, TIKTOK_MAX_CTAS = _T.media, _T.most["bodies"], _T.most["call_to_actions"]
TIKTOK_TEXT_LATIN, TIKTOK_TEXT_ASIAN = (_T.texts["bodies"].shortest, _T.texts["bodies"].hard), (6, 50)
TIKTOK_MIN_IMAGE = (1200, 628)
TIKTOK_MAX_BYTES = 500 * 1024
_ASIAN = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def google_shape(image) -> tuple[str | None, int, int]:
    """("landscape" | "square" | None, width, height) of what Google would be given."""
    crop = image.crop
    if crop.key in ("100x100", "191x100") and crop.inside(image.width, image.height):
        w, h = crop.width, crop.height
    else:
        w, h = image.width, image.height
    ratio = Fraction(max(1, w), max(1, h))
    if abs(float(ratio / GOOGLE_LANDSCAPE) - 1) <= 0.01:
        return "landscape", w, h
    if abs(float(ratio) - 1) <= 0.01:
        return "square", w, h
    return None, w, h


def check_google(ctx: LintContext) -> None:
    images = ctx.pool("images")
    if len(images) > GOOGLE_MAX_IMAGES:
        ctx.report("google.count.images",
                   f"{len(images)} images: responsive display ads take at most {GOOGLE_MAX_IMAGES}",
                   field="images", hint=f"remove {len(images) - GOOGLE_MAX_IMAGES} images")
    shapes = set()
    for image in images:
        shape, w, h = google_shape(image)
        shapes.add(shape)
        if shape is None:
            ctx.report("google.image.aspect", f"image {ctx.name(image)} is {w}x{h}: Google takes 1.91:1 or 1:1 (+-1%)",
                       asset_id=image.id, field="crop", hint="crop it to 100x100 (square) or 191x100 (landscape)")
        elif w < GOOGLE_MIN[shape][0] or h < GOOGLE_MIN[shape][1]:
            mw, mh = GOOGLE_MIN[shape]
            ctx.report("google.image.min_size",
                       f"image {ctx.name(image)}: {shape} {w}x{h} is under the minimum {mw}x{mh}",
                       asset_id=image.id, field="crop", hint="use a larger image")
        elif w < GOOGLE_RECOMMENDED[shape][0] or h < GOOGLE_RECOMMENDED[shape][1]:
            rw, rh = GOOGLE_RECOMMENDED[shape]
            ctx.report("google.image.recommended_size", f"image {ctx.name(image)}: {shape} {w}x{h} is under the "
                       f"recommended {rw}x{rh}", asset_id=image.id, field="crop", hint="a larger image looks sharper")
        if ctx.suffix(image) not in GOOGLE_FORMATS:
            ctx.report("google.image.format", f"image {ctx.name(image)} is {ctx.suffix(image) or 'of no known type'}: "
                       "Google takes GIF, JPEG or PNG", asset_id=image.id, field="file",
                       hint="convert it to JPEG or PNG")
        size = ctx.file_size(image)
        if size is not None and size > GOOGLE_MAX_BYTES:
            ctx.report("google.image.file_size", f"image {ctx.name(image)} is {size // 1024} KB; Google's limit "
                       "is said to be 5120 KB", asset_id=image.id, field="file", hint="save it smaller")
    for shape, rule in (("landscape", "google.count.landscape"), ("square", "google.count.square")):
        if shape not in shapes:
            ctx.report(rule, f"no {shape} image: responsive display ads need at least one",
                       field="images",
                       hint=f"add a {'1.91:1 (1200x628)' if shape == 'landscape' else '1:1 (600x600)'} image")
    for pool, (name, low, high, limit) in GOOGLE_TEXTS.items():
        count_rule, length_rule = _GOOGLE_TEXT_RULES[pool]
        items = ctx.pool(pool)
        if not low <= len(items) <= high:
            want = f"exactly {low}" if low == high else f"{low} to {high}"
            ctx.report(count_rule, f"{len(items)} {pool} (Google's {name}s): it takes {want}", field=pool,
                       hint=f"keep {want} {pool}")
        for asset in items:
            if len(asset.text) > limit:
                ctx.report(length_rule, f"{ctx.name(asset)} as Google's {name} has {len(asset.text)} characters; "
                           f"the limit is {limit}", asset_id=asset.id, field="text", hint=f"shorten it to {limit}")
    if len(ctx.pool("videos")) > _G.most["videos"]:
        ctx.report("google.count.videos", f"{len(ctx.pool('videos'))} videos: Google takes at most "
                   f"{_G.most['videos']}", field="videos", hint="remove videos")
    if not ctx.pool("link_urls"):
        ctx.report("google.count.final_url", "no link: a responsive display ad needs a final URL", field="link_urls",
                   hint="add the website address the ad leads to")


def check_tiktok(ctx: LintContext) -> None:
    media = ctx.pool("images") + ctx.pool("videos")
    if len(media) > TIKTOK_MAX_MEDIA:
        ctx.report("tiktok.count.media", f"{len(media)} images and videos: TikTok takes up to {TIKTOK_MAX_MEDIA}",
                   field="images", hint="keep the best 10")
    texts = ctx.pool("bodies")
    if len(texts) > TIKTOK_MAX_TEXTS:
        ctx.report("tiktok.count.texts", f"{len(texts)} ad texts (bodies): TikTok takes up to {TIKTOK_MAX_TEXTS}",
                   field="bodies", hint="keep the best 5")
    if len(ctx.pool("call_to_actions")) > TIKTOK_MAX_CTAS:
        ctx.report("tiktok.count.cta", f"{len(ctx.pool('call_to_actions'))} calls to action: TikTok takes one",
                   field="call_to_actions", hint="keep one call to action")
    for asset in texts:
        low, high = TIKTOK_TEXT_ASIAN if _ASIAN.search(ctx.checked(asset.text)) else TIKTOK_TEXT_LATIN
        if not low <= len(asset.text) <= high:
            ctx.report("tiktok.text.length", f"ad text {ctx.name(asset)} has {len(asset.text)} characters; "
                       f"TikTok takes {low}-{high}", asset_id=asset.id, field="text",
                       hint=f"write {low}-{high} characters")
        bad = sorted({ch for ch in ctx.checked(asset.text) if ch in "{}#" or is_emoji(ch)})
        if bad:
            ctx.report("tiktok.text.characters", f"ad text {asset.id} contains {' '.join(bad)}: TikTok refuses emoji, "
                       "{ } and #", asset_id=asset.id, field="text", hint="remove them")
    for image in ctx.pool("images"):
        w, h = image.width, image.height
        if max(w, h) < TIKTOK_MIN_IMAGE[0] or min(w, h) < TIKTOK_MIN_IMAGE[1]:
            ctx.report("tiktok.image.size", f"image {ctx.name(image)} is {w}x{h}; TikTok suggests at least 1200x628",
                       asset_id=image.id, field="file", hint="use a larger image")
        size = ctx.file_size(image)
        if size is not None and size > TIKTOK_MAX_BYTES:
            ctx.report("tiktok.image.file_size", f"image {ctx.name(image)} is {size // 1024} KB; TikTok suggests "
                       "500 KB at most", asset_id=image.id, field="file", hint="save it as a smaller JPEG")
        if ctx.suffix(image) not in (".jpg", ".jpeg", ".png"):
            ctx.report("tiktok.image.format", f"image {ctx.name(image)} is {ctx.suffix(image) or 'of no known type'}: "
                       "TikTok takes JPG or PNG", asset_id=image.id, field="file", hint="convert it to JPG or PNG")
