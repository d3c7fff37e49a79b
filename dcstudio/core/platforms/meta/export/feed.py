"""asset_feed_spec and degrees_of_freedom_spec for one dynamic-creative ad set.

Field names follow the SDK's AdAssetFeedSpec* classes (tests check them). Empty optional
values are left out rather than sent empty: the API treats "" as a value ("" url_tags, display
URL) where leaving the key out means "none".
"""
from __future__ import annotations

from datetime import datetime

from dcstudio.core.model.adset_split import AdSetPool
from dcstudio.core.model.rule_selection import LABEL_POOLS
from dcstudio.core.model.templates import asset_url_tags, link_url_tags
from dcstudio.core.platforms.meta.export.story import story_asset_ids, story_object
from dcstudio.core.platforms.meta.export.upload_images import is_remote
from dcstudio.core.platforms.meta.export.upload_videos import video_reference
from dcstudio.core.values.meta_enums import ENHANCEMENT_FEATURES

# With a carousel, these asset kinds cannot carry labels ([DC] in the reference).
CAROUSEL_UNLABELLED = {"bodies", "link_urls"}
_TEXT_DIMS = (("title", "titles"), ("body", "bodies"), ("description", "descriptions"))


def _labels(project, pool: str, asset) -> dict:
    if project.ad_format == "CAROUSEL" and pool in CAROUSEL_UNLABELLED:
        return {}
    names = asset.adlabels or ((asset.label,) if asset.label else ())  # adlabels: what rules point at
    return {"adlabels": [{"name": name} for name in names]} if names else {}


def _tags(value: str) -> dict:
    return {"url_tags": value} if value else {}


def image_entry(project, asset, reference: dict, now: datetime) -> dict:
    """One feed image: its hash (or URL), crop, url_tags, label."""
    entry = dict(reference)
    crop = asset.crop
    if not (project.remote_images.get(asset.id, {}).get("no_crop") and is_remote(project, asset)):
        # An imported image that came without a crop keeps none until it is relinked: the crop
        # of a placeholder would be made up, and the API refuses one outside the real image.
        entry["image_crops"] = {crop.key: crop.corners()}
    entry.update(_tags(asset_url_tags(project, "images", asset, now)))
    entry.update(_labels(project, "images", asset))
    return entry


def video_entry(project, asset, now: datetime, reference: dict | None = None) -> dict:
    """One feed video: its id (or the reference to its upload's answer), thumbnail, url_tags, label."""
    entry = dict(reference) if reference else video_reference(asset)
    if asset.thumbnail_url:
        entry["thumbnail_url"] = asset.thumbnail_url
    if asset.thumbnail_hash:
        entry["thumbnail_hash"] = asset.thumbnail_hash
    entry.update(_tags(asset_url_tags(project, "videos", asset, now)))
    entry.update(_labels(project, "videos", asset))
    return entry


def asset_feed_spec(project, adset: AdSetPool, cards: tuple[str, ...], image_refs: dict[str, dict],
                    now: datetime, video_refs: dict[str, dict] | None = None) -> dict:
    """The feed of one ad set. ``image_refs``: image id -> {"hash": ...} or {"url": ...};
    ``video_refs``: video id -> {"video_id": ..., "thumbnail_hash": ...} of uploaded videos."""
    custom = project.customization
    feed: dict = {}
    if not custom.story or custom.story["ad_formats"]:  # a story-anchored feed of Ads Manager's has none
        feed["ad_formats"] = [project.ad_format, *custom.more_ad_formats]
    in_story = story_asset_ids(project, adset)
    media = list(cards) if project.ad_format == "CAROUSEL" else list(adset.ids("media"))
    media = [a for a in media if a not in in_story]
    images, videos = [], []
    for asset_id in media:
        pool = project.pool_of(asset_id)
        asset = project.asset(asset_id)
        if pool == "images":
            images.append(image_entry(project, asset, image_refs[asset_id], now))
        else:
            videos.append(video_entry(project, asset, now, (video_refs or {}).get(asset_id)))
    if images:
        feed["images"] = images
    if videos:
        feed["videos"] = videos
    for dim, pool in _TEXT_DIMS:
        entries = []
        for asset_id in adset.ids(dim):
            if asset_id in in_story:
                continue
            asset = project.asset(asset_id)
            entry = {"text": asset.text}
            entry.update(_tags(asset_url_tags(project, pool, asset, now)))
            entry.update(_labels(project, pool, asset))
            entries.append(entry)
        if entries:
            feed[pool] = entries
    ctas = [project.asset(a) for a in adset.ids("cta") if a not in in_story]
    if any(cta.value or cta.adlabels for cta in ctas):  # a lead form, a link, a label: the object form
        feed["call_to_actions"] = [_cta_entry(project, cta) for cta in ctas]
    elif ctas:
        feed["call_to_action_types"] = [cta.type for cta in ctas]
    links = []
    for asset_id in adset.ids("link"):
        if asset_id in in_story:
            continue
        link = project.asset(asset_id)
        entry = {"website_url": link.website_url}
        if link.display_url:
            entry["display_url"] = link.display_url
        if link.deeplink_url:
            entry["deeplink_url"] = link.deeplink_url
        entry.update(_tags(link_url_tags(project, link, now)))
        entry.update(_labels(project, "link_urls", link))
        links.append(entry)
    if links:
        feed["link_urls"] = links
    if custom.rules:
        feed["asset_customization_rules"] = _rules_of_adset(project, feed)
    if custom.optimization_type:
        feed["optimization_type"] = custom.optimization_type
    if custom.autotranslate:
        feed["autotranslate"] = list(custom.autotranslate)
    for key, value in custom.kept_feed.items():  # never over what the project itself holds
        feed.setdefault(key, value)
    return feed


