"""Reading Marketing API payloads back into a project: feeds, creatives, campaign and ad set
params. Every refusal names the file and the field (``asset_feed_spec.images[2].image_crops``)."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from dcstudio.core.assets import CtaAsset, ImageAsset, LinkAsset, TextAsset, VideoAsset
from dcstudio.core.campaign import Budget, major_units
from dcstudio.core.crops import CROP_KEYS, Crop
from dcstudio.core.errors import BadInputError, DcError
from dcstudio.core.export.plan_meta import label_key
from dcstudio.core.meta_enums import AD_FORMATS, CALL_TO_ACTION_TYPES
from dcstudio.core.project import ENROLL_STATUSES, Project
from dcstudio.core.project_folder import import_image

FEED_KEYS = {"ad_formats", "images", "videos", "titles", "bodies", "descriptions", "link_urls",
             "call_to_action_types", "call_to_actions"}
UNKNOWN_SHA256 = "0" * 64  # a placeholder image: no file yet, so no content hash
PLACEMENT_KEYS = ("publisher_platforms", "facebook_positions", "instagram_positions",
                  "audience_network_positions", "messenger_positions", "threads_positions", "device_platforms")
_FORMAT_ALIASES = {"CAROUSEL_IMAGE": "CAROUSEL"}


def _fail(source, where: str, problem: str):
    raise BadInputError(f"{source}: {where}: {problem}")


def _list(obj: dict, key: str, source, where: str) -> list[dict]:
    value = obj.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        _fail(source, f"{where}.{key}" if where else key, "must be a list of objects")
    return value


def _str(entry: dict, key: str, source, where: str, required: bool = False) -> str:
    value = entry.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        _fail(source, f"{where}.{key}", f"must be text, not {type(value).__name__}")
    if required and not value:
        _fail(source, f"{where}.{key}", "is missing")
    return value


def _label(entry: dict, source, where: str) -> str:
    labels = _list(entry, "adlabels", source, where)
    return str(labels[0].get("name") or "") if labels else ""


# JPEG's largest side; Meta takes JPEG and PNG, and no ad image comes near this, so a corner
# beyond it is a typo or a hostile file, not a crop.
MAX_CROP_COORDINATE = 65_535


def _corner_value(value, source, where: str) -> int:
    # bool is an int in Python, and int() would truncate 2.7 or blow 1e30 up to a huge number:
    # Meta writes whole JSON numbers only, so anything else is refused rather than guessed at.
    if isinstance(value, bool) or not isinstance(value, int):
        shown = "true/false" if isinstance(value, bool) else f"{value!r} ({type(value).__name__})"
        _fail(source, where, f"corners must be whole numbers of pixels, not {shown}")
    if not 0 <= value <= MAX_CROP_COORDINATE:
        _fail(source, where, f"corner value {value} is outside 0..{MAX_CROP_COORDINATE} pixels")
    return value


def _crop(entry: dict, source, where: str, notes: list | None = None) -> Crop | None:
    """The image's crop. dcstudio keeps one per image: with several keys the first is kept, the
    others are checked too and named in ``notes``."""
    crops = entry.get("image_crops")
    if crops is None:
        return None
    if not isinstance(crops, dict):
        _fail(source, f"{where}.image_crops", "must be an object like {\"100x100\": [[x1, y1], [x2, y2]]}")
    if not crops:
        return None
    kept, *others = [_one_crop(key, corners, source, where) for key, corners in crops.items()]
    if others and notes is not None:
        notes.append(f"{where}.image_crops: kept {kept.key}; left out "
                     f"{', '.join(c.key for c in others)} (dcstudio keeps one crop per image)")
    return kept


def _one_crop(key, corners, source, where: str) -> Crop:
    if key not in CROP_KEYS:
        _fail(source, f"{where}.image_crops", f"crop key {key!r} is not one of {', '.join(CROP_KEYS)}")
    field = f"{where}.image_crops.{key}"
    if not (isinstance(corners, list) and len(corners) == 2
            and all(isinstance(c, list) and len(c) == 2 for c in corners)):
        _fail(source, field, f"must be [[x1, y1], [x2, y2]] (two corners of two numbers), not "
              f"{_short(corners)}")
    x1, y1, x2, y2 = (_corner_value(v, source, field) for corner in corners for v in corner)
    if x2 < x1 or y2 < y1:
        _fail(source, field, "corners must be non-negative with x2 >= x1 and y2 >= y1")
    return Crop.from_corners([[x1, y1], [x2, y2]], key)


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class _Reader:
    """Adds a feed's assets to a project, the same value only once across several feeds."""

    def __init__(self, project: Project, source, base: Path, field: str, files: dict, labels: dict,
                 notes: list | None = None):
        self.project, self.source, self.base, self.field, self.files = project, source, base, field, files
        self.notes = notes  # what the import left out, for the person to read
        self.labels = labels  # labels the feed cannot carry, from a plan's dcstudio block
        self.entries: list = []  # the feed being read: (pool, value key, maker of the asset)

    def head(self, feed_no: int) -> str:
        if self.field == "calls":
            return f"calls[creative-{feed_no + 1}].params.asset_feed_spec"
        return self.field

    def where(self, feed_no: int, key: str, i: int) -> str:
        head = self.head(feed_no)
        return f"{head}.{key}[{i}]" if head else f"{key}[{i}]"

    def once(self, pool: str, key: tuple, make) -> None:
        self.entries.append((pool, key, make))

    def add(self, pool: str, asset) -> str:
        return self.project.add_asset(pool, asset).id

    # -- images --------------------------------------------------------------------------
    def image(self, entry: dict, where: str) -> None:
        value = _str(entry, "hash", self.source, where)
        url = _str(entry, "url", self.source, where)
        if not value and not url:
            _fail(self.source, where, "an image needs a hash or a url")
        _crop(entry, self.source, where)  # refused now, before any file is copied
        self.once("images", ("image", value or url), lambda: self._new_image(entry, value, url, where))

    def _file_for(self, value: str) -> Path | None:
        if value.startswith("{") and value.endswith(".hash}"):
            call = self.files.get(value[1:-len(".hash}")])
            if call is None:
                _fail(self.source, "calls", f"{value} names no image upload call")
            return self._inside_base(str(call.get("file", "")))
        if "/" in value or value.lower().endswith((".jpg", ".jpeg", ".png")):
            path = self._inside_base(value)
            return path if path.is_file() else None
        return None

    def _inside_base(self, relative: str) -> Path:
        # A handed-over spec must not make the import read files from elsewhere on the disk.
        path = (self.base / relative).resolve()
        if not path.is_relative_to(self.base.resolve()):
            _fail(self.source, "images", f"{relative} points outside the folder of {Path(self.source).name}")
        return path

    def _new_image(self, entry: dict, value: str, url: str, where: str) -> str:
        crop = _crop(entry, self.source, where, self.notes)
        label = _label(entry, self.source, where)
        tags = _str(entry, "url_tags", self.source, where)
        path = self._file_for(value) if value else None
        if path is not None:
            if not path.is_file():
                _fail(self.source, where, f"the image file {path} is missing")
            try:
                asset = import_image(self.project, path, label=label)
            except DcError as exc:
                _fail(self.source, where, str(exc))
            if crop is not None:
                if not crop.inside(asset.width, asset.height):
                    _fail(self.source, f"{where}.image_crops", f"the crop lies outside the "
                          f"{asset.width}x{asset.height} image {path.name}")
                asset = replace(asset, crop=crop)
            return self.add("images", replace(asset, url_tags=tags))
        # A placeholder: an image asset with no file yet, and where the image really lives.
        asset_id = self.project.new_id("images")
        width, height = (crop.right, crop.bottom) if crop else (1080, 1080)
        hint = (url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] if url else f"hash-{value[:12]}") or asset_id
        stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in hint.rsplit(".", 1)[0])[:40]
        self.project.remote_images[asset_id] = {"hash": value} if value else {"url": url}
        if crop is None:  # remembered, so an export does not invent a crop for it
            self.project.remote_images[asset_id]["no_crop"] = True
        return self.add("images", ImageAsset(asset_id, f"assets/relink-{asset_id}-{stem}.jpg", UNKNOWN_SHA256,
                                             width, height, crop or Crop.centered(width, height), label, tags))

    # -- the rest ------------------------------------------------------------------------
    def feed(self, feed: dict, feed_no: int) -> list:
        """Checks one feed; returns its (pool, value key, maker) entries in order."""
        self.entries = []
        src = self.source
        head = self.head(feed_no)
        for i, entry in enumerate(_list(feed, "images", src, head)):
            self.image(entry, self.where(feed_no, "images", i))
        for i, entry in enumerate(_list(feed, "videos", src, head)):
            where = self.where(feed_no, "videos", i)
            vid = _str(entry, "video_id", src, where, required=True)
            asset = VideoAsset("", video_id=vid, label=_label(entry, src, where),
                               url_tags=_str(entry, "url_tags", src, where))
            self.once("videos", ("video", vid), lambda asset=asset: self.add("videos", asset))
        for pool in ("titles", "bodies", "descriptions"):
            for i, entry in enumerate(_list(feed, pool, src, head)):
                where = self.where(feed_no, pool, i)
                text = _str(entry, "text", src, where, required=pool != "descriptions")
                label = _label(entry, src, where) or self.labels.get((pool, text), "")
                asset = TextAsset("", text, label, _str(entry, "url_tags", src, where))
                self.once(pool, (pool, text), lambda pool=pool, asset=asset: self.add(pool, asset))
        types = feed.get("call_to_action_types", [])
        if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
            _fail(src, self.where(feed_no, "call_to_action_types", 0)[:-3], "must be a list of strings")
        types = types + [_str(c, "type", src, self.where(feed_no, "call_to_actions", i), required=True)
                         for i, c in enumerate(_list(feed, "call_to_actions", src, head))]
        for i, cta in enumerate(types):
            if cta not in CALL_TO_ACTION_TYPES:
                _fail(src, self.where(feed_no, "call_to_action_types", i), f"{cta!r} is not a call-to-action type "
                      "of the Marketing API")
            self.once("call_to_actions", ("cta", cta),
                      lambda cta=cta: self.add("call_to_actions", CtaAsset(
                          "", cta, self.labels.get(("call_to_actions", cta), ""))))
        for i, entry in enumerate(_list(feed, "link_urls", src, head)):
            where = self.where(feed_no, "link_urls", i)
            link = LinkAsset("", _str(entry, "website_url", src, where, required=True),
                             _str(entry, "display_url", src, where), _str(entry, "deeplink_url", src, where),
                             _label(entry, src, where))
            if not link.label:
                link = replace(link, label=self.labels.get(label_key("link_urls", link), ""))
            self.once("link_urls", ("link", link.website_url, link.display_url, link.deeplink_url),
                      lambda link=link: self.add("link_urls", link))
        return self.entries


