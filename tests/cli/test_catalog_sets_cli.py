"""`dcstudio catalog sets PROJECT add | count | list | remove` end to end on a real project folder."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dcstudio.cli import main
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.model.project_format import PROJECT_FILE
from tests.catalog.sets_catalog import product, write_feed

ROWS = [product(1, brand="Acme", price="10.00 USD"), product(2, brand="Acme", price="60.00 USD"),
        product(3, brand="O'Brien", price="30.00 USD", availability="out of stock")]


@pytest.fixture
def catalog_project(demo_copy, capsys):
    feed = write_feed(demo_copy / "feed.csv", ROWS)
    assert main(["catalog", "import", str(demo_copy), str(feed)]) == 0
    capsys.readouterr()
    return demo_copy


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(["catalog", "sets", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_count_list_and_remove(catalog_project, capsys):
    p = catalog_project
    cheap = {"and": [{"brand": {"eq": "Acme"}}, {"price_amount": {"lt": 5000}}]}
    code, out, _ = _run(capsys, p, "add", "Cheap Acme", "--filter", json.dumps(cheap))
    assert code == 0 and "'Cheap Acme': 1 of 3 products match" in out
    assert _run(capsys, p, "count", "--filter", '{"brand": {"i_contains": "acme"}}')[1] == "2 of 3 products match\n"
    assert _run(capsys, p, "count", "Cheap Acme")[1] == "1 of 3 products match\n"
    code, out, _ = _run(capsys, p, "add", "Irish", "--filter", '{"brand":{"eq":"O\'Brien"}}')
    assert code == 0 and "1 of 3" in out

    saved = json.loads((p / PROJECT_FILE).read_text("utf-8"))["catalog"]["product_sets"]
    assert saved == [{"name": "Cheap Acme", "filter": cheap}, {"name": "Irish", "filter": {"brand": {"eq": "O'Brien"}}}]
    lines = _run(capsys, p, "list")[1].splitlines()
    assert lines == [f"Cheap Acme\t1 of 3\t{json.dumps(cheap, separators=(',', ':'))}",
                     "Irish\t1 of 3\t{\"brand\":{\"eq\":\"O'Brien\"}}"]
    listed = json.loads(_run(capsys, p, "list", "--json")[1])
    assert listed == [{"name": "Cheap Acme", "filter": cheap, "products": 1},
                      {"name": "Irish", "filter": {"brand": {"eq": "O'Brien"}}, "products": 1}]

    assert _run(capsys, p, "remove", "Cheap Acme")[0] == 0
    assert [s.name for s in load_project(p).catalog.product_sets] == ["Irish"]


def test_an_empty_set_is_saved_with_a_note(catalog_project, capsys):
    code, out, _ = _run(capsys, catalog_project, "add", "none", "--filter", '{"brand": {"eq": "Nobody"}}')
    assert code == 0 and "0 of 3" in out and "does not deliver" in out


@pytest.mark.parametrize("args, words", [
    (["add", "x", "--filter", '{"and": [{}, {"brand": {"eqq": "x"}}]}'], "filter.and[1].brand.eqq: unknown operator"),
    (["add", "x", "--filter", '{"title": {"eq": "x"}}'], "filter.title: unknown field 'title'"),
    (["add", "x", "--filter", '{"brand": '], "--filter: not JSON"),
    (["add", "x", "--filter", '{"price_amount": {"gt": NaN}}'], "--filter: not JSON"),
    (["add", "  ", "--filter", "{}"], "needs a name"),
    (["count", "--filter", '{"or": []}'], "filter.or: or takes a non-empty list"),
    (["count", "nope"], "no product set named 'nope'"),
    (["count"], "either --filter JSON or the name"),
    (["remove", "nope"], "no product set named 'nope'"),
])
def test_bad_input_is_one_line_and_exit_2_and_nothing_saved(catalog_project, capsys, args, words):
    before = (catalog_project / PROJECT_FILE).read_bytes()
    code, out, err = _run(capsys, catalog_project, *args)
    assert code == 2 and words in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert (catalog_project / PROJECT_FILE).read_bytes() == before


def test_a_taken_name_is_refused_unless_replaced(catalog_project, capsys):
    assert _run(capsys, catalog_project, "add", "a", "--filter", "{}")[0] == 0
    code, _, err = _run(capsys, catalog_project, "add", "a", "--filter", '{"brand": {"eq": "Acme"}}')
    assert code == 2 and "already a product set named 'a'" in err
    code, out, _ = _run(capsys, catalog_project, "add", "a", "--replace", "--filter", '{"brand": {"eq": "Acme"}}')
    assert code == 0 and "2 of 3" in out
    assert load_project(catalog_project).catalog.product_sets[0].filter == {"brand": {"eq": "Acme"}}


def test_a_filter_from_a_file(catalog_project, capsys, tmp_path):
    f = tmp_path / "filter.json"
    f.write_text('{"availability": {"eq": "out of stock"}}', "utf-8")
    assert _run(capsys, catalog_project, "count", "--filter", f"@{f}")[1] == "1 of 3 products match\n"


def test_a_project_without_a_catalog_says_to_import_one(demo_copy, capsys):
    code, _, err = _run(capsys, demo_copy, "add", "x", "--filter", "{}")
    assert code == 2 and "import a feed first" in err


def test_the_real_command_exits_2_naming_the_path(catalog_project):
    done = subprocess.run([sys.executable, "-m", "dcstudio", "catalog", "sets", str(catalog_project), "count",
                           "--filter", '{"or": [{"brand": {"eq": "a"}}, {"sale_price_amount": {"lt": "1"}}]}'],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == ("dcstudio: error: filter.or[1].sale_price_amount.lt: takes a whole number "
                                   "of cents (the price x 100, 4900 for 49.00), not the text '1'")
    ok = subprocess.run([sys.executable, "-m", "dcstudio", "catalog", "sets", str(catalog_project), "count",
                         "--filter", '{"price_amount": {"gte": 3000}}'], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and ok.stdout == "2 of 3 products match\n"
