"""The project: pools of assets, campaign settings, pins and exclusions, and change events."""
from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from dcstudio.core.model.assets import (
    OUTSIDE_PROJECT,
    POOLS,
    Approval,
    Asset,
    inside_folder,
    path_problem,
)
from dcstudio.core.model.campaign import CampaignSettings
from dcstudio.core.model.catalog_format import CatalogFormat
from dcstudio.core.model.catalog_publish import CatalogPublish
from dcstudio.core.model.catalog_spec import CatalogSpec
from dcstudio.core.model.catalog_template import CatalogTemplate
from dcstudio.core.model.customization import Customization, rules_without
from dcstudio.core.values.api_version import DEFAULT_API_VERSION
from dcstudio.core.values.errors import ImageError
from dcstudio.core.values.events import Change, ChangeKind, Signal
from dcstudio.core.values.meta_enums import AD_FORMATS
from dcstudio.core.values.profiles import DEFAULT_PROFILE, PROFILES

# Advantage+ creative features (degrees_of_freedom_spec.creative_features_spec.<feature>).
ENROLL_STATUSES = ("OPT_IN", "OPT_OUT")
DEFAULT_NAMING_TEMPLATE = "{project} - {objective} - {date}"
_POOL_OF_PREFIX = {prefix: pool for pool, (_, prefix) in POOLS.items()}
_NUMBERED_ID = re.compile(r"([a-z]+)([0-9]{1,9})")


def id_number(asset_id: str) -> tuple[str, int] | None:
    """(pool, n) for an id the studio numbers (``img4`` -> ("images", 4)), else None."""
    match = _NUMBERED_ID.fullmatch(asset_id)
    if match is None or match[1] not in _POOL_OF_PREFIX:
        return None
    return _POOL_OF_PREFIX[match[1]], int(match[2])


def highest_ids(asset_ids: Iterable[str]) -> dict[str, int]:
    """Pool -> the highest number among ``asset_ids`` of that pool's prefix (pools without one
    left out): what a file made before ids were counted has used at least."""
    out: dict[str, int] = {}
    for asset_id in asset_ids:
        numbered = id_number(asset_id)
        if numbered is not None and numbered[1] > out.get(numbered[0], 0):
            out[numbered[0]] = numbered[1]
    return out


@dataclass(frozen=True)
class ExportSettings:
    """How an export names things and tags links (see dcstudio.core.model.templates).

    naming_template: campaign, ad set, creative and ad names, e.g. "{project}-{objective}-{date}"
    url_tags_template: url_tags per asset, e.g. "utm_content={image}&utm_term={title}" ("" = none)
    api_version: the Graph API version the plan targets
    """

    naming_template: str = DEFAULT_NAMING_TEMPLATE
    url_tags_template: str = ""
    api_version: str = DEFAULT_API_VERSION

    def __post_init__(self):
        from dcstudio.core.model.templates import check_export_settings

        check_export_settings(self)


