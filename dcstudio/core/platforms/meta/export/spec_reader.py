"""Reading Marketing API payloads back into a project: feeds, creatives, campaign and ad set
params. Every refusal names the file and the field (``asset_feed_spec.images[2].image_crops``)."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from dcstudio.core.lint.checks_meta import COUNT_LIMITS
from dcstudio.core.model.assets import CtaAsset, ImageAsset, LinkAsset, TextAsset, VideoAsset
from dcstudio.core.model.campaign import Budget, major_units
from dcstudio.core.model.customization import STORY_OBJECTS, Customization, RuleError
from dcstudio.core.model.images import sha256_file
from dcstudio.core.model.project import ENROLL_STATUSES, POOLS, Project
from dcstudio.core.model.project_folder import import_image
from dcstudio.core.platforms.meta.export.plan_meta import label_key
from dcstudio.core.values.crops import CROP_KEYS, Crop
from dcstudio.core.values.errors import BadInputError, DcError
from dcstudio.core.values.meta_enums import AD_FORMATS, CALL_TO_ACTION_TYPES, ENHANCEMENT_FEATURES

FEED_KEYS = {"ad_formats", "images", "videos", "titles", "bodies", "descriptions", "link_urls",
             "call_to_action_types", "call_to_actions"}
# What the project models of a feed; every other key of it is kept as it came (Customization.kept_feed).
MODELLED_FEED_KEYS = FEED_KEYS | {"asset_customization_rules", "optimization_type", "autotranslate"}
MODELLED_CREATIVE_KEYS = {"asset_feed_spec", "object_story_spec", "degrees_of_freedom_spec", "name"}
MODELLED_STORY_KEYS = {"page_id", "instagram_user_id"}
# Fields Meta answers a GET with but a create call does not take: not kept, and the notes say so.
READ_ONLY_CREATIVE_KEYS = {"id", "account_id", "status", "effective_authorization_category",
                           "effective_instagram_media_id", "effective_object_story_id", "thumbnail_id",
                           "thumbnail_url", "image_url", "instagram_permalink_url", "object_type",
                           "is_dco_internal", "created_time", "updated_time"}
UNKNOWN_SHA256 = "0" * 64  # a placeholder image: no file yet, so no content hash
PLACEMENT_KEYS = ("publisher_platforms", "facebook_positions", "instagram_positions",
                  "audience_network_positions", "messenger_positions", "threads_positions", "device_platforms")
# The fields of each story object whose values become assets (the rest are kept as they came).
STORY_FIELDS = {"link_data": ("link", "image_hash", "picture", "call_to_action", *STORY_OBJECTS["link_data"]),
                "video_data": ("video_id", "image_hash", "image_url", "call_to_action", *STORY_OBJECTS["video_data"])}
TEXT_KEYS = ("titles", "bodies", "descriptions", "link_urls", "call_to_actions")
_FORMAT_ALIASES = {"CAROUSEL_IMAGE": "CAROUSEL"}
# Meta takes at most 10 of anything (COUNT_LIMITS): a list past this bound is no ad's, and a
# project of it would only make the window and the linter crawl. Refused when read.
MAX_ENTRIES = 10_000
# A budget in minor units: 10^15 cents is ten trillion dollars, far past any ad account's
# spend cap, and well inside what Decimal keeps exactly (28 digits).
MAX_BUDGET_MINOR = 10 ** 15
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[0-9]{1,32}$")
_DRIVE = re.compile(r"^[A-Za-z]:")


def _fail(source, where: str, problem: str):
    raise BadInputError(f"{source}: {where}: {problem}")


def _list(obj: dict, key: str, source, where: str, of=dict, what: str = "objects") -> list:
    value = obj.get(key, [])
    field = f"{where}.{key}" if where else key
    if not isinstance(value, list) or not all(isinstance(v, of) for v in value):
        _fail(source, field, f"must be a list of {what}")
    if len(value) > MAX_ENTRIES:
        _fail(source, field, f"has {len(value):,} entries; an import takes at most {MAX_ENTRIES:,} per list "
                             f"(Meta itself takes at most {COUNT_LIMITS.get(key, 10)})")
    return value


def _id(value, source, where: str, required: bool = False) -> str:
    """A Graph API id: digits, as text or as a whole JSON number."""
    if value is None or value == "":
        if required:
            _fail(source, where, "is missing")
        return ""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)
    if not isinstance(value, str) or not _ID.match(value):
        _fail(source, where, f"must be an id (digits only), not {_short(value)}")
    return value


def inside_folder(base: Path, relative, source, where: str) -> Path:
    """The real path of the file ``relative`` names under ``base`` (the spec's own folder).
    A handed-over spec must not make the import copy files from elsewhere on the disk (say
    /etc/passwd) into a project: absolute paths, drive letters, '..' and symbolic links that
    lead out are refused; a backslash counts as a separator, as Windows reads it."""
    if not isinstance(relative, str) or not relative:
        _fail(source, where, "is missing" if relative in (None, "") else f"must be a path, not {_short(relative)}")
    if "\0" in relative:
        _fail(source, where, f"{_short(relative)} holds a NUL character, which no file name has")
    text = relative.replace("\\", "/")
    outside = f"{_short(relative)} points outside the folder of {Path(str(source)).name}"
    if text.startswith("/"):
        _fail(source, where, f"{outside} (an absolute path)")
    if _DRIVE.match(text):
        _fail(source, where, f"{outside} (a drive letter)")
    if ".." in text.split("/"):
        _fail(source, where, f"{outside} ('..' leaves the folder)")
    try:
        root = base.resolve()
        path = (root / text).resolve()  # follows symbolic links to where the bytes really are
    except (OSError, RuntimeError) as exc:
        _fail(source, where, f"{_short(relative)} cannot be resolved: {exc}")
    if not path.is_relative_to(root):
        _fail(source, where, f"{outside} (a symbolic link leads out of it)")
    return path


def call_file(call: dict, base: Path, source) -> tuple[Path, str]:
    """The file of a plan's image call and its sha256, both checked: inside the bundle, and the
    bytes those the plan recorded (a bundle changed since export is refused, not half-used)."""
    where = f"calls[{call.get('id')}]"
    path = inside_folder(base, call.get("file"), source, f"{where}.file")
    digest = call.get("sha256")
    if digest in (None, ""):
        _fail(source, f"{where}.sha256", f"is missing; the plan must record the sha256 of {call.get('file')}")
    if not isinstance(digest, str) or not _SHA256.match(digest.lower()):
        _fail(source, f"{where}.sha256", f"must be 64 hex digits, not {_short(digest)}")
    if not path.is_file():
        _fail(source, f"{where}.file", f"the bundle has no file {call.get('file')}")
    if sha256_file(path) != digest.lower():
        _fail(source, f"{where}.file", f"{call.get('file')} differs from the sha256 plan.json records; "
                                       "the bundle was changed")
    return path, digest.lower()


def _str(entry: dict, key: str, source, where: str, required: bool = False) -> str:
    value = entry.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        _fail(source, f"{where}.{key}", f"must be text, not {type(value).__name__}")
    if required and not value:
        _fail(source, f"{where}.{key}", "is missing")
    return value


def _adlabels(entry: dict, source, where: str) -> tuple[str, ...]:
    """The names of an entry's adlabels, in order: customization rules point at them by name."""
    labels = _list(entry, "adlabels", source, where)
    names = []
    for i, label in enumerate(labels):
        name = label.get("name")
        if not isinstance(name, str) or not name:
            _fail(source, f"{where}.adlabels[{i}].name", "a label needs a name (rules point at labels by name)")
        names.append(name)
    return tuple(names)


def _label(entry: dict, source, where: str) -> str:
    names = _adlabels(entry, source, where)
    return names[0] if names else ""


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
        value = _str(entry, "hash", self.source, where)
        url = _str(entry, "url", self.source, where)
        if not value and not url:
            _fail(self.source, where, "an image needs a hash or a url")
        _crop(entry, self.source, where)  # refused now, before any file is copied
        path = self._file_for(value, where) if value else None  # and so is a path that leaves the folder
        # The same picture cropped once per placement, or labelled for two, is two assets.
        crops = json.dumps(entry.get("image_crops") or {}, sort_keys=True)
        key = ("image", value or url, crops, _adlabels(entry, self.source, where))
        self.once("images", key, lambda: self._new_image(entry, value, url, where, path), where)

    def _file_for(self, value: str, where: str) -> Path | None:
        if value.startswith("{") and value.endswith(".hash}"):
            call = self.files.get(value[1:-len(".hash}")])
            if call is None:
                _fail(self.source, f"{where}.hash", f"{value} names no image upload call")
            if value not in self.checked:  # each ad set's feed names it again: hashed once
                self.checked[value] = call_file(call, self.base, self.source)[0]
            return self.checked[value]
        if "/" in value or "\\" in value or "\0" in value or value.lower().endswith((".jpg", ".jpeg", ".png")):
            path = inside_folder(self.base, value, self.source, f"{where}.hash")
            return path if path.is_file() else None
        return None

    def _new_image(self, entry: dict, value: str, url: str, where: str, path: Path | None) -> str:
        crop = _crop(entry, self.source, where, self.notes)
        label = _label(entry, self.source, where)
        adlabels = _adlabels(entry, self.source, where)
        tags = _str(entry, "url_tags", self.source, where)
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
            return self.add("images", replace(asset, url_tags=tags, adlabels=adlabels))
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
                                             adlabels=adlabels))

    # -- the rest ------------------------------------------------------------------------
    def feed(self, feed: dict, feed_no: int) -> list:
        """Checks one feed; returns its (pool, value key, maker) entries in order."""
        self.entries = []
        self.seen = {}
        src = self.source
        head = self.head(feed_no)

        def listed(key: str, pool: str, **kinds) -> list:
            items = _list(feed, key, src, head, **kinds)
            self.over_limit(pool, len(items), self.where(feed_no, key, 0)[:-3])
            return items

        for i, entry in enumerate(listed("images", "images")):
            self.image(entry, self.where(feed_no, "images", i))
        for i, entry in enumerate(listed("videos", "videos")):
            where = self.where(feed_no, "videos", i)
            vid = _id(entry.get("video_id"), src, f"{where}.video_id", required=True)
            asset = VideoAsset("", video_id=vid, label=_label(entry, src, where),
                               url_tags=_str(entry, "url_tags", src, where), adlabels=_adlabels(entry, src, where),
                               thumbnail_url=_str(entry, "thumbnail_url", src, where),
                               thumbnail_hash=_str(entry, "thumbnail_hash", src, where))
            self.once("videos", ("video", vid, asset.adlabels, asset.thumbnail_url, asset.thumbnail_hash),
                      lambda asset=asset: self.add("videos", asset), where)
        for pool in ("titles", "bodies", "descriptions"):
            for i, entry in enumerate(listed(pool, pool)):
                where = self.where(feed_no, pool, i)
                adlabels = _adlabels(entry, src, where)
                # Meta's own placement examples give labelled texts as "": the linter judges them.
                text = _str(entry, "text", src, where, required=pool != "descriptions" and not adlabels)
                label = _label(entry, src, where) or self.labels.get((pool, text), "")
                asset = TextAsset("", text, label, _str(entry, "url_tags", src, where), adlabels=adlabels)
                self.once(pool, (pool, text, adlabels), lambda pool=pool, asset=asset: self.add(pool, asset), where)
        types = _list(feed, "call_to_action_types", src, head, of=str, what="strings")
        objects = _list(feed, "call_to_actions", src, head)
        self.over_limit("call_to_actions", len(types) + len(objects),
                        self.where(feed_no, "call_to_action_types", 0)[:-3])
        entries = [(self.where(feed_no, "call_to_action_types", i), "", cta, {}, ()) for i, cta in enumerate(types)]
        for i, c in enumerate(objects):
            where = self.where(feed_no, "call_to_actions", i)
            value = c.get("value", {})
            if not isinstance(value, dict):
                _fail(src, f"{where}.value", 'must be an object, such as {"lead_gen_form_id": "<form id>"}')
            entries.append((where, ".type", _str(c, "type", src, where, required=True), value,
                            _adlabels(c, src, where)))
        for where, of_type, cta, value, adlabels in entries:
            if cta not in CALL_TO_ACTION_TYPES:
                _fail(src, where + of_type, f"{cta!r} is not a call-to-action type of the Marketing API")
            label = adlabels[0] if adlabels else self.labels.get(("call_to_actions", cta), "")
            asset = CtaAsset("", cta, label, adlabels=adlabels, value=value)
            self.once("call_to_actions", ("cta", cta, json.dumps(value, sort_keys=True), adlabels),
                      lambda asset=asset: self.add("call_to_actions", asset), where)
        for i, entry in enumerate(listed("link_urls", "link_urls")):
            where = self.where(feed_no, "link_urls", i)
            link = LinkAsset("", _str(entry, "website_url", src, where, required=True),
                             _str(entry, "display_url", src, where), _str(entry, "deeplink_url", src, where),
                             _label(entry, src, where), adlabels=_adlabels(entry, src, where))
            if not link.label:
                link = replace(link, label=self.labels.get(label_key("link_urls", link), ""))
            self.once("link_urls", ("link", link.website_url, link.display_url, link.deeplink_url, link.adlabels),
                      lambda link=link: self.add("link_urls", link), where)
        self._label_ids(feed, head)
        return self.entries

    def story(self, kind: str, obj: dict) -> dict[str, tuple]:
        """Adds the media, link, call to action and texts of object_story_spec.<kind> (a "multiple
        text options" creative) to the feed's entries being read; returns the value key of each
        story text field, so the project can say which asset each one sends."""
        src, where = self.source, f"object_story_spec.{kind}"
        if kind == "link_data":
            image_hash = _str(obj, "image_hash", src, where)
            picture = _str(obj, "picture", src, where)
            if image_hash or picture:
                self.image({"hash": image_hash} if image_hash else {"url": picture},
                           f"{where}.{'image_hash' if image_hash else 'picture'}")
        else:
            vid = _id(obj.get("video_id"), src, f"{where}.video_id", required=True)
            asset = VideoAsset("", video_id=vid, thumbnail_url=_str(obj, "image_url", src, where),
                               thumbnail_hash=_str(obj, "image_hash", src, where))
            self.once("videos", ("video", vid, (), asset.thumbnail_url, asset.thumbnail_hash),
                      lambda asset=asset: self.add("videos", asset), f"{where}.video_id")
        cta = obj.get("call_to_action")
        link = _str(obj, "link", src, where) if kind == "link_data" else ""
        if cta is not None:
            if not isinstance(cta, dict):
                _fail(src, f"{where}.call_to_action", 'must be an object, such as {"type": "SHOP_NOW"}')
            cta_type = _str(cta, "type", src, f"{where}.call_to_action", required=True)
            if cta_type not in CALL_TO_ACTION_TYPES:
                _fail(src, f"{where}.call_to_action.type", f"{cta_type!r} is not a call-to-action type of the "
                                                           "Marketing API")
            value = cta.get("value", {})
            if not isinstance(value, dict):
                _fail(src, f"{where}.call_to_action.value", 'must be an object, such as {"link": "https://..."}')
            if kind == "video_data":  # a video's link sits in its call to action
                link = _str(value, "link", src, f"{where}.call_to_action.value")
                value = {k: v for k, v in value.items() if k != "link"}
            made_cta = CtaAsset("", cta_type, "", value=value)
            self.once("call_to_actions", ("cta", cta_type, json.dumps(value, sort_keys=True), ()),
                      lambda: self.add("call_to_actions", made_cta), f"{where}.call_to_action")
        if link:
            made = LinkAsset("", link)
            self.once("link_urls", ("link", link, "", "", ()), lambda made=made: self.add("link_urls", made),
                      f"{where}.link")
        keys = {}
        for field, pool in STORY_OBJECTS[kind].items():
            text = _str(obj, field, src, where)
            if text:
                keys[field] = (pool, text, ())
                made_text = TextAsset("", text)
                self.once(pool, keys[field], lambda pool=pool, a=made_text: self.add(pool, a), f"{where}.{field}")
        return keys

    def _label_ids(self, feed: dict, head: str) -> None:
        """Labels are kept by name, which is what rules point at: the ids Meta gave them are named."""
        with_ids = sorted({f"{head + '.' if head else ''}{key}" for key in ("images", "videos", *TEXT_KEYS)
                           for entry in feed.get(key, []) if isinstance(entry, dict)
                           for label in entry.get("adlabels", []) if isinstance(label, dict) and set(label) - {"name"}})
        if with_ids and self.notes is not None:
            self.notes.append(f"{', '.join(with_ids)}: adlabels kept by name; left out the ids Meta gave them "
                              "(a new creative names its labels)")


