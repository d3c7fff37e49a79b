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

from dcstudio.core.catalog.store import PRODUCTS
from dcstudio.core.catalog.tracking import strip_tracking
from dcstudio.core.lint.catalog_values import (
    DATED_AVAILABILITY,
    GOOGLE_MERCHANT,
    GOOGLE_TRACKING,
    ISO_4217,
    META_CATALOG,
    CatalogLimits,
)

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


def finding(rule_id: str, col: str, value: str, message: str, fix: str, source: str = PRODUCTS,
            where: str | None = None, t: str = "") -> str:
    """SQL: one finding per row of ``source`` (alias prefix ``t``) that meets ``where``, in the
    columns every check returns; each argument but ``source`` and ``t`` an SQL expression."""
    return (f"SELECT {rule_id} AS rule_id, {t}row_number AS row_number, {t}line AS line, {col} AS col, "
            f"{value} AS value, {message} AS message, {fix} AS fix FROM {source}"
            + (f" WHERE {where}" if where else ""))


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
        parts.append(finding(rid, "col", "value", f"{WHO} || ' has an empty ' || col || ': ' || "
                             f"{lit(ctx.limits.name)} || ' needs it'", "'fill in the ' || col",
                             _unpivot(filled, _empty), "value IS NULL OR trim(value) = ''"))
    if ctx.profile == GOOGLE_MERCHANT and "availability" in ctx.present:
        date = "availability_date" if "availability_date" in ctx.present else "NULL"
        parts.append(finding(rid, "'availability_date'", date,
                             f"{WHO} || ' is ' || availability || ' without an availability_date'",
                             "'give the date it ships (availability_date, e.g. 2026-03-01T12:00+01:00)'",
                             where=f"lower(trim(availability)) IN {_in(DATED_AVAILABILITY)} "
                                   f"AND ({date} IS NULL OR trim({date}) = '')"))
    return " UNION ALL ".join(parts) or None


def check_lengths(ctx: Context) -> str | None:
    cols = [c for c in ctx.limits.lengths if c in ctx.present]
    if not cols:
        return None
    limits = _by_col({c: str(ctx.limits.lengths[c]) for c in cols})
    name = lit(ctx.limits.name)

    def suspect(c: str) -> str:
        return f"length({c}) > {ctx.limits.lengths[c]}"

    sql = finding(_meta_or_gmc(ctx, "catalog.length"), "col", VALUE.format("value"),
                  f"{WHO} || ': ' || col || ' is ' || length(value) || ' characters, over ' || {name} || "
                  f"'''s limit of ' || {limits}", f"'shorten it to ' || {limits} || ' characters'",
                  _unpivot(cols, suspect), f"length(value) > {limits}")
    rec = ctx.limits.title_recommended
    if rec and "title" in ctx.present:
        top = ctx.limits.lengths["title"]
        sql += " UNION ALL " + finding(
            "'catalog.title.long'", "'title'", "title",
            f"{WHO} || ': the title is ' || length(title) || ' characters; past {rec} it is cut off in most "
            f"placements'", f"'put what matters in the first {rec} characters'",
            where=f"length(title) > {rec} AND length(title) <= {top}")
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

    rule = ("CASE WHEN e.kind IS NULL THEN 'catalog.enum.unknown' WHEN e.kind = 'sdk' THEN 'catalog.enum.sdk_only' "
            "ELSE 'catalog.enum.spelling' END")
    shown = f"{who('v.')} || ': ' || CASE WHEN e.kind IS NULL THEN '' ELSE 'the ' END || v.col || ' ''' || " \
            f"left(v.value, 60) || ''' '"
    message = (f"{shown} || CASE WHEN e.kind IS NULL THEN 'is not a value ' || {name} || ' knows' "
               f"WHEN e.kind = 'sdk' THEN 'is in Meta''s SDK but not in the feed reference: it may be refused or "
               f"read as another value' ELSE 'is spelled ''' || e.canonical || ''' in ' || {name} || '''s feeds' END")
    fix = f"CASE WHEN e.kind = 'doc' THEN 'write ' || e.canonical ELSE 'use one of: ' || {listed} END"
    return (f"WITH enum(col, norm, canonical, kind) AS (VALUES {', '.join(rows)}) "
            + finding(rule, "v.col", VALUE.format("v.value"), message, fix,
                      f"{_unpivot(cols, suspect)} v LEFT JOIN enum e ON e.col = v.col AND e.norm = {_norm('v.value')}",
                      "v.value IS NOT NULL AND trim(v.value) <> '' AND (e.kind IS NULL OR e.kind = 'sdk' "
                      "OR v.value <> e.canonical)", t="v."))


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

    diagnosed = (f"(SELECT *, {_price_problem('value')} AS problem, {_price_fix('value')} AS fix "
                 f"FROM {_unpivot(cols, suspect)} WHERE value IS NOT NULL AND trim(value) <> '')")
    return finding("'catalog.price.syntax'", "col", VALUE.format("value"),
                   f"{WHO} || ': the ' || col || ' ''' || left(value, 60) || ''' ' || problem", "fix",
                   diagnosed, "problem IS NOT NULL")


