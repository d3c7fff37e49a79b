"""`dcstudio new DIR --catalog FEED --product-set NAME='{...}' --title ... --body ...` makes a catalog-ad
project; `dcstudio info` counts the products of each set."""
from __future__ import annotations

import json

import pytest

from dcstudio.cli import main
from dcstudio.core.catalog.store import CatalogStore
from dcstudio.core.model.project_folder import load_project
from tests.catalog.product_catalogs import product_row, write_feed


@pytest.fixture
def feed(tmp_path):
    rows = [product_row(n, f"https://shop.example.com/i/{n}.jpg", availability="in stock" if n else "out of stock")
            for n in range(5)]
    return write_feed(tmp_path / "feed" / "products.csv", rows)


def _new(tmp_path, feed, *extra, name="shop"):
    return main(["new", str(tmp_path / name), "--catalog", str(feed),
                 "--product-set", 'cheap={"price_amount": {"lt": 2200}}', "--product-set", "all={}",
                 "--title", "{{product.name | titleize}}", "--body", "Only {{product.current_price}}",
                 *extra])


def test_new_makes_a_catalog_ad_that_reopens(tmp_path, feed, capsys):
    assert _new(tmp_path, feed, "--description", "{{product.brand}}", "--cta", "buy_now") == 0
    assert "a catalog of 5 products, product sets cheap (3), all (5)" in capsys.readouterr().out
    project = load_project(tmp_path / "shop")
    assert [(s.name, s.filter) for s in project.catalog.product_sets] == [
        ("cheap", {"price_amount": {"lt": 2200}}), ("all", {})]
    template = project.catalog_template
    assert (template.name, template.message, template.description, template.call_to_action_type) == (
        "{{product.name | titleize}}", "Only {{product.current_price}}", "{{product.brand}}", "BUY_NOW")
    assert not any(project.pools.values())  # the texts are the template, not pools
    with CatalogStore.open(project) as store:
        assert store.count() == 5


def test_info_counts_each_set(tmp_path, feed, capsys):
    assert _new(tmp_path, feed) == 0
    capsys.readouterr()
    assert main(["info", str(tmp_path / "shop")]) == 0
    out = capsys.readouterr().out
    assert "catalog              5 products" in out and "a catalog ad" in out
    assert "set 'cheap'                  3 of 5" in out and "set 'all'                    5 of 5" in out
    assert main(["info", str(tmp_path / "shop"), "--json"]) == 0
    catalog = json.loads(capsys.readouterr().out)["catalog"]
    assert catalog["products"] == 5 and catalog["product_sets"] == {"cheap": 3, "all": 5}


def test_info_on_a_catalog_not_built_here_says_so(tmp_path, feed, capsys):
    assert _new(tmp_path, feed) == 0
    for store in (tmp_path / "shop" / "catalog").glob("products*.duckdb"):
        store.unlink()
    capsys.readouterr()
    assert main(["info", str(tmp_path / "shop"), "--json"]) == 0
    catalog = json.loads(capsys.readouterr().out)["catalog"]
    assert catalog["products"] is None and "import the feed again" in catalog["problem"]


@pytest.mark.parametrize("argv, words", [
    (["--product-set", 'x={"colour": {"eq": "red"}}'], "--product-set x: filter.colour: unknown field 'colour'"),
    (["--product-set", "x={bad"], "--product-set x: the filter is not JSON"),
    (["--product-set", "nameonly"], "--product-set nameonly: give NAME="),
    (["--product-set", 'x={"price": {"lt": 10}}'], "Meta's product-set filters call it 'price_amount'"),
    (["--product-set", "a={}", "--product-set", "a={}"], "--product-set a: given twice"),
    (["--title", "{{product.nme}}"], "--title: unknown tag 'product.nme'"),
    (["--title", "a", "--title", "b"], "--title: a catalog ad's template has one name"),
    (["--image", "x.jpg"], "--image x.jpg: file not found"),
    (["--link", "https://a.test", "--link", "https://b.test"], "--link: a catalog ad has one shop address"),
    (["--link", "shop.test"], "--link: link must be an http(s) address"),
    (["--cta", "CLICK_HERE"], "--cta CLICK_HERE: not a call-to-action type"),
])
def test_bad_flags_exit_2_with_one_line_and_nothing_written(tmp_path, feed, capsys, argv, words):
    assert main(["new", str(tmp_path / "shop"), "--catalog", str(feed), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and len(err.splitlines()) == 1
    assert not (tmp_path / "shop").exists()


def test_a_bad_feed_exits_2_and_leaves_an_empty_folder_empty(tmp_path, capsys):
    bad = tmp_path / "feed.csv"
    bad.write_text("just one line without any delimiter\n", encoding="utf-8")
    (tmp_path / "shop").mkdir()
    assert main(["new", str(tmp_path / "shop"), "--catalog", str(bad), "--title", "{{product.name}}"]) == 2
    err = capsys.readouterr().err.strip()
    assert "feed.csv" in err and len(err.splitlines()) == 1
    assert list((tmp_path / "shop").iterdir()) == []
    assert main(["new", str(tmp_path / "other"), "--catalog", str(tmp_path / "none.csv")]) == 2
    assert "--catalog" in capsys.readouterr().err and not (tmp_path / "other").exists()


def test_a_product_set_without_a_catalog_is_refused(tmp_path, capsys):
    assert main(["new", str(tmp_path / "shop"), "--product-set", "a={}"]) == 2
    assert "give --catalog FEED too" in capsys.readouterr().err


def test_the_shop_link_is_the_end_cards_and_info_says_what_the_project_makes(tmp_path, feed, capsys):
    assert _new(tmp_path, feed, "--link", "https://shop.example.com/") == 0
    project = load_project(tmp_path / "shop")
    assert project.catalog_publish.link == "https://shop.example.com/"
    capsys.readouterr()
    assert main(["info", str(tmp_path / "shop")]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert "catalog ad, carousel_images_multi_items" in first and "profile meta-catalog-ad" in first
    assert "shop link       https://shop.example.com/" in out
    assert "titles" not in out and "combinations" not in out  # Meta fills those from the products
    assert main(["info", str(tmp_path / "shop"), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["ad_kind"], info["lint_profile"], info["catalog_format"]) == (
        "catalog ad", "meta-catalog-ad", "carousel_images_multi_items")


def test_a_catalog_ad_without_a_shop_link_is_a_lint_error_and_shop_link_gives_it(tmp_path, feed, capsys):
    assert _new(tmp_path, feed, "--page-id", "1234567890") == 0
    capsys.readouterr()
    main(["lint", str(tmp_path / "shop"), "--json"])
    found = {f["rule_id"] for f in json.loads(capsys.readouterr().out)}
    assert "catalog.campaign.link" in found
    out = tmp_path / "export"
    assert main(["export", str(tmp_path / "shop"), "--out", str(out), "--force", "--catalog-id", "123",
                 "--shop-link", "ftp://shop"]) == 2
    assert "--shop-link: link must be an http(s) address" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "shop"), "--out", str(out), "--force", "--catalog-id", "123",
                 "--shop-link", "https://shop.example.com/"]) == 0
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    creative = next(c for c in plan["calls"] if c["kind"] == "creative")
    assert creative["params"]["object_story_spec"]["template_data"]["link"] == "https://shop.example.com/"
    assert load_project(tmp_path / "shop").catalog_publish is None  # the flag is for this run, never saved
    assert "1 ad(s), 2 product set(s)" in capsys.readouterr().out
