"""Reading an ``asset_feed_spec`` into a project's pools: its images, videos, texts, calls to
action and links, each value added once across the feeds of several ad sets."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from dcstudio.core.lint.checks_meta import COUNT_LIMITS
from dcstudio.core.model.assets import CtaAsset, ImageAsset, LinkAsset, TextAsset, VideoAsset
from dcstudio.core.model.project import POOLS, Project
from dcstudio.core.model.project_folder import import_image
from dcstudio.core.platforms.meta.export.plan_meta import label_key
from dcstudio.core.platforms.meta.export.spec_crops import read_crop
from dcstudio.core.platforms.meta.export.spec_fields import adlabels, fail, first_label, graph_id, listed, text
from dcstudio.core.platforms.meta.export.spec_files import call_file, inside_folder
from dcstudio.core.values.crops import Crop
from dcstudio.core.values.errors import DcError
from dcstudio.core.values.meta_enums import AD_FORMATS, CALL_TO_ACTION_TYPES

FEED_KEYS = {"ad_formats", "images", "videos", "titles", "bodies", "descriptions", "link_urls",
             "call_to_action_types", "call_to_actions"}
TEXT_KEYS = ("titles", "bodies", "descriptions", "link_urls", "call_to_actions")
UNKNOWN_SHA256 = "0" * 64  # a placeholder image: no file yet, so no content hash
_FORMAT_ALIASES = {"CAROUSEL_IMAGE": "CAROUSEL"}


class FeedReader:
    """Adds a feed's assets to a project, the same value only once across several feeds."""

    def __init__(self, project: Project, source, base: Path, field: str, files: dict, labels: dict,
                 notes: list | None = None):
        self.project, self.source, self.base, self.field, self.files = project, source, base, field, files
        self.notes = notes  # what the import left out, for the person to read
        self.labels = labels  # labels the feed cannot carry, from a plan's dcstudio block
        self.entries: list = []  # the feed being read: (pool, value key, maker of the asset)
        self.seen: dict[tuple, str] = {}  # the feed being read: value key -> where it came first
        # A new, empty project is filled the way the file reader fills one: ids counted here and
        # assets appended, since Project.add_asset looks through every asset for each one added.
        if any(project.pools.values()):
            raise ValueError("feed_into_project fills a new, empty project")
        self.counts = {pool: 0 for pool in POOLS}
        self.checked: dict[str, Path] = {}  # "{image-…hash}" -> its file, inside the bundle and as recorded

    def head(self, feed_no: int) -> str:
        if self.field == "calls":
            return f"calls[creative-{feed_no + 1}].params.asset_feed_spec"
        return self.field

    def where(self, feed_no: int, key: str, i: int) -> str:
        head = self.head(feed_no)
        return f"{head}.{key}[{i}]" if head else f"{key}[{i}]"

    def once(self, pool: str, key: tuple, make, where: str = "") -> None:
        first = self.seen.setdefault(key, where)
        if first != where and self.notes is not None:
            self.notes.append(f"{where}: the same as {first}; imported once")
        self.entries.append((pool, key, make))

    def over_limit(self, pool: str, n: int, where: str) -> None:
        limit = COUNT_LIMITS[pool]
        if n > limit and self.notes is not None:
            self.notes.append(f"{where} has {n:,} entries; Meta takes at most {limit}: all are imported, "
                              "lint will say so")

    def next_id(self, pool: str) -> str:
        return f"{POOLS[pool][1]}{self.counts[pool] + 1}"

    def add(self, pool: str, asset) -> str:
        if not asset.id:
            asset = replace(asset, id=self.next_id(pool))
        self.counts[pool] += 1
        self.project.pools[pool].append(asset)
        return asset.id

    # -- images --------------------------------------------------------------------------
    def image(self, entry: dict, where: str) -> None:
        value = text(entry, "hash", self.source, where)
        url = text(entry, "url", self.source, where)
        if not value and not url:
            fail(self.source, where, "an image needs a hash or a url")
        read_crop(entry, self.source, where)  # refused now, before any file is copied
        path = self._file_for(value, where) if value else None  # and so is a path that leaves the folder
        # The same picture cropped once per placement, or labelled for two, is two assets.
        crops = json.dumps(entry.get("image_crops") or {}, sort_keys=True)
        key = ("image", value or url, crops, adlabels(entry, self.source, where))
        self.once("images", key, lambda: self._new_image(entry, value, url, where, path), where)

    def _file_for(self, value: str, where: str) -> Path | None:
        if value.startswith("{") and value.endswith(".hash}"):
            call = self.files.get(value[1:-len(".hash}")])
            if call is None:
                fail(self.source, f"{where}.hash", f"{value} names no image upload call")
            if value not in self.checked:  # each ad set's feed names it again: hashed once
                self.checked[value] = call_file(call, self.base, self.source)[0]
            return self.checked[value]
        if "/" in value or "\\" in value or "\0" in value or value.lower().endswith((".jpg", ".jpeg", ".png")):
            path = inside_folder(self.base, value, self.source, f"{where}.hash")
            return path if path.is_file() else None
        return None

    def _new_image(self, entry: dict, value: str, url: str, where: str, path: Path | None) -> str:
        crop = read_crop(entry, self.source, where, self.notes)
        label = first_label(entry, self.source, where)
        labels = adlabels(entry, self.source, where)
        tags = text(entry, "url_tags", self.source, where)
        if path is not None:
            if not path.is_file():
                fail(self.source, where, f"the image file {path} is missing")
            try:
                asset = import_image(self.project, path, label=label)
            except DcError as exc:
                fail(self.source, where, str(exc))
            if crop is not None:
                if not crop.inside(asset.width, asset.height):
                    fail(self.source, f"{where}.image_crops", f"the crop lies outside the "
                         f"{asset.width}x{asset.height} image {path.name}")
                asset = replace(asset, crop=crop)
            return self.add("images", replace(asset, url_tags=tags, adlabels=labels))
        # A placeholder: an image asset with no file yet, and where the image really lives.
        asset_id = self.next_id("images")
        width, height = (crop.right, crop.bottom) if crop else (1080, 1080)
        hint = (url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] if url else f"hash-{value[:12]}") or asset_id
        stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in hint.rsplit(".", 1)[0])[:40]
        self.project.remote_images[asset_id] = {"hash": value} if value else {"url": url}
        if crop is None:  # remembered, so an export does not invent a crop for it
            self.project.remote_images[asset_id]["no_crop"] = True
        return self.add("images", ImageAsset(asset_id, f"assets/relink-{asset_id}-{stem}.jpg", UNKNOWN_SHA256,
                                             width, height, crop or Crop.centered(width, height), label, tags,
                                             adlabels=labels))

    # -- the rest ------------------------------------------------------------------------
    def feed(self, feed: dict, feed_no: int) -> list:
        """Checks one feed; returns its (pool, value key, maker) entries in order."""
        self.entries = []
        self.seen = {}
        src = self.source
        head = self.head(feed_no)

        def listed_in_pool(key: str, pool: str, **kinds) -> list:
            items = listed(feed, key, src, head, **kinds)
            self.over_limit(pool, len(items), self.where(feed_no, key, 0)[:-3])
            return items

        for i, entry in enumerate(listed_in_pool("images", "images")):
            self.image(entry, self.where(feed_no, "images", i))
        for i, entry in enumerate(listed_in_pool("videos", "videos")):
            where = self.where(feed_no, "videos", i)
            vid = graph_id(entry.get("video_id"), src, f"{where}.video_id", required=True)
            asset = VideoAsset("", video_id=vid, label=first_label(entry, src, where),
                               url_tags=text(entry, "url_tags", src, where), adlabels=adlabels(entry, src, where),
                               thumbnail_url=text(entry, "thumbnail_url", src, where),
                               thumbnail_hash=text(entry, "thumbnail_hash", src, where))
            self.once("videos", ("video", vid, asset.adlabels, asset.thumbnail_url, asset.thumbnail_hash),
                      lambda asset=asset: self.add("videos", asset), where)
        for pool in ("titles", "bodies", "descriptions"):
            for i, entry in enumerate(listed_in_pool(pool, pool)):
                where = self.where(feed_no, pool, i)
                labels = adlabels(entry, src, where)
                # Meta's own placement examples give labelled texts as "": the linter judges them.
                value = text(entry, "text", src, where, required=pool != "descriptions" and not labels)
                label = first_label(entry, src, where) or self.labels.get((pool, value), "")
                asset = TextAsset("", value, label, text(entry, "url_tags", src, where), adlabels=labels)
                self.once(pool, (pool, value, labels), lambda pool=pool, asset=asset: self.add(pool, asset), where)
        self._calls_to_action(feed, feed_no)
        for i, entry in enumerate(listed_in_pool("link_urls", "link_urls")):
            where = self.where(feed_no, "link_urls", i)
            link = LinkAsset("", text(entry, "website_url", src, where, required=True),
                             text(entry, "display_url", src, where), text(entry, "deeplink_url", src, where),
                             first_label(entry, src, where), adlabels=adlabels(entry, src, where))
            if not link.label:
                link = replace(link, label=self.labels.get(label_key("link_urls", link), ""))
            self.once("link_urls", ("link", link.website_url, link.display_url, link.deeplink_url, link.adlabels),
                      lambda link=link: self.add("link_urls", link), where)
        self._label_ids(feed, head)
        return self.entries

    def _calls_to_action(self, feed: dict, feed_no: int) -> None:
        """call_to_action_types (bare types) and call_to_actions (a type with a value) share a pool."""
        src, head = self.source, self.head(feed_no)
        types = listed(feed, "call_to_action_types", src, head, of=str, what="strings")
        objects = listed(feed, "call_to_actions", src, head)
        self.over_limit("call_to_actions", len(types) + len(objects),
                        self.where(feed_no, "call_to_action_types", 0)[:-3])
        entries = [(self.where(feed_no, "call_to_action_types", i), "", cta, {}, ()) for i, cta in enumerate(types)]
        for i, c in enumerate(objects):
            where = self.where(feed_no, "call_to_actions", i)
            value = c.get("value", {})
            if not isinstance(value, dict):
                fail(src, f"{where}.value", 'must be an object, such as {"lead_gen_form_id": "<form id>"}')
            entries.append((where, ".type", text(c, "type", src, where, required=True), value,
                            adlabels(c, src, where)))
        for where, of_type, cta, value, labels in entries:
            if cta not in CALL_TO_ACTION_TYPES:
                fail(src, where + of_type, f"{cta!r} is not a call-to-action type of the Marketing API")
            label = labels[0] if labels else self.labels.get(("call_to_actions", cta), "")
            asset = CtaAsset("", cta, label, adlabels=labels, value=value)
            self.once("call_to_actions", ("cta", cta, json.dumps(value, sort_keys=True), labels),
                      lambda asset=asset: self.add("call_to_actions", asset), where)

    def _label_ids(self, feed: dict, head: str) -> None:
        """Labels are kept by name, which is what rules point at: the ids Meta gave them are named."""
        with_ids = sorted({f"{head + '.' if head else ''}{key}" for key in ("images", "videos", *TEXT_KEYS)
                           for entry in feed.get(key, []) if isinstance(entry, dict)
                           for label in entry.get("adlabels", []) if isinstance(label, dict) and set(label) - {"name"}})
        if with_ids and self.notes is not None:
            self.notes.append(f"{', '.join(with_ids)}: adlabels kept by name; left out the ids Meta gave them "
                              "(a new creative names its labels)")


