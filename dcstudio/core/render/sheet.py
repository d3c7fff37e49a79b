"""Contact sheets: every combination on paged PDF (for approval) or one PNG, names under each tile.

Pages are A4 portrait at 200 dpi, so the mockups' text stays legible in print. Each tile is the placement's mockup;
under it, the number of the combination (``number_of``: the grid's and the render file names' number, gaps where
exclusions or review leave combinations out) and its assets' names.
No date is printed, so sheets of two versions of a project can be compared page by page.
"""
from __future__ import annotations

import io
import textwrap
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

from dcstudio.core.model.ad_space import AdSpace, space_of
from dcstudio.core.model.approval import approved_only as cleared_project
from dcstudio.core.render import chrome
from dcstudio.core.render.mockups import check_placement, draw_ad
from dcstudio.core.render.pdf import A4_PORTRAIT_PT, GLYPH_WIDTH, PdfWriter, TextLine
from dcstudio.core.render.text import Style, block_height, draw_block, layout, line_height, line_left
from dcstudio.core.render.tiles import TileCache
from dcstudio.core.values.atomic import atomic_write_bytes, atomic_writer
from dcstudio.core.values.errors import BadInputError, Cancelled
from dcstudio.core.values.placements import DEFAULT_PLACEMENT
from dcstudio.core.values.placements import placement as placement_of

PAGE_PX = (1654, 2339)  # A4 portrait at 200 dpi
MARGIN, GAP = 60, 36
PNG_MAX_PIXELS = 80_000_000  # beyond this a single PNG gets unwieldy: use the PDF
INK, GREY, PROBLEM = chrome.INK, chrome.GREY_TEXT, (220, 38, 38)
GLYPH_EM = GLYPH_WIDTH / 1000  # the text layer's advance per character, in em
LINE_SPACING = 1.25
TEXT_LAYER_CHARS = 1024  # the longest text Meta takes (a body); the mockups show far less


@dataclass
class SheetResult:
    path: Path
    pages: int
    combinations: int
    problems: dict[str, str] = field(default_factory=dict)


def _cell_width(placement: str) -> int:
    cols = placement_of(placement).sheet_columns
    return (PAGE_PX[0] - 2 * MARGIN - (cols - 1) * GAP) // cols


def _tile_size(placement: str, cell: int, cards: int) -> int:
    spec = placement_of(placement)
    if spec.shows_cards:  # a phone-width frame of ~1.3 cards (the renderer's) fills the cell
        return max(100, int(cell / spec.card_divisor))
    return max(100, cell)


def _block_lines(lines, left: float, top: float, width: float, align: str | None = None) -> list[TextLine]:
    """The text layer of a block drawn with draw_block (one box per drawn line, placed as
    draw_line places it)."""
    out, y = [], top
    for line in lines:
        height = line_height(line.style.px)
        text = "".join(run.text for run in line.runs)
        out.append(TextLine(line_left(line, left, width, align), y, max(1, line.width), height, text))
        y += height
    return out


def _stacked(box, texts, scale: float) -> list[TextLine]:
    """Texts over a part of the mockup, wrapped into lines of about the mockup's own text size,
    so viewers read them as words (not one line squeezed to the box's width)."""
    # The mockups show a few hundred characters of a text at most: a 1 MB body must not become
    # a million-character text layer (nor take minutes to wrap).
    texts = [t[:TEXT_LAYER_CHARS] for t in texts if t and t.strip()]
    if not texts:
        return []
    left, top, right, bottom = (v * scale for v in box)
    width, height = right - left, bottom - top
    size = max(4.0, width * 0.042)  # the mockups draw their texts at about 4.2% of their width
    while True:
        per_line = max(4, int(width / (GLYPH_EM * size)))
        lines = [piece for text in texts for piece in (textwrap.wrap(text, per_line) or [text])]
        if len(lines) * size * LINE_SPACING <= height or size <= 4.0:
            break
        size = max(4.0, size * 0.85)
    step = size * LINE_SPACING
    return [TextLine(left, top + k * step, min(width, len(line) * GLYPH_EM * size), step, line)
            for k, line in enumerate(lines)]


