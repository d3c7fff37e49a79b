"""The overlay and frame rules pass what Meta allows, and their messages name what is wrong."""
from __future__ import annotations

from PIL import Image

from dcstudio.core.lint import lint
from dcstudio.core.model.catalog_format import CatalogFormat, FrameLayer, ImageOverlay
from tests.catalog.sets_catalog import COLUMNS, product
from tests.core.catalog_format_breakers import ON_SALE, with_format
from tests.core.lint_projects import clean_project


def _ids(project) -> set[str]:
    return {f.rule_id for f in lint(project).findings}


def _messages(project, rule_id) -> list[str]:
    return [f.message for f in lint(project).findings if f.rule_id == rule_id]


def test_what_meta_allows_passes(tmp_path):
    project = clean_project(tmp_path)
    (tmp_path / "assets").mkdir(exist_ok=True)
    Image.new("RGBA", (1080, 1080), (0, 0, 0, 0)).save(tmp_path / "assets" / "frame.png")
    fmt = CatalogFormat("single_image", image_overlay=ImageOverlay(
        "triangle_with_text", "strikethrough_price", "top_right", text_template_tags=("{{product.price round}}",)),
        frame=FrameLayer("assets/frame.png", "multiply", 80))
    with_format(project, tmp_path, fmt, ON_SALE)
    assert _ids(project) == set()


def test_the_sale_count_names_the_products_without_one(tmp_path):
    project = clean_project(tmp_path)
    rows = [*ON_SALE, product(3), product(4, sale_price="1.00 USD",
                                         sale_price_effective_date="2001-01-01T00:00+00:00/2001-02-01T00:00+00:00")]
    with_format(project, tmp_path, CatalogFormat(image_overlay=ImageOverlay(text_type="percentage_off")), rows,
                (*COLUMNS, "sale_price_effective_date"))
    assert _messages(project, "catalog.overlay.no_sale") == [
        "2 of 4 products of the catalog have no active sale, where the percentage_off overlay shows nothing "
        "(e.g. sku-3, sku-4)"]


def test_the_font_rule_counts_currencies_and_is_silent_with_the_hybrid_font(tmp_path):
    project = clean_project(tmp_path)
    rows = [product(1), product(2, price="1299 JPY"), product(3, price="10.00 GBP"), product(4, price="9 JPY")]
    with_format(project, tmp_path, CatalogFormat(image_overlay=ImageOverlay(text_font="open_sans_bold")), rows)
    assert _messages(project, "catalog.overlay.font") == [
        "3 products of the catalog are priced in other currencies than USD and EUR (JPY (2), GBP (1)): Meta draws "
        "their prices in dynads_hybrid_bold, not open_sans_bold"]
    project.set_catalog_format(CatalogFormat(image_overlay=ImageOverlay(text_font="dynads_hybrid_bold")))
    assert "catalog.overlay.font" not in _ids(project)


def test_a_frame_that_is_not_an_image_is_named(tmp_path):
    project = clean_project(tmp_path)
    (tmp_path / "assets").mkdir(exist_ok=True)
    (tmp_path / "assets" / "frame.png").write_text("not an image")
    with_format(project, tmp_path, CatalogFormat(frame=FrameLayer("assets/frame.png")))
    [message] = _messages(project, "catalog.frame.file")
    assert "frame.png" in message


def test_instagram_placements_are_named(tmp_path):
    project = clean_project(tmp_path)
    with_format(project, tmp_path, CatalogFormat(image_overlay=ImageOverlay()),
                placements={"publisher_platforms": ["facebook", "instagram"]})
    assert _messages(project, "catalog.overlay.instagram")[0].startswith("the placements include Instagram")
