#!/usr/bin/env python3
"""Draws the demo catalog's 50 product images and writes resources/demo_catalog (run from the repo
root): a feed (products.csv), its images (images/*.jpg, 600x600 JPEGs, drawn here so the demo
carries no third-party rights) and a catalog-ad project over them (dcstudio.json: the catalog,
three product sets and a template).

The feed's image_link values are paths relative to the feed (``images/p01-sneaker.jpg``): the
studio reads such a link from the feed's folder, so the demo's previews work offline. Meta cannot
fetch them; the catalog lint says so (catalog.link.scheme), as it should before a real publish.
One product (p50) has a 320x320 image on purpose: its tile shows the placeholder and the lint
names it (catalog.product_set.image_size). The catalog's DuckDB store is not kept: the studio
builds it from the feed when the demo opens (a scratch copy), and `dcstudio catalog refresh`
builds it in a copy made by hand.
"""
from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_demo_project import backpack, headphones, mug, sneaker, watch  # noqa: E402

SIDE = 600
KINDS = [("sneaker", "Trail sneaker", "Footwear > Sneakers", sneaker, 79),
         ("mug", "Camp mug", "Kitchen > Mugs", mug, 18),
         ("backpack", "Day pack", "Bags > Backpacks", backpack, 64),
         ("headphones", "Studio headphones", "Audio > Headphones", headphones, 129),
         ("watch", "Field watch", "Accessories > Watches", watch, 149)]
COLOURS = ["Ember", "Lagoon", "Moss", "Dune", "Slate", "Berry", "Glacier", "Saffron", "Fjord", "Clay"]
BRANDS = ["Northwind", "Northwind", "Alder & Co"]
COLUMNS = ("id", "title", "description", "availability", "condition", "price", "sale_price", "link",
           "image_link", "brand", "product_type", "color", "custom_label_0")


def _recolour(im: Image.Image, shift: int) -> Image.Image:
    """The drawing with its hues turned by ``shift`` (0-255): ten colourways of one product."""
    h, s, v = im.convert("HSV").split()
    h = h.point(lambda x: (x + shift) % 256)
    return Image.merge("HSV", (h, s, v)).convert("RGB")


def _square(im: Image.Image, side: int) -> Image.Image:
    w, h = im.size
    edge = min(w, h)
    box = ((w - edge) // 2, (h - edge) // 2, (w - edge) // 2 + edge, (h - edge) // 2 + edge)
    return im.resize((side, side), Image.Resampling.LANCZOS, box=box)


def rows_and_images(out: Path) -> list[dict]:
    (out / "images").mkdir(parents=True)
    rows = []
    drawn = {name: draw() for name, _, _, draw, _ in KINDS}
    for n in range(50):
        name, title, product_type, _, price = KINDS[n % len(KINDS)]
        colour = COLOURS[n // len(KINDS)]
        number = n + 1
        side = 320 if number == 50 else SIDE  # one too small on purpose (see the module docstring)
        image = f"images/p{number:02d}-{name}.jpg"
        _square(_recolour(drawn[name], (n // len(KINDS)) * 25), side).save(
            out / image, "JPEG", quality=72, optimize=True, progressive=True)
        on_sale = number % 4 == 0
        rows.append({
            "id": f"NW-{number:03d}", "title": f"{title} {colour.lower()}",
            "description": f"The {title.lower()} in {colour.lower()}: light, tough and made to last.",
            "availability": "out of stock" if number % 9 == 0 else "in stock", "condition": "new",
            "price": f"{price + (n // len(KINDS)) % 3 * 5}.00 USD",
            "sale_price": f"{round((price + (n // len(KINDS)) % 3 * 5) * 0.8 - 0.01, 2):.2f} USD" if on_sale else "",
            "link": f"https://shop.example.com/products/nw-{number:03d}", "image_link": image,
            "brand": BRANDS[n % len(BRANDS)], "product_type": product_type, "color": colour,
            "custom_label_0": "spring" if n < 25 else "core"})
    return rows


def main(out: Path = ROOT / "resources" / "demo_catalog") -> None:
    from dataclasses import replace

    from dcstudio.core.catalog.feed_import import import_feed
    from dcstudio.core.model.catalog_spec import ProductSet
    from dcstudio.core.model.catalog_template import CatalogTemplate
    from dcstudio.core.model.project import Project
    from dcstudio.core.model.project_folder import save_project

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rows = rows_and_images(out)
    with (out / "products.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    project = Project("Northwind Catalog", folder=out)
    report = import_feed(project, out / "products.csv")
    project.set_catalog(replace(report.spec, product_sets=(
        ProductSet("All products", {}),
        ProductSet("Sneakers", {"product_type": {"i_contains": "sneakers"}}),
        ProductSet("Under $70", {"price_amount": {"lt": 7000}}))))
    project.set_catalog_template(CatalogTemplate(
        message="{{product.brand}} {{product.name}}: now {{product.current_price}}. Free returns within 30 days.",
        name="{{product.name | titleize}}", description="{{product.current_price strip_zeros}}"))
    save_project(project)
    shutil.rmtree(out / "catalog")  # a cache, built again from the feed where the demo is opened
    total = sum(p.stat().st_size for p in (out / "images").iterdir())
    print(f"wrote {out}: {len(rows)} products, images {total / 1024:.0f} KB")


if __name__ == "__main__":
    main()