def _mockup_text(mockup, content, scale: float) -> list[TextLine]:
    """What the mockup says, laid over the parts that show it, so the sheet can be searched."""
    boxes, out = mockup.boxes, []
    parts = {"header": [content.page_name], "body": [content.body],
             "link": [content.display_url, content.title, content.description, content.cta],
             "caption": [content.body, content.cta]}
    for part, texts in parts.items():
        if boxes.get(part):
            out += _stacked(boxes[part][0], texts, scale)
    if boxes.get("cards") and boxes.get("media"):  # a carousel: the card texts under the first picture
        (left, _, right, bottom), media_bottom = boxes["cards"][0], boxes["media"][0][3]
        out += _stacked((left, media_bottom, right, bottom), [content.title, content.description, content.cta],
                        scale)
    return out


def _caption(space, item, width: int) -> tuple[Image.Image, list[TextLine]]:
    head, rest = space.caption(item)
    bold, plain = Style(22, "bold", INK), Style(19, "regular", GREY)
    blocks = [layout(head, width, bold, max_lines=2)[0], layout(rest, width, plain, max_lines=2)[0]]
    im = Image.new("RGB", (width, sum(block_height(b) for b in blocks) + 6), chrome.WHITE)
    y, text = 4, []
    for lines in blocks:
        text += _block_lines(lines, 0, y, width, "left")
        y = draw_block(im, lines, 0, y, width, "left")
    return im, text


def _tile(space, item, placement, cell, cache, problems) -> tuple[Image.Image, list[TextLine]]:
    """A tile (mockup and caption) and its words, for the PDF's text layer."""
    content = space.content(item, placement)
    size = _tile_size(placement, cell, len(content.media))
    mockup = draw_ad(content, space.sources, placement, size, cache=cache)
    image = mockup.image
    if image.width > cell:
        image = image.resize((cell, round(image.height * cell / image.width)), Image.Resampling.LANCZOS)
    text = _mockup_text(mockup, content, image.width / mockup.image.width)
    caption, caption_text = _caption(space, item, cell)
    text += [TextLine(t.left, t.top + image.height, t.width, t.height, t.text) for t in caption_text]
    out = Image.new("RGB", (cell, image.height + caption.height), chrome.WHITE)
    out.paste(image, (0, 0))
    draw = ImageDraw.Draw(out)
    draw.rectangle((0, 0, image.width - 1, image.height - 1),
                   outline=PROBLEM if mockup.problems else chrome.CARD_BORDER, width=3 if mockup.problems else 1)
    out.paste(caption, (0, image.height))
    problems.update(mockup.problems)
    return out, text


def _page_header(space, placement: str, page: int, count: int) -> tuple[Image.Image, list[TextLine]]:
    im = Image.new("RGB", PAGE_PX, chrome.WHITE)
    width = PAGE_PX[0] - 2 * MARGIN
    title, _ = layout(f"{space.name} \u2014 {placement} previews", width * 0.7, Style(32, "bold", INK), max_lines=1)
    draw_block(im, title, MARGIN, MARGIN - 20, width * 0.7, "left")
    info, _ = layout(f"{count} combinations \u00b7 page {page}", width * 0.3, Style(24, "regular", GREY), max_lines=1)
    draw_block(im, info, MARGIN + width * 0.7, MARGIN - 12, width * 0.3, "right")
    return im, (_block_lines(title, MARGIN, MARGIN - 20, width * 0.7, "left")
                + _block_lines(info, MARGIN + width * 0.7, MARGIN - 12, width * 0.3, "right"))


def _rows(space, combinations, placement, cache, problems, progress, cancel):
    """Yields rows of tiles, rendering as it goes."""
    cols, cell = placement_of(placement).sheet_columns, _cell_width(placement)
    for start in range(0, len(combinations), cols):
        row = []
        for combination in combinations[start:start + cols]:
            if cancel is not None and cancel.is_set():
                raise Cancelled("cancelled")
            row.append(_tile(space, combination, placement, cell, cache, problems))
            if progress:
                progress(start + len(row), len(combinations))
        yield row


class _Retitled:
    """A space shown under another sheet title (its ads' page name stays the project's)."""

    def __init__(self, space: AdSpace, name: str):
        self._space, self.name = space, name

    def __len__(self) -> int:
        return len(self._space)

    def __getitem__(self, index: int):
        return self._space[index]

    def __getattr__(self, attr):
        return getattr(self._space, attr)


