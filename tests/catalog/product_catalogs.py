"""Catalog-ad projects for the product-space tests: a real feed CSV imported into a real store, a
template, product sets; images on the local image server (tests/catalog/image_server.py) or as
files next to the feed."""
from __future__ import annotations

import csv
from pathlib import Path

from PIL import Image

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.product_sets import add_product_set
from dcstudio.core.model.catalog_template import CatalogTemplate
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import save_project
from tests.catalog.image_server import image_bytes

COLUMNS = ("id", "title", "description", "availability", "condition", "price", "sale_price", "link",
           "image_link", "brand")
TEMPLATE = CatalogTemplate(message="{{product.name | titleize}} by {{product.brand}}",
                           name="{{product.name}}", description="{{product.current_price}}")
COLOURS = [(200, 40, 40), (40, 160, 60), (40, 60, 200), (220, 180, 30), (120, 40, 160)]


def product_row(n: int, image_link: str, **changes) -> dict[str, str]:
    row = {"id": f"SKU-{n:03d}", "title": f"linen shirt {n}", "description": f"A linen shirt, number {n}.",
           "availability": "in stock", "condition": "new", "price": f"{19 + n}.99 USD", "sale_price": "",
           "link": f"https://shop.example.com/p/{n}", "image_link": image_link, "brand": "Acme"}
    row.update(changes)
    return row


def write_feed(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(COLUMNS), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def local_images(folder: Path, count: int, size=(600, 600)) -> list[str]:
    """``count`` JPEGs in ``folder/images``; their links relative to ``folder``."""
    (folder / "images").mkdir(parents=True, exist_ok=True)
    links = []
    for n in range(count):
        name = f"images/p{n:03d}.jpg"
        Image.new("RGB", size, COLOURS[n % len(COLOURS)]).save(folder / name, quality=80)
        links.append(name)
    return links


def served_images(server, count: int, size=(600, 600)) -> list[str]:
    return [server.serve(f"/img/{n}.jpg", image_bytes("JPEG", size, COLOURS[n % len(COLOURS)]))
            for n in range(count)]


def catalog_project(folder: Path, rows: list[dict], *, sets: dict | None = None,
                    template: CatalogTemplate | None = TEMPLATE, feed_name: str = "feed/products.csv") -> Project:
    """A saved project in ``folder`` with the feed ``rows`` (written to ``folder/feed_name``)
    imported, ``sets`` {name: filter} and ``template``."""
    project = Project("Acme Shop", folder=folder)
    folder.mkdir(parents=True, exist_ok=True)
    feed = write_feed(folder / feed_name, rows)
    report = import_feed(project, feed)
    spec = report.spec
    for name, flt in (sets or {}).items():
        spec = add_product_set(spec, name, flt)
    project.set_catalog(spec)
    project.set_catalog_template(template)
    save_project(project)
    return project
