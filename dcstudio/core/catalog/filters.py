"""Product-set filters: Meta's filter JSON, checked, compiled to parameterized SQL over the store.

A filter is what Meta's ``POST /{catalog_id}/product_sets`` takes as ``filter``::

    {"and": [{"brand": {"eq": "Acme"}},
             {"or": [{"price_amount": {"lt": 4900}}, {"product_type": {"i_contains": "shirt"}}]}]}

``{}`` is every product. An object holds fields and ``and`` / ``or`` (each a non-empty list of
filters); several keys in one object must all match, as several operators on one field must.
``price_amount`` and ``sale_price_amount`` count the price x 100 (``{"gt": 4900}`` is over 49.00).

What a filter means here (``tests/catalog/test_filters.py`` checks it row by row against a plain
Python reading of the same words on generated catalogs):

- A text field the feed leaves out or empty is the empty text: ``{"brand": {"eq": ""}}`` matches
  it, ``not_contains`` keeps it.
- An unparsable price matches no comparison of ``price_amount`` (nor ``eq`` / ``is_any``); the
  negations (``neq``, ``is_not_any``) keep it, as each is the opposite of its positive operator.
- ``eq``, ``contains`` and ``starts_with`` compare exactly; ``i_contains`` / ``i_not_contains``
  ignore case by each character's simple lowercase (so ``İ`` is ``i``, and a final ``Σ`` is ``σ``).

Values never enter the SQL text: every one is a parameter, so a value with quotes, ``%`` or
``--`` is only ever a value.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from dcstudio.core.catalog.store import PRODUCTS, CatalogStore
from dcstudio.core.values.errors import BadInputError

# The filter's field -> the store column it reads. Meta's product-set filters use the catalog's
# own names where they differ from the feed's (retailer_id for id, name for title, ...);
# dcstudio reads Meta's ``category`` as the retailer's own category, the feed's product_type.
TEXT_FIELDS = {
    "retailer_id": "id",
    "name": "title",
    "description": "description",
    "brand": "brand",
    "availability": "availability",
    "condition": "condition",
    "category": "product_type",
    "product_type": "product_type",
    "google_product_category": "google_product_category",
    "fb_product_category": "fb_product_category",
    "retailer_product_group_id": "item_group_id",
    "color": "color",
    "size": "size",
    "gender": "gender",
    "age_group": "age_group",
    "material": "material",
    "pattern": "pattern",
    **{f"custom_label_{n}": f"custom_label_{n}" for n in range(5)},
}
# Counted in the price x 100, as BIGINT columns of the store.
NUMBER_FIELDS = {"price_amount": "price_amount", "sale_price_amount": "sale_price_amount"}
FIELDS = {**TEXT_FIELDS, **NUMBER_FIELDS}
# A feed's name for a field the filter spells otherwise: named in the error, as the likely mix-up.
FEED_NAMES = {"id": "retailer_id", "title": "name", "item_group_id": "retailer_product_group_id",
              "price": "price_amount", "sale_price": "sale_price_amount"}
# Meta takes starts_with on a category only.
CATEGORY_FIELDS = ("category", "product_type", "google_product_category", "fb_product_category")

TEXT_OPERATORS = ("eq", "neq", "contains", "not_contains", "i_contains", "i_not_contains",
                  "is_any", "is_not_any", "starts_with")
NUMBER_OPERATORS = ("eq", "neq", "is_any", "is_not_any", "lt", "lte", "gt", "gte")
OPERATORS = tuple(dict.fromkeys(TEXT_OPERATORS + NUMBER_OPERATORS))
NEGATIONS = {"neq": "eq", "not_contains": "contains", "i_not_contains": "i_contains", "is_not_any": "is_any"}
_COMPARE = {"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
CONNECTIVES = ("and", "or")

# Meta takes a filter of at most 500 KiB; deeper than this is no filter a person wrote.
MAX_FILTER_BYTES = 500 * 1024
MAX_DEPTH = 32
_BIGINT = 2**63 - 1


class FilterError(BadInputError):
    """A filter Meta would refuse or dcstudio cannot count: ``path`` is where in the filter
    (``filter.and[1].brand.eqq``), ``problem`` what is wrong there."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def compile_filter(filter, path: str = "filter") -> tuple[str, list]:
    """(a boolean SQL expression over ``products``, its parameters). ``{}`` is ``TRUE``.
    FilterError naming the path of the first thing that is wrong."""
    _check_size(filter, path)
    params: list = []
    sql = _node(filter, path, params, 0)
    return sql, params