def _ad_format(feeds: list[dict], source, field: str) -> str:
    formats = feeds[0].get("ad_formats") or []
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        _fail(source, f"{field}.ad_formats" if field else "ad_formats", "must be a list of strings")
    if not formats:
        return "SINGLE_VIDEO" if feeds[0].get("videos") and not feeds[0].get("images") else "SINGLE_IMAGE"
    fmt = _FORMAT_ALIASES.get(formats[0], formats[0])
    if fmt not in AD_FORMATS:
        _fail(source, f"{field}.ad_formats" if field else "ad_formats", f"{formats[0]!r} is not one of "
              f"{', '.join(AD_FORMATS)}")
    return fmt


def _link_template(project: Project, feeds: list[dict]) -> None:
    """Links' url_tags come from the template's asset-free part: the same tags on every link
    become that template, so exporting again gives the same links."""
    tags = {str(l.get("url_tags") or "") for f in feeds for l in f.get("link_urls", []) if isinstance(l, dict)}
    if len(tags) == 1 and (tag := tags.pop()):
        try:
            project.set_export_settings(replace(project.export, url_tags_template=tag))
        except ValueError:
            pass  # braces a template would read as placeholders: left out rather than misread


def feed_into_project(project: Project, feeds: list[dict], creative: dict, source, *, base: Path,
                      field: str, files: dict | None = None, labels: dict | None = None,
                      notes: list | None = None) -> list[set[str]]:
    """Adds the feeds' assets and the creative's page, Instagram account and enhancements.
    ``labels``: PlanMeta.labels, for what the feeds cannot label themselves. ``notes``: gets a
    line for each thing the project cannot hold and the import left out.
    Returns, per feed, the ids of the assets it holds."""
    if not feeds:
        _fail(source, field or "(top level)", "holds no asset_feed_spec")
    project.set_project_settings(ad_format=_ad_format(feeds, source, field))
    reader = _Reader(project, source, base, field, files or {}, labels or {}, notes)
    per_feed = [reader.feed(feed, n) for n, feed in enumerate(feeds)]
    ids = _add_in_merged_order(per_feed)
    _link_template(project, feeds)
    story = creative.get("object_story_spec") or {}
    if not isinstance(story, dict):
        _fail(source, "object_story_spec", "must be an object")
    if story:
        project.update_campaign(page_id=str(story.get("page_id") or ""),
                                instagram_user_id=str(story.get("instagram_user_id") or ""))
    dof = creative.get("degrees_of_freedom_spec") or {}
    features = dof.get("creative_features_spec", {}) if isinstance(dof, dict) else None
    if not isinstance(features, dict):
        _fail(source, "degrees_of_freedom_spec", "must be an object with creative_features_spec")
    for feature, value in sorted(features.items()):
        status = value.get("enroll_status") if isinstance(value, dict) else None
        if status not in ENROLL_STATUSES:
            _fail(source, f"degrees_of_freedom_spec.creative_features_spec.{feature}",
                  "enroll_status must be OPT_IN or OPT_OUT")
        project.set_enhancement(feature, status)
    return [{ids[key] for _, key, _ in entries} for entries in per_feed]


