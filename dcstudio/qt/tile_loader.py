"""Preview tiles rendered by worker threads, newest request first, cached in bytes.

The grid asks for the tiles it paints; requests for tiles that scrolled out of view are dropped
before a worker picks them up (``retain``). Finished tiles come back on the GUI thread through
``tile_ready``. A tile is keyed by placement, size and the asset ids it shows; when an asset
changes, only the tiles holding that id are evicted, and a render started before the change is
thrown away rather than cached.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage

# The tile cache and the drawing below it (fonts, text, chrome) load with the window's modules,
# which always need them; the mockups module itself loads with the first tile (default_render_fn).
from dcstudio.core.render.tiles import TileCache
from dcstudio.qt.gui_thread import call_on_gui
from dcstudio.qt.workers import lower_thread_priority, pil_to_qimage

TileKey = tuple  # (placement, render size, display width in device pixels, dpr, the space's tile_ids)


@dataclass(frozen=True)
class TileError:
    """A tile that could not be drawn; the grid paints the reason instead of a picture."""

    message: str

    def sizeInBytes(self) -> int:  # noqa: N802 (same duck type as QImage for the byte budget)
        return 256 + len(self.message)


def tile_key(placement: str, size: int, display_width: int, dpr: float, ids: tuple[str, ...]) -> TileKey:
    """``ids``: what the tile shows, ``AdSpace.tile_ids`` (``invalidate`` evicts by them)."""
    return (placement, size, display_width, dpr, tuple(ids))


def to_display(image, display_width: int, dpr: float) -> QImage:
    """What the grid paints as is: scaled once here (never per paint), in the screen's format."""
    if image.width() != display_width:
        image = image.scaledToWidth(display_width, Qt.SmoothTransformation)
    image = image.convertToFormat(QImage.Format_RGB32)  # blits onto the backing store unconverted
    image.setDevicePixelRatio(dpr)
    return image


def default_render_fn():
    """The core renderer, with one shared decoded-image cache for the whole window (and the
    persistent preview cache behind it: a reopened project decodes nothing): an item of an
    AdSpace, resolved by its space, drawn."""
    from dcstudio.core.render import draw_ad
    from dcstudio.core.render.preview_store import PreviewStore

    cache = TileCache(160 * 1024 * 1024, store=PreviewStore.default())

    def render(space, item, placement, size):
        return draw_ad(space.content(item, placement), space.sources, placement, size, cache=cache).image

    return render


@dataclass
class _Job:
    key: TileKey
    item: object  # an AdItem of ``space``
    space: object
    epoch: int


class TileLoader(QObject):
    tile_ready = Signal(object)  # TileKey

    def __init__(self, render_fn: Callable | None = None, *, threads: int = 2,
                 max_bytes: int = 192 * 1024 * 1024, parent=None):
        super().__init__(parent)
        self._render = render_fn or default_render_fn()
        self.max_bytes = max_bytes
        self._cache: OrderedDict[TileKey, QImage | TileError] = OrderedDict()
        self._bytes = 0
        self._pending: OrderedDict[TileKey, _Job] = OrderedDict()
        self._running: set[TileKey] = set()
        self._lock = threading.Condition()
        self._space = None
        self._epoch = 0
        self._cleared_at = 0
        self._changed_at: dict[str, int] = {}  # asset id -> epoch of its last change
        self._stopped = False
        # Full priority while the window is built and first painted (a niced worker holding the GIL
        # makes the GUI thread wait too); background priority from ``to_background()`` on.
        self._background = False
        self._threads = [threading.Thread(target=self._work, name=f"dcstudio-tiles-{i}", daemon=True)
                         for i in range(threads)]
        for t in self._threads:
            t.start()

    # -- GUI thread ---------------------------------------------------------------------------
    def set_space(self, space) -> None:
        """The AdSpace new renders resolve their items in (built over a snapshot: workers never
        see a half-made edit)."""
        self._space = space

    def tile(self, key: TileKey):
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
        return image

    def request(self, key: TileKey, item, *, bump: bool = True) -> None:
        """Queues a render of ``item`` (of the space set last); the newest request is rendered
        first. ``bump=False`` leaves a tile that is already queued where it is."""
        if key in self._cache or self._space is None:
            return
        with self._lock:
            if key in self._running or (not bump and key in self._pending):
                return
            job = self._pending.pop(key, None) or _Job(key, item, self._space, self._epoch)
            self._pending[key] = job  # newest last: workers take from the end
            self._lock.notify()

    def retain(self, keys) -> None:
        """Forget queued requests whose tiles are no longer near the visible area."""
        keys = set(keys)
        with self._lock:
            for key in [k for k in self._pending if k not in keys]:
                del self._pending[key]

    def invalidate(self, asset_id: str) -> int:
        """Evicts the tiles that show ``asset_id``. Returns how many were cached."""
        self._epoch += 1
        self._changed_at[asset_id] = self._epoch
        stale = [k for k in self._cache if asset_id in k[-1]]
        for key in stale:
            self._bytes -= self._cache.pop(key).sizeInBytes()
        with self._lock:
            for key in [k for k in self._pending if asset_id in k[-1]]:
                del self._pending[key]
        return len(stale)

    def clear(self) -> None:
        self._epoch += 1
        self._cleared_at = self._epoch
        self._changed_at.clear()
        self._cache.clear()
        self._bytes = 0
        with self._lock:
            self._pending.clear()

    @property
    def cached_bytes(self) -> int:
        return self._bytes

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._pending or self._running)

    def _on_rendered(self, key: TileKey, image, epoch: int) -> None:
        with self._lock:
            self._running.discard(key)
        if epoch < self._cleared_at or any(self._changed_at.get(a, 0) > epoch for a in key[-1]):
            self.tile_ready.emit(key)  # stale: the view asks again and gets a fresh render
            return
        old = self._cache.pop(key, None)
        if old is not None:
            self._bytes -= old.sizeInBytes()
        self._cache[key] = image
        self._bytes += image.sizeInBytes()
        while self._bytes > self.max_bytes and len(self._cache) > 1:
            _, dropped = self._cache.popitem(last=False)
            self._bytes -= dropped.sizeInBytes()
        self.tile_ready.emit(key)

    def to_background(self) -> None:
        """From now on the workers yield the CPU to the GUI thread (filling and scrolling stay
        smooth). The grid calls it when it first paints, or when its first screen is complete."""
        self._background = True

    def shutdown(self, wait_s: float = 2.0) -> None:
        """Stops the workers: nothing queued is rendered, and a tile being rendered is waited
        for (``wait_s`` at most), so no worker is still running when the window that owns
        this loader is deleted."""
        with self._lock:
            self._stopped = True
            self._pending.clear()
            self._lock.notify_all()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(wait_s)

    # -- worker threads -------------------------------------------------------------------------
    def _work(self) -> None:
        niced = False
        on_rendered = self._on_rendered  # finished tiles cross to the GUI thread through call_on_gui
        while True:
            with self._lock:
                while not self._pending and not self._stopped:
                    self._lock.wait()
                if self._stopped:
                    return
                key, job = self._pending.popitem(last=True)
                self._running.add(key)
            if self._background and not niced:
                lower_thread_priority()
                niced = True
            try:
                placement, size, display_width, dpr, _ = key
                rendered = pil_to_qimage(self._render(job.space, job.item, placement, size))
                result = to_display(rendered, display_width, dpr)
            except Exception as exc:  # a tile must never take the window down
                result = TileError(str(exc) or type(exc).__name__)
            if not call_on_gui(self, on_rendered, key, result, job.epoch):
                return  # the loader was deleted with its window
