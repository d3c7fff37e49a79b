"""The catalog rules as SQL over the DuckDB store: one query per rule (or per few rules), each a
single pass over ``products``, so a million rows take seconds.

Each check returns the SQL of a relation with the columns ``rule_id, row_number, line, col, value,
message, fix`` (one row per finding; ``row_number`` NULL for the feed as a whole), or None when
the feed has nothing it could judge. ``catalog_lint`` runs them, counts per rule and keeps the
first findings of each rule.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dcstudio.core.lint.catalog_values import (
    DATED_AVAILABILITY,
    GOOGLE_MERCHANT,
    GOOGLE_TRACKING,
    ISO_4217,
    META_CATALOG,
    CatalogLimits,
)

PRODUCTS = "products"
VALUE_CHARS = 300


@dataclass(frozen=True)
class Context:
    profile: str
    limits: CatalogLimits
    present: frozenset[str]  # the store columns the feed fills


def lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _in(values) -> str:
    return "(" + ", ".join(lit(v) for v in values) + ")"


def _list(values) -> str:
    return "[" + ", ".join(lit(v) for v in values) + "]"


def who(t: str = "") -> str:
    """SQL: how a message names the product of a row (of table alias ``t``)."""
    return (f"(CASE WHEN {t}id IS NULL OR trim({t}id) = '' THEN 'the product on row ' || {t}row_number "
            f"ELSE 'product \"' || left({t}id, 60) || '\"' END)")


WHO = who()
VALUE = "left({}, " + str(VALUE_CHARS) + ")"
FILLED = "({0} IS NOT NULL AND trim({0}) <> '')"


def _unpivot(columns, suspect: Callable[[str], str] | None = None) -> str:
    """One row per (product, column) of ``columns``: row_number, line, id, col, value. With
    ``suspect`` (column -> a SQL condition), only the rows where some column meets it are
    unpivoted: one cheap scan instead of a row per column of every product."""
    names = _list(columns)
    values = "[" + ", ".join(columns) + "]"
    where = (" WHERE " + " OR ".join(f"({suspect(c)})" for c in columns)) if suspect else ""
    return (f"(SELECT row_number, line, id, unnest({names}) AS col, unnest({values}) AS value "
            f"FROM {PRODUCTS}{where})")


# -- required fields, lengths, enums ------------------------------------------------------------
def _meta_or_gmc(ctx: Context, rule_id: str) -> str:
    """The rule id of the profile: Meta's rules and Google's have their own ids (and sources)."""
    return lit(rule_id if ctx.profile == META_CATALOG else rule_id + ".gmc")


def _by_col(values: dict[str, str], col: str = "col") -> str:
    """SQL: the value (an SQL expression) for the column named in ``col``."""
    return f"(CASE {col} " + " ".join(f"WHEN {lit(c)} THEN {v}" for c, v in values.items()) + " END)"


def _empty(c: str) -> str:
    # trim only where the value starts with a blank: most values do not, and trim costs a copy
    return f"{c} IS NULL OR {c} = '' OR (ascii({c}) <= 32 AND trim({c}) = '')"


def check_required(ctx: Context) -> str | None:
    rid = _meta_or_gmc(ctx, "catalog.required")
    parts = []
    absent = [c for c in ctx.limits.required if c not in ctx.present]
    for c in absent:
        message = lit(f"the feed has no {c} column: {ctx.limits.name} needs one on every product")
        fix = lit(f"add a {c} column and fill it in")
        parts.append(f"SELECT {rid} AS rule_id, NULL::BIGINT AS row_number, NULL::BIGINT AS line, "
                     f"{lit(c)} AS col, NULL AS value, {message} AS message, {fix} AS fix")
    filled = [c for c in ctx.limits.required if c in ctx.present]
    if filled:
        parts.append(f"SELECT {rid}, row_number, line, col, value, "
                     f"{WHO} || ' has an empty ' || col || ': ' || {lit(ctx.limits.name)} || ' needs it', "
                     f"'fill in the ' || col FROM {_unpivot(filled, _empty)} WHERE value IS NULL OR trim(value) = ''")
    if ctx.profile == GOOGLE_MERCHANT and "availability" in ctx.present:
        date = "availability_date" if "availability_date" in ctx.present else "NULL"
        parts.append(f"SELECT {rid}, row_number, line, 'availability_date', {date}, "
                     f"{WHO} || ' is ' || availability || ' without an availability_date', "
                     f"'give the date it ships (availability_date, e.g. 2026-03-01T12:00+01:00)' FROM {PRODUCTS} "
                     f"WHERE lower(trim(availability)) IN {_in(DATED_AVAILABILITY)} "
                     f"AND ({date} IS NULL OR trim({date}) = '')")
    return " UNION ALL ".join(parts) or None


def check_lengths(ctx: Context) -> str | None:
    cols = [c for c in ctx.limits.lengths if c in ctx.present]
    if not cols:
        return None
    limits = _by_col({c: str(ctx.limits.lengths[c]) for c in cols})
    name = lit(ctx.limits.name)

    def suspect(c: str) -> str:
        return f"length({c}) > {ctx.limits.lengths[c]}"

    sql = (f"SELECT {_meta_or_gmc(ctx, 'catalog.length')} AS rule_id, row_number, line, col, "
           f"{VALUE.format('value')} AS value, "
           f"{WHO} || ': ' || col || ' is ' || length(value) || ' characters, over ' || {name} || '''s limit of ' "
           f"|| {limits} AS message, 'shorten it to ' || {limits} || ' characters' AS fix "
           f"FROM {_unpivot(cols, suspect)} WHERE length(value) > {limits}")
    rec = ctx.limits.title_recommended
    if rec and "title" in ctx.present:
        top = ctx.limits.lengths["title"]
        sql += (f" UNION ALL SELECT 'catalog.title.long', row_number, line, 'title', title, "
                f"{WHO} || ': the title is ' || length(title) || ' characters; past {rec} it is cut off in most "
                f"placements', 'put what matters in the first {rec} characters' FROM {PRODUCTS} "
                f"WHERE length(title) > {rec} AND length(title) <= {top}")
    return sql


def _norm(sql: str) -> str:
    return f"lower(regexp_replace(trim({sql}), '[\\s_-]+', ' ', 'g'))"


def _norm_py(text: str) -> str:
    import re

    return re.sub(r"[\s_-]+", " ", text.strip()).lower()


def check_enums(ctx: Context) -> str | None:
    cols = [c for c in ctx.limits.enums if c in ctx.present]
    if not cols:
        return None
    rows = []
    for col, (documented, sdk_only) in ctx.limits.enums.items():
        if col not in cols:
            continue
        for v in documented:
            rows.append(f"({lit(col)}, {lit(_norm_py(v))}, {lit(v)}, 'doc')")
        for v in sdk_only:
            rows.append(f"({lit(col)}, {lit(_norm_py(v))}, {lit(v)}, 'sdk')")
    listed = _by_col({c: lit(", ".join(ctx.limits.enums[c][0])) for c in cols}, "v.col")
    name = lit(ctx.limits.name)
    # A documented value as written is the common case: only the other rows are looked up.

    def suspect(c: str) -> str:
        return f"{c} IS NOT NULL AND trim({c}) <> '' AND {c} NOT IN {_in(ctx.limits.enums[c][0])}"

    return (f"WITH enum(col, norm, canonical, kind) AS (VALUES {', '.join(rows)}) "
            f"SELECT CASE WHEN e.kind IS NULL THEN 'catalog.enum.unknown' WHEN e.kind = 'sdk' "
            f"THEN 'catalog.enum.sdk_only' ELSE 'catalog.enum.spelling' END AS rule_id, "
            f"v.row_number, v.line, v.col, {VALUE.format('v.value')} AS value, "
            f"CASE WHEN e.kind IS NULL THEN {who('v.')} "
            f"|| ': ' || v.col || ' ''' || left(v.value, 60) || ''' is not a value ' || {name} || ' knows' "
            f"WHEN e.kind = 'sdk' THEN {who('v.')} || ': the ' || v.col || ' ''' || left(v.value, 60) || "
            f"''' is in Meta''s SDK but "
            f"not in the feed reference: it may be refused or read as another value' "
            f"ELSE {who('v.')} || ': the ' || v.col || ' ''' || left(v.value, 60) || "
            f"''' is spelled ''' || e.canonical || ''' in ' "
            f"|| {name} || '''s feeds' END AS message, "
            f"CASE WHEN e.kind = 'doc' THEN 'write ' || e.canonical "
            f"ELSE 'use one of: ' || {listed} END AS fix "
            f"FROM {_unpivot(cols, suspect)} v LEFT JOIN enum e ON e.col = v.col AND e.norm = {_norm('v.value')} "
            f"WHERE v.value IS NOT NULL AND trim(v.value) <> '' AND (e.kind IS NULL OR e.kind = 'sdk' "
            f"OR v.value <> e.canonical)")


# -- prices ---------------------------------------------------------------------------------------
_GOOD_PRICE = r"^[0-9]+(\.[0-9]+)?\s[A-Z]{3}$"
# The ISO codes as one alternation: RE2 matches it in a single pass, faster than a lookup after.
_CODES = "(" + "|".join(sorted(ISO_4217)) + ")"
_CODE = r"([A-Za-z]{3})\s*$"


def _price_problem(v: str) -> str:
    """SQL: why the price text ``v`` is not "9.99 USD", NULL when it is fine."""
    codes = _in(sorted(ISO_4217))
    return (f"CASE WHEN regexp_matches({v}, {lit(_GOOD_PRICE)}) AND regexp_extract({v}, {lit(_CODE)}, 1) IN {codes} "
            f"THEN NULL "
            f"WHEN regexp_matches({v}, '[$€£¥₹₩₽¢]') THEN 'has a currency symbol' "
            f"WHEN NOT regexp_matches({v}, '[A-Za-z]') THEN 'has no currency code' "
            f"WHEN regexp_matches(trim({v}), '^[0-9]{{1,3}}(,[0-9]{{3}})+(\\.[0-9]+)?\\s*[A-Za-z]{{3}}$') "
            f"THEN 'has a thousands separator' "
            f"WHEN regexp_matches(trim({v}), '^[0-9]+,[0-9]+\\s*[A-Za-z]{{3}}$') "
            f"THEN 'has a comma as the decimal point' "
            f"WHEN regexp_matches(trim({v}), '^[A-Za-z]{{3}}\\s*[0-9]') THEN 'has the currency before the number' "
            f"WHEN regexp_matches(trim({v}), '^[0-9]+(\\.[0-9]+)?\\s*[A-Za-z]{{3}}$') AND "
            f"upper(regexp_extract({v}, {lit(_CODE)}, 1)) NOT IN {codes} "
            f"THEN 'has ' || regexp_extract({v}, {lit(_CODE)}, 1) || ', which is not an ISO 4217 currency code' "
            f"WHEN regexp_matches(trim({v}), '^[0-9]+(\\.[0-9]+)?[A-Za-z]{{3}}$') "
            f"THEN 'has no space before the currency' "
            f"WHEN regexp_matches({v}, '[a-z]{{3}}\\s*$') THEN 'has the currency code in lower case' "
            f"ELSE 'is not of the form 9.99 USD' END")


def _price_fix(v: str) -> str:
    return (f"CASE WHEN regexp_matches(trim({v}), '^[0-9]+,[0-9]+\\s*[A-Za-z]{{3}}$') THEN 'write ' || "
            f"regexp_replace(regexp_replace(trim({v}), ',', '.'), '\\s*([A-Za-z]{{3}})$', ' \\1') "
            f"WHEN regexp_matches(trim({v}), '^[0-9]{{1,3}}(,[0-9]{{3}})+(\\.[0-9]+)?\\s*[A-Za-z]{{3}}$') "
            f"THEN 'write ' || "
            f"regexp_replace(replace(trim({v}), ',', ''), '\\s*([A-Za-z]{{3}})$', ' \\1') "
            f"WHEN regexp_matches(trim({v}), '^([A-Za-z]{{3}})\\s*([0-9]+(\\.[0-9]+)?)$') THEN 'write ' || "
            f"regexp_replace(trim({v}), '^([A-Za-z]{{3}})\\s*([0-9]+(\\.[0-9]+)?)$', '\\2 \\1') "
            f"WHEN regexp_matches(trim({v}), '^[0-9]+(\\.[0-9]+)?\\s*[a-z]{{3}}$') AND "
            f"upper(regexp_extract({v}, {lit(_CODE)}, 1)) IN {_in(sorted(ISO_4217))} THEN 'write ' || "
            f"regexp_replace(trim({v}), '\\s*([A-Za-z]{{3}})$', '') || ' ' || "
            f"upper(regexp_extract({v}, {lit(_CODE)}, 1)) "
            f"ELSE 'write the amount with . as the decimal point, a space and the ISO 4217 code: 9.99 USD' END")


def check_prices(ctx: Context) -> str | None:
    cols = [c for c in ("price", "sale_price") if c in ctx.present]
    if not cols:
        return None
    good = _GOOD_PRICE.replace("[A-Z]{3}", _CODES)

    def suspect(c: str) -> str:  # one regex per value; the full diagnosis only for the rows it keeps
        return f"{c} IS NOT NULL AND trim({c}) <> '' AND NOT regexp_matches({c}, {lit(good)})"

    return (f"SELECT 'catalog.price.syntax' AS rule_id, row_number, line, col, {VALUE.format('value')} AS value, "
            f"{WHO} || ': the ' || col || ' ''' || left(value, 60) || ''' ' || problem AS message, fix "
            f"FROM (SELECT *, {_price_problem('value')} AS problem, {_price_fix('value')} AS fix "
            f"FROM {_unpivot(cols, suspect)} WHERE value IS NOT NULL AND trim(value) <> '') "
            f"WHERE problem IS NOT NULL")


def check_sale_price(ctx: Context) -> str | None:
    if not {"price", "sale_price"} <= ctx.present:
        return None
    sale_code = f"upper(regexp_extract(sale_price, {lit(_CODE)}, 1))"
    return (f"SELECT 'catalog.sale_price.not_below' AS rule_id, row_number, line, 'sale_price' AS col, "
            f"sale_price AS value, CASE WHEN {sale_code} <> upper(price_currency) THEN {WHO} || ': the sale price "
            f"is in ' || {sale_code} || ', the price in ' || upper(price_currency) ELSE {WHO} || ': the sale price "
            f"' || sale_price || ' is not below the price ' || price END AS message, "
            f"CASE WHEN {sale_code} <> upper(price_currency) THEN 'give both in the same currency' "
            f"ELSE 'a sale price lower than ' || price || ', or no sale price' END AS fix "
            f"FROM {PRODUCTS} WHERE sale_price_amount IS NOT NULL AND price_amount IS NOT NULL "
            f"AND (sale_price_amount >= price_amount OR {sale_code} <> upper(price_currency))")


_DATETIME = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:?[0-9]{2})"


def check_sale_dates(ctx: Context) -> str | None:
    if "sale_price_effective_date" not in ctx.present:
        return None
    v = "sale_price_effective_date"
    start = f"TRY_CAST(split_part({v}, '/', 1) AS TIMESTAMPTZ)"
    end = f"TRY_CAST(split_part({v}, '/', 2) AS TIMESTAMPTZ)"
    syntax_ok = f"(regexp_matches(trim({v}), {lit('^' + _DATETIME + '/' + _DATETIME + '$')}) AND {start} IS NOT NULL " \
                f"AND {end} IS NOT NULL)"
    return (f"SELECT CASE WHEN {syntax_ok} THEN 'catalog.sale_date.order' ELSE 'catalog.sale_date.syntax' END "
            f"AS rule_id, row_number, line, '{v}' AS col, {VALUE.format(v)} AS value, "
            f"CASE WHEN {syntax_ok} THEN {WHO} || ': the sale ends ' || split_part({v}, '/', 2) || ', not after it "
            f"starts (' || split_part({v}, '/', 1) || ')' ELSE {WHO} || ': sale_price_effective_date ''' || "
            f"left({v}, 80) || ''' is not START/END in ISO 8601 (a real date and time with its offset)' END "
            f"AS message, CASE WHEN {syntax_ok} THEN 'swap the two dates, or give an end after the start' "
            f"ELSE 'write it as 2026-03-01T00:00+01:00/2026-03-31T23:59+01:00' END AS fix "
            f"FROM {PRODUCTS} WHERE {FILLED.format(v)} AND (NOT {syntax_ok} OR {end} <= {start})")


# -- ids, links, text -----------------------------------------------------------------------------
def check_duplicates(ctx: Context) -> str | None:
    if "id" not in ctx.present:
        return None
    return (f"WITH twice AS (SELECT id FROM {PRODUCTS} WHERE trim(id) <> '' GROUP BY id HAVING count(*) > 1), "
            f"d AS (SELECT id, count(*) AS n, list(row_number ORDER BY row_number)[1:20] AS rows FROM {PRODUCTS} "
            f"WHERE id IN (SELECT id FROM twice) GROUP BY id) "
            f"SELECT 'catalog.id.duplicate' AS rule_id, p.row_number, p.line, 'id' AS col, {VALUE.format('p.id')} "
            f"AS value, 'id \"' || left(p.id, 60) || '\" is on ' || d.n || ' rows (' || "
            f"array_to_string(d.rows, ', ') || CASE WHEN d.n > 20 THEN ', ...' ELSE '' END || "
            f"'): ' || {lit(ctx.limits.name)} || ' ignores every one of them' AS message, "
            f"'give each product its own id' AS fix "
            f"FROM {PRODUCTS} p JOIN d ON p.id = d.id")


_URL = r"^https?://[^\s/?#@]+(:[0-9]+)?([/?#][^\s]*)?$"
# One good URL in the JSON list of additional images (removed, what is left must be [ , ]).
_JSON_URL = r'"(?i:https?)://[^\s/?#@"]+(:[0-9]+)?([/?#][^\s"]*)?"'
_JSON_URLS = rf"^\[({_JSON_URL}(,\s*{_JSON_URL})*)?\]$"


def check_links(ctx: Context) -> str | None:
    cols = [c for c in ("link", "image_link") if c in ctx.present]
    parts = []
    if cols:
        def bad(c: str) -> str:
            return f"{c} IS NOT NULL AND trim({c}) <> '' AND NOT regexp_matches({c}, {lit(_URL)}, 'i')"

        parts.append(f"SELECT row_number, line, id, col, value FROM {_unpivot(cols, bad)}")
    if "additional_image_link" in ctx.present:
        parts.append(f"SELECT row_number, line, id, 'additional_image_link' AS col, unnest(CAST("
                     f"additional_image_link AS VARCHAR[])) AS value FROM {PRODUCTS} "
                     f"WHERE additional_image_link IS NOT NULL AND NOT regexp_matches(additional_image_link, "
                     f"{lit(_JSON_URLS)})")
    if not parts:
        return None
    urls = " UNION ALL ".join(parts)
    return (f"SELECT 'catalog.link.scheme' AS rule_id, row_number, line, col, {VALUE.format('value')} AS value, "
            f"{WHO} || ': the ' || col || ' ''' || left(value, 80) || ''' ' || CASE "
            f"WHEN regexp_matches(value, '^\\s*(www\\.|[A-Za-z0-9-]+\\.[A-Za-z]{{2,}}/)') THEN 'has no https://' "
            f"WHEN regexp_matches(value, '^\\s*[A-Za-z][A-Za-z0-9+.-]*:') AND NOT regexp_matches(value, "
            f"'^\\s*https?:', 'i') THEN 'is a ' || lower(split_part(trim(value), ':', 1)) || ': link, not http(s)' "
            f"WHEN regexp_matches(trim(value), '\\s') THEN 'has a space in it' "
            f"ELSE 'is not an http(s) URL with a host' END AS message, CASE "
            f"WHEN regexp_matches(value, '^\\s*(www\\.|[A-Za-z0-9-]+\\.[A-Za-z]{{2,}}/)') THEN 'write https://' "
            f"|| trim(value) WHEN regexp_matches(trim(value), '\\s') AND regexp_matches(trim(value), '^https?://', "
            f"'i') THEN 'encode the spaces as %20' ELSE 'give the full https:// address' END AS fix "
            f"FROM ({urls}) WHERE value IS NOT NULL AND trim(value) <> '' "
            f"AND NOT regexp_matches(value, {lit(_URL)}, 'i')")


def _tracking_pattern() -> str:
    return "[?&](" + "|".join(GOOGLE_TRACKING) + ")="


def check_tracking(ctx: Context) -> str | None:
    if ctx.profile != META_CATALOG or "link" not in ctx.present:
        return None
    return (f"SELECT 'catalog.link.tracking' AS rule_id, row_number, line, 'link' AS col, "
            f"{VALUE.format('link')} AS value, {WHO} || ': the link carries Google tracking parameters (' || "
            f"array_to_string(list_distinct(regexp_extract_all(lower(link), {lit(_tracking_pattern())}, 1)), ', ') "
            f"|| '), which Meta asks to strip' AS message, link AS fix FROM {PRODUCTS} "
            f"WHERE regexp_matches(lower(link), {lit(_tracking_pattern())})")


def strip_tracking(url: str) -> str:
    """``url`` without Google's tracking parameters (the rest of the query in its order)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in GOOGLE_TRACKING]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def check_text(ctx: Context) -> str | None:
    if ctx.profile != META_CATALOG or "description" not in ctx.present:
        return None
    same = "lower(trim(description)) = lower(trim(title))" if "title" in ctx.present else "false"
    caps = ("(description = upper(description) AND description <> lower(description) "
            "AND regexp_matches(description, '[[:alpha:]].*[[:alpha:]]'))")
    link = "regexp_matches(description, '(?i)(https?://|www\\.)[^\\s]')"
    value = VALUE.format("description")
    # One scan flags the three ways; the few flagged rows are then told apart.
    flagged = (f"WITH t AS MATERIALIZED (SELECT row_number, line, id, description, {same} AS same, {caps} AS caps, "
               f"{link} AS link FROM {PRODUCTS} WHERE description <> '' AND ({same} OR {caps} OR {link})) ")
    return (flagged +
            f"SELECT 'catalog.text.same_as_title' AS rule_id, row_number, line, 'description' AS col, "
            f"{value} AS value, "
            f"{WHO} || ': the description repeats the title' AS message, "
            f"'describe the product in other words than its title' AS fix FROM t WHERE same "
            f"UNION ALL SELECT 'catalog.text.all_caps', row_number, line, 'description', {value}, "
            f"{WHO} || ': the description is in capitals', 'write it in sentence case' FROM t WHERE caps "
            f"UNION ALL SELECT 'catalog.text.link', row_number, line, 'description', {value}, "
            f"{WHO} || ': the description holds a link (' || regexp_extract(description, "
            f"'(https?://|www\\.)[^\\s]{{0,60}}', 0) || ')', 'remove the link: the product''s link is its link "
            f"field' FROM t WHERE link")