def contact_sheet(project, out_path, *, approved_only: bool = False, **options) -> SheetResult:
    """Writes every combination's mockup (the first ``limit``) to ``out_path`` (.pdf or .png).
    ``approved_only``: just what review cleared, the combinations made only of approved assets."""
    # The sheet's placement shows the assets the project's customization rules give it.
    placement, locale = options.get("placement", DEFAULT_PLACEMENT), options.pop("locale", None)
    if approved_only:
        project = cleared_project(project)
    space = space_of(project, placement=placement, locale=locale)
    if approved_only:
        space = _Retitled(space, f"{project.name} (approved only)")
    return space_sheet(space, out_path, **options)


def space_sheet(space: AdSpace, out_path, *, placement: str = DEFAULT_PLACEMENT, progress=None,
                cancel: threading.Event | None = None, limit: int | None = None,
                cache: TileCache | None = None) -> SheetResult:
    """Writes the mockup of every item of ``space`` (the first ``limit``) to ``out_path``."""
    check_placement(placement)
    out_path = Path(out_path)
    kind = out_path.suffix.lower()
    if kind not in (".pdf", ".png"):
        raise BadInputError(f"{out_path}: a contact sheet is a .pdf or a .png file")
    count = len(space) if limit is None else min(len(space), max(0, int(limit)))
    if count == 0:
        raise BadInputError(f"{space.name}: no combinations to put on a sheet (add images and texts)")
    combinations = [space[i] for i in range(count)]
    cache = cache if cache is not None else TileCache(128 * 1024 * 1024)
    problems: dict[str, str] = {}
    if progress:
        progress(0, count)
    rows = _rows(space, combinations, placement, cache, problems, progress, cancel)
    if kind == ".png":
        return _png(out_path, placement, rows, count, problems)
    return _pdf(space, out_path, placement, rows, count, problems)


def _png(out_path, placement, rows, count, problems) -> SheetResult:
    cols, cell = placement_of(placement).sheet_columns, _cell_width(placement)
    width = 2 * MARGIN + cols * cell + (cols - 1) * GAP
    pieces, height = [], MARGIN
    for row in rows:
        row = [tile for tile, _ in row]
        pieces.append((height, row))
        height += max(t.height for t in row) + GAP
        # Judged from the first row, before rendering the rest: all rows are about as tall.
        expected = MARGIN + -(-count // cols) * (height - MARGIN) / len(pieces)
        if width * max(height, expected * 0.9) > PNG_MAX_PIXELS:
            raise BadInputError(f"{count} combinations make a PNG too large to open comfortably; "
                                "write a .pdf sheet, or use --limit")
    sheet = Image.new("RGB", (width, height + MARGIN - GAP), chrome.WHITE)
    for y, row in pieces:
        for k, tile in enumerate(row):
            sheet.paste(tile, (MARGIN + k * (cell + GAP), y))
    buf = io.BytesIO()
    sheet.save(buf, "PNG", compress_level=6)
    atomic_write_bytes(out_path, buf.getvalue())
    return SheetResult(out_path, 1, count, problems)


def _pdf(space, out_path, placement, rows, count, problems) -> SheetResult:
    cell = _cell_width(placement)
    top = MARGIN + 50
    pages = 0
    with atomic_writer(out_path) as fh:
        writer = PdfWriter(fh, A4_PORTRAIT_PT)
        page, text, y = None, [], top

        def emit(im, lines):
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=88)
            writer.add_jpeg_page(buf.getvalue(), *im.size, lines=tuple(lines))

        for row in rows:
            row_h = max(tile.height for tile, _ in row)
            if page is None or (y + row_h > PAGE_PX[1] - MARGIN and y > top):
                if page is not None:
                    emit(page, text)
                pages += 1
                y = top
                page, text = _page_header(space, placement, pages, count)
            for k, (tile, words) in enumerate(row):
                x = MARGIN + k * (cell + GAP)
                page.paste(tile, (x, y))
                text += [TextLine(t.left + x, t.top + y, t.width, t.height, t.text) for t in words]
            y += row_h + GAP
        emit(page, text)
        writer.close(f"{space.name}: {placement} previews")
    return SheetResult(out_path, pages, count, problems)
