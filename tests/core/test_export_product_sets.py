"""Product sets in the export: Meta's product_sets call on the catalog, the filter exactly as saved."""
from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.filters import FilterError
from dcstudio.core.catalog.product_sets import add_product_set
from dcstudio.core.model.catalog_spec import ProductSet
from dcstudio.core.platforms.meta.export.bundle import write_bundle
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.plan_reader import check_plan
from dcstudio.core.values.errors import BadInputError
from tests.catalog.sets_catalog import product, write_feed
from tests.fake_graph.fixtures import fake_graph, memory_keyring, token  # noqa: F401  (fixtures)

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
# Key order, non-ASCII text and quotes as the user wrote them.
SUMMER = {"or": [{"product_type": {"i_contains": "Été"}}, {"and": [{"brand": {"eq": "O'Brien \"Co\""}},
                                                                   {"price_amount": {"gte": 4900}}]}]}


@pytest.fixture
def with_sets(demo_project):
    report = import_feed(demo_project, write_feed(demo_project.folder / "feed.csv",
                                                  [product(1, brand="O'Brien \"Co\"", price="50.00 USD")]))
    spec = add_product_set(add_product_set(report.spec, "Summer", SUMMER), "All", {})
    demo_project.set_catalog(spec)
    return demo_project


def test_each_set_is_a_product_sets_call_on_the_catalog_with_its_exact_filter(with_sets):
    plan = build_plan(with_sets, now=NOW)
    sets = [c for c in plan["calls"] if c["kind"] == "product_set"]
    assert plan["calls"][:2] == sets and plan["summary"]["product_sets"] == 2
    assert sets[0] == {"id": "product-set-1", "kind": "product_set", "method": "POST",
                       "path": "{product_catalog_id}/product_sets",
                       "params": {"name": "Summer", "filter": SUMMER}, "returns": ["id"]}
    assert json.dumps(sets[0]["params"]["filter"]) == json.dumps(SUMMER)  # same keys in the same order
    assert sets[1]["params"] == {"name": "All", "filter": {}}


def test_a_project_without_sets_exports_as_before(demo_project):
    plan = build_plan(demo_project, now=NOW)
    assert "product_sets" not in plan["summary"]
    assert {c["kind"] for c in plan["calls"]} == {"campaign", "adset", "image", "creative", "ad"}


def test_a_bad_saved_filter_or_a_reference_shaped_value_is_refused(with_sets):
    spec = with_sets.catalog
    with_sets.set_catalog(replace(spec, product_sets=(ProductSet("Typo", {"brand": {"eqq": "x"}}),)))
    with pytest.raises(FilterError, match=r"^product set 'Typo': filter.brand.eqq: unknown operator"):
        build_plan(with_sets, now=NOW)
    with_sets.set_catalog(replace(spec, product_sets=(ProductSet("Ref", {"brand": {"eq": "{campaign.id}"}}),)))
    with pytest.raises(BadInputError, match=r"product-set-1, params.filter.brand.eq"):
        build_plan(with_sets, now=NOW)


def test_the_publisher_says_it_does_not_send_product_sets_yet(with_sets):
    with pytest.raises(BadInputError, match="product set in a product catalog.*PRODUCT_CATALOG_ID"):
        check_plan(build_plan(with_sets, now=NOW))


def test_publish_sh_posts_the_exact_filter_to_the_catalog_and_needs_its_id(with_sets, tmp_path, fake_graph, token):  # noqa: F811
    write_bundle(with_sets, tmp_path / "b", now=NOW, previews=False, force=True)
    script = tmp_path / "b" / "publish.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text("utf-8")
    assert '"${PRODUCT_CATALOG_ID}/product_sets"' in text
    compact = json.dumps(SUMMER, ensure_ascii=False, separators=(",", ":"))
    assert compact in text.replace("'\\''", "'")  # single quotes in shell words are written '\''
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "META_ACCESS_TOKEN": token,
           "AD_ACCOUNT_ID": "424242", "GRAPH_API_BASE": fake_graph.url}
    run = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "set PRODUCT_CATALOG_ID" in run.stderr
    assert fake_graph.log == []  # refused before any call