def _ad_format(feeds: list[dict], source, field: str, notes: list | None) -> str:
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


def _not_regular(value):
    return "" if value in (None, "", "REGULAR") else value


def story_anchor(feed: dict, creative: dict) -> str:
    """"link_data" or "video_data" where a "multiple text options" creative (DEGREES_OF_FREEDOM)
    keeps its media, link and call to action in object_story_spec; "" for any other creative
    (a video_data beside a feed of videos stays as it came, for the linter to judge)."""
    story = creative.get("object_story_spec")
    if feed.get("optimization_type") != "DEGREES_OF_FREEDOM" or not isinstance(story, dict):
        return ""
    kinds = [k for k in STORY_OBJECTS if isinstance(story.get(k), dict)]
    return kinds[0] if len(kinds) == 1 and not feed.get("images") and not feed.get("videos") else ""


def _customization(feed: dict, creative: dict, more_formats: list, source, field: str,
                   notes: list | None) -> Customization:
    """The rules, optimization type and autotranslate of the (first) feed, and every field of the
    feed and of the creative the project does not model, kept as it came."""
    head = f"{field}." if field else ""
    kept_feed = {k: v for k, v in feed.items() if k not in MODELLED_FEED_KEYS}
    kept_creative = {k: v for k, v in creative.items()
                     if k not in MODELLED_CREATIVE_KEYS | READ_ONLY_CREATIVE_KEYS}
    for key, modelled in (("object_story_spec", MODELLED_STORY_KEYS),
                          ("degrees_of_freedom_spec", {"creative_features_spec"})):
        part = creative.get(key)
        if isinstance(part, dict) and set(part) - modelled:
            kept_creative[key] = {k: v for k, v in part.items() if k not in modelled}
    anchor = story_anchor(feed, creative)
    if anchor:  # its media, link, call to action and texts become assets; what else it holds is kept
        rest = {k: v for k, v in creative["object_story_spec"][anchor].items() if k not in STORY_FIELDS[anchor]}
        kept_creative["object_story_spec"].pop(anchor)
        if rest:
            kept_creative["object_story_spec"][anchor] = rest
        if not kept_creative["object_story_spec"]:
            del kept_creative["object_story_spec"]
    try:
        found = Customization(rules=feed.get("asset_customization_rules") or (),
                              # REGULAR is the default, which Meta writes into every feed it reads back
                              optimization_type=_not_regular(feed.get("optimization_type")),
                              autotranslate=feed.get("autotranslate") or (), more_ad_formats=tuple(more_formats),
                              kept_feed=kept_feed, kept_creative=kept_creative)
    except RuleError as exc:
        _fail(source, head + exc.field, exc.problem)
    if notes is not None:
        names = [head + k for k in kept_feed] + [
            ", ".join(_kept_name(k, sub, v[sub], anchor) for sub in v)
            if k in ("object_story_spec", "degrees_of_freedom_spec") else k
            for k, v in kept_creative.items()]
        if names:
            notes.append(f"kept as is: {', '.join(names)} (the studio does not edit these; export sends them back "
                         "as they came)")
        dropped = sorted(READ_ONLY_CREATIVE_KEYS & set(creative))
        if dropped:
            notes.append(f"left out: {', '.join(dropped)} (Meta's answer fields, which a new creative does not take)")
    return found


