"""Reading a feed's customization (``asset_customization_rules``, ``optimization_type``,
``autotranslate``, the ad formats past the first) and keeping, as it came, every field of the
feed and of the creative the project does not model: nothing is dropped without a note."""
from __future__ import annotations

from dcstudio.core.model.customization import Customization, RuleError
from dcstudio.core.platforms.meta.export.feed_reader import FEED_KEYS
from dcstudio.core.platforms.meta.export.spec_fields import fail
from dcstudio.core.platforms.meta.export.story_reader import MODELLED_STORY_KEYS, STORY_FIELDS, story_anchor

# What the project models of a feed; every other key of it is kept as it came (Customization.kept_feed).
MODELLED_FEED_KEYS = FEED_KEYS | {"asset_customization_rules", "optimization_type", "autotranslate"}
MODELLED_CREATIVE_KEYS = {"asset_feed_spec", "object_story_spec", "degrees_of_freedom_spec", "name"}
# Fields Meta answers a GET with but a create call does not take: not kept, and the notes say so.
READ_ONLY_CREATIVE_KEYS = {"id", "account_id", "status", "effective_authorization_category",
                           "effective_instagram_media_id", "effective_object_story_id", "thumbnail_id",
                           "thumbnail_url", "image_url", "instagram_permalink_url", "object_type",
                           "is_dco_internal", "created_time", "updated_time"}


def read_customization(feed: dict, creative: dict, more_formats: list, source, field: str,
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
        fail(source, head + exc.field, exc.problem)
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


def _not_regular(value):
    return "" if value in (None, "", "REGULAR") else value


def _kept_name(key: str, sub: str, value, anchor: str) -> str:
    """How the notes name a kept part: the fields left of the story object whose assets were read."""
    if sub == anchor and isinstance(value, dict):
        return ", ".join(f"{key}.{sub}.{field}" for field in value)
    return f"{key}.{sub}"
