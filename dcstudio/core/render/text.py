"""Text layout for the mockups: measuring, wrapping, truncating and drawing mixed-script lines.

A line is a list of font runs (see fonts.split_runs). Each line, once wrapped, is put in visual
order by the Unicode bidi algorithm (bidi_order): its runs are cut where the level changes, each
piece is shaped by raqm in its own direction, and the pieces are drawn left to right. Emoji runs
are drawn at the colour font's strike size and scaled to the text size.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageDraw

from dcstudio.core.render.bidi_order import BIDI_CONTROLS, base_is_rtl, line_levels, reorder
from dcstudio.core.render.fonts import EMOJI_STRIKE_PX, Run, emoji_font, get_font, split_runs

SEE_MORE = "See more"
ELLIPSIS = "\u2026"
_RTL_CLASSES = {"R", "AL"}
# Scripts written without spaces, where a line may break between any two characters. Plain
# ranges, not a regular expression: compiling that character class took ~8 ms of every start.
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))


# raqm lays out one paragraph: a paragraph separator inside a run (CR, NEL, U+2029, FS/GS/RS)
# fails with "raqm_layout() failed". Line breaks of every kind become "\n" (which wrap() splits
# on), a tab a space, other C0/C1 controls nothing, and half a surrogate pair the replacement
# character (it cannot be shaped, nor written as UTF-8).
_DISPLAYABLE = {**{c: None for c in (*range(0x20), *range(0x7F, 0xA0))},
                **{c: "\n" for c in (0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)},
                0x09: " ", **{c: "\ufffd" for c in range(0xD800, 0xE000)}}
# The narrowest glyph of the bundled fonts is wider than this share of the text size: a line
# ``width`` px wide never shows more than width / (px * MIN_ADVANCE_EM) characters.
MIN_ADVANCE_EM = 0.1


def displayable(text: str) -> str:
    """``text`` as the layout can take it: one kind of line break ("\n"), no control characters."""
    return text.replace("\r\n", "\n").translate(_DISPLAYABLE)


def _is_cjk(ch: str) -> bool:
    if len(ch) != 1:
        return False
    cp = ord(ch)
    return cp >= 0x2E80 and any(first <= cp <= last for first, last in _CJK_RANGES)


@dataclass
class Style:
    px: int
    weight: str = "regular"
    color: tuple = (5, 5, 5)


@dataclass
class Line:
    runs: list[Run]
    width: int
    rtl: bool
    style: Style
    # An optional tail drawn after the text in another colour ("... See more").
    tail: list[Run] = field(default_factory=list)
    tail_color: tuple | None = None


def paragraph_is_rtl(text: str) -> bool:
    """The first strong character outside isolates decides (Unicode bidi rules P2, P3)."""
    return base_is_rtl(text)


def _run_direction(run: Run) -> str | None:
    """The direction a run is measured in (its drawn pieces come from visual_order)."""
    if run.is_emoji:
        return None
    kinds = {unicodedata.bidirectional(ch) for ch in run.text}
    if kinds & _RTL_CLASSES:
        return "rtl"
    if "L" in kinds:
        return "ltr"
    return None


def visual_order(runs: list[Run], rtl: bool) -> list[tuple[Run, str]]:
    """The pieces of one line's runs in drawing order (left to right), each with the direction
    to shape it in: a run is cut where its bidi level changes, and the bidi controls, which
    show nothing, are left out."""
    return [(piece, direction) for piece, direction, _ in _visual_pieces(runs, rtl)]


def _visual_pieces(runs: list[Run], rtl: bool) -> list[tuple[Run, str, int]]:
    """visual_order's pieces, each with the index of the run it was cut from."""
    levels = line_levels("".join(r.text for r in runs), rtl)
    pieces: list[tuple[Run, int, int]] = []
    at = 0
    for source, run in enumerate(runs):
        first = len(pieces)  # this run's pieces start here
        for ch, level in zip(run.text, levels[at:at + len(run.text)], strict=False):
            if ch in BIDI_CONTROLS:
                continue
            if len(pieces) > first and pieces[-1][1] == level:
                pieces[-1] = (Run(pieces[-1][0].text + ch, run.font), level, source)
            else:
                pieces.append((Run(ch, run.font), level, source))
        at += len(run.text)
    return [_shaped(piece, level, source)
            for piece, level, source in (pieces[k] for k in reorder([p[1] for p in pieces]))]


