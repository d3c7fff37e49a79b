"""The pieces of platform chrome the mockups are built from: header, link bar, CTA button,
action bar, story overlays, and the placeholder and video tiles.

Sizes are fractions of the mockup width ``w`` so a 240 px tile and a 1080 px export look alike.
Colours are those of Facebook's light theme.
"""
from __future__ import annotations

import hashlib

from PIL import Image, ImageDraw, ImageFilter

from dcstudio.core.render.text import Style, block_height, draw_block, draw_line, layout, text_width

INK = (5, 5, 5)
GREY_TEXT = (101, 103, 107)
BUTTON_GREY = (228, 230, 235)
LINK_BAR = (240, 242, 245)
DIVIDER = (206, 208, 212)
CARD_BORDER = (218, 221, 225)
WHITE = (255, 255, 255)
PLACEHOLDER_BG = (228, 230, 235)
WARNING = (244, 180, 0)
SAFE_ZONE = (255, 45, 85)


def px(w: int, fraction: float, minimum: int = 1) -> int:
    return max(minimum, round(w * fraction))


def text_px(w: int, fraction: float) -> int:
    return max(8, round(w * fraction))


def avatar(d: int, name: str) -> Image.Image:
    """A round placeholder avatar: the page's initial on a colour taken from its name."""
    hue = hashlib.sha256(name.encode()).digest()
    color = (40 + hue[0] % 150, 60 + hue[1] % 120, 90 + hue[2] % 140)
    scale = 4  # drawn large and reduced, for a smooth edge
    im = Image.new("RGBA", (d * scale, d * scale), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((0, 0, d * scale - 1, d * scale - 1), fill=color + (255,))
    im = im.resize((d, d), Image.Resampling.LANCZOS)
    initial = (name.strip()[:1] or "?").upper()
    lines, _ = layout(initial, d, Style(max(6, int(d * 0.5)), "bold", WHITE), max_lines=1)
    draw_line(im, lines[0], 0, (d - d * 0.5 * 1.36) / 2, d, "center")
    return im


def header(w: int, page_name: str, *, bg=WHITE, fg=INK, sub=GREY_TEXT, close: bool = True) -> Image.Image:
    """Avatar, page name, "Sponsored" and the post menu. ``bg=None``: transparent (RGBA)."""
    pad = px(w, 0.032)
    d = px(w, 0.1, 12)
    height = d + 2 * pad
    im = Image.new("RGBA", (w, height), (0, 0, 0, 0)) if bg is None else Image.new("RGB", (w, height), bg)
    av = avatar(d, page_name)
    im.paste(av, (pad, pad), av)
    x = pad + d + px(w, 0.025)
    menu = px(w, 0.16)
    name_style = Style(text_px(w, 0.04), "bold", fg)
    name, _ = layout(page_name or "Your page", w - x - menu, name_style, max_lines=1)
    top = pad + (d - name_style.px * 1.36 - text_px(w, 0.034) * 1.36) / 2
    y = draw_block(im, name, x, top, w - x - menu, "left")
    sub_style = Style(text_px(w, 0.034), "regular", sub)
    sponsored, _ = layout("Sponsored \u00b7", w - x - menu, sub_style, max_lines=1)
    draw_block(im, sponsored, x, y, w - x - menu, "left")
    draw = ImageDraw.Draw(im)
    _globe(draw, x + sponsored[0].width + sub_style.px * 0.35, y + sub_style.px * 0.3, sub_style.px * 0.8, sub)
    cy = pad + d // 2
    r = max(1, px(w, 0.006))
    right = w - pad - (px(w, 0.075) if close else 0)
    for k in range(3):  # the "..." menu
        cx = right - px(w, 0.06) + k * px(w, 0.02)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fg)
    if close:
        left, top, right, bottom = _close_cross(w)
        draw.line((left, top, right, bottom), fill=fg, width=max(1, px(w, 0.005)))
        draw.line((left, bottom, right, top), fill=fg, width=max(1, px(w, 0.005)))
    return im


def _close_cross(w: int) -> tuple[int, int, int, int]:
    pad, s = px(w, 0.032), px(w, 0.018)
    cx, cy = w - pad - s, pad + px(w, 0.1, 12) // 2
    return cx - s, cy - s, cx + s, cy + s


