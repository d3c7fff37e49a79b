"""One combination as people see it in a placement: feed (1:1, 4:5), story (9:16), carousel.

A mockup is pasted together from strips (header, primary text, media tile, link bar, action bar)
that are cached by their content, so rendering the 6,250th combination of a pool costs a few
pastes; only the first use of an image or a text draws anything.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from dcstudio.core.model.ad_content import AdContent
from dcstudio.core.model.ad_space import MediaSources
from dcstudio.core.model.assets import ImageAsset
from dcstudio.core.model.combinations import content_of
from dcstudio.core.render import chrome
from dcstudio.core.render.text import Style, block_height, draw_block, layout
from dcstudio.core.render.tiles import TileCache, image_tile, placement_box
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.placements import CARDS, FEED, FULLSCREEN, PRIMARY_TEXT_CHARS, Placement, placement_ids
from dcstudio.core.values.placements import placement as placement_of

PLACEMENTS = placement_ids()  # the table's ids when this loaded; the table itself is values/placements.py
# Truncation of the primary text: the feed shows about PRIMARY_TEXT_CHARS characters, then
# "... See more"; the lines it may take are each placement's (both in values/placements.py).
CAROUSEL_MAX_CARDS = 10
MIN_SIZE, MAX_SIZE = 100, 4096

_default_cache: TileCache | None = None
_default_lock = threading.Lock()


def default_cache() -> TileCache:
    global _default_cache
    with _default_lock:
        if _default_cache is None:
            _default_cache = TileCache()
        return _default_cache


@dataclass
class Mockup:
    image: Image.Image
    boxes: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # asset id -> why it shows a placeholder


def check_placement(placement: str) -> Placement:
    return placement_of(placement)


def check_size(size: int) -> None:
    if not MIN_SIZE <= int(size) <= MAX_SIZE:
        raise BadInputError(f"size {size}: use {MIN_SIZE} to {MAX_SIZE} pixels")


def _strip(cache: TileCache, key: tuple, make):
    return cache.get(("strip",) + key, make)


def _media(cache, sources, asset, ratio, size, mockup: Mockup):
    if asset is None:
        return chrome.placeholder_tile(size, "no media", "this combination has no image or video")
    box = placement_box(asset, ratio) if isinstance(asset, ImageAsset) else None
    tile = image_tile(cache, sources, asset, box, size)
    if tile.problem:
        mockup.problems[asset.id] = tile.problem
    return tile.image


def _stack(parts: list[tuple[str, Image.Image]], width: int, mockup: Mockup) -> Image.Image:
    canvas = Image.new("RGB", (width, sum(im.height for _, im in parts)), chrome.WHITE)
    y = 0
    for name, im in parts:
        canvas.paste(im, (0, y))
        mockup.boxes.setdefault(name, []).append((0, y, im.width, y + im.height))
        y += im.height
    return canvas


def _feed(cache, sources, content: AdContent, spec: Placement, w: int, safe_zones: bool) -> Mockup:
    mockup = Mockup(None)
    ratio = spec.media_ratio
    parts = [("header", _strip(cache, ("header", w, content.page_name), lambda: chrome.header(w, content.page_name)))]
    if content.body:
        lines = spec.primary_text_lines
        parts.append(("body", _strip(cache, ("body", w, content.body, lines), lambda: chrome.text_strip(
            w, content.body, max_lines=lines, max_chars=PRIMARY_TEXT_CHARS))))
    media_size = (w, round(w * ratio[1] / ratio[0]))
    parts.append(("media", _media(cache, sources, content.media[0] if content.media else None, ratio,
                                  media_size, mockup)))
    link_key = ("link", w, content.display_url, content.title, content.description, content.cta)
    parts.append(("link", _strip(cache, link_key, lambda: chrome.link_bar(
        w, display_url=content.display_url, headline=content.title, description=content.description,
        cta=content.cta))))
    parts.append(("actions", _strip(cache, ("actions", w), lambda: chrome.action_bar(w))))
    mockup.image = _stack(parts, w, mockup)
    return mockup


def _story_caption(w: int, h: int, content: AdContent, max_lines: int) -> Image.Image:
    """The bottom of a story (RGBA): shade, primary text, the CTA with its swipe-up chevron."""
    pad = chrome.px(w, 0.05)
    area = round(h * 0.32)
    im = chrome.story_shade(w, area, top=False)
    y = area - pad
    if content.cta:
        pill = chrome.button(content.cta, Style(chrome.text_px(w, 0.042), "bold", chrome.INK),
                             fill=chrome.WHITE, min_width=chrome.px(w, 0.4), pad_x=chrome.px(w, 0.05))
        y -= pill.height
        im.alpha_composite(pill, ((w - pill.width) // 2, y))
        s = chrome.px(w, 0.02, 3)
        cy = y - s - chrome.px(w, 0.015)
        ImageDraw.Draw(im).line([(w // 2 - s, cy + s // 2), (w // 2, cy - s // 2), (w // 2 + s, cy + s // 2)],
                                fill=chrome.WHITE, width=max(1, chrome.px(w, 0.006)))
        y = cy - s - pad // 2
    if content.body:
        style = Style(chrome.text_px(w, 0.042), "regular", chrome.WHITE)
        lines, _ = layout(content.body, w - 2 * pad, style, max_lines=max_lines,
                          max_chars=PRIMARY_TEXT_CHARS, more="See more", more_color=(220, 220, 220))
        y -= block_height(lines)
        draw_block(im, lines, pad, y, w - 2 * pad)
    return im


def _story_top(w: int, content: AdContent) -> Image.Image:
    top = chrome.story_shade(w, round(w * 0.3), top=True)
    pad = chrome.px(w, 0.03)
    ImageDraw.Draw(top).rounded_rectangle((pad, pad, w - pad, pad + max(2, chrome.px(w, 0.006))),
                                          radius=2, fill=(255, 255, 255, 230))
    head = chrome.header(w, content.page_name, bg=None, fg=chrome.WHITE, sub=(235, 235, 235))
    top.alpha_composite(head, (0, pad * 2))
    return top


def _picture_size(asset) -> tuple[int, int] | None:
    """The displayed size of an image, or of a video whose file was probed."""
    if isinstance(asset, ImageAsset):
        return asset.width, asset.height
    facts = getattr(asset, "facts", None)
    return (facts.width, facts.height) if facts and facts.width and facts.height else None


def _story(cache, sources, content: AdContent, spec: Placement, w: int, safe_zones: bool) -> Mockup:
    mockup = Mockup(None)
    h = round(w * spec.media_ratio[1] / spec.media_ratio[0])
    asset = content.media[0] if content.media else None
    # Stories ignore crops: the whole picture, fitted, on a soft backdrop of its own colours.
    dims = _picture_size(asset)
    if dims:
        scale = min(w / dims[0], h / dims[1])
        fitted = (max(1, round(dims[0] * scale)), max(1, round(dims[1] * scale)))
        if abs(fitted[0] - w) <= 0.03 * w and abs(fitted[1] - h) <= 0.03 * h:
            fitted = (w, h)  # a 9:16 picture (or video) fills the screen
        tile = image_tile(cache, sources, asset, (0, 0, *dims), fitted)
        if tile.problem:
            mockup.problems[asset.id] = tile.problem
        picture = tile.image
    else:
        fitted = (w, w)
        picture = _media(cache, sources, asset, (1, 1), fitted, mockup)

    at = ((w - picture.width) // 2, (h - picture.height) // 2)

    def base():
        frame = chrome.blurred_backdrop(picture, (w, h), at)
        frame.paste(picture, at)
        return frame

    base_key = ("story-base", w, getattr(asset, "id", None), getattr(asset, "sha256", None),
                getattr(asset, "thumbnail", None), fitted, mockup.problems.get(getattr(asset, "id", None)))
    frame = _strip(cache, base_key, base).copy()
    mockup.boxes["media"] = [(at[0], at[1], at[0] + picture.width, at[1] + picture.height)]
    top = _strip(cache, ("story-top", w, content.page_name), lambda: _story_top(w, content))
    frame.paste(top, (0, 0), top)
    lines = spec.primary_text_lines
    caption = _strip(cache, ("story-caption", w, h, content.body, content.cta, lines),
                     lambda: _story_caption(w, h, content, lines))
    frame.paste(caption, (0, h - caption.height), caption)
    mockup.boxes["caption"] = [(0, h - caption.height, w, h)]
    if safe_zones and spec.safe_zones:
        top, bottom = spec.safe_zones
        overlay = _strip(cache, ("safe-zones", w, h, top, bottom), lambda: chrome.safe_zones(w, h, top, bottom))
        frame.paste(overlay, (0, 0), overlay)
        mockup.boxes["safe-top"] = [(0, 0, w, round(h * top))]
        mockup.boxes["safe-bottom"] = [(0, round(h * (1 - bottom)), w, h)]
    mockup.image = frame
    return mockup


def carousel_frame_width(card: int, spec: Placement | None = None) -> int:
    """A phone shows a carousel's first card whole and about a third of the next, so people see
    there is more to swipe: the frame is the placement's ``card_divisor`` cards wide."""
    return round(card * (spec or placement_of("carousel")).card_divisor)