def check_sale_price(ctx: Context) -> str | None:
    if not {"price", "sale_price"} <= ctx.present:
        return None
    sale_code = f"upper(regexp_extract(sale_price, {lit(_CODE)}, 1))"
    other = f"{sale_code} <> upper(price_currency)"
    return finding("'catalog.sale_price.not_below'", "'sale_price'", "sale_price",
                   f"CASE WHEN {other} THEN {WHO} || ': the sale price is in ' || {sale_code} || ', the price in ' "
                   f"|| upper(price_currency) ELSE {WHO} || ': the sale price ' || sale_price || ' is not below the "
                   f"price ' || price END",
                   f"CASE WHEN {other} THEN 'give both in the same currency' ELSE 'a sale price lower than ' || "
                   f"price || ', or no sale price' END",
                   where=f"sale_price_amount IS NOT NULL AND price_amount IS NOT NULL "
                         f"AND (sale_price_amount >= price_amount OR {other})")


_DATETIME = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:?[0-9]{2})"


def check_sale_dates(ctx: Context) -> str | None:
    if "sale_price_effective_date" not in ctx.present:
        return None
    v = "sale_price_effective_date"
    start = f"TRY_CAST(split_part({v}, '/', 1) AS TIMESTAMPTZ)"
    end = f"TRY_CAST(split_part({v}, '/', 2) AS TIMESTAMPTZ)"
    syntax_ok = f"(regexp_matches(trim({v}), {lit('^' + _DATETIME + '/' + _DATETIME + '$')}) AND {start} IS NOT NULL " \
                f"AND {end} IS NOT NULL)"
    return finding(f"CASE WHEN {syntax_ok} THEN 'catalog.sale_date.order' ELSE 'catalog.sale_date.syntax' END",
                   lit(v), VALUE.format(v),
                   f"CASE WHEN {syntax_ok} THEN {WHO} || ': the sale ends ' || split_part({v}, '/', 2) || ', not "
                   f"after it starts (' || split_part({v}, '/', 1) || ')' ELSE {WHO} || ': sale_price_effective_date "
                   f"''' || left({v}, 80) || ''' is not START/END in ISO 8601 (a real date and time with its "
                   f"offset)' END",
                   f"CASE WHEN {syntax_ok} THEN 'swap the two dates, or give an end after the start' "
                   f"ELSE 'write it as 2026-03-01T00:00+01:00/2026-03-31T23:59+01:00' END",
                   where=f"{FILLED.format(v)} AND (NOT {syntax_ok} OR {end} <= {start})")