def check_filter(filter, path: str = "filter") -> None:
    """FilterError when ``filter`` is not one ``compile_filter`` takes."""
    compile_filter(filter, path)


def count_matching(store, filter) -> int:
    """How many products of ``store`` the filter takes. ``store``: a CatalogStore, or a DuckDB
    connection of one (``CatalogStore.cursor()``, for a worker thread)."""
    sql, params = compile_filter(filter)
    return int(_execute(store, f"SELECT count(*) FROM {PRODUCTS} WHERE {sql}", params)[0][0])


def sample(store, filter, n: int, *, columns: Sequence[str] | None = None) -> list[dict]:
    """The first ``n`` matching products in feed order, as dicts of ``columns`` (default
    row_number, id, title, price, availability, brand, image_link)."""
    sql, params = compile_filter(filter)
    wanted = list(columns or SAMPLE_COLUMNS)
    known = set(_columns(store))
    for name in wanted:
        if name not in known:
            raise BadInputError(f"the catalog has no column {name!r}")
    select = ", ".join('"' + name + '"' for name in wanted)
    rows = _execute(store, f"SELECT {select} FROM {PRODUCTS} WHERE {sql} ORDER BY row_number LIMIT ?",
                    [*params, max(0, int(n))])
    return [dict(zip(wanted, row, strict=True)) for row in rows]


SAMPLE_COLUMNS = ("row_number", "id", "title", "price", "availability", "brand", "image_link")


def filter_json(filter) -> str:
    """The filter as Meta gets it: compact JSON, keys in the user's order, text as written."""
    return json.dumps(filter, ensure_ascii=False, separators=(",", ":"))


# -- compiling ------------------------------------------------------------------------------------
def _check_size(filter, path: str) -> None:
    try:
        size = len(filter_json(filter).encode("utf-8"))
    except (TypeError, ValueError, RecursionError):
        raise FilterError(path, "is not JSON (only objects, lists, texts and numbers)") from None
    if size > MAX_FILTER_BYTES:
        raise FilterError(path, f"is {size // 1024} KiB of JSON; Meta takes a filter of at most 500 KiB")


def _node(node, path: str, params: list, depth: int) -> str:
    if depth > MAX_DEPTH:
        raise FilterError(path, f"nests deeper than {MAX_DEPTH} levels of and / or")
    if not isinstance(node, Mapping):
        raise FilterError(path, f"must be an object such as {{\"brand\": {{\"eq\": \"Acme\"}}}}, not {_kind(node)}")
    parts = []
    for key, value in node.items():
        where = f"{path}.{key}"
        if key in CONNECTIVES:
            parts.append(_connective(key, value, where, params, depth))
        elif key in FIELDS:
            parts.append(_field(key, value, where, params))
        else:
            raise FilterError(where, _unknown_field(key))
    if not parts:
        return "TRUE"
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def _connective(key: str, value, path: str, params: list, depth: int) -> str:
    if not isinstance(value, list) or not value:
        raise FilterError(path, f"{key} takes a non-empty list of filters, not {_kind(value)}")
    parts = [_node(item, f"{path}[{i}]", params, depth + 1) for i, item in enumerate(value)]
    return "(" + f" {key.upper()} ".join(parts) + ")"


