"""Meta CSV feeds for the Catalog panel's tests, and their rows as plain Python for checking."""
from __future__ import annotations

import csv
from pathlib import Path

HEADER = ("id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand")


def product(i: int) -> dict[str, str]:
    return {
        "id": f"SKU-{i:06d}",
        "title": f"Shirt {i % 97:02d} model {i}",
        "description": f"A cotton shirt, number {i}, in a colour of its own.",
        "availability": "out of stock" if i % 5 == 0 else "in stock",
        "condition": "new",
        "price": f"{i % 120 + 1}.99 USD",
        "link": f"https://shop.example/p/{i}",
        "image_link": f"https://shop.example/img/{i}.jpg",
        "brand": ("Acme", "Borealis", "Cobalt")[i % 3],
    }


def write_feed(path: Path, rows: list[dict[str, str]]) -> Path:
    with Path(path).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return Path(path)


def feed_of(path: Path, n: int) -> tuple[Path, list[dict[str, str]]]:
    rows = [product(i) for i in range(1, n + 1)]
    return write_feed(path, rows), rows
