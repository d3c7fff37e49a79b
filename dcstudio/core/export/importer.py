"""``import_spec``: a project from an asset_feed_spec, a creative, or an export's plan.json.

Accepted files (JSON objects):
- an ``asset_feed_spec`` (keys such as ad_formats, images, titles, link_urls);
- a creative as ``GET /<creative_id>?fields=asset_feed_spec`` returns it (``{"asset_feed_spec":
  {...}, "id": ...}``, perhaps with name, object_story_spec, degrees_of_freedom_spec);
- a bundle's ``plan.json``: the whole project comes back from the ``dcstudio-project.json`` next
  to it with the images of ``images/``; a plan alone is rebuilt from its calls (settings, feeds,
  and exclusions read back from how the ad sets split the pool).

An image given by hash or URL has no file: it becomes a placeholder, an ordinary image asset
whose file is missing (so the window lists it for relinking and the linter flags it) plus an
entry in ``project.remote_images`` that keeps the hash or URL. Until relinked, an export sends
that hash or URL as it is instead of uploading.
"""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from itertools import combinations
from pathlib import Path

from dcstudio.core.errors import BadInputError
from dcstudio.core.export.plan_meta import META_KEY, apply_templates, currency_code, read_plan_metadata
from dcstudio.core.export.spec_reader import (FEED_KEYS, feed_into_project, plan_campaign_settings,
                                              plan_feeds)
from dcstudio.core.images import sha256_file
from dcstudio.core.project import Project
from dcstudio.core.project_folder import project_file, save_project
from dcstudio.core.project_format import PROJECT_FILE, project_from_dict

PROJECT_COPY = "dcstudio-project.json"


class CurrencyNeeded(BadInputError):
    """A plan.json that does not say its budgets' currency, imported without one given."""


