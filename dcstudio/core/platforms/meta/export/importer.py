"""``import_spec``: a project from an asset_feed_spec, a creative, or an export's plan.json.

Accepted files (JSON objects):
- an ``asset_feed_spec`` (keys such as ad_formats, images, titles, link_urls);
- a catalog ad's creative as ``GET /<creative_id>`` returns it (``product_set_id`` and
  ``object_story_spec.template_data``; read by ``catalog_creative``);
- a creative as ``GET /<creative_id>?fields=asset_feed_spec`` returns it (``{"asset_feed_spec":
  {...}, "id": ...}``, perhaps with name, object_story_spec, degrees_of_freedom_spec);
- a bundle's ``plan.json``: the whole project comes back from the ``dcstudio-project.json`` next
  to it with the images of ``images/``; a plan alone is rebuilt from its calls (settings, feeds,
  and exclusions read back from how the ad sets split the pool).

An image given by hash or URL has no file: it becomes a placeholder, an ordinary image asset
whose file is missing (so the window lists it for relinking and the linter flags it) plus an
entry in ``project.remote_images`` that keeps the hash or URL. Until relinked, an export sends
that hash or URL as it is instead of uploading.

Asset labels, asset_customization_rules, optimization_type, autotranslate, call-to-action values,
video thumbnails and every ad format are read into the project; the feed's and the creative's
other fields are kept as they came (Customization.kept_feed / kept_creative) and listed in the
notes ("kept as is: ..."), and Meta's answer fields (id, status, ...) are named as left out.

A file an image names must lie inside the spec's folder (for a plan, the bundle) and a plan's
image call must carry the sha256 of its bytes: anything else is refused, never copied. Lists
longer than Meta takes are imported and said in the notes; longer than MAX_ENTRIES, refused.
The project is checked to load again before anything is written; a refused import leaves the
target folder as it found it.
"""
from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import project_file, save_project
from dcstudio.core.model.project_format import PROJECT_FILE, dumps, project_from_dict
from dcstudio.core.platforms.meta.export.catalog_creative import catalog_creative_project, is_catalog_creative
from dcstudio.core.platforms.meta.export.plan_meta import META_KEY, apply_templates, currency_code, read_plan_metadata
from dcstudio.core.platforms.meta.export.spec_reader import (
    FEED_KEYS,
    call_file,
    feed_into_project,
    plan_campaign_settings,
    plan_feeds,
)
from dcstudio.core.values.errors import BadInputError, ProjectFileError
from dcstudio.core.values.json_input import JsonInputError, parse_json

PROJECT_COPY = "dcstudio-project.json"
# Pairs the ad sets of a plan keep apart, read back as exclusions: a real split has a few dozen;
# past this the plan is not one dcstudio (or anyone) would send.
MAX_EXCLUSIONS = 200_000


class CurrencyNeeded(BadInputError):
    """A plan.json that does not say its budgets' currency, imported without one given."""


def read_json(path: Path) -> dict:
    if not path.is_file():
        raise BadInputError(f"{path}: file not found" if not path.exists() else f"{path}: is not a file")
    raw = path.read_bytes()
    if not raw.strip():
        raise BadInputError(f"{path}: the file is empty")
    try:
        doc = parse_json(raw)
    except JsonInputError as exc:
        raise BadInputError(f"{path}: {exc}") from None
    if not isinstance(doc, dict):
        raise BadInputError(f"{path}: must hold a JSON object (an asset_feed_spec, a creative or a plan.json), "
                            f"not a {type(doc).__name__}")
    return doc


def kind_of(doc: dict, path) -> str:
    if "plan_version" in doc:
        return "plan"
    if is_catalog_creative(doc):
        return "catalog-creative"
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
    before = set() if created else set(dest.rglob("*"))
    try:
        return _import(doc, kind, source, dest, currency, notes)
    except BaseException:
        # A refused file leaves no half-made project behind, and a folder that was there as it was.
        if created:
            shutil.rmtree(dest, ignore_errors=True)
        else:
            for path in sorted(set(dest.rglob("*")) - before, reverse=True):  # files before their folders
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        raise


def _save_checked(project: Project, source: Path) -> None:
    """Saves the project only if it would open again: the text written is read back through the
    project file's own reader first (the schema, the ids, every value), so a spec the importer
    let through but the reader refuses gives a message now, not a project that cannot be opened."""
    text = dumps(project)
    try:
        project_from_dict(parse_json(text), PROJECT_FILE)
    except (ProjectFileError, JsonInputError) as exc:
        raise BadInputError(f"{source}: the project made from it would not open again: {exc}") from None
    save_project(project)


