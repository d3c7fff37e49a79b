"""``build_plan``: the ordered Marketing API calls a project makes (format: see the package doc).

Pure: the same project, files and time give the same plan, so the publisher builds the very
plan an export wrote without writing a bundle.
"""
from __future__ import annotations

from dataclasses import fields
from datetime import datetime, timezone

from dcstudio.core.catalog.filters import check_filter
from dcstudio.core.model.adset_split import Split, split_project
from dcstudio.core.model.approval import left_out_record, without_rejected
from dcstudio.core.model.campaign_rules import LEAD_AD_GOALS
from dcstudio.core.model.catalog_template import is_catalog_ad
from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.model.templates import object_name
from dcstudio.core.platforms.meta.export.catalog_plan import catalog_calls, catalog_summary
from dcstudio.core.platforms.meta.export.feed import (
    asset_feed_spec,
    degrees_of_freedom_spec,
    kept_creative_fields,
    object_story_spec,
)
from dcstudio.core.platforms.meta.export.plan_meta import META_KEY, plan_metadata
from dcstudio.core.platforms.meta.export.plan_parts import _adset_common, _budgets, _strings
from dcstudio.core.platforms.meta.export.upload_images import upload_images_for, uploaded_image_ids, used_image_ids
from dcstudio.core.platforms.meta.export.upload_videos import VIDEOS_DIR, uploaded_videos
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.plan_references import REFERENCE

PLAN_VERSION = 1
ACCOUNT_PATH = "act_{ad_account_id}"
# The product catalog's id: not in the project yet (catalog ads come next), so a sender fills it
# in as it fills in the ad account (publish.sh: PRODUCT_CATALOG_ID).
CATALOG_PATH = "{product_catalog_id}"
IMAGES_DIR = "images"


def _call(call_id: str, kind: str, edge: str, params: dict, returns: str, **extra) -> dict:
    call = {"id": call_id, "kind": kind, "method": "POST", "path": f"{ACCOUNT_PATH}/{edge}"}
    call.update(extra)
    call["params"] = params
    call["returns"] = [returns]
    return call


class _Reference(str):
    """A reference this builder made: any other string of that form is the project's own text."""


def ref(call_id: str, field: str) -> str:
    """The placeholder a sender replaces with a returned field of an earlier call."""
    return _Reference("{" + f"{call_id}.{field}" + "}")


def _owner(project, text: str) -> str:
    for _, asset in project.assets():
        for f in fields(asset):
            if getattr(asset, f.name) == text:
                return f"{asset.id} {f.name}: "
    return "project name: " if project.name == text else ""


def _refuse_reference_text(project, calls: list[dict]) -> None:
    """A text of the project that reads as a reference would be swapped for an id by every
    sender (plan.json has no other way to tell them apart), so it never enters a plan."""
    for call in calls:
        for where, value in _strings(call["params"], "params"):
            if not isinstance(value, _Reference) and REFERENCE.match(value):
                raise BadInputError(
                    f"{_owner(project, value)}the text {value!r} has the form of a reference to another call's "
                    f"answer ({{call.field}}), which publishing would replace with an id; change it, e.g. add a "
                    f"word (call {call['id']}, {where})")


def _product_set_calls(project) -> list[dict]:
    """Meta's ``POST /{catalog_id}/product_sets`` for each product set, its filter exactly as saved."""
    catalog = getattr(project, "catalog", None)
    calls = []
    for i, pset in enumerate(catalog.product_sets if catalog else (), 1):
        check_filter(pset.filter, f"product set {pset.name!r}: filter")
        calls.append({"id": f"product-set-{i}", "kind": "product_set", "method": "POST",
                      "path": f"{CATALOG_PATH}/product_sets", "params": {"name": pset.name, "filter": pset.filter},
                      "returns": ["id"]})
    return calls


def _now(now: datetime | None) -> datetime:
    now = now or datetime.now(timezone.utc)
    return now if now.tzinfo else now.replace(tzinfo=timezone.utc)