# -- other values ---------------------------------------------------------------------------------
def _gtin_expected(n: str) -> str:
    """SQL: the check digit of the GTIN whose digits are the BIGINT ``n``. From the right, the
    digits before the check digit weigh 3, 1, 3, ... (GS1); integer arithmetic, no string work."""
    terms = " + ".join(f"{3 if i % 2 else 1} * (({n} // {10 ** i}) % 10)" for i in range(1, 14))
    return f"((10 - ({terms}) % 10) % 10)"


def check_gtin(ctx: Context) -> str | None:
    if "gtin" not in ctx.present:
        return None
    shaped = (f"SELECT row_number, line, id, gtin, g, shaped, CASE WHEN shaped THEN "
              f"{_gtin_expected('CAST(g AS BIGINT)')} END AS expected FROM (SELECT row_number, line, id, gtin, "
              f"trim(gtin) AS g, regexp_matches(trim(gtin), '^([0-9]{{8}}|[0-9]{{12,14}})$') AS shaped "
              f"FROM {PRODUCTS} WHERE {FILLED.format('gtin')})")
    return (f"SELECT 'catalog.gtin.check_digit' AS rule_id, row_number, line, 'gtin' AS col, {VALUE.format('gtin')} "
            f"AS value, CASE WHEN NOT shaped THEN {WHO} || ': the GTIN ''' || left(gtin, 40) || ''' is not 8, 12, "
            f"13 or 14 digits' ELSE {WHO} || ': the GTIN ' || g || ' ends in ' || right(g, 1) || ' where its "
            f"check digit is ' || expected END AS message, CASE WHEN NOT shaped THEN 'the GTIN (UPC, EAN, ISBN, "
            f"JAN) as digits only, from the barcode' ELSE 'copy the number again from the barcode (' || "
            f"left(g, length(g) - 1) || expected || ' would be valid, but a wrong digit may be elsewhere)' "
            f"END AS fix FROM ({shaped}) WHERE NOT shaped OR CAST(right(g, 1) AS INTEGER) <> expected")


