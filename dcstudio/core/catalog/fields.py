"""The store's columns: Meta's feed fields, and how a feed's column names map onto them.

Meta's reference (Reference - Catalog) and Google Merchant Center's product data specification
mostly share names; Google's XML spells them ``g:price``, its text feeds may spell them with
spaces (``image link``). Either way a column lands in the store under Meta's name, with its value
exactly as in the file: the lint of the catalog's profile judges the values.
"""
from __future__ import annotations

import re

# One VARCHAR column each in the products table, in this order.
META_FIELDS = (
    "id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand",
    "sale_price", "sale_price_effective_date", "item_group_id", "additional_image_link",
    "google_product_category", "fb_product_category", "product_type", "color", "size", "gender",
    "age_group", "material", "pattern", "status", "inventory", "quantity_to_sell_on_facebook",
    "custom_label_0", "custom_label_1", "custom_label_2", "custom_label_3", "custom_label_4",
    "custom_number_0", "custom_number_1", "custom_number_2", "custom_number_3", "custom_number_4",
    "internal_label", "shipping", "shipping_weight", "gtin", "mpn", "rich_text_description",
    # Google's fields the Merchant Center rules need, not Meta's own.
    "availability_date", "expiration_date", "mobile_link", "identifier_exists", "unit_pricing_measure",
)
# Columns the import derives from the values, after the feed's own.
DERIVED_COLUMNS = ("price_amount", "price_currency", "sale_price_amount")
# Other columns of the feed, as one JSON object: the feed's column name -> its value.
EXTRA_COLUMN = "extra"
POSITION_COLUMNS = ("row_number", "line")

# A name a feed uses for one of Meta's fields, after the normalization of ``store_column``.
ALIASES = {
    "retailer_id": "id",
    "offer_id": "id",
    "name": "title",
    "url": "link",
    "image_url": "image_link",
    "additional_image_urls": "additional_image_link",
    "retailer_product_group_id": "item_group_id",
    "visibility": "status",
}

_FLAT_INDEX = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\[(\d+)\]$")
_PATH = re.compile(r"[^.\[\]]+(\[\d{1,4}\]|\.[^.\[\]]+)*")


def store_column(name: str) -> str | None:
    """The products column a feed column fills, or None when it goes in ``extra``.

    ``g:price``, ``G:Price``, `` price ``, ``image link`` and ``additional_image_link[3]`` all name
    a field; ``image[0].url`` (a flattened nested field) does not, and is kept in ``extra``.
    """
    key = name.strip().lower()
    if key.startswith("g:"):
        key = key[2:]
    key = re.sub(r"\s+", "_", key)
    m = _FLAT_INDEX.match(key)
    if m and m.group(1) == "additional_image_link":
        return "additional_image_link"
    key = ALIASES.get(key, key)
    return key if key in META_FIELDS else None


def unflatten(extra: dict[str, str]) -> dict:
    """``{"image[0].url": "u", "image[0].tag[0]": "t", "x": "1"}`` -> ``{"image": [{"url": "u",
    "tag": ["t"]}], "x": "1"}``: the nested form of flattened JSON-path columns, which Meta reads as
    the same thing as a JSON value. Names that are not paths stay as they are."""
    out: dict = {}
    for name, value in extra.items():
        if not _PATH.fullmatch(name):
            out[name] = value
            continue
        parts = re.findall(r"([^.\[\]]+)|\[(\d+)\]", name)
        node: dict | list = out
        steps = [p if p else int(i) for p, i in parts]
        for step, nxt in zip(steps, steps[1:] + [None], strict=True):
            empty: dict | list | str = value if nxt is None else ([] if isinstance(nxt, int) else {})
            if isinstance(step, int):
                if not isinstance(node, list):
                    break
                while len(node) <= step:
                    node.append(None)
                if node[step] is None or nxt is None:
                    node[step] = empty
                node = node[step]
            else:
                if not isinstance(node, dict):
                    break
                if step not in node or nxt is None:
                    node[step] = empty
                node = node[step]
    return out