def read_json(path: Path) -> dict:
    if not path.is_file():
        raise BadInputError(f"{path}: file not found" if not path.exists() else f"{path}: is not a file")
    raw = path.read_bytes()
    if not raw.strip():
        raise BadInputError(f"{path}: the file is empty")
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BadInputError(f"{path}: is not UTF-8 text (not a JSON file)") from None
    except json.JSONDecodeError as exc:
        raise BadInputError(f"{path}: is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(doc, dict):
        raise BadInputError(f"{path}: must hold a JSON object (an asset_feed_spec, a creative or a plan.json), "
                            f"not a {type(doc).__name__}")
    return doc


def kind_of(doc: dict, path) -> str:
    if "plan_version" in doc:
        return "plan"
    if "asset_feed_spec" in doc:
        return "creative"
    if "data" in doc and isinstance(doc["data"], list) and doc["data"] and isinstance(doc["data"][0], dict) \
            and "asset_feed_spec" in doc["data"][0]:
        return "creative-list"
    if FEED_KEYS & set(doc):
        return "feed"
    keys = ", ".join(sorted(doc)[:8]) or "none"
    raise BadInputError(f"{path}: is not an asset_feed_spec, a creative (GET /<id>?fields=asset_feed_spec) or a "
                        f"dcstudio plan.json: its keys are {keys}")


def _target(dest) -> Path:
    dest = Path(dest)
    if dest.is_file():
        raise BadInputError(f"{dest}: is a file; give a folder for the new project")
    if (dest / PROJECT_FILE).exists():
        raise BadInputError(f"{dest}: already holds a project; choose a new folder")
    dest.mkdir(parents=True, exist_ok=True)
    return dest


def import_spec(source, dest, *, currency: str | None = None, notes: list | None = None) -> Project:
    """Reads ``source`` and saves a new project in the folder ``dest``. Returns the project.
    ``notes`` gets a line for each thing the project cannot hold and the import left out.

    ``currency``: the ad account's, for a plan.json that does not say it (plans written before
    dcstudio recorded it, or by hand); such a plan is refused without it (CurrencyNeeded)."""
    source = Path(source)
    doc = read_json(source)
    kind = kind_of(doc, source)
    if currency is not None:
        currency = currency_code(currency, "--currency")
        if kind != "plan":
            raise BadInputError(f"{source}: --currency is for a plan.json (whose budgets are in minor units); "
                                "a feed or creative holds no budget")
    created = not Path(dest).exists()
    dest = _target(dest)
    try:
        return _import(doc, kind, source, dest, currency, notes)
    except BaseException:
        if created:  # a refused file leaves no half-made project behind
            shutil.rmtree(dest, ignore_errors=True)
        raise


def _import(doc: dict, kind: str, source: Path, dest: Path, currency: str | None, notes: list | None) -> Project:
    if kind == "plan":
        return _import_plan(doc, source, dest, currency, notes)
    if kind == "creative-list":
        doc = doc["data"][0]
    if kind in ("creative", "creative-list"):
        feed, creative = doc["asset_feed_spec"], doc
        if not isinstance(feed, dict):
            raise BadInputError(f"{source}: asset_feed_spec must be a JSON object")
    else:
        feed, creative = doc, {}
    name = creative.get("name") or source.stem.replace("_", " ")
    project = Project(str(name)[:200] or "Imported", folder=dest)
    feed_into_project(project, [feed], creative, source, base=source.parent, field="asset_feed_spec"
                      if creative else "", notes=notes)
    save_project(project)
    return project


def _import_plan(plan: dict, source: Path, dest: Path, currency: str | None, notes: list | None) -> Project:
    meta = read_plan_metadata(plan, source)
    copy = source.parent / PROJECT_COPY
    if copy.is_file():
        return _restore_bundle(plan, source, copy, dest, _agreed(meta.currency, currency, source))
    calls = plan.get("calls")
    if not isinstance(calls, list) or not all(isinstance(c, dict) for c in calls):
        raise BadInputError(f"{source}: calls: must be a list of call objects")
    currency = _agreed(meta.currency, currency, source)
    if currency is None:
        raise CurrencyNeeded(f"{source}: {META_KEY}.currency: the plan does not say the currency of its "
                             "budgets (it was written by hand or by an older dcstudio), and a budget in minor "
                             "units means 100 times more in JPY than in USD: give the ad account's currency "
                             "with --currency, e.g. --currency USD")
    project = Project(str(plan.get("project") or source.stem)[:200], folder=dest)
    plan_campaign_settings(project, plan, source, currency)
    feeds, creative = plan_feeds(plan, source)
    per_feed_ids = feed_into_project(project, feeds, creative, source, base=source.parent,
                                     field="calls", files=_plan_files(plan), labels=meta.labels, notes=notes)
    apply_templates(project, meta, feeds, _created(plan))
    _exclusions_from_feeds(project, per_feed_ids)
    save_project(project)
    return project


def _created(plan: dict) -> datetime | None:
    """When the plan was made (its {date} in templates), or None when it does not say."""
    try:
        created = datetime.fromisoformat(str(plan.get("created")))
    except ValueError:
        return None
    return created if created.tzinfo else created.replace(tzinfo=timezone.utc)


def _agreed(recorded: str | None, given: str | None, source: Path) -> str | None:
    """The currency a plan records, or the one given for a plan that records none."""
    if recorded and given and recorded != given:
        raise BadInputError(f"{source}: {META_KEY}.currency: the plan's budgets are in {recorded}, not in "
                            f"{given}; leave out --currency {given}")
    return recorded or given


def _plan_files(plan: dict) -> dict[str, dict]:
    """Image call id -> the call (for its file and sha256)."""
    return {c.get("id"): c for c in plan.get("calls", []) if isinstance(c, dict) and c.get("kind") == "image"}


def _exclusions_from_feeds(project: Project, per_feed_ids: list[set[str]]) -> None:
    """Pairs of assets that no ad set holds together were kept apart on purpose: exclusions."""
    if len(per_feed_ids) < 2:
        return
    every = set().union(*per_feed_ids)
    for a, b in combinations(sorted(every), 2):
        if project.pool_of(a) == project.pool_of(b):
            continue
        if not any(a in ids and b in ids for ids in per_feed_ids):
            project.exclude(a, b)


def _restore_bundle(plan: dict, source: Path, copy: Path, dest: Path, currency: str | None) -> Project:
    """The whole project from an export bundle: its project file, with images from images/."""
    doc = read_json(copy)
    project = project_from_dict(doc, copy, folder=dest)
    if currency and currency != project.campaign.budget.currency:
        raise BadInputError(f"{copy}: campaign.budget.currency: the project is in "
                            f"{project.campaign.budget.currency}, but {currency} was given for its plan")
    images = _plan_files(plan)
    assets = dest / "assets"
    for asset in list(project.pools["images"]):
        call = images.get(f"image-{asset.id}")
        if call is None:
            continue
        src = source.parent / str(call.get("file", ""))
        if not src.is_file():
            raise BadInputError(f"{source}: {call.get('id')}: the bundle has no file {call.get('file')}")
        digest = sha256_file(src)
        if call.get("sha256") and digest != call["sha256"]:
            raise BadInputError(f"{src}: differs from the sha256 plan.json records; the bundle was changed")
        assets.mkdir(parents=True, exist_ok=True)
        target = assets / src.name
        if target.exists() and sha256_file(target) != digest:
            target = assets / f"{asset.id}-{src.name}"
        shutil.copyfile(src, target)
        project.pools["images"][project.index_of(asset.id)] = type(asset)(
            asset.id, target.relative_to(dest).as_posix(), digest, asset.width, asset.height, asset.crop,
            asset.label, asset.url_tags, asset.approval)
    save_project(project)
    return project


def imported_summary(project: Project) -> dict:
    return {
        "project": str(project_file(project.folder)),
        "assets": {pool: len(items) for pool, items in project.pools.items()},
        "placeholders": sorted(a for a in project.remote_images if project.find(a) is not None),
        "exclusions": [list(p) for p in project.exclusion_list()],
    }
