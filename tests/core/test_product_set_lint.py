"""The product-set rules: what they say, where they point, and what they leave alone."""
from __future__ import annotations

import shutil
from dataclasses import replace

from dcstudio.core.lint import lint
from dcstudio.core.model.catalog_spec import ProductSet
from tests.core.lint_projects import clean_project
from tests.core.product_set_breakers import with_sets

RULES = ("catalog.product_set.filter", "catalog.product_set.empty", "catalog.product_set.out_of_stock")


def _hits(project):
    return [f for f in lint(project).findings if f.rule_id in RULES]


def test_each_rule_names_the_set_and_points_at_it(tmp_path):
    project = clean_project(tmp_path)
    with_sets(project, tmp_path, {"brand": {"eq": "Nobody"}}, {"brand": {"eq": "Clearance"}},
              {"or": [{"brand": {"eq": "Acme"}}, {"brand": {"neq": 5}}]})
    hits = {f.rule_id: f for f in _hits(project)}
    assert hits["catalog.product_set.empty"].message == (
        "product set 'set 1' matches none of the catalog's 4 products, so its ads do not deliver")
    assert hits["catalog.product_set.empty"].field == "catalog.product_sets[1]"
    # both spellings of out of stock, in any case
    assert hits["catalog.product_set.out_of_stock"].message == (
        "product set 'set 2': all 2 of its products are out of stock, so its ads do not deliver")
    assert hits["catalog.product_set.filter"].field == "catalog.product_sets[3].filter.or[1].brand.neq"
    assert "takes a text, not the number 5" in hits["catalog.product_set.filter"].message
    assert all(f.severity == "error" and f.hint for f in hits.values())


def test_a_set_with_one_product_in_stock_or_all_products_is_fine(tmp_path):
    project = clean_project(tmp_path)
    with_sets(project, tmp_path, {"or": [{"brand": {"eq": "Clearance"}}, {"retailer_id": {"eq": "sku-1"}}]})
    assert _hits(project) == []


def test_without_a_built_catalog_nothing_is_counted_and_nothing_raised(tmp_path):
    project = clean_project(tmp_path)
    with_sets(project, tmp_path, {"brand": {"eq": "Nobody"}})
    shutil.rmtree(tmp_path / "catalog")
    assert _hits(project) == []
    project.set_catalog(replace(project.catalog, product_sets=(ProductSet("bad", {"x": {}}),)))
    assert [f.rule_id for f in _hits(project)] == ["catalog.product_set.filter"]  # judged without rows
