"""object_story_spec.link_data / video_data of a "multiple text options" creative (Ads Manager's
DEGREES_OF_FREEDOM): its one image or video, link and call to action sit there, not in the feed,
and so may the text fields Customization.story names. The feed keeps the texts to choose from.

``story_asset_ids(project, adset)``: the ids the story sends, which the feed leaves out;
``story_object(project, adset, image_refs)``: the story object itself.
"""
from __future__ import annotations

from dcstudio.core.model.adset_split import AdSetPool


def _first(adset: AdSetPool, dim: str) -> str | None:
    ids = adset.ids(dim)
    return ids[0] if ids else None


def _roles(project, adset: AdSetPool) -> dict[str, str]:
    """Story field (or media / link / cta) -> the asset id it sends, for the ad set's assets."""
    story = project.customization.story
    roles = {role: asset_id for role, dim in (("media", "media"), ("link", "link"), ("cta", "cta"))
             if (asset_id := _first(adset, dim)) is not None}
    held = {a for dim in ("title", "body", "description") for a in adset.ids(dim)}
    roles.update({name: asset_id for name, asset_id in story.get("texts", {}).items() if asset_id in held})
    return roles


def story_asset_ids(project, adset: AdSetPool) -> set[str]:
    """What the feed leaves out because the story sends it: the media, link and call to action,
    and the texts that only the story held."""
    story = project.customization.story
    if not story:
        return set()
    roles = _roles(project, adset)
    return {roles[r] for r in ("media", "link", "cta") if r in roles} | set(story.get("only_there", ()))


def story_object(project, adset: AdSetPool, image_refs: dict[str, dict]) -> dict:
    """object_story_spec.<story object>, from the ad set's first media, link and call to action."""
    story = project.customization.story
    kind = story["object"]
    roles = _roles(project, adset)
    obj: dict = {}
    link = project.asset(roles["link"]).website_url if "link" in roles else ""
    if "media" in roles:
        media = project.asset(roles["media"])
        if project.pool_of(media.id) == "images":
            ref = image_refs[media.id]
            obj.update({"image_hash": ref["hash"]} if "hash" in ref else {"picture": ref["url"]})
        else:
            obj["video_id"] = media.video_id
            if media.thumbnail_hash:
                obj["image_hash"] = media.thumbnail_hash
            if media.thumbnail_url:
                obj["image_url"] = media.thumbnail_url
    if kind == "link_data" and link:
        obj["link"] = link
    if "cta" in roles:
        cta = project.asset(roles["cta"])
        value = dict(cta.value)
        if kind == "video_data" and link:  # a video's link sits in its call to action
            value["link"] = link
        obj["call_to_action"] = {"type": cta.type, **({"value": value} if value else {})}
    for name in story.get("texts", {}):
        if name in roles:
            obj[name] = project.asset(roles[name]).text
    return obj
