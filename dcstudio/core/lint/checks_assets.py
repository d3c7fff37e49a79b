"""Asset checks: texts, duplicates, images and crops (from stored sizes, never decoded), links, url_tags."""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import fields
from datetime import datetime, timezone
from difflib import SequenceMatcher
from fractions import Fraction
from functools import lru_cache
from urllib.parse import urlsplit

from dcstudio.core.lint.checks_meta import cta_words
from dcstudio.core.lint.context import POOL_NOUNS, LintContext
from dcstudio.core.lint.rules import META
from dcstudio.core.model.templates import object_name
from dcstudio.core.values.crops import CROP_KEYS, DEPRECATED_CROP_KEYS
from dcstudio.core.values.plan_references import REFERENCE
from dcstudio.core.values.profiles import LIMITS

HARD_TEXT_LIMITS = {pool: limit.hard for pool, limit in LIMITS[META].texts.items()}  # [OPT]
RECOMMENDED_TEXT_LENGTHS = {pool: limit.recommended for pool, limit in LIMITS[META].texts.items()}
META_MAX_IMAGE_BYTES = 30 * 1024 * 1024
META_MIN_WIDTH = 600
META_MAX_IMAGE_NAME = 100
META_ASPECT_RANGE = (Fraction(9, 16), Fraction(191, 100))
UNCONFIRMED_CROP_KEYS = {"300x400": (300, 400)}
NEAR_DUPLICATE_SIMILARITY = 0.9
URL_TAGS_POOLS = ("images", "videos", "titles", "bodies", "descriptions")
_URL_TAG_KEY = re.compile(r"^[A-Za-z0-9_.\-\[\]{}]+$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_NAMES = {"\x00": "NUL", "\x0b": "vertical tab", "\x0c": "form feed", "\r": "carriage return",
                  "\x1b": "escape", "\x7f": "delete", "\x85": "next line (NEL)"}


# -- texts -----------------------------------------------------------------------------------
def check_texts(ctx: LintContext) -> None:
    for pool, hard in HARD_TEXT_LIMITS.items():
        noun = POOL_NOUNS[pool]
        recommended = RECOMMENDED_TEXT_LENGTHS[pool]
        for asset in ctx.pool(pool):
            text = asset.text
            if text == "" or (not text.strip() and pool != "descriptions"):
                blank = " (a single space gives a blank description)" if pool == "descriptions" else ""
                ctx.report("meta.text.empty", f"{noun} {asset.id} is empty", asset_id=asset.id, field="text",
                           hint=f"write the {noun} or remove it{blank}")
            elif len(text) > hard:
                ctx.report("meta.text.max_length", f"{noun} {ctx.name(asset)} has {len(text)} characters; "
                           f"the limit is {hard}", asset_id=asset.id, field="text",
                           hint=f"shorten it by {len(text) - hard} characters")
            elif len(text) > recommended:
                ctx.report("meta.text.recommended_length", f"{noun} {ctx.name(asset)} has {len(text)} characters; "
                           f"more than {recommended} are cut off in most placements", asset_id=asset.id,
                           field="text", hint=f"say it in {recommended} characters, or put the key words first")



def _texts(ctx: LintContext):
    """(noun, asset or None, field, text) for every text of the project (never empty)."""
    if ctx.project.name:
        yield "project", None, "name", ctx.project.name
    for pool, assets in ctx.project.pools.items():
        for asset in assets:
            for f in fields(asset):
                value = getattr(asset, f.name)
                if isinstance(value, str) and value:
                    yield POOL_NOUNS.get(pool, pool), asset, f.name, value


def _where(ctx: LintContext, noun: str, asset, field: str) -> str:
    return f"the project's {field}" if asset is None else f"{noun} {ctx.name(asset)}: its {field}"