def _image_refs(project, split: Split) -> tuple[dict[str, dict], list[dict]]:
    refs, calls = {}, []
    uploads = upload_images_for(project, uploaded_image_ids(project, split))
    for image in uploads:
        call_id = f"image-{image.asset_id}"
        refs[image.asset_id] = {"hash": ref(call_id, "hash")}
        calls.append(_call(call_id, "image", "adimages", {"name": image.name}, "hash",
                           file=f"{IMAGES_DIR}/{image.name}", sha256=image.sha256))
    for asset_id in used_image_ids(project, split):
        if asset_id not in refs:
            source = project.remote_images[asset_id]
            refs[asset_id] = {k: source[k] for k in ("hash", "url") if k in source}
    return refs, calls


def _video_refs(project, split: Split) -> tuple[dict[str, dict], list[dict], list[dict]]:
    """(video id -> feed fields, poster image calls, video upload calls) for the videos uploaded."""
    refs, posters, calls = {}, [], []
    for video in uploaded_videos(project, split):
        refs[video.asset_id] = {"video_id": ref(f"video-{video.asset_id}", "id")}
        if video.poster is not None:
            thumb = f"thumb-{video.asset_id}"
            refs[video.asset_id]["thumbnail_hash"] = ref(thumb, "hash")
            posters.append(_call(thumb, "image", "adimages", {"name": video.poster_name}, "hash",
                                 file=f"{IMAGES_DIR}/{video.poster_name}", sha256=video.poster_sha256,
                                 poster_of=video.asset_id))
        calls.append(_call(f"video-{video.asset_id}", "video", "advideos", {"name": video.name}, "id",
                           file=f"{VIDEOS_DIR}/{video.name}", sha256=video.sha256, file_size=video.size))
    return refs, posters, calls


def _promoted_object(campaign) -> dict:
    promoted = dict(campaign.promoted_object)
    # Lead ads collect leads on the page the ads run as, unless the project names another.
    if campaign.optimization_goal in LEAD_AD_GOALS and campaign.page_id and not promoted.get("page_id"):
        promoted["page_id"] = campaign.page_id
    return promoted


def _adset_params(project, n: int, budget: int, now: datetime) -> dict:
    c = project.campaign
    params = _adset_common(c, name=object_name(project, "ad set", n, now), campaign_id=ref("campaign", "id"),
                           budget=budget)
    promoted = _promoted_object(c)
    if promoted:
        params["promoted_object"] = promoted
    # Placement and language customization is not dynamic creative: Meta's Placement Asset
    # Customization puts such a creative in an ad set without is_dynamic_creative.
    params["is_dynamic_creative"] = not project.customization.rules
    params["status"] = c.status
    return params


def _check_exportable(project, split: Split, left_out) -> None:
    if project.profile != "meta-dynamic-creative":
        raise BadInputError(f"export writes Meta Marketing API calls; project {project.name!r} uses the "
                            f"{project.profile} profile")
    if not split.adsets:
        rejected = f", or rejected assets left out ({', '.join(a.id for a in left_out)})" if left_out else ""
        raise BadInputError(f"nothing to export: project {project.name!r} has no combinations "
                            f"(a pool is empty, or exclusions leave nothing{rejected})")


