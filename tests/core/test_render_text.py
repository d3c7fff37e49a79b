"""Text in the mockups: truncation with "... See more", font fallback per character, emoji in
colour, right-to-left order, CJK glyphs (not boxes), and only bundled fonts."""
from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageFont

from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.render import PLACEMENTS, chrome, compose
from dcstudio.core.render.fonts import EMOJI, TEXT_CHAINS, coverage, font_path, split_runs
from dcstudio.core.render.mockups import PRIMARY_TEXT_CHARS
from dcstudio.core.render.text import (
    SEE_MORE,
    Style,
    _break_long,
    draw_block,
    layout,
    paragraph_is_rtl,
    text_width,
    visual_order,
    wrap,
)
from tests.core.test_render_support import make_project, striped

STYLE = Style(16)


def _text(lines):
    return "\n".join("".join(r.text for r in line.runs) for line in lines)


def test_short_primary_text_is_not_truncated():
    lines, truncated = layout("Fresh picks for spring.", 400, STYLE, max_lines=3, max_chars=125, more=SEE_MORE)
    assert not truncated and _text(lines) == "Fresh picks for spring." and not lines[0].tail


def test_primary_text_over_125_characters_ends_with_see_more():
    body = ("Designed in small batches and tested on real trails by people who walk them every weekend, "
            "backed by free returns within thirty days, because gear should earn its place.")
    assert len(body) > PRIMARY_TEXT_CHARS
    lines, truncated = layout(body, 2000, STYLE, max_lines=3, max_chars=PRIMARY_TEXT_CHARS, more=SEE_MORE)
    assert truncated
    shown = _text(lines)
    assert len(shown) <= PRIMARY_TEXT_CHARS and body.startswith(shown)
    assert not shown.endswith(" ") and body[len(shown)] in " ,."  # cut between words
    tail = "".join(r.text for r in lines[-1].tail)
    assert tail.strip() == "\u2026 See more"


def test_primary_text_over_three_lines_is_cut_and_see_more_fits():
    body = "\n".join(f"Line number {k}" for k in range(6))
    lines, truncated = layout(body, 300, STYLE, max_lines=3, max_chars=125, more=SEE_MORE)
    assert truncated and len(lines) == 3
    assert all(line.width <= 300 for line in lines)
    long_words = "word " * 80
    lines, truncated = layout(long_words, 200, STYLE, max_lines=3, max_chars=None, more=SEE_MORE)
    assert truncated and len(lines) == 3 and lines[-1].width <= 200
    assert "".join(r.text for r in lines[-1].tail).endswith(SEE_MORE)


def test_feed_text_strip_height_stops_at_three_lines():
    short = chrome.text_strip(320, "One line", max_lines=3, max_chars=125)
    long = chrome.text_strip(320, "many words " * 60, max_lines=3, max_chars=125)
    longer = chrome.text_strip(320, "many words " * 200, max_lines=3, max_chars=125)
    assert short.height < long.height == longer.height


def test_headline_truncates_with_an_ellipsis():
    lines, truncated = layout("A very long headline that cannot fit " * 4, 200, Style(14, "bold"), max_lines=2)
    assert truncated and len(lines) == 2 and [r.text for r in lines[-1].tail] == ["\u2026"]


def test_wrap_breaks_cjk_between_characters():
    lines = wrap("春季新品限时优惠送料無料春季新品限时优惠送料無料", 120, STYLE)
    assert len(lines) > 1 and "".join(lines) == "春季新品限时优惠送料無料春季新品限时优惠送料無料"


def test_fallback_is_per_character():
    runs = split_runs("Sale \u4e2d\u6587 \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \U0001F389!")
    fonts = [r.font for r in runs]
    assert fonts[0] == "NotoSans-Regular.ttf"
    assert "DroidSansFallbackFull.ttf" in fonts and "NotoSansHebrew-Regular.ttf" in fonts
    assert "NotoSansArabic-Regular.ttf" in fonts and EMOJI in fonts
    assert "".join(r.text for r in runs) == ("Sale \u4e2d\u6587 \u05e9\u05dc\u05d5\u05dd "
                                             "\u0645\u0631\u062d\u0628\u0627 \U0001F389!")