class Project:
    """Plain-Python document. Every mutation goes through a method that emits ``changed``."""

    def __init__(self, name: str = "Untitled", *, profile: str = DEFAULT_PROFILE,
                 ad_format: str = "SINGLE_IMAGE", campaign: CampaignSettings | None = None,
                 enhancements: dict[str, str] | None = None, folder: Path | None = None):
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
        if ad_format not in AD_FORMATS:
            raise ValueError(f"ad format must be one of {', '.join(AD_FORMATS)}, not {ad_format!r}")
        self.name = name
        self.profile = profile
        self.ad_format = ad_format
        self.campaign = campaign or CampaignSettings()
        self.enhancements: dict[str, str] = dict(enhancements or {})
        self.folder = Path(folder) if folder else None
        self.pools: dict[str, list[Asset]] = {pool: [] for pool in POOLS}
        self.pins: set[str] = set()
        self.exclusions: set[frozenset[str]] = set()
        # Files found missing or changed on load: asset id -> problem. Never silently used.
        self.file_problems: dict[str, str] = {}
        self.export = ExportSettings()
        # Images known only by an ad-account hash or a URL (imported specs), until relinked to a
        # file: asset id -> {"hash": ...} or {"url": ...}. See dcstudio.core.platforms.meta.export.importer.
        self.remote_images: dict[str, dict[str, str]] = {}
        # Customization rules, optimization type, autotranslate, more ad formats, kept fields.
        self.customization = Customization()
        # Pool -> the highest number its ids have ever reached in this project (saved with it):
        # an id is never given twice, so exclusions, notes, journals and old exports that name
        # img4 never come to mean another picture after img4 is deleted.
        self.last_ids: dict[str, int] = {}
        # A copy with assets left out (approval.py: rejected ones for an export, the approved
        # only for a sheet) numbers its combinations as this original does (combinations.py).
        self.numbered_as: Project | None = None
        # The product catalog's source, mapping and product sets (the rows live in catalog/products-<key>.duckdb).
        self.catalog: CatalogSpec | None = None
        # The catalog ad's template texts, call to action, end card and template_url_spec.
        self.catalog_template: CatalogTemplate | None = None
        # The catalog ad's format, overlay and frame (None: Meta's default, a carousel of products).
        self.catalog_format: CatalogFormat | None = None
        # Where a catalog ad is published: the catalog id or business, the feed's mode, the set it promotes.
        self.catalog_publish: CatalogPublish | None = None
        self.changed = Signal()

    def snapshot(self) -> Project:
        """A detached copy, safe to hand to another thread or process.

        It holds all the document's data (assets, settings, export settings, pins, exclusions,
        remote images, file problems) in containers of its own, so the original can go on being
        edited while a worker reads or even edits the copy. It has its own ``changed`` signal with
        no listeners: nothing done to it reaches the original's listeners, and it pickles.
        Assets and settings are frozen values, so sharing them is safe and copying is cheap.
        """
        snap = copy.copy(self)
        snap.enhancements = dict(self.enhancements)
        snap.pools = {pool: list(items) for pool, items in self.pools.items()}
        snap.pins = set(self.pins)
        snap.exclusions = set(self.exclusions)
        snap.file_problems = dict(self.file_problems)
        snap.last_ids = dict(self.last_ids)
        snap.remote_images = {asset_id: dict(source) for asset_id, source in self.remote_images.items()}
        snap.changed = Signal()
        return snap

    # -- lookup ---------------------------------------------------------------------------
    def assets(self) -> Iterator[tuple[str, Asset]]:
        for pool, items in self.pools.items():
            for asset in items:
                yield pool, asset

    def asset(self, asset_id: str) -> Asset:
        return self.pools[self.pool_of(asset_id)][self.index_of(asset_id)]

    def find(self, asset_id: str) -> Asset | None:
        for _, asset in self.assets():
            if asset.id == asset_id:
                return asset
        return None

    def pool_of(self, asset_id: str) -> str:
        for pool, items in self.pools.items():
            if any(a.id == asset_id for a in items):
                return pool
        raise KeyError(f"no asset with id {asset_id!r}")

    def index_of(self, asset_id: str) -> int:
        items = self.pools[self.pool_of(asset_id)]
        return next(i for i, a in enumerate(items) if a.id == asset_id)

    def new_id(self, pool: str) -> str:
        """The next id of ``pool`` never given in this project (``last_ids``): after img4 and img5
        were deleted, still img6."""
        prefix = POOLS[pool][1]
        taken = {a.id for _, a in self.assets()}
        n = self.last_ids.get(pool, 0) + 1
        while f"{prefix}{n}" in taken:
            n += 1
        return f"{prefix}{n}"

    def resolve(self, relative: str) -> Path:
        """An asset file's path on disk. Raises ImageError for a path that is not an asset path or
        that a link takes outside the project folder: such a file is never read."""
        problem = path_problem(relative)
        if problem:
            raise ImageError(relative, problem)
        if self.folder is None:
            return Path(relative)
        path = inside_folder(self.folder, relative)
        if path is None:
            raise ImageError(self.folder / relative, OUTSIDE_PROJECT)
        return path

    # -- assets ---------------------------------------------------------------------------
    def add_asset(self, pool: str, asset: Asset, index: int | None = None) -> Asset:
        """Adds ``asset`` to ``pool``; an empty id gets the next free one. Returns the stored asset."""
        if pool not in POOLS:
            raise KeyError(f"unknown pool {pool!r}")
        cls = POOLS[pool][0]
        if not isinstance(asset, cls):
            raise TypeError(f"pool {pool} holds {cls.__name__}, not {type(asset).__name__}")
        if not asset.id:
            asset = replace(asset, id=self.new_id(pool))
        elif self.find(asset.id) is not None:
            raise ValueError(f"an asset with id {asset.id!r} already exists")
        items = self.pools[pool]
        index = len(items) if index is None else max(0, min(index, len(items)))
        items.insert(index, asset)
        numbered = id_number(asset.id)  # an id given here or brought in (undo, import) counts
        if numbered is not None and numbered[1] > self.last_ids.get(numbered[0], 0):
            self.last_ids[numbered[0]] = numbered[1]
        self.changed.emit(Change(ChangeKind.ASSET_ADDED, pool, asset.id, {"index": index}))
        return asset

    def replace_asset(self, asset: Asset, file_problem: str | None = None) -> Asset:
        """Stores a new value for an existing asset (same id). Returns the old value.

        ``file_problem``: the file problem that goes with the new value, when undo puts back a
        value whose file was missing or changed (a new file drops the old value's problem).
        """
        pool = self.pool_of(asset.id)
        index = self.index_of(asset.id)
        old = self.pools[pool][index]
        if old == asset:
            return old
        self.pools[pool][index] = asset
        fields = [f for f in asset.__dataclass_fields__ if getattr(old, f) != getattr(asset, f)]
        if "sha256" in fields:  # a relinked or re-imported file is checked again on load
            self.file_problems.pop(asset.id, None)
        if file_problem:  # before listeners hear of it: none may use the file in between
            self.file_problems[asset.id] = file_problem
        self.changed.emit(Change(ChangeKind.ASSET_CHANGED, pool, asset.id, {"fields": fields}))
        return old

    def update_asset(self, asset_id: str, **changes) -> Asset:
        return self.replace_asset(replace(self.asset(asset_id), **changes))

    def set_approval(self, asset_id: str, state: str, note: str = "") -> Asset:
        return self.update_asset(asset_id, approval=Approval(state, note))

    def remove_asset(self, asset_id: str) -> tuple[str, int, Asset, bool, list[frozenset[str]], str | None,
                                                   tuple[Customization, dict[str, tuple]] | None]:
        """Removes an asset with its pin, exclusions and file problem, and its labels from the
        customization rules (rules_without: no rule is left naming a label no asset carries).
        Returns what undo needs to put it back."""
        customization, labels = rules_without(self.customization, self.pools, asset_id)
        pool, index = self.pool_of(asset_id), self.index_of(asset_id)
        asset = self.pools[pool].pop(index)
        was_pinned = asset_id in self.pins
        self.pins.discard(asset_id)
        dropped = [pair for pair in self.exclusions if asset_id in pair]
        self.exclusions.difference_update(dropped)
        file_problem = self.file_problems.pop(asset_id, None)
        self.changed.emit(Change(ChangeKind.ASSET_REMOVED, pool, asset_id, {"index": index}))
        rules = None
        if customization != self.customization or labels:
            old_labels = {aid: self.asset(aid).adlabels for aid, names in labels.items()
                          if self.asset(aid).adlabels != names}
            for aid in old_labels:
                self.update_asset(aid, adlabels=labels[aid])
            rules = (self.set_customization(customization), old_labels)
        return pool, index, asset, was_pinned, dropped, file_problem, rules

    def restore_asset(self, pool: str, index: int, asset: Asset, was_pinned: bool,
                      exclusions: Iterable[frozenset[str]], file_problem: str | None = None,
                      rules: tuple[Customization, dict[str, tuple]] | None = None) -> None:
        """Undoes ``remove_asset``. A missing or changed file comes back flagged, never as usable;
        the rules and the other assets' labels come back as they were."""
        if file_problem and self.find(asset.id) is None:  # flagged before anyone hears of the asset
            self.file_problems[asset.id] = file_problem
        self.add_asset(pool, asset, index)
        if was_pinned:
            self.pin(asset.id)
        for pair in exclusions:
            self.exclude(*pair)
        if rules is not None:
            customization, old_labels = rules
            for aid, names in old_labels.items():
                self.update_asset(aid, adlabels=names)
            self.set_customization(customization)

    def move_asset(self, asset_id: str, new_index: int) -> int:
        """Moves an asset within its pool. Returns its old index."""
        pool, old = self.pool_of(asset_id), self.index_of(asset_id)
        items = self.pools[pool]
        new_index = max(0, min(new_index, len(items) - 1))
        if new_index != old:
            items.insert(new_index, items.pop(old))
            self.changed.emit(Change(ChangeKind.ASSET_MOVED, pool, asset_id, {"from": old, "to": new_index}))
        return old

    # -- settings -------------------------------------------------------------------------
    def set_campaign(self, campaign: CampaignSettings) -> CampaignSettings:
        old, self.campaign = self.campaign, campaign
        self.changed.emit(Change(ChangeKind.SETTINGS_CHANGED, detail={"section": "campaign"}))
        return old

    def update_campaign(self, **changes) -> CampaignSettings:
        return self.set_campaign(replace(self.campaign, **changes))

    def set_project_settings(self, *, name: str | None = None, profile: str | None = None,
                             ad_format: str | None = None) -> dict:
        """Changes name, profile or ad format. Returns the old values (for undo)."""
        old = {"name": self.name, "profile": self.profile, "ad_format": self.ad_format}
        if profile is not None and profile not in PROFILES:
            raise ValueError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
        if ad_format is not None and ad_format not in AD_FORMATS:
            raise ValueError(f"ad format must be one of {', '.join(AD_FORMATS)}, not {ad_format!r}")
        self.name = self.name if name is None else name
        self.profile = self.profile if profile is None else profile
        self.ad_format = self.ad_format if ad_format is None else ad_format
        self.changed.emit(Change(ChangeKind.SETTINGS_CHANGED, detail={"section": "project"}))
        return old

    def set_export_settings(self, settings: ExportSettings) -> ExportSettings:
        """Replaces the export settings (templates, API version). Returns the old ones (for undo)."""
        old, self.export = self.export, settings
        if old != settings:
            self.changed.emit(Change(ChangeKind.SETTINGS_CHANGED, detail={"section": "export"}))
        return old

    def set_customization(self, customization: Customization) -> Customization:
        """Replaces the rules, optimization type, autotranslate, ad formats and kept fields.
        Returns the old value (for undo)."""
        old, self.customization = self.customization, customization
        if old != customization:
            self.changed.emit(Change(ChangeKind.SETTINGS_CHANGED, detail={"section": "customization"}))
        return old

    def set_catalog(self, catalog: CatalogSpec | None) -> CatalogSpec | None:
        """Replaces the catalog's source, profile, mapping and product sets. Returns the old value (for undo)."""
        old, self.catalog = self.catalog, catalog
        if old != catalog:
            self.changed.emit(Change(ChangeKind.SETTINGS_CHANGED, detail={"section": "catalog"}))
        return old

    def set_catalog_template(self, template: CatalogTemplate | None) -> CatalogTemplate | None:
        """Replaces the catalog ad's template (texts, call to action, end card, template_url_spec).
        Returns the old value (for undo)."""
        old, self.catalog_template = self.catalog_template, template
        if old != template:
            self.changed.emit(Change(ChangeKind.SETTINGS_CHANGED, detail={"section": "catalog_template"}))
        return old

    def set_catalog_format(self, fmt: CatalogFormat | None) -> CatalogFormat | None:
        """Replaces the catalog ad's format, overlay and frame. Returns the old value (for undo)."""
        old, self.catalog_format = self.catalog_format, fmt
        if old != fmt:
            self.changed.emit(Change(ChangeKind.SETTINGS_CHANGED, detail={"section": "catalog_format"}))
        return old

    def set_catalog_publish(self, settings: CatalogPublish | None) -> CatalogPublish | None:
        """Replaces where the catalog ad is published (catalog, feed mode, product set). Returns the old value."""
        old, self.catalog_publish = self.catalog_publish, settings
        if old != settings:
            self.changed.emit(Change(ChangeKind.SETTINGS_CHANGED, detail={"section": "catalog_publish"}))
        return old

    def set_enhancement(self, feature: str, status: str | None) -> str | None:
        """Sets an Advantage+ creative feature to OPT_IN / OPT_OUT (None: unset). Returns the old value."""
        if status is not None and status not in ENROLL_STATUSES:
            raise ValueError(f"enroll status must be OPT_IN or OPT_OUT, not {status!r}")
        old = self.enhancements.get(feature)
        if status is None:
            self.enhancements.pop(feature, None)
        else:
            self.enhancements[feature] = status
        self.changed.emit(Change(ChangeKind.SETTINGS_CHANGED, detail={"section": "enhancements"}))
        return old

    # -- pins and exclusions --------------------------------------------------------------
    def pin(self, asset_id: str) -> None:
        self.pool_of(asset_id)
        if asset_id not in self.pins:
            self.pins.add(asset_id)
            self.changed.emit(Change(ChangeKind.PINS_CHANGED, asset_id=asset_id, detail={"pinned": True}))

    def unpin(self, asset_id: str) -> None:
        if asset_id in self.pins:
            self.pins.discard(asset_id)
            self.changed.emit(Change(ChangeKind.PINS_CHANGED, asset_id=asset_id, detail={"pinned": False}))

    def exclude(self, first: str, second: str) -> None:
        """Marks two assets of different pools as "never together"."""
        if self.pool_of(first) == self.pool_of(second):
            raise ValueError(f"{first} and {second} are in the same pool and never meet anyway")
        pair = frozenset((first, second))
        if pair not in self.exclusions:
            self.exclusions.add(pair)
            self.changed.emit(Change(ChangeKind.EXCLUSIONS_CHANGED, detail={"added": sorted(pair)}))

    def unexclude(self, first: str, second: str) -> None:
        pair = frozenset((first, second))
        if pair in self.exclusions:
            self.exclusions.discard(pair)
            self.changed.emit(Change(ChangeKind.EXCLUSIONS_CHANGED, detail={"removed": sorted(pair)}))

    def exclusion_list(self) -> list[tuple[str, str]]:
        return sorted(tuple(sorted(pair)) for pair in self.exclusions)
