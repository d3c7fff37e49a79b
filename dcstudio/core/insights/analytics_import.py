"""An analytics export (GA4's, or any tool's) keyed by the url_tags the studio wrote, read into
per-combination conversions that Meta does not report.

Meta appends the url_tags of every asset shown to the clicked link (model/templates.py), so a
session's landing parameters name the image, headline, text... of the combination it came
from. Each asset's expected parameters are made from the project's url_tags template and the
asset's own url_tags exactly as the export made them; a row whose parameter columns match one
asset of a kind names that asset. The column mapping is in docs/insights.md.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from dcstudio.core.insights.csv_input import column, day, number, read_rows
from dcstudio.core.insights.store import CombinationDay, InsightsStore
from dcstudio.core.model.templates import ASSET_KINDS, asset_url_tags
from dcstudio.core.values.errors import BadInputError

_DATE_MARK = "\u0000DAY\u0000"
# GA4's names (the export's column header, and the Data API's dimension name) for the UTM parameters.
GA4_COLUMNS = {
    "utm_content": ("Session manual ad content", "sessionManualAdContent", "First user manual ad content",
                    "Manual ad content"),
    "utm_term": ("Session manual term", "sessionManualTerm", "First user manual term", "Manual term"),
    "utm_campaign": ("Session campaign", "sessionCampaignName", "Session manual campaign name", "Campaign"),
    "utm_source": ("Session source", "sessionSource", "Session manual source"),
    "utm_medium": ("Session medium", "sessionMedium", "Session manual medium"),
    "utm_id": ("Session manual campaign ID", "sessionManualCampaignId"),
}
DATE_COLUMNS = ("Date", "date", "Day")
SESSIONS_COLUMNS = ("Sessions", "sessions")
CONVERSIONS_COLUMNS = ("Key events", "keyEvents", "Conversions", "conversions", "Purchases", "Transactions")
REVENUE_COLUMNS = ("Total revenue", "totalRevenue", "Purchase revenue", "purchaseRevenue", "Revenue")


class _AnyDay(datetime):
    """A time whose day is a mark: a url_tags {date} the export filled in becomes a pattern."""

    def strftime(self, fmt):
        return _DATE_MARK


@dataclass
class AnalyticsImport:
    rows: int = 0
    matched: int = 0
    unmatched: int = 0
    ambiguous: int = 0
    combinations: int = 0
    sessions: int = 0
    conversions: int = 0
    parameters: dict[str, str] = field(default_factory=dict)  # url_tags key -> the column it was read from

    def describe(self) -> str:
        return (f"imported {self.rows} analytics rows: {self.matched} named a combination ({self.combinations} "
                f"combinations, {self.sessions} sessions, {self.conversions} conversions), {self.unmatched} named "
                f"no asset of the project" + (f", {self.ambiguous} could not be told apart" if self.ambiguous else ""))


def expected_tags(project) -> dict[str, list[tuple[str, str, re.Pattern]]]:
    """Asset id -> [(its kind, url_tags key, the value pattern)] as the export wrote them."""
    out: dict[str, list] = {}
    for pool, kind in ASSET_KINDS.items():
        for asset in project.pools.get(pool, []):
            tags = asset_url_tags(project, pool, asset, _AnyDay(2000, 1, 1))
            pairs = []
            for part in filter(None, tags.split("&")):
                key, _, value = part.partition("=")
                if key and value:
                    pattern = re.escape(value).replace(re.escape(_DATE_MARK), r"\d{4}-\d{2}-\d{2}")
                    pairs.append((kind, key, re.compile(pattern, re.IGNORECASE)))
            if pairs:
                out[asset.id] = pairs
    return out


def import_analytics(project, path, *, store: InsightsStore | None = None) -> AnalyticsImport:
    if project.folder is None:
        raise BadInputError("an analytics import needs a saved project folder")
    tags = expected_tags(project)
    if not tags:
        raise BadInputError("the project's url_tags name no asset (Export settings: a url_tags template such as "
                            "utm_content={image}&utm_term={title}), so an analytics export cannot tell combinations "
                            "apart")
    header, rows = read_rows(path)
    keys = sorted({key for pairs in tags.values() for _, key, _ in pairs})
    columns = {}
    for key in keys:
        found = column(header, (key, *GA4_COLUMNS.get(key, ())), path, key, required=False)
        if found:
            columns[key] = found
    if not columns:
        raise BadInputError(f"{path}: no column holds the url_tags parameters the studio wrote ("
                            + ", ".join(keys) + "); see docs/insights.md for the names read")
    date_col = column(header, DATE_COLUMNS, path, "date")
    sessions_col = column(header, SESSIONS_COLUMNS, path, "sessions")
    conv_col = column(header, CONVERSIONS_COLUMNS, path, "conversions (key events)")
    revenue_col = column(header, REVENUE_COLUMNS, path, "revenue", required=False)
    report = AnalyticsImport(parameters=columns)
    totals: dict[tuple, list] = defaultdict(lambda: [0, 0, 0.0])
    for line, row in rows:
        report.rows += 1
        when = day(row.get(date_col, ""), path, line, date_col)
        sessions = number(row.get(sessions_col, ""), path, line, sessions_col)
        conversions = number(row.get(conv_col, ""), path, line, conv_col, integer=False)
        revenue = number(row.get(revenue_col, ""), path, line, revenue_col, integer=False) if revenue_col else 0.0
        by_kind: dict[str, list[str]] = defaultdict(list)
        for asset_id, pairs in tags.items():
            if all(key in columns and pattern.fullmatch(row.get(columns[key], "")) for _, key, pattern in pairs):
                by_kind[pairs[0][0]].append(asset_id)
        if not by_kind:
            report.unmatched += 1
            continue
        if any(len(ids) > 1 for ids in by_kind.values()):
            report.ambiguous += 1
            continue
        combo = tuple(sorted(ids[0] for ids in by_kind.values()))
        t = totals[(combo, when)]
        t[0] += int(sessions)
        t[1] += int(round(conversions))
        t[2] += revenue
        report.matched += 1
        report.sessions += int(sessions)
        report.conversions += int(round(conversions))
    store = store or InsightsStore.for_project(project.folder)
    store.put_combinations((CombinationDay(c, d, *t) for (c, d), t in totals.items()), source=f"analytics:{path}")
    report.combinations = len({c for c, _ in totals})
    return report
