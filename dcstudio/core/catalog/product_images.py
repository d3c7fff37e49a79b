"""A product's picture for the previews: its ``image_link`` read through the catalog's image cache
(image_cache.py), or why a placeholder shows instead.

- An ``http(s)://`` link is fetched once, whole, with deadlines (connect, read, and the whole
  download), and its bytes are kept in the cache: the next preview of it makes no request.
- Any other link is a file path relative to the feed's folder (``images/p001.jpg`` next to
  ``products.csv``), "/" separated, that stays inside that folder: how a catalog works offline
  (the bundled demo catalog). Meta cannot fetch such a link: the catalog lint says so
  (catalog.link.scheme) before anything is published.
- A missing, unreadable or small (< 500x500, Meta's minimum) image is a ``ProductImage`` with a
  ``problem`` in words ("404 from shop.example.com", "320x320, under 500x500"); the tile shows a
  placeholder that says it.
- Offline: after a few links in a row whose host cannot be reached, the next ones are not tried
  for a while (each placeholder says so), so a grid of products never waits on a dead network.

``ProductImages`` is read by worker threads (the tile loader) and pickled into worker processes
(batch render): its memory of links, locks and sessions are made again on the other side.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dcstudio.core.catalog.image_cache import META_IMAGE_MIN_SIDE, ImageCache, ImageFetcher
from dcstudio.core.model.assets import inside_folder, path_problem
from dcstudio.core.model.images import opened_image, sha256_file
from dcstudio.core.values.errors import ImageError

# Deadlines of a preview's fetch: a tile waits for its picture at most about this long.
PREVIEW_TIMEOUT = (4.0, 8.0)  # connect, between bytes
PREVIEW_TOTAL_TIMEOUT = 15.0  # the whole download
# After this many links in a row whose host cannot be reached the network is taken for down ...
OFFLINE_AFTER = 3
# ... for this long: links asked for meanwhile get a placeholder at once.
OFFLINE_PAUSE_S = 30.0
NOT_FETCHED = "image not fetched yet"


@dataclass(frozen=True)
class ProductImage:
    """``path``: the image's bytes on disk (None with a problem); sizes as displayed (EXIF
    orientation applied); ``problem``: why the preview shows a placeholder instead."""

    link: str
    path: Path | None = None
    width: int = 0
    height: int = 0
    sha256: str = ""
    problem: str | None = None


def is_web_link(link: str) -> bool:
    return link.lower().startswith(("http://", "https://"))


def _host(link: str) -> str:
    try:
        return urlsplit(link).hostname or link[:60]
    except ValueError:
        return link[:60]


class ProductImages:
    """The pictures of one catalog's products. ``feed_folder``: where a local image_link is read
    from (None: the feed is a URL, so local links are refused); ``cache``: the image cache's
    folder (default the user's); ``fetch`` False: only what the cache holds is shown (no network),
    the others say "image not fetched yet"."""

    def __init__(self, feed_folder: Path | None, cache: Path | None = None, *, fetch: bool = True,
                 min_side: int = META_IMAGE_MIN_SIDE, timeout: tuple[float, float] = PREVIEW_TIMEOUT,
                 total_timeout: float = PREVIEW_TOTAL_TIMEOUT):
        self.feed_folder = Path(feed_folder) if feed_folder is not None else None
        self.cache_folder = Path(cache) if cache is not None else ImageCache().folder
        self.fetch = fetch
        self.min_side = min_side
        self.timeout = timeout
        self.total_timeout = total_timeout
        self._setup()

    def _setup(self) -> None:
        self.fetcher = ImageFetcher(ImageCache(self.cache_folder), self.timeout, self.total_timeout,
                                    user_agent="dcstudio-preview")
        self._known: dict[str, ProductImage] = {}
        self._busy: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._unreachable_run = 0
        self._down_until = 0.0

    def __getstate__(self) -> dict:
        keep = ("feed_folder", "cache_folder", "fetch", "min_side", "timeout", "total_timeout")
        return {k: self.__dict__[k] for k in keep}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._setup()

    # -- the one entry ------------------------------------------------------------------------
    def get(self, link: str | None) -> ProductImage:
        """The picture of ``link``; blocks while it is fetched (call it off the GUI thread). Two
        threads asking for one link fetch it once."""
        link = (link or "").strip()
        if not link:
            return ProductImage("", problem="the product has no image_link")
        while True:
            with self._lock:
                known = self._known.get(link)
                if known is not None:
                    return known
                waiting = self._busy.get(link)
                if waiting is None:
                    self._busy[link] = threading.Event()
                    break
            waiting.wait()
        try:
            image = self._read(link)
            with self._lock:
                if not (image.problem and image.problem.startswith("not tried")):
                    self._known[link] = image
            return image
        finally:
            with self._lock:
                self._busy.pop(link).set()

    def cached(self, link: str | None) -> ProductImage | None:
        """What is known of ``link`` without any reading: None when it has not been read yet."""
        with self._lock:
            return self._known.get((link or "").strip())

    # -- reading --------------------------------------------------------------------------------
    def _read(self, link: str) -> ProductImage:
        if not is_web_link(link):
            return self._local(link)
        host = _host(link)
        if not self.fetch:
            kept = self.fetcher.cache.kept_image(link)
            return self._judged(link, kept) if kept is not None else ProductImage(link, problem=NOT_FETCHED)
        with self._lock:
            down = time.monotonic() < self._down_until
        if down and self.fetcher.cache.kept_image(link) is None:
            return ProductImage(link, problem=f"not tried: the last image hosts could not be reached "
                                              f"(offline?); {host}")
        facts, path = self.fetcher.image(link)
        with self._lock:
            if facts.status == "unreachable":
                self._unreachable_run += 1
                if self._unreachable_run >= OFFLINE_AFTER:
                    self._down_until = time.monotonic() + OFFLINE_PAUSE_S
            elif not facts.from_cache:
                self._unreachable_run, self._down_until = 0, 0.0
        if facts.status == "http":
            return ProductImage(link, problem=f"{facts.http_status} from {host}")
        if facts.status == "timeout":
            return ProductImage(link, problem=f"no answer from {host} in time ({facts.error})")
        if facts.status == "unreachable":
            return ProductImage(link, problem=f"{host} cannot be reached (offline?): {facts.error}")
        if not facts.complete:
            return ProductImage(link, problem=f"over {facts.bytes // (1024 * 1024)} MB: not read")
        if path is None:
            return ProductImage(link, problem=f"not an image ({facts.error or 'unknown format'})")
        return self._judged(link, path)

    def _local(self, link: str) -> ProductImage:
        relative = link[len("file:"):] if link.lower().startswith("file:") else link
        if self.feed_folder is None:
            return ProductImage(link, problem="a local image_link needs a local feed (this feed is a URL)")
        problem = path_problem(relative)
        if problem:
            return ProductImage(link, problem=f"image_link {relative[:80]} {problem}")
        path = inside_folder(self.feed_folder, relative)
        if path is None:
            return ProductImage(link, problem=f"image_link {relative[:80]} leads out of the feed's folder")
        if not path.is_file():
            return ProductImage(link, problem=f"{relative[:80]}: file not found next to the feed")
        return self._judged(link, path)

    def _judged(self, link: str, path: Path) -> ProductImage:
        try:
            width, height = displayed_size(path)
            digest = sha256_file(path)
        except ImageError as exc:
            return ProductImage(link, problem=f"unreadable: {exc.reason}")
        except OSError as exc:
            return ProductImage(link, problem=f"unreadable: {exc.strerror or exc}")
        if width < self.min_side or height < self.min_side:
            return ProductImage(link, path, width, height, digest,
                                f"{width}x{height}, under {self.min_side}x{self.min_side}")
        return ProductImage(link, path, width, height, digest)


def displayed_size(path: Path) -> tuple[int, int]:
    """(width, height) as shown (EXIF orientation applied), from the header alone: a damaged
    body shows when the tile decodes it (its placeholder says so). ImageError for a file that is
    no image the studio reads, or over the pixel limit."""
    with opened_image(path) as im:
        width, height = im.size
        try:
            orientation = int(im.getexif().get(0x0112, 1) or 1)
        except Exception:  # a broken EXIF block must not make a good picture unusable
            orientation = 1
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def known_size(link: str | None, feed_folder: Path | None, cache: ImageCache) -> tuple[int, int] | None:
    """The size of ``link``'s image as far as it is known without any fetch: a web link's from
    the image cache (a lint with --images or a preview read it), a local file's from its header.
    None when nothing is known (not fetched yet, not an image, not found)."""
    link = (link or "").strip()
    if not link:
        return None
    if is_web_link(link):
        facts = cache.facts(link)
        if facts is None or facts.status != "ok" or facts.width is None:
            return None
        return facts.width, facts.height
    if feed_folder is None:
        return None
    relative = link[len("file:"):] if link.lower().startswith("file:") else link
    path = inside_folder(feed_folder, relative) if path_problem(relative) is None else None
    if path is None or not path.is_file():
        return None
    try:
        return displayed_size(path)
    except (ImageError, OSError):
        return None