# -- ids, links, text -----------------------------------------------------------------------------
def check_duplicates(ctx: Context) -> str | None:
    if "id" not in ctx.present:
        return None
    return (f"WITH twice AS (SELECT id FROM {PRODUCTS} WHERE trim(id) <> '' GROUP BY id HAVING count(*) > 1), "
            f"d AS (SELECT id, count(*) AS n, list(row_number ORDER BY row_number)[1:20] AS rows FROM {PRODUCTS} "
            f"WHERE id IN (SELECT id FROM twice) GROUP BY id) "
            + finding("'catalog.id.duplicate'", "'id'", VALUE.format("p.id"),
                      f"'id \"' || left(p.id, 60) || '\" is on ' || d.n || ' rows (' || array_to_string(d.rows, "
                      f"', ') || CASE WHEN d.n > 20 THEN ', ...' ELSE '' END || '): ' || {lit(ctx.limits.name)} || "
                      f"' ignores every one of them'", "'give each product its own id'",
                      f"{PRODUCTS} p JOIN d ON p.id = d.id", t="p."))


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
    no_scheme = r"regexp_matches(value, '^\s*(www\.|[A-Za-z0-9-]+\.[A-Za-z]{2,}/)')"
    spaced = r"regexp_matches(trim(value), '\s')"
    other_scheme = (r"regexp_matches(value, '^\s*[A-Za-z][A-Za-z0-9+.-]*:') AND NOT regexp_matches(value, "
                    r"'^\s*https?:', 'i')")
    message = (f"{WHO} || ': the ' || col || ' ''' || left(value, 80) || ''' ' || CASE "
               f"WHEN {no_scheme} THEN 'has no https://' WHEN {other_scheme} THEN 'is a ' || "
               f"lower(split_part(trim(value), ':', 1)) || ': link, not http(s)' "
               f"WHEN {spaced} THEN 'has a space in it' ELSE 'is not an http(s) URL with a host' END")
    fix = (f"CASE WHEN {no_scheme} THEN 'write https://' || trim(value) WHEN {spaced} AND "
           "regexp_matches(trim(value), '^https?://', 'i') THEN 'encode the spaces as %20' "
           "ELSE 'give the full https:// address' END")
    return finding("'catalog.link.scheme'", "col", VALUE.format("value"), message, fix, f"({urls})",
                   f"value IS NOT NULL AND trim(value) <> '' AND NOT regexp_matches(value, {lit(_URL)}, 'i')")


def _tracking_pattern() -> str:
    return "[?&](" + "|".join(GOOGLE_TRACKING) + ")="


def check_tracking(ctx: Context) -> str | None:
    if ctx.profile != META_CATALOG or "link" not in ctx.present:
        return None
    # Each parameter is "name=": a link without '=' (most links) is passed over before the regex.
    return finding("'catalog.link.tracking'", "'link'", VALUE.format("link"),
                   f"{WHO} || ': the link carries Google tracking parameters (' || array_to_string(list_distinct("
                   f"regexp_extract_all(lower(link), {lit(_tracking_pattern())}, 1)), ', ') || '), which Meta asks "
                   f"to strip'", "link",
                   where=f"contains(link, '=') AND regexp_matches(lower(link), {lit(_tracking_pattern())})")




def check_text(ctx: Context) -> str | None:
    if ctx.profile != META_CATALOG or "description" not in ctx.present:
        return None
    # Each test starts with what is cheap and rarely true: equal lengths (DuckDB's lower() keeps
    # the length; trim() takes spaces, so a value with one at an end is compared in full), a
    # '://' or 'www.' before the regex.
    ends = "(ascii({0}) <= 32 OR ascii(right({0}, 1)) <= 32)"
    same = (f"((length(description) = length(title) OR {ends.format('description')} OR {ends.format('title')}) "
            "AND lower(trim(description)) = lower(trim(title)))") if "title" in ctx.present else "false"
    caps = ("(description = upper(description) AND description <> lower(description) "
            "AND regexp_matches(description, '[[:alpha:]].*[[:alpha:]]'))")
    link = ("((contains(description, '://') OR description ILIKE '%www.%') "
            "AND regexp_matches(description, '(?i)(https?://|www\\.)[^\\s]'))")
    value = VALUE.format("description")
    # One scan flags the three ways; the few flagged rows are then told apart.
    flagged = (f"WITH t AS MATERIALIZED (SELECT row_number, line, id, description, {same} AS same, {caps} AS caps, "
               f"{link} AS link FROM {PRODUCTS} WHERE description <> '' AND ({same} OR {caps} OR {link})) ")
    col = "'description'"
    return flagged + " UNION ALL ".join([
        finding("'catalog.text.same_as_title'", col, value, f"{WHO} || ': the description repeats the title'",
                "'describe the product in other words than its title'", "t", "same"),
        finding("'catalog.text.all_caps'", col, value, f"{WHO} || ': the description is in capitals'",
                "'write it in sentence case'", "t", "caps"),
        finding("'catalog.text.link'", col, value, f"{WHO} || ': the description holds a link (' || "
                f"regexp_extract(description, '(https?://|www\\.)[^\\s]{{0,60}}', 0) || ')'",
                "'remove the link: the product''s link is its link field'", "t", "link"),
    ])


