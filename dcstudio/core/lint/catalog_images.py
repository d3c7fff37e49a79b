"""The product images of a catalog, fetched and judged: size, bytes, format, whether they decode.

Each distinct ``image_link`` is fetched once, several at a time, with timeouts, through the
catalog's image cache (``catalog/image_cache.py``: the server's ETag and Last-Modified, so the
next run asks "changed?" and reads the answer from the cache on a 304). The cache holds facts,
not verdicts: each profile judges them by its own limits here.

Offline (no image could be reached and none was cached) the check is skipped with a note.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from dcstudio.core.catalog.image_cache import (  # noqa: F401  (read_facts, ImageCache: this module's API before the move)
    CONNECT_TIMEOUT,
    READ_TIMEOUT,
    ImageCache,
    ImageFacts,
    ImageFetcher,
    cache_dir,
    read_facts,
)
from dcstudio.core.lint.catalog_report import CatalogFinding
from dcstudio.core.lint.rules import RULES
from dcstudio.core.values.errors import Cancelled

WORKERS = 8
# When the first this many fetches all fail to connect, the network is taken for down.
OFFLINE_AFTER = 8


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
    fetcher = ImageFetcher(cache, timeout or (CONNECT_TIMEOUT, READ_TIMEOUT))
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