def _add_in_merged_order(per_feed: list[list]) -> dict[tuple, str]:
    """Adds each asset once, in an order that keeps every feed's own order: an asset first seen
    in a later feed goes right after its predecessor there (ad sets of a split each lack some)."""
    order: dict[str, list[tuple]] = {}
    makers: dict[tuple, object] = {}
    for entries in per_feed:
        previous: dict[str, tuple] = {}
        for pool, key, make in entries:
            makers.setdefault(key, make)
            keys = order.setdefault(pool, [])
            if key not in keys:
                before = previous.get(pool)
                keys.insert(keys.index(before) + 1 if before is not None else 0, key)
            previous[pool] = key
    return {key: makers[key]() for pool in order for key in order[pool]}


def _calls(plan: dict, kind: str) -> list[dict]:
    return [c for c in plan["calls"] if c.get("kind") == kind]


def _params(call: dict, source) -> dict:
    params = call.get("params")
    if not isinstance(params, dict):
        _fail(source, f"calls.{call.get('id')}.params", "must be an object")
    return params


def plan_feeds(plan: dict, source) -> tuple[list[dict], dict]:
    creatives = [_params(c, source) for c in _calls(plan, "creative")]
    if not creatives:
        _fail(source, "calls", "has no creative call")
    feeds = []
    for params in creatives:
        feed = params.get("asset_feed_spec")
        if not isinstance(feed, dict):
            _fail(source, "calls.creative.params.asset_feed_spec", "must be an object")
        feeds.append(feed)
    return feeds, creatives[0]