def close_box(w: int) -> tuple[int, int, int, int]:
    """Where ``header(w)`` draws its ×, with room around it for a finger or a mouse."""
    left, top, right, bottom = _close_cross(w)
    slack = px(w, 0.025, 3)
    return left - slack, top - slack, right + slack, bottom + slack


def _globe(draw: ImageDraw.ImageDraw, left: float, top: float, d: float, color) -> None:
    """The little "public" globe after "Sponsored"."""
    line = max(1, round(d / 9))
    box = (left, top, left + d, top + d)
    draw.ellipse(box, outline=color, width=line)
    draw.ellipse((left + d * 0.28, top, left + d * 0.72, top + d), outline=color, width=line)
    draw.line((left, top + d / 2, left + d, top + d / 2), fill=color, width=line)


def text_strip(w: int, text: str, *, max_lines: int, max_chars: int | None, bg=WHITE) -> Image.Image:
    """The primary text above the media, truncated the way the feed does ("... See more")."""
    pad = px(w, 0.032)
    style = Style(text_px(w, 0.04), "regular", INK)
    lines, _ = layout(text, w - 2 * pad, style, max_lines=max_lines, max_chars=max_chars,
                      more="See more", more_color=GREY_TEXT)
    im = Image.new("RGB", (w, block_height(lines) + pad), bg)
    draw_block(im, lines, pad, 0, w - 2 * pad)
    return im