def _import(doc: dict, kind: str, source: Path, dest: Path, currency: str | None, notes: list | None) -> Project:
    if kind == "plan":
        return _import_plan(doc, source, dest, currency, notes)
    if kind == "catalog-creative":
        project = catalog_creative_project(doc, source, dest, notes)
        _save_checked(project, source)
        return project
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
    _save_checked(project, source)
    return project


def _import_plan(plan: dict, source: Path, dest: Path, currency: str | None, notes: list | None) -> Project:
    meta = read_plan_metadata(plan, source)
    copy = source.parent / PROJECT_COPY
    if copy.is_file():
        return _restore_bundle(plan, source, copy, dest, _agreed(meta.currency, currency, source), notes)
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
    _exclusions_from_feeds(project, per_feed_ids, source)
    _save_checked(project, source)
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
    calls = plan.get("calls", [])
    return {c.get("id"): c for c in (calls if isinstance(calls, list) else [])
            if isinstance(c, dict) and c.get("kind") == "image"}


def _exclusions_from_feeds(project: Project, per_feed_ids: list[set[str]], source: Path) -> None:
    """Pairs of assets that no ad set holds together were kept apart on purpose: exclusions.

    Assets held by the same ad sets behave alike, so they are grouped by (pool, the ad sets that
    hold them): two groups of different pools whose ad sets share none are kept apart, every
    pair across them. That costs the number of groups squared, not of assets."""
    if len(per_feed_ids) < 2:
        return
    held_by: dict[str, set[int]] = defaultdict(set)
    for n, ids in enumerate(per_feed_ids):
        for asset_id in ids:
            held_by[asset_id].add(n)
    groups: dict[tuple, list[str]] = defaultdict(list)
    for pool, items in project.pools.items():
        for asset in items:
            if asset.id in held_by:
                groups[(pool, frozenset(held_by[asset.id]))].append(asset.id)
    apart = [(a, b) for i, (ka, a) in enumerate(groups.items()) for kb, b in list(groups.items())[i + 1:]
             if ka[0] != kb[0] and ka[1].isdisjoint(kb[1])] if len(groups) <= 2_000 else None
    count = sum(len(a) * len(b) for a, b in apart) if apart is not None else None
    if count is None or count > MAX_EXCLUSIONS:
        raise BadInputError(f"{source}: calls: its ad sets keep {'too many' if count is None else f'{count:,}'} "
                            f"pairs of assets apart; an import reads back at most {MAX_EXCLUSIONS:,} exclusions")
    # Of different pools, so each pair is one Project.exclude would take; added at once.
    project.exclusions |= {frozenset((x, y)) for a, b in apart for x in a for y in b}


def _restore_bundle(plan: dict, source: Path, copy: Path, dest: Path, currency: str | None,
                    notes: list | None = None) -> Project:
    """The whole project from an export bundle: its project file, with images from images/."""
    doc = read_json(copy)
    project = project_from_dict(doc, copy, folder=dest)
    if currency and currency != project.campaign.budget.currency:
        raise BadInputError(f"{copy}: campaign.budget.currency: the project is in "
                            f"{project.campaign.budget.currency}, but {currency} was given for its plan")
    images = _plan_files(plan)
    # Every file is checked (inside the bundle, its recorded sha256) before the first is copied.
    files = {i: call_file(images[f"image-{asset.id}"], source.parent, source)
             for i, asset in enumerate(project.pools["images"]) if f"image-{asset.id}" in images}
    assets = dest / "assets"
    taken: dict[str, str] = {}  # file name in assets/ -> its sha256
    for i, (src, digest) in files.items():
        asset = project.pools["images"][i]
        assets.mkdir(parents=True, exist_ok=True)
        name = src.name if taken.get(src.name, digest) == digest else f"{asset.id}-{src.name}"
        taken[name] = digest
        target = assets / name
        shutil.copyfile(src, target)
        project.pools["images"][i] = replace(asset, file=target.relative_to(dest).as_posix(), sha256=digest)
    if notes is not None:  # the bundle carries only the files its ad sets upload
        for pool in ("images", "videos"):
            for i, asset in enumerate(project.pools[pool]):
                if getattr(asset, "file", None) and not (pool == "images" and (i in files or
                                                                              asset.id in project.remote_images)):
                    notes.append(f"{copy.name}: assets.{pool}[{i}] ({asset.id}): the bundle holds no copy of "
                                 f"{asset.file}; it stays in the project as a missing file to relink")
    _save_checked(project, copy)
    return project


def imported_summary(project: Project) -> dict:
    return {
        "project": str(project_file(project.folder)),
        "assets": {pool: len(items) for pool, items in project.pools.items()},
        "placeholders": sorted(set(project.remote_images) & {a.id for _, a in project.assets()}),
        "exclusions": [list(p) for p in project.exclusion_list()],
    }