def _shaped(piece: Run, level: int, source: int) -> tuple[Run, str, int]:
    """The text and direction raqm draws a piece with. raqm applies the bidi rules again inside
    a piece: a piece whose letters go against its level (only an override, RLO or LRO, does
    that) is handed over reversed, in the direction its letters take, so it shows as ordered."""
    kinds = {unicodedata.bidirectional(ch) for ch in piece.text}
    if level % 2 and kinds & {"L", "EN", "AN"}:
        return Run(piece.text[::-1], piece.font), "ltr", source
    if not level % 2 and kinds & _RTL_CLASSES:
        return Run(piece.text[::-1], piece.font), "rtl", source
    return piece, "rtl" if level % 2 else "ltr", source


# -- measuring ----------------------------------------------------------------------------
def _emoji_scale(px: int) -> float:
    return px * 1.1 / EMOJI_STRIKE_PX


def run_width(run: Run, px: int, direction: str | None = None) -> float:
    if run.is_emoji:
        return emoji_font().getlength(run.text) * _emoji_scale(px)
    return get_font(run.font, px).getlength(run.text, direction=direction)


def runs_width(runs: list[Run], px: int) -> float:
    return sum(run_width(r, px, _run_direction(r)) for r in runs)


def text_width(text: str, style: Style) -> float:
    return runs_width(split_runs(displayable(text), style.weight), style.px)


def line_height(px: int) -> int:
    return round(px * 1.36)


# -- wrapping -------------------------------------------------------------------------------
def _tokens(paragraph: str) -> list[str]:
    """Pieces between break opportunities: after spaces, and around each CJK character."""
    out: list[str] = []
    buf = ""
    for ch in paragraph:
        if _is_cjk(ch):
            if buf:
                out.append(buf)
            out.append(ch)
            buf = ""
        elif ch == " ":
            buf += ch
            out.append(buf)
            buf = ""
        else:
            buf += ch
    if buf:
        out.append(buf)
    # Closing punctuation stays on the line of the character before it.
    merged: list[str] = []
    for tok in out:
        if merged and tok[0] in "\u3001\u3002\uff0c\uff0e\uff01\uff1f\u300d\u300f)]}.,!?":
            merged[-1] += tok
        else:
            merged.append(tok)
    return merged


def _fitting_prefix(token: str, start: int, width: float, style: Style) -> int:
    """The end of the longest piece token[start:end] (at least one character) within ``width``.

    Galloping, then bisecting: each piece costs a few measurements of about its own length, so
    breaking a long word is linear in it (adding one character at a time was quadratic)."""
    fits, step = start + 1, 1
    while fits < len(token):
        end = min(len(token), start + 2 * step)
        if text_width(token[start:end], style) > width:
            break
        fits, step = end, 2 * step
    else:
        return fits
    low, high = fits, end  # token[start:low] fits (or is one character), token[start:high] does not
    while high - low > 1:
        mid = (low + high) // 2
        if text_width(token[start:mid], style) > width:
            high = mid
        else:
            low = mid
    return low


def _break_long(token: str, width: float, style: Style) -> list[str]:
    pieces, start = [], 0
    while start < len(token):
        end = _fitting_prefix(token, start, width, style)
        pieces.append(token[start:end])
        start = end
    return pieces


def wrap(text: str, width: float, style: Style, max_lines: int | None = None) -> list[str]:
    """Greedy wrapping of each paragraph into lines no wider than ``width`` pixels; with
    ``max_lines``, stops once there are more lines than that."""
    lines: list[str] = []
    for paragraph in displayable(text).split("\n"):
        if max_lines is not None and len(lines) > max_lines:
            break
        current = ""
        for token in _tokens(paragraph):
            if max_lines is not None and len(lines) > max_lines:
                break
            candidate = current + token
            if not current or text_width(candidate.rstrip(), style) <= width:
                if not current and text_width(token.rstrip(), style) > width:
                    *full, current = _break_long(token, width, style)
                    lines.extend(full)
                else:
                    current = candidate
                continue
            lines.append(current.rstrip())
            if text_width(token.rstrip(), style) > width:
                *full, current = _break_long(token, width, style)
                lines.extend(full)
            else:
                current = token
        lines.append(current.rstrip())
    return lines


def _cut_words(text: str) -> str:
    """Drops the last word (or, in CJK text, the last character)."""
    text = text.rstrip()
    if _is_cjk(text[-1:]):
        return text[:-1]
    cut = text.rfind(" ")
    return text[:cut] if cut > 0 else text[:-1]