def ad_format(feeds: list[dict], source, field: str) -> str:
    """The project's ad format: the first feed's first ad_formats entry, or what its media say."""
    formats = feeds[0].get("ad_formats") or []
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        fail(source, f"{field}.ad_formats" if field else "ad_formats", "must be a list of strings")
    if not formats:
        return "SINGLE_VIDEO" if feeds[0].get("videos") and not feeds[0].get("images") else "SINGLE_IMAGE"
    fmt = _FORMAT_ALIASES.get(formats[0], formats[0])
    if fmt not in AD_FORMATS:
        fail(source, f"{field}.ad_formats" if field else "ad_formats", f"{formats[0]!r} is not one of "
             f"{', '.join(AD_FORMATS)}")
    return fmt


def link_template(project: Project, feeds: list[dict]) -> None:
    """Links' url_tags come from the template's asset-free part: the same tags on every link
    become that template, so exporting again gives the same links."""
    tags = {str(link.get("url_tags") or "") for f in feeds for link in f.get("link_urls", []) if isinstance(link, dict)}
    if len(tags) == 1 and (tag := tags.pop()):
        try:
            project.set_export_settings(replace(project.export, url_tags_template=tag))
        except ValueError:
            pass  # braces a template would read as placeholders: left out rather than misread


_START = ("start of the pool",)  # the head of each pool's chain; no value key is a 1-tuple


def add_in_merged_order(per_feed: list[list]) -> dict[tuple, str]:
    """Adds each asset once, in an order that keeps every feed's own order: an asset first seen
    in a later feed goes right after its predecessor there (ad sets of a split each lack some).
    Each pool is a chain (key -> the key after it), so an insertion costs the same at any size."""
    chains: dict[str, dict[tuple, tuple | None]] = {}
    makers: dict[tuple, object] = {}
    for entries in per_feed:
        previous: dict[str, tuple] = {}
        for pool, key, make in entries:
            makers.setdefault(key, make)
            chain = chains.setdefault(pool, {_START: None})
            if key not in chain:
                before = previous.get(pool, _START)
                chain[key], chain[before] = chain[before], key
            previous[pool] = key
    ids = {}
    for chain in chains.values():
        key = chain[_START]
        while key is not None:
            ids[key] = makers[key]()
            key = chain[key]
    return ids