def _field(name: str, ops, path: str, params: list) -> str:
    if not isinstance(ops, Mapping) or not ops:
        raise FilterError(path, f"takes an object of operators such as {{\"eq\": ...}}, not {_kind(ops)}")
    number = name in NUMBER_FIELDS
    allowed = NUMBER_OPERATORS if number else TEXT_OPERATORS
    parts = []
    for op, value in ops.items():
        where = f"{path}.{op}"
        if op not in allowed:
            raise FilterError(where, _unknown_operator(name, op, number, allowed))
        if op == "starts_with" and name not in CATEGORY_FIELDS:
            raise FilterError(where, f"starts_with applies to a category only ({', '.join(CATEGORY_FIELDS)}), "
                                     f"as Meta's product-set filters take it; use contains or eq on {name}")
        positive = NEGATIONS.get(op, op)
        sql = _positive(FIELDS[name], positive, _value(value, positive, number, where), number, params)
        # A NULL (an unparsable price) matches no positive test, so its negation keeps it.
        sql = f"COALESCE({sql}, FALSE)"
        parts.append(f"NOT {sql}" if op in NEGATIONS else sql)
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def _positive(column: str, op: str, value, number: bool, params: list) -> str:
    col = f'"{column}"' if number else f"COALESCE(\"{column}\", '')"
    if op == "is_any":
        params.append(list(value))
        # A semi-join, not list_contains: a list of thousands of ids stays a hash look-up per row.
        return f"{col} IN (SELECT unnest(?::{'BIGINT' if number else 'VARCHAR'}[]))"
    if op == "i_contains":
        # ILIKE over an escaped pattern: a little cheaper than lower() on every row, same folding.
        params.append("%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        return f"{col} ILIKE ? ESCAPE '\\'"
    params.append(value)
    if op == "eq":
        return f"{col} = ?"
    if op in _COMPARE:
        return f"{col} {_COMPARE[op]} ?"
    if op == "contains":
        return f"contains({col}, ?)"
    if op == "starts_with":
        return f"starts_with({col}, ?)"
    raise AssertionError(op)


def _value(value, op: str, number: bool, path: str):
    if op == "is_any":
        if not isinstance(value, list) or not value:
            raise FilterError(path, f"takes a non-empty list of {'numbers' if number else 'texts'}, not {_kind(value)}")
        return [_scalar(item, number, f"{path}[{i}]") for i, item in enumerate(value)]
    return _scalar(value, number, path)


def _scalar(value, number: bool, path: str):
    if number:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FilterError(path, f"takes a whole number of cents (the price x 100, 4900 for 49.00), "
                                    f"not {_kind(value)}")
        if isinstance(value, float):
            if not value.is_integer():
                raise FilterError(path, f"counts the price x 100 in whole numbers: {value!r} is not one "
                                        f"(49.99 is 4999)")
            value = int(value)
        if abs(value) > _BIGINT:
            raise FilterError(path, f"{value} is too large for a price x 100")
        return value
    if not isinstance(value, str):
        raise FilterError(path, f"takes a text, not {_kind(value)}")
    if "\x00" in value:
        raise FilterError(path, "holds a NUL character, which no feed value has")
    return value


def _unknown_field(key) -> str:
    if key in FEED_NAMES:
        counted = " (counted in the price x 100: 4900 for 49.00)" if FEED_NAMES[key] in NUMBER_FIELDS else ""
        return f"unknown field {key!r}: Meta's product-set filters call it {FEED_NAMES[key]!r}{counted}"
    return f"unknown field {key!r}; use and, or or one of {', '.join(FIELDS)}"


def _unknown_operator(field: str, op, number: bool, allowed: Sequence[str]) -> str:
    if op in OPERATORS:
        kind = "price x 100 field" if number else "text field"
        return f"{op!r} does not apply to {field}, a {kind}; use one of {', '.join(allowed)}"
    return f"unknown operator {op!r}; use one of {', '.join(allowed)}"


def _kind(value) -> str:
    if isinstance(value, bool):
        return f"the boolean {json.dumps(value)}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, Mapping):
        return "an empty object" if not value else "an object"
    return type(value).__name__


# -- running --------------------------------------------------------------------------------------
def _execute(store, sql: str, params: list) -> list[tuple]:
    if isinstance(store, CatalogStore):
        return store.query(sql, params)
    return store.execute(sql, params).fetchall()


def _columns(store) -> list[str]:
    if isinstance(store, CatalogStore):
        return store.columns()
    rows = store.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                         [PRODUCTS]).fetchall()
    return [r[0] for r in rows]