def _carousel(cache, sources, content: AdContent, spec: Placement, card: int, safe_zones: bool,
              first_card: int = 0) -> Mockup:
    """A phone-width frame: card ``first_card`` whole at the left (the last one at the right
    edge), the next one peeking. The boxes of every card are in the frame's pixels, those out of
    view too (left of 0 or right of the width)."""
    mockup = Mockup(None)
    media = content.media or (None,)
    n = len(media)
    pad, gap = chrome.px(card, 0.04), chrome.px(card, 0.03)
    width = carousel_frame_width(card, spec)
    step = card + gap
    strip = 2 * pad + n * card + (n - 1) * gap
    offset = min(max(0, first_card) * step, max(0, strip - width))
    head = _strip(cache, ("header", width, content.page_name), lambda: chrome.header(width, content.page_name))
    parts = [("header", head)]
    if content.body:
        lines = spec.primary_text_lines
        parts.append(("body", _strip(cache, ("body", width, content.body, lines), lambda: chrome.text_strip(
            width, content.body, max_lines=lines, max_chars=PRIMARY_TEXT_CHARS))))
    def card_bar(title, description):
        return _strip(cache, ("card-bar", card, title, description, content.cta),
                      lambda: chrome.link_bar(card, display_url="", headline=title, description=description,
                                              cta=content.cta, bg=chrome.WHITE))

    bar = card_bar(content.title, content.description)
    bars = [card_bar(*texts) for texts in content.card_texts[:n]] if content.card_texts else []
    actions = _strip(cache, ("actions", width, card), lambda: chrome.action_bar(width, card))
    top = sum(im.height for _, im in parts)
    card_h = card + max([bar.height, *(b.height for b in bars)])
    canvas = Image.new("RGB", (width, top + card_h + pad + actions.height), chrome.WHITE)
    y = 0
    for name, im in parts:
        canvas.paste(im, (0, y))
        mockup.boxes[name] = [(0, y, im.width, y + im.height)]
        y += im.height
    draw = ImageDraw.Draw(canvas)
    for k, asset in enumerate(media):
        x = pad + k * step - offset
        if x < width and x + card > 0:  # only the cards in view are drawn (pasting clips at the edges)
            canvas.paste(_media(cache, sources, asset, (1, 1), (card, card), mockup), (x, top))
            canvas.paste(bars[k] if k < len(bars) else bar, (x, top + card))
            draw.rectangle((x - 1, top - 1, x + card, top + card_h), outline=chrome.CARD_BORDER)
        mockup.boxes.setdefault("media", []).append((x, top, x + card, top + card))
        mockup.boxes.setdefault("cards", []).append((x, top, x + card, top + card_h))
    canvas.paste(actions, (0, top + card_h + pad))
    mockup.image = canvas
    return mockup