VARIANT_COLUMNS = ("color", "size", "gender", "age_group", "material", "pattern")


def check_item_groups(ctx: Context) -> str | None:
    if "item_group_id" not in ctx.present:
        return None
    parts = []
    if "brand" in ctx.present:
        parts.append(
            f"WITH g AS (SELECT item_group_id, list(DISTINCT brand ORDER BY brand) AS brands FROM {PRODUCTS} "
            f"WHERE trim(item_group_id) <> '' GROUP BY item_group_id HAVING count(DISTINCT brand) > 1) "
            f"SELECT 'catalog.item_group.inconsistent' AS rule_id, p.row_number, p.line, 'brand' AS col, "
            f"{VALUE.format('p.brand')} AS value, 'the variants of group \"' || left(p.item_group_id, 60) || "
            f"'\" have several brands (' || left(array_to_string(g.brands, ', '), 120) || ')' AS message, "
            f"'give the variants of one product the same brand, or put them in different groups' AS fix "
            f"FROM {PRODUCTS} p JOIN g ON p.item_group_id = g.item_group_id")
    key = "concat_ws('|', " + ", ".join(
        f"lower(trim(COALESCE({c}, '')))" if c in ctx.present else "''" for c in VARIANT_COLUMNS) + ")"
    same = (f"SELECT item_group_id, {key} AS vkey, list(row_number ORDER BY row_number)[1:11] AS rows "
            f"FROM {PRODUCTS} WHERE trim(item_group_id) <> '' GROUP BY ALL HAVING count(*) > 1")
    parts.append(
        f"SELECT 'catalog.item_group.inconsistent', p.row_number, p.line, 'item_group_id', p.item_group_id, "
        f"'row ' || p.row_number || ' and row ' || array_to_string(list_filter(s.rows, lambda r: r <> "
        f"p.row_number)[1:10], ', ') || ' of group \"' || left(p.item_group_id, 60) || '\" are the same variant "
        f"(same ' || {lit('/'.join(VARIANT_COLUMNS))} || ')', 'tell the variants apart by color, size or another "
        f"variant field, or give them different groups' "
        f"FROM {PRODUCTS} p JOIN ({same}) s ON p.item_group_id = s.item_group_id "
        f"AND {key.replace('COALESCE(', 'COALESCE(p.')} = s.vkey")
    return " UNION ALL ".join(parts)