# -- other values ---------------------------------------------------------------------------------
def _gtin_sum(n: str) -> str:
    """SQL: the GS1 weighted sum of the digits of the integer ``n``, its check digit included:
    from the right, 1, 3, 1, 3, ...; a valid GTIN's sum is a multiple of 10. Integer arithmetic,
    no string work."""
    return " + ".join(f"{3 if i % 2 else 1} * (({n} // {10 ** i}) % 10)" for i in range(14))


def _gtin_expected(n: str) -> str:
    """SQL: the check digit of the GTIN whose digits are the BIGINT ``n``."""
    terms = " + ".join(f"{3 if i % 2 else 1} * (({n} // {10 ** i}) % 10)" for i in range(1, 14))
    return f"((10 - ({terms}) % 10) % 10)"


_GTIN_SHAPE = "([0-9]{8}|[0-9]{12,14})"


def check_gtin(ctx: Context) -> str | None:
    if "gtin" not in ctx.present:
        return None
    # The usual value, digits only and of a GTIN's length, passes on one regex and integer
    # arithmetic; only the others are trimmed and diagnosed.
    usual = f"(regexp_full_match(gtin, '{_GTIN_SHAPE}') AND ({_gtin_sum('n')}) % 10 = 0)"
    cast = f"(SELECT row_number, line, id, gtin, TRY_CAST(gtin AS UBIGINT) AS n FROM {PRODUCTS} WHERE gtin IS NOT NULL)"
    shaped = (f"SELECT row_number, line, id, gtin, g, shaped, CASE WHEN shaped THEN "
              f"{_gtin_expected('CAST(g AS BIGINT)')} END AS expected FROM (SELECT row_number, line, id, gtin, "
              f"trim(gtin) AS g, regexp_full_match(trim(gtin), '{_GTIN_SHAPE}') AS shaped "
              f"FROM {cast} WHERE NOT {usual} AND trim(gtin) <> '')")
    return finding("'catalog.gtin.check_digit'", "'gtin'", VALUE.format("gtin"),
                   f"CASE WHEN NOT shaped THEN {WHO} || ': the GTIN ''' || left(gtin, 40) || ''' is not 8, 12, 13 or "
                   f"14 digits' ELSE {WHO} || ': the GTIN ' || g || ' ends in ' || right(g, 1) || ' where its check "
                   f"digit is ' || expected END",
                   "CASE WHEN NOT shaped THEN 'the GTIN (UPC, EAN, ISBN, JAN) as digits only, from the barcode' "
                   "ELSE 'copy the number again from the barcode (' || left(g, length(g) - 1) || expected || "
                   "' would be valid, but a wrong digit may be elsewhere)' END", f"({shaped})",
                   "NOT shaped OR CAST(right(g, 1) AS INTEGER) <> expected")


VARIANT_COLUMNS = ("color", "size", "gender", "age_group", "material", "pattern")