def mockup_width(placement: str, size: int) -> int:
    """How wide a mockup of ``placement`` at ``size`` is: the media's width, or a carousel's frame."""
    spec = check_placement(placement)
    return carousel_frame_width(int(size), spec) if spec.layout == CARDS else int(size)


def close_box(placement: str, size: int) -> tuple[int, int, int, int]:
    """Where a mockup of ``placement`` at ``size`` draws the header's × (the platform's "hide
    ad"), in the mockup's pixels: a window can make it do what people expect of it."""
    spec = check_placement(placement)
    if spec.layout == CARDS:
        return chrome.close_box(carousel_frame_width(int(size), spec))
    left, top, right, bottom = chrome.close_box(int(size))
    if spec.layout == FULLSCREEN:
        shift = 2 * chrome.px(int(size), 0.03)  # _story_top puts the header under the progress bar
        return left, top + shift, right, bottom + shift
    return left, top, right, bottom


def draw_ad(content: AdContent, sources: MediaSources, placement: str, size: int, *,
            cache: TileCache | None = None, safe_zones: bool = False, first_card: int = 0) -> Mockup:
    """The mockup of resolved ad content with the boxes of its parts and any placeholder reasons;
    ``sources`` reads its media (an AdSpace's ``sources``). ``first_card``: how far a carousel is
    scrolled (the card shown whole at the left)."""
    spec = check_placement(placement)
    check_size(size)
    # "is None", not "or": an empty TileCache is falsy (it has a length), and a caller's new cache
    # would be passed over for the shared default one.
    cache = cache if cache is not None else default_cache()
    if spec.layout == CARDS:
        return _carousel(cache, sources, content, spec, int(size), safe_zones, first_card)
    return _LAYOUTS[spec.layout](cache, sources, content, spec, int(size), safe_zones)


def compose(project, combination, placement: str, size: int, *, cache: TileCache | None = None,
            safe_zones: bool = False, first_card: int = 0) -> Mockup:
    """The mockup of one combination of ``project``: ``draw_ad`` of its content."""
    check_placement(placement)
    check_size(size)
    return draw_ad(content_of(project, combination, placement), project, placement, size, cache=cache,
                   safe_zones=safe_zones, first_card=first_card)


# Each layout kind of the placement table and the function that draws it.
_LAYOUTS = {FEED: _feed, FULLSCREEN: _story, CARDS: _carousel}


def render_preview(project, combination, placement: str, size: int, *, cache: TileCache | None = None,
                   safe_zones: bool = False, first_card: int = 0) -> Image.Image:
    """One mockup as an RGB image. ``size``: the media width in pixels (a card's, for carousels,
    whose frame is a phone's width: ``carousel_frame_width``)."""
    return compose(project, combination, placement, size, cache=cache, safe_zones=safe_zones,
                   first_card=first_card).image
