"""The catalog ad's templates counted over a set of products in the store, with SQL: how many
products a tag leaves empty, how many resolve a text past a length. No loop over the products in
Python: a tag's emptiness and a text tag's length are SQL expressions; a value whose length only
Python can tell (a price formatted by Babel, an urlencoded value) is resolved once per distinct
value, and joined back to the rows in DuckDB.

The SQL follows template_text.py exactly (the tests hold the two to the same counts): ``name`` is
``title``, ``current_price`` the ``sale_price`` while its window holds ``now``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from dcstudio.core.catalog.prices import DEFAULT_LOCALE, ad_locale
from dcstudio.core.catalog.store import PRODUCTS
from dcstudio.core.catalog.template_text import tag_value
from dcstudio.core.model.product_tags import FEED_COLUMN, ParsedTemplate, Tag

EXAMPLES = 3
# template_text.parse_price's form, in RE2.
_PRICE_SQL = r"'\s*-?\d+(\.\d+)?\s*[A-Za-z]{3}\s*'"
_TIME_FORMATS = "['%Y-%m-%dT%H:%M%z', '%Y-%m-%dT%H:%M:%S%z', '%Y-%m-%dT%H:%M:%S.%f%z', '%Y-%m-%d%z']"


@dataclass(frozen=True)
class EmptyTag:
    tag: Tag
    empty: int
    total: int
    examples: tuple[str, ...]  # retailer ids of the first empty products, in feed order


@dataclass(frozen=True)
class TextLengths:
    total: int
    longest: int
    over: int  # products whose resolved text is longer than ``hard``
    long: int  # ... longer than ``recommended``
    examples: tuple[tuple[str, int], ...]  # (retailer id, length) of the longest over ``hard``


def _text(column: str) -> str:
    return f"regexp_replace(COALESCE({column}, ''), '^\\s+|\\s+$', '', 'g')"


def _moment(part: int) -> str:
    raw = f"trim(split_part(sale_price_effective_date, '/', {part}))"
    raw = f"regexp_replace({raw}, '[Zz]$', '+00:00')"
    zoned = f"CASE WHEN regexp_matches({raw}, '[+-]\\d\\d:?\\d\\d$') THEN {raw} ELSE {raw} || '+00:00' END"
    return f"try_strptime({zoned}, {_TIME_FORMATS})"


def sale_active_sql() -> str:
    """Boolean SQL, one ``?`` (the moment): the product's sale price applies now."""
    window = "trim(COALESCE(sale_price_effective_date, ''))"
    return (f"(regexp_full_match(COALESCE(sale_price, ''), {_PRICE_SQL}) AND ({window} = '' OR "
            f"(len(string_split({window}, '/')) = 2 AND {_moment(1)} <= ?::TIMESTAMPTZ "
            f"AND ?::TIMESTAMPTZ < {_moment(2)})))")


def source_sql(tag: Tag) -> tuple[str, int]:
    """(the SQL of the feed value a tag shows, how many moment parameters it takes)."""
    if tag.field == "current_price":
        return f"(CASE WHEN {sale_active_sql()} THEN sale_price ELSE price END)", 2
    return FEED_COLUMN[tag.field], 0


def empty_sql(tag: Tag) -> tuple[str, int]:
    source, moments = source_sql(tag)
    if tag.is_price:
        return f"(NOT regexp_full_match(COALESCE({source}, ''), {_PRICE_SQL}))", moments
    return f"({_text(source)} = '')", moments


def _scope(where_sql: str | None) -> str:
    return f"({where_sql})" if where_sql else "TRUE"


