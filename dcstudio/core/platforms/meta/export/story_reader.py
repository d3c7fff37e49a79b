"""Reading ``object_story_spec``: the page and Instagram account, and, for a "multiple text
options" creative (DEGREES_OF_FREEDOM), the media, link, call to action and texts its
link_data or video_data holds, which become assets like a feed's."""
from __future__ import annotations

import json

from dcstudio.core.model.assets import CtaAsset, LinkAsset, TextAsset, VideoAsset
from dcstudio.core.model.customization import STORY_OBJECTS
from dcstudio.core.model.project import Project
from dcstudio.core.platforms.meta.export.feed_reader import FeedReader
from dcstudio.core.platforms.meta.export.spec_fields import fail, graph_id, text
from dcstudio.core.values.meta_enums import CALL_TO_ACTION_TYPES

# The accounts a story names, read into the campaign (in this order, so a refusal names the first).
STORY_ACCOUNT_KEYS = ("page_id", "instagram_user_id")
MODELLED_STORY_KEYS = set(STORY_ACCOUNT_KEYS)
# The fields of each story object whose values become assets (the rest are kept as they came).
STORY_FIELDS = {"link_data": ("link", "image_hash", "picture", "call_to_action", *STORY_OBJECTS["link_data"]),
                "video_data": ("video_id", "image_hash", "image_url", "call_to_action", *STORY_OBJECTS["video_data"])}


def story_anchor(feed: dict, creative: dict) -> str:
    """"link_data" or "video_data" where a "multiple text options" creative (DEGREES_OF_FREEDOM)
    keeps its media, link and call to action in object_story_spec; "" for any other creative
    (a video_data beside a feed of videos stays as it came, for the linter to judge)."""
    story = creative.get("object_story_spec")
    if feed.get("optimization_type") != "DEGREES_OF_FREEDOM" or not isinstance(story, dict):
        return ""
    kinds = [k for k in STORY_OBJECTS if isinstance(story.get(k), dict)]
    return kinds[0] if len(kinds) == 1 and not feed.get("images") and not feed.get("videos") else ""


def read_story(reader: FeedReader, kind: str, obj: dict) -> dict[str, tuple]:
    """Adds the media, link, call to action and texts of object_story_spec.<kind> to the feed's
    entries ``reader`` is reading; returns the value key of each story text field, so the
    project can say which asset each one sends."""
    src, where = reader.source, f"object_story_spec.{kind}"
    if kind == "link_data":
        image_hash = text(obj, "image_hash", src, where)
        picture = text(obj, "picture", src, where)
        if image_hash or picture:
            reader.image({"hash": image_hash} if image_hash else {"url": picture},
                         f"{where}.{'image_hash' if image_hash else 'picture'}")
    else:
        vid = graph_id(obj.get("video_id"), src, f"{where}.video_id", required=True)
        asset = VideoAsset("", video_id=vid, thumbnail_url=text(obj, "image_url", src, where),
                           thumbnail_hash=text(obj, "image_hash", src, where))
        reader.once("videos", ("video", vid, (), asset.thumbnail_url, asset.thumbnail_hash),
                    lambda asset=asset: reader.add("videos", asset), f"{where}.video_id")
    cta = obj.get("call_to_action")
    link = text(obj, "link", src, where) if kind == "link_data" else ""
    if cta is not None:
        if not isinstance(cta, dict):
            fail(src, f"{where}.call_to_action", 'must be an object, such as {"type": "SHOP_NOW"}')
        cta_type = text(cta, "type", src, f"{where}.call_to_action", required=True)
        if cta_type not in CALL_TO_ACTION_TYPES:
            fail(src, f"{where}.call_to_action.type", f"{cta_type!r} is not a call-to-action type of the "
                                                      "Marketing API")
        value = cta.get("value", {})
        if not isinstance(value, dict):
            fail(src, f"{where}.call_to_action.value", 'must be an object, such as {"link": "https://..."}')
        if kind == "video_data":  # a video's link sits in its call to action
            link = text(value, "link", src, f"{where}.call_to_action.value")
            value = {k: v for k, v in value.items() if k != "link"}
        made_cta = CtaAsset("", cta_type, "", value=value)
        reader.once("call_to_actions", ("cta", cta_type, json.dumps(value, sort_keys=True), ()),
                    lambda: reader.add("call_to_actions", made_cta), f"{where}.call_to_action")
    if link:
        made = LinkAsset("", link)
        reader.once("link_urls", ("link", link, "", "", ()), lambda made=made: reader.add("link_urls", made),
                    f"{where}.link")
    keys = {}
    for field, pool in STORY_OBJECTS[kind].items():
        value = text(obj, field, src, where)
        if value:
            keys[field] = (pool, value, ())
            made_text = TextAsset("", value)
            reader.once(pool, keys[field], lambda pool=pool, a=made_text: reader.add(pool, a), f"{where}.{field}")
    return keys


def story_accounts(project: Project, creative: dict, source) -> None:
    """The page and the Instagram account the creative's object_story_spec names."""
    story = creative.get("object_story_spec") or {}
    if not isinstance(story, dict):
        fail(source, "object_story_spec", "must be an object")
    if story:
        project.update_campaign(**{key: graph_id(story.get(key), source, f"object_story_spec.{key}")
                                   for key in STORY_ACCOUNT_KEYS})
