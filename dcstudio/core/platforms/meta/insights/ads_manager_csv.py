"""An Ads Manager export (Reports ▸ Export table data ▸ .csv) broken down by dynamic creative
asset, read into the insights store. The columns read are listed in docs/insights.md.

Such an export has no asset ids: each asset is keyed by its value (a text, an image hash, a
link), and joined to the project through the publish journal as a fetch is.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from dcstudio.core.insights.csv_input import column, day, number, read_rows
from dcstudio.core.insights.store import AdInfo, AssetDay, InsightsStore
from dcstudio.core.platforms.meta.insights.published import link_for, published_ads
from dcstudio.core.values.errors import BadInputError

# kind -> the Ads Manager column names that hold that asset (the breakdown's column), and the
# key of the breakdown object that value stands for.
ASSET_COLUMNS = {
    "image": (("Image hash", "Image", "Image, video and slideshow", "Image asset"), "hash"),
    "video": (("Video ID", "Video", "Video asset"), "video_id"),
    "title": (("Headline", "Title", "Title asset"), "text"),
    "body": (("Text", "Body", "Primary text", "Body asset"), "text"),
    "description": (("Description", "Description asset"), "text"),
    "call_to_action": (("Call to action", "Call to action type", "Call to action asset"), "name"),
    "link_url": (("Website URL", "Link URL", "Link", "Link URL asset"), "website_url"),
    "ad_format": (("Ad format", "Ad format asset"), "name"),
}
AD_COLUMNS = ("Ad ID", "Ad Id", "ad_id")
DAY_COLUMNS = ("Day", "Reporting starts", "Date")
IMPRESSIONS_COLUMNS = ("Impressions",)
CLICKS_COLUMNS = ("Clicks (all)", "Clicks", "Link clicks")
SPEND_COLUMNS = ("Amount spent (", "Amount spent", "Spend")
REACH_COLUMNS = ("Reach",)
# Result columns -> the action type they count (and the column of their value).
ACTION_COLUMNS = {"Purchases": "offsite_conversion.fb_pixel_purchase", "Website purchases":
                  "offsite_conversion.fb_pixel_purchase", "Leads": "lead", "Registrations completed":
                  "complete_registration"}
VALUE_COLUMNS = {"Purchases conversion value": "offsite_conversion.fb_pixel_purchase",
                 "Website purchases conversion value": "offsite_conversion.fb_pixel_purchase"}


@dataclass
class AdsManagerImport:
    rows: int = 0
    ads: int = 0
    kinds: tuple[str, ...] = ()

    def describe(self) -> str:
        return f"imported {self.rows} asset rows of {self.ads} ads ({', '.join(self.kinds)})"


def _key(kind: str, value: str) -> str:
    return "csv-" + hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:16]


def import_ads_manager(project, path, *, store: InsightsStore | None = None) -> AdsManagerImport:
    if project.folder is None:
        raise BadInputError("an Ads Manager import needs a saved project folder")
    header, rows = read_rows(path)
    asset_cols = {kind: (found, field) for kind, (names, field) in ASSET_COLUMNS.items()
                  if (found := column(header, names, path, kind, required=False))}
    if not asset_cols:
        raise BadInputError(f"{path}: no dynamic-creative asset column (such as 'Headline', 'Text', 'Image hash'); "
                            "export the table with Breakdown ▸ By Dynamic Creative Asset (see docs/insights.md)")
    ad_col = column(header, AD_COLUMNS, path, "ad id")
    day_col = column(header, DAY_COLUMNS, path, "day (Breakdown ▸ By Time ▸ Day)")
    imp_col = column(header, IMPRESSIONS_COLUMNS, path, "impressions")
    clk_col = column(header, CLICKS_COLUMNS, path, "clicks")
    spend_col = column(header, SPEND_COLUMNS, path, "amount spent", required=False)
    reach_col = column(header, REACH_COLUMNS, path, "reach", required=False)
    actions = {c: t for c, t in ACTION_COLUMNS.items() if c in header}
    values = {c: t for c, t in VALUE_COLUMNS.items() if c in header}
    known = {ad.ad_id: ad for ad in published_ads(project.folder)}
    merged: dict[tuple, list] = {}
    links = {}
    for line, row in rows:
        filled = [(kind, col, field) for kind, (col, field) in asset_cols.items() if row.get(col)]
        if not filled:
            continue  # a total or a row of another breakdown
        if len(filled) > 1:
            raise BadInputError(f"{path}, line {line}: holds {', '.join(c for _, c, _ in filled)}: an asset "
                                "breakdown row names one asset")
        kind, col, field = filled[0]
        ad_id = row.get(ad_col, "").strip()
        if not ad_id.isdigit():
            raise BadInputError(f"{path}, line {line}: {ad_col} {ad_id!r} is not an ad id (digits)")
        when = day(row.get(day_col, ""), path, line, day_col)
        value = row[col]
        key = _key(kind, value)
        acts: dict[str, float] = defaultdict(float)
        for c, t in actions.items():
            acts[t] += number(row.get(c, ""), path, line, c, integer=False)
        vals: dict[str, float] = defaultdict(float)
        for c, t in values.items():
            vals[t] += number(row.get(c, ""), path, line, c, integer=False)
        figures = [number(row.get(imp_col, ""), path, line, imp_col), number(row.get(clk_col, ""), path, line, clk_col),
                   number(row.get(spend_col, ""), path, line, spend_col, integer=False) if spend_col else 0.0,
                   number(row.get(reach_col, ""), path, line, reach_col) if reach_col else None, acts, vals]
        slot = (ad_id, kind, key, when)
        if slot in merged:  # the same asset twice in a day (an export split by placement): summed
            old = merged[slot]
            figures = [old[0] + figures[0], old[1] + figures[1], old[2] + figures[2], None,
                       {t: old[4].get(t, 0) + acts.get(t, 0) for t in {*old[4], *acts}},
                       {t: old[5].get(t, 0) + vals.get(t, 0) for t in {*old[5], *vals}}]
        merged[slot] = figures
        if (ad_id, kind, key) not in links:
            links[(ad_id, kind, key)] = link_for(project, known.get(ad_id), ad_id, kind, {"id": key, field: value})
    store = store or InsightsStore.for_project(project.folder)
    ads = sorted({slot[0] for slot in merged})
    store.put_ads(AdInfo(a, known[a].adset_id if a in known else "", known[a].campaign_id if a in known else "",
                         publish_id=known[a].publish_id if a in known else "", source="ads-manager")
                  for a in ads)
    store.link_assets(links.values())
    n = store.upsert([AssetDay(*slot, int(f[0]), int(f[1]), float(f[2]), f[3], dict(f[4]), dict(f[5]))
                      for slot, f in merged.items()], source=f"ads-manager:{path}")
    return AdsManagerImport(n, len(ads), tuple(sorted({slot[1] for slot in merged})))
