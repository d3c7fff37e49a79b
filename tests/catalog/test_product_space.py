"""The product space: one ad per product of a set, in feed order, the template resolved for it, its
image from image_link through the catalog's image cache, or a placeholder that says why."""
from __future__ import annotations

import pickle
import socket
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcstudio.core.catalog.product_images import NOT_FETCHED, OFFLINE_AFTER
from dcstudio.core.catalog.product_space import (
    CAROUSEL_CARDS,
    CAROUSEL_MULTI_ITEMS,
    PRODUCT_FORMATS,
    SINGLE_IMAGE,
    ProductSpace,
)
from dcstudio.core.model.ad_space import AdSpace
from dcstudio.core.model.catalog_template import CatalogTemplate
from dcstudio.core.render.mockups import draw_ad
from dcstudio.core.render.tiles import TileCache
from dcstudio.core.values.errors import BadInputError
from tests.catalog.image_server import ImageServer, image_bytes
from tests.catalog.product_catalogs import catalog_project, local_images, product_row, served_images


@pytest.fixture
def server():
    with ImageServer() as s:
        yield s


def _local_project(folder: Path, count: int, **kwargs):
    links = local_images(folder / "feed", count)
    return catalog_project(folder, [product_row(n, links[n]) for n in range(count)], **kwargs)


def test_the_sdk_knows_the_formats():
    from facebook_business.adobjects.adcreativelinkdata import AdCreativeLinkData

    assert set(PRODUCT_FORMATS) <= set(vars(AdCreativeLinkData.FormatOption).values())


def test_one_ad_per_product_of_the_set_in_feed_order(tmp_path):
    project = _local_project(tmp_path / "p", 6, sets={"cheap": {"price_amount": {"lt": 2300}},
                                                      "none": {"brand": {"eq": "Nobody"}}})
    space = ProductSpace.build(project, cache=tmp_path / "cache")  # the first set
    assert isinstance(space, AdSpace)
    assert [space[i].retailer_id for i in range(len(space))] == ["SKU-000", "SKU-001", "SKU-002", "SKU-003"]
    assert [space[i].index for i in range(len(space))] == [0, 1, 2, 3]
    assert space.name == "Acme Shop \u2014 cheap" and space.set_name == "cheap"
    assert len(ProductSpace.build(project, product_set="none", cache=tmp_path / "cache")) == 0
    with pytest.raises(BadInputError, match="no product set named 'gone'"):
        ProductSpace.build(project, product_set="gone")


def test_without_a_set_every_product_and_without_a_template_a_clear_error(tmp_path):
    project = _local_project(tmp_path / "p", 3)
    assert len(ProductSpace.build(project, cache=tmp_path / "c")) == 3
    project.set_catalog_template(None)
    with pytest.raises(BadInputError, match="no catalog ad template"):
        ProductSpace.build(project)


def test_an_ad_says_the_template_resolved_for_its_product(tmp_path):
    template = CatalogTemplate(message="{{product.name | titleize}} from {{product.brand}}",
                               name="{{product.current_price strip_zeros}}", description="was {{product.price}}",
                               call_to_action_type="BUY_NOW")
    links = local_images(tmp_path / "p" / "feed", 2)
    rows = [product_row(0, links[0], price="1234.50 EUR", sale_price="1000.00 EUR"), product_row(1, links[1])]
    project = catalog_project(tmp_path / "p", rows, template=template)
    space = ProductSpace.build(project, locale="de_DE", cache=tmp_path / "c")
    content = space.content(space[0], "feed-square")
    assert content.body == "Linen Shirt 0 from Acme"
    assert content.title == "1.000\xa0€" and content.description == "was 1.234,50\xa0€"
    assert content.cta == "Buy now" and content.display_url == "shop.example.com"
    assert content.page_name == "Acme Shop" and len(content.media) == 1
    assert content.media[0].width == 600 and not space.sources.file_problems


def test_a_carousel_shows_the_product_and_the_next_ones(tmp_path):
    project = _local_project(tmp_path / "p", 12)
    space = ProductSpace.build(project, fmt=CAROUSEL_MULTI_ITEMS, cache=tmp_path / "c")
    item = space[11]
    assert len(item.cards) == CAROUSEL_CARDS and item.cards[:2] == ("SKU-011", "SKU-000")  # wraps round
    assert item.as_dict() == {"retailer_id": "SKU-011", "cards": list(item.cards)}
    carousel = space.content(item, "carousel")
    assert len(carousel.media) == CAROUSEL_CARDS
    # each card names its own product and price
    assert carousel.card_texts[:2] == (("linen shirt 11", "$30.99"), ("linen shirt 0", "$19.99"))
    assert [m.label for m in space.content(item, "feed-square").media] == ["SKU-011"]
    assert space.file_slug(item) == "carousel_SKU-011"
    holding = space.containing("product:SKU-003")
    assert [holding[i].index for i in range(len(holding))] == [0, 1, 2, 3, 6, 7, 8, 9, 10, 11]
    single = ProductSpace.build(project, fmt=SINGLE_IMAGE, cache=tmp_path / "c")
    # Seen in a placement of cards, a single-image ad shows the next products as its other cards.
    assert [m.label for m in single.content(single[0], "carousel").media][:2] == ["SKU-000", "SKU-001"]
    assert [single.containing("product:SKU-003")[0].index] == [3]


