"""Projects whose product sets break one rule each: a real feed imported into the project's catalog."""
from __future__ import annotations

from dataclasses import replace

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.lint.rules import CATALOG_AD
from dcstudio.core.model.catalog_spec import ProductSet
from dcstudio.core.model.catalog_template import CatalogTemplate
from tests.catalog.sets_catalog import product, write_feed

ROWS = [product(1, brand="Acme"), product(2, brand="Acme"),
        product(3, brand="Clearance", availability="out of stock"),
        product(4, brand="Clearance", availability="Out_Of_Stock")]


def as_catalog_ad(project) -> None:
    """The project made a catalog ad (its template), so the catalog ad's rules judge it."""
    if project.catalog_template is None:
        project.set_catalog_template(CatalogTemplate(message="{{product.name}}"))


def with_sets(project, folder, *filters) -> None:
    """The project with the catalog ROWS and one product set per filter (the first named 'all',
    always fine)."""
    report = import_feed(project, write_feed(folder / "feed.csv", ROWS))
    sets = (ProductSet("all", {}), *(ProductSet(f"set {n}", f) for n, f in enumerate(filters, 1)))
    project.set_catalog(replace(report.spec, product_sets=sets))
    as_catalog_ad(project)


def with_small_image(project, folder) -> None:
    """Product 1's image_link a local 320x320 JPEG beside the feed (the lint reads its header)."""
    from PIL import Image

    (folder / "images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (320, 320), (200, 40, 40)).save(folder / "images" / "small.jpg")
    rows = [dict(ROWS[0], image_link="images/small.jpg"), *ROWS[1:]]
    report = import_feed(project, write_feed(folder / "feed.csv", rows))
    project.set_catalog(replace(report.spec, product_sets=(ProductSet("all", {}),)))
    as_catalog_ad(project)


PRODUCT_SET_BREAKERS = {
    "catalog.product_set.image_size": (CATALOG_AD, lambda p, f: with_small_image(p, f)),
    "catalog.product_set.filter": (CATALOG_AD, lambda p, f: with_sets(p, f, {"and": [{"brand": {"eqq": "x"}}]})),
    "catalog.product_set.empty": (CATALOG_AD, lambda p, f: with_sets(p, f, {"brand": {"eq": "Nobody"}})),
    "catalog.product_set.out_of_stock": (CATALOG_AD, lambda p, f: with_sets(p, f, {"brand": {"eq": "Clearance"}})),
}
