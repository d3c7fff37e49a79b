"""Small catalogs for the product-set tests: rows written as a real CSV feed and imported."""
from __future__ import annotations

import csv
import types
from pathlib import Path

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.store import CatalogStore

COLUMNS = ("id", "title", "description", "availability", "condition", "price", "sale_price", "link",
           "image_link", "brand", "product_type", "item_group_id", "custom_label_0")


def write_feed(path: Path, rows: list[dict], columns=COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def build_store(folder: Path, rows: list[dict], columns=COLUMNS) -> CatalogStore:
    """The rows imported by the real feed import into ``folder/catalog/products-KEY.duckdb``."""
    folder.mkdir(parents=True, exist_ok=True)
    feed = write_feed(folder / "feed.csv", rows, columns)
    import_feed(types.SimpleNamespace(folder=folder, catalog=None), feed)
    return CatalogStore.open(folder)


def product(n: int, **values) -> dict:
    row = {"id": f"sku-{n}", "title": f"Shirt {n}", "description": f"A cotton shirt, number {n}",
           "availability": "in stock", "condition": "new", "price": f"{10 + n}.99 USD",
           "link": f"https://shop.example/p/{n}", "image_link": f"https://shop.example/i/{n}.jpg",
           "brand": "Acme", "product_type": "Apparel > Shirts"}
    row.update(values)
    return row
