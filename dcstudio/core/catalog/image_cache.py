"""The catalog's product images: fetched from their ``image_link`` with deadlines, and kept in a
disk cache that the catalog lint (``lint/catalog_images.py``) and the product previews
(``product_images.py``) share.

An entry is ``<cache>/<k[:2]>/<k>.json`` (k: the sha256 of the URL): what the image is (its
pixels, bytes, format, whether it decodes) with the server's ETag and Last-Modified, so the next
lint asks "changed?" and reads the answer from the cache on a 304. The cache holds facts, not
verdicts: each profile judges them by its own limits. A preview keeps the image's bytes beside
the entry (``<k>.img``), so a cached product image is read from disk with no request at all; a
lint that fetches an image whose bytes are kept replaces them when they changed.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dcstudio.core.values.atomic import atomic_write_bytes, atomic_write_text

CACHE_ENV = "DCSTUDIO_CACHE_DIR"
# The most bytes read of one image: the largest any profile takes (Merchant Center's 16 MB), plus one.
READ_LIMIT = 16 * 1024 * 1024 + 1
# Past this many pixels an image is not decoded here (Merchant Center's own limit is 64 MP).
DECODE_LIMIT = 64_000_000
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
TOTAL_TIMEOUT = 30.0  # for one image, however slowly it trickles in
# Meta's smallest product image for catalog ads (its feed reference, [CAT] in docs/rules.md): the
# catalog lint's meta-catalog limit and the previews' placeholder "under 500x500".
META_IMAGE_MIN_SIDE = 500


def cache_dir() -> Path:
    """``$DCSTUDIO_CACHE_DIR/catalog-images``, else the user's cache folder's (platformdirs)."""
    base = os.environ.get(CACHE_ENV)
    if not base:
        import platformdirs

        base = platformdirs.user_cache_dir("dcstudio", appauthor=False)
    return Path(base) / "catalog-images"


@dataclass
class ImageFacts:
    """What one fetch found out. ``status``: "ok" (a body was read), "http" (an error status),
    "timeout", "unreachable" (no connection: DNS, refused, TLS)."""

    status: str
    http_status: int | None = None
    bytes: int | None = None
    complete: bool = True  # False: the body was longer than READ_LIMIT
    format: str | None = None  # Pillow's name: JPEG, PNG, WEBP...
    width: int | None = None
    height: int | None = None
    decodes: bool | None = None
    error: str = ""
    from_cache: bool = field(default=False, compare=False)


def read_facts(data: bytes, complete: bool = True, size: int | None = None) -> ImageFacts:
    """What the bytes of an image are (no network). ``complete`` False: only the first bytes were
    read of an image ``size`` bytes long (or longer)."""
    import warnings

    from PIL import Image

    facts = ImageFacts("ok", 200, size if size is not None else len(data), complete)
    if not complete:
        return facts
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                facts.format, (facts.width, facts.height) = img.format, img.size
                if facts.width * facts.height > DECODE_LIMIT:
                    return facts
                try:
                    img.load()
                    facts.decodes = True
                except Exception as exc:  # Pillow raises many kinds for a damaged file
                    facts.decodes = False
                    facts.error = short_error(exc)
    except Exception as exc:  # not an image Pillow knows
        facts.format = None
        facts.error = short_error(exc)
    return facts


def entry_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


class ImageCache:
    """The entries of one cache folder (default ``cache_dir()``); safe to share between threads."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else cache_dir()

    def entry_path(self, url: str) -> Path:
        key = entry_key(url)
        return self.folder / key[:2] / f"{key}.json"

    def image_path(self, url: str) -> Path:
        return self.entry_path(url).with_suffix(".img")

    def entry(self, url: str) -> dict | None:
        """The entry of ``url`` as stored (url, etag, last_modified, facts, checked_at, and
        ``image``: whether its bytes are kept), or None when there is none that can be read."""
        try:
            entry = json.loads(self.entry_path(url).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("url") != url or not isinstance(entry.get("facts"), dict):
            return None
        try:
            ImageFacts(**entry["facts"])
        except TypeError:
            return None
        return entry

    def facts(self, url: str) -> ImageFacts | None:
        """What the cache knows of ``url`` (no network): the facts of its last fetch, or None."""
        entry = self.entry(url)
        if entry is None:
            return None
        facts = ImageFacts(**entry["facts"])
        facts.from_cache = True
        return facts

    def kept_image(self, url: str) -> Path | None:
        """The kept bytes of ``url``'s image, when a preview kept them and they are still there."""
        entry = self.entry(url)
        if entry is None or not entry.get("image"):
            return None
        path = self.image_path(url)
        return path if path.is_file() else None

    def store(self, url: str, etag: str | None, last_modified: str | None, facts: ImageFacts,
              data: bytes | None = None) -> None:
        """Records ``facts`` (and, with ``data``, the image's bytes). A failure to write only
        costs the next run a download."""
        body = asdict(facts)
        body.pop("from_cache", None)
        path = self.entry_path(url)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if data is not None:
                atomic_write_bytes(self.image_path(url), data)
            atomic_write_text(path, json.dumps({"url": url, "etag": etag, "last_modified": last_modified,
                                                "facts": body, "checked_at": int(time.time()),
                                                "image": data is not None}))
        except OSError:
            pass


class ImageFetcher:
    """GETs image links with deadlines through an ImageCache. ``facts(url)`` revalidates (the
    lint); ``image(url)`` returns the cached bytes when there are some, else fetches them (the
    previews). Counts its requests and cache hits; one requests session per thread."""

    def __init__(self, cache: Path | ImageCache | None = None, timeout: tuple[float, float] | None = None,
                 total_timeout: float = TOTAL_TIMEOUT, user_agent: str = "dcstudio-catalog-lint"):
        self.cache = cache if isinstance(cache, ImageCache) else ImageCache(cache)
        self.timeout = timeout or (CONNECT_TIMEOUT, READ_TIMEOUT)
        self.total_timeout = total_timeout
        self.user_agent = user_agent
        self.requests = 0
        self.cache_hits = 0
        self._lock = threading.Lock()
        self._local = threading.local()

    def _session(self):
        import requests

        s = getattr(self._local, "session", None)
        if s is None:
            s = self._local.session = requests.Session()
            s.headers["User-Agent"] = self.user_agent
        return s

    def _hit(self, entry: dict) -> ImageFacts:
        with self._lock:
            self.cache_hits += 1
        facts = ImageFacts(**entry["facts"])
        facts.from_cache = True
        return facts

    def facts(self, url: str) -> ImageFacts:
        """Fetches ``url`` (conditionally, when the cache has validators for it) and records
        what it is; offline or timed out, the cached facts when there are some."""
        entry = self.cache.entry(url)
        headers = {}
        if entry:
            if entry.get("etag"):
                headers["If-None-Match"] = entry["etag"]
            if entry.get("last_modified"):
                headers["If-Modified-Since"] = entry["last_modified"]
        keep = bool(entry and entry.get("image"))
        facts, _ = self._get(url, headers, entry, keep)
        return facts

    def image(self, url: str) -> tuple[ImageFacts, Path | None]:
        """(facts, the path of the image's bytes) of ``url``: from the cache without a request
        when its bytes are kept, else fetched (once, whole) and kept. The path is None when no
        image could be read (the facts say why)."""
        kept = self.cache.kept_image(url)
        if kept is not None:
            entry = self.cache.entry(url)
            if entry is not None:
                return self._hit(entry), kept
        facts, data = self._get(url, {}, None, True)
        return facts, (self.cache.image_path(url) if data is not None else None)

    def _get(self, url: str, headers: dict, entry: dict | None, keep: bool) -> tuple[ImageFacts, bytes | None]:
        import requests

        with self._lock:
            self.requests += 1
        try:
            with self._session().get(url, headers=headers, stream=True, timeout=self.timeout,
                                     allow_redirects=True) as response:
                if response.status_code == 304 and entry:
                    return self._hit(entry), None
                if response.status_code >= 400:
                    return ImageFacts("http", response.status_code), None
                data, complete, size = _read_body(response, self.total_timeout)
                facts = read_facts(data, complete, size)
                facts.http_status = response.status_code
                kept = data if keep and complete and facts.format is not None else None
                self.cache.store(url, response.headers.get("ETag"), response.headers.get("Last-Modified"),
                                 facts, kept)
                return facts, kept
        except requests.Timeout as exc:
            return (self._hit(entry) if entry else ImageFacts("timeout", error=short_error(exc) or "timed out")), None
        except (requests.ConnectionError, requests.exceptions.InvalidURL, requests.exceptions.TooManyRedirects,
                requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
            return (self._hit(entry) if entry else ImageFacts("unreachable", error=short_error(exc))), None
        except requests.RequestException as exc:
            return ImageFacts("unreachable", error=short_error(exc)), None


def _read_body(response, total_timeout: float = TOTAL_TIMEOUT) -> tuple[bytes, bool, int]:
    """(the body, whether it is whole, its size or the bytes read before giving up)."""
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) >= READ_LIMIT:
        return b"", False, int(length)
    deadline = time.monotonic() + total_timeout
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size >= READ_LIMIT:
            return b"", False, size
        if time.monotonic() > deadline:
            import requests

            raise requests.Timeout(f"still downloading after {total_timeout:.0f} s")
    return b"".join(chunks), True, size


def short_error(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
