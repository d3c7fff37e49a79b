"""A product's price as a catalog ad shows it: for the product's currency and the ad's locale, with
Babel (CLDR data), never a table of symbols written here.

- the plain tag ``{{product.price}}``: Babel's currency format with the currency's own decimals
  (EUR in de_DE "1.234,50 €", JPY "¥1,234" with none, USD in en_US "$1,234.50");
- ``strip_zeros``: no decimals when they are all zero ("1.234 €"), else as the plain tag;
- ``round``: rounded half up to a whole amount, no decimals ("1.235 €" for 1234.50);
- ``raw``: the amount without any currency symbol nor grouping, '.' as the decimal point and the
  currency's decimals ("1234.50"), so that ``| number_format`` can take it (Meta: "the value to
  format must be an unformatted number"). ``raw`` combines with ``strip_zeros`` and ``round``.
- the transform ``| number_format``: a plain number rounded half up to a whole one, grouped for
  the ad's locale (en_US "1,235", as Meta's example 1234.56 -> 1,235; de_DE "1.235"). A value that
  is not a plain number is left as it is.

Feed prices are Meta's ``9.99 USD`` (number, space, ISO 4217 code).
"""
from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from dcstudio.core.model.catalog_template import DEFAULT_AD_LOCALE
from dcstudio.core.values.ad_locales import META_LOCALES, cldr_name
from dcstudio.core.values.errors import BadInputError

if TYPE_CHECKING:
    from babel import Locale

# Babel (and its CLDR data) is imported by the functions that format: the linter imports this
# module through the catalog template checks, and a project without a catalog never formats a
# price, so the studio and the checks of such a project do without it.

DEFAULT_LOCALE = DEFAULT_AD_LOCALE  # one home: model/catalog_template.py
_PRICE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([A-Za-z]{3})\s*$")
_NUMBER = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")


def ad_locale(name: str) -> Locale:
    """A Babel locale from ``de_DE`` / ``de-DE`` / Meta's ``es_LA``; BadInputError naming it when
    CLDR does not know it or its language is not one Meta shows ads in (values/ad_locales.py)."""
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(cldr_name(name))
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        loc = None
    if loc is None or loc.language not in ad_languages():
        raise BadInputError(f"unknown locale {name!r}: give one of Meta's ad locales, such as en_US, de_DE "
                            "or ja_JP") from None
    return loc


@functools.cache
def ad_languages() -> frozenset[str]:
    """The CLDR languages of Meta's ad locales (``tl_PH`` is CLDR's ``fil``): the prices format for
    any locale of these, and the desktop bundle keeps Babel's data for them only."""
    out = set()
    from babel import Locale, UnknownLocaleError

    for name in META_LOCALES:
        try:
            out.add(Locale.parse(cldr_name(name)).language)
        except (UnknownLocaleError, ValueError):
            pass  # a Facebook-only locale (en_PI, fb_LT...): no CLDR data
    return frozenset(out)


def parse_price(value: str | None) -> tuple[Decimal, str] | None:
    """``"1234.50 EUR"`` -> (Decimal("1234.50"), "EUR"); None when empty or not of Meta's form."""
    m = _PRICE.match(value or "")
    if not m:
        return None
    return Decimal(m.group(1)), m.group(2).upper()


def currency_digits(currency: str) -> int:
    from babel.numbers import get_currency_precision

    return get_currency_precision(currency)


def format_price(amount: Decimal, currency: str, locale: Locale | str = DEFAULT_LOCALE, *,
                 raw: bool = False, strip_zeros: bool = False, round_amount: bool = False) -> str:
    from babel.numbers import format_currency, parse_pattern

    loc = ad_locale(locale) if isinstance(locale, str) else locale
    digits = currency_digits(currency)
    if round_amount:
        amount, digits = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP), 0
    else:
        amount = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        if strip_zeros and amount == amount.to_integral_value():
            amount, digits = amount.to_integral_value(), 0
    if raw:
        return f"{amount:.{digits}f}"
    if digits == currency_digits(currency):
        return format_currency(amount, currency, locale=loc)
    pattern = parse_pattern(loc.currency_formats["standard"].pattern)
    pattern.frac_prec = (digits, digits)
    return pattern.apply(amount, loc, currency=currency, currency_digits=False)


def number_format(value: str, locale: Locale | str = DEFAULT_LOCALE) -> str:
    if not _NUMBER.match(value):
        return value
    from babel.numbers import format_decimal

    loc = ad_locale(locale) if isinstance(locale, str) else locale
    try:
        whole = Decimal(value.strip()).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value
    return format_decimal(whole, format="#,##0", locale=loc)
