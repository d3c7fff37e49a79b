"""Right-to-left ordering with explicit embeddings, overrides, isolates and marks: the previews'
line pieces and the contact sheet's text layer both follow the Unicode bidi algorithm.

The expected orders are worked out by hand from UAX #9 (levels in the comments)."""
from __future__ import annotations

import io
import re

import bidi
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from dcstudio.core.render.bidi_order import BIDI_CONTROLS, line_levels, reorder, seen_order
from dcstudio.core.render.pdf import PdfWriter, TextLine
from dcstudio.core.render.sheet import PAGE_PX
from dcstudio.core.render.text import Style, layout, visual_order

A, B, G = "\u05d0", "\u05d1", "\u05d2"  # Hebrew alef, bet, gimel
CASES = [
    # RLO overrides "cd" to right-to-left (level 1): it shows reversed. The old code kept "cd".
    ("ab \u202ecd\u202c ef", "ab dc ef"),
    # An LTR isolate in an RTL line: "!" ends the isolate's own run, so it is left-to-right and
    # stays after "cd" (level 2); without the isolate it would sit left of "cd".
    (f"{A}{B} \u2066cd!\u2069 {G}", f"{G} cd! {B}{A}"),
    # RLM after "!": "!" lies between two right-to-left characters, so it joins the Hebrew run
    # (level 1) and shows left of it.
    (f"ab {A}{B} !\u200f cd", f"ab ! {B}{A} cd"),
    # LRM after "!": "!" lies between two left-to-right characters and stays after "ab".
    (f"{A}{B} ab!\u200e {G}", f"{G} ab! {B}{A}"),
]


def _seen(pieces) -> str:
    """What a piece list shows left to right (raqm draws an rtl piece's text reversed)."""
    return "".join(run.text[::-1] if direction == "rtl" else run.text for run, direction in pieces)


@pytest.mark.parametrize(("text", "seen"), CASES)
def test_preview_lines_show_embeddings_isolates_and_marks_in_bidi_order(text, seen):
    lines, _ = layout(text, 2000, Style(20), max_lines=1)
    pieces = visual_order(lines[0].runs, lines[0].rtl)
    assert _seen(pieces) == seen
    assert not any(ch in BIDI_CONTROLS for run, _ in pieces for ch in run.text)  # nothing invisible drawn


def test_an_override_is_drawn_reversed():
    lines, _ = layout("ab \u202ecd\u202c ef", 2000, Style(20), max_lines=1)
    assert [(r.text, d) for r, d in visual_order(lines[0].runs, lines[0].rtl)] == [
        ("ab ", "ltr"), ("dc", "ltr"), (" ef", "ltr")]


def _text_layer(lines: list[str]) -> list[str]:
    """The characters of each text-layer line in the order the PDF holds them (read back with
    pypdf, codes turned into characters through the file's own ToUnicode map)."""
    buf = io.BytesIO()
    Image.new("RGB", PAGE_PX, "white").save(buf, "JPEG")
    out = io.BytesIO()
    writer = PdfWriter(out)
    writer.add_jpeg_page(buf.getvalue(), *PAGE_PX,
                         lines=tuple(TextLine(60, 60 + 50 * k, 800, 40, t) for k, t in enumerate(lines)))
    writer.close("t")
    page = PdfReader(io.BytesIO(out.getvalue())).pages[0]
    font = page["/Resources"]["/Font"]["/F0"].get_object()
    cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
    chars = {code: bytes.fromhex(u).decode("utf-16-be")
             for code, u in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap)}
    shown = re.findall(rb"<([0-9A-F]+)> Tj", page.get_contents().get_data())
    return ["".join(chars[hexed[i:i + 4].decode()] for i in range(0, len(hexed), 4)) for hexed in shown]


def test_the_text_layer_holds_embeddings_isolates_and_marks_in_seen_order():
    assert _text_layer([text for text, _ in CASES]) == [seen for _, seen in CASES]


# Letters, digits, neutrals, brackets, isolates and marks. Left out: the explicit embeddings
# and overrides, and the tab, where python-bidi's own line reordering does not apply rule L1
# (a segment separator, and whitespace after an override, go back to the paragraph's level);
# the previews never see a tab (text.displayable makes it a space).
_ALPHABET = list("ab1 2.,-+%$()[]!") + [A, B, "\u0627", "\u0644", "\u0661", "\u2066", "\u2067", "\u2068",
                                         "\u2069", "\u200e", "\u200f", "\u061c", "\u0301", "\u00a0"]


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(_ALPHABET), min_size=1, max_size=16), st.booleans())
def test_levels_and_reversal_agree_with_python_bidi_display(text, rtl):
    ours = "".join(text[i] for i in reorder(line_levels(text, rtl)))
    assert ours == bidi.get_display(text, base_dir="R" if rtl else "L")


def test_a_trailing_space_in_a_right_to_left_line_goes_to_its_left_end():
    # Rule L1: the space keeps the paragraph's level 1, after "ab" (level 2) logically, so left of it.
    assert seen_order(f"{A} ab ", rtl=True) == f" ab {A}"
    # A tab (segment separator) takes the paragraph's level too: "a" and "1" (level 2) each
    # side of it, the whole line reversed.
    assert seen_order("a\t1", rtl=True) == "1\ta"
    assert seen_order("") == ""