def check_additional_images(ctx: Context) -> str | None:
    if "additional_image_link" not in ctx.present:
        return None
    most = ctx.limits.additional_images
    n = "json_array_length(additional_image_link::JSON)"
    return (f"SELECT 'catalog.images.too_many' AS rule_id, row_number, line, 'additional_image_link' AS col, "
            f"{VALUE.format('additional_image_link')} AS value, {WHO} || ' has ' || {n} || ' additional images; "
            f"{ctx.limits.name} takes {most}' AS message, 'keep the best {most}' AS fix FROM {PRODUCTS} "
            f"WHERE additional_image_link IS NOT NULL AND {n} > {most}")


def check_shipping(ctx: Context) -> str | None:
    if "shipping" not in ctx.present:
        return None
    extra = ctx.limits.shipping_extra_fields
    tail = f"(:[0-9]*){{0,{extra}}}" if extra else ""
    entry = r"^[A-Za-z]{2}:[^:]*:[^:]*:\s*[0-9]+(\.[0-9]+)?\s[A-Z]{3}" + tail + "$"
    codes = _in(sorted(ISO_4217))
    whole = entry.strip("^$").replace(r"^", "")
    listed = f"^\\s*{whole}(\\s*,\\s*{whole})*\\s*$"
    suspect = f"NOT regexp_matches(shipping, {lit(listed.replace('[A-Z]{3}', _CODES))})"
    bad = (f"list_filter(string_split(shipping, ','), lambda e: NOT regexp_matches(trim(e), {lit(entry)}) "
           f"OR regexp_extract(split_part(trim(e), ':', 4), '([A-Z]{{3}})\\s*$', 1) NOT IN {codes})")
    return (f"SELECT 'catalog.shipping.syntax' AS rule_id, row_number, line, 'shipping' AS col, "
            f"{VALUE.format('shipping')} AS value, {WHO} || ': the shipping ''' || left(trim(bad[1]), 80) || ''' is "
            f"not COUNTRY:REGION:SERVICE:PRICE' AS message, 'write each entry as US:NY:Ground:9.99 USD (region and "
            f"service may be empty), entries separated by commas' AS fix "
            f"FROM (SELECT *, {bad} AS bad FROM {PRODUCTS} WHERE {FILLED.format('shipping')} AND ({suspect})) "
            f"WHERE len(bad) > 0")


# In the order they run; each one query. Python post-processing of a rule's fix, where SQL cannot.
CHECKS: tuple[Callable[[Context], str | None], ...] = (
    check_required, check_lengths, check_enums, check_prices, check_sale_price, check_sale_dates,
    check_duplicates, check_links, check_tracking, check_text, check_gtin, check_item_groups,
    check_additional_images, check_shipping,
)
FIX_FUNCTIONS: dict[str, Callable[[str], str]] = {
    "catalog.link.tracking": lambda link: "use " + strip_tracking(link),
}
