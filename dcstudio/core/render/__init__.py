"""The preview renderer: every combination as people see it, drawn with Pillow (no Qt).

Interfaces other parts of dcstudio build on (keep these names):

``PLACEMENTS`` = ("feed-square", "feed-portrait", "story", "carousel"): the ids of the placement
    table, ``dcstudio.core.values.placements`` (each placement's facts live there, read live)
    feed-square: Facebook feed post with 1:1 media, the image's crop exactly;
    feed-portrait: the same with 4:5 media (the crop when it is 4:5, else the largest 4:5
    rectangle centred on the crop); story: 9:16 screen, the whole picture fitted (stories
    ignore crops) with an optional safe-zone overlay; carousel: a phone-width frame showing one
    of its min(images, 10) cards whole and the next peeking, each card with its image,
    headline, description and CTA (``first_card`` scrolls it).

``TileCache(max_bytes=256 MiB)``
    Thread-safe LRU bounded in bytes, keyed by (file sha256, crop box, output size); decodes
    each image once per size (JPEG in draft mode) and also keeps the mockups' text strips.
    Assets in ``project.file_problems`` and unreadable files give a placeholder tile stating
    the reason; the other combinations still render. Share one cache between threads.

``render_preview(project, combination, placement, size, *, cache=None, safe_zones=False, first_card=0)``
    -> ``PIL.Image.Image`` (RGB). ``size`` is the media width in pixels (one card's width for
    the carousel, whose frame is ``card_divisor`` cards wide). A few ms once the image is decoded; safe
    to call from worker threads. ``compose(...)`` takes the same arguments and returns a
    ``Mockup`` with ``image``, ``boxes`` (name -> list of (left, top, right, bottom): header,
    body, media, link, actions, cards, caption, safe-top, safe-bottom) and ``problems``
    (asset id -> reason for each placeholder shown).

``draw_ad(content, sources, placement, size, *, cache=None, safe_zones=False, first_card=0)`` -> ``Mockup``
    What ``compose`` does once the ad is resolved: draws an ``AdContent`` (model/ad_content.py)
    with its media read through ``sources``; no combination, no project pools. The grid's tile
    workers, ``render_space`` and ``space_sheet`` draw any ``AdSpace`` (model/ad_space.py) so.

``close_box(placement, size)`` -> (left, top, right, bottom)
    Where a mockup's header draws its × ("hide ad"), in the mockup's pixels; ``mockup_width``
    of the same arguments: how wide that mockup is.

``render_all(project, out_dir, *, placements, size, limit=None, jobs=1, fmt="jpeg",
             progress=None, cancel=None) -> RenderResult``
    Writes ``out_dir/<placement>/<number:05d>-<assets>.jpg|png`` for each combination (the
    first ``limit``) and placement, plus ``index.json`` and ``index.csv`` (file -> placement,
    combination index, asset ids and names). ``RenderResult``: out_dir, index_path, files
    (``RenderedFile(file, placement, index, assets)``), problems, combinations, seconds,
    complete, removed (stale previews of an earlier render into ``out_dir``, deleted), unlisted
    (preview-named files no render recorded, left alone). ``.dcstudio-render.json`` records what
    a render wrote, so only those files are ever removed (``manifest``); an ``index.json`` or
    ``index.csv`` another program wrote is refused (BadInputError). ``progress(done, total)``;
    ``cancel`` (threading.Event) raises ``Cancelled`` after writing the index of the files done.
    ``render_space(space, out_dir, ...)``: the same for any AdSpace (``render_all`` renders the
    project's).

``contact_sheet(project, out_path, *, placement="feed-square", progress=None, cancel=None,
                limit=None) -> SheetResult``
    A paged PDF (A4, asset names under each tile, for approval) or one PNG, chosen by the
    suffix of ``out_path``. ``SheetResult``: path, pages, combinations, problems.
    ``space_sheet(space, out_path, ...)``: the same for any AdSpace.

Fonts: Noto Sans (Latin, Greek, Cyrillic), Noto Sans Arabic and Hebrew, Droid Sans Fallback
(CJK) and Noto Color Emoji ship in ``resources/fonts`` with their licences; fallback is per
character, right-to-left text is shaped by raqm.
"""
import importlib

# Each public name and the module it lives in. The names load on first use (PEP 562): the studio's
# tile workers need only the mockups, not the batch renderer (multiprocessing, process pools) or
# the PDF contact sheet, and a window opens faster without importing those.
_WHERE = {
    "RenderedFile": "batch", "RenderResult": "batch", "render_all": "batch", "render_space": "batch",
    "Mockup": "mockups", "compose": "mockups", "content_of": "mockups",
    "render_preview": "mockups", "draw_ad": "mockups", "close_box": "mockups", "mockup_width": "mockups",
    "SheetResult": "sheet", "contact_sheet": "sheet", "space_sheet": "sheet",
    "Tile": "tiles", "TileCache": "tiles", "placement_box": "tiles",
}

__all__ = [
    "PLACEMENTS", "TileCache", "Tile", "render_preview", "compose", "draw_ad", "Mockup", "content_of",
    "placement_box", "render_all", "render_space", "RenderResult", "RenderedFile", "contact_sheet",
    "space_sheet", "SheetResult", "close_box", "mockup_width",
]


def __getattr__(name: str):
    if name == "PLACEMENTS":  # not cached: the table may grow after this package loads
        from dcstudio.core.values.placements import placement_ids
        return placement_ids()
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