def empty_tags(store, template: ParsedTemplate, *, where_sql: str | None = None, params: Sequence = (),
               now: datetime | None = None, examples: int = EXAMPLES) -> list[EmptyTag]:
    """Each distinct tag of ``template`` that resolves empty for some products of the scope."""
    now = now or datetime.now(UTC)
    tags = list({t.label: t for t in template.tags}.values())
    if not tags:
        return []
    exprs, args = [], []
    for tag in tags:
        sql, moments = empty_sql(tag)
        exprs.append(f"count(*) FILTER (WHERE {sql})")
        args.extend([now] * moments)
    con = _con(store)
    row = con.execute(f"SELECT count(*), {', '.join(exprs)} FROM {PRODUCTS} WHERE {_scope(where_sql)}",
                      [*args, *params]).fetchone()
    total, counts = int(row[0]), row[1:]
    out = []
    for tag, empty in zip(tags, counts, strict=True):
        if not empty:
            continue
        sql, moments = empty_sql(tag)
        ids = con.execute(f"SELECT COALESCE(id, '#' || row_number) FROM {PRODUCTS} "
                          f"WHERE {_scope(where_sql)} AND {sql} ORDER BY row_number LIMIT ?",
                          [*params, *([now] * moments), examples]).fetchall()
        out.append(EmptyTag(tag, int(empty), total, tuple(str(i[0]) for i in ids)))
    return out


def _sql_length(tag: Tag) -> bool:
    # titleize keeps the length; any other transform, and every price, is Python's to tell.
    return not tag.is_price and all(t == "titleize" for t in tag.transforms)


def text_lengths(store, template: ParsedTemplate, *, hard: int, recommended: int, where_sql: str | None = None,
                 params: Sequence = (), locale=DEFAULT_LOCALE, now: datetime | None = None,
                 examples: int = EXAMPLES) -> TextLengths:
    """The resolved text's length over the products of the scope."""
    now = now or datetime.now(UTC)
    loc = ad_locale(locale) if isinstance(locale, str) else locale
    con = _con(store)
    terms, joins, join_args = [str(template.literal_length)], [], []
    mapped: dict[str, str] = {}
    for tag in template.tags:
        source, moments = source_sql(tag)
        if _sql_length(tag):
            terms.append(f"length({_text(source)})")
            continue
        if tag.label not in mapped:
            name = f"_tag_len_{len(mapped)}"
            mapped[tag.label] = name
            _map_lengths(con, name, tag, source, [now] * moments, where_sql, params, loc)
            joins.append(f"LEFT JOIN {name} ON {name}.v = {source}")
            join_args.extend([now] * moments)
        terms.append(f"COALESCE({mapped[tag.label]}.n, 0)")
    length = " + ".join(terms)
    base = (f"SELECT {PRODUCTS}.row_number AS row_number, COALESCE(id, '#' || {PRODUCTS}.row_number) AS rid, "
            f"{length} AS n FROM {PRODUCTS} {' '.join(joins)} WHERE {_scope(where_sql)}")
    try:
        args = [*join_args, *params]
        total, longest, over, long = con.execute(
            f"SELECT count(*), COALESCE(max(n), 0), count(*) FILTER (WHERE n > ?), count(*) FILTER (WHERE n > ?) "
            f"FROM ({base})", [hard, recommended, *args]).fetchone()
        worst = con.execute(f"SELECT rid, n FROM ({base}) WHERE n > ? ORDER BY n DESC, row_number LIMIT ?",
                            [*args, hard, examples]).fetchall() if over else []
    finally:
        for name in mapped.values():
            con.execute(f"DROP TABLE IF EXISTS {name}")
    return TextLengths(int(total), int(longest), int(over), int(long), tuple((str(r), int(n)) for r, n in worst))


def _map_lengths(con, name: str, tag: Tag, source: str, moment_args: list, where_sql, params, loc) -> None:
    values = [r[0] for r in con.execute(f"SELECT DISTINCT {source} FROM {PRODUCTS} WHERE {_scope(where_sql)}",
                                        [*moment_args, *params]).fetchall() if r[0] is not None]
    # The value is already the chosen one (sale or not): resolve it as a plain price/text.
    plain = replace(tag, field="price") if tag.field == "current_price" else tag
    column = FEED_COLUMN[plain.field]
    lengths = [len(tag_value(plain, {column: v}, locale=loc, now=None)) for v in values]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (v VARCHAR, n INTEGER)")
    if values:
        con.execute(f"INSERT INTO {name} SELECT unnest(?::VARCHAR[]), unnest(?::INTEGER[])", [values, lengths])


def _con(store):
    return store.cursor() if hasattr(store, "cursor") else store