def plan_campaign_settings(project: Project, plan: dict, source, currency: str) -> None:
    """Campaign and ad set settings from the plan's calls (budgets summed over the ad sets).
    ``currency``: the account's, which the calls do not say (their budgets are minor units)."""
    campaigns, adsets = _calls(plan, "campaign"), _calls(plan, "adset")
    if not campaigns or not adsets:
        _fail(source, "calls", "needs a campaign call and an ad set call")
    camp, first = _params(campaigns[0], source), _params(adsets[0], source)
    kind = "lifetime" if "lifetime_budget" in first else "daily"
    minor = 0
    for call in adsets:
        value = _params(call, source).get(f"{kind}_budget")
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,15}", value):
            value = int(value)  # as a form field carries it
        # int() would take true as 1 and cut 2.5 to 2: a budget misread is money misspent.
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            _fail(source, f"calls[{call.get('id')}].params.{kind}_budget",
                  f"must be a positive whole number of minor units, not {value!r}")
        minor += value
    budget = Budget(kind, major_units(minor, currency), currency)
    targeting = dict(first.get("targeting") or {})
    placements = {k: targeting.pop(k) for k in PLACEMENT_KEYS if k in targeting} or None
    changes = dict(objective=camp.get("objective"), status=camp.get("status"),
                   special_ad_categories=tuple(camp.get("special_ad_categories") or ()),
                   buying_type=camp.get("buying_type"), optimization_goal=first.get("optimization_goal"),
                   billing_event=first.get("billing_event"), bid_strategy=first.get("bid_strategy"),
                   start_time=first.get("start_time"), end_time=first.get("end_time"),
                   promoted_object=dict(first.get("promoted_object") or {}))
    for key, value in changes.items():
        ok = isinstance(value, tuple) or isinstance(value, dict) or value is None or isinstance(value, str)
        if not ok or (key == "special_ad_categories" and not all(isinstance(v, str) for v in value)):
            _fail(source, f"calls.params.{key}", f"must be text, not {value!r}")
    project.update_campaign(budget=budget, targeting=targeting, placements=placements,
                            **{k: v for k, v in changes.items() if v is not None})
    name = camp.get("name")
    if isinstance(name, str) and name and "{" not in name and "}" not in name:
        project.set_export_settings(replace(project.export, naming_template=name))
