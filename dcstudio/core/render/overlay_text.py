"""The words an ``image_overlay_spec`` puts on a product's image, for that product and the ad's locale.

Prices come from the feed's ``price`` and ``sale_price`` columns (Meta: "the pricing information is
dynamically pulled from the price and sale price columns of the feed", travel ads' "Overlay
Design"), formatted by catalog/prices.py (Babel) as the template tags format them. What each text
type shows:

- ``price``: the current price, the sale price while a sale is active (ASSUMED: Meta's reference
  does not say which column; its example formats it with ``text_template_tags``);
- ``strikethrough_price``: the price struck through, then the sale price; without an active sale
  only the price (ASSUMED);
- ``percentage_off``: "-20%" (Babel's percent format for the locale), rounded half up; nothing
  without an active sale (ASSUMED);
- ``from_price``: "From" and the current price (the word is English here; Meta's wording and
  languages are not documented: an approximation);
- ``custom``: the custom text: "Free shipping", "Popular", "Sale" (English; an approximation).

``text_template_tags`` replace the default price tags: the first is the price shown (or struck
through, for ``strikethrough_price``), the second the price after it. A tag list that does not
parse is ignored here (the lint names it). The SDK's other text types (ratings, disclaimer,
sustainable, personalized) are not drawn: ``overlay_text`` returns None for them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from dcstudio.core.catalog.prices import DEFAULT_LOCALE, ad_locale, parse_price
from dcstudio.core.catalog.template_text import resolve, sale_active
from dcstudio.core.model.catalog_format import ImageOverlay
from dcstudio.core.model.product_tags import TemplateSyntaxError, parse_template

CUSTOM_TEXTS = {"free_shipping": "Free shipping", "popular": "Popular", "sale": "Sale"}
FROM_WORD = "From"
_CURRENT, _PRICE = "{{product.current_price}}", "{{product.price}}"


@dataclass(frozen=True)
class OverlayText:
    main: str
    struck: str = ""  # drawn struck through before ``main`` (strikethrough_price)


def _tags(overlay: ImageOverlay) -> list | None:
    try:
        return [parse_template(t, field="image_overlay_spec.text_template_tags") for t in overlay.text_template_tags]
    except TemplateSyntaxError:
        return None


def percentage_off(product: Mapping, now: datetime | None = None) -> Decimal | None:
    """The sale's discount in percent, rounded half up; None without an active, lower sale price."""
    price, sale = parse_price(product.get("price")), parse_price(product.get("sale_price"))
    if price is None or sale is None or not sale_active(product, now) or price[0] <= 0 or sale[1] != price[1]:
        return None
    off = (price[0] - sale[0]) * 100 / price[0]
    off = off.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return off if off > 0 else None


def overlay_text(overlay: ImageOverlay, product: Mapping, *, locale=DEFAULT_LOCALE,
                 now: datetime | None = None) -> OverlayText | None:
    """What the overlay says for ``product`` (store columns -> values), or None when it shows nothing."""
    loc = ad_locale(locale) if isinstance(locale, str) else locale
    kind = overlay.text_type
    if kind == "custom":
        text = CUSTOM_TEXTS.get(overlay.custom_text_type, "")
        return OverlayText(text) if text else None
    if kind == "percentage_off":
        off = percentage_off(product, now)
        if off is None:
            return None
        from babel.numbers import format_percent  # with the first overlay that shows a discount

        return OverlayText(format_percent(-off / 100, locale=loc))
    if kind not in ("price", "strikethrough_price", "from_price"):
        return None
    tags = _tags(overlay) or []

    def value(i: int, default: str) -> str:
        tpl = tags[i] if i < len(tags) else parse_template(default)
        return resolve(tpl, product, locale=loc, now=now)

    if kind == "strikethrough_price":
        if not sale_active(product, now):
            shown = value(0, _PRICE)
            return OverlayText(shown) if shown else None
        old, new = value(0, _PRICE), value(1, _CURRENT)
        return OverlayText(new, old) if new else None
    shown = value(0, _CURRENT)
    if not shown:
        return None
    return OverlayText(f"{FROM_WORD} {shown}" if kind == "from_price" else shown)