def check_item_groups(ctx: Context) -> str | None:
    if "item_group_id" not in ctx.present:
        return None
    grouped = f"{PRODUCTS} WHERE trim(item_group_id) <> ''"
    key = "concat_ws('|', " + ", ".join(
        f"lower(trim(COALESCE({c}, '')))" if c in ctx.present else "''" for c in VARIANT_COLUMNS) + ")"
    # The (group, variant) pairs on more than one row first; their rows are listed for those only.
    ctes = [f"twice AS MATERIALIZED (SELECT item_group_id, {key} AS vkey FROM {grouped} GROUP BY ALL "
            f"HAVING count(*) > 1)",
            f"same AS (SELECT p.item_group_id, p.vkey, list(p.row_number ORDER BY p.row_number)[1:11] AS rows "
            f"FROM (SELECT item_group_id, row_number, {key} AS vkey FROM {PRODUCTS} WHERE item_group_id IN "
            f"(SELECT item_group_id FROM twice)) p JOIN twice t ON p.item_group_id = t.item_group_id "
            f"AND p.vkey = t.vkey GROUP BY p.item_group_id, p.vkey)"]
    parts = [finding(
        "'catalog.item_group.inconsistent'", "'item_group_id'", "p.item_group_id",
        f"'row ' || p.row_number || ' and row ' || array_to_string(list_filter(s.rows, lambda r: r <> p.row_number)"
        f"[1:10], ', ') || ' of group \"' || left(p.item_group_id, 60) || '\" are the same variant (same ' || "
        f"{lit('/'.join(VARIANT_COLUMNS))} || ')'",
        "'tell the variants apart by color, size or another variant field, or give them different groups'",
        f"{PRODUCTS} p JOIN same s ON p.item_group_id = s.item_group_id "
        f"AND {key.replace('COALESCE(', 'COALESCE(p.')} = s.vkey", t="p.")]
    if "brand" in ctx.present:
        # min <> max finds the groups of several brands; their lists are made for those only.
        ctes.append(f"mixed AS (SELECT item_group_id, list(DISTINCT brand ORDER BY brand) AS brands FROM {PRODUCTS} "
                    f"WHERE item_group_id IN (SELECT item_group_id FROM {grouped} GROUP BY item_group_id "
                    f"HAVING min(brand) <> max(brand)) GROUP BY item_group_id)")
        parts.insert(0, finding(
            "'catalog.item_group.inconsistent'", "'brand'", VALUE.format("p.brand"),
            "'the variants of group \"' || left(p.item_group_id, 60) || '\" have several brands (' || "
            "left(array_to_string(g.brands, ', '), 120) || ')'",
            "'give the variants of one product the same brand, or put them in different groups'",
            f"{PRODUCTS} p JOIN mixed g ON p.item_group_id = g.item_group_id", t="p."))
    return "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts)


def check_additional_images(ctx: Context) -> str | None:
    if "additional_image_link" not in ctx.present:
        return None
    most = ctx.limits.additional_images
    n = "json_array_length(additional_image_link::JSON)"
    return finding("'catalog.images.too_many'", "'additional_image_link'", VALUE.format("additional_image_link"),
                   f"{WHO} || ' has ' || {n} || ' additional images; {ctx.limits.name} takes {most}'",
                   f"'keep the best {most}'", where=f"additional_image_link IS NOT NULL AND {n} > {most}")


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
    return finding("'catalog.shipping.syntax'", "'shipping'", VALUE.format("shipping"),
                   f"{WHO} || ': the shipping ''' || left(trim(bad[1]), 80) || ''' is not "
                   f"COUNTRY:REGION:SERVICE:PRICE'",
                   "'write each entry as US:NY:Ground:9.99 USD (region and service may be empty), entries separated "
                   "by commas'",
                   f"(SELECT *, {bad} AS bad FROM {PRODUCTS} WHERE {FILLED.format('shipping')} AND ({suspect}))",
                   "len(bad) > 0")


# In the order they run; each one query. Python post-processing of a rule's fix, where SQL cannot.
CHECKS: tuple[Callable[[Context], str | None], ...] = (
    check_required, check_lengths, check_enums, check_prices, check_sale_price, check_sale_dates,
    check_duplicates, check_links, check_tracking, check_text, check_gtin, check_item_groups,
    check_additional_images, check_shipping,
)
FIX_FUNCTIONS: dict[str, Callable[[str], str]] = {
    "catalog.link.tracking": lambda link: "use " + strip_tracking(link),
}
