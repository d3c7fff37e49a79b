"""Projects whose catalog ad format, overlay or frame breaks one rule each (the price rules over a
real feed imported into the project's catalog)."""
from __future__ import annotations

from dataclasses import replace

from PIL import Image

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.lint.rules import CATALOG_AD
from dcstudio.core.model.catalog_format import CatalogFormat, FrameLayer, ImageOverlay
from dcstudio.core.model.catalog_publish import CatalogPublish
from tests.catalog.sets_catalog import COLUMNS, product, write_feed
from tests.core.product_set_breakers import as_catalog_ad

FACEBOOK_ONLY = {"publisher_platforms": ["facebook"], "facebook_positions": ["feed"]}


def with_format(project, folder, fmt: CatalogFormat, rows=None, columns=COLUMNS, placements=FACEBOOK_ONLY) -> None:
    """``fmt`` on the project, Facebook placements only (so that the Instagram rule stays out of
    the way unless asked for), and ``rows`` as its catalog."""
    project.set_campaign(replace(project.campaign, placements=placements))
    if rows is not None:
        report = import_feed(project, write_feed(folder / "feed.csv", rows, columns))
        project.set_catalog(report.spec)
    project.set_catalog_format(fmt)
    # the ad set promotes a set already in the ad account: the overlay counts stay the catalog's
    project.set_catalog_publish(CatalogPublish(product_set_id="880000000000002"))
    as_catalog_ad(project)


def _overlay(**kw) -> CatalogFormat:
    return CatalogFormat(image_overlay=ImageOverlay(**kw))


def _frame(folder, size) -> CatalogFormat:
    (folder / "assets").mkdir(exist_ok=True)
    Image.new("RGBA", size, (0, 0, 0, 0)).save(folder / "assets" / "frame.png")
    return CatalogFormat(frame=FrameLayer("assets/frame.png"))


ON_SALE = [product(1, sale_price="9.99 USD"), product(2, sale_price="10.99 USD")]
NO_SALE_COLUMNS = tuple(c for c in COLUMNS if c != "sale_price")

CATALOG_FORMAT_BREAKERS = {
    "catalog.overlay.position": (CATALOG_AD, lambda p, f: with_format(
        p, f, _overlay(overlay_template="triangle_with_text", position="bottom_left"))),
    "catalog.overlay.custom_text": (CATALOG_AD, lambda p, f: with_format(p, f, _overlay(text_type="custom"))),
    "catalog.overlay.tags": (CATALOG_AD, lambda p, f: with_format(
        p, f, _overlay(text_template_tags=("{{product.colour}}",)))),
    "catalog.overlay.sale_price_column": (CATALOG_AD, lambda p, f: with_format(
        p, f, _overlay(text_type="strikethrough_price"), [product(1), product(2)], NO_SALE_COLUMNS)),
    "catalog.overlay.no_sale": (CATALOG_AD, lambda p, f: with_format(
        p, f, _overlay(text_type="percentage_off"), [*ON_SALE, product(3)])),
    "catalog.overlay.font": (CATALOG_AD, lambda p, f: with_format(
        p, f, _overlay(text_font="lato_regular"), [product(1), product(2, price="1299 JPY")])),
    "catalog.overlay.instagram": (CATALOG_AD, lambda p, f: with_format(p, f, _overlay(), placements=None)),
    "catalog.overlay.format": (CATALOG_AD, lambda p, f: with_format(
        p, f, CatalogFormat("collection_video", image_overlay=ImageOverlay()))),
    "catalog.overlay.not_previewed": (CATALOG_AD, lambda p, f: with_format(p, f, _overlay(text_type="star_rating"))),
    "catalog.frame.file": (CATALOG_AD, lambda p, f: with_format(
        p, f, CatalogFormat(frame=FrameLayer("assets/frame.png")))),
    "catalog.frame.size": (CATALOG_AD, lambda p, f: with_format(p, f, _frame(f, (600, 400)))),
}
