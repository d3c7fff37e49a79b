"""Compiling exclusions into ad sets: the fewest dynamic-creative ad sets in which no excluded
pair meets, and no combination the project allows is lost.

A dynamic-creative ad set shows every combination of its feed, so "never img1 with title1" can
only be honoured by putting img1 and title1 into different ad sets. The rule used here:

1. no ad set holds both assets of an excluded pair;
2. every combination the project allows (pins and exclusions applied, as
   ``CombinationSpace.from_project`` counts them) is a combination of at least one ad set;
3. as few ad sets as that allows.

Only assets named by an exclusion ("involved" assets) decide anything: every other asset goes
into every ad set. A combination's involved assets form a *pattern*; an ad set covers a pattern
when it holds all of it. Ad sets can be taken as maximal conflict-free sets of involved assets,
so the job is a small set cover, solved exactly by branch and bound (the exclusion graph of a
real project has a handful of nodes). Past a work limit the greedy cover is kept and the split
says it may not be the fewest.

Pins need no split: a pinned pool is simply cut down to its pinned assets in every ad set.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product

# Branch-and-bound nodes visited before settling for the greedy answer (keeps export instant).
_SEARCH_LIMIT = 200_000


@dataclass(frozen=True)
class AdSetPool:
    """The assets of one ad set, per combination dimension (media, title, body, ...)."""

    dims: tuple[tuple[str, tuple[str, ...]], ...]
    left_out: tuple[str, ...] = ()  # involved assets this ad set leaves out

    def ids(self, name: str) -> tuple[str, ...]:
        for dim, ids in self.dims:
            if dim == name:
                return ids
        return ()

    def all_ids(self) -> set[str]:
        return {a for _, ids in self.dims for a in ids}


@dataclass(frozen=True)
class Split:
    adsets: tuple[AdSetPool, ...]
    exclusions: tuple[tuple[str, str], ...] = ()
    pins: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()  # assets that appear in no allowed combination
    optimal: bool = True  # False when the search limit was hit and a greedy cover was kept
    cards: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.adsets)

    def describe(self) -> str:
        """How the exclusions split the pool, in words (goes into plan.json's summary)."""
        n = len(self.adsets)
        if not self.exclusions:
            text = "one ad set: no exclusions to honour"
        elif n <= 1:
            pairs = ", ".join(f"{a} + {b}" for a, b in self.exclusions)
            text = f"one ad set: the exclusions ({pairs}) need no split because each pair loses an asset"
        else:
            pairs = ", ".join(f"{a} + {b}" for a, b in self.exclusions)
            parts = [f"ad set {i} leaves out {', '.join(s.left_out) or 'nothing'}"
                     for i, s in enumerate(self.adsets, 1)]
            text = (f"{n} ad sets, the fewest in which no excluded pair ({pairs}) meets while every "
                    f"allowed combination stays possible: " + "; ".join(parts))
            if not self.optimal:
                text += " (found by a quick search: a split with fewer ad sets may exist)"
        if self.dropped:
            text += f"; left out everywhere because no allowed combination uses them: {', '.join(self.dropped)}"
        if self.pins:
            text += f"; pinned, so the only ones of their pools: {', '.join(self.pins)}"
        return text


def split_dimensions(dims, exclusions, placements=None) -> tuple[list[tuple[frozenset, ...]], bool, list[str]]:
    """The core of the split on plain data.

    ``dims``: [(name, [ids])]; ``exclusions``: pairs of ids (pairs inside one dimension or naming
    an id outside ``dims`` are ignored). ``placements``: the dims each placement combines, when
    customization rules give placements their own assets (None: ``dims`` is the one placement);
    a pair that meets in no placement needs no split. Returns (ad sets as sets of involved ids,
    optimal, involved ids in no allowed combination).
    """
    placements = [dims] if placements is None else placements
    dim_of = {a: k for k, (_, ids) in enumerate(dims) for a in ids}
    pairs = meeting_pairs(dims, exclusions, placements)
    if not pairs:
        return [frozenset()], True, []
    involved = sorted({a for p in pairs for a in p}, key=lambda a: (dim_of[a], _order(dims, a)))
    conflict = {a: {b for p in pairs if a in p for b in p if b != a} for a in involved}

    found = {q for placement in placements for q in _maximal_patterns(placement, involved, dim_of, conflict)}
    patterns = sorted((q for q in found if not any(q < r for r in found)), key=lambda q: sorted(q))
    used = {a for p in patterns for a in p}
    dropped = [a for a in involved if a not in used]
    if not patterns:
        return [], True, dropped
    candidates = _maximal_independent_sets([a for a in involved if a in used], conflict)
    cover, optimal = _min_cover(patterns, candidates)
    return cover, optimal, dropped


def meeting_pairs(dims, exclusions, placements) -> set[frozenset]:
    """The excluded pairs of two dimensions of ``dims`` that some placement combines."""
    dim_of = {a: k for k, (_, ids) in enumerate(dims) for a in ids}
    pairs = set()
    for pair in exclusions:
        a, b = tuple(pair)
        if a in dim_of and b in dim_of and dim_of[a] != dim_of[b] and any(_meet(p, a, b) for p in placements):
            pairs.add(frozenset((a, b)))
    return pairs


def _meet(dims, a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` can be in one combination of ``dims`` (in two of its dimensions)."""
    where = {x: k for k, (_, ids) in enumerate(dims) for x in ids if x in (a, b)}
    return len(where) == 2 and where[a] != where[b]


def _order(dims, asset) -> int:
    for _, ids in dims:
        if asset in ids:
            return list(ids).index(asset)
    return 0


def _maximal_patterns(dims, involved, dim_of, conflict) -> list[frozenset]:
    """The involved-asset parts of the allowed combinations, keeping only inclusion-maximal ones."""
    involved_set = set(involved)
    choices = []
    for _, ids in dims:
        mine = [a for a in ids if a in involved_set]
        free = len(mine) < len(ids)  # some asset of this dimension is named by no exclusion
        choices.append(mine + ([None] if free else []))
    found = set()
    for pick in product(*choices):
        chosen = [a for a in pick if a is not None]
        if any(b in conflict[a] for a in chosen for b in chosen):
            continue
        found.add(frozenset(chosen))
    return sorted((p for p in found if not any(p < q for q in found)), key=lambda p: sorted(p))


def _maximal_independent_sets(nodes: list[str], conflict) -> list[frozenset]:
    """Bron-Kerbosch on the complement graph: maximal sets of mutually compatible assets."""
    out: list[frozenset] = []
    compatible = {a: {b for b in nodes if b != a and b not in conflict[a]} for a in nodes}

    def expand(r: set, p: set, x: set) -> None:
        if not p and not x:
            out.append(frozenset(r))
            return
        pivot = max(p | x, key=lambda u: len(compatible[u] & p))
        for v in sorted(p - compatible[pivot]):
            expand(r | {v}, p & compatible[v], x & compatible[v])
            p = p - {v}
            x = x | {v}

    expand(set(), set(nodes), set())
    return sorted(out, key=lambda s: (-len(s), sorted(s)))


def _greedy(patterns, candidates) -> list[frozenset]:
    uncovered = set(patterns)
    chosen = []
    while uncovered:
        best = max(candidates, key=lambda c: sum(1 for p in uncovered if p <= c))
        chosen.append(best)
        uncovered = {p for p in uncovered if not p <= best}
    return chosen


def _min_cover(patterns, candidates) -> tuple[list[frozenset], bool]:
    best = _greedy(patterns, candidates)
    covers = {p: [c for c in candidates if p <= c] for p in patterns}
    budget = [_SEARCH_LIMIT]

    def search(uncovered: frozenset, chosen: list) -> None:
        nonlocal best
        if budget[0] <= 0:
            return
        budget[0] -= 1
        if not uncovered:
            if len(chosen) < len(best):
                best = list(chosen)
            return
        if len(chosen) + 1 >= len(best):
            return  # one more ad set at least: cannot beat the best known
        target = min(uncovered, key=lambda p: (len(covers[p]), sorted(p)))
        for c in covers[target]:
            chosen.append(c)
            search(frozenset(p for p in uncovered if not p <= c), chosen)
            chosen.pop()

    search(frozenset(patterns), [])
    return best, budget[0] > 0


def split_project(project) -> Split:
    """The split of a project's pools into dynamic-creative ad sets (pins and exclusions applied).

    Each ad set's feed holds all its assets, but under customization rules each placement combines
    only the assets its rule gives it (placement_spaces.py): only what some placement combines has
    to stay possible, and a pair no placement shows together needs no split."""
    from dcstudio.core.model.combinations import CombinationSpace
    from dcstudio.core.model.placement_spaces import placement_spaces

    space = CombinationSpace.from_project(project)
    dims = list(zip(space.names, space.dims, strict=False))
    placed = [p.space for p in placement_spaces(project)] if project.customization.rules else [space]
    placements = [list(zip(s.names, s.dims, strict=False)) for s in placed if len(s)]
    sets, optimal, dropped = split_dimensions(dims, space.exclusions, placements) if placements else ([], True, [])
    involved = {a for pair in meeting_pairs(dims, space.exclusions, placements) for a in pair}
    adsets = []
    for chosen in sets:
        pool_dims = tuple((name, tuple(a for a in ids if a not in involved or a in chosen))
                          for name, ids in dims)
        left_out = tuple(a for _, ids in dims for a in ids if a in involved and a not in chosen)
        adsets.append(AdSetPool(pool_dims, left_out))
    # Assets the carousel rule removed before the split (a card's excluded partner) are lost too.
    in_space = {a for _, ids in dims for a in ids} | set(space.cards)
    fed = {pool for fmt in (project.ad_format, *project.customization.more_ad_formats)
           for pool in _FED_POOLS.get(fmt, ())} or set(_FED_POOLS["SINGLE_IMAGE"])
    gone = tuple(a.id for pool in project.pools if pool in fed
                 for a in project.pools[pool]
                 if a.id not in in_space and not _pinned_away(project, pool))
    return Split(tuple(adsets), tuple(project.exclusion_list()), tuple(sorted(project.pins)),
                 tuple(dropped) + gone, optimal, space.cards)


_TEXT_POOLS = ("titles", "bodies", "descriptions", "call_to_actions", "link_urls")
_FED_POOLS = {
    "SINGLE_IMAGE": ("images",) + _TEXT_POOLS,
    "SINGLE_VIDEO": ("videos",) + _TEXT_POOLS,
    "AUTOMATIC_FORMAT": ("images", "videos") + _TEXT_POOLS,
    "CAROUSEL": _TEXT_POOLS,
}


def _pinned_away(project, pool: str) -> bool:
    """True when a pin in the pool cuts it down (its other assets are out by the user's choice)."""
    return any(a.id in project.pins for a in project.pools[pool])


def adsets_needed(project) -> int:
    """How many dynamic-creative ad sets the project's exclusions need (for the linter)."""
    return len(split_project(project).adsets)
