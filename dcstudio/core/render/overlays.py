"""A product image as a catalog ad shows it: its frame (``image_layer_specs``) and its overlay
(``image_overlay_spec``) drawn over it. ``decorate`` is the one entry; the product tiles call it.

What follows Meta's reference (ad-creative-link-data-image-overlay-spec): the three templates
(a pill, a circle, a triangle in a corner) with text; the four corner positions, triangles only
at the top ones; ``float_with_margin`` (pill only) leaves a margin between the pill and the edge;
the theme colour names its background and text colours (``background_e50900_text_ffffff``);
overlays are not rendered on Instagram (``instagram=True`` leaves them out, the frame stays).

APPROXIMATIONS, as Meta publishes no drawing specification:
- fonts: every ``text_font`` is drawn with the bundled Noto Sans (render/fonts.py), bold for the
  bold and medium faces, regular for the others; serif and condensed faces are not reproduced;
- geometry: sizes are shares of the image's shorter side (text 6%, margin 4%, circle 24% at
  least, triangle legs 38%), chosen to look like Meta's previews, not measured from them;
- a pill that does not float sits flush in its corner, still rounded;
- the strikethrough shows the old price smaller, with a line through it, before (pill) or above
  (circle, triangle) the new one;
- the words of ``from_price`` and the custom texts are English (render/overlay_text.py).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PIL import Image, ImageDraw

from dcstudio.core.catalog.prices import DEFAULT_LOCALE
from dcstudio.core.model.catalog_format import CatalogFormat, ImageOverlay
from dcstudio.core.render.frames import draw_frame, load_frame
from dcstudio.core.render.overlay_text import OverlayText, overlay_text
from dcstudio.core.render.text import Line, Style, draw_line, layout, line_height

REGULAR_FONTS = ("droid_serif_regular", "lato_regular", "noto_sans_regular", "roboto_condensed_regular")
TEXT_SHARE, MARGIN_SHARE, CIRCLE_SHARE, TRIANGLE_SHARE = 0.06, 0.04, 0.24, 0.38
STRUCK_SCALE = 0.78
_WIDE = 10_000  # a line's box: overlay texts are one line, never wrapped


def decorate(image: Image.Image, spec: CatalogFormat | None, product_values: Mapping, *,
             locale=DEFAULT_LOCALE, folder=None, now: datetime | None = None,
             instagram: bool = False) -> Image.Image:
    """``image`` with ``spec``'s frame and overlay for the product (store columns -> values, e.g.
    ``price``, ``sale_price``, ``sale_price_effective_date``), as a new RGB image.

    ``folder``: the project folder, where the frame's file is (needed when there is a frame);
    an unreadable frame raises ImageError naming it. ``instagram``: the placement is Instagram's,
    where Meta does not render image overlays."""
    out = image.convert("RGB")
    if out is image:
        out = image.copy()
    if spec is None:
        return out
    if spec.frame is not None:
        if folder is None:
            raise ValueError("a frame's file is read from the project folder: pass folder=")
        out = draw_frame(out, load_frame(folder, spec.frame), spec.frame)
    if spec.image_overlay is not None and not instagram:
        text = overlay_text(spec.image_overlay, product_values, locale=locale, now=now)
        if text is not None:
            draw_overlay(out, spec.image_overlay, text)
    return out


def theme_colors(theme: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """``background_e50900_text_ffffff`` -> ((229, 9, 0), (255, 255, 255))."""
    _, background, _, text = theme.split("_")
    return _rgb(background), _rgb(text)


def _rgb(hex6: str) -> tuple[int, int, int]:
    return int(hex6[0:2], 16), int(hex6[2:4], 16), int(hex6[4:6], 16)


def _weight(font: str) -> str:
    return "regular" if font in REGULAR_FONTS else "bold"


def _line(text: str, px: int, weight: str, color) -> Line:
    lines, _ = layout(text, _WIDE, Style(px, weight, color), max_lines=1)
    return lines[0]


def _label(text: OverlayText, px: int, weight: str, color, *, stacked: bool) -> Image.Image:
    """The overlay's words on a transparent image just their size."""
    main = _line(text.main, px, weight, color)
    struck = _line(text.struck, max(6, round(px * STRUCK_SCALE)), "regular", color) if text.struck else None
    gap = round(px * 0.35)
    main_h = line_height(px)
    if struck is None:
        w, h = main.width, main_h
    elif stacked:
        w, h = max(main.width, struck.width), main_h + line_height(struck.style.px)
    else:
        w, h = struck.width + gap + main.width, main_h
    im = Image.new("RGBA", (max(1, w), max(1, h)), (0, 0, 0, 0))
    x, y = 0, 0
    if struck is not None:
        sh = line_height(struck.style.px)
        sx = (w - struck.width) // 2 if stacked else 0
        sy = 0 if stacked else (main_h - sh) // 2
        draw_line(im, struck, sx, sy, struck.width + 1)
        mid = sy + round(sh * 0.55)
        ImageDraw.Draw(im).line((sx, mid, sx + struck.width, mid), fill=color, width=max(1, px // 10))
        if stacked:
            y = sh
        else:
            x = struck.width + gap
    if stacked:
        x = (w - main.width) // 2
    draw_line(im, main, x, y, main.width + 1)
    return im


def draw_overlay(image: Image.Image, overlay: ImageOverlay, text: OverlayText) -> None:
    """Draws the overlay with ``text`` onto ``image`` (RGB), in place."""
    background, color = theme_colors(overlay.theme_color)
    side = min(image.size)
    px = max(8, round(side * TEXT_SHARE))
    weight = _weight(overlay.text_font)
    template = overlay.overlay_template
    if template == "pill_with_text":
        _pill(image, overlay, _label(text, px, weight, color, stacked=False), px, background)
    elif template == "circle_with_text":
        _circle(image, overlay, _label(text, px, weight, color, stacked=True), px, background)
    else:
        _triangle(image, overlay, text, px, weight, color, background)


def _corner_box(image, position: str, w: int, h: int, margin: int) -> tuple[int, int]:
    left = margin if position.endswith("left") else image.width - margin - w
    top = margin if position.startswith("top") else image.height - margin - h
    return left, top


def _pill(image, overlay, label, px, background) -> None:
    h = round(px * 1.9)
    w = label.width + round(px * 1.5)
    margin = round(min(image.size) * MARGIN_SHARE) if overlay.float_with_margin else 0
    left, top = _corner_box(image, overlay.position, w, h, margin)
    ImageDraw.Draw(image).rounded_rectangle((left, top, left + w - 1, top + h - 1), radius=h // 2, fill=background)
    image.paste(label, (left + (w - label.width) // 2, top + (h - label.height) // 2), label)


def _circle(image, overlay, label, px, background) -> None:
    d = max(round(min(image.size) * CIRCLE_SHARE), label.width + px, label.height + px)
    margin = round(min(image.size) * MARGIN_SHARE)
    left, top = _corner_box(image, overlay.position, d, d, margin)
    ImageDraw.Draw(image).ellipse((left, top, left + d - 1, top + d - 1), fill=background)
    image.paste(label, (left + (d - label.width) // 2, top + (d - label.height) // 2), label)


def _triangle(image, overlay, text, px, weight, color, background) -> None:
    """A right triangle filling the corner, its text along the long side. Meta allows the top
    corners only; the bottom ones are drawn mirrored so that the lint's error is visible too."""
    w, h = image.size
    leg = round(min(image.size) * TRIANGLE_SHARE)
    right, bottom = overlay.position.endswith("right"), overlay.position.startswith("bottom")
    cx, cy = (w if right else 0), (h if bottom else 0)
    sx, sy = (-1 if right else 1), (-1 if bottom else 1)
    ImageDraw.Draw(image).polygon([(cx, cy), (cx + sx * leg, cy), (cx, cy + sy * leg)], fill=background)
    label = _label(text, px, weight, color, stacked=True)
    room = leg * 0.62  # the long side's length across the triangle's middle, with some air
    while label.width > room and px > 8:
        px = max(8, round(px * 0.9))
        label = _label(text, px, weight, color, stacked=True)
    angle = 45 if sx * sy > 0 else -45
    turned = label.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    mx, my = cx + sx * leg * 0.34, cy + sy * leg * 0.34
    image.paste(turned, (round(mx - turned.width / 2), round(my - turned.height / 2)), turned)
