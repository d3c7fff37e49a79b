"""Product sets in the project: added, replaced and removed as new CatalogSpecs, saved and loaded
with the filter exactly as written."""
from __future__ import annotations

import json

import pytest

from dcstudio.core.catalog.filters import FilterError
from dcstudio.core.catalog.product_sets import add_product_set, remove_product_set
from dcstudio.core.model.catalog_spec import CatalogSpec, ProductSet
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.model.project_format import PROJECT_FILE
from dcstudio.core.values.errors import BadInputError

SPEC = CatalogSpec("feed.csv", "ab" * 32)
NESTED = {"and": [{"retailer_id": {"is_not_any": ["a\"b", "c'd", "\u00e9\u00df\u0130"]}},
                  {"or": [{"price_amount": {"gt": 4900, "lte": 10_000}}, {"category": {"starts_with": "Home >"}}]}]}


def test_add_replace_remove():
    spec = add_product_set(add_product_set(SPEC, " Summer ", {"brand": {"eq": "Acme"}}), "All", {})
    assert [s.name for s in spec.product_sets] == ["Summer", "All"] and SPEC.product_sets == ()
    with pytest.raises(BadInputError, match="already a product set named 'Summer'"):
        add_product_set(spec, "Summer", {})
    replaced = add_product_set(spec, "Summer", NESTED, replace_existing=True)
    assert replaced.product_sets == (ProductSet("Summer", NESTED), ProductSet("All", {}))
    assert remove_product_set(replaced, "Summer").product_sets == (ProductSet("All", {}),)
    with pytest.raises(BadInputError, match="no product set named 'x'.*'Summer', 'All'"):
        remove_product_set(replaced, "x")


@pytest.mark.parametrize("name, words", [("", "needs a name"), ("a\nb", "line breaks"), ("x" * 201, "at most 200")])
def test_a_bad_name_is_refused(name, words):
    with pytest.raises(BadInputError, match=words):
        add_product_set(SPEC, name, {})


def test_a_bad_filter_is_refused_before_anything_changes():
    with pytest.raises(FilterError) as err:
        add_product_set(SPEC, "x", {"or": [{"brand": {"eq": "a"}}, {"size": {"gt": 1}}]})
    assert err.value.path == "filter.or[1].size.gt"


def test_the_filter_round_trips_through_the_project_file_exactly(demo_project, demo_copy):
    demo_project.set_catalog(add_product_set(add_product_set(SPEC, "Nested", NESTED), "All", {}))
    save_project(demo_project)
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    assert doc["catalog"]["product_sets"] == [{"name": "Nested", "filter": NESTED}, {"name": "All", "filter": {}}]
    again = load_project(demo_copy).catalog
    assert again.product_sets == (ProductSet("Nested", NESTED), ProductSet("All", {}))
    assert json.dumps(again.product_sets[0].filter) == json.dumps(NESTED)  # keys in the order written
    save_project(load_project(demo_copy))
    assert json.loads((demo_copy / PROJECT_FILE).read_text("utf-8")) == doc
