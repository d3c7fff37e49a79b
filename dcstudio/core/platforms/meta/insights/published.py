"""The ads the studio published, read from the project's publish journals, and the join of a
report's asset to the project: through the version records the journal kept (plan_meta.py
``published_assets``), so an asset edited since shows as its earlier version."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from dcstudio.core.insights.store import AssetLink
from dcstudio.core.model.asset_versions import POOL_OF_KIND, project_records, same_version
from dcstudio.core.platforms.meta.publish.journal import Journal


@dataclass(frozen=True)
class PublishedAd:
    ad_id: str
    adset_id: str
    campaign_id: str
    publish_id: str
    records: tuple[dict, ...]  # the version record of each asset it showed (image hashes filled in)


def published_ads(folder) -> list[PublishedAd]:
    """Every ad a publish journal of the project records as created, oldest publish first."""
    out = []
    for journal in Journal.all_in(folder):
        results = journal.results()
        assets = journal.data.get("assets") or {}
        campaign = (results.get("campaign") or {}).get("id", "")
        for call_id, result in results.items():
            if not call_id.startswith("ad-") or not result.get("id"):
                continue
            n = call_id[3:]
            records = []
            for record in assets.get(n, []) if isinstance(assets, dict) else []:
                if not isinstance(record, dict):
                    continue
                record = dict(record)
                image = results.get(f"image-{record.get('id')}") or {}
                if record.get("kind") == "image" and image.get("hash"):
                    record["hash"] = image["hash"]
                records.append(record)
            out.append(PublishedAd(str(result["id"]), str((results.get(f"adset-{n}") or {}).get("id", "")),
                                   str(campaign), journal.publish_id, tuple(records)))
    return out


def _value_of(kind: str, asset: dict) -> dict:
    """What a breakdown's asset object says the asset is (Meta's shapes, reference 2a)."""
    if kind == "image":
        return {"hash": asset.get("hash", ""), "url": asset.get("url", "")}
    if kind == "video":
        return {"video_id": str(asset.get("video_id", ""))}
    if kind == "link_url":
        return {"website_url": asset.get("website_url", "")}
    if kind in ("call_to_action", "ad_format"):
        return {"type": asset.get("name", "")}
    return {"text": asset.get("text", "")}


def _matches(record: dict, kind: str, value: dict) -> bool:
    if record.get("kind") != kind:
        return False
    if kind == "image":
        return bool(value["hash"]) and record.get("hash") == value["hash"]
    field = next(iter(value))
    return bool(value[field]) and str(record.get(field, "")) == value[field]


def version_key(record: dict) -> str:
    doc = {k: v for k, v in record.items() if k not in ("id", "name")}
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:12]


def link_for(project, ad: PublishedAd | None, ad_id: str, kind: str, asset: dict) -> AssetLink:
    """The project asset a breakdown row's asset object names in ``ad``."""
    key = str(asset.get("id", ""))
    value = _value_of(kind, asset)
    shown = next(iter(value.values()), "") or key
    if kind == "ad_format":
        return AssetLink(ad_id, kind, key, None, "current", True, value["type"] or key, value)
    for record in ad.records if ad else ():
        if _matches(record, kind, value):
            current = project.find(record["id"]) if project is not None else None
            same = current is not None and POOL_OF_KIND.get(kind) == project.pool_of(record["id"]) \
                and same_version(record, current)
            name = record.get("name") or shown
            return AssetLink(ad_id, kind, key, record["id"], "current" if same else version_key(record), same,
                             name if same else f"{name} (as published)", value)
    if project is not None:  # an ad the journal does not know: the project's assets as they are now
        for record in project_records(project):
            if _matches(record, kind, value):
                return AssetLink(ad_id, kind, key, record["id"], "current", True, record["name"], value)
    return AssetLink(ad_id, kind, key, None, "current", True, str(shown)[:80], value)
