"""Small feeds for the catalog lint tests: a clean product per profile, written as a real CSV and
imported into a real store."""
from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.store import CatalogStore

COLUMNS = ("id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand",
           "sale_price", "sale_price_effective_date", "gtin", "item_group_id", "color", "size", "gender",
           "age_group", "status", "shipping", "additional_image_link", "product_type", "custom_label_0",
           "availability_date")


def clean_row(profile: str, n: int) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(id=f"p{n}", title=f"Linen shirt {n}", description=f"A linen shirt, cut loose, number {n}.",
               availability="in stock" if profile == "meta-catalog" else "in_stock", condition="new",
               price="19.99 USD", link=f"https://shop.example.com/p/{n}", image_link=f"https://shop.example.com/i/{n}.jpg",
               brand="Acme")
    return row


def write_feed(path: Path, rows: list[dict[str, str]], columns=COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def build_store(folder: Path, rows: list[dict[str, str]], profile: str = "meta-catalog",
                columns=COLUMNS) -> CatalogStore:
    folder.mkdir(parents=True, exist_ok=True)
    feed = write_feed(folder / "feed.csv", rows, columns)
    import_feed(SimpleNamespace(folder=folder, catalog=None), feed, profile=profile)
    return CatalogStore.open(folder)