def build_plan(project, *, api_version: str | None = None, now: datetime | None = None,
               split: Split | None = None) -> dict:
    """The plan (a JSON-ready dict). Raises BadInputError / ImageError for what cannot be sent.

    Rejected assets are left out (``summary.left_out`` names them); a ``split`` given must be that
    of the project without them."""
    now = _now(now)
    if is_catalog_ad(project):
        return _catalog_plan(project, api_version, now)
    project, left_out = without_rejected(project)
    split = split or split_project(project)
    _check_exportable(project, split, left_out)
    n = len(split.adsets)
    c = project.campaign
    campaign = _call("campaign", "campaign", "campaigns", {
        "name": object_name(project, "campaign", None, now),
        "objective": c.objective,
        "status": c.status,
        "special_ad_categories": list(c.special_ad_categories),
        **({"special_ad_category_country": list(c.special_ad_category_country)}
           if c.special_ad_category_country else {}),
        "buying_type": c.buying_type,
        # Budgets live on the ad sets; the API asks campaigns without a budget to say whether
        # ad sets may share theirs.
        "is_adset_budget_sharing_enabled": False,
    }, "id")
    adsets = [_call(f"adset-{i}", "adset", "adsets", _adset_params(project, i, budget, now), "id")
              for i, budget in enumerate(_budgets(project, n), 1)]
    refs, images = _image_refs(project, split)
    video_refs, posters, videos = _video_refs(project, split)
    images += posters
    creatives, ads = [], []
    for i, adset in enumerate(split.adsets, 1):
        creatives.append(_call(f"creative-{i}", "creative", "adcreatives", {
            "name": object_name(project, "creative", i, now),
            "object_story_spec": object_story_spec(project, adset, refs),
            "asset_feed_spec": asset_feed_spec(project, adset, split.cards, refs, now, video_refs),
            "degrees_of_freedom_spec": degrees_of_freedom_spec(project),
            **kept_creative_fields(project),
        }, "id"))
        ads.append(_call(f"ad-{i}", "ad", "ads", {
            "name": object_name(project, "ad", i, now),
            "adset_id": ref(f"adset-{i}", "id"),
            "creative": {"creative_id": ref(f"creative-{i}", "id")},
            "status": c.status,
        }, "id"))
    product_sets = _product_set_calls(project)
    calls = [*product_sets, campaign, *adsets, *images, *videos, *creatives, *ads]
    _refuse_reference_text(project, calls)
    words = split.describe()
    if n > 1:
        words += f"; the {c.budget.kind} budget is shared evenly over the {n} ad sets"
    return {
        "plan_version": PLAN_VERSION,
        "api_version": api_version or project.export.api_version,
        "project": project.name,
        "created": now.isoformat(timespec="seconds"),
        "summary": {"campaigns": 1, "adsets": n, "images": len(images), **({"videos": len(videos)} if videos else {}),
                    "creatives": n, "ads": n,
                    **({"product_sets": len(product_sets)} if product_sets else {}),
                    "combinations": len(CombinationSpace.from_project(project)), "split": words,
                    "left_out": left_out_record(left_out)},
        META_KEY: plan_metadata(project, split.adsets),  # for import-spec; never sent
        "calls": calls,
    }


def _catalog_plan(project, api_version: str | None, now: datetime) -> dict:
    """A catalog ad's plan (export/catalog_plan.py): catalog, feed, sets, then the ad's four calls."""
    calls = catalog_calls(project, now)
    return {"plan_version": PLAN_VERSION, "api_version": api_version or project.export.api_version,
            "project": project.name, "created": now.isoformat(timespec="seconds"),
            "summary": catalog_summary(calls),
            META_KEY: {"currency": project.campaign.budget.currency,
                       "naming_template": project.export.naming_template,
                       "url_tags_template": project.export.url_tags_template},
            "calls": calls}


def feeds_with_file_names(plan: dict) -> list[dict]:
    """Each creative's asset_feed_spec with uploaded images named by their bundle file until
    uploaded ({"hash": "images/<file>"}), as asset_feed_spec.json shows them."""
    files = {c["id"]: c["file"] for c in plan["calls"] if c["kind"] in ("image", "video")}
    feeds = []
    for call in plan["calls"]:
        if call["kind"] != "creative" or "asset_feed_spec" not in call["params"]:
            continue
        feed = dict(call["params"]["asset_feed_spec"])
        if "images" in feed:
            feed["images"] = [_named(entry, files) for entry in feed["images"]]
        if "videos" in feed:
            feed["videos"] = [_named(_named(entry, files, "thumbnail_hash", ".hash}"), files, "video_id", ".id}")
                              for entry in feed["videos"]]
        feeds.append(feed)
    return feeds


def _named(entry: dict, files: dict[str, str], key: str = "hash", tail: str = ".hash}") -> dict:
    value = entry.get(key, "")
    if value.startswith("{") and value.endswith(tail):
        entry = dict(entry, **{key: files[value[1:-len(tail)]]})
    return entry