def test_emoji_sequences_stay_whole():
    family, flag, thumbs, heart = ("\U0001F468\u200d\U0001F469\u200d\U0001F467", "\U0001F1EB\U0001F1F7",
                                   "\U0001F44D\U0001F3FD", "\u2764\ufe0f")
    runs = split_runs(f"{family} {flag} {thumbs} {heart} (c) 1")
    emoji = [r.text for r in runs if r.font == EMOJI]
    assert emoji == [family, flag, thumbs, heart]
    assert runs[-1].font == "NotoSans-Regular.ttf" and runs[-1].text.endswith("(c) 1")


def test_cmap_coverage_is_read_from_the_bundled_fonts():
    assert ord("A") in coverage("NotoSans-Regular.ttf") and 0x05D0 not in coverage("NotoSans-Regular.ttf")
    assert 0x0627 in coverage("NotoSansArabic-Regular.ttf")
    assert 0x4E2D in coverage("DroidSansFallbackFull.ttf")
    assert 0x1F600 in coverage("NotoColorEmoji.ttf")
    for chain in TEXT_CHAINS.values():
        for name in chain:
            assert font_path(name).is_file()
            assert "resources" in font_path(name).parts  # bundled, never a system font


def test_emoji_draw_in_colour():
    strip = chrome.text_strip(300, "Party time \U0001F389\U0001F973", max_lines=3, max_chars=125)
    colours = strip.convert("HSV").getchannel("S").getextrema()[1]
    assert colours > 150  # saturated pixels: colour emoji, not a grey outline or a box
    plain = chrome.text_strip(300, "Party time", max_lines=3, max_chars=125)
    assert plain.convert("HSV").getchannel("S").getextrema()[1] < 40


def _ink(text, px=24, weight="regular"):
    lines, _ = layout(text, 1000, Style(px, weight), max_lines=1)
    im = Image.new("RGB", (600, 60), (255, 255, 255))
    from dcstudio.core.render.text import draw_line

    draw_line(im, lines[0], 0, 10, 600, "left")
    return im


def test_cjk_renders_distinct_glyphs_not_boxes():
    a, b = _ink("\u4e2d"), _ink("\u6587")
    assert a.getbbox() is not None
    assert ImageChops.difference(a, b).getbbox() is not None  # missing glyphs would be equal boxes
    missing = _ink("\U000E0100")  # a code point no bundled font has
    assert ImageChops.difference(a, missing).getbbox() is not None


def test_rtl_paragraph_and_run_order():
    assert paragraph_is_rtl("\u05e9\u05dc\u05d5\u05dd world") and not paragraph_is_rtl("Hello \u05e9\u05dc\u05d5\u05dd")
    runs = split_runs("\u05e9\u05dc\u05d5\u05dd world")
    order = [r.text.strip() for r, _ in visual_order(runs, rtl=True)]
    assert order == ["world", "\u05e9\u05dc\u05d5\u05dd"]  # read right to left: Hebrew first, on the right
    ltr = [r.text.strip() for r, _ in visual_order(split_runs("Hello \u05e9\u05dc\u05d5\u05dd"), rtl=False)]
    assert ltr == ["Hello", "\u05e9\u05dc\u05d5\u05dd"]
    directions = {r.text.strip(): d for r, d in visual_order(runs, rtl=True)}
    assert directions == {"world": "ltr", "\u05e9\u05dc\u05d5\u05dd": "rtl"}


def test_rtl_text_is_right_aligned_and_arabic_is_shaped():
    lines, _ = layout("\u0645\u0631\u062d\u0628\u0627", 500, Style(30), max_lines=1)
    assert lines[0].rtl
    im = Image.new("RGB", (500, 60), (255, 255, 255))
    from dcstudio.core.render.text import draw_line

    draw_line(im, lines[0], 0, 5, 500)
    left, _, right, _ = ImageChops.invert(im).getbbox()
    assert right > 480 and left > 300  # drawn at the right edge
    # Shaping joins the letters: the word is narrower than its letters drawn one by one.
    joined = lines[0].width
    apart = sum(layout(ch, 500, Style(30), max_lines=1)[0][0].width for ch in "\u0645\u0631\u062d\u0628\u0627")
    assert joined < apart


