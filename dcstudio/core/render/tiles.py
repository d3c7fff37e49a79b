"""Image tiles: each image decoded and cropped once per output size, kept in a byte-bounded cache.

A tile is the part of an image a placement shows, resized to the pixels it takes in the mockup.
The cache key is (file sha256, crop box, output size), so 6,250 combinations of 10 images decode
10 times, and a changed file (new hash) never shows a stale tile. An asset whose file is missing,
changed or unreadable gets a placeholder tile that states the reason; rendering goes on.
"""
from __future__ import annotations

import dataclasses
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from PIL import Image

from dcstudio.core.model.assets import ImageAsset, VideoAsset
from dcstudio.core.model.images import open_display_image
from dcstudio.core.render.chrome import placeholder_tile, video_tile
from dcstudio.core.render.overlays import decorate
from dcstudio.core.render.preview_store import PreviewStore, entry_key
from dcstudio.core.values.crops import Crop
from dcstudio.core.values.errors import ImageError

DEFAULT_CACHE_BYTES = 256 * 1024 * 1024


def image_bytes(im: Image.Image) -> int:
    return im.width * im.height * len(im.getbands())


@dataclass(frozen=True)
class Tile:
    image: Image.Image  # RGB, exactly the size asked for
    problem: str | None = None  # why a placeholder is shown instead of the picture


