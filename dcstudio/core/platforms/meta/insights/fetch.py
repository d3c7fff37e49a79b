"""Fetching Meta's asset breakdowns into the project's insights store.

One call per ad and per ``*_asset`` breakdown (Meta allows one asset dimension per call), with
only the metrics those breakdowns allow, ``time_increment=1``, at the ad level (image and video
breakdowns are not offered at the account level for dynamic creative). A range longer than
``ASYNC_AFTER_DAYS`` runs as an async report (create, poll ``async_status`` and
``async_percent_completion``, read its pages). Error 100/1487534 ("too much data") halves the
date range and tries again. ``x-fb-ads-insights-throttle`` and the usage headers slow the
fetch down before Meta blocks it. Each call's rows replace what its range covered.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date, timedelta

from dcstudio.core.insights.days import check_day, day_span, halves
from dcstudio.core.insights.store import AdInfo, AssetDay, InsightsStore, now_text
from dcstudio.core.platforms.meta.insights.published import PublishedAd, link_for, published_ads
from dcstudio.core.platforms.meta.publish.client import GraphClient
from dcstudio.core.platforms.meta.publish.graph_errors import GraphError
from dcstudio.core.values.errors import BadInputError, Cancelled, DcError

BREAKDOWNS = ("body_asset", "title_asset", "image_asset", "video_asset", "description_asset",
              "call_to_action_asset", "link_url_asset", "ad_format_asset")
# The only metrics Meta allows with an asset breakdown (reference 2a), plus the row's ids and days.
METRICS = ("impressions", "clicks", "spend", "reach", "actions", "action_values")
FIELDS = ("ad_id", "adset_id", "campaign_id", *METRICS, "date_start", "date_stop")
TOO_MUCH_DATA = (100, 1487534)
ASYNC_AFTER_DAYS = 31
POLL_SECONDS = 1.0
MAX_POLLS = 600
THROTTLE_SLOW = 75.0  # percent of the insights throttle at which calls are spaced out
THROTTLE_STOP = 95.0  # ... and at which the fetch pauses a full minute
PAGE_LIMIT = 500
DEFAULT_DAYS = 28
WORKERS = 4  # calls in flight at once: an async report's wait overlaps the others' reading


class InsightsJobFailed(DcError):
    """An async report run ended in "Job Failed" or "Job Skipped"."""


@dataclass(frozen=True)
class Targets:
    """What to fetch: ad, ad set or campaign ids; all empty = the ads of the publish journals."""

    ads: tuple[str, ...] = ()
    adsets: tuple[str, ...] = ()
    campaigns: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = [f"{k} {', '.join(v)}" for k, v in (("ad", self.ads), ("ad set", self.adsets),
                                                   ("campaign", self.campaigns)) if v]
        return "; ".join(parts) or "the ads of the publish journals"


@dataclass
class FetchReport:
    ads: int = 0
    calls: int = 0
    rows: int = 0
    async_runs: int = 0
    halvings: int = 0
    throttle_pauses: int = 0
    since: str = ""
    until: str = ""
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        text = (f"fetched {self.rows} asset rows of {self.ads} ads, {self.since} to {self.until}, in {self.calls} "
                f"calls")
        extra = [f"{self.async_runs} async reports"] if self.async_runs else []
        if self.halvings:
            extra.append(f"{self.halvings} ranges halved (too much data)")
        if self.throttle_pauses:
            extra.append(f"{self.throttle_pauses} pauses for the insights throttle")
        return text + (f" ({', '.join(extra)})" if extra else "")


def default_range(today: date | None = None) -> tuple[str, str]:
    today = today or date.today()
    return (today - timedelta(days=DEFAULT_DAYS)).isoformat(), today.isoformat()


Progress = Callable[[int, int, str], None]


class InsightsFetcher:
    def __init__(self, client: GraphClient, store: InsightsStore, project=None, *,
                 progress: Progress | None = None, cancel: threading.Event | None = None,
                 sleep: Callable[[float], None] | None = None, poll_seconds: float = POLL_SECONDS,
                 workers: int = WORKERS):
        self.workers = max(1, workers)
        self._lock = threading.RLock()  # the report's counters and the progress callback
        self._failed = threading.Event()  # one call group failed: the others stop too
        self.client = client
        self.store = store
        self.project = project
        self.progress = progress or (lambda done, total, message: None)
        self.cancel = cancel or client.cancel
        self._sleep = sleep
        self.poll_seconds = poll_seconds
        self.report = FetchReport()

    # -- plumbing ---------------------------------------------------------------------------
    def _pause(self, seconds: float) -> None:
        if self._sleep is not None:
            self._sleep(seconds)
        else:
            self.cancel.wait(seconds)
        self._check()

    def _check(self) -> None:
        if self.cancel.is_set() or self._failed.is_set():
            raise Cancelled("insights fetch cancelled")

    def _count(self, name: str, n: int = 1) -> None:
        with self._lock:
            setattr(self.report, name, getattr(self.report, name) + n)

    def _call(self, method: str, path: str, params: dict) -> dict:
        self._check()
        answer = self.client.request(method, path, params)
        self._count("calls")
        self._throttle()
        return answer

    def _throttle(self) -> None:
        usage = self.client.usage
        pct = usage.insights_percent if usage is not None and usage.insights_percent is not None else 0.0
        peak = max(pct, usage.peak_percent if usage is not None else 0.0)
        if peak >= THROTTLE_STOP:
            self._count("throttle_pauses")
            self.client.notify(f"insights throttle at {peak:.0f}%: pausing 60 s so Meta does not block the fetch")
            self._pause(60.0)
        elif peak >= THROTTLE_SLOW:
            self._count("throttle_pauses")
            self._pause(2.0 * (peak - THROTTLE_SLOW + 1) / (THROTTLE_STOP - THROTTLE_SLOW))

    # -- what to fetch ----------------------------------------------------------------------
    def ads_of(self, targets: Targets) -> list[tuple[str, PublishedAd | None, AdInfo]]:
        known = {ad.ad_id: ad for ad in published_ads(self.project.folder)} if self.project is not None \
            and self.project.folder else {}
        if not (targets.ads or targets.adsets or targets.campaigns):
            return [(a.ad_id, a, AdInfo(a.ad_id, a.adset_id, a.campaign_id, publish_id=a.publish_id))
                    for a in known.values()]
        ids = list(targets.ads)
        for parent in (*targets.adsets, *targets.campaigns):
            for items, more in self.client.pages(f"{parent}/ads", {"fields": "id,adset_id,campaign_id",
                                                                  "limit": 100}):
                self.report.calls += 1
                ids.extend(str(item["id"]) for item in items if item.get("id"))
                if not items and more:
                    break
        seen, out = set(), []
        for ad_id in ids:
            if ad_id not in seen:
                seen.add(ad_id)
                ad = known.get(ad_id)
                out.append((ad_id, ad, AdInfo(ad_id, ad.adset_id if ad else "", ad.campaign_id if ad else "",
                                              publish_id=ad.publish_id if ad else "")))
        return out

    # -- one breakdown over one range -------------------------------------------------------
    def _params(self, breakdown: str, since: str, until: str) -> dict:
        return {"level": "ad", "breakdowns": breakdown, "fields": ",".join(FIELDS), "time_increment": 1,
                "time_range": {"since": since, "until": until}, "limit": PAGE_LIMIT}

    def _rows(self, ad_id: str, breakdown: str, since: str, until: str) -> list[dict]:
        try:
            if day_span(since, until) > ASYNC_AFTER_DAYS:
                return self._async_rows(ad_id, breakdown, since, until)
            return self._read_pages(f"{ad_id}/insights", self._params(breakdown, since, until))
        except GraphError as exc:
            if (exc.code, exc.subcode) != TOO_MUCH_DATA or since == until:
                raise
        self._count("halvings")
        self.client.notify(f"{ad_id} {breakdown}: too much data for {since}..{until}; halving the range")
        (first_since, first_until), (second_since, second_until) = halves(since, until)
        return (self._rows(ad_id, breakdown, first_since, first_until)
                + self._rows(ad_id, breakdown, second_since, second_until))

    def _read_pages(self, path: str, params: dict) -> list[dict]:
        out: list[dict] = []
        params = dict(params)
        while True:
            page = self._call("GET", path, params)
            out.extend(x for x in page.get("data", []) if isinstance(x, dict))
            paging = page.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not (after and paging.get("next")) or not page.get("data"):
                return out
            params["after"] = after

    def _async_rows(self, ad_id: str, breakdown: str, since: str, until: str) -> list[dict]:
        run = self._call("POST", f"{ad_id}/insights", self._params(breakdown, since, until))
        run_id = str(run.get("report_run_id") or run.get("id") or "")
        if not run_id:
            raise BadInputError(f"{ad_id}/insights: the async report answer holds no report_run_id")
        self._count("async_runs")
        for _ in range(MAX_POLLS):
            status = self._call("GET", run_id, {"fields": "async_status,async_percent_completion"})
            state = str(status.get("async_status", ""))
            if state == "Job Completed" and int(status.get("async_percent_completion", 0) or 0) >= 100:
                return self._read_pages(f"{run_id}/insights", {"limit": PAGE_LIMIT})
            if state in ("Job Failed", "Job Skipped"):
                raise InsightsJobFailed(f"{ad_id} {breakdown}: Meta's async report {run_id} ended in {state!r}; "
                                        "fetch again later, or a shorter range")
            self._pause(self.poll_seconds)
        raise InsightsJobFailed(f"{ad_id} {breakdown}: the async report {run_id} did not finish in "
                                f"{MAX_POLLS} polls; fetch again later")

    # -- the whole fetch ----------------------------------------------------------------------
    def fetch(self, targets: Targets, since: str, until: str,
              breakdowns: Sequence[str] = BREAKDOWNS) -> FetchReport:
        since, until = check_day(since, "--since"), check_day(until, "--until")
        if since > until:
            raise BadInputError(f"--since {since} is after --until {until}")
        started = now_text()
        report = self.report
        report.since, report.until = since, until
        ads = self.ads_of(targets)
        if not ads:
            raise BadInputError("no ads to fetch: the project's publish journals record none; publish first, or "
                                "give --ad, --adset or --campaign")
        report.ads = len(ads)
        self.store.put_ads(info for _, _, info in ads)
        jobs = [(ad_id, published, breakdown) for ad_id, published, _info in ads for breakdown in breakdowns]
        total, done = len(jobs), [0]

        def one(job) -> None:
            ad_id, published, breakdown = job
            kind = breakdown.removesuffix("_asset")
            raw = self._rows(ad_id, breakdown, since, until)
            rows, links = [], {}
            for item in raw:
                asset = item.get(breakdown)
                if not isinstance(asset, dict) or not item.get("date_start"):
                    continue
                key = str(asset.get("id", ""))
                if key not in links:
                    links[key] = link_for(self.project, published, ad_id, kind, asset)
                rows.append(_asset_day(ad_id, kind, key, item))
            self.store.link_assets(links.values())
            self._count("rows", self.store.replace_range(ad_id, kind, since, until, rows, source="meta"))
            with self._lock:
                done[0] += 1
                self.progress(done[0], total, f"{ad_id} {breakdown}")

        self.progress(0, total, "starting")
        with ThreadPoolExecutor(self.workers, thread_name_prefix="insights") as pool:
            futures = [pool.submit(one, job) for job in jobs]
            finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
            if any(f.exception() for f in finished):
                self._failed.set()  # the calls not yet sent are not sent
            wait(futures)
        errors = [f.exception() for f in futures if f.exception() is not None]
        first = next((e for e in errors if not isinstance(e, Cancelled)), errors[0] if errors else None)
        if first is not None:
            raise first
        self.progress(total, total, "done")
        self.store.record_fetch(started=started, since=since, until=until, what=targets.describe(),
                                calls=report.calls, rows=report.rows)
        return report


def _count(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def _by_type(items) -> dict:
    out: dict[str, float] = {}
    for entry in items if isinstance(items, list) else []:
        if isinstance(entry, dict) and entry.get("action_type"):
            try:
                out[str(entry["action_type"])] = out.get(str(entry["action_type"]), 0) + float(entry.get("value", 0))
            except (TypeError, ValueError):
                continue
    return out


def _asset_day(ad_id: str, kind: str, key: str, item: dict) -> AssetDay:
    try:
        spend = float(item.get("spend", 0) or 0)
    except (TypeError, ValueError):
        spend = 0.0
    reach = item.get("reach")
    return AssetDay(ad_id, kind, key, str(item["date_start"])[:10], _count(item.get("impressions")),
                    _count(item.get("clicks")), spend, _count(reach) if reach is not None else None,
                    _by_type(item.get("actions")), _by_type(item.get("action_values")))


def fetch_insights(project, client: GraphClient, *, targets: Targets = Targets(), since: str | None = None,
                   until: str | None = None, progress: Progress | None = None,
                   cancel: threading.Event | None = None, store: InsightsStore | None = None,
                   sleep: Callable[[float], None] | None = None, poll_seconds: float = POLL_SECONDS,
                   workers: int = WORKERS) -> FetchReport:
    """Fetches every asset breakdown of the target ads into the project's insights store.
    ``progress(done, total, what)`` after each ad and breakdown (from the worker threads, one at
    a time); ``cancel`` stops before the next call or pause."""
    if project is None or project.folder is None:
        raise BadInputError("insights fetch needs a saved project folder")
    default_since, default_until = default_range()
    store = store or InsightsStore.for_project(project.folder)
    fetcher = InsightsFetcher(client, store, project, progress=progress, cancel=cancel, sleep=sleep,
                              poll_seconds=poll_seconds, workers=workers)
    return fetcher.fetch(targets, since or default_since, until or default_until)
