"""Product-set filters: counted by DuckDB as a plain Python reading of Meta's words counts them,
on generated catalogs; every operator; the error paths; values that look like SQL."""
from __future__ import annotations

import re
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dcstudio.core.catalog.filters import FilterError, compile_filter, count_matching, sample
from tests.catalog.sets_catalog import build_store, product

# -- the brute force: what each word of a filter means, read row by row ----------------------------
# The filter's field -> the feed column it reads (written out here, not taken from filters.py).
TEXT_COLUMN = {"retailer_id": "id", "name": "title", "description": "description", "brand": "brand",
               "availability": "availability", "condition": "condition", "category": "product_type",
               "product_type": "product_type", "retailer_product_group_id": "item_group_id",
               "custom_label_0": "custom_label_0"}
PRICE_COLUMN = {"price_amount": "price", "sale_price_amount": "sale_price"}
NEGATED = {"neq": "eq", "not_contains": "contains", "i_not_contains": "i_contains", "is_not_any": "is_any"}


def cents(text: str | None) -> int | None:
    m = re.fullmatch(r"\s*(\d+)(?:\.(\d{1,2}))?\s+[A-Za-z]{3}\s*", text or "")
    return int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0")) if m else None


def low(text: str) -> str:
    # each character's simple lowercase: Python's str.lower() gives İ two characters
    return "".join("i" if ch == "\u0130" else ch.lower() for ch in text)


def positive(op: str, x, v) -> bool:
    if x is None:
        return False
    return {"eq": lambda: x == v, "lt": lambda: x < v, "lte": lambda: x <= v, "gt": lambda: x > v,
            "gte": lambda: x >= v, "is_any": lambda: x in v, "contains": lambda: v in x,
            "i_contains": lambda: low(v) in low(x), "starts_with": lambda: x.startswith(v)}[op]()


def matches(node: dict, row: dict) -> bool:
    for key, value in node.items():
        if key == "and":
            ok = all(matches(child, row) for child in value)
        elif key == "or":
            ok = any(matches(child, row) for child in value)
        else:
            x = cents(row.get(PRICE_COLUMN[key])) if key in PRICE_COLUMN else (row.get(TEXT_COLUMN[key]) or "")
            ok = all(not positive(NEGATED[op], x, v) if op in NEGATED else positive(op, x, v)
                     for op, v in value.items())
        if not ok:
            return False
    return True


# -- generated catalogs and filters ----------------------------------------------------------------
WORDS = ["Acme", "acme", "ACME Co", "O'Brien", "", " Acme", "İnci", "inci", "ΣΟΦΙΑ", "σοφια", "50%_off",
         "a\\b", "x' OR 1=1 --", 'say "hi"', "Apparel > Shirts", "Apparel", "apparel > shoes", "in stock",
         "out of stock", "'; DROP TABLE products; --"]
text = st.one_of(st.sampled_from(WORDS), st.text(alphabet="aAbB%_'\"\\ İıΣσς>-", max_size=5))
price_text = st.one_of(st.integers(0, 5000).map(lambda c: f"{c // 100}.{c % 100:02d} USD"),
                       st.integers(0, 50).map(lambda u: f"{u} EUR"),
                       st.sampled_from(["", "12,50 EUR", "$5", "abc", "9.99"]))
row = st.fixed_dictionaries({
    "id": text, "title": text, "description": text, "availability": text, "condition": text,
    "brand": text, "product_type": text, "item_group_id": text, "custom_label_0": text,
    "price": price_text, "sale_price": price_text,
})
TEXT_OPS = ["eq", "neq", "contains", "not_contains", "i_contains", "i_not_contains", "is_any", "is_not_any"]
NUMBER_OPS = ["eq", "neq", "is_any", "is_not_any", "lt", "lte", "gt", "gte"]


