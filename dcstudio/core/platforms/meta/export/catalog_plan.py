"""The plan of a catalog ad: catalog, feed, product sets, campaign, ad set, creative, ad.

A catalog ad is a project with a ``catalog_template`` (the texts Meta fills per product). Its plan
holds, in order (the same plan format as dynamic creative; see the package doc):

- ``catalog`` (only without a catalog id): ``POST /{business_id}/owned_product_catalogs``;
- ``feed`` (``product_feed``): ``POST /{catalog}/product_feeds``, with a ``schedule`` for a feed
  fetched from its URL; for a file, then ``feed-upload`` (``feed_upload``): ``POST /{feed}/uploads``
  with the file as multipart ``file`` (``feed/<name>`` in the bundle, with its sha256);
- ``product-set-N`` (``product_set``): ``POST /{catalog}/product_sets`` with the saved filter;
- ``campaign``, ``adset-1`` on the ad account;
- ``image-frame`` (``image``, only with a frame): the format's frame image uploaded to the ad
  account's ``adimages`` as dynamic creative's images are (``images/<name>`` in the bundle, with
  its sha256); the creative's ``image_layer_specs`` name its hash, ``{image-frame.hash}``;
- ``creative-1``, ``ad-1`` on the ad account.

A path's first part is an id (digits) or a reference to an earlier call (``{catalog.id}/...``),
filled in by the sender as params are. Source of every edge and field: Meta's "Get Started with
Advantage+ Catalog Ads" and "Product Catalog Product Sets" pages and the SDK, as summed up in
/work/shared/reference/catalog-insights-video-packaging.md section 1b.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

from dcstudio.core.catalog.filters import check_filter
from dcstudio.core.model.catalog_publish import (
    CATALOG_OBJECTIVE,
    LEGACY_CATALOG_OBJECTIVES,
    CatalogPublish,
    promoted_set_problem,
    settings_of,
    shop_link,
)
from dcstudio.core.model.product_tags import template_problem
from dcstudio.core.model.templates import object_name
from dcstudio.core.platforms.meta.export.plan_parts import _adset_common, _budgets, _strings
from dcstudio.core.render.frames import frame_path
from dcstudio.core.values.errors import BadInputError, ImageError
from dcstudio.core.values.plan_references import REFERENCE

FEED_DIR = "feed"  # the uploaded feed file's folder in the bundle
IMAGES_DIR = "images"  # the frame image's folder in the bundle (dynamic creative's images go there too)
FRAME_CALL = "image-frame"
ACCOUNT_PATH = "act_{ad_account_id}"
CATALOG_VERTICAL = "commerce"  # ProductCatalog.Vertical.commerce: a catalog of products


class _Ref(str):
    """A reference the builder made (the plan builder's own check tells them from user text)."""


def _ref(call_id: str, field: str = "id") -> str:
    return _Ref("{" + f"{call_id}.{field}" + "}")


def _call(call_id: str, kind: str, path: str, params: dict, **extra) -> dict:
    return {"id": call_id, "kind": kind, "method": "POST", "path": path, **extra, "params": params,
            "returns": ["id"]}


def _account_call(call_id: str, kind: str, edge: str, params: dict) -> dict:
    return _call(call_id, kind, f"{ACCOUNT_PATH}/{edge}", params)


def _catalog_calls(project, settings: CatalogPublish, now: datetime) -> tuple[str, list[dict]]:
    """(the catalog's id or a reference to it, the call that makes it)."""
    if settings.catalog_id:
        return settings.catalog_id, []
    if not settings.business_id:
        raise BadInputError(f"project {project.name!r}: catalog_publish: a catalog ad needs the product catalog's id "
                            "(--catalog-id) or a business to make one under (--business-id)")
    name = settings.catalog_name or project.name
    return _ref("catalog"), [_call("catalog", "catalog", f"{settings.business_id}/owned_product_catalogs",
                                   {"name": name, "vertical": CATALOG_VERTICAL})]


def feed_file_name(spec) -> str:
    """``products`` with the source's suffixes (``.csv.gz``): a name no shell or curl -F reads
    as anything but a file name."""
    name = spec.source.replace("\\", "/").rsplit("/", 1)[-1]
    suffixes = "".join(part for part in Path(name).suffixes if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", part))
    return f"products{suffixes or '.csv'}"


def _feed_calls(project, settings: CatalogPublish, catalog: str, now: datetime) -> list[dict]:
    spec = project.catalog
    if spec is None:
        return []
    mode = settings.feed_mode_for(spec.source)
    if mode == "none":
        return []
    name = f"{project.name} feed"
    if mode == "schedule":
        if not spec.source.lower().startswith("https://"):
            raise BadInputError(f"catalog.source: a scheduled feed is fetched by Meta from an https:// URL, and "
                                f"{spec.source!r} is a file; set catalog_publish.feed_mode to upload")
        schedule = {"interval": settings.schedule_interval, "url": spec.source, "hour": settings.schedule_hour}
        return [_call("feed", "product_feed", f"{catalog}/product_feeds", {"name": name, "schedule": schedule})]
    file = f"{FEED_DIR}/{feed_file_name(spec)}"
    return [_call("feed", "product_feed", f"{catalog}/product_feeds", {"name": name}),
            _call("feed-upload", "feed_upload", f"{_ref('feed')}/uploads", {}, file=file, sha256=spec.sha256)]


def copy_bundle_feed(plan: dict, project, root: Path) -> None:
    """The feed file a feed_upload call sends, into the bundle where the call names it, checked
    against the sha256 the plan holds (the catalog was imported from these bytes)."""
    for call in plan["calls"]:
        if call["kind"] != "feed_upload":
            continue
        source = Path(project.catalog.source)
        if not source.is_absolute() and project.folder is not None:
            source = Path(project.folder) / source
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise BadInputError(f"catalog.source: {source}: the feed file cannot be read "
                                f"({exc.strerror or type(exc).__name__})") from None
        if hashlib.sha256(data).hexdigest() != call["sha256"]:
            raise BadInputError(f"catalog.source: {source} changed since the catalog was imported; refresh the "
                                "catalog (dcstudio catalog refresh) and export again")
        target = root / call["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _set_calls(project, settings: CatalogPublish, catalog: str) -> tuple[str, list[dict]]:
    """(the promoted set's id or a reference to it, a product_sets call per saved set)."""
    sets = project.catalog.product_sets if project.catalog else ()
    calls = []
    for i, pset in enumerate(sets, 1):
        check_filter(pset.filter, f"product set {pset.name!r}: filter")
        calls.append(_call(f"product-set-{i}", "product_set", f"{catalog}/product_sets",
                           {"name": pset.name, "filter": pset.filter}))
    problem = promoted_set_problem(project, settings)
    if problem:
        raise BadInputError(f"project {project.name!r}: {problem}")
    if settings.product_set_id:
        return settings.product_set_id, calls
    names = [s.name for s in sets]
    return _ref(f"product-set-{names.index(settings.product_set or names[0]) + 1}"), calls


def _campaign(project, catalog: str, now: datetime) -> dict:
    c = project.campaign
    if c.objective in LEGACY_CATALOG_OBJECTIVES:
        raise BadInputError(f"campaign.objective: {c.objective} can no longer make a campaign (Marketing API "
                            f"v17.0 on); catalog ads use {CATALOG_OBJECTIVE} with the catalog as promoted object")
    return _account_call("campaign", "campaign", "campaigns", {
        "name": object_name(project, "campaign", None, now),
        "objective": c.objective,
        "status": c.status,
        "special_ad_categories": list(c.special_ad_categories),
        **({"special_ad_category_country": list(c.special_ad_category_country)}
           if c.special_ad_category_country else {}),
        "buying_type": c.buying_type,
        "promoted_object": {"product_catalog_id": catalog},
        "is_adset_budget_sharing_enabled": False,
    })


def _adset(project, settings: CatalogPublish, product_set: str, budget: int, now: datetime) -> dict:
    c = project.campaign
    params = _adset_common(c, name=object_name(project, "ad set", 1, now), campaign_id=_ref("campaign"),
                           budget=budget)
    # The set the ads show products from, and the event they optimize for (PURCHASE by default).
    params["promoted_object"] = {**{k: v for k, v in c.promoted_object.items() if k == "pixel_id"},
                                 "product_set_id": product_set, "custom_event_type": settings.custom_event_type}
    params["status"] = c.status
    return _account_call("adset-1", "adset", "adsets", params)


def _link(project, settings: CatalogPublish) -> str:
    link = shop_link(project, settings)
    if not link:
        raise BadInputError(f"project {project.name!r}: catalog_publish.link: give the shop's web address (the "
                            "carousel's end card links there; Meta links each product card to its own url)")
    return link


def template_data(project, settings: CatalogPublish, frame_hash: str | None = None) -> dict:
    """``object_story_spec.template_data``: the texts with their product tags, the link, the call to
    action (a type without a value: Meta links each product) and the end card."""
    t = project.catalog_template
    for field, text in t.texts().items():
        problem = template_problem(text, field=f"catalog_template.{field}")
        if problem is not None:
            raise BadInputError(str(problem))
    data = {**t.texts(), "link": _link(project, settings), "call_to_action": {"type": t.call_to_action_type},
            "multi_share_end_card": t.multi_share_end_card}
    data.update(format_fields(project, frame_hash))
    return data


def format_fields(project, frame_hash: str | None = None) -> dict:
    """The format's and overlays' fields of ``template_data`` (format_option, preferred_image_tags,
    additional_image_index, image_overlay_spec, image_layer_specs) from ``project.catalog_format``;
    none without one (Meta's default: a carousel of products). ``frame_hash``: the uploaded frame's
    hash, or the reference to it the plan's image call answers."""
    fmt = getattr(project, "catalog_format", None)
    return fmt.template_data_fields(frame_hash) if fmt is not None else {}


def frame_file(project) -> Path | None:
    """The format's frame image file (inside the project folder), or None without a frame.
    BadInputError naming the field when it cannot be read."""
    fmt = getattr(project, "catalog_format", None)
    if fmt is None or fmt.frame is None:
        return None
    if project.folder is None:
        raise BadInputError(f"catalog_format.image_layer_specs.frame.file: {fmt.frame.file} is read from the "
                            "project folder; save the project first")
    try:
        return frame_path(project.folder, fmt.frame)
    except ImageError as exc:
        raise BadInputError(f"catalog_format.image_layer_specs.frame.file: {exc}") from None


def _frame_calls(project) -> list[dict]:
    """The frame image's upload (none without a frame): bytes as they are in the project (a PNG
    keeps its transparency), named by their sha256 as the bundle holds them."""
    path = frame_file(project)
    if path is None:
        return []
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"catalog_format.image_layer_specs.frame.file: {path}: cannot be read "
                            f"({exc.strerror or type(exc).__name__})") from None
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", path.name)[-100:] or "frame.png"  # Meta's limit on a name
    call = _call(FRAME_CALL, "image", f"{ACCOUNT_PATH}/adimages", {"name": name}, file=f"{IMAGES_DIR}/{name}",
                 sha256=hashlib.sha256(data).hexdigest(), frame_of="catalog_format")
    call["returns"] = ["hash"]
    return [call]


def copy_bundle_frame(plan: dict, project, root: Path) -> None:
    """The frame image the plan uploads, into the bundle where its call names it, checked against
    the plan's sha256."""
    for call in plan["calls"]:
        if call.get("frame_of") != "catalog_format":
            continue
        data = frame_file(project).read_bytes()
        if hashlib.sha256(data).hexdigest() != call["sha256"]:
            raise BadInputError("catalog_format.image_layer_specs.frame.file changed while the bundle was written; "
                                "export again")
        target = root / call["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _creative(project, settings: CatalogPublish, product_set: str, now: datetime,
              frame_hash: str | None = None) -> dict:
    c = project.campaign
    if not c.page_id:
        raise BadInputError(f"project {project.name!r}: campaign.page_id: a catalog ad runs as a Facebook Page; "
                            "set the Page (dcstudio pages, or the Campaign tab)")
    story = {"page_id": c.page_id}
    if c.instagram_user_id:
        story["instagram_user_id"] = c.instagram_user_id
    story["template_data"] = template_data(project, settings, frame_hash)
    params = {"name": object_name(project, "creative", 1, now), "product_set_id": product_set,
              "object_story_spec": story}
    urls = project.catalog_template.template_url_spec
    if not urls.is_empty():
        for platform, url in urls.urls().items():
            problem = template_problem(url, field=f"catalog_template.template_url_spec.{platform}.url", url=True)
            if problem is not None:
                raise BadInputError(str(problem))
        params["template_url_spec"] = urls.as_dict()
    if settings.url_tags:
        params["url_tags"] = settings.url_tags
    return _account_call("creative-1", "creative", "adcreatives", params)


def _refuse_reference_text(calls: list[dict]) -> None:
    for call in calls:
        for where, value in _strings(call["params"], "params"):
            if not isinstance(value, _Ref) and REFERENCE.match(value):
                raise BadInputError(f"the text {value!r} has the form of a reference to another call's answer "
                                    f"({{call.field}}), which publishing would replace with an id; change it "
                                    f"(call {call['id']}, {where})")


def catalog_calls(project, now: datetime) -> list[dict]:
    """Every call of a catalog ad's plan, in order. BadInputError for what cannot be sent."""
    settings = settings_of(project)
    catalog, catalog_call = _catalog_calls(project, settings, now)
    feed = _feed_calls(project, settings, catalog, now)
    product_set, sets = _set_calls(project, settings, catalog)
    campaign = _campaign(project, catalog, now)
    adset = _adset(project, settings, product_set, _budgets(project, 1)[0], now)
    frame = _frame_calls(project)
    creative = _creative(project, settings, product_set, now, _ref(FRAME_CALL, "hash") if frame else None)
    ad = _account_call("ad-1", "ad", "ads", {"name": object_name(project, "ad", 1, now), "adset_id": _ref("adset-1"),
                                             "creative": {"creative_id": _ref("creative-1")},
                                             "status": project.campaign.status})
    calls = [*catalog_call, *feed, *sets, campaign, adset, *frame, creative, ad]
    _refuse_reference_text(calls)
    return calls


def catalog_summary(calls: list[dict]) -> dict:
    kinds = [c["kind"] for c in calls]
    return {"campaigns": 1, "adsets": 1, "images": kinds.count("image"), "creatives": 1, "ads": 1,
            "catalogs": kinds.count("catalog"),
            "product_feeds": kinds.count("product_feed"), "feed_uploads": kinds.count("feed_upload"),
            "product_sets": kinds.count("product_set"), "combinations": 0,
            "split": "one catalog ad: Meta fills the template for each product of the set", "left_out": []}