# -- control characters and line breaks -------------------------------------------------------
EVERY_C0 = "".join(chr(c) for c in range(32))


@pytest.mark.parametrize("text", [
    "Fresh picks\rfor spring", "Fresh picks\r\nfor spring", "Fresh\u2028picks\u2029for spring",
    "Fresh\x85picks\x1cfor\x1d\x1espring", f"Fresh {EVERY_C0} picks", "".join(chr(c) for c in range(0x7F, 0xA0)),
    "half a pair \ud83c here", EVERY_C0,
])
def test_line_breaks_and_controls_never_fail_the_layout(text):
    # raqm lays out one paragraph: CR, NEL, U+2029 and FS/GS/RS inside a run made it fail.
    lines, _ = layout(text, 300, STYLE, max_lines=4, more=SEE_MORE)
    image = Image.new("RGB", (320, 200), "white")
    draw_block(image, lines, 0, 0, 300)
    assert all(ord(ch) >= 32 and not 0x7F <= ord(ch) < 0xA0 for line in lines for r in line.runs for ch in r.text)


def test_every_kind_of_line_break_breaks_the_line():
    for text in ("one\rtwo", "one\r\ntwo", "one\u2028two", "one\u2029two", "one\x85two"):
        lines, truncated = layout(text, 400, STYLE, max_lines=3)
        assert _text(lines) == "one\ntwo" and not truncated, repr(text)


def test_every_placement_renders_texts_with_controls(tmp_path):
    messy = f"Spring\r\nsale {EVERY_C0}\u2029now \x85"
    project = make_project(tmp_path / "p", [striped(tmp_path / "s.png", size=(400, 400))], titles=(messy,),
                           bodies=(messy,), descriptions=(messy,), name=f"Page\r{EVERY_C0}")
    combination = next(iter(CombinationSpace.from_project(project)))
    for placement in PLACEMENTS:
        assert compose(project, combination, placement, 240).image.width > 0


# -- cost of long texts -------------------------------------------------------------------------
@pytest.fixture
def measured(monkeypatch):
    """Counts the characters handed to the shaper (raqm via Pillow): the work a layout does."""
    counted = {"chars": 0, "calls": 0}
    real = ImageFont.FreeTypeFont.getlength

    def getlength(self, text, *args, **kwargs):
        counted["chars"] += len(text)
        counted["calls"] += 1
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(ImageFont.FreeTypeFont, "getlength", getlength)
    return counted


def test_a_huge_headline_costs_what_a_long_one_does(measured):
    style = Style(16, "bold")
    work = []
    for n in (2_000, 1_000_000):
        measured["chars"] = 0
        lines, truncated = layout("x" * n, 300, style, max_lines=2)
        assert truncated and len(lines) == 2 and lines[-1].width <= 300
        work.append(measured["chars"])
    assert work[1] == work[0]  # cut to what two lines can show before any measuring


def test_a_huge_body_is_cut_before_it_is_measured(measured):
    text = "many words " * 100_000
    lines, truncated = layout(text, 300, STYLE, max_lines=3, max_chars=PRIMARY_TEXT_CHARS, more=SEE_MORE)
    assert truncated and len(lines) == 3
    assert measured["chars"] < 50 * PRIMARY_TEXT_CHARS


def test_breaking_a_long_word_is_linear(measured):
    # Adding one character at a time and measuring the piece each time costs line length squared
    # per line: ten times the width was ten times the work per character.
    word, work = "x" * 8_000, []
    for width in (300, 3_000):
        measured["chars"] = 0
        pieces = _break_long(word, width, STYLE)
        assert "".join(pieces) == word and all(text_width(p, STYLE) <= width for p in pieces)
        assert all(text_width(p + "x", STYLE) > width for p in pieces[:-1])  # each piece as long as fits
        work.append(measured["chars"])
    assert work[1] < 2 * work[0]
