"""The insights edges of the fake Graph API: ``GET /{ad}/insights`` with one ``*_asset``
breakdown, async report runs (``POST /{ad}/insights``, ``GET /{run}``, ``GET /{run}/insights``),
the ``x-fb-ads-insights-throttle`` header and error 100/1487534 for too much data.

An ad's assets come from its creative's ``asset_feed_spec`` (an ad published to this server,
or one added with ``add_ad``). Each asset's daily figures are drawn from a random generator
seeded by the ad, asset and day, so a refetch gets the same rows; ``rates`` sets an asset's
true CTR by its value (a text, an image hash, ...).
"""
from __future__ import annotations

import hashlib
import itertools
import json
import math
import random
import threading
from datetime import date, timedelta

from tests.fake_graph.graph_state import ApiError, invalid

ALLOWED_METRICS = {"impressions", "clicks", "spend", "reach", "actions", "action_values"}
ROW_FIELDS = {"ad_id", "adset_id", "campaign_id", "account_id", "ad_name", "date_start", "date_stop"}
BREAKDOWNS = {"body_asset": "bodies", "title_asset": "titles", "description_asset": "descriptions",
              "image_asset": "images", "video_asset": "videos", "link_url_asset": "link_urls",
              "call_to_action_asset": "call_to_actions", "ad_format_asset": "ad_formats"}


def _binomial(rng: random.Random, n: int, p: float) -> int:
    """A binomial draw: exact for small n, the normal approximation above (fast for the benchmark)."""
    if n < 50:
        return sum(rng.random() < p for _ in range(n))
    return max(0, min(n, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))))


def _asset_id(kind: str, value: str) -> str:
    return str(int(hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:12], 16))


