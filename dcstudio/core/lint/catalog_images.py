"""The product images of a catalog, fetched and judged: size, bytes, format, whether they decode.

Each distinct ``image_link`` is fetched once, several at a time, with timeouts. What an image is
(its pixels, bytes, format, whether it decodes) is kept in a disk cache with the server's ETag and
Last-Modified, so the next run asks "changed?" and reads the answer from the cache on a 304. The
cache holds facts, not verdicts: each profile judges them by its own limits.

Offline (no image could be reached and none was cached) the check is skipped with a note.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dcstudio.core.lint.catalog_report import CatalogFinding
from dcstudio.core.lint.rules import RULES
from dcstudio.core.values.atomic import atomic_write_text
from dcstudio.core.values.errors import Cancelled

CACHE_ENV = "DCSTUDIO_CACHE_DIR"
# The most bytes read of one image: the largest any profile takes (Merchant Center's 16 MB), plus one.
READ_LIMIT = 16 * 1024 * 1024 + 1
# Past this many pixels an image is not decoded here (Merchant Center's own limit is 64 MP).
DECODE_LIMIT = 64_000_000
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
TOTAL_TIMEOUT = 30.0  # for one image, however slowly it trickles in
WORKERS = 8
# When the first this many fetches all fail to connect, the network is taken for down.
OFFLINE_AFTER = 8


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


@dataclass
class ImageCheckResult:
    findings: list[CatalogFinding]
    notes: list[str]
    checked: int  # distinct image links judged
    requests: int = 0  # HTTP requests made
    cache_hits: int = 0  # answered from the cache (a 304, or offline with a cached entry)


def check_images(con, ctx, *, where_sql: str | None = None, params: Sequence = (), ids: Sequence[str] | None = None,
                 cancel: threading.Event | None = None, progress: Callable[[int, int], None] | None = None,
                 workers: int = WORKERS, cache: Path | None = None, timeout: tuple[float, float] | None = None,
                 offline_after: int = OFFLINE_AFTER) -> ImageCheckResult:
    """Fetches the ``image_link`` of each product (``where_sql`` / ``ids`` keep some of them) and
    judges each by the profile's limits (``ctx.limits``)."""
    conditions = ["regexp_matches(image_link, '^https?://[^\\s/?#]+', 'i')"]
    args: list = []
    if where_sql:
        conditions.append(f"({where_sql})")
        args.extend(params)
    if ids is not None:
        conditions.append("id IN (SELECT unnest(?::VARCHAR[]))")
        args.append([str(i) for i in ids])
    links = con.execute(
        "SELECT trim(image_link) AS url, list(row_number ORDER BY row_number), list(line ORDER BY row_number), "
        f"min(row_number) AS first FROM products WHERE {' AND '.join(conditions)} GROUP BY 1 ORDER BY first",
        args).fetchall()
    cache = cache if cache is not None else cache_dir()
    fetcher = _Fetcher(cache, timeout or (CONNECT_TIMEOUT, READ_TIMEOUT))
    results: dict[str, ImageFacts] = {}
    total = len(links)
    offline = False
    cancelled = False
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="catalog-image")
    try:
        pending: dict = {}
        queue = iter(links)
        done_count = 0
        while True:
            while len(pending) < workers * 2 and not offline:
                item = next(queue, None)
                if item is None:
                    break
                pending[pool.submit(fetcher.facts, item[0])] = item[0]
            if not pending:
                break
            finished, _ = wait(list(pending), timeout=0.1, return_when=FIRST_COMPLETED)
            if cancel is not None and cancel.is_set():
                cancelled = True
                raise Cancelled("catalog lint cancelled")
            for future in finished:
                url = pending.pop(future)
                results[url] = future.result()
                done_count += 1
                if progress:
                    progress(done_count, total)
            if not offline and len(results) >= min(offline_after, total) and \
                    all(r.status == "unreachable" for r in results.values()):
                offline = True
                for future in pending:
                    future.cancel()
                pending = {f: u for f, u in pending.items() if not f.cancelled()}
    finally:
        # Cancelled: return at once; the fetches under way end by their timeouts, unread.
        pool.shutdown(wait=not cancelled, cancel_futures=True)
    notes = []
    if offline:
        first = next(iter(results.values()), None)
        notes.append(f"images not checked: none of the first {len(results)} image links could be reached "
                     f"(offline? {first.error if first else ''})".rstrip())
        return ImageCheckResult([], notes, 0, fetcher.requests, fetcher.cache_hits)
    findings: list[CatalogFinding] = []
    for url, rows, lines, _first in links:
        facts = results.get(url)
        if facts is None:
            continue
        for rule_id, message, fix in judge(facts, url, ctx.limits):
            rule = RULES[rule_id]
            for row, line in zip(rows, lines, strict=True):
                findings.append(CatalogFinding(rule_id, rule.severity, row, line, "image_link", url[:300],
                                               message, fix, rule.source))
    hits = sum(1 for r in results.values() if r.from_cache)
    if hits:
        notes.append(f"{hits} of {len(results)} images unchanged since the last check (from the cache in {cache})")
    return ImageCheckResult(findings, notes, len(results), fetcher.requests, fetcher.cache_hits)