def _kept_name(key: str, sub: str, value, anchor: str) -> str:
    """How the notes name a kept part: the fields left of the story object whose assets were read."""
    if sub == anchor and isinstance(value, dict):
        return ", ".join(f"{key}.{sub}.{field}" for field in value)
    return f"{key}.{sub}"


def _link_template(project: Project, feeds: list[dict]) -> None:
    """Links' url_tags come from the template's asset-free part: the same tags on every link
    become that template, so exporting again gives the same links."""
    tags = {str(link.get("url_tags") or "") for f in feeds for link in f.get("link_urls", []) if isinstance(link, dict)}
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
    if len(feeds) > MAX_ENTRIES:
        _fail(source, field, f"has {len(feeds):,} creatives; an import takes at most {MAX_ENTRIES:,}")
    anchor = story_anchor(feeds[0], creative)
    fmt = _ad_format(feeds, source, field, notes)
    if anchor and not feeds[0].get("ad_formats"):
        fmt = "SINGLE_VIDEO" if anchor == "video_data" else "SINGLE_IMAGE"
    project.set_project_settings(ad_format=fmt)
    formats = feeds[0].get("ad_formats") or []
    project.set_customization(_customization(feeds[0], creative, formats[1:], source, field, notes))
    reader = _Reader(project, source, base, field, files or {}, labels or {}, notes)
    per_feed = [reader.feed(feed, n) for n, feed in enumerate(feeds)]
    if anchor:
        in_feeds = {key for entries in per_feed for _, key, _ in entries}
        reader.entries, reader.seen = per_feed[0], {}
        story_keys = reader.story(anchor, creative["object_story_spec"][anchor])
    ids = _add_in_merged_order(per_feed)
    if anchor:
        texts = {name: ids[key] for name, key in story_keys.items()}
        project.set_customization(replace(project.customization, story={
            "object": anchor, "texts": texts, "ad_formats": bool(feeds[0].get("ad_formats")),
            "only_there": sorted({ids[key] for key in story_keys.values() if key not in in_feeds})}))
        if notes is not None:
            made = [f for f in STORY_FIELDS[anchor] if creative["object_story_spec"][anchor].get(f)]
            notes.append(f"object_story_spec.{anchor} (multiple text options, DEGREES_OF_FREEDOM): {', '.join(made)} "
                         "made assets of the project; export sends them back there, the texts in asset_feed_spec")
    _link_template(project, feeds)
    story = creative.get("object_story_spec") or {}
    if not isinstance(story, dict):
        _fail(source, "object_story_spec", "must be an object")
    if story:
        project.update_campaign(**{key: _id(story.get(key), source, f"object_story_spec.{key}")
                                   for key in ("page_id", "instagram_user_id")})
    dof = creative.get("degrees_of_freedom_spec") or {}
    features = dof.get("creative_features_spec", {}) if isinstance(dof, dict) else None
    if not isinstance(features, dict):
        _fail(source, "degrees_of_freedom_spec", "must be an object with creative_features_spec")
    for feature, value in sorted(features.items()):
        status = value.get("enroll_status") if isinstance(value, dict) else None
        if status not in ENROLL_STATUSES:
            _fail(source, f"degrees_of_freedom_spec.creative_features_spec.{feature}",
                  "enroll_status must be OPT_IN or OPT_OUT")
        if feature != STANDARD_ENHANCEMENTS:
            project.set_enhancement(feature, status)
    if features:
        _enhancement_notes(project, features, notes)
    return [{ids[key] for _, key, _ in entries} for entries in per_feed]


