"""The product tiles draw the catalog ad's overlay and frame (render/overlays.py decorate) where
the product image becomes the tile, keyed by the format so an edit draws them again; the space's
format is the project's (Meta's default a carousel of products); the one-product preview reads
its image through the catalog's image cache."""
from __future__ import annotations

from pathlib import Path

from dcstudio.core.catalog.product_space import CAROUSEL_MULTI_ITEMS, SINGLE_IMAGE, ProductSpace
from dcstudio.core.model.catalog_format import CatalogFormat, ImageOverlay
from dcstudio.core.render.mockups import draw_ad
from dcstudio.core.render.overlay_preview import preview
from dcstudio.core.render.overlays import theme_colors
from dcstudio.core.render.tiles import TileCache
from tests.catalog.image_server import ImageServer, image_bytes
from tests.catalog.product_catalogs import COLOURS, catalog_project, local_images, product_row

RED = theme_colors("background_e50900_text_ffffff")[0]


def _project(folder: Path, count: int = 3, fmt: CatalogFormat | None = None):
    links = local_images(folder / "feed", count)
    project = catalog_project(folder, [product_row(n, links[n]) for n in range(count)])
    project.set_catalog_format(fmt)
    return project


def _pill(position: str) -> CatalogFormat:
    return CatalogFormat(SINGLE_IMAGE, image_overlay=ImageOverlay(position=position))


def _media_corners(space, row: int, cache: TileCache):
    mockup = draw_ad(space.content(space[row], "feed-square"), space.sources, "feed-square", 400, cache=cache)
    left, top, right, bottom = mockup.boxes["media"][0]
    w, h = right - left, bottom - top
    corner = (w // 5, h // 5)

    def colours(x0, y0):
        return {mockup.image.getpixel((x, y))
                for x in range(x0, x0 + corner[0], 3) for y in range(y0, y0 + corner[1], 3)}

    return colours(left, top), colours(right - corner[0], bottom - corner[1])


def test_the_space_takes_the_projects_format(tmp_path):
    project = _project(tmp_path / "p")
    assert ProductSpace.build(project, cache=tmp_path / "c").format == CAROUSEL_MULTI_ITEMS  # Meta's default
    project.set_catalog_format(CatalogFormat(SINGLE_IMAGE))
    assert ProductSpace.build(project, cache=tmp_path / "c").format == SINGLE_IMAGE
    project.set_catalog_format(CatalogFormat("carousel_images_single_item"))  # not drawn: one image shows
    assert ProductSpace.build(project, cache=tmp_path / "c").format == SINGLE_IMAGE
    assert ProductSpace.build(project, cache=tmp_path / "c", fmt=CAROUSEL_MULTI_ITEMS).format == CAROUSEL_MULTI_ITEMS


def test_a_product_tile_has_the_pill_where_the_overlay_sits_and_redraws_when_it_moves(tmp_path):
    project = _project(tmp_path / "p", fmt=_pill("top_left"))
    cache = TileCache(64 * 1024 * 1024)
    space = ProductSpace.build(project, cache=tmp_path / "c")
    top_left, bottom_right = _media_corners(space, 1, cache)
    assert RED in top_left and RED not in bottom_right
    assert not any(px == RED for px in bottom_right)
    product = COLOURS[1]
    assert any(all(abs(a - b) < 20 for a, b in zip(px, product, strict=True)) for px in bottom_right)
    ids = space.tile_ids(space[1], "feed-square")

    project.set_catalog_format(_pill("bottom_right"))  # the edit: a new space, new tile ids, the same cache
    moved = ProductSpace.build(project, cache=tmp_path / "c")
    assert moved.tile_ids(moved[1], "feed-square") != ids
    top_left, bottom_right = _media_corners(moved, 1, cache)
    assert RED in bottom_right and RED not in top_left

    project.set_catalog_format(CatalogFormat(SINGLE_IMAGE))  # no overlay: the product's own picture
    plain = ProductSpace.build(project, cache=tmp_path / "c")
    top_left, bottom_right = _media_corners(plain, 1, cache)
    assert RED not in top_left and RED not in bottom_right


def test_a_pickled_space_draws_the_overlay_too(tmp_path):
    import pickle

    project = _project(tmp_path / "p", fmt=_pill("top_left"))
    space = pickle.loads(pickle.dumps(ProductSpace.build(project, cache=tmp_path / "c")))
    top_left, _ = _media_corners(space, 0, TileCache(16 * 1024 * 1024))
    assert RED in top_left


def test_the_one_product_preview_reads_through_the_image_cache(tmp_path):
    with ImageServer() as server:
        url = server.serve("/img/0.jpg", image_bytes("JPEG", (600, 600), COLOURS[2]))
        project = catalog_project(tmp_path / "p", [product_row(0, url)])
        fmt = _pill("top_left")
        project.set_catalog_format(fmt)
        first, note = preview(project, fmt, size=300)
        second, _ = preview(project, fmt, size=300)
        assert server.hits["/img/0.jpg"] == 1  # the second preview read the cache
    assert note == "product SKU-000" and first.getpixel((20, 20)) == RED
    assert all(abs(a - b) < 20 for a, b in zip(second.getpixel((280, 280)), COLOURS[2], strict=True))
    local = _project(tmp_path / "local", 1, fmt)  # a local link of the feed's folder works too
    drawn, note = preview(local, fmt, size=300)
    assert note == "product SKU-000"
