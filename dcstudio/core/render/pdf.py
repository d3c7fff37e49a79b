"""A minimal PDF writer: one JPEG picture per page, written as the pages come, with the words
on it as invisible text, so a sheet can be searched and its texts copied.

Pillow's PDF output keeps every page in memory until the end (an approval sheet of 6,250
combinations is 600 pages); this writer streams each page to the file and keeps only the
byte offsets needed for the cross-reference table.

The text layer works as scanned-and-recognised PDFs do: text drawn in render mode 3 (neither
filled nor stroked) with a font that has no glyphs of its own. Each character gets a code of
its own (Identity-H), and a ToUnicode map, written at the end, gives the character back for
every code, so any script and emoji survive search and copy.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from dcstudio.core.render.bidi_order import seen_order

A4_PORTRAIT_PT = (595.28, 841.89)


@dataclass(frozen=True)
class TextLine:
    """Words over a page picture: their box in the picture's pixels (from its top left)."""

    left: float
    top: float
    width: float
    height: float
    text: str


GLYPH_WIDTH = 500  # the invisible font's one advance width, in 1/1000 em


def _no_lone_surrogates(text: str) -> str:
    """A hand-edited file can hold half of a surrogate pair; it has no character to show."""
    return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def _utf16_hex(char: str) -> str:
    return char.encode("utf-16-be").hex().upper()


def _pdf_text(text: str) -> bytes:
    """A PDF text string: UTF-16 with a byte-order mark, so any script survives."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


class PdfWriter:
    def __init__(self, fh: BinaryIO, page_size_pt: tuple[float, float] = A4_PORTRAIT_PT):
        self.fh = fh
        self.page_size = page_size_pt
        self.offsets: dict[int, int] = {}
        self.pages: list[int] = []
        self.next_id = 3  # 1 is the catalogue, 2 the page tree, written last
        self.codes: dict[str, int] = {}  # character -> its code in the text layer's font
        self.font_id: int | None = None  # the text layer's font, written at close
        fh.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def _reserve(self) -> int:
        obj_id, self.next_id = self.next_id, self.next_id + 1
        return obj_id

    def _object(self, body: bytes, obj_id: int | None = None) -> int:
        if obj_id is None:
            obj_id, self.next_id = self.next_id, self.next_id + 1
        self.offsets[obj_id] = self.fh.tell()
        self.fh.write(b"%d 0 obj\n" % obj_id + body + b"\nendobj\n")
        return obj_id

    def _stream(self, attributes: bytes, data: bytes) -> int:
        return self._object(b"<< " + attributes + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")

    def add_jpeg_page(self, jpeg: bytes, width_px: int, height_px: int, lines: tuple[TextLine, ...] = ()) -> None:
        """A page showing the JPEG scaled to the page (the picture has the page's proportions),
        with ``lines`` laid over it as invisible, selectable text."""
        image = self._stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                             b"/BitsPerComponent 8 /Filter /DCTDecode" % (width_px, height_px), jpeg)
        w, h = self.page_size
        ops = [b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (w, h)]
        ops += [self._text_op(line, w / width_px, h) for line in lines if line.text.strip()]
        content = self._stream(b"", b"\n".join(ops))
        fonts = b" /Font << /F0 %d 0 R >>" % self.font_id if self.font_id is not None and len(ops) > 1 else b""
        page = self._object(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                            b"/Resources << /XObject << /Im0 %d 0 R >>%s >> >>" % (w, h, content, image, fonts))
        self.pages.append(page)

    def _text_op(self, line: TextLine, scale: float, page_h: float) -> bytes:
        if self.font_id is None:
            self.font_id = self._reserve()
        text = " ".join(line.text.split())
        # Viewers read a text layer in the order its characters are seen and turn right-to-left
        # runs back themselves: the line goes in as it is seen.
        text = seen_order(_no_lone_surrogates(text))
        codes = "".join(f"{self._code(ch):04X}" for ch in text)
        size = max(1.0, line.height * scale * 0.8)
        natural = len(text) * GLYPH_WIDTH / 1000 * size
        stretch = min(100.0, max(1.0, 100 * line.width * scale / natural))  # squeezed into its box, never spread
        x, baseline = line.left * scale, page_h - (line.top + line.height) * scale + 0.2 * size
        return b"BT 3 Tr /F0 %.2f Tf %.1f Tz 1 0 0 1 %.2f %.2f Tm <%s> Tj ET" % (
            size, stretch, x, baseline, codes.encode())

    def _code(self, char: str) -> int:
        code = self.codes.get(char)
        if code is None:
            if len(self.codes) >= 0xFFFF:
                char = "\ufffd"  # past 65,535 different characters: shown as a replacement
                return self.codes.setdefault(char, 0xFFFF)
            code = self.codes[char] = len(self.codes) + 1  # 0 is .notdef
        return code

    def _write_font(self) -> None:
        descriptor = self._object(b"<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 4 "
                                  b"/FontBBox [0 0 %d 1000] /ItalicAngle 0 /Ascent 1000 /Descent 0 "
                                  b"/CapHeight 1000 /StemV 80 >>" % GLYPH_WIDTH)
        cid_font = self._object(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont "
                                b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                                b"/FontDescriptor %d 0 R /DW %d /CIDToGIDMap /Identity >>" % (descriptor, GLYPH_WIDTH))
        pairs = [f"<{code:04X}> <{_utf16_hex(ch)}>" for ch, code in self.codes.items()]
        blocks = [f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar"
                  for chunk in (pairs[i:i + 100] for i in range(0, len(pairs), 100))]
        cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + "\n".join(blocks)
                + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode("ascii")
        to_unicode = self._stream(b"", cmap)
        self._object(b"<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H "
                     b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid_font, to_unicode), self.font_id)

    def close(self, title: str = "") -> None:
        if self.font_id is not None:
            self._write_font()
        kids = b" ".join(b"%d 0 R" % p for p in self.pages)
        self._object(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(self.pages)), 2)
        self._object(b"<< /Type /Catalog /Pages 2 0 R >>", 1)
        info = self._object(b"<< /Title " + _pdf_text(title) + b" /Producer (dcstudio) >>")
        xref = self.fh.tell()
        count = max(self.offsets) + 1
        self.fh.write(b"xref\n0 %d\n0000000000 65535 f \n" % count)
        for obj_id in range(1, count):
            self.fh.write(b"%010d 00000 n \n" % self.offsets[obj_id])
        self.fh.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                      % (count, info, xref))
