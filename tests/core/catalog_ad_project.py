"""A catalog-ad project for the export and publish tests: a real CSV feed imported into the
catalog, two product sets, a template with product tags, a Page, and where it is published."""
from __future__ import annotations

from pathlib import Path

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.product_sets import add_product_set
from dcstudio.core.model.catalog_publish import CatalogPublish
from dcstudio.core.model.catalog_template import CatalogTemplate, TemplateUrlSpec
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import save_project
from tests.catalog.sets_catalog import product, write_feed

BUSINESS = "5550001234"
SHIRTS = {"and": [{"product_type": {"i_contains": "shirt"}}, {"price_amount": {"lt": 2000}}]}
TEMPLATE = CatalogTemplate(
    message="{{product.name | titleize}} for {{product.current_price strip_zeros}}",
    name="{{product.brand}}: {{product.name}}", description="{{product.description}}",
    call_to_action_type="SHOP_NOW", multi_share_end_card=False,
    template_url_spec=TemplateUrlSpec(web={"url": "https://track.example/c?id={{product.retailer_id | urlencode}}"
                                                 "&to={{product.url | urlencode}}"}))


def catalog_ad_project(folder: Path, rows: list[dict] | None = None, **publish) -> Project:
    folder.mkdir(parents=True, exist_ok=True)
    project = Project("Shirts catalog ad", folder=folder)
    project.update_campaign(page_id="104881223453210", promoted_object={"pixel_id": "1122334455667788"})
    rows = rows if rows is not None else [product(n) for n in range(1, 6)]
    report = import_feed(project, write_feed(folder / "feed.csv", rows))
    project.set_catalog(add_product_set(add_product_set(report.spec, "Shirts", SHIRTS), "All", {}))
    project.set_catalog_template(TEMPLATE)
    settings = {"business_id": BUSINESS, "link": "https://shop.example/", **publish}
    project.set_catalog_publish(CatalogPublish(**settings))
    save_project(project)
    return project