def filters_for(rows: list[dict]):
    """Filters whose values come mostly from the catalog itself (whole values, parts of them, in
    another case), so that they split it instead of taking all or nothing."""
    def texts(column):
        seen = sorted({r[column] for r in rows})
        part = st.tuples(st.sampled_from(seen), st.integers(0, 4), st.integers(0, 4)).map(
            lambda t: t[0][t[1]:t[1] + t[2]])
        cased = st.sampled_from(seen).map(lambda v: v.swapcase())
        return st.one_of(st.sampled_from(seen), part, cased, text)

    amounts = sorted({c for r in rows for c in (cents(r["price"]), cents(r["sale_price"])) if c is not None})
    amount = st.one_of(st.sampled_from(amounts), st.sampled_from(amounts).map(lambda a: a + 1),
                       st.integers(-10, 5100)) if amounts else st.integers(-10, 5100)

    @st.composite
    def text_leaf(draw):
        field = draw(st.sampled_from(sorted(TEXT_COLUMN)))
        ops = TEXT_OPS + (["starts_with"] if field in ("category", "product_type") else [])
        chosen = draw(st.lists(st.sampled_from(ops), min_size=1, max_size=2, unique=True))
        value = texts(TEXT_COLUMN[field])
        return {field: {op: draw(st.lists(value, min_size=1, max_size=3)) if op.startswith("is_") else draw(value)
                        for op in chosen}}

    @st.composite
    def number_leaf(draw):
        field = draw(st.sampled_from(sorted(PRICE_COLUMN)))
        chosen = draw(st.lists(st.sampled_from(NUMBER_OPS), min_size=1, max_size=2, unique=True))
        return {field: {op: draw(st.lists(amount, min_size=1, max_size=3)) if op.startswith("is_") else draw(amount)
                        for op in chosen}}

    return st.recursive(
        st.one_of(text_leaf(), number_leaf(), st.just({})),
        lambda children: st.one_of(
            st.lists(children, min_size=1, max_size=3).map(lambda xs: {"and": xs}),
            st.lists(children, min_size=1, max_size=3).map(lambda xs: {"or": xs}),
            st.tuples(children, children).map(lambda ab: {**ab[0], **ab[1]}),  # several keys: all must hold
        ),
        max_leaves=8,
    )


# No shrinking: each example imports a feed (a few tenths of a second), and shrinking a failure
# would take minutes; the assertion names the filter and the failing catalog is printed.
@settings(max_examples=40, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=st.lists(row, min_size=1, max_size=25), data=st.data())
def test_a_filter_counts_and_samples_what_a_row_by_row_reading_finds(rows, data):
    cases = data.draw(st.lists(filters_for(rows), min_size=1, max_size=12))
    with tempfile.TemporaryDirectory() as tmp, build_store(Path(tmp), rows) as store:
        names = ["row_number", *sorted(set(TEXT_COLUMN.values()) | set(PRICE_COLUMN.values()))]
        stored = [dict(zip(names, r, strict=True)) for r in store.rows(0, len(rows) + 1, columns=names)]
        assert len(stored) == len(rows)
        for flt in cases:
            expected = [r["row_number"] for r in stored if matches(flt, r)]
            assert count_matching(store, flt) == len(expected), flt
            assert [r["row_number"] for r in sample(store, flt, 3)] == expected[:3], flt


