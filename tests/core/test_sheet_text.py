"""The PDF contact sheet carries its words as invisible text: a sheet can be searched, and its
headlines and texts copied, in any script."""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from dcstudio.core.model.assets import TextAsset
from dcstudio.core.render import contact_sheet
from dcstudio.core.render.pdf import PdfWriter, TextLine
from dcstudio.core.render.sheet import PAGE_PX


def _positions(page) -> dict[str, tuple[float, float]]:
    found = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.setdefault(text.strip(), (tm[4], tm[5]))

    page.extract_text(visitor_text=visit)
    return found


def test_the_sheet_pdf_can_be_searched_for_every_text_it_shows(demo_project, tmp_path):
    demo_project.update_asset("title1", text="春のセール 🌸")
    demo_project.update_asset("body1", text="تخفيضات الربيع على كل شيء")
    out = tmp_path / "sheet.pdf"
    result = contact_sheet(demo_project, out)  # all 180 combinations: every text is on it
    reader = PdfReader(str(out))
    assert len(reader.pages) == result.pages > 1
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # long texts wrap
    for asset in (a for _, a in demo_project.assets() if isinstance(a, TextAsset)):
        assert asset.text in text, asset.text
    for words in ("Spring Essentials — feed-square previews", "#1", "#180", "Shop now", "Learn more",
                  "shop.example.com", "Trail sneaker", "Wireless headphones"):
        assert words in text, words
    assert "page 2" in reader.pages[1].extract_text()


def test_the_words_lie_over_the_tile_that_shows_them(demo_project, tmp_path):
    out = tmp_path / "sheet.pdf"
    contact_sheet(demo_project, out, limit=6)
    page = PdfReader(str(out)).pages[0]
    width_pt, height_pt = float(page.mediabox.width), float(page.mediabox.height)
    where = _positions(page)
    first = next(v for k, v in where.items() if k.startswith("#1 "))
    third = next(v for k, v in where.items() if k.startswith("#3 "))
    fourth = next(v for k, v in where.items() if k.startswith("#4 "))
    assert first[0] < width_pt / 3 < third[0]  # left column, then right column
    assert fourth[1] < first[1] < height_pt  # the second row is lower on the page
    title = where["Spring Essentials — feed-square previews"]
    assert title[1] > first[1] and title[0] < width_pt / 3  # the page title at the top left


def test_writer_keeps_any_script_and_pages_without_words(tmp_path):
    buf = io.BytesIO()
    Image.new("RGB", PAGE_PX, "white").save(buf, "JPEG")
    out = io.BytesIO()
    writer = PdfWriter(out)
    lines = ("Gear up for spring 🌿", "مرحبا بالعالم", "שלום עולם", "春のセール", "Ünïcödé & (parens) \\ <x>",
             "👩‍👩‍👧 e\u0301 नमस्ते")
    writer.add_jpeg_page(buf.getvalue(), *PAGE_PX, lines=tuple(TextLine(60, 60 + 50 * k, 800, 40, t)
                                                               for k, t in enumerate(lines)))
    writer.add_jpeg_page(buf.getvalue(), *PAGE_PX)
    writer.close("t")
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert reader.pages[0].extract_text().splitlines() == list(lines)
    assert reader.pages[1].extract_text() == ""


@pytest.mark.parametrize("placement", ["story", "carousel"])
def test_other_placements_carry_their_words_too(demo_project, tmp_path, placement):
    out = tmp_path / f"{placement}.pdf"
    contact_sheet(demo_project, out, placement=placement, limit=3)
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "Fresh picks for every day outdoors" in text and "Shop now" in text and "#1" in text


LONG_BODY = ("Free shipping all week! Our bestselling coffee mugs, sneakers and backpacks are back in stock. "
             "Pick your favourite colour and a matching bottle, and don't miss the happy hour deals every "
             "Friday: twenty percent off everything in the store until midnight.")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_poppler_reads_long_texts_and_mixed_scripts_word_for_word(demo_project, tmp_path):
    """Poppler (behind most Linux viewers) drops letters from text squeezed narrower than its
    font, and reads lines by where their characters sit: what it reads back must be the words."""
    demo_project.update_asset("body1", text=LONG_BODY)
    demo_project.update_asset("title1", text="تخفيضات 50% على Nike Air")
    out = tmp_path / "sheet.pdf"
    contact_sheet(demo_project, out, limit=3)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    words = " ".join(text.split())
    for phrase in ("bestselling coffee mugs", "happy hour deals", "don't miss", "twenty percent off"):
        assert phrase in words, phrase
    plain = "".join(ch for ch in text if ch not in "\u202a\u202b\u202c")  # poppler's embedding marks
    # After an Arabic letter "50" is an Arabic number (UAX #9 rule W2), so the "%" after it is a
    # neutral that takes the line's right-to-left direction: it is seen, and read, left of the 50.
    assert "Nike Air" in plain and "%50" in plain and "تخفيضات" in plain


def test_a_lone_surrogate_in_a_text_does_not_stop_the_sheet(demo_copy, tmp_path):
    from dcstudio.core.model.project_folder import load_project

    # The project file reader refuses a lone surrogate; a project in memory can still hold one.
    project = load_project(demo_copy)
    project.update_asset("title1", text="Gear up \ud83d for spring")  # half an emoji
    out = tmp_path / "sheet.pdf"
    contact_sheet(project, out, limit=2)
    assert "Gear up \ufffd for spring" in PdfReader(str(out)).pages[0].extract_text()


def test_a_huge_text_makes_a_bounded_text_layer():
    # A 1 MB body made a million-character text layer and took minutes to wrap.
    from dcstudio.core.render.sheet import TEXT_LAYER_CHARS, _stacked

    lines = _stacked((0, 0, 400, 120), ["many words " * 100_000], 1.0)
    assert 0 < sum(len(line.text) for line in lines) <= TEXT_LAYER_CHARS
