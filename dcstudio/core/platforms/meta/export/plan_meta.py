"""The plan's ``"dcstudio"`` block: what the calls cannot say but an import needs.

The Marketing API payload has no field for an account's currency (budgets are bare minor
units: 4000 is USD 40.00 but JPY 4000) nor for some labels (``call_to_action_types`` is a list
of bare enum values; carousels may not label bodies and links), nor for the export templates
(the calls hold their results: names filled in, each asset's url_tags merged with the
template's part for it). Export writes them here, beside ``calls``; nothing that sends the plan
reads this block (the publisher and publish.sh send ``calls`` only), and ``import-spec`` reads
it to rebuild the project when the plan comes alone.

    "dcstudio": {"currency": "JPY",
                 "naming_template": "{project}-{objective}-{date}",
                 "url_tags_template": "utm_content={image}&utm_term={title}",
                 "labels": {"call_to_actions": [{"type": "SHOP_NOW", "label": "Main offer"}],
                            "bodies": [{"text": "...", "label": "..."}],
                            "link_urls": [{"website_url": "...", "display_url": "...",
                                           "deeplink_url": "...", "label": "..."}]}}

Older plans have no block: their currency must be given (``import-spec --currency``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from dcstudio.core.model.asset_versions import version_record
from dcstudio.core.model.templates import (
    ASSET_KINDS,
    NAMING_PLACEHOLDERS,
    URL_TAG_PLACEHOLDERS,
    asset_url_tags,
    check_template,
    link_url_tags,
)
from dcstudio.core.platforms.meta.export.feed import CAROUSEL_UNLABELLED
from dcstudio.core.values.errors import BadInputError

META_KEY = "dcstudio"
_CURRENCY = re.compile(r"^[A-Z]{3}$")
# What identifies an asset of each pool in a feed (the import merges equal values the same way).
LABEL_KEYS = {"call_to_actions": ("type",), "bodies": ("text",),
              "link_urls": ("website_url", "display_url", "deeplink_url")}


@dataclass(frozen=True)
class PlanMeta:
    currency: str | None = None
    # (pool, identifying values...) -> label; the pools are those of LABEL_KEYS
    labels: dict[tuple, str] = field(default_factory=dict)
    naming_template: str | None = None
    url_tags_template: str | None = None


def label_key(pool: str, asset) -> tuple:
    """The key ``PlanMeta.labels`` uses for an asset of ``pool``."""
    return (pool, *(getattr(asset, name) or "" for name in LABEL_KEYS[pool]))


def currency_code(value, what: str) -> str:
    """A three-letter currency code in capitals; BadInputError naming ``what`` otherwise."""
    if not isinstance(value, str) or not _CURRENCY.match(value.strip().upper()):
        raise BadInputError(f"{what}: {value!r} is not a three-letter currency code such as USD or JPY")
    return value.strip().upper()


def plan_metadata(project, adsets) -> dict:
    """The block export writes; ``adsets``: the split's ad set pools (only assets they use)."""
    unlabelled = {"call_to_actions"} | (CAROUSEL_UNLABELLED if project.ad_format == "CAROUSEL" else set())
    dims = {"call_to_actions": "cta", "bodies": "body", "link_urls": "link"}
    labels: dict[str, list] = {}
    for pool, dim in dims.items():
        if pool not in unlabelled:
            continue  # the feed's own adlabels carry these
        used = {a for adset in adsets for a in adset.ids(dim)}
        for asset in project.pools[pool]:
            if asset.label and asset.id in used:
                entry = {name: getattr(asset, name) for name in LABEL_KEYS[pool] if getattr(asset, name)}
                labels.setdefault(pool, []).append(dict(entry, label=asset.label))
    block: dict = {"currency": project.campaign.budget.currency,
                   "naming_template": project.export.naming_template,
                   "url_tags_template": project.export.url_tags_template}
    if labels:
        block["labels"] = labels
    block["assets"] = published_assets(project, adsets)
    return block


_DIM_POOLS = (("media", None), ("title", "titles"), ("body", "bodies"), ("description", "descriptions"),
              ("cta", "call_to_actions"), ("link", "link_urls"))


def published_assets(project, adsets) -> dict[str, list[dict]]:
    """Ad set number -> the version record of each asset it shows (model/asset_versions.py): the
    publisher keeps them in its journal, where the insights find which asset a report row names
    even after the asset was edited. Never sent."""
    out = {}
    for i, adset in enumerate(adsets, 1):
        records = []
        for dim, pool in _DIM_POOLS:
            for asset_id in adset.ids(dim):
                asset_pool = pool or project.pool_of(asset_id)
                records.append(version_record(asset_pool, project.asset(asset_id),
                                              project.remote_images.get(asset_id)))
        out[str(i)] = records
    return out


