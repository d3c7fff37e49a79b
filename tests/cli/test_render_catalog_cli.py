"""`dcstudio render` and `dcstudio sheet` on a catalog-ad project: one file per product and
placement, the index mapping each file to its retailer_id; product images from the local image
server (tests/catalog/image_server.py) through the image cache."""
from __future__ import annotations

import csv
import json

import pytest

from dcstudio.cli import main
from tests.catalog.image_server import ImageServer
from tests.catalog.product_catalogs import catalog_project, product_row, served_images


@pytest.fixture
def server():
    with ImageServer() as s:
        yield s


@pytest.fixture
def shop(tmp_path, server):
    links = served_images(server, 5)
    links[4] = server.url("/gone.jpg")
    rows = [product_row(n, links[n]) for n in range(5)]
    return catalog_project(tmp_path / "shop", rows, sets={"first three": {"price_amount": {"lt": 2200}},
                                                          "all": {}, "empty": {"brand": {"eq": "Nobody"}}})


def test_render_writes_one_file_per_product_and_placement_with_retailer_ids(shop, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["render", str(shop.folder), "--out", str(out), "--placement", "feed-square,story",
                 "--jobs", "1", "--product-format", "single_image"]) == 0
    printed = capsys.readouterr().out
    assert "3 products of Acme Shop \u2014 first three" in printed
    with (out / "index.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["file"], r["retailer_id"]) for r in rows] == [
        ("feed-square/00001-SKU-000.jpg", "SKU-000"), ("feed-square/00002-SKU-001.jpg", "SKU-001"),
        ("feed-square/00003-SKU-002.jpg", "SKU-002"), ("story/00001-SKU-000.jpg", "SKU-000"),
        ("story/00002-SKU-001.jpg", "SKU-001"), ("story/00003-SKU-002.jpg", "SKU-002")]
    assert all((out / r["file"]).stat().st_size > 1000 for r in rows)
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["project"] == "Acme Shop \u2014 first three"
    assert index["files"][1]["assets"] == {"retailer_id": "SKU-001"}
    assert index["files"][1]["names"] == {"retailer_id": "linen shirt 1"}
    # without --product-format: the project's format, here Meta's default, a carousel of products
    assert main(["render", str(shop.folder), "--out", str(tmp_path / "default"), "--placement", "feed-square",
                 "--jobs", "1"]) == 0
    with (tmp_path / "default" / "index.csv").open(encoding="utf-8") as fh:
        assert [r["file"] for r in csv.DictReader(fh)][0] == "feed-square/00001-carousel_SKU-000.jpg"


def test_a_missing_image_is_a_placeholder_and_exit_1(shop, tmp_path, capsys, server):
    out = tmp_path / "out"
    assert main(["render", str(shop.folder), "--out", str(out), "--product-set", "all", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "product:SKU-004 shown as a placeholder: 404 from 127.0.0.1" in err
    assert len(list((out / "feed-square").glob("*.jpg"))) == 5
    assert server.hits["/img/0.jpg"] == 1


def test_worker_processes_render_a_carousel_of_products(tmp_path, server, capsys):
    links = served_images(server, 45)
    project = catalog_project(tmp_path / "big", [product_row(n, links[n]) for n in range(45)])
    out = tmp_path / "out"
    assert main(["render", str(project.folder), "--out", str(out), "--placement", "carousel", "--jobs", "2",
                 "--product-format", "carousel_images_multi_items", "--size", "200"]) == 0
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert len(index["files"]) == 45
    last = index["files"][-1]
    assert last["file"] == "carousel/00045-carousel_SKU-044.jpg"
    assert last["assets"]["cards"][:2] == ["SKU-044", "SKU-000"]


def test_offline_nothing_is_fetched_and_the_tiles_say_so(shop, tmp_path, capsys, server):
    assert main(["render", str(shop.folder), "--out", str(tmp_path / "out"), "--offline", "--jobs", "1"]) == 1
    assert "image not fetched yet" in capsys.readouterr().err and not server.hits


def test_the_sheet_shows_the_set(shop, tmp_path, capsys):
    sheet = tmp_path / "sheet.pdf"
    assert main(["sheet", str(shop.folder), "--out", str(sheet)]) == 0
    assert "(1 pages, 3 products)" in capsys.readouterr().out and sheet.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("argv, words", [
    (["--product-set", "gone"], "no product set named 'gone'"),
    (["--product-set", "empty"], "the product set holds no products"),
    (["--ad-locale", "xx_YY"], "unknown locale 'xx_YY'"),
])
def test_bad_catalog_options_exit_2_with_one_line(shop, tmp_path, capsys, argv, words):
    for command in (["render", str(shop.folder), "--out", str(tmp_path / "o")],
                    ["sheet", str(shop.folder), "--out", str(tmp_path / "s.png")]):
        assert main(command + argv) == 2
        err = capsys.readouterr().err.strip()
        assert words in err and len(err.splitlines()) == 1


def test_catalog_options_on_a_project_without_a_catalog_are_refused(demo_copy, tmp_path, capsys):
    assert main(["render", str(demo_copy), "--out", str(tmp_path / "o"), "--product-set", "x"]) == 2
    assert "is no catalog ad" in capsys.readouterr().err
