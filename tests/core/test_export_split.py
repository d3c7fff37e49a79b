"""The exclusion split: no excluded pair shares an ad set, nothing allowed is lost, and the number
of ad sets is the fewest (checked against brute force on small pools)."""
from __future__ import annotations

import random
from itertools import combinations, product

import pytest

from dcstudio.core.model.adset_split import adsets_needed, split_dimensions, split_project


def _allowed(dims, exclusions):
    pairs = {frozenset(p) for p in exclusions}
    for combo in product(*[ids for _, ids in dims]):
        if not any(frozenset(p) in pairs for p in combinations(combo, 2)):
            yield combo


def _conflict_free_subpools(dims, exclusions):
    pairs = {frozenset(p) for p in exclusions}
    assets = [a for _, ids in dims for a in ids]
    for mask in range(1, 1 << len(assets)):
        chosen = {a for i, a in enumerate(assets) if mask >> i & 1}
        if not any(p <= chosen for p in pairs):
            yield frozenset(chosen)


def _brute_force_fewest(dims, exclusions) -> int:
    combos = [frozenset(c) for c in _allowed(dims, exclusions)]
    if not combos:
        return 0
    # Only the inclusion-maximal conflict-free sub-pools matter (a bigger ad set covers more).
    pools = list(_conflict_free_subpools(dims, exclusions))
    pools = [p for p in pools if not any(p < q for q in pools)]
    for k in range(1, len(combos) + 1):
        for family in combinations(pools, k):
            if all(any(c <= p for p in family) for c in combos):
                return k
    raise AssertionError("no cover found")


def _ad_sets(dims, exclusions):
    sets, optimal, dropped = split_dimensions(dims, exclusions)
    involved = {a for p in exclusions for a in p}
    return [{a for _, ids in dims for a in ids if a not in involved or a in s} for s in sets], optimal


def _check(dims, exclusions):
    adsets, optimal = _ad_sets(dims, exclusions)
    assert optimal
    pairs = [frozenset(p) for p in exclusions]
    for adset in adsets:
        assert not any(p <= adset for p in pairs), "an excluded pair shares an ad set"
    for combo in _allowed(dims, exclusions):
        assert any(set(combo) <= adset for adset in adsets), f"{combo} is lost"
    assert len(adsets) == _brute_force_fewest(dims, exclusions)


def test_no_exclusions_is_one_ad_set():
    sets, optimal, dropped = split_dimensions([("media", ["i1", "i2"]), ("title", ["t1"])], [])
    assert len(sets) == 1 and optimal and not dropped


@pytest.mark.parametrize("dims, exclusions, expected", [
    # One pair: two ad sets (img1 without title1, title1 without img1).
    ([("media", ["i1", "i2"]), ("title", ["t1", "t2"])], [("i1", "t1")], 2),
    # Two crossing pairs still fit in two ad sets when paired the right way.
    ([("media", ["i1", "i2"]), ("title", ["t1", "t2"])], [("i1", "t1"), ("i2", "t2")], 2),
    # A triangle across three dimensions needs three.
    ([("media", ["i1", "i2"]), ("title", ["t1", "t2"]), ("body", ["b1", "b2"])],
     [("i1", "t1"), ("t1", "b1"), ("i1", "b1")], 3),
    # An asset excluded with the only title cannot appear at all; no split needed.
    ([("media", ["i1", "i2"]), ("title", ["t1"])], [("i1", "t1")], 1),
])
def test_known_cases(dims, exclusions, expected):
    _check(dims, exclusions)
    assert len(_ad_sets(dims, exclusions)[0]) == expected


def test_dropped_asset_is_reported():
    sets, _, dropped = split_dimensions([("media", ["i1", "i2"]), ("title", ["t1"])], [("i1", "t1")])
    assert dropped == ["i1"]


def test_random_small_pools_match_brute_force():
    rng = random.Random(6)
    for _ in range(60):
        sizes = [rng.randint(1, 3) for _ in range(rng.randint(2, 3))]
        names = ["media", "title", "body"][:len(sizes)]
        dims = [(n, [f"{n[0]}{i}" for i in range(1, s + 1)]) for n, s in zip(names, sizes, strict=False)]
        assets = [(k, a) for k, (_, ids) in enumerate(dims) for a in ids]
        if sum(sizes) > 7:
            continue
        cross = [(a, b) for (k, a), (m, b) in combinations(assets, 2) if k != m]
        exclusions = rng.sample(cross, min(len(cross), rng.randint(1, 4)))
        _check(dims, exclusions)


def test_project_split_and_count(demo_project):
    p = demo_project
    assert adsets_needed(p) == 1
    p.exclude("img1", "title1")
    p.exclude("img2", "title2")
    split = split_project(p)
    assert len(split) == 2
    for adset in split.adsets:
        ids = adset.all_ids()
        assert not {"img1", "title1"} <= ids and not {"img2", "title2"} <= ids
    words = split.describe()
    assert "2 ad sets" in words and "img1 + title1" in words


def test_pins_cut_the_pool_in_every_ad_set(demo_project):
    p = demo_project
    p.pin("title2")
    p.exclude("img1", "body1")
    split = split_project(p)
    assert len(split) == 2
    assert all(adset.ids("title") == ("title2",) for adset in split.adsets)
    assert "pinned" in split.describe() and "title2" in split.describe()
