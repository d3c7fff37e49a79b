"""What the publisher needs for a catalog ad's own calls: the feed file's bytes, and the set Meta
already holds when it refuses a second one with the same filter."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from dcstudio.core.values.errors import BadInputError

# "Product Catalog Product Sets": a set whose filter equals one the catalog holds is refused
# with error 10803 (reference, section 1b).
SAME_FILTER_ERROR = 10803
SET_FIELDS = "id,name,filter"


def _same_filter(have, want) -> bool:
    if isinstance(have, str):  # the Graph API answers the filter as JSON text
        try:
            have = json.loads(have)
        except ValueError:
            return False
    return have == want


def find_set_with_filter(client, path: str, wanted) -> dict | None:
    """The set of the catalog (``path``: ``<catalog id>/product_sets``) whose filter is ``wanted``."""
    for item in client.each(path, {"fields": SET_FIELDS, "limit": 200}):
        if item.get("id") and _same_filter(item.get("filter"), wanted):
            return {"id": str(item["id"])}
    return None


def _feed_source(project) -> Path:
    spec = getattr(project, "catalog", None)
    if spec is None:
        raise BadInputError("the plan uploads a feed, but the project has no catalog: publish the export bundle's "
                            "plan (--plan), whose feed/ folder holds the file")
    source = Path(spec.source)
    if not source.is_absolute() and project.folder is not None:
        source = Path(project.folder) / source
    return source


def feed_bytes(call: dict, project, plan_dir: Path | None) -> tuple[str, bytes]:
    """(the file's name, its bytes) for a feed_upload call: from the bundle's ``feed/`` folder when
    publishing a bundle, else the project's feed file; refused when it is not the file the plan
    was made from (its sha256)."""
    path = Path(plan_dir) / call["file"] if plan_dir is not None else _feed_source(project)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"{path}: the feed file cannot be read ({exc.strerror or type(exc).__name__})") from None
    if hashlib.sha256(data).hexdigest() != call["sha256"]:
        advice = ("refresh the catalog (dcstudio catalog refresh) and export again" if plan_dir is None
                  else "export the project again")
        raise BadInputError(f"{path}: the feed file is not the one the plan was made from (its sha256 differs); "
                            f"{advice}")
    return Path(call["file"]).name, data
