"""The project file's JSON form: schema check, migrations, and conversion to and from the model."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import MISSING, asdict, fields
from decimal import Decimal
from functools import lru_cache

from dcstudio.core.model.assets import (
    POOLS,
    Approval,
    CtaAsset,
    ImageAsset,
    LinkAsset,
    TextAsset,
    VideoAsset,
    VideoFacts,
    path_problem,
)
from dcstudio.core.model.campaign import Budget, CampaignSettings
from dcstudio.core.model.catalog_format import CatalogFormat, FrameLayer, ImageOverlay
from dcstudio.core.model.catalog_publish import CatalogPublish
from dcstudio.core.model.catalog_spec import CatalogSpec, ProductSet
from dcstudio.core.model.catalog_template import CatalogTemplate, TemplateUrlSpec
from dcstudio.core.model.customization import Customization, RuleError
from dcstudio.core.model.hash_memo import document_key, known_valid, remember_valid
from dcstudio.core.model.project import ExportSettings, Project, highest_ids
from dcstudio.core.values.crops import Crop
from dcstudio.core.values.errors import ProjectFileError
from dcstudio.core.values.resources import resource

FORMAT_VERSION = 5
PROJECT_FILE = "dcstudio.json"


def _v1_to_v2(doc: dict) -> dict:
    """Format 2 adds the export settings (naming and url_tags templates, API version)."""
    defaults = ExportSettings()
    doc["export"] = {"naming_template": defaults.naming_template,
                     "url_tags_template": defaults.url_tags_template,
                     "api_version": defaults.api_version}
    return doc


def _v2_to_v3(doc: dict) -> dict:
    """Format 3 adds asset labels, call-to-action values, video thumbnails by URL or hash and the
    customization block; all are optional, so a format 2 document is a format 3 one as it is."""
    return doc


def _v3_to_v4(doc: dict) -> dict:
    """Format 4 records the highest number each pool's ids have reached (``last_asset_ids``): an
    older file has used at least the ids it holds (the ones deleted before are not known)."""
    assets = doc.get("assets")
    if isinstance(assets, dict):  # a broken file is named by the schema check, not here
        ids = [item["id"] for items in assets.values() if isinstance(items, list)
               for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)]
        doc["last_asset_ids"] = highest_ids(ids)
    return doc


def _v4_to_v5(doc: dict) -> dict:
    """Format 5 adds the optional product catalog block; a format 4 document is a format 5 one as it is.
    (The number changes so that a dcstudio that knows no catalogs says "update" instead of
    refusing an unknown key.)"""
    return doc


# format_version N -> function turning an N document into an N+1 document. Run in order on load.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resource("schema", "dcstudio-project.schema.json").read_text("utf-8")


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(_schema_text())


@lru_cache(maxsize=1)
def _validator():
    # jsonschema-rs, not the pure-Python jsonschema: it imports and builds its validator in
    # ~20 ms instead of ~100 ms, and this check sits on the path to the window's first screen.
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(_schema())


def _field_path(error) -> str:
    out = ""
    for part in error.instance_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _short(message: str, limit: int = 200) -> str:
    """A message that quotes a huge value (a 300-digit number, a page of text) cut to one line."""
    if len(message) <= limit:
        return message
    head, sep, tail = message.partition(" is ")
    if sep and len(head) > 60 and len(tail) < limit:
        return f"{head[:40]}…{sep}{tail}"
    return message[:limit] + "…"


def _problem(error) -> str:
    """The validator's message, except where it would show a regular expression: a pattern's
    ``description`` in the schema says in words what the value must be."""
    inner = getattr(error.kind, "error", None)  # propertyNames: the key that failed, not the map
    if inner is not None and getattr(error.kind, "name", "") == "propertyNames":
        return "a key " + _problem(inner)
    node = _schema()
    for part in error.schema_path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return error.message
    if isinstance(node, dict) and error.schema_path[-1:] == ["pattern"] and "description" in node:
        return f"{json.dumps(error.instance, ensure_ascii=False)} is not {node['description']}"
    return error.message


def migrate(doc: dict, path) -> dict:
    version = doc.get("format_version")
    if isinstance(version, float) and version.is_integer() and abs(version) < 1000:
        version = int(version)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ProjectFileError(path, "missing or not a whole number", "format_version")
    if version > FORMAT_VERSION:
        raise ProjectFileError(path, f"the file is format {version}, made by a newer dcstudio; this one "
                                     f"reads up to format {FORMAT_VERSION}: update dcstudio", "format_version")
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ProjectFileError(path, f"format {version} is too old and cannot be converted", "format_version")
        doc = step(dict(doc))
        version += 1
        doc["format_version"] = version
    return doc


def validate(doc: dict, path) -> None:
    key = document_key(doc, _schema_text())
    if not known_valid(key):  # the same document passed before: the schema's answer is the same
        errors = sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.instance_path)))
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
            raise ProjectFileError(path, _short(_problem(first)) + more, _field_path(first))
        remember_valid(key)
    ids = [item["id"] for pool in doc["assets"].values() for item in pool]
    seen = set()
    for pool, items in doc["assets"].items():
        for i, item in enumerate(items):
            if item["id"] in seen:
                raise ProjectFileError(path, f"duplicate asset id {item['id']!r}", f"assets.{pool}[{i}].id")
            seen.add(item["id"])
    for i, pin in enumerate(doc.get("pins", [])):
        if pin not in seen:
            raise ProjectFileError(path, f"pins an asset that does not exist: {pin!r}", f"pins[{i}]")
    for i, pair in enumerate(doc.get("exclusions", [])):
        for asset_id in pair:
            if asset_id not in seen:
                raise ProjectFileError(path, f"names an asset that does not exist: {asset_id!r}", f"exclusions[{i}]")
    del ids
    _check_paths(doc, path)


def _check_paths(doc: dict, path) -> None:
    """The real guard on asset paths (the schema's pattern only words the message well): each is
    relative, "/"-separated and stays inside the project folder, on every system."""
    for pool, keys in (("images", ("file",)), ("videos", ("file", "thumbnail"))):
        for i, item in enumerate(doc["assets"].get(pool, [])):
            for key in keys:
                if key in item:
                    problem = path_problem(item[key])
                    if problem:
                        raise ProjectFileError(path, f"the asset path {problem}", f"assets.{pool}[{i}].{key}")


def _whole_numbers(doc: dict) -> None:
    """The schema's "integer" takes 1200.0 as well as 1200 (JSON has one number type): such a
    value is read as the int it equals, so the model and the saved file only ever hold ints."""
    for item in doc["assets"].get("images", []):
        for node, keys in ((item, ("width", "height")), (item["crop"], ("left", "top", "width", "height"))):
            for key in keys:
                if isinstance(node[key], float):
                    node[key] = int(node[key])
    if isinstance(doc["campaign"].get("bid_amount"), float):
        doc["campaign"]["bid_amount"] = int(doc["campaign"]["bid_amount"])


def _approval(d: dict | None) -> Approval:
    d = d or {}
    return Approval(d.get("state", "draft"), d.get("note", ""))


def _drop_defaults(d: dict, keep=()) -> dict:
    return {k: v for k, v in d.items() if v not in ("", None, (), {}) or k in keep}


def _required(asset) -> tuple[str, ...]:
    """The fields an asset cannot be made without: the schema requires them, so each is written
    even when empty (an empty website_url left out would make a file that does not open)."""
    return tuple(f.name for f in fields(asset) if f.default is MISSING and f.default_factory is MISSING)


def _video_facts(probe: dict | None) -> VideoFacts | None:
    if not probe:
        return None
    return VideoFacts(int(probe["width"]), int(probe["height"]), float(probe["duration"]), float(probe["fps"]),
                      probe["codec"], int(probe["size_bytes"]), int(probe.get("rotation", 0)),
                      bool(probe.get("variable_fps", False)), probe.get("audio", ""))


def _adlabels(item: dict) -> tuple[str, ...]:
    return tuple(item.get("adlabels", ()))


_CUSTOMIZATION_KEYS = {"asset_customization_rules": "rules", "optimization_type": "optimization_type",
                       "autotranslate": "autotranslate", "more_ad_formats": "more_ad_formats",
                       "kept_feed": "kept_feed", "kept_creative": "kept_creative", "story": "story"}


def _customization(d: dict, path) -> Customization:
    try:
        return Customization(**{attr: d[key] for key, attr in _CUSTOMIZATION_KEYS.items() if key in d})
    except RuleError as exc:
        raise ProjectFileError(path, exc.problem, f"customization.{exc.field}") from None


def _customization_dict(c: Customization) -> dict:
    out = {key: getattr(c, attr) for key, attr in _CUSTOMIZATION_KEYS.items()}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items() if v not in ("", (), {})}


def project_from_dict(doc: dict, path, folder=None) -> Project:
    """Builds a project from a file's parsed JSON, migrating and validating it first."""
    doc = migrate(doc, path)
    validate(doc, path)
    _whole_numbers(doc)
    c = doc["campaign"]
    b = c["budget"]
    try:  # zero is no budget: a file saying so is refused, naming the field
        budget = Budget(b["kind"], Decimal(b["amount"]), b["currency"])
    except ValueError as exc:
        raise ProjectFileError(path, str(exc), "campaign.budget.amount") from None
    campaign = CampaignSettings(
        objective=c["objective"],
        buying_type=c.get("buying_type", "AUCTION"),
        special_ad_categories=tuple(c.get("special_ad_categories", ())),
        optimization_goal=c.get("optimization_goal", "OFFSITE_CONVERSIONS"),
        billing_event=c.get("billing_event", "IMPRESSIONS"),
        bid_strategy=c.get("bid_strategy", "LOWEST_COST_WITHOUT_CAP"),
        budget=budget,
        start_time=c.get("start_time"),
        end_time=c.get("end_time"),
        targeting=c.get("targeting", {}),
        promoted_object=c.get("promoted_object", {}),
        page_id=c.get("page_id", ""),
        instagram_user_id=c.get("instagram_user_id", ""),
        placements=c.get("placements"),
        status=c.get("status", "PAUSED"),
        bid_amount=c.get("bid_amount"),
        special_ad_category_country=tuple(c.get("special_ad_category_country", ())),
    )
    try:
        project = Project(doc["name"], profile=doc["profile"], ad_format=doc["ad_format"],
                          campaign=campaign, enhancements=doc.get("enhancements", {}), folder=folder)
    except ValueError as exc:
        raise ProjectFileError(path, str(exc)) from None
    a = doc["assets"]
    pools = project.pools
    for item in a.get("images", []):
        crop = item["crop"]
        pools["images"].append(ImageAsset(
            item["id"], item["file"], item["sha256"], item["width"], item["height"],
            Crop(crop["left"], crop["top"], crop["width"], crop["height"], crop.get("key", "100x100")),
            item.get("label", ""), item.get("url_tags", ""), _approval(item.get("approval")),
            _adlabels(item)))
    for item in a.get("videos", []):
        pools["videos"].append(VideoAsset(
            item["id"], item.get("file"), item.get("video_id"), item.get("thumbnail"), item.get("sha256"),
            item.get("label", ""), item.get("url_tags", ""), _approval(item.get("approval")), _adlabels(item),
            item.get("thumbnail_url", ""), item.get("thumbnail_hash", ""), _video_facts(item.get("probe")),
            item.get("poster_at")))
    for pool in ("titles", "bodies", "descriptions"):
        for item in a.get(pool, []):
            pools[pool].append(TextAsset(item["id"], item["text"], item.get("label", ""),
                                         item.get("url_tags", ""), _approval(item.get("approval")),
                                         _adlabels(item)))
    for item in a.get("call_to_actions", []):
        pools["call_to_actions"].append(CtaAsset(item["id"], item["type"], item.get("label", ""),
                                                 _approval(item.get("approval")), _adlabels(item),
                                                 dict(item.get("value", {}))))
    for item in a.get("link_urls", []):
        pools["link_urls"].append(LinkAsset(item["id"], item["website_url"], item.get("display_url", ""),
                                            item.get("deeplink_url", ""), item.get("label", ""),
                                            _approval(item.get("approval")), _adlabels(item)))
    project.customization = _customization(doc.get("customization", {}), path)
    e = doc.get("export", {})
    try:
        project.export = ExportSettings(**{k: e[k] for k in ("naming_template", "url_tags_template",
                                                             "api_version") if k in e})
    except ValueError as exc:
        raise ProjectFileError(path, str(exc), "export") from None
    image_ids = {item["id"] for item in a.get("images", [])}
    for asset_id, source in doc.get("remote_images", {}).items():
        if asset_id not in image_ids:
            raise ProjectFileError(path, f"names an image that does not exist: {asset_id!r}", "remote_images")
        project.remote_images[asset_id] = dict(source)
    # Never below the ids the file holds: a hand-edited file may say less than it uses.
    present = highest_ids(asset.id for _, asset in project.assets())
    project.last_ids = {pool: n for pool in POOLS
                        if (n := max(doc.get("last_asset_ids", {}).get(pool, 0), present.get(pool, 0)))}
    if "catalog" in doc:
        project.catalog = _catalog(doc["catalog"], path)
    if "catalog_template" in doc:  # optional: files without it load as they are
        project.catalog_template = _catalog_template(doc["catalog_template"], path)
    if "catalog_format" in doc:  # optional: absent is Meta's default, a carousel of products
        project.catalog_format = _catalog_format(doc["catalog_format"], path)
    if "catalog_publish" in doc:  # optional, as the template
        project.catalog_publish = _catalog_publish(doc["catalog_publish"], path)
    project.pins = set(doc.get("pins", []))
    project.exclusions = {frozenset(pair) for pair in doc.get("exclusions", []) if pair[0] != pair[1]}
    return project


def _catalog(d: dict, path) -> CatalogSpec:
    try:
        return CatalogSpec(d["source"], d["sha256"], d["profile"], dict(d.get("mapping", {})),
                           tuple(ProductSet(s["name"], s["filter"]) for s in d.get("product_sets", ())))
    except ValueError as exc:
        raise ProjectFileError(path, str(exc), "catalog") from None


def _catalog_template(d: dict, path) -> CatalogTemplate:
    try:
        spec = d.get("template_url_spec", {})
        urls = TemplateUrlSpec(**{p: dict(v) for p, v in spec.items()})
        return CatalogTemplate(d.get("message", ""), d.get("name", ""), d.get("description", ""),
                               d.get("call_to_action_type", CatalogTemplate.call_to_action_type),
                               d.get("multi_share_end_card", True), urls, d.get("locale", ""))
    except (ValueError, TypeError) as exc:
        raise ProjectFileError(path, str(exc), "catalog_template") from None


def _catalog_format(d: dict, path) -> CatalogFormat:
    try:
        overlay = d.get("image_overlay_spec")
        frame = _whole(d.get("frame"), ("opacity", "scale"))
        d = _whole(d, ("additional_image_index",))
        return CatalogFormat(
            d.get("format_option", CatalogFormat.format_option), tuple(d.get("preferred_image_tags", ())),
            d.get("additional_image_index"), ImageOverlay.from_spec(overlay) if overlay is not None else None,
            FrameLayer(**frame) if frame is not None else None)
    except (ValueError, TypeError) as exc:
        # The model names the field first ("image_overlay_spec.position: unknown value ..."):
        # the message names it within the file.
        field, sep, rest = str(exc).partition(": ")
        if sep and " " not in field:
            raise ProjectFileError(path, rest, "catalog_format." + field.replace("image_layer_specs.frame", "frame")) \
                from None
        raise ProjectFileError(path, str(exc), "catalog_format") from None


def _whole(d: dict | None, keys) -> dict | None:
    """The schema's integers read as ints (1200.0 is 1200), as _whole_numbers does for assets."""
    if d is None:
        return None
    return {k: int(v) if k in keys and isinstance(v, float) else v for k, v in d.items()}


def _catalog_format_dict(f: CatalogFormat) -> dict:
    out: dict = {"format_option": f.format_option}
    if f.preferred_image_tags:
        out["preferred_image_tags"] = list(f.preferred_image_tags)
    if f.additional_image_index is not None:
        out["additional_image_index"] = f.additional_image_index
    if f.image_overlay is not None:
        out["image_overlay_spec"] = f.image_overlay.as_spec()
    if f.frame is not None:
        fr = f.frame
        out["frame"] = {"file": fr.file, "blending_mode": fr.blending_mode, "opacity": fr.opacity,
                        "scale": fr.scale, "overlay_position": fr.overlay_position}
    return out


def _catalog_publish(d: dict, path) -> CatalogPublish:
    try:
        return CatalogPublish(**d)
    except (ValueError, TypeError) as exc:
        raise ProjectFileError(path, str(exc), "catalog_publish") from None


def _catalog_publish_dict(c: CatalogPublish) -> dict:
    defaults = CatalogPublish()
    return {name: value for name, value in asdict(c).items() if value != getattr(defaults, name)}


def _catalog_template_dict(t: CatalogTemplate) -> dict:
    out = {"message": t.message, "name": t.name, "description": t.description,
           "call_to_action_type": t.call_to_action_type, "multi_share_end_card": t.multi_share_end_card}
    if not t.template_url_spec.is_empty():
        out["template_url_spec"] = t.template_url_spec.as_dict()
    if t.locale:
        out["locale"] = t.locale
    return out


def _catalog_dict(c: CatalogSpec) -> dict:
    out = {"source": c.source, "sha256": c.sha256, "profile": c.profile}
    if c.mapping:
        out["mapping"] = dict(c.mapping)
    if c.product_sets:
        out["product_sets"] = [{"name": s.name, "filter": s.filter} for s in c.product_sets]
    return out


def _asset_dict(asset) -> dict:
    d = asdict(asset)
    approval = d.pop("approval")
    if isinstance(asset, ImageAsset):
        d["crop"] = asdict(asset.crop)
    if isinstance(asset, VideoAsset):
        facts = d.pop("facts")
        if facts:
            d["probe"] = facts
    out = _drop_defaults(d, _required(asset))
    if approval != {"state": "draft", "note": ""}:
        out["approval"] = _drop_defaults(approval)
    return out


def project_to_dict(project: Project) -> dict:
    c = project.campaign
    campaign = {
        "objective": c.objective,
        "buying_type": c.buying_type,
        "special_ad_categories": list(c.special_ad_categories),
        "optimization_goal": c.optimization_goal,
        "billing_event": c.billing_event,
        "bid_strategy": c.bid_strategy,
        "budget": {"kind": c.budget.kind, "amount": format(c.budget.amount, "f"), "currency": c.budget.currency},
        "start_time": c.start_time,
        "end_time": c.end_time,
        "targeting": c.targeting,
        "promoted_object": c.promoted_object,
        "page_id": c.page_id,
        "instagram_user_id": c.instagram_user_id,
        "placements": c.placements,
        "status": c.status,
    }
    if c.bid_amount is not None:  # absent keys keep files of projects without them unchanged
        campaign["bid_amount"] = c.bid_amount
    if c.special_ad_category_country:
        campaign["special_ad_category_country"] = list(c.special_ad_category_country)
    doc = {
        "format_version": FORMAT_VERSION,
        "name": project.name,
        "profile": project.profile,
        "ad_format": project.ad_format,
        "campaign": campaign,
        "enhancements": dict(sorted(project.enhancements.items())),
        "assets": {pool: [_asset_dict(a) for a in project.pools[pool]] for pool in POOLS},
        "last_asset_ids": {pool: project.last_ids[pool] for pool in POOLS if project.last_ids.get(pool)},
        "pins": sorted(project.pins),
        "exclusions": [list(pair) for pair in project.exclusion_list()],
        "export": {"naming_template": project.export.naming_template,
                   "url_tags_template": project.export.url_tags_template,
                   "api_version": project.export.api_version},
    }
    known = {a.id for _, a in project.assets()}  # one pass, not one per remote image
    remote = {k: dict(v) for k, v in sorted(project.remote_images.items()) if k in known}
    if remote:  # only imported specs have these; most files never show the key
        doc["remote_images"] = remote
    if project.catalog is not None:
        doc["catalog"] = _catalog_dict(project.catalog)
    if project.catalog_template is not None:
        doc["catalog_template"] = _catalog_template_dict(project.catalog_template)
    if project.catalog_format is not None:
        doc["catalog_format"] = _catalog_format_dict(project.catalog_format)
    if project.catalog_publish is not None:
        doc["catalog_publish"] = _catalog_publish_dict(project.catalog_publish)
    if project.customization:
        doc["customization"] = _customization_dict(project.customization)
    return doc


def dumps(project: Project) -> str:
    """Stable text: keys in a fixed order, two-space indent, UTF-8 kept readable, final newline."""
    return json.dumps(project_to_dict(project), indent=2, ensure_ascii=False) + "\n"
