"""Meta's product template tags: every tag, option and transform, prices per currency and locale
(Babel), and unknown names refused with their position."""
from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from dcstudio.core.catalog.prices import format_price, number_format, parse_price
from dcstudio.core.catalog.template_text import resolve, sale_active
from dcstudio.core.model.product_tags import (
    PRODUCT_FIELDS,
    Passthrough,
    TemplateSyntaxError,
    parse_template,
)
from dcstudio.core.values.errors import BadInputError

NBSP = "\xa0"
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)

PRODUCT = {
    "id": "SKU-1 blue", "title": "organic banana", "brand": "Acme", "description": "Ripe and sweet.",
    "link": "https://shop.example/p?id=1&c=a b", "price": "1234.50 EUR", "sale_price": "999.00 EUR",
    "sale_price_effective_date": "2026-06-01T00:00+02:00/2026-07-01T00:00+02:00",
    **{f"custom_label_{i}": f"label {i}" for i in range(5)},
}


@pytest.mark.parametrize("field, expected", [
    ("brand", "Acme"),
    ("name", "organic banana"),  # Meta: name is the feed's title
    ("description", "Ripe and sweet."),
    ("retailer_id", "SKU-1 blue"),
    ("url", "https://shop.example/p?id=1&c=a b"),
    ("price", f"1.234,50{NBSP}€"),
    ("current_price", f"999,00{NBSP}€"),  # the sale runs in June 2026
    *[(f"custom_label_{i}", f"label {i}") for i in range(5)],
])
def test_every_tag_resolves_to_its_feed_column(field, expected):
    assert resolve("{{product." + field + "}}", PRODUCT, locale="de_DE", now=NOW) == expected


def test_every_documented_tag_is_known():
    assert set(PRODUCT_FIELDS) == {"brand", "current_price", "description", "name", "price", "retailer_id",
                                   "url", *(f"custom_label_{i}" for i in range(5))}


def test_current_price_is_the_price_outside_the_sale_window_and_without_a_sale():
    after = datetime(2026, 7, 2, tzinfo=UTC)
    assert resolve("{{product.current_price}}", PRODUCT, locale="de_DE", now=after) == f"1.234,50{NBSP}€"
    no_window = {**PRODUCT, "sale_price_effective_date": ""}
    assert resolve("{{product.current_price}}", no_window, locale="de_DE", now=after) == f"999,00{NBSP}€"
    no_sale = {**PRODUCT, "sale_price": ""}
    assert resolve("{{product.current_price}}", no_sale, locale="de_DE", now=NOW) == f"1.234,50{NBSP}€"
    # A window that cannot be read is no sale (the feed lint reports it).
    assert not sale_active({**PRODUCT, "sale_price_effective_date": "June"}, NOW)
    # The window is half open: the sale ends at its end.
    assert not sale_active(PRODUCT, datetime(2026, 6, 30, 22, 0, tzinfo=UTC))
    assert sale_active(PRODUCT, datetime(2026, 6, 30, 21, 59, tzinfo=UTC))


def test_meta_documented_examples():
    # "{{product.current_price strip_zeros}}": the sale price 999.00 without its zero cents.
    assert resolve("{{product.current_price strip_zeros}}", PRODUCT, locale="en_US", now=NOW) == "€999"
    # "{{product.name | titleize}}": organic banana -> Organic Banana.
    assert resolve("{{product.name | titleize}}", PRODUCT) == "Organic Banana"
    # number_format: 1234.56 -> 1,235.
    assert number_format("1234.56", "en_US") == "1,235"
    # template_url_spec: the retailer id once encoded, the product URL twice.
    url = ("http://clicktrack.com/x?id={{product.retailer_id | urlencode}}"
           "&redirect_url={{product.url | urlencode | urlencode}}")
    assert resolve(parse_template(url, url=True), PRODUCT) == (
        "http://clicktrack.com/x?id=SKU-1+blue"
        "&redirect_url=https%253A%252F%252Fshop.example%252Fp%253Fid%253D1%2526c%253Da%2Bb")
    # "Only €{{product.price raw}}": the amount without the currency symbol.
    assert resolve("Only €{{product.price raw}}", {**PRODUCT, "price": "20.00 USD"}) == "Only €20.00"