def button(label: str, style: Style, *, fill=BUTTON_GREY, min_width: int = 0, pad_x: int = 0,
           height: int = 0) -> Image.Image:
    """A rounded button with a centred label."""
    lines, _ = layout(label, 10_000, style, max_lines=1)
    width = max(min_width, round(text_width(label, style)) + 2 * pad_x)
    height = height or round(style.px * 2.3)
    scale = 3
    big = Image.new("RGBA", (width * scale, height * scale), (0, 0, 0, 0))
    ImageDraw.Draw(big).rounded_rectangle((0, 0, width * scale - 1, height * scale - 1),
                                          radius=height * scale // 4, fill=fill + (255,))
    im = big.resize((width, height), Image.Resampling.LANCZOS)
    draw_line(im, lines[0], 0, (height - style.px * 1.36) / 2, width, "center")
    return im


def link_bar(w: int, *, display_url: str, headline: str | None, description: str | None,
             cta: str | None, bg=LINK_BAR, headline_lines: int = 2) -> Image.Image:
    """Under the media: display URL, headline and description on the left, the CTA on the right."""
    pad = px(w, 0.032)
    cta_im = None
    if cta:
        cta_im = button(cta, Style(text_px(w, 0.036), "bold", INK), min_width=px(w, 0.22),
                        pad_x=px(w, 0.03))
    column = w - 2 * pad - (cta_im.width + pad if cta_im else 0)
    blocks = []
    if display_url:
        blocks.append(layout(display_url.upper(), column, Style(text_px(w, 0.032), "regular", GREY_TEXT),
                             max_lines=1)[0])
    if headline:
        blocks.append(layout(headline, column, Style(text_px(w, 0.042), "bold", INK),
                             max_lines=headline_lines)[0])
    if description:
        blocks.append(layout(description, column, Style(text_px(w, 0.034), "regular", GREY_TEXT),
                             max_lines=1)[0])
    text_h = sum(block_height(b) for b in blocks)
    height = max(text_h, cta_im.height if cta_im else 0) + 2 * pad
    im = Image.new("RGB", (w, height), bg)
    y = pad + (height - 2 * pad - text_h) / 2
    for lines in blocks:  # each block starts on its own text's side (right for Arabic, Hebrew)
        y = draw_block(im, lines, pad, y, column)
    if cta_im:
        im.paste(cta_im, (w - pad - cta_im.width, (height - cta_im.height) // 2), cta_im)
    return im


def action_bar(w: int, scale_w: int | None = None) -> Image.Image:
    """Like / Comment / Share under the post; ``scale_w``: the width its sizes follow."""
    pad = px(scale_w or w, 0.032)
    style = Style(text_px(scale_w or w, 0.035), "bold", GREY_TEXT)
    height = round(style.px * 1.36) + 2 * pad
    im = Image.new("RGB", (w, height), WHITE)
    ImageDraw.Draw(im).line((pad, 0, w - pad, 0), fill=DIVIDER, width=1)
    third = (w - 2 * pad) / 3
    for k, word in enumerate(("Like", "Comment", "Share")):
        lines, _ = layout(word, third, style, max_lines=1)
        draw_line(im, lines[0], pad + k * third, pad, third, "center")
    return im


def story_shade(w: int, h: int, top: bool) -> Image.Image:
    """A black-to-clear gradient (RGBA) that keeps white text readable over any photo."""
    column = Image.linear_gradient("L").resize((1, h))
    if top:
        column = column.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    alpha = column.point(lambda v: v * 150 // 255).resize((w, h))
    shade = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    shade.putalpha(alpha)
    return shade


def safe_zones(w: int, h: int, top_share: float, bottom_share: float) -> Image.Image:
    """The safe-zone overlay (RGBA) of a full-screen placement: tinted bands with dashed edges and
    a label; the shares of the height are the placement's (values/placements.py)."""
    overlay = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    top, bottom = round(h * top_share), round(h * (1 - bottom_share))
    draw.rectangle((0, 0, w, top), fill=SAFE_ZONE + (70,))
    draw.rectangle((0, bottom, w, h), fill=SAFE_ZONE + (70,))
    dash, width = px(w, 0.03, 3), max(1, px(w, 0.005))
    for y in (top, bottom):
        for x in range(0, w, 2 * dash):
            draw.line((x, y, x + dash, y), fill=SAFE_ZONE + (255,), width=width)
    style = Style(text_px(w, 0.03), "bold", WHITE)
    tag_h = round(style.px * 1.5)
    margin = px(w, 0.02)
    # Top tag under the profile bar at the right; bottom tag in the corner left of the centred
    # CTA, so neither hides the caption it warns about.
    word = "safe zone " if w >= 240 else ""  # a small tile keeps only the figure, clear of the CTA
    for label, y, side in ((f"{word}{top_share:.0%}", top - tag_h, "right"),
                           (f"{word}{bottom_share:.0%}", h - tag_h - margin, "left")):
        lines, _ = layout(label, w, style, max_lines=1)
        tag_w = lines[0].width + 2 * (dash // 3)
        left = w - margin - tag_w if side == "right" else margin
        draw.rectangle((left, y, left + tag_w, y + tag_h), fill=SAFE_ZONE + (220,))
        draw_line(overlay, lines[0], left, y + (tag_h - style.px * 1.36) / 2, tag_w, "center")
    return overlay


def blurred_backdrop(tile: Image.Image, size: tuple[int, int], at: tuple[int, int] | None = None) -> Image.Image:
    """The soft colour field stories put behind an image that is not 9:16.

    ``at``: where ``tile`` will be pasted. Next to the tile the field takes the colours of the
    tile's own edge, then fades into the tile's overall colours: a field made of the average
    colours alone meets a studio shot (light edges, dark product) with a visible seam.
    """
    field = tile.resize((8, 8), Image.Resampling.BOX).filter(ImageFilter.GaussianBlur(1))
    field = field.resize(size, Image.Resampling.BICUBIC)
    if at is None:
        return field
    w, h = size
    x, y = at
    right, bottom = x + tile.width, y + tile.height
    # (band of the frame, the tile's edge line beside it, band made of rows?, band after the tile?)
    bands = (((0, 0, w, y), (0, 0, tile.width, 1), True, False),
             ((0, bottom, w, h), (0, tile.height - 1, tile.width, tile.height), True, True),
             ((0, 0, x, h), (0, 0, 1, tile.height), False, False),
             ((right, 0, w, h), (tile.width - 1, 0, tile.width, tile.height), False, True))
    for band, edge, rows, after in bands:
        length = band[3] - band[1] if rows else band[2] - band[0]
        if length <= 0:
            continue
        field.paste(_edge_fade(tile.crop(edge), (w, h), length, rows), band[:2],
                    _fade_mask((w, h), length, rows, after))
    return field


def _edge_fade(edge: Image.Image, size, length: int, rows: bool) -> Image.Image:
    """The tile's edge line, smoothed along itself (detail would streak) and stretched over the band."""
    span = size[0] if rows else size[1]
    steps = max(1, span // 24)
    small = edge.resize((steps, 1) if rows else (1, steps), Image.Resampling.BOX)
    line = small.resize((span, 1) if rows else (1, span), Image.Resampling.BILINEAR)
    return line.resize((span, length) if rows else (length, span), Image.Resampling.NEAREST)


def _fade_mask(size, length: int, rows: bool, after: bool) -> Image.Image:
    """Opaque at the tile's edge, clear at the frame's edge, linear between."""
    ramp = [round(255 * (length - k) / length) for k in range(length)]  # 255 next to the tile
    if not after:
        ramp.reverse()
    span = size[0] if rows else size[1]
    line = Image.new("L", (1, length) if rows else (length, 1))
    line.putdata(ramp)
    return line.resize((span, length) if rows else (length, span), Image.Resampling.NEAREST)


def placeholder_tile(size: tuple[int, int], name: str, reason: str) -> Image.Image:
    """A grey tile with a warning sign that says which file cannot be shown and why."""
    w, h = size
    im = Image.new("RGB", size, PLACEHOLDER_BG)
    draw = ImageDraw.Draw(im)
    unit = min(w, h)
    s = max(6, round(unit * 0.14))
    cx, top = w // 2, round(h * 0.1)
    draw.polygon([(cx, top), (cx - s, top + round(s * 1.7)), (cx + s, top + round(s * 1.7))], fill=WARNING)
    mark = Style(max(6, round(s * 1.1)), "bold", INK)
    bang, _ = layout("!", s * 2, mark, max_lines=1)
    draw_line(im, bang[0], cx - s, top + s * 0.45, 2 * s, "center")
    pad = max(4, round(w * 0.06))
    y = top + round(s * 1.7) + pad // 2
    title, _ = layout(f"Image unavailable: {name}", w - 2 * pad, Style(max(7, round(unit * 0.05)), "bold", INK),
                      max_lines=2)
    y = draw_block(im, title, pad, y, w - 2 * pad, "center")
    reason_style = Style(max(7, round(unit * 0.042)), "regular", GREY_TEXT)
    room = max(1, int((h - y - pad) // (reason_style.px * 1.36)))
    lines, _ = layout(reason, w - 2 * pad, reason_style, max_lines=min(room, 8))
    draw_block(im, lines, pad, y, w - 2 * pad, "center")
    return im


def duration_text(seconds: float) -> str:
    """How players show a duration: 0:07, 1:05, 1:02:03."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def video_tile(size: tuple[int, int], name: str, still: Image.Image | None,
               duration: float | None = None) -> Image.Image:
    """A video's poster (or a dark frame naming it) with a play button and, when known, its
    duration in the corner, as feeds show a video before it plays."""
    w, h = size
    if still is not None:
        from PIL import ImageOps

        im = ImageOps.fit(still, size, Image.Resampling.LANCZOS)
    else:
        im = Image.new("RGB", size, (28, 30, 33))
        lines, _ = layout(f"Video: {name}", w * 0.9, Style(max(7, round(min(w, h) * 0.05)), "bold", WHITE),
                          max_lines=2)
        draw_block(im, lines, w * 0.05, h * 0.72, w * 0.9, "center")
    draw = ImageDraw.Draw(im, "RGBA")
    r = round(min(w, h) * 0.12)
    cx, cy = w // 2, h // 2
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(0, 0, 0, 140), outline=WHITE, width=max(1, r // 12))
    t = r // 2
    draw.polygon([(cx - t * 0.7, cy - t), (cx - t * 0.7, cy + t), (cx + t, cy)], fill=WHITE)
    if duration is not None:
        style = Style(max(7, round(min(w, h) * 0.055)), "bold", WHITE)
        lines, _ = layout(duration_text(duration), w * 0.4, style, max_lines=1)
        text_w = max(line.width for line in lines) if lines else 0
        pad = max(2, style.px // 3)
        box_w, box_h = text_w + 2 * pad, round(style.px * 1.35) + pad
        x0, y0 = w - box_w - pad * 2, h - box_h - pad * 2
        draw.rounded_rectangle((x0, y0, x0 + box_w, y0 + box_h), radius=pad, fill=(0, 0, 0, 170))
        draw_block(im, lines, x0 + pad, y0 + pad // 2, text_w, "left")
    return im