def read_plan_metadata(plan: dict, source) -> PlanMeta:
    """The block of a plan.json, checked; an empty PlanMeta for a plan written without one."""
    block = plan.get(META_KEY)
    if block is None:
        return PlanMeta()
    if not isinstance(block, dict):
        raise BadInputError(f"{source}: {META_KEY}: must be an object")
    currency = block.get("currency")
    if currency is not None:
        currency = currency_code(currency, f"{source}: {META_KEY}.currency")
    labels_doc = block.get("labels", {})
    if not isinstance(labels_doc, dict):
        raise BadInputError(f"{source}: {META_KEY}.labels: must be an object")
    labels: dict[tuple, str] = {}
    for pool, entries in labels_doc.items():
        where = f"{source}: {META_KEY}.labels.{pool}"
        if pool not in LABEL_KEYS:
            raise BadInputError(f"{where}: is not one of {', '.join(LABEL_KEYS)}")
        if not isinstance(entries, list):
            raise BadInputError(f"{where}: must be a list of objects")
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise BadInputError(f"{where}[{i}]: must be an object")
            values = [entry.get(name, "") for name in (*LABEL_KEYS[pool], "label")]
            for name, value in zip((*LABEL_KEYS[pool], "label"), values, strict=False):
                if not isinstance(value, str):
                    raise BadInputError(f"{where}[{i}].{name}: must be text, not {type(value).__name__}")
            if not values[0] or not values[-1]:
                raise BadInputError(f"{where}[{i}]: needs {LABEL_KEYS[pool][0]} and label")
            labels[(pool, *values[:-1])] = values[-1]
    templates = {}
    for name, allowed, what in (("naming_template", NAMING_PLACEHOLDERS, "naming"),
                                ("url_tags_template", URL_TAG_PLACEHOLDERS, "url_tags")):
        value = block.get(name)
        if value is not None:
            where = f"{source}: {META_KEY}.{name}"
            if not isinstance(value, str):
                raise BadInputError(f"{where}: must be text, not {type(value).__name__}")
            try:
                check_template(value, allowed, what)
                if what == "naming" and not value.strip():
                    raise ValueError("the naming template is empty")
            except ValueError as exc:
                raise BadInputError(f"{where}: {exc}") from None
            templates[name] = value
    return PlanMeta(currency, labels, **templates)


def apply_templates(project, meta: PlanMeta, feeds: list[dict], now: datetime | None) -> None:
    """Puts the block's templates in place of those guessed from the calls, and takes the
    template's part back out of each asset's url_tags (``now``: when the plan was made, for
    {date}). Where the recorded template does not give the tags the feeds hold (an asset's
    token was its id and the ids came back different, say), the tags stay as the feeds had
    them and the guessed template stays: the next export then sends the same tags."""
    if meta.naming_template is not None:
        project.set_export_settings(replace(project.export, naming_template=meta.naming_template))
    if meta.url_tags_template is None or now is None:
        return
    guessed = project.export
    # Tried on the new, unwatched project before it is kept: no change is announced for a trial.
    project.export = replace(guessed, url_tags_template=meta.url_tags_template)
    try:
        own = _own_url_tags(project, feeds, now)
    finally:
        project.export = guessed
    if own is None:
        return
    project.set_export_settings(replace(guessed, url_tags_template=meta.url_tags_template))
    # In place, pool by pool: update_asset looks each id up through every pool, and the
    # new project has no listeners to tell.
    for pool in ASSET_KINDS:
        project.pools[pool] = [replace(a, url_tags=own[a.id]) if a.id in own else a for a in project.pools[pool]]


def _own_url_tags(project, feeds: list[dict], now: datetime) -> dict[str, str] | None:
    """asset id -> its own url_tags under the project's template; None when that template
    does not explain the tags read."""
    own = {}
    for pool in ASSET_KINDS:
        for asset in project.pools[pool]:
            made = asset_url_tags(project, pool, replace(asset, url_tags=""), now)
            tags = asset.url_tags
            if tags == made:
                own[asset.id] = ""
            elif not made or tags.startswith(made + "&"):
                own[asset.id] = tags[len(made) + 1:] if made else tags
            else:
                return None
    read = {(str(e.get("website_url") or ""), str(e.get("display_url") or ""), str(e.get("deeplink_url") or "")):
            str(e.get("url_tags") or "") for f in feeds for e in f.get("link_urls", []) if isinstance(e, dict)}
    for link in project.pools["link_urls"]:
        if link_url_tags(project, link, now) != read.get(label_key("link_urls", link)[1:], ""):
            return None
    return own