def check_characters(ctx: LintContext) -> None:
    for noun, asset, field, value in _texts(ctx):
        text = ctx.checked(value)
        asset_id = asset.id if asset is not None else None
        if match := _SURROGATE.search(text):
            ctx.report("text.lone_surrogate", f"{_where(ctx, noun, asset, field)} has half a surrogate pair "
                       f"(U+{ord(match.group(0)):04X}) at character {match.start() + 1}", asset_id=asset_id,
                       field=field, hint="retype the character there (an emoji or a rare letter came in broken)")
        if match := _CONTROL.search(text):
            ch = match.group(0)
            more = len(_CONTROL.findall(text)) - 1
            also = f" (and {more} more control character{'s' if more > 1 else ''})" if more else ""
            ctx.report("text.control_character", f"{_where(ctx, noun, asset, field)} has a "
                       f"{_CONTROL_NAMES.get(ch, 'control character')} (U+{ord(ch):04X}) at character "
                       f"{match.start() + 1}{also}", asset_id=asset_id, field=field,
                       hint="delete it; type line breaks as plain new lines" if ch in "\r\x0b\x0c\x85"
                       else "delete it: it is invisible in the ad")


def check_references(ctx: LintContext) -> None:
    """Texts a sender of the export plan would take for a reference to another call's answer."""
    named = object_name(ctx.project, "campaign", None, datetime.now(timezone.utc))
    candidates = [("campaign", None, "name", named)] + [t for t in _texts(ctx) if t[1] is not None]
    for noun, asset, field, value in candidates:
        if len(value) < 100 and REFERENCE.match(value):
            where = f"the campaign name {value!r} (from the naming template)" if asset is None else \
                f"{noun} {asset.id}: its {field} {value!r}"
            ctx.report("meta.text.reference", f"{where} has the form of a reference to another call's answer "
                       "({call.field}): publishing would replace it with an id", asset_id=getattr(asset, "id", None),
                       field=field, hint="change the text, e.g. add a word; export refuses it as it is")