def _rules_of_adset(project, feed: dict) -> list[dict]:
    """The project's rules as this ad set's feed can hold them. An ad set of a split leaves some
    assets out; a rule label only those carried would name no asset of this feed, which Meta
    refuses (2446173), so that label goes, and a rule left naming nothing goes with it. A label no
    asset of the project carries stays, for the linter to name."""
    carried_here: dict[str, set[str]] = {}
    for pool in set(LABEL_POOLS.values()):
        carried_here[pool] = {label["name"] for entry in feed.get(pool, []) for label in entry.get("adlabels", [])}
    carried_anywhere = {pool: {name for a in project.pools.get(pool, []) for name in a.adlabels}
                        for pool in carried_here}
    if project.ad_format == "CAROUSEL":  # their entries carry no labels at all here
        for pool in CAROUSEL_UNLABELLED:
            carried_anywhere[pool] = set()
    rules = []
    for original in project.customization.rules:
        rule = dict(original)
        for key, pool in LABEL_POOLS.items():
            label = rule.get(key)
            if isinstance(label, dict) and label.get("name") in carried_anywhere[pool] - carried_here[pool]:
                del rule[key]
        if any(key in rule for key in LABEL_POOLS) or not any(key in original for key in LABEL_POOLS):
            rules.append(rule)
    return rules


def _cta_entry(project, cta) -> dict:
    entry = {"type": cta.type}
    if cta.value:
        entry["value"] = dict(cta.value)
    entry.update(_labels(project, "call_to_actions", cta))
    return entry


def degrees_of_freedom_spec(project) -> dict:
    """Every managed Advantage+ feature set explicitly (unset ones OPT_OUT), plus any others the
    project names: an eligible feature sent without enroll_status fails (3858082)."""
    features = {f: project.enhancements.get(f, "OPT_OUT") for f in ENHANCEMENT_FEATURES}
    features.update(project.enhancements)
    spec = {"creative_features_spec": {f: {"enroll_status": s} for f, s in sorted(features.items())}}
    for key, value in project.customization.kept_creative.get("degrees_of_freedom_spec", {}).items():
        spec.setdefault(key, value)
    return spec


def object_story_spec(project, adset: AdSetPool | None = None, image_refs: dict | None = None) -> dict:
    """The page, the Instagram account, the story object of a "multiple text options" creative
    (from ``adset``'s assets) and the kept fields, never over what the project itself holds."""
    c = project.campaign
    spec = {"page_id": c.page_id}
    if c.instagram_user_id:
        spec["instagram_user_id"] = c.instagram_user_id
    kept = project.customization.kept_creative.get("object_story_spec", {})
    story = project.customization.story
    if story and adset is not None:
        kind = story["object"]
        spec[kind] = {**kept.get(kind, {}), **story_object(project, adset, image_refs or {})}
    for key, value in kept.items():
        spec.setdefault(key, value)
    return spec


def kept_creative_fields(project) -> dict:
    """The creative's fields the studio does not model, as the import found them."""
    return {k: v for k, v in project.customization.kept_creative.items()
            if k not in ("object_story_spec", "degrees_of_freedom_spec")}
