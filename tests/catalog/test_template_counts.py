"""The template lint's counts over a generated catalog imported through import_feed: SQL counts
equal a row-by-row resolution in Python, and the findings say them."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.store import CatalogStore
from dcstudio.core.catalog.template_counts import empty_tags, text_lengths
from dcstudio.core.catalog.template_text import resolve, tag_value
from dcstudio.core.lint import lint
from dcstudio.core.model.catalog_spec import ProductSet
from dcstudio.core.model.catalog_template import CatalogTemplate
from dcstudio.core.model.product_tags import parse_template
from tests.catalog.sets_catalog import write_feed
from tests.core.lint_projects import clean_project

COLUMNS = ("id", "title", "description", "availability", "condition", "price", "sale_price",
           "sale_price_effective_date", "link", "image_link", "brand", "custom_label_0", "custom_label_1")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
WINDOWS = ["", "2026-06-01T00:00+02:00/2026-07-01T00:00+02:00", "2025-01-01T00:00Z/2025-02-01T00:00Z",
           "2026-06-15T12:00:00+00:00/2026-06-15T12:00:01+00:00", "not a window", "2026-06-01/2026-06-30",
           "2026-06-15T13:00+01:00/2026-06-16T00:00+01:00"]
PRICES = ["9.99 USD", "1234.50 EUR", "1500 JPY", "1.234 KWD", "12 EUR", "", "free", "$5", "100000.00 USD"]


def generated_rows(n: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        rows.append({
            "id": f"sku-{i}", "title": rnd.choice(["", "  ", "Shirt", "organic banana " * rnd.randint(1, 20)]),
            "description": rnd.choice(["", "Soft cotton.", "x" * rnd.randint(1, 300)]),
            "availability": "in stock", "condition": "new", "price": rnd.choice(PRICES),
            "sale_price": rnd.choice(["", "5.00 USD", "1000 JPY", "bad"]),
            "sale_price_effective_date": rnd.choice(WINDOWS),
            "link": rnd.choice(["https://shop.example/p?id=" + str(i) + "&c=a b", ""]),
            "image_link": f"https://shop.example/{i}.jpg",
            "brand": rnd.choice(["", "Acme", "the north face", "Ünïcode Brand"]),
            "custom_label_0": rnd.choice(["", "summer"]), "custom_label_1": "",
        })
    return rows


def _import(project_folder, rows):
    import types

    feed = write_feed(project_folder / "feed.csv", rows, COLUMNS)
    report = import_feed(types.SimpleNamespace(folder=project_folder, catalog=None), feed)
    return report, CatalogStore.open(project_folder)


TEMPLATES = [
    "{{product.brand}} {{product.name | titleize}} for {{product.current_price strip_zeros}}",
    "{{product.price round}} {{product.custom_label_0}} {{product.custom_label_1}} {{product.description}}",
    "{{product.url | urlencode | urlencode}} {{product.retailer_id}} {{product.price raw | number_format}}",
]


@pytest.mark.parametrize("seed", [1, 2])
def test_sql_counts_equal_a_row_by_row_resolution(tmp_path, seed):
    rows = generated_rows(400, seed)
    _, store = _import(tmp_path, rows)
    with store:
        products = [dict(zip(COLUMNS, r, strict=True)) for r in
                    store.query(f"SELECT {', '.join(COLUMNS)} FROM products ORDER BY row_number")]
        for text in TEMPLATES:
            parsed = parse_template(text)
            got = {hit.tag.label: hit for hit in empty_tags(store, parsed, now=NOW)}
            for tag in parsed.tags:
                empty = [p["id"] for p in products if tag_value(tag, p, now=NOW) == ""]
                if empty:
                    assert got[tag.label].empty == len(empty), tag.label
                    assert got[tag.label].total == len(products)
                    assert got[tag.label].examples == tuple(empty[:3])
                else:
                    assert tag.label not in got
            lengths = sorted(((len(resolve(parsed, p, now=NOW)), p["id"]) for p in products),
                             key=lambda x: -x[0])
            hard, recommended = 60, 30
            counted = text_lengths(store, parsed, hard=hard, recommended=recommended, now=NOW)
            assert counted.total == len(products)
            assert counted.longest == lengths[0][0]
            assert counted.over == sum(n > hard for n, _ in lengths)
            assert counted.long == sum(n > recommended for n, _ in lengths)
            assert [n for _, n in counted.examples] == [n for n, _ in lengths[:3] if n > hard]


def test_counts_follow_the_product_set(tmp_path):
    rows = generated_rows(200, 3)
    _, store = _import(tmp_path, rows)
    with store:
        parsed = parse_template("{{product.brand}}")
        everything = empty_tags(store, parsed, now=NOW)[0]
        acme = empty_tags(store, parsed, where_sql="custom_label_0 = ?", params=["summer"], now=NOW)
        expected = sum(1 for r in rows if r["custom_label_0"] == "summer" and not r["brand"])
        assert everything.empty == sum(1 for r in rows if not r["brand"])
        assert (acme[0].empty if acme else 0) == expected
        assert acme[0].total == sum(1 for r in rows if r["custom_label_0"] == "summer")


def test_the_lint_says_the_count_and_examples(tmp_path):
    project = clean_project(tmp_path)
    rows = [{"id": f"sku-{i}", "title": f"Shirt {i}", "price": "9.99 USD", "link": "https://shop.example/",
             "brand": "" if i % 4 == 0 else "Acme"} for i in range(1, 4001)]
    report = import_feed(project, write_feed(tmp_path / "feed.csv", rows, COLUMNS))
    project.set_catalog(report.spec)
    project.set_catalog_template(CatalogTemplate(message="New from {{product.brand}}: {{product.name}}",
                                                 name="{{product.name}} " + "x" * 246))
    findings = {f.rule_id: f for f in lint(project).findings if f.rule_id.startswith("catalog.template")}
    assert findings["catalog.template.empty_tag"].message == (
        "{{product.brand}} in the primary text (message) is empty for 1,000 of 4,000 products of the catalog "
        "(e.g. sku-4, sku-8, sku-12)")
    assert findings["catalog.template.empty_tag"].field == "catalog_template.message"
    too_long = findings["catalog.template.too_long"]
    assert too_long.message.startswith("the headline (name) resolves past the hard limit of 255 characters for "
                                       "3,901 of 4,000 products of the catalog, the longest 257 (e.g. sku-1000 (257)")
    # per product set, when the catalog has sets
    project.set_catalog(replace(project.catalog, product_sets=(ProductSet("first", {"retailer_id": {"eq": "sku-4"}}),)))
    hits = [f for f in lint(project).findings if f.rule_id == "catalog.template.empty_tag"]
    assert [f.message for f in hits] == [
        "{{product.brand}} in the primary text (message) is empty for 1 of 1 products of product set 'first' "
        "(e.g. sku-4)"]


def test_a_syntax_error_is_named_with_its_position_and_nothing_is_counted(tmp_path):
    project = clean_project(tmp_path)
    project.set_catalog_template(CatalogTemplate(message="Hi {{product.name | shout}}"))
    hits = [f for f in lint(project).findings if f.rule_id.startswith("catalog.template")]
    assert [(f.rule_id, f.field) for f in hits] == [("catalog.template.syntax", "catalog_template.message")]
    assert "'shout'" in hits[0].message and "at character 21" in hits[0].message