@lru_cache(maxsize=1024)
def _normal(text: str) -> str:
    """Case, accents, spacing, punctuation and emoji removed: what a reader takes as "the same"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text if not unicodedata.combining(ch)).split())


@lru_cache(maxsize=4096)
def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 12:  # short headlines differ by a word on purpose
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (matcher.real_quick_ratio() >= NEAR_DUPLICATE_SIMILARITY
            and matcher.quick_ratio() >= NEAR_DUPLICATE_SIMILARITY
            and matcher.ratio() >= NEAR_DUPLICATE_SIMILARITY)


def _duplicate(ctx: LintContext, pool: str, asset, first, what: str) -> None:
    noun = POOL_NOUNS[pool]
    if ctx.profile == META:
        ctx.report("meta.duplicate", f"{noun} {asset.id} repeats {first.id}: same {what} (error 1815629)",
                   asset_id=asset.id, field=pool, hint=f"remove {asset.id} or change it")
    else:
        ctx.report("assets.near_duplicate", f"{noun} {asset.id} repeats {first.id}: same {what}",
                   asset_id=asset.id, field=pool, hint=f"remove {asset.id} or change it")


def _near(ctx: LintContext, pool: str, asset, first, how: str) -> None:
    ctx.report("assets.near_duplicate", f"{POOL_NOUNS[pool]} {asset.id} is nearly the same as {first.id} ({how}): "
               "it wastes a slot", asset_id=asset.id, field=pool, hint="make it say something different, or remove it")


def check_duplicates(ctx: LintContext) -> None:
    for pool in ("titles", "bodies", "descriptions"):
        seen: list = []  # (asset, normalised text)
        for asset in ctx.pool(pool):
            # The same words labelled for another language or placement are another asset.
            exact = next((s for s, _ in seen if s.text == asset.text and s.adlabels == asset.adlabels), None)
            if exact is not None:
                _duplicate(ctx, pool, asset, exact, "text")
                continue
            norm = _normal(ctx.checked(asset.text))
            near = next(((s, n) for s, n in seen if norm and s.adlabels == asset.adlabels and _similar(n, norm)), None)
            if near is not None:
                _near(ctx, pool, asset, near[0], "same words" if near[1] == norm else "90% the same")
            seen.append((asset, norm))
    _media_duplicates(ctx)
    _cta_duplicates(ctx)
    _link_duplicates(ctx)


def _media_duplicates(ctx: LintContext) -> None:
    remote_images = getattr(ctx.project, "remote_images", {})
    for pool in ("images", "videos"):
        first_by_key: dict = {}
        for asset in ctx.pool(pool):
            # A placeholder has no file, so no content hash: it is the image its hash or URL names.
            remote = remote_images.get(asset.id)
            content = ("remote", remote.get("hash") or remote.get("url")) if remote else ("sha", asset.sha256)
            # One picture cropped once per placement, or labelled for two, is two assets.
            also = (getattr(asset, "crop", None), asset.adlabels)
            keys = [(*k, *also) for k in (content, ("video", getattr(asset, "video_id", None))) if k[1]]
            hit = next((first_by_key[k] for k in keys if k in first_by_key), None)
            if hit is not None:
                _duplicate(ctx, pool, asset, hit, "file" if pool == "images" else "video")
                continue
            for k in keys:
                first_by_key[k] = asset


def _cta_duplicates(ctx: LintContext) -> None:
    by_type: dict = {}
    by_words: dict = {}
    for cta in ctx.pool("call_to_actions"):
        key = (cta.type, cta.adlabels, repr(sorted(cta.value.items())))  # another form or label: another button
        if key in by_type:
            _duplicate(ctx, "call_to_actions", cta, by_type[key], "type")
            continue
        words = cta_words(cta.type)
        if words and (words, cta.adlabels) in by_words:
            _near(ctx, "call_to_actions", cta, by_words[(words, cta.adlabels)], f"the same button words {words!r}")
        by_type[key] = cta
        by_words.setdefault((words, cta.adlabels), cta)


def _link_key(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # unparseable: link.unparseable reports it; compare it as written
        return url.strip()
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}?{parts.query}"


def _link_duplicates(ctx: LintContext) -> None:
    seen: list = []
    for link in ctx.pool("link_urls"):
        value = (link.website_url, link.display_url, link.deeplink_url, link.adlabels)
        exact = next((s for s in seen if (s.website_url, s.display_url, s.deeplink_url, s.adlabels) == value), None)
        if exact is not None:
            _duplicate(ctx, "link_urls", link, exact, "address")
            continue
        near = next((s for s in seen if s.adlabels == link.adlabels
                     and _link_key(s.website_url) == _link_key(link.website_url)), None)
        if near is not None:
            _near(ctx, "link_urls", link, near, "the same destination")
        seen.append(link)


# -- images and crops ----------------------------------------------------------------------------
def check_images(ctx: LintContext) -> None:
    low, high = META_ASPECT_RANGE
    for image in ctx.pool("images"):
        size = ctx.file_size(image)
        if size is not None and size > META_MAX_IMAGE_BYTES:
            ctx.report("meta.image.file_size", f"image {ctx.name(image)} is {size / 2**20:.1f} MB; the limit is 30 MB",
                       asset_id=image.id, field="file", hint="export it again as a JPEG of quality 85-90")
        file_name = (image.file or "").rsplit("/", 1)[-1]
        if len(file_name) > META_MAX_IMAGE_NAME:
            ctx.report("meta.image.name_length", f"image {image.id}: file name {file_name[:40]!r}... has "
                       f"{len(file_name)} characters; an uploaded image's name takes {META_MAX_IMAGE_NAME}",
                       asset_id=image.id, field="file", hint="rename the file (relink it) to a shorter name")
        if ctx.suffix(image) not in (".jpg", ".jpeg", ".png"):
            ctx.report("meta.image.format", f"image {ctx.name(image)} is a {ctx.suffix(image) or 'file without suffix'}"
                       "; Meta recommends JPG or PNG", asset_id=image.id, field="file", hint="convert it to JPG or PNG")
        crop = image.crop
        shown_width = crop.width if crop.inside(image.width, image.height) else image.width
        if shown_width < META_MIN_WIDTH:
            ctx.report("meta.image.min_width", f"image {ctx.name(image)} shows {shown_width} px wide (its crop); "
                       f"Instagram wants at least {META_MIN_WIDTH}", asset_id=image.id, field="crop",
                       hint="use a larger image or a wider crop; 1080 px is recommended")
        aspect = Fraction(image.width, max(1, image.height))
        if not low * Fraction(99, 100) <= aspect <= high * Fraction(101, 100):
            ctx.report("meta.image.aspect", f"image {ctx.name(image)} is {image.width}x{image.height} "
                       f"({float(aspect):.2f}:1), outside 9:16 to 1.91:1", asset_id=image.id, field="file",
                       hint="use 1:1, 4:5 or 9:16 images (1080x1080, 1080x1350, 1080x1920)")
        _check_crop(ctx, image)


def _check_crop(ctx: LintContext, image) -> None:
    crop = image.crop
    name = ctx.name(image)
    if crop.width < 1 or crop.height < 1 or image.width < 1 or image.height < 1:
        ctx.report("meta.crop.outside", f"image {name}: crop {crop.width}x{crop.height} of a {image.width}x"
                   f"{image.height} image is empty", asset_id=image.id, field="crop", hint="reset the crop")
        return
    if crop.key in UNCONFIRMED_CROP_KEYS:
        ctx.report("meta.crop.unconfirmed_key", f"image {name} uses crop key {crop.key}, which only the SDK lists",
                   asset_id=image.id, field="crop.key", hint="use 100x100, 400x500 or 90x160")
        w, h = UNCONFIRMED_CROP_KEYS[crop.key]
        ratio_error = abs(float(Fraction(crop.width, crop.height) / Fraction(w, h)) - 1.0)
    elif crop.key not in CROP_KEYS:
        ctx.report("meta.crop.unknown_key", f"image {name} has crop key {crop.key!r}, which Meta does not know",
                   asset_id=image.id, field="crop.key",
                   hint=f"use one of {', '.join(k for k in CROP_KEYS if k not in DEPRECATED_CROP_KEYS)}")
        ratio_error = 0.0
    else:
        ratio_error = crop.ratio_error()
    if crop.key in DEPRECATED_CROP_KEYS:
        ctx.report("meta.crop.deprecated_key", f"image {name} uses crop key {crop.key}, deprecated (error 2490085)",
                   asset_id=image.id, field="crop.key", hint=f"crop to {DEPRECATED_CROP_KEYS[crop.key]} instead")
    if not crop.inside(image.width, image.height):
        ctx.report("meta.crop.outside", f"image {name}: crop {crop.left},{crop.top} {crop.width}x{crop.height} "
                   f"reaches outside the {image.width}x{image.height} image", asset_id=image.id, field="crop",
                   hint="move or shrink the crop to lie inside the image")
    tolerance = 0.01 + 1.0 / max(1, min(crop.width, crop.height))
    if ratio_error > tolerance:
        ctx.report("meta.crop.ratio", f"image {name}: crop {crop.width}x{crop.height} does not match key "
                   f"{crop.key}'s shape ({ratio_error:.0%} off)", asset_id=image.id, field="crop",
                   hint=f"reset the crop to the {crop.key} shape")


# -- links and url_tags ---------------------------------------------------------------------------
_BAD_SCHEMES = ("javascript", "data", "vbscript", "file")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(?!\d)")  # "host:8080" is a port, not a scheme


def _url_problem(url: str) -> str | None:
    """Why a website URL cannot be used, or None."""
    if not url.strip():
        return "it is empty"
    if any(ch.isspace() for ch in url):
        return "it contains spaces (encode them as %20)"
    if any(ord(ch) < 32 or ord(ch) > 126 for ch in url):
        return "it contains characters that are not URL-encoded (error 1815166)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        return f"it does not parse ({exc})"
    if not parts.hostname or "." not in parts.hostname:
        return "it has no host name such as www.example.com"
    return None


def check_links(ctx: LintContext) -> None:
    for link in ctx.pool("link_urls"):
        name = ctx.name(link)
        for field_name in ("website_url", "deeplink_url"):
            url = getattr(link, field_name) or ""
            match = _SCHEME.match(url.strip())
            scheme = match.group(1).lower() if match else ""
            if scheme in _BAD_SCHEMES or (field_name == "website_url" and scheme not in ("http", "https", "")):
                ctx.report("link.scheme", f"link {name}: {field_name} uses {scheme}:, never accepted",
                           asset_id=link.id, field=field_name, hint="use an https:// web address")
                break
        else:
            url = link.website_url or ""
            problem = _url_problem(url) if _SCHEME.match(url.strip()) else (
                "it is empty" if not url.strip() else "it has no https:// in front")
            if problem:
                ctx.report("link.unparseable", f"link {name}: website_url {url!r} cannot be used: {problem}",
                           asset_id=link.id, field="website_url", hint="enter the full address, e.g. https://www.example.com/page")
            elif url.lower().startswith("http://"):
                ctx.report("link.not_https", f"link {name} uses http://", asset_id=link.id, field="website_url",
                           hint="use the https:// address: browsers warn on http pages")


def url_tags_problem(tags: str) -> str | None:
    if tags.startswith(("?", "&")):
        return f"it starts with {tags[0]!r}"
    if any(ch.isspace() for ch in tags):
        return "it contains spaces"
    if "#" in tags:
        return "it contains '#'"
    for part in tags.split("&"):
        key, eq, _value = part.partition("=")
        if not eq or not key:
            return f"{part!r} is not key=value"
        if not _URL_TAG_KEY.match(key):
            return f"key {key!r} has characters a query key cannot have"
    return None


def check_url_tags(ctx: LintContext) -> None:
    for pool in URL_TAGS_POOLS:
        for asset in ctx.pool(pool):
            if asset.url_tags and (problem := url_tags_problem(asset.url_tags)):
                ctx.report("meta.url_tags.syntax",
                           f"{POOL_NOUNS[pool]} {asset.id}: url_tags {asset.url_tags!r}: {problem}",
                           asset_id=asset.id, field="url_tags", hint="write key=value pairs joined by &, "
                           "e.g. utm_source=facebook&utm_content=img1")


def check_files(ctx: LintContext) -> None:
    problems = dict(ctx.project.file_problems)
    for pool in ("images", "videos"):
        for asset in ctx.pool(pool):
            if asset.id not in problems and getattr(asset, "file", None) and ctx.project.folder is not None \
                    and ctx.file_size(asset) is None:
                problems[asset.id] = f"{asset.file}: file is missing"
    remote = getattr(ctx.project, "remote_images", {})
    for asset_id, problem in sorted(problems.items()):
        if asset_id in remote:
            source = ", ".join(f"{k} {v}" for k, v in sorted(remote[asset_id].items()) if k in ("hash", "url"))
            ctx.report("files.remote", f"{asset_id} is known only by {source}: no local file to check or preview",
                       asset_id=asset_id, field="file", hint="relink the image to its file")
            continue
        ctx.report("files.problem", f"{asset_id}: {problem}", asset_id=asset_id, field="file",
                   hint="relink the asset to its file, or re-import it")


@lru_cache(maxsize=256)
def _pixel_problem(path: str, mtime_ns: int, size: int) -> str | None:
    # Pillow is imported only once there are files to look at.
    from dcstudio.core.model.images import pixel_limit_problem
    return pixel_limit_problem(path)


def check_pixels(ctx: LintContext) -> None:
    """The image's own header, not its stored size (a hand-edited file may claim any size); a
    header read per file state, so linting on every edit stays fast."""
    for image in ctx.pool("images"):
        if image.id in ctx.project.file_problems or ctx.file_size(image) is None:
            continue
        path = ctx.project.resolve(image.file)
        try:
            st = os.stat(path)
        except OSError:
            continue
        problem = _pixel_problem(str(path), st.st_mtime_ns, st.st_size)
        if problem:
            ctx.report("files.pixels", f"image {ctx.name(image)}: {image.file} {problem}", asset_id=image.id,
                       field="file", hint="scale the image down (a 1080 px side is plenty) and relink it")


ASSET_CHECKS = (check_texts, check_characters, check_references, check_duplicates, check_images, check_links,
                check_url_tags, check_files, check_pixels)
