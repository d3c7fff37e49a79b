"""The window on a catalog ad: the grid shows one tile per product of the chosen set, drawn by the
tile loader's workers (product images read there), a placeholder tile for an image that cannot
be shown, the set and format pickers, the large preview; the bundled demo catalog opens offline."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from dcstudio.core.catalog.product_space import ProductItem  # noqa: E402
from dcstudio.core.model.catalog_template import CatalogTemplate  # noqa: E402
from dcstudio.core.render.chrome import PLACEHOLDER_BG  # noqa: E402
from tests.catalog.image_server import ImageServer, image_bytes  # noqa: E402
from tests.catalog.product_catalogs import COLOURS, catalog_project, local_images, product_row  # noqa: E402


@pytest.fixture
def shop(tmp_path):
    links = local_images(tmp_path / "shop" / "feed", 5)
    links[3] = "images/none.jpg"
    rows = [product_row(n, links[n]) for n in range(5)]
    return catalog_project(tmp_path / "shop", rows, sets={"all": {}, "cheap": {"price_amount": {"lt": 2100}}})


def _products_shown(qtbot, window, count):
    qtbot.waitUntil(lambda: window.products.space is not None and window.grid_model.rowCount() == count)


def _tile(qtbot, model, row):
    model.request(row)
    qtbot.waitUntil(lambda: model.loader.tile(model.key_for(row)) is not None)
    return model.loader.tile(model.key_for(row))


def _middle(tile):
    colour = tile.pixelColor(tile.width() // 2, tile.height() // 2)
    return colour.red(), colour.green(), colour.blue()


def _near(a, b, tolerance=24):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_the_grid_shows_a_tile_per_product_and_a_placeholder_that_says_why(make_window, shop, qtbot):
    window = make_window(shop.folder)
    _products_shown(qtbot, window, 5)
    model = window.grid_model
    assert window.grid.count_label.text() == "5 products"
    assert window.products.set_box.isVisible() and not window.grid.filter_box.isVisible()
    # Meta's default format, a carousel of products: ad N starts with product N
    assert [model.index(r).data(Qt.DisplayRole) for r in range(5)] == [f"carousel SKU-{n:03d}" for n in range(5)]
    for row in (0, 1, 2, 4):
        assert _near(_middle(_tile(qtbot, model, row)), COLOURS[row % len(COLOURS)]), row
    placeholder = _tile(qtbot, model, 3)
    assert _near(_middle(placeholder), PLACEHOLDER_BG, 40)
    assert window.products.space.sources.file_problems == {
        "product:SKU-003": "images/none.jpg: file not found next to the feed"}


def test_the_set_and_format_pickers_choose_the_space(make_window, shop, qtbot):
    window = make_window(shop.folder)
    _products_shown(qtbot, window, 5)
    window.products.choose_set("cheap")
    _products_shown(qtbot, window, 2)
    assert window.products.space.set_name == "cheap"
    # no catalog_format: Meta's default, a carousel of products
    assert window.products.space.format == "carousel_images_multi_items"
    assert window.products.format_box.currentData() == "carousel_images_multi_items"
    assert window.grid_model.combination(0) == ProductItem(0, "SKU-000", ("SKU-000", "SKU-001"))
    window.grid.set_placement("carousel")
    assert window.grid_model.rowCount() == 2
    assert _tile(qtbot, window.grid_model, 1).width() > 0
    # the picker sets the ad's format, one undo step
    window.products.choose_format("single_image")
    assert window.document.project.catalog_format.format_option == "single_image"
    qtbot.waitUntil(lambda: window.products.space.format == "single_image")
    assert window.grid_model.combination(0) == ProductItem(0, "SKU-000")
    window.document.undo_stack.undo()
    assert window.document.project.catalog_format is None
    qtbot.waitUntil(lambda: window.products.space.format == "carousel_images_multi_items")
    assert window.products.format_box.currentData() == "carousel_images_multi_items"
    # a format the previews do not draw is shown as it is
    from dcstudio.core.model.catalog_format import CatalogFormat

    window.document.project.set_catalog_format(CatalogFormat("carousel_images_single_item"))
    qtbot.waitUntil(lambda: window.products.space.format == "single_image")
    assert "previewed as a single image" in window.products.format_box.currentText()


def test_an_overlay_edit_redraws_the_product_tiles(make_window, shop, qtbot):
    from dcstudio.core.model.catalog_format import CatalogFormat, ImageOverlay
    from dcstudio.core.render.overlays import theme_colors

    red = theme_colors("background_e50900_text_ffffff")[0]
    window = make_window(shop.folder)
    _products_shown(qtbot, window, 5)
    model = window.grid_model
    before = model.key_for(1)
    plain = _tile(qtbot, model, 1)
    window.document.project.set_catalog_format(CatalogFormat("single_image", image_overlay=ImageOverlay()))
    qtbot.waitUntil(lambda: window.products.space.decorated and model.rowCount() == 5 and model.key_for(1) != before)
    drawn = _tile(qtbot, model, 1)
    pixels = {(drawn.pixelColor(x, y).red(), drawn.pixelColor(x, y).green(), drawn.pixelColor(x, y).blue())
              for x in range(0, drawn.width() // 2, 2) for y in range(0, drawn.height() // 2, 2)}
    before_pixels = {(plain.pixelColor(x, y).red(), plain.pixelColor(x, y).green(), plain.pixelColor(x, y).blue())
                     for x in range(0, plain.width() // 2, 2) for y in range(0, plain.height() // 2, 2)}
    assert any(_near(px, red, 8) for px in pixels) and not any(_near(px, red, 8) for px in before_pixels)


def test_a_template_edit_redraws_the_products_and_no_template_shows_combinations(make_window, shop, qtbot):
    window = make_window(shop.folder)
    _products_shown(qtbot, window, 5)
    before = window.grid_model.key_for(0)
    window.document.project.set_catalog_template(CatalogTemplate(message="New {{product.name}}"))
    qtbot.waitUntil(lambda: window.grid_model.rowCount() == 5 and window.grid_model.key_for(0) != before)
    window.document.project.set_catalog_template(None)
    qtbot.waitUntil(lambda: window.products.space is None)
    assert window.grid_model.project is window.document.project and window.grid_model.rowCount() == 0
    assert not window.products.set_box.isVisible() and window.grid.filter_box.isVisible()


def test_images_from_a_server_are_fetched_by_the_tile_workers(make_window, tmp_path, qtbot):
    with ImageServer() as server:
        links = [server.serve("/a.jpg", image_bytes("JPEG", (600, 600), COLOURS[2])), server.url("/gone.jpg"),
                 server.serve("/small.jpg", image_bytes("JPEG", (320, 320)))]
        project = catalog_project(tmp_path / "web", [product_row(n, links[n]) for n in range(3)])
        window = make_window(project.folder)
        _products_shown(qtbot, window, 3)
        model = window.grid_model
        assert _near(_middle(_tile(qtbot, model, 0)), COLOURS[2])
        for row in (1, 2):
            _tile(qtbot, model, row)
        assert window.products.space.sources.file_problems == {
            "product:SKU-001": "404 from 127.0.0.1", "product:SKU-002": "320x320, under 500x500"}


def test_a_product_opens_large(make_window, shop, qtbot):
    window = make_window(shop.folder)
    _products_shown(qtbot, window, 5)
    dialog = window.open_combination(window.grid_model.combination(1))
    qtbot.waitUntil(lambda: dialog.rendered)
    assert dialog.windowTitle() == "Product #2: SKU-001"
    assert "linen shirt 1" in dialog.parts.text() and "20.99 USD" in dialog.parts.text()
    dialog.step(+1)
    qtbot.waitUntil(lambda: dialog.rendered)
    assert dialog.windowTitle() == "Product #3: SKU-002"
    dialog.close()


def test_the_demo_catalog_opens_offline_as_a_scratch_copy(make_window, qtbot):
    from dcstudio.core.values.resources import demo_catalog_dir

    window = make_window(demo_catalog_dir())
    assert window.document.scratch
    _products_shown(qtbot, window, 50)
    assert not (demo_catalog_dir() / "catalog").exists()  # the store went into the copy
    assert window.products.set_box.count() == 3
    assert _tile(qtbot, window.grid_model, 0).width() > 0


def test_the_checks_of_the_demo_catalog_are_the_catalog_ads(make_window, qtbot):
    from dcstudio.core.lint import CATALOG_AD
    from dcstudio.core.values.resources import demo_catalog_dir

    window = make_window(demo_catalog_dir())
    _products_shown(qtbot, window, 50)
    qtbot.waitUntil(lambda: window.lint_runner.report is not None)
    report = window.lint_runner.report
    assert report.profile == CATALOG_AD
    found = {f.rule_id for f in report.findings}
    assert "meta.page_id.missing" in found
    assert not [r for r in found if r.startswith(("meta.count.", "meta.recommended.", "meta.enhancements."))], found


def test_a_catalog_ad_says_over_the_pools_and_in_the_status_bar_what_it_is(make_window, shop, qtbot):
    from dcstudio.qt.commands import SetCatalogTemplateCommand

    window = make_window(shop.folder)
    _products_shown(qtbot, window, 5)
    note = window.pools.catalog_note
    assert note.isVisible() and "not sent" in note.text() and "first link" in note.text()
    assert window.summary.pools.text() == "Catalog ad"
    document = window.document
    document.push(SetCatalogTemplateCommand(document.project, None, "Make it dynamic creative"))
    qtbot.waitUntil(lambda: not note.isVisible())
    assert window.summary.pools.text().startswith("Images ")
    document.undo_stack.undo()
    qtbot.waitUntil(note.isVisible)
    assert window.summary.pools.text() == "Catalog ad"


def test_dynamic_creative_shows_its_pool_counts_and_no_catalog_note(window):
    assert not window.pools.catalog_note.isVisible()
    assert window.summary.pools.text().startswith("Images 5 · Headlines")


def test_the_ad_dock_fits_its_column_at_the_first_size(make_window, shop, qtbot):
    # The docks' first width (a 1366x768 screen) is ~240 px: the template, format and overlay
    # controls and their preview fit it, rather than run past its edge with no way to see them.
    window = make_window(shop.folder)
    _products_shown(qtbot, window, 5)
    window.template_dock.raise_()
    editor = window.template_panel.content
    page = editor.pages.currentWidget()
    qtbot.waitUntil(lambda: page.isVisible() and editor.format_editor is not None)
    dock = window.template_dock
    right = page.mapTo(dock, page.rect().topRight()).x()
    assert page.minimumSizeHint().width() <= dock.width() and right < dock.width()