def test_tile_ids_change_with_the_template_and_name_the_products(tmp_path):
    project = _local_project(tmp_path / "p", 2)
    one = ProductSpace.build(project, cache=tmp_path / "c")
    project.set_catalog_template(CatalogTemplate(message="{{product.name}}"))
    other = ProductSpace.build(project, cache=tmp_path / "c")
    assert one.tile_ids(one[0], "feed-square")[0] == "product:SKU-000"
    assert one.tile_ids(one[0], "feed-square") != other.tile_ids(other[0], "feed-square")


def test_images_from_the_server_are_fetched_once_and_kept(tmp_path, server):
    links = served_images(server, 3)
    links[1] = server.serve("/small.jpg", image_bytes("JPEG", (320, 320)))
    links[2] = server.url("/gone.jpg")
    project = catalog_project(tmp_path / "p", [product_row(n, links[n]) for n in range(3)])
    cache, tiles = tmp_path / "cache", TileCache()
    space = ProductSpace.build(project, cache=cache)
    problems = {}
    for i in range(3):
        problems.update(draw_ad(space.content(space[i], "feed-square"), space.sources, "feed-square", 200,
                                cache=tiles).problems)
    assert problems == {"product:SKU-001": "320x320, under 500x500",
                        "product:SKU-002": "404 from 127.0.0.1"}
    hits = dict(server.hits)
    again = ProductSpace.build(project, cache=cache)  # another run: the kept bytes, no request
    assert again.content(again[0], "feed-square").media[0].width == 600
    assert server.hits == hits
    offline = ProductSpace.build(project, cache=cache, fetch=False)
    assert offline.content(offline[0], "story").media[0].file.endswith(".img")


def test_not_fetched_yet_without_the_network(tmp_path, server):
    project = catalog_project(tmp_path / "p", [product_row(0, served_images(server, 1)[0])])
    space = ProductSpace.build(project, cache=tmp_path / "c", fetch=False)
    space.content(space[0], "feed-square")
    assert space.sources.file_problems == {"product:SKU-000": NOT_FETCHED} and not server.hits


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_offline_every_tile_is_a_placeholder_at_once(tmp_path):
    port = _closed_port()
    rows = [product_row(n, f"http://127.0.0.1:{port}/{n}.jpg") for n in range(8)]
    space = ProductSpace.build(catalog_project(tmp_path / "p", rows), cache=tmp_path / "c")
    started = time.monotonic()
    for i in range(len(space)):
        space.content(space[i], "feed-square")
    assert time.monotonic() - started < 20  # deadlines, not a hang (a refused port answers at once)
    problems = space.sources.file_problems
    assert len(problems) == 8 and "cannot be reached (offline?)" in problems["product:SKU-000"]
    assert sum("not tried" in p for p in problems.values()) == 8 - OFFLINE_AFTER


def test_a_local_image_link_is_a_file_beside_the_feed_and_stays_inside(tmp_path):
    links = local_images(tmp_path / "p" / "feed", 1)
    rows = [product_row(0, links[0]), product_row(1, "../../secret.jpg"), product_row(2, "images/none.jpg"),
            product_row(3, "")]
    space = ProductSpace.build(catalog_project(tmp_path / "p", rows), cache=tmp_path / "c")
    for i in range(4):
        space.content(space[i], "feed-square")
    problems = space.sources.file_problems
    assert "product:SKU-000" not in problems
    assert "goes up a folder" in problems["product:SKU-001"]
    assert problems["product:SKU-002"] == "images/none.jpg: file not found next to the feed"
    assert problems["product:SKU-003"] == "the product has no image_link"


def test_the_space_pickles_for_worker_processes(tmp_path):
    space = ProductSpace.build(_local_project(tmp_path / "p", 2), cache=tmp_path / "c", fmt=SINGLE_IMAGE)
    copy = pickle.loads(pickle.dumps(space))
    assert copy.content(copy[1], "feed-square") == space.content(space[1], "feed-square")
    assert copy.caption(copy[1]) == ("#2  SKU-001  linen shirt 1", "20.99 USD  \u00b7  in stock")
    assert copy.name_of("product:SKU-001") == "linen shirt 1"


_BUILT: dict = {}


def _priced_catalog(tmp_path_factory):
    if "project" not in _BUILT:
        folder = tmp_path_factory.mktemp("priced")
        prices = [7, 3, 12, 3, 9, 15, 1, 12, 4, 8, 11, 2]
        links = local_images(folder / "feed", 1)
        rows = [product_row(n, links[0], price=f"{p}.00 USD") for n, p in enumerate(prices)]
        _BUILT.update(project=catalog_project(folder, rows), prices=prices, cache=folder / "cache")
    return _BUILT


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(limit=st.integers(0, 16), fmt=st.sampled_from(PRODUCT_FORMATS), pick=st.integers(0, 11))
def test_the_set_is_the_filter_in_feed_order_and_containing_keeps_numbers(tmp_path_factory, limit, fmt, pick):
    built = _priced_catalog(tmp_path_factory)
    project = built["project"]
    from dcstudio.core.catalog.product_sets import add_product_set

    project.catalog = add_product_set(project.catalog.__class__(project.catalog.source, project.catalog.sha256),
                                      "under", {"price_amount": {"lt": limit * 100}})
    space = ProductSpace.build(project, fmt=fmt, cache=built["cache"])
    expected = [f"SKU-{n:03d}" for n, p in enumerate(built["prices"]) if p < limit]
    assert [space[i].retailer_id for i in range(len(space))] == expected
    assert [space[i].index for i in range(len(space))] == list(range(len(expected)))
    target = f"SKU-{pick:03d}"
    holding = space.containing(f"product:{target}")
    got = [holding[i].index for i in range(len(holding))]
    assert got == [space[i].index for i in range(len(space)) if target in space[i].products()]