def layout(text: str, width: float, style: Style, *, max_lines: int, max_chars: int | None = None,
           more: str | None = None, more_color: tuple | None = None) -> tuple[list[Line], bool]:
    """Lines for a text block, truncated to ``max_lines`` and ``max_chars``.

    ``more``: the tail for truncated text, "See more" for primary text (drawn as "... See more"),
    None for an ellipsis. Returns (lines, truncated).
    """
    # Only what the block can show is laid out: a 1 MB headline costs what a long one does.
    bound = max_lines * (int(width / (style.px * MIN_ADVANCE_EM)) + 1) + 1
    if max_chars is not None:
        bound = min(bound, max_chars + 1)
    text = text.strip()
    cut_off = len(text) > 2 * bound
    text = displayable(text[:2 * bound]).strip()  # the margin: controls it drops make it shorter
    rtl = paragraph_is_rtl(text)
    shown = text
    if len(shown) > bound - 1:
        shown = _cut_words(shown[:bound])
    lines = wrap(shown, width, style, max_lines)
    truncated = cut_off or shown != text or len(lines) > max_lines
    lines = lines[:max_lines]
    tail_text = ""
    if truncated:
        tail_text = f"{ELLIPSIS} {more}" if more else ELLIPSIS
        tail_style = Style(style.px, "regular" if more else style.weight)
        last = lines[-1].rstrip() if lines else ""
        while last and text_width(last + " ", style) + text_width(tail_text, tail_style) > width:
            last = _cut_words(last)
        lines[-1] = last.rstrip(" ,.;:") if more else last.rstrip()
    out = []
    for i, line in enumerate(lines):
        runs = split_runs(line, style.weight)
        tail: list[Run] = []
        if truncated and i == len(lines) - 1:
            if more:
                tail = split_runs(f"{ELLIPSIS} " if not line else f" {ELLIPSIS} ", style.weight) + split_runs(more)
            else:
                tail = split_runs(ELLIPSIS, style.weight)
        w = runs_width(runs, style.px) + runs_width(tail, style.px)
        out.append(Line(runs, round(w), rtl, style, tail, more_color if more else None))
    return out, truncated


# -- drawing -------------------------------------------------------------------------------
@lru_cache(maxsize=512)
def _emoji_image(text: str, px: int) -> tuple[Image.Image, int]:
    """The emoji run as RGBA scaled to ``px``, and its ascent in output pixels."""
    font = emoji_font()
    ascent, descent = font.getmetrics()
    width = max(1, round(font.getlength(text)))
    strike = Image.new("RGBA", (width, ascent + descent), (0, 0, 0, 0))
    ImageDraw.Draw(strike).text((0, ascent), text, font=font, embedded_color=True, anchor="ls")
    scale = _emoji_scale(px)
    size = (max(1, round(strike.width * scale)), max(1, round(strike.height * scale)))
    return strike.resize(size, Image.Resampling.LANCZOS), round(ascent * scale)


def draw_runs(image: Image.Image, x: float, baseline: float, runs: list[tuple[Run, str]],
              px: int, colors: list[tuple]) -> float:
    """Draws runs (already in visual order) left to right from ``x``; returns the end x."""
    draw = ImageDraw.Draw(image)
    for (run, direction), color in zip(runs, colors, strict=False):
        if run.is_emoji:
            glyphs, ascent = _emoji_image(run.text, px)
            image.paste(glyphs, (round(x), round(baseline - ascent)), glyphs)
            x += glyphs.width
            continue
        font = get_font(run.font, px)
        draw.text((x, baseline), run.text, font=font, fill=color, anchor="ls", direction=direction)
        x += font.getlength(run.text, direction=direction)
    return x


def line_left(line: Line, left: float, width: float, align: str | None = None) -> float:
    """Where a laid-out line starts in a box ``width`` wide (``align`` as for draw_line)."""
    align = align or ("right" if line.rtl else "left")
    return {"left": left, "right": left + width - line.width, "center": left + (width - line.width) / 2}[align]


def draw_line(image: Image.Image, line: Line, left: float, top: float, width: float,
              align: str | None = None) -> None:
    """Draws one laid-out line in the box starting at (left, top) ``width`` wide.

    ``align``: "left", "right", "center"; None = the paragraph's start side (right for RTL).
    """
    x = line_left(line, left, width, align)
    baseline = top + round(line.style.px * 1.06)
    pieces = _visual_pieces(line.runs + line.tail, line.rtl)
    colors = [line.tail_color if (source >= len(line.runs) and line.tail_color) else line.style.color
              for _, _, source in pieces]
    draw_runs(image, x, baseline, [(run, direction) for run, direction, _ in pieces], line.style.px, colors)


def draw_block(image: Image.Image, lines: list[Line], left: float, top: float, width: float,
               align: str | None = None) -> int:
    """Draws lines one under the other; returns the y below the block."""
    y = top
    for line in lines:
        draw_line(image, line, left, y, width, align)
        y += line_height(line.style.px)
    return round(y)


def block_height(lines: list[Line]) -> int:
    return sum(line_height(line.style.px) for line in lines)
