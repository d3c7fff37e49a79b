"""The seam between what builds ads and what shows them: an ``AdSpace`` of ``AdItem`` s.

The grid, the tile caches, the batch render, the contact sheet and the export's previews see a
space only through this protocol, so another kind of space (a catalog-ad template over catalog
rows) plugs in without touching them. ``CombinationSpace`` (the product of a project's pools) is
the one implementation today; ``space_of(project)`` says which space a project shows.

A space is read from worker threads and sent to worker processes: build it over a project
snapshot (or other values that do not change) and keep it picklable.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from dcstudio.core.model.ad_content import AdContent
from dcstudio.core.model.combinations import CombinationSpace


class MediaSources(Protocol):
    """Where the media of an ``AdContent`` are read from (a project is one)."""

    folder: Path | None  # names cached tiles of assets without a hash
    file_problems: Mapping[str, str]  # asset id -> why its file cannot be shown

    def resolve(self, relative: str) -> Path:
        """The path of a media file; raises ImageError for one that must not be read."""


class AdItem(Protocol):
    """One ad of a space. Cheap to make; the space resolves it to what it shows."""

    # Stable position in the whole space (gaps where ads are left out): ``number_of(item)`` =
    # index + 1 numbers the grid, the large preview, sheet captions and files (combinations.py).
    index: int

    def slug(self) -> str:
        """A short name a person can read (the grid's label)."""

    def asset_ids(self) -> Sequence[str]:
        """The ids it holds: exclusions and filters are checked against them."""

    def as_dict(self) -> dict:
        """What it holds, for the render index (index.json and index.csv)."""


@runtime_checkable
class AdSpace(Protocol):
    name: str  # the title of sheets and render indexes
    sources: MediaSources

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> AdItem: ...

    def containing(self, asset_id: str) -> AdSpace:
        """The items holding ``asset_id``; their ``index`` stays this space's."""

    def invalidated_by(self, asset_id: str) -> Sequence[str]:
        """The ids in tile keys (``tile_ids``) whose tiles a change of ``asset_id`` makes stale."""

    def content(self, item: AdItem, placement: str) -> AdContent:
        """What ``item`` shows in ``placement``."""

    def tile_ids(self, item: AdItem, placement: str) -> tuple[str, ...]:
        """The ids of everything ``item`` shows in ``placement``: the part of a tile's cache key
        that changes with the content (invalidation evicts by them)."""

    def file_slug(self, item: AdItem) -> str:
        """The readable part of a preview's file name (a plain name: no / or \\)."""

    def caption(self, item: AdItem) -> tuple[str, str]:
        """Two lines under a contact-sheet tile: what it is, and the parts it holds."""

    def name_of(self, asset_id: str) -> str:
        """The name a person knows a part by (the render index lists them)."""


def space_of(project, *, honour_exclusions: bool = True, placement: str | None = None,
             locale: int | None = None) -> AdSpace:
    """The ads ``project`` shows (in ``placement``, to a viewer of ``locale``, when its
    customization rules give them their own assets). Build it over a snapshot when other threads
    read it."""
    return CombinationSpace.from_project(project, honour_exclusions=honour_exclusions, placement=placement,
                                         locale=locale)
