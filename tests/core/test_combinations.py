"""The combination engine against brute force, and at sizes where brute force is out of reach."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dcstudio.core.model.combinations import CombinationSpace


def _brute(dims, exclusions):
    pairs = [frozenset(p) for p in exclusions]
    return [c for c in itertools.product(*dims) if not any(p <= set(c) for p in pairs)]


@st.composite
def spaces(draw):
    n_dims = draw(st.integers(1, 4))
    dims = [[f"d{k}a{i}" for i in range(draw(st.integers(1, 4)))] for k in range(n_dims)]
    everything = [a for d in dims for a in d]
    exclusions = draw(st.lists(st.tuples(st.sampled_from(everything), st.sampled_from(everything)), max_size=6))
    pins = draw(st.lists(st.sampled_from(everything), max_size=2))
    fastest = draw(st.one_of(st.none(), st.integers(0, n_dims - 1)))
    return dims, exclusions, pins, fastest


@settings(max_examples=300, deadline=None)
@given(spaces())
def test_count_order_and_indexes_match_brute_force(case):
    dims, exclusions, pins, fastest = case
    pinned = [[a for a in d if a in pins] or d for d in dims]
    space = CombinationSpace([(f"d{k}", d) for k, d in enumerate(pinned)], exclusions,
                             fastest=None if fastest is None else f"d{fastest}")
    order = list(range(len(pinned)))
    if fastest is not None:  # enumerate with that dimension last, report ids in the given order
        order.remove(fastest)
        order.append(fastest)
    inverse = [order.index(k) for k in range(len(order))]
    expected = [tuple(c[inverse[k]] for k in range(len(c)))
                for c in _brute([pinned[k] for k in order], [p for p in exclusions if p[0] != p[1]])]
    assert len(space) == len(expected)
    assert [c.ids for c in space] == expected
    for i, ids in enumerate(expected):
        assert space.index_of(ids) == i
    for asset in {a for d in pinned for a in d}:
        sub = space.containing(asset)
        want = [c for c in expected if asset in c]
        assert [c.ids for c in sub] == want
        assert [c.index for c in sub] == [expected.index(c) for c in want]


def test_seed_example_is_18():
    space = CombinationSpace([("media", ["i1", "i2", "i3"]), ("title", ["t1", "t2", "t3"]),
                              ("description", ["d1", "d2"])])
    assert len(space) == 18
    assert space[0].slug() == "i1-t1-d1" and space[17].slug() == "i3-t3-d2"
    assert space[-1].index == 17


def test_exclusions_and_pins_from_a_project(demo_project):
    p = demo_project
    assert len(CombinationSpace.from_project(p)) == 5 * 3 * 3 * 2 * 2 * 1
    p.exclude("img1", "title1")
    space = CombinationSpace.from_project(p)
    assert len(space) == 180 - 3 * 2 * 2
    assert not any(c.contains("img1") and c.contains("title1") for c in space)
    assert len(CombinationSpace.from_project(p, honour_exclusions=False)) == 180
    p.pin("body2")
    space = CombinationSpace.from_project(p)
    assert all(c.get("body") == "body2" for c in space)
    assert len(space) == (180 - 12) // 3


def test_out_of_range_and_foreign_combinations():
    space = CombinationSpace([("a", ["x", "y"]), ("b", ["u", "v"])], [("x", "u")])
    with pytest.raises(IndexError):
        space[3]
    with pytest.raises(ValueError):
        space.index_of(("x", "u"))
    with pytest.raises(ValueError):
        space.index_of(("x",))
    assert space.is_excluded(("x", "u")) and not space.is_excluded(("y", "u"))


def test_largest_meta_pool_and_a_million():
    meta = CombinationSpace([("media", [f"i{i}" for i in range(10)])]
                            + [(n, [f"{n}{i}" for i in range(5)]) for n in ("title", "body", "description", "cta")])
    assert len(meta) == 6250
    assert meta[6249].slug() == "i9-title4-body4-description4-cta4"
    dims = [(n, [f"{n}{i}" for i in range(100)]) for n in "abc"]
    big = CombinationSpace(dims, [("a1", "b2"), ("b3", "c4"), ("a5", "c6"), ("a7", "b7"), ("b7", "c7")])
    assert len(big) == 1_000_000 - 100 - 100 - 100 - 100 - 100 + 1
    page = big.page(999_000, 50)
    assert len(page) == 50 and [big.index_of(c.ids) for c in page] == list(range(999_000, 999_050))
    assert len(big.containing("b7")) == 100 * 100 - 100 - 100 + 1 - 1  # a7 row, c7 column, a5+c6


@pytest.mark.parametrize("images, cards", [(1, 1), (3, 3), (10, 10), (12, 10)])
def test_a_carousel_combination_is_a_set_of_cards(demo_project, images, cards):
    from dataclasses import replace

    p = demo_project
    p.set_project_settings(ad_format="CAROUSEL")
    base = p.pools["images"][0]
    p.pools["images"][:] = [replace(base, id=f"img{i + 1}") for i in range(images)]
    space = CombinationSpace.from_project(p)
    assert "media" not in space.names
    assert len(space) == 3 * 3 * 2 * 2
    assert space[0].cards == tuple(f"img{i + 1}" for i in range(cards))
    assert space[0].get("title") == "title1"
    assert space[0].slug().startswith("carousel-title1")


def test_empty_pools(demo_project):
    p = demo_project
    for d in list(p.pools["descriptions"]):
        p.remove_asset(d.id)
    space = CombinationSpace.from_project(p)
    assert "description" not in space.names and len(space) == 90
    for img in list(p.pools["images"]):
        p.remove_asset(img.id)
    assert len(CombinationSpace.from_project(p)) == 0
    p.set_project_settings(ad_format="CAROUSEL")
    assert len(CombinationSpace.from_project(p)) == 0


def test_video_and_automatic_formats(demo_project):
    from dcstudio.core.model.assets import VideoAsset

    p = demo_project
    p.add_asset("videos", VideoAsset("", video_id="123"))
    p.set_project_settings(ad_format="SINGLE_VIDEO")
    assert CombinationSpace.from_project(p).dims[0] == ("vid1",)
    p.set_project_settings(ad_format="AUTOMATIC_FORMAT")
    assert len(CombinationSpace.from_project(p).dims[0]) == 6


def test_images_vary_fastest_in_a_project(demo_project):
    space = CombinationSpace.from_project(demo_project)
    assert [c.get("media") for c in space.page(0, 6)] == ["img1", "img2", "img3", "img4", "img5", "img1"]
    assert space[0].slug() == "img1-title1-body1-desc1-cta1-link1"
    assert space[5].slug() == "img1-title1-body1-desc1-cta2-link1"