STANDARD_ENHANCEMENTS = "standard_enhancements"
# The bundle's sub-features, per Meta's Standard Enhancements page (the API refuses the bundle
# since v22.0, 3858504; setting these has the same effect).
STANDARD_BUNDLE = {"SINGLE_VIDEO": ("video_auto_crop", "text_optimizations", "inline_comment")}
STANDARD_BUNDLE_IMAGE = ("image_templates", "image_touchups", "text_optimizations", "inline_comment")


def _enhancement_notes(project: Project, features: dict, notes: list | None) -> None:
    """The bundle becomes its features (those the source does not set itself), and the notes say
    so, and which features export will send as OPT_OUT because the source did not set them."""
    where = "degrees_of_freedom_spec.creative_features_spec"
    if STANDARD_ENHANCEMENTS in features:
        status = features[STANDARD_ENHANCEMENTS]["enroll_status"]
        parts = STANDARD_BUNDLE.get(project.ad_format, STANDARD_BUNDLE_IMAGE)
        for feature in parts:
            if feature not in features:
                project.set_enhancement(feature, status)
        if notes is not None:
            notes.append(f"{where}.{STANDARD_ENHANCEMENTS}: the API no longer takes this bundle (3858504); set "
                         f"instead as its features {', '.join(parts)}: {status}")
    unset = [f for f in ENHANCEMENT_FEATURES if f not in project.enhancements]
    if unset and notes is not None:
        notes.append(f"{where}: features the source does not set are sent as OPT_OUT: {', '.join(unset)}")


