"""Reading Marketing API payloads back into a project: feeds, creatives, campaign and ad set
params. Every refusal names the file and the field (``asset_feed_spec.images[2].image_crops``).

This is the entry point the importer calls; each part of a payload has its own reader:
``feed_reader`` (asset_feed_spec), ``customization_reader`` (the rules and what is kept as it
came), ``story_reader`` (object_story_spec), ``enhancements_reader`` (degrees_of_freedom_spec),
``plan_calls`` and ``campaign_reader`` (a plan's calls, the campaign and its ad sets), with
``spec_fields``, ``spec_files`` and ``spec_crops`` for the checked reading of single fields."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dcstudio.core.model.project import Project
from dcstudio.core.platforms.meta.export.campaign_reader import (
    MAX_BUDGET_MINOR,
    PLACEMENT_KEYS,
    plan_campaign_settings,
)
from dcstudio.core.platforms.meta.export.customization_reader import (
    MODELLED_CREATIVE_KEYS,
    MODELLED_FEED_KEYS,
    READ_ONLY_CREATIVE_KEYS,
    read_customization,
)
from dcstudio.core.platforms.meta.export.enhancements_reader import (
    STANDARD_BUNDLE,
    STANDARD_BUNDLE_IMAGE,
    STANDARD_ENHANCEMENTS,
    read_enhancements,
)
from dcstudio.core.platforms.meta.export.feed_reader import (
    FEED_KEYS,
    TEXT_KEYS,
    UNKNOWN_SHA256,
    FeedReader,
    ad_format,
    add_in_merged_order,
    link_template,
)
from dcstudio.core.platforms.meta.export.plan_calls import plan_feeds
from dcstudio.core.platforms.meta.export.spec_crops import MAX_CROP_COORDINATE
from dcstudio.core.platforms.meta.export.spec_fields import MAX_ENTRIES, fail
from dcstudio.core.platforms.meta.export.spec_files import call_file, inside_folder
from dcstudio.core.platforms.meta.export.story_reader import (
    MODELLED_STORY_KEYS,
    STORY_FIELDS,
    read_story,
    story_accounts,
    story_anchor,
)

__all__ = [  # what callers import from here, wherever it now lives
    "FEED_KEYS", "MAX_BUDGET_MINOR", "MAX_CROP_COORDINATE", "MAX_ENTRIES", "MODELLED_CREATIVE_KEYS",
    "MODELLED_FEED_KEYS", "MODELLED_STORY_KEYS", "PLACEMENT_KEYS", "READ_ONLY_CREATIVE_KEYS",
    "STANDARD_BUNDLE", "STANDARD_BUNDLE_IMAGE", "STANDARD_ENHANCEMENTS", "STORY_FIELDS", "TEXT_KEYS",
    "UNKNOWN_SHA256", "call_file", "feed_into_project", "inside_folder", "plan_campaign_settings",
    "plan_feeds", "story_anchor",
]


def feed_into_project(project: Project, feeds: list[dict], creative: dict, source, *, base: Path,
                      field: str, files: dict | None = None, labels: dict | None = None,
                      notes: list | None = None) -> list[set[str]]:
    """Adds the feeds' assets and the creative's page, Instagram account and enhancements.
    ``labels``: PlanMeta.labels, for what the feeds cannot label themselves. ``notes``: gets a
    line for each thing the project cannot hold and the import left out.
    Returns, per feed, the ids of the assets it holds."""
    if not feeds:
        fail(source, field or "(top level)", "holds no asset_feed_spec")
    if len(feeds) > MAX_ENTRIES:
        fail(source, field, f"has {len(feeds):,} creatives; an import takes at most {MAX_ENTRIES:,}")
    anchor = story_anchor(feeds[0], creative)
    fmt = ad_format(feeds, source, field)
    if anchor and not feeds[0].get("ad_formats"):
        fmt = "SINGLE_VIDEO" if anchor == "video_data" else "SINGLE_IMAGE"
    project.set_project_settings(ad_format=fmt)
    formats = feeds[0].get("ad_formats") or []
    project.set_customization(read_customization(feeds[0], creative, formats[1:], source, field, notes))
    reader = FeedReader(project, source, base, field, files or {}, labels or {}, notes)
    per_feed = [reader.feed(feed, n) for n, feed in enumerate(feeds)]
    if anchor:
        in_feeds = {key for entries in per_feed for _, key, _ in entries}
        reader.entries, reader.seen = per_feed[0], {}
        story_keys = read_story(reader, anchor, creative["object_story_spec"][anchor])
    ids = add_in_merged_order(per_feed)
    if anchor:
        texts = {name: ids[key] for name, key in story_keys.items()}
        project.set_customization(replace(project.customization, story={
            "object": anchor, "texts": texts, "ad_formats": bool(feeds[0].get("ad_formats")),
            "only_there": sorted({ids[key] for key in story_keys.values() if key not in in_feeds})}))
        if notes is not None:
            made = [f for f in STORY_FIELDS[anchor] if creative["object_story_spec"][anchor].get(f)]
            notes.append(f"object_story_spec.{anchor} (multiple text options, DEGREES_OF_FREEDOM): {', '.join(made)} "
                         "made assets of the project; export sends them back there, the texts in asset_feed_spec")
    link_template(project, feeds)
    story_accounts(project, creative, source)
    read_enhancements(project, creative, source, notes)
    return [{ids[key] for _, key, _ in entries} for entries in per_feed]