# -- each operator on a catalog small enough to read -----------------------------------------------
ROWS = [
    product(1, brand="Acme", price="10.00 USD", product_type="Apparel > Shirts", custom_label_0="summer"),
    product(2, brand="acme", price="49.00 USD", sale_price="39.50 USD", product_type="Apparel > Shoes"),
    product(3, brand="O'Brien", price="49.01 USD", availability="out of stock", product_type="Home"),
    product(4, brand="", price="12,00 EUR", product_type="apparel > hats", item_group_id="g1"),
    product(5, brand='Say "Hi"', price="100 JPY", availability="out of stock", item_group_id="g1"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with build_store(tmp_path_factory.mktemp("sets"), ROWS) as s:
        yield s


@pytest.mark.parametrize("flt, ids", [
    ({}, [1, 2, 3, 4, 5]),
    ({"brand": {"eq": "Acme"}}, [1]),
    ({"brand": {"neq": "Acme"}}, [2, 3, 4, 5]),
    ({"brand": {"eq": ""}}, [4]),
    ({"name": {"contains": "Shirt 1"}}, [1]),
    ({"product_type": {"not_contains": "Apparel"}}, [3, 4]),
    ({"product_type": {"i_contains": "APPAREL"}}, [1, 2, 4, 5]),
    ({"product_type": {"i_not_contains": "apparel"}}, [3]),
    ({"retailer_id": {"is_any": ["sku-2", "sku-5", "nope"]}}, [2, 5]),
    ({"retailer_id": {"is_not_any": ["sku-2", "sku-5"]}}, [1, 3, 4]),
    ({"price_amount": {"lt": 4900}}, [1]),
    ({"price_amount": {"lte": 4900}}, [1, 2]),
    ({"price_amount": {"gt": 4900}}, [3, 5]),
    ({"price_amount": {"gte": 4900}}, [2, 3, 5]),
    ({"price_amount": {"eq": 10000}}, [5]),  # 100 JPY is 100 x 100 too
    ({"price_amount": {"neq": 1000}}, [2, 3, 4, 5]),  # the unparsable 12,00 EUR is no 10.00
    ({"price_amount": {"is_any": [1000, 4901]}}, [1, 3]),
    ({"price_amount": {"is_not_any": [1000, 4901]}}, [2, 4, 5]),
    ({"sale_price_amount": {"lt": 4000}}, [2]),
    ({"price_amount": {"gte": 1000, "lt": 4901}}, [1, 2]),
    ({"category": {"starts_with": "Apparel"}}, [1, 2, 5]),
    ({"retailer_product_group_id": {"eq": "g1"}}, [4, 5]),
    ({"custom_label_0": {"eq": "summer"}}, [1]),
    ({"and": [{"brand": {"i_contains": "acme"}}, {"price_amount": {"gt": 2000}}]}, [2]),
    ({"or": [{"availability": {"eq": "out of stock"}}, {"brand": {"eq": "Acme"}}]}, [1, 3, 5]),
    ({"and": [{"or": [{"brand": {"eq": "Acme"}}, {"brand": {"eq": "acme"}}]},
              {"or": [{"price_amount": {"lt": 2000}}, {"sale_price_amount": {"gt": 0}}]}]}, [1, 2]),
    ({"brand": {"eq": "O'Brien"}}, [3]),
    ({"brand": {"eq": 'Say "Hi"'}}, [5]),
])
def test_each_operator(store, flt, ids):
    assert count_matching(store, flt) == len(ids)
    assert [r["id"] for r in sample(store, flt, 10)] == [f"sku-{n}" for n in ids]


@pytest.mark.parametrize("value", [
    "x' OR '1'='1", "'; DROP TABLE products; --", "%", "_", "\\", '"', "') OR TRUE OR ('", "?", "$1",
])
def test_a_value_that_looks_like_sql_is_only_a_value(store, value):
    for flt in ({"brand": {"eq": value}}, {"brand": {"contains": value}}, {"brand": {"is_any": [value]}},
                {"category": {"starts_with": value}}, {"name": {"i_contains": value}}):
        sql, _ = compile_filter(flt)
        harmless = {f: {op: ("v" if isinstance(v, str) else ["v"]) for op, v in ops.items()}
                    for f, ops in flt.items()}
        assert sql == compile_filter(harmless)[0]  # the value changes the parameters only
        assert count_matching(store, flt) == sum(matches(flt, r) for r in ROWS)
    assert count_matching(store, {"brand": {"neq": value}}) == len(ROWS)
    assert store.count() == len(ROWS)


def test_a_value_with_quotes_matches_the_product_that_has_it(tmp_path):
    nasty = "x' OR 1=1; DROP TABLE products; --\""
    with build_store(tmp_path, [product(1, brand=nasty), product(2)]) as s:
        assert count_matching(s, {"brand": {"eq": nasty}}) == 1
        assert count_matching(s, {"brand": {"contains": "' OR 1=1"}}) == 1
        assert s.count() == 2


@pytest.mark.parametrize("flt, path, words", [
    ({"and": [{}, {"brand": {"eqq": "x"}}]}, "filter.and[1].brand.eqq", "unknown operator 'eqq'"),
    ({"brnad": {"eq": "x"}}, "filter.brnad", "unknown field 'brnad'"),
    ({"or": [{"and": [{"title": {"eq": "x"}}]}]}, "filter.or[0].and[0].title", "call it 'name'"),
    ({"price": {"gt": 10}}, "filter.price", "price_amount"),
    ({"brand": {"lt": "b"}}, "filter.brand.lt", "text field"),
    ({"price_amount": {"contains": "4"}}, "filter.price_amount.contains", "price x 100 field"),
    ({"brand": {"starts_with": "A"}}, "filter.brand.starts_with", "category only"),
    ({"price_amount": {"gt": 49.5}}, "filter.price_amount.gt", "whole numbers"),
    ({"price_amount": {"gt": "4900"}}, "filter.price_amount.gt", "whole number of cents"),
    ({"price_amount": {"gt": True}}, "filter.price_amount.gt", "boolean"),
    ({"price_amount": {"is_any": [1, "2"]}}, "filter.price_amount.is_any[1]", "whole number"),
    ({"price_amount": {"lt": 2**70}}, "filter.price_amount.lt", "too large"),
    ({"brand": {"eq": 5}}, "filter.brand.eq", "text"),
    ({"brand": {"eq": None}}, "filter.brand.eq", "null"),
    ({"brand": {"is_any": []}}, "filter.brand.is_any", "non-empty list"),
    ({"brand": {"is_any": "Acme"}}, "filter.brand.is_any", "non-empty list"),
    ({"brand": {}}, "filter.brand", "object of operators"),
    ({"brand": "Acme"}, "filter.brand", "object of operators"),
    ({"and": []}, "filter.and", "non-empty list"),
    ({"or": {"brand": {"eq": "x"}}}, "filter.or", "non-empty list"),
    ({"and": [{"brand": {"eq": "a"}}, "brand"]}, "filter.and[1]", "must be an object"),
    ([], "filter", "must be an object"),
    ({"not": [{"brand": {"eq": "x"}}]}, "filter.not", "unknown field 'not'"),
    ({"brand": {"eq": "a\x00b"}}, "filter.brand.eq", "NUL"),
])
def test_a_bad_filter_names_its_path(flt, path, words):
    with pytest.raises(FilterError) as err:
        compile_filter(flt)
    assert err.value.path == path
    assert words in err.value.problem
    assert str(err.value).startswith(f"{path}: ")


def test_a_filter_over_500_kib_or_nested_too_deep_is_refused():
    with pytest.raises(FilterError, match="at most 500 KiB") as err:
        compile_filter({"retailer_id": {"is_any": [f"sku-{n:08d}" for n in range(50_000)]}})
    assert err.value.path == "filter"
    deep: dict = {"brand": {"eq": "x"}}
    for _ in range(40):
        deep = {"and": [deep]}
    with pytest.raises(FilterError, match="nests deeper"):
        compile_filter(deep)


def test_a_long_id_list_within_the_limit_is_one_parameter(store):
    ids = [f"sku-{n}" for n in range(20_000)]
    sql, params = compile_filter({"retailer_id": {"is_any": ids}})
    assert sql.count("?") == 1 and params == [ids]
    assert count_matching(store, {"retailer_id": {"is_any": ids}}) == len(ROWS)


def test_a_worker_counts_on_a_cursor_of_its_own(store):
    seen = {}

    def work():
        cursor = store.cursor()
        seen["count"] = count_matching(cursor, {"brand": {"i_contains": "acme"}})
        seen["sample"] = sample(cursor, {"brand": {"i_contains": "acme"}}, 1, columns=["id", "price_amount"])

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen == {"count": 2, "sample": [{"id": "sku-1", "price_amount": 1000}]}


def test_sample_refuses_a_column_the_catalog_lacks(store):
    with pytest.raises(Exception, match="no column 'nope'"):
        sample(store, {}, 1, columns=["id", "nope"])
