"""A catalog ad's template texts resolved for one product, as Meta fills them (syntax:
dcstudio.core.model.product_tags, which cites Meta's docs; prices: prices.py).

Meta's meanings: ``name`` is the feed's ``title``, ``url`` its ``link``, ``retailer_id`` its ``id``;
``current_price`` is the ``sale_price`` while the sale is active, else the ``price``. A sale is
active when the product has a sale price and either no ``sale_price_effective_date`` or a range
``start/end`` (ISO 8601 with offset) that holds the moment; a range that cannot be read counts as
no sale (the feed lint reports it). A tag with nothing to show resolves to "".

Transforms: ``titleize`` upper-cases the first letter of each word and leaves the rest as written
(Meta: "organic banana" -> "Organic Banana"); ``urlencode`` percent-encodes everything but letters,
digits and ``-_.~``, a space becoming ``+`` (form encoding, so that
``{{product.url | urlencode | urlencode}}`` nests a URL in a parameter of another, Meta's example).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote_plus

from dcstudio.core.catalog.prices import DEFAULT_LOCALE, ad_locale, format_price, number_format, parse_price
from dcstudio.core.model.product_tags import FEED_COLUMN, ParsedTemplate, Passthrough, Tag, parse_template

_WORD_START = re.compile(r"(^|\s)(\S)")


def sale_active(product: Mapping, now: datetime | None = None) -> bool:
    if parse_price(product.get("sale_price")) is None:
        return False
    window = (product.get("sale_price_effective_date") or "").strip()
    if not window:
        return True
    bounds = _window(window)
    if bounds is None:
        return False
    moment = now or datetime.now(UTC)
    return bounds[0] <= moment < bounds[1]


def _window(text: str) -> tuple[datetime, datetime] | None:
    parts = text.split("/")
    if len(parts) != 2:
        return None
    try:
        start, end = (datetime.fromisoformat(p.strip()) for p in parts)
    except ValueError:
        return None
    return tuple(d if d.tzinfo else d.replace(tzinfo=UTC) for d in (start, end))


def tag_value(tag: Tag, product: Mapping, *, locale=DEFAULT_LOCALE, now: datetime | None = None) -> str:
    """One tag for one product. ``product`` maps the store's column names to the feed's values."""
    loc = ad_locale(locale) if isinstance(locale, str) else locale
    if tag.is_price:
        column = "sale_price" if tag.field == "current_price" and sale_active(product, now) else "price"
        parsed = parse_price(product.get(column))
        value = "" if parsed is None else format_price(
            *parsed, loc, raw="raw" in tag.options, strip_zeros="strip_zeros" in tag.options,
            round_amount="round" in tag.options)
    else:
        value = (product.get(FEED_COLUMN[tag.field]) or "").strip()
    for transform in tag.transforms:
        value = _TRANSFORMS[transform](value, loc)
    return value


def titleize(value: str, _locale=None) -> str:
    return _WORD_START.sub(lambda m: m.group(1) + m.group(2).upper(), value)


def urlencode(value: str, _locale=None) -> str:
    return quote_plus(value, safe="")


_TRANSFORMS = {"number_format": lambda v, loc: number_format(v, loc), "titleize": titleize, "urlencode": urlencode}


def resolve(template: ParsedTemplate | str, product: Mapping, *, locale=DEFAULT_LOCALE,
            now: datetime | None = None) -> str:
    """The text with each product tag filled in; Meta's URL parameters stay as written."""
    parsed = parse_template(template) if isinstance(template, str) else template
    loc = ad_locale(locale) if isinstance(locale, str) else locale
    out = []
    for part in parsed.parts:
        if isinstance(part, Tag):
            out.append(tag_value(part, product, locale=loc, now=now))
        elif isinstance(part, Passthrough):
            out.append(part.source)
        else:
            out.append(part)
    return "".join(out)
