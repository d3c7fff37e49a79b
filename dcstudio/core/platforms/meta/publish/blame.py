"""From what the server names (a blamed field path, an asset's text or image hash) back to the
asset in the project, so an error or a rejection is shown where the user can fix it."""
from __future__ import annotations

FEED_POOLS = {"titles": "titles", "bodies": "bodies", "descriptions": "descriptions", "images": "images",
              "videos": "videos", "link_urls": "link_urls", "call_to_action_types": "call_to_actions"}


def _walk(value, path):
    """The value at a blamed path such as ["asset_feed_spec", "bodies", 1]; None if absent."""
    for step in path:
        if isinstance(value, list) and str(step).isdigit() and int(step) < len(value):
            value = value[int(step)]
        elif isinstance(value, dict) and step in value:
            value = value[step]
        else:
            return None
    return value


def describe_asset(project, pool: str, asset) -> str:
    what = getattr(asset, "display_name", asset.id)
    if len(what) > 60:
        what = what[:57] + "..."
    return f"{pool} asset {asset.id} ({what})"


class AssetIndex:
    """Finds project assets by the values that go to Meta."""

    def __init__(self, project, image_hashes: dict[str, str] | None = None):
        """``image_hashes``: Meta image hash -> image asset id."""
        self.project = project
        self.image_hashes = dict(image_hashes or {})

    def by_value(self, pool: str, item) -> str | None:
        project = self.project
        if project is None:
            return None
        assets = project.pools.get(pool, [])
        if pool == "images":
            key = item.get("hash") if isinstance(item, dict) else item
            found = project.find(self.image_hashes.get(key, ""))
            return describe_asset(project, pool, found) if found else None
        if pool == "call_to_actions":
            match = next((a for a in assets if a.type == item), None)
        elif pool == "link_urls":
            url = item.get("website_url") if isinstance(item, dict) else item
            match = next((a for a in assets if a.website_url == url), None)
        elif pool == "videos":
            vid = item.get("video_id") if isinstance(item, dict) else item
            match = next((a for a in assets if a.video_id == vid), None)
        else:
            text = item.get("text") if isinstance(item, dict) else item
            match = next((a for a in assets if a.text == text), None)
        return describe_asset(project, pool, match) if match else None

    def by_text(self, text: str) -> str | None:
        if self.project is None:
            return None
        for pool in ("titles", "bodies", "descriptions"):
            found = self.by_value(pool, text)
            if found:
                return found
        return None

    def blamed(self, params: dict, spec: list) -> str:
        """'asset_feed_spec.bodies[1].text -> bodies asset body2 (Free shipping)'."""
        path = ".".join(str(s) if not isinstance(s, int) else f"[{s}]" for s in spec).replace(".[", "[")
        if len(spec) >= 3 and spec[0] == "asset_feed_spec" and spec[1] in FEED_POOLS:
            index = spec[2] if isinstance(spec[2], int) else int(spec[2]) if str(spec[2]).isdigit() else None
            if index is not None:
                item = _walk(params, ["asset_feed_spec", spec[1], index])
                found = self.by_value(FEED_POOLS[spec[1]], item) if item is not None else None
                if found:
                    return f"{path} -> {found}"
        elif len(spec) == 2 and spec[0] == "asset_feed_spec" and spec[1] in FEED_POOLS:
            return f"{path} -> the {FEED_POOLS[spec[1]].replace('_', ' ')} pool"
        return path
