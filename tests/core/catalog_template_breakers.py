"""Projects whose catalog ad template breaks one rule each, over a real feed imported into the
project's catalog."""
from __future__ import annotations

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.lint.rules import CATALOG_AD
from dcstudio.core.model.catalog_publish import CatalogPublish
from dcstudio.core.model.catalog_template import CatalogTemplate
from tests.catalog.sets_catalog import product, write_feed

ROWS = [product(1), product(2, brand=""), product(3, title="T" * 300)]


def with_template(project, folder, **texts) -> None:
    report = import_feed(project, write_feed(folder / "feed.csv", ROWS))
    project.set_catalog(report.spec)
    project.set_catalog_template(CatalogTemplate(**texts))


CATALOG_TEMPLATE_BREAKERS = {
    "catalog.template.syntax": (CATALOG_AD, lambda p, f: with_template(p, f, message="Hi {{product.colour}}")),
    "catalog.template.empty_tag": (CATALOG_AD, lambda p, f: with_template(p, f, message="By {{product.brand}}")),
    "catalog.template.too_long": (CATALOG_AD, lambda p, f: with_template(p, f, name="{{product.name}}")),
    "catalog.template.truncated": (CATALOG_AD, lambda p, f: with_template(
        p, f, description="{{product.description}} for {{product.price}}")),
    "catalog.campaign.objective": (CATALOG_AD, lambda p, f: (
        with_template(p, f, message="{{product.name}}"), p.update_campaign(objective="PRODUCT_CATALOG_SALES"))),
    # no catalog_publish.link and no link in the pool: the end card's template_data.link would be empty
    "catalog.campaign.link": (CATALOG_AD, lambda p, f: (
        with_template(p, f, message="{{product.name}}"), p.pools["link_urls"].clear())),
    "catalog.campaign.product_set": (CATALOG_AD, lambda p, f: (
        with_template(p, f, message="{{product.name}}"),
        p.set_catalog_publish(CatalogPublish(product_set="no such set")))),
}
