"""What identifies an asset as shown in an ad: the value a platform's asset report can name
(a text, an image's file digest or ad-account hash, a video id, a link, a call-to-action type).

The publish journal keeps these records as each ad was published; the insights join a report's
rows to them, so an asset edited since it was published is still known as its earlier version
(``same_version`` is False) and never merged with the new text.
"""
from __future__ import annotations

from dcstudio.core.model.assets import POOLS

# Pool -> the kind an asset report uses (Meta's *_asset breakdowns, without the suffix).
KIND_OF_POOL = {"images": "image", "videos": "video", "titles": "title", "bodies": "body",
                "descriptions": "description", "call_to_actions": "call_to_action", "link_urls": "link_url"}
POOL_OF_KIND = {kind: pool for pool, kind in KIND_OF_POOL.items()}
_VALUE_FIELDS = {"image": ("sha256",), "video": ("video_id",), "title": ("text",), "body": ("text",),
                 "description": ("text",), "call_to_action": ("type",), "link_url": ("website_url",)}


def version_record(pool: str, asset, remote: dict | None = None) -> dict:
    """{"id", "kind", <value fields>, "name"}: the asset as a report could name it. ``remote``:
    the ad-account hash or URL of an image known only by them."""
    if pool not in POOLS:
        raise KeyError(f"unknown pool {pool!r}")
    kind = KIND_OF_POOL[pool]
    record = {"id": asset.id, "kind": kind, "name": asset.display_name}
    for name in _VALUE_FIELDS[kind]:
        value = getattr(asset, name, None)
        if value:
            record[name] = value
    if remote and remote.get("hash"):
        record["hash"] = remote["hash"]
    return record


def same_version(record: dict, current) -> bool:
    """Whether ``current`` (the project's asset now) still shows what ``record`` says was shown."""
    fields = _VALUE_FIELDS.get(record.get("kind", ""), ())
    return bool(fields) and all((getattr(current, name, None) or "") == (record.get(name) or "") for name in fields)


def project_records(project) -> list[dict]:
    """The record of every asset of the project as it is now."""
    return [version_record(pool, asset, project.remote_images.get(asset.id)) for pool, asset in project.assets()]
