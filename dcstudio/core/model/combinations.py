"""The combination engine: the product of the pools, minus exclusions, with pins honoured.

Nothing is materialised. Counting and indexing walk the dimensions with a memoised count of
completions; an asset that no later exclusion mentions behaves like every other such asset of
its dimension, so those are counted together and only excluded assets branch. With no
exclusions the engine is plain mixed-radix arithmetic.

Numbers. A combination has one number, the same in the grid (excluded tiles shown or hidden,
filtered by an asset or not), the large preview, the contact sheet, the file names and index of
``dcstudio render`` and the export's previews: ``number_of(c)`` = ``c.index + 1``, where ``index``
is its position in the *numbering space* of its placement. That space is the product of every
asset the placement shows (the whole pools; under customization rules the assets the rules give
that placement and language, see below), in pool order, images varying fastest, before anything
that only leaves combinations out: exclusions, pins, a filter by asset, "Hide excluded", review
(rejected assets left out of an export, an approved-only sheet). Those leave gaps; they never
renumber, so "#200 on the sheet" is #200 in the app. Adding, deleting or reordering an asset does
renumber (the number is a position); the ids a combination holds (its slug, img2-title1-...;
ids are never reused, project.py) name it across such edits.

Under customization rules each placement (and language) combines its own assets
(``CombinationSpace.from_project(project, placement=, locale=)``), so a number counts within that
placement's space: Story #12 and Feed #12 may be different ads. The render files sit in a folder
per placement and the sheet names its placement; the large preview names the placement with the
number when rules apply.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from dcstudio.core.model.ad_content import AdContent
from dcstudio.core.model.rule_selection import pools_for, pools_of_rule
from dcstudio.core.values.placements import placement as placement_of

# Dimension name -> project pool, in the order combinations are enumerated.
DIMENSIONS = ("media", "title", "body", "description", "cta", "link")
_DIMENSION_POOLS = {
    "title": "titles", "body": "bodies", "description": "descriptions",
    "cta": "call_to_actions", "link": "link_urls",
}
CAROUSEL_MAX_CARDS = 10


@dataclass(frozen=True)
class Combination:
    """One ad as the platform may assemble it.

    index: position in the numbering space (module docstring): with exclusions, pins or a filter
        applied, still the position among all the placement's combinations; ``number_of`` shows it
    names: the dimension names, parallel to ``ids``
    cards: for a carousel, the image ids of its cards, in order
    """

    index: int
    names: tuple[str, ...]
    ids: tuple[str, ...]
    cards: tuple[str, ...] = ()

    def get(self, dimension: str) -> str | None:
        try:
            return self.ids[self.names.index(dimension)]
        except ValueError:
            return None

    def contains(self, asset_id: str) -> bool:
        return asset_id in self.ids or asset_id in self.cards

    def asset_ids(self) -> tuple[str, ...]:
        return self.cards + self.ids if self.cards else self.ids

    def slug(self) -> str:
        """A name a person can read: img2-title1-body3-desc1-cta1 (carousel: cards first)."""
        head = ["carousel"] if self.cards else []
        return "-".join(head + list(self.ids))

    def as_dict(self) -> dict:
        out = dict(zip(self.names, self.ids, strict=False))
        if self.cards:
            out["cards"] = list(self.cards)
        return out


def number_of(item) -> int:
    """The number a person sees for ``item`` (a ``Combination`` or any ad space's item): ``#12``
    in the grid, the large preview, the sheet, ``00012-...`` in render file names. Stable as the
    module docstring says."""
    return item.index + 1


def carousel_card_ids(project, combination: Combination, placement: str | None = None,
                      locale: int | None = None) -> tuple[str, ...]:
    """The assets a carousel mockup shows as cards, in order: a carousel's own cards, or, for a
    single-media combination seen as a carousel, its media first and then the image pool. With
    ``placement`` (and ``locale``), only the images the customization rules give it: a card the
    rules keep from that placement never shows there."""
    shown = [a.id for a in pools_for(project, placement, locale)["images"]]
    if combination.cards:
        ids = [c for c in combination.cards if c in set(shown)] if placement is not None else list(combination.cards)
    else:
        first = combination.get("media")
        ids = ([first] if first else []) + [a for a in shown if a != first]
    return tuple(ids[:CAROUSEL_MAX_CARDS])


def display_url(link) -> str:
    if link is None:
        return ""
    if link.display_url:
        return link.display_url
    try:
        host = urlparse(link.website_url if "//" in link.website_url else "//" + link.website_url).hostname or ""
    except ValueError:  # an unparseable URL (lint reports it) must not stop a render
        return link.website_url[:40]
    return host.removeprefix("www.")


def content_of(project, combination, placement: str, by_id: dict | None = None,
               locale: int | None = None) -> AdContent:
    """What ``combination`` of ``project`` shows in ``placement`` (to a viewer of ``locale``).
    ``by_id``: asset id -> asset, when resolving many (saves a pass over the pools per call)."""
    if by_id is None:
        by_id = {asset.id: asset for _, asset in project.assets()}

    def text(dim):
        asset_id = combination.get(dim)
        return by_id[asset_id].text if asset_id else None

    if placement_of(placement).shows_cards:
        media = tuple(by_id[i] for i in carousel_card_ids(project, combination, placement, locale))
    else:
        first = combination.get("media") or (combination.cards[0] if combination.cards else None)
        media = (by_id[first],) if first else ()
    cta_id, link_id = combination.get("cta"), combination.get("link")
    return AdContent(
        page_name=project.name,
        media=media,
        title=text("title"), body=text("body"), description=text("description"),
        cta=by_id[cta_id].display_name if cta_id else None,
        display_url=display_url(by_id[link_id] if link_id else None),
    )


def slugify(text: str, limit: int = 24) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def media_slug(asset) -> str:
    return slugify(asset.display_name.rsplit(".", 1)[0])


class CombinationSpace:
    """A lazily indexed set of combinations.

    ``dimensions``: (name, asset ids) pairs; ``exclusions``: pairs of ids never together.
    Indexing is stable: lexicographic over the dimensions in order, assets in the order given;
    ``fastest`` names a dimension to vary fastest instead of last-given (combinations still list
    their ids in the order given).

    Built ``from_project``, it is an ``AdSpace`` (ad_space.py): it resolves its combinations
    against that project, which must not change while the space is in use (pass a snapshot
    when other threads or processes read it).
    """

    def __init__(self, dimensions: Sequence[tuple[str, Sequence[str]]],
                 exclusions: Iterable[Iterable[str]] = (), cards: Sequence[str] = (),
                 *, fastest: str | None = None, _root: CombinationSpace | None = None, project=None,
                 locale: int | None = None):
        self.project = project
        self.locale = locale  # the language whose rules pick a carousel's cards
        self._assets: dict | None = None  # asset id -> asset of the project, made on first use
        self.names = tuple(name for name, _ in dimensions)
        self.dims = [tuple(ids) for _, ids in dimensions]
        self.cards = tuple(cards)
        self.fastest = fastest if fastest in self.names else None
        self._root = _root
        # The engine works in enumeration order; _order[k] is the given dimension at step k.
        self._order = list(range(len(self.dims)))
        if self.fastest is not None:
            self._order.remove(self.names.index(self.fastest))
            self._order.append(self.names.index(self.fastest))
        self._edims = [self.dims[i] for i in self._order]
        position = {a: k for k, ids in enumerate(self._edims) for a in ids}
        self._dim_of = position
        self.exclusions: set[frozenset[str]] = set()
        future: dict[str, set[str]] = {}
        for pair in exclusions:
            pair = frozenset(pair)
            if len(pair) != 2:
                continue  # an asset "excluded" from itself means nothing
            a, b = sorted(pair, key=lambda x: position.get(x, -1))
            if a not in position or b not in position or position[a] == position[b]:
                continue  # an asset outside this space, or two of one dimension: never meet here
            self.exclusions.add(pair)
            future.setdefault(a, set()).add(b)
        self._future = {a: frozenset(b) for a, b in future.items()}
        self._dimsets = [frozenset(ids) for ids in self._edims]
        self._positions: list[dict[str, int]] | None = None  # asset -> place in its dimension, on first use
        self._memo: dict[tuple[int, frozenset], int] = {}
        self._radix_tail = [1] * (len(self._edims) + 1)
        for k in range(len(self._edims) - 1, -1, -1):
            self._radix_tail[k] = self._radix_tail[k + 1] * len(self._edims[k])
        self._count = self._completions(0, frozenset())

    # -- construction from a project -------------------------------------------------------
    @classmethod
    def from_project(cls, project, *, honour_exclusions: bool = True, placement: str | None = None,
                     locale: int | None = None, rule: dict | None = None) -> CombinationSpace:
        """``placement`` (a preview placement id) and ``locale`` (a Meta locale id): the space holds
        the assets the project's customization rules give them (rule_selection.py); without a
        placement, or without rules, every asset. ``rule``: the assets that one rule shows."""
        pools = pools_of_rule(project, rule) if rule is not None else pools_for(project, placement, locale)
        cards, dims = cls._dimensions(project, pools)
        # Numbers count over every asset the placement shows, before pins, exclusions and review
        # leave some out (module docstring); a copy with assets left out knows its original.
        original = getattr(project, "numbered_as", None) or project
        whole = pools if original is project else (
            pools_of_rule(original, rule) if rule is not None else pools_for(original, placement, locale))
        whole_cards, whole_dims = cls._dimensions(original, whole)
        numbering = cls(whole_dims, (), whole_cards, fastest="media")
        pinned = project.pins
        dims = [(name, [a for a in ids if a in pinned] or ids) for name, ids in dims]
        exclusions = project.exclusions if honour_exclusions else ()
        if cards and exclusions:
            # Every carousel shows every card, so a card's excluded partner can never appear.
            banned = {b for pair in exclusions for a in pair if a in cards for b in pair - {a}}
            dims = [(name, [a for a in ids if a not in banned]) for name, ids in dims]
        # Images vary fastest, so the first screen of a grid shows the pool's variety.
        space = cls(dims, exclusions, cards, fastest="media", project=project, locale=locale)
        if space.numbered_within(numbering):
            space._root = numbering
        return space

    @staticmethod
    def _dimensions(project, pools) -> tuple[list[str], list[tuple[str, list[str]]]]:
        """(carousel cards, dimensions) of the assets in ``pools``, before pins and exclusions."""
        fmt = project.ad_format
        cards: list[str] = []
        dims: list[tuple[str, list[str]]] = []
        if fmt == "CAROUSEL":
            cards = [a.id for a in pools["images"][:CAROUSEL_MAX_CARDS]]
        else:
            # A feed may list several ad formats (SINGLE_IMAGE and SINGLE_VIDEO): each brings its media.
            formats = {fmt, *project.customization.more_ad_formats}
            media = (pools["images"] if formats & {"SINGLE_IMAGE", "AUTOMATIC_FORMAT"} else []) + \
                (pools["videos"] if formats & {"SINGLE_VIDEO", "AUTOMATIC_FORMAT"} else [])
            dims.append(("media", [a.id for a in media]))
        for name, pool in _DIMENSION_POOLS.items():
            ids = [a.id for a in pools[pool]]
            if ids:  # an empty text pool is no dimension: the platform leaves it out
                dims.append((name, ids))
        if fmt == "CAROUSEL" and not cards:
            dims.append(("media", []))  # a carousel without images has no combinations
        return cards, dims

    def numbered_within(self, numbering: CombinationSpace) -> bool:
        """Whether ``numbering`` (exclusion-free) numbers this space's combinations as its own
        positions would not: it holds every one of them (the same dimensions, each a superset)
        and differs. A space that is the whole numbering space numbers itself."""
        if numbering.names != self.names or numbering.exclusions:
            return False
        if not all(set(mine) <= set(theirs) for mine, theirs in zip(self.dims, numbering.dims, strict=True)):
            return False  # e.g. the rules of a copy with assets left out picked others: own numbers
        return numbering.dims != self.dims or bool(self.exclusions)

    # -- counting ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._count

    @property
    def count(self) -> int:
        return self._count

    def _step(self, k: int, forbidden: frozenset, asset: str) -> frozenset:
        rest = forbidden - self._dimsets[k] if forbidden else forbidden
        extra = self._future.get(asset)
        return rest | extra if extra else rest

    def _completions(self, k: int, forbidden: frozenset) -> int:
        """How many ways to fill dimensions k.. given the assets the prefix forbids."""
        if not self._future:
            return self._radix_tail[k]
        if k == len(self._edims):
            return 1
        key = (k, forbidden)
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        total = plain = 0
        for asset in self._edims[k]:
            if asset in forbidden:
                continue
            if asset in self._future:
                total += self._completions(k + 1, self._step(k, forbidden, asset))
            else:
                plain += 1
        if plain:
            total += plain * self._completions(k + 1, self._step(k, forbidden, ""))
        self._memo[key] = total
        return total

    # -- indexing ----------------------------------------------------------------------------
    def ids_at(self, index: int) -> tuple[str, ...]:
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(f"combination {index} out of range 0..{self._count - 1}")
        chosen = []
        if not self._future:
            for k, ids in enumerate(self._edims):
                digit, index = divmod(index, self._radix_tail[k + 1])
                chosen.append(ids[digit])
            return self._given_order(chosen)
        forbidden: frozenset = frozenset()
        for k, ids in enumerate(self._edims):
            for asset in ids:
                if asset in forbidden:
                    continue
                after = self._step(k, forbidden, asset)
                n = self._completions(k + 1, after)
                if index < n:
                    chosen.append(asset)
                    forbidden = after
                    break
                index -= n
        return self._given_order(chosen)

    def _given_order(self, chosen: list[str]) -> tuple[str, ...]:
        out = [""] * len(chosen)
        for k, asset in enumerate(chosen):
            out[self._order[k]] = asset
        return tuple(out)

    def __getitem__(self, index: int) -> Combination:
        ids = self.ids_at(index)
        root_index = self._root.index_of(ids) if self._root is not None else (
            index if index >= 0 else index + self._count)
        return Combination(root_index, self.names, ids, self.cards)

    def index_of(self, ids: Sequence[str]) -> int:
        """The position of a combination given its ids in dimension order. ValueError if absent."""
        ids = tuple(ids)
        if len(ids) != len(self.dims):
            raise ValueError(f"expected {len(self.dims)} asset ids ({', '.join(self.names)}), got {len(ids)}")
        ids = tuple(ids[i] for i in self._order)
        index = 0
        if not self._future:
            if self._positions is None:  # a numbering space answers this for every shown tile
                self._positions = [{a: i for i, a in enumerate(dim)} for dim in self._edims]
            for k, (asset, where) in enumerate(zip(ids, self._positions, strict=False)):
                if asset not in where:
                    raise ValueError(f"{asset} is not in the {self.names[self._order[k]]} dimension")
                index += where[asset] * self._radix_tail[k + 1]
            return index
        forbidden: frozenset = frozenset()
        for k, (target, dim) in enumerate(zip(ids, self._edims, strict=False)):
            if target not in self._dimsets[k] or target in forbidden:
                raise ValueError(f"{' + '.join(ids)} is not a combination of this space")
            for asset in dim:
                if asset == target:
                    break
                if asset not in forbidden:
                    index += self._completions(k + 1, self._step(k, forbidden, asset))
            forbidden = self._step(k, forbidden, target)
        return index

    def __iter__(self) -> Iterator[Combination]:
        for i in range(self._count):
            yield self[i]

    def page(self, start: int, size: int) -> list[Combination]:
        return [self[i] for i in range(max(0, start), min(self._count, start + size))]

    def is_excluded(self, ids: Sequence[str]) -> bool:
        chosen = set(ids) | set(self.cards)
        return any(pair <= chosen for pair in self.exclusions)

    # -- filters -------------------------------------------------------------------------------
    def containing(self, asset_id: str) -> CombinationSpace:
        """The combinations that contain ``asset_id``; their ``index`` stays the full space's."""
        root = self._root or self
        if asset_id in self.cards:
            return self
        k = self._dim_of.get(asset_id)
        if k is None:
            return CombinationSpace([(n, ()) for n in self.names], (), self.cards, fastest=self.fastest, _root=root,
                                    project=self.project, locale=self.locale)
        given = self._order[k]
        dims = [(n, (asset_id,) if i == given else ids)
                for i, (n, ids) in enumerate(zip(self.names, self.dims, strict=False))]
        return CombinationSpace(dims, self.exclusions, self.cards, fastest=self.fastest, _root=root,
                                project=self.project, locale=self.locale)

    # -- the AdSpace protocol (a space built from a project) -----------------------------------
    @property
    def name(self) -> str:
        return self.project.name

    @property
    def sources(self):
        return self.project

    def _by_id(self) -> dict:
        if self._assets is None:
            self._assets = {asset.id: asset for _, asset in self.project.assets()}
        return self._assets

    def invalidated_by(self, asset_id: str) -> tuple[str, ...]:
        return (asset_id,)  # tile keys hold the ids a tile shows: a change stales just its own

    def content(self, combination: Combination, placement: str) -> AdContent:
        return content_of(self.project, combination, placement, self._by_id(), self.locale)

    def tile_ids(self, combination: Combination, placement: str) -> tuple[str, ...]:
        if placement_of(placement).shows_cards:
            # Seen as a carousel, a single-media ad shows the image pool as its other cards (and a
            # carousel the cards the rules give the placement): the key names them, in order, so
            # adding, moving, editing or removing one re-renders.
            return carousel_card_ids(self.project, combination, placement, self.locale) + combination.ids
        return combination.asset_ids()

    def file_slug(self, combination: Combination) -> str:
        """``img2-ceramic-mug_title1_body3_desc1_cta1_link1`` (carousel: ``carousel_`` first)."""
        by_id = self._by_id()
        parts = []
        for name, asset_id in zip(combination.names, combination.ids, strict=False):
            label = media_slug(by_id[asset_id]) if name == "media" else ""
            parts.append(f"{asset_id}-{label}" if label else asset_id)
        if combination.cards:
            parts.insert(0, "carousel")
        return "_".join(parts)

    def caption(self, combination: Combination) -> tuple[str, str]:
        assets = self._by_id()
        names = {i: a.display_name for i, a in assets.items()}
        if combination.cards:
            head = f"#{number_of(combination)}  carousel: " + ", ".join(names[c] for c in combination.cards)
        else:
            media = combination.get("media")
            head = f"#{number_of(combination)}  " + (names.get(media, media) if media else "no media")
        # Texts show in the mockup itself: their ids, with the label when the team gave one.
        rest = "  \u00b7  ".join(f"{i} {getattr(assets[i], 'label', '')}".strip()
                                  for n, i in zip(combination.names, combination.ids, strict=False) if n != "media")
        return head, rest

    def name_of(self, asset_id: str) -> str:
        asset = self._by_id().get(asset_id)
        return asset.display_name if asset is not None else asset_id