def judge(facts: ImageFacts, url: str, limits) -> list[tuple[str, str, str]]:
    """(rule id, message, fix) for each way ``facts`` break the profile's limits."""
    out = []
    short = url if len(url) <= 100 else url[:97] + "..."
    if facts.status == "http":
        return [("catalog.image.unreachable", f"the image {short} answers HTTP {facts.http_status}",
                 "check the link: the platform cannot fetch it either")]
    if facts.status in ("timeout", "unreachable"):
        return [("catalog.image.unreachable", f"the image {short} could not be fetched ({facts.error})",
                 "check that the server answers from outside your network")]
    most = limits.image_max_bytes
    if facts.bytes is not None and (facts.bytes > most or not facts.complete):
        size = f"{facts.bytes / 1048576:.1f} MB" + ("" if facts.complete else " or more")
        out.append(("catalog.image.file_size", f"the image {short} is {size}; {limits.name} takes at most "
                    f"{most // (1024 * 1024)} MB", f"save it smaller (at most {most // (1024 * 1024)} MB)"))
    if facts.format is None:
        if facts.complete:
            out.append(("catalog.image.broken", f"the image {short} is not an image ({facts.error or 'unknown'})",
                        "link to the image file itself, not a page"))
        return out
    if facts.format not in limits.image_formats:
        names = " or ".join(limits.image_formats)
        out.append(("catalog.image.format", f"the image {short} is {facts.format}; {limits.name} takes {names}",
                    f"save it as {limits.image_formats[0]} or {limits.image_formats[1]}"))
    side = limits.image_min_side
    if facts.width is not None and (facts.width < side or facts.height < side):
        out.append(("catalog.image.size", f"the image {short} is {facts.width}x{facts.height}; {limits.name} needs "
                    f"at least {side}x{side}", f"use an image of at least {side}x{side} pixels"))
    if facts.decodes is False:
        out.append(("catalog.image.broken", f"the image {short} does not decode ({facts.error})",
                    "save the image again: the file is cut off or damaged"))
    return out


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
                    facts.error = _short(exc)
    except Exception as exc:  # not an image Pillow knows
        facts.format = None
        facts.error = _short(exc)
    return facts


class _Fetcher:
    def __init__(self, cache: Path, timeout: tuple[float, float]):
        self.cache = cache
        self.timeout = timeout
        self.requests = 0
        self.cache_hits = 0
        self._lock = threading.Lock()
        self._local = threading.local()

    def _session(self):
        import requests

        s = getattr(self._local, "session", None)
        if s is None:
            s = self._local.session = requests.Session()
            s.headers["User-Agent"] = "dcstudio-catalog-lint"
        return s

    def _entry_path(self, url: str) -> Path:
        key = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        return self.cache / key[:2] / f"{key}.json"

    def _cached(self, url: str) -> dict | None:
        try:
            entry = json.loads(self._entry_path(url).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("url") != url or not isinstance(entry.get("facts"), dict):
            return None
        try:
            ImageFacts(**entry["facts"])
        except TypeError:
            return None
        return entry

    def _hit(self, entry: dict) -> ImageFacts:
        with self._lock:
            self.cache_hits += 1
        facts = ImageFacts(**entry["facts"])
        facts.from_cache = True
        return facts

    def facts(self, url: str) -> ImageFacts:
        import requests

        entry = self._cached(url)
        headers = {}
        if entry:
            if entry.get("etag"):
                headers["If-None-Match"] = entry["etag"]
            if entry.get("last_modified"):
                headers["If-Modified-Since"] = entry["last_modified"]
        with self._lock:
            self.requests += 1
        try:
            with self._session().get(url, headers=headers, stream=True, timeout=self.timeout,
                                     allow_redirects=True) as response:
                if response.status_code == 304 and entry:
                    return self._hit(entry)
                if response.status_code >= 400:
                    return ImageFacts("http", response.status_code)
                data, complete, size = _read_body(response)
                facts = read_facts(data, complete, size)
                facts.http_status = response.status_code
                self._store(url, response.headers.get("ETag"), response.headers.get("Last-Modified"), facts)
                return facts
        except requests.Timeout as exc:
            return self._hit(entry) if entry else ImageFacts("timeout", error=_short(exc) or "timed out")
        except (requests.ConnectionError, requests.exceptions.InvalidURL, requests.exceptions.TooManyRedirects,
                requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
            return self._hit(entry) if entry else ImageFacts("unreachable", error=_short(exc))
        except requests.RequestException as exc:
            return ImageFacts("unreachable", error=_short(exc))

    def _store(self, url: str, etag: str | None, last_modified: str | None, facts: ImageFacts) -> None:
        if not etag and not last_modified:
            return  # nothing to revalidate with: the next run fetches it again
        body = asdict(facts)
        body.pop("from_cache", None)
        path = self._entry_path(url)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, json.dumps({"url": url, "etag": etag, "last_modified": last_modified,
                                                "facts": body, "checked_at": int(time.time())}))
        except OSError:
            pass  # a read-only or full cache folder only costs the next run a download


def _read_body(response) -> tuple[bytes, bool, int]:
    """(the body, whether it is whole, its size or the bytes read before giving up)."""
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) >= READ_LIMIT:
        return b"", False, int(length)
    deadline = time.monotonic() + TOTAL_TIMEOUT
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size >= READ_LIMIT:
            return b"", False, size
        if time.monotonic() > deadline:
            import requests

            raise requests.Timeout(f"still downloading after {TOTAL_TIMEOUT:.0f} s")
    return b"".join(chunks), True, size


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