class FakeInsights:
    def __init__(self, state):
        self.state = state
        self.first_day = date(2026, 1, 1)  # the first day any ad delivered
        self.impressions_per_day = 2000  # per ad and breakdown, shared among the kind's assets
        self.rates: dict[str, float] = {}  # asset value -> true CTR
        self.conversion_rate = 0.05  # purchases per click
        self.max_rows_per_call: int | None = None  # more rows than this -> error 100/1487534
        self.throttle = [10]  # x-fb-ads-insights-throttle percent per insights answer (the last one repeats)
        self.polls_before_done = 2  # a report run answers "Job Running" this many times first
        self.page_size = 100
        self.runs: dict[str, dict] = {}
        self._ids = itertools.count(880000000000001)
        self._lock = threading.Lock()
        self.answers = 0

    # -- set-up -----------------------------------------------------------------------------
    def add_ad(self, account: str, feed: dict) -> str:
        """An ad (with its campaign, ad set and creative) made outside this test's publish."""
        with self.state.lock:
            campaign = self.state._new("campaign", account, {"name": "outside", "status": "ACTIVE"})
            adset = self.state._new("adset", account, {"name": "outside", "campaign_id": campaign["id"],
                                                       "daily_budget": "4000"})
            creative = self.state._new("creative", account, {"name": "outside", "asset_feed_spec": feed})
            ad = self.state._new("ad", account, {"name": "outside", "adset_id": adset["id"],
                                                 "creative": {"creative_id": creative["id"]}, "status": "ACTIVE"})
        return ad["id"]

    def headers(self) -> dict:
        with self._lock:
            pct = self.throttle[min(self.answers, len(self.throttle) - 1)]
            self.answers += 1
        return {"x-fb-ads-insights-throttle": json.dumps({"app_id_util_pct": pct, "acc_id_util_pct": pct // 2,
                                                          "ads_api_access_tier": "standard_access"})}

    # -- routing ------------------------------------------------------------------------------
    def is_run(self, object_id: str) -> bool:
        return object_id in self.runs

    def run_status(self, run_id: str) -> dict:
        run = self.runs[run_id]
        run["polls"] += 1
        done = run["polls"] > self.polls_before_done
        percent = 100 if done else min(99, 100 * run["polls"] // (self.polls_before_done + 1))
        return {"id": run_id, "async_status": "Job Completed" if done else "Job Running",
                "async_percent_completion": percent}

    def edge(self, method: str, object_id: str, params: dict) -> dict:
        if method == "GET" and object_id in self.runs:
            run = self.runs[object_id]
            if run["polls"] <= self.polls_before_done:
                raise invalid("The report is not ready yet")
            return self._page(run["rows"], params)
        rows = self._rows(object_id, params)
        if method == "POST":
            run_id = str(next(self._ids))
            self.runs[run_id] = {"rows": rows, "polls": 0}
            return {"report_run_id": run_id}
        return self._page(rows, params)

    def _page(self, rows: list[dict], params: dict) -> dict:
        start = int(params.get("after", "0") or 0)
        limit = min(int(params.get("limit", "25")), self.page_size)
        body = {"data": rows[start:start + limit]}
        if start + limit < len(rows):
            body["paging"] = {"cursors": {"after": str(start + limit)}, "next": "https://fake.test/next"}
        return body

    def ads_of(self, parent: str, params: dict) -> dict:
        """GET /{ad set or campaign}/ads."""
        with self.state.lock:
            adsets = self.state.objects["adset"]
            if parent not in adsets and parent not in self.state.objects["campaign"]:
                raise ApiError(100, f"Object with ID '{parent}' does not exist", subcode=33)
            ads = [{"id": a["id"], "adset_id": a["adset_id"],
                    "campaign_id": adsets.get(a["adset_id"], {}).get("campaign_id", "")}
                   for a in self.state.objects["ad"].values()
                   if parent in (a["adset_id"], adsets.get(a["adset_id"], {}).get("campaign_id"))]
        return self._page(ads, params)

    # -- the rows -----------------------------------------------------------------------------
    def _rows(self, ad_id: str, p: dict) -> list[dict]:
        ad = self.state.objects["ad"].get(ad_id)
        if ad is None:
            raise ApiError(100, f"Unsupported get request. Object with ID '{ad_id}' does not exist", subcode=33)
        breakdown = p.get("breakdowns", "")
        if "," in breakdown or breakdown not in BREAKDOWNS:
            raise invalid(f"(#100) breakdowns {breakdown!r}: give one of the *_asset breakdowns per call")
        if p.get("level") not in ("ad", "adset"):
            raise invalid("(#100) image_asset and video_asset are not available at the account level for dynamic "
                          "creative; query at the ad or ad set level")
        fields = {f for f in p.get("fields", "").split(",") if f}
        bad = fields - ALLOWED_METRICS - ROW_FIELDS
        if bad:
            raise invalid(f"(#100) {', '.join(sorted(bad))} cannot be requested with the breakdown {breakdown}")
        if p.get("time_increment") != "1":
            raise invalid("(#100) this test server answers time_increment=1 only")
        try:
            time_range = json.loads(p.get("time_range", "{}"))
            since, until = date.fromisoformat(time_range["since"]), date.fromisoformat(time_range["until"])
        except (ValueError, KeyError, TypeError):
            raise invalid("(#100) time_range must be {since, until} days") from None
        feed = self.state.objects["creative"][ad["creative"]["creative_id"]].get("asset_feed_spec", {})
        assets = self._assets(breakdown, feed)
        days = [since + timedelta(days=i) for i in range((until - since).days + 1)]
        days = [d for d in days if d >= self.first_day]
        if self.max_rows_per_call is not None and len(days) * len(assets) > self.max_rows_per_call:
            raise ApiError(100, "Please reduce the amount of data you're asking for, then retry your request",
                           subcode=1487534)
        adset = self.state.objects["adset"].get(ad["adset_id"], {})
        out = []
        for day in days:
            share = self.impressions_per_day // max(1, len(assets))
            for asset, value in assets:
                rng = random.Random(f"{ad_id}|{breakdown}|{asset['id']}|{day}")
                impressions = max(0, int(rng.gauss(share, share * 0.1)))
                rate = self.rates.get(value, 0.01 + (int(asset["id"]) % 7) * 0.001)
                clicks = _binomial(rng, impressions, rate)
                purchases = _binomial(rng, clicks, self.conversion_rate)
                row = {"ad_id": ad_id, "adset_id": ad["adset_id"], "campaign_id": adset.get("campaign_id", ""),
                       "impressions": str(impressions), "clicks": str(clicks),
                       "spend": f"{impressions * 0.005:.2f}", "reach": str(int(impressions * 0.8)),
                       "date_start": day.isoformat(), "date_stop": day.isoformat(), breakdown: asset}
                if purchases:
                    row["actions"] = [{"action_type": "offsite_conversion.fb_pixel_purchase", "value": str(purchases)}]
                    row["action_values"] = [{"action_type": "offsite_conversion.fb_pixel_purchase",
                                             "value": f"{purchases * 30:.2f}"}]
                out.append({k: v for k, v in row.items() if k in fields or k in ("date_start", "date_stop", breakdown)})
        return out

    @staticmethod
    def _assets(breakdown: str, feed: dict) -> list[tuple[dict, str]]:
        """(the breakdown's asset object as Meta shapes it, the value rates are keyed by)."""
        pool = BREAKDOWNS[breakdown]
        out = []
        if pool == "images":
            for image in feed.get("images", []):
                h = image.get("hash", "")
                out.append(({"id": _asset_id("image", h), "hash": h, "url": f"https://fake.test/{h}.jpg"}, h))
        elif pool == "videos":
            for video in feed.get("videos", []):
                v = str(video.get("video_id", ""))
                out.append(({"id": _asset_id("video", v), "video_id": v, "url": "", "thumbnail_url": "",
                             "video_name": ""}, v))
        elif pool == "link_urls":
            for link in feed.get("link_urls", []):
                u = link.get("website_url", "")
                out.append(({"id": _asset_id("link", u), "website_url": u}, u))
        elif pool == "call_to_actions":
            types = feed.get("call_to_action_types") or [c.get("type", "") for c in feed.get("call_to_actions", [])]
            out.extend(({"id": _asset_id("cta", t), "name": t}, t) for t in types)
        elif pool == "ad_formats":
            out.extend(({"id": _asset_id("format", f), "name": f}, f) for f in feed.get("ad_formats", []))
        else:
            for entry in feed.get(pool, []):
                t = entry.get("text", "")
                out.append(({"id": _asset_id(pool, t), "text": t}, t))
        return out
