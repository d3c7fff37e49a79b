"""A minimal PDF writer: one JPEG picture per page, written as the pages come.

Pillow's PDF output keeps every page in memory until the end (an approval sheet of 6,250
combinations is 600 pages); this writer streams each page to the file and keeps only the
byte offsets needed for the cross-reference table.
"""
from __future__ import annotations

from typing import BinaryIO

A4_PORTRAIT_PT = (595.28, 841.89)


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
        fh.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def _object(self, body: bytes, obj_id: int | None = None) -> int:
        if obj_id is None:
            obj_id, self.next_id = self.next_id, self.next_id + 1
        self.offsets[obj_id] = self.fh.tell()
        self.fh.write(b"%d 0 obj\n" % obj_id + body + b"\nendobj\n")
        return obj_id

    def _stream(self, attributes: bytes, data: bytes) -> int:
        return self._object(b"<< " + attributes + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")

    def add_jpeg_page(self, jpeg: bytes, width_px: int, height_px: int) -> None:
        """A page showing the JPEG scaled to the page (the picture has the page's proportions)."""
        image = self._stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                             b"/BitsPerComponent 8 /Filter /DCTDecode" % (width_px, height_px), jpeg)
        w, h = self.page_size
        content = self._stream(b"", b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (w, h))
        page = self._object(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                            b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (w, h, content, image))
        self.pages.append(page)

    def close(self, title: str = "") -> None:
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