class TileCache:
    """A thread-safe LRU of images bounded in bytes; also holds the mockups' text strips.

    ``get(key, make)`` returns the cached value or calls ``make()`` once, even when several
    threads ask for the same key at the same time (the others wait for the first).
    Values are ``PIL.Image`` or objects with an ``image`` attribute; treat them as read-only.
    ``store``: a PreviewStore where decoded media also go, and are found again in a later session.
    """

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES, *, store: PreviewStore | None = None):
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.max_bytes = max_bytes
        self.store = store
        self.bytes = 0
        self.hits = self.misses = 0
        self._items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key) -> bool:
        with self._lock:
            return key in self._items

    def get(self, key: Hashable, make: Callable[[], object]):
        while True:
            with self._lock:
                hit = self._items.get(key)
                if hit is not None:
                    self._items.move_to_end(key)
                    self.hits += 1
                    return hit[0]
                waiting = self._pending.get(key)
                if waiting is None:
                    self._pending[key] = threading.Event()
                    self.misses += 1
                    break
            waiting.wait()  # another thread is making it; then look again
        try:
            value = make()
            self._store(key, value)
            return value
        finally:
            with self._lock:
                self._pending.pop(key).set()

    def _store(self, key, value) -> None:
        im = value if isinstance(value, Image.Image) else getattr(value, "image", None)
        size = image_bytes(im) if im is not None else 1024
        with self._lock:
            if size > self.max_bytes:
                return  # larger than the whole cache: hand it out, keep nothing
            self._items[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self.bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.bytes = 0


# -- which rectangle a placement shows ------------------------------------------------------------
def placement_box(asset: ImageAsset, ratio: tuple[int, int]) -> tuple[int, int, int, int]:
    """The rectangle of the displayed image shown at ``ratio`` (w, h).

    The asset's crop when its ratio matches (the platform applies the one crop everywhere);
    otherwise the largest rectangle of that ratio centred on the crop's centre, inside the image.
    """
    crop = asset.crop.clamped(asset.width, asset.height)
    want = ratio[0] / ratio[1]
    if abs(crop.width / crop.height / want - 1) <= 0.01:  # Meta accepts a ratio "as close as possible"
        return crop.box()
    full = Crop.centered(asset.width, asset.height)
    width, height = asset.width, round(asset.width * ratio[1] / ratio[0])
    if height > asset.height:
        height, width = asset.height, round(asset.height * ratio[0] / ratio[1])
    cx, cy = crop.left + crop.width / 2, crop.top + crop.height / 2
    moved = Crop(round(cx - width / 2), round(cy - height / 2), max(1, width), max(1, height), full.key)
    return moved.clamped(asset.width, asset.height).box()


def _decode(path, asset: ImageAsset, box, out_size) -> Image.Image:
    left, top, right, bottom = box
    scale = max(out_size[0] / max(1, right - left), out_size[1] / max(1, bottom - top))
    need = (max(1, math.ceil(asset.width * scale)), max(1, math.ceil(asset.height * scale)))
    im = open_display_image(path, min_size=need)
    sx, sy = im.width / asset.width, im.height / asset.height
    source_box = (left * sx, top * sy, right * sx, bottom * sy)
    out = im.resize(out_size, Image.Resampling.LANCZOS, box=source_box, reducing_gap=3.0)
    im.close()
    return out


def _stored_or_decoded(store: PreviewStore | None, path, asset: ImageAsset, box, out_size) -> Image.Image:
    # Only files with a recorded hash: the load checked it, and the hash names the content.
    key = entry_key(asset.sha256, path, box, out_size) if store is not None and asset.sha256 else None
    if key is not None:
        kept = store.get(key)
        if kept is not None and kept.size == out_size:
            return kept
    image = _decode(path, asset, box, out_size)
    if key is not None:
        store.put(key, image)
    return image


def decorated(image: Image.Image, decoration) -> Image.Image:
    """``image`` (a product picture as the ad shows it) with its overlay and frame. A frame that
    cannot be read is left out (the lint's catalog.frame.file says why); the overlay still shows."""
    values = dict(decoration.values)
    try:
        return decorate(image, decoration.fmt, values, locale=decoration.locale, folder=decoration.folder,
                        now=decoration.now, instagram=decoration.instagram)
    except (ImageError, ValueError):
        unframed = dataclasses.replace(decoration.fmt, frame=None)
        return decorate(image, unframed, values, locale=decoration.locale, now=decoration.now,
                        instagram=decoration.instagram)


def image_tile(cache: TileCache, sources, asset, box, out_size: tuple[int, int]) -> Tile:
    """The tile of ``asset`` (image or video) showing ``box`` at ``out_size``, its file read through
    ``sources`` (MediaSources: a project, or another AdSpace's)."""
    out_size = (max(1, int(out_size[0])), max(1, int(out_size[1])))
    problem = sources.file_problems.get(asset.id)
    if problem:
        return cache.get(("problem", asset.id, problem, out_size),
                         lambda: Tile(placeholder_tile(out_size, asset.display_name, problem), problem))
    if isinstance(asset, VideoAsset):
        duration = asset.facts.duration if asset.facts else None
        return cache.get(("video", asset.id, asset.thumbnail, asset.display_name, duration, out_size),
                         lambda: _video(sources, asset, out_size))
    path = sources.folder / asset.file if sources.folder else asset.file  # names the cache entry
    # A catalog ad's product picture with its overlay and frame (catalog/product_space.py): the
    # picture is kept undecorated under its own hash, the tile (keyed by the decorated hash, which
    # names the format) is drawn over.
    decoration = (getattr(sources, "decorations", None) or {}).get(asset.sha256)

    if decoration is not None:  # drawn over the plain tile, which an overlay edit then does not decode again
        plain = image_tile(cache, sources, dataclasses.replace(asset, sha256=decoration.source_sha256), box,
                           out_size)
        if plain.problem:
            return plain
        return cache.get(("tile", asset.sha256, tuple(box), out_size),
                         lambda: Tile(decorated(plain.image, decoration)))

    def make() -> Tile:
        try:  # resolve raises for a file linked out of the project since it was loaded: never read
            return Tile(_stored_or_decoded(cache.store, sources.resolve(asset.file), asset, box, out_size))
        except ImageError as exc:
            reason = f"{asset.file}: {exc.reason}"
            return Tile(placeholder_tile(out_size, asset.display_name, reason), reason)

    return cache.get(("tile", asset.sha256 or str(path), tuple(box), out_size), make)


def _video(sources, asset: VideoAsset, out_size) -> Tile:
    still = None
    if asset.thumbnail:
        try:
            still = open_display_image(sources.resolve(asset.thumbnail), min_size=out_size)
        except ImageError:
            still = None
    return Tile(video_tile(out_size, asset.display_name, still, asset.facts.duration if asset.facts else None))