def test_options_on_prices():
    whole = {**PRODUCT, "price": "1234.00 EUR"}
    assert resolve("{{product.price strip_zeros}}", whole, locale="de_DE") == f"1.234{NBSP}€"
    # strip_zeros keeps cents that are not zero
    assert resolve("{{product.price strip_zeros}}", PRODUCT, locale="de_DE") == f"1.234,50{NBSP}€"
    assert resolve("{{product.price round}}", PRODUCT, locale="de_DE") == f"1.235{NBSP}€"
    assert resolve("{{product.price round}}", {**PRODUCT, "price": "1234.49 EUR"}, locale="de_DE") == f"1.234{NBSP}€"
    assert resolve("{{product.price raw}}", PRODUCT, locale="de_DE") == "1234.50"
    assert resolve("{{product.price raw strip_zeros}}", whole) == "1234"
    assert resolve("{{product.price raw round}}", PRODUCT) == "1235"
    assert resolve("{{product.price raw | number_format}}", PRODUCT, locale="de_DE") == "1.235"
    assert resolve("{{product.price raw | number_format}}", PRODUCT, locale="en_US") == "1,235"


@pytest.mark.parametrize("amount, currency, locale, expected", [
    ("1234.5", "EUR", "de_DE", f"1.234,50{NBSP}€"),
    ("1234.5", "USD", "en_US", "$1,234.50"),
    ("1234", "JPY", "ja_JP", "￥1,234"),
    ("1234.4", "JPY", "en_US", "¥1,234"),  # JPY has no decimals: the amount is rounded
    ("1234.5", "EUR", "fr_FR", f"1\u202f234,50{NBSP}€"),
    ("1234.5", "CHF", "de_CH", f"CHF{NBSP}1'234.50"),
    ("1.234", "KWD", "en_US", "KWD1.234"),  # three decimals (CLDR spells the code so in en)
    ("1234.5", "GBP", "en_GB", "£1,234.50"),
])
def test_prices_follow_the_currency_and_the_locale(amount, currency, locale, expected):
    assert format_price(Decimal(amount), currency, locale) == expected


def test_jpy_has_no_decimals_with_every_option():
    yen = {**PRODUCT, "price": "1234 JPY"}
    assert resolve("{{product.price}}", yen, locale="en_US") == "¥1,234"
    assert resolve("{{product.price raw}}", yen) == "1234"
    assert resolve("{{product.price strip_zeros}}", yen, locale="en_US") == "¥1,234"


def test_feed_prices_parse_and_bad_ones_resolve_empty():
    assert parse_price("9.99 USD") == (Decimal("9.99"), "USD")
    assert parse_price("$9.99") is None
    assert resolve("[{{product.price}}]", {**PRODUCT, "price": "free"}) == "[]"
    assert resolve("[{{product.brand}}]", {**PRODUCT, "brand": None}) == "[]"


def test_titleize_and_urlencode():
    assert resolve("{{product.brand | titleize}}", {"brand": "the north face"}) == "The North Face"
    assert resolve("{{product.brand | titleize}}", {"brand": "ACME co"}) == "ACME Co"
    assert resolve("{{ product.brand | urlencode }}", {"brand": "a&b c/ü"}) == "a%26b+c%2F%C3%BC"
    assert number_format("not a number") == "not a number"


def test_spaces_inside_the_braces_do_not_matter():
    assert resolve("{{ product.price  strip_zeros |titleize }}", {"price": "5.00 USD"}) == "$5"


@pytest.mark.parametrize("text, name, position, words", [
    ("Buy {{product.colour}} now", "product.colour", 7, "unknown tag"),
    ("{{product.price strip_zero}}", "strip_zero", 17, "unknown option"),
    ("{{ product.name | upper }}", "upper", 19, "unknown transform"),
    ("{{product.name | titleize shout}}", "shout", 27, "unknown transform"),
    ("{{product.name raw}}", "raw", 16, "applies only to"),
    ("Hi {{product.name", "{{", 4, "never closed"),
    ("{{ad.id}}", "ad.id", 3, "unknown tag"),  # a URL parameter, not a text tag
    ("{{}}", "{{}}", 1, "empty tag"),
])
def test_unknown_names_are_refused_with_their_position(text, name, position, words):
    with pytest.raises(TemplateSyntaxError) as caught:
        parse_template(text, field="message")
    err = caught.value
    assert isinstance(err, BadInputError)
    assert (err.name, err.position) == (name, position)
    assert words in str(err) and f"at character {position}" in str(err) and str(err).startswith("message: ")
    assert text[position - 1:].startswith(name)


def test_url_parameters_pass_through_in_urls():
    parsed = parse_template("https://x.example/?ad={{ad.id}}&p={{product.retailer_id}}", url=True)
    assert Passthrough("{{ad.id}}") in parsed.parts
    assert resolve(parsed, {"id": "7"}) == "https://x.example/?ad={{ad.id}}&p=7"


def test_unknown_locale_is_refused():
    with pytest.raises(BadInputError, match="xx_YY"):
        resolve("{{product.price}}", PRODUCT, locale="xx_YY")