_START = ("start of the pool",)  # the head of each pool's chain; no value key is a 1-tuple


def _add_in_merged_order(per_feed: list[list]) -> dict[tuple, str]:
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
        field = f"calls[{call.get('id')}].params.{kind}_budget"
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,15}", value):
            value = int(value)  # as a form field carries it
        # int() would take true as 1 and cut 2.5 to 2: a budget misread is money misspent.
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            _fail(source, field, f"must be a positive whole number of minor units, not {_short(value)}")
        if value > MAX_BUDGET_MINOR:
            _fail(source, field, f"{value:.3e} minor units is above the ceiling of {MAX_BUDGET_MINOR:.0e}")
        minor += value
    if minor > MAX_BUDGET_MINOR:
        _fail(source, f"calls: the ad sets' {kind}_budget", f"add up to {minor:,} minor units, above the "
              f"ceiling of {MAX_BUDGET_MINOR:,}")
    budget = Budget(kind, major_units(minor, currency), currency)
    targeting = dict(first.get("targeting") or {})
    placements = {k: targeting.pop(k) for k in PLACEMENT_KEYS if k in targeting} or None
    changes = dict(objective=camp.get("objective"), status=camp.get("status"),
                   special_ad_categories=tuple(camp.get("special_ad_categories") or ()),
                   special_ad_category_country=tuple(camp.get("special_ad_category_country") or ()),
                   buying_type=camp.get("buying_type"), optimization_goal=first.get("optimization_goal"),
                   billing_event=first.get("billing_event"), bid_strategy=first.get("bid_strategy"),
                   start_time=first.get("start_time"), end_time=first.get("end_time"),
                   promoted_object=dict(first.get("promoted_object") or {}))
    for key, value in changes.items():
        ok = isinstance(value, tuple) or isinstance(value, dict) or value is None or isinstance(value, str)
        if not ok or (key.startswith("special_ad_categor") and not all(isinstance(v, str) for v in value)):
            _fail(source, f"calls.params.{key}", f"must be text, not {value!r}")
    bid = first.get("bid_amount")
    if bid is not None:
        if isinstance(bid, bool) or not isinstance(bid, int) or not 1 <= bid <= MAX_BUDGET_MINOR:
            _fail(source, "calls.params.bid_amount", f"must be a positive whole number of minor units, not "
                  f"{_short(bid)}")
        changes["bid_amount"] = bid
    project.update_campaign(budget=budget, targeting=targeting, placements=placements,
                            **{k: v for k, v in changes.items() if v is not None})
    name = camp.get("name")
    if isinstance(name, str) and name and "{" not in name and "}" not in name:
        project.set_export_settings(replace(project.export, naming_template=name))
