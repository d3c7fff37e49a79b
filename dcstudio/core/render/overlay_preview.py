"""One product of the catalog, its image and its values, for a preview of the ad's overlay and
frame (`dcstudio catalog preview-image` and the window's format editor).

The image is ``image_link`` (or the additional image the format picks) read as the product tiles
read theirs: through the catalog's disk cache (catalog/product_images.py over image_cache.py, with
its deadlines and Meta's 8 MB bound), a local link from the feed's folder.
"""
from __future__ import annotations

from PIL import Image

from dcstudio.core.catalog.product_images import ProductImages, is_web_link
from dcstudio.core.catalog.product_space import feed_folder
from dcstudio.core.catalog.store import PRODUCTS, CatalogStore
from dcstudio.core.model.catalog_format import product_image_url
from dcstudio.core.model.images import open_display_image
from dcstudio.core.values.errors import BadInputError, ImageError


def first_product(project, retailer_id: str | None = None) -> dict:
    """The product (store columns -> values) with ``retailer_id``, or the catalog's first row;
    BadInputError when there is none. CatalogError when the catalog cannot be opened."""
    with CatalogStore.open(project) as store:
        columns = store.columns()
        where, params = ("id = ?", [retailer_id]) if retailer_id is not None else ("TRUE", [])
        rows = store.query(f"SELECT * FROM {PRODUCTS} WHERE {where} ORDER BY row_number LIMIT 1", params)
    if not rows:
        raise BadInputError(f"--product: no product with the id {retailer_id!r} in the catalog"
                            if retailer_id is not None else "the catalog holds no products")
    return dict(zip(columns, rows[0], strict=True))


def image_url(product: dict, fmt) -> str:
    url = product_image_url(product, fmt)
    if not url:
        raise BadInputError(f"product {product.get('id')} has no image_link")
    return url


def fetch_image(url: str, project=None, *, cache=None) -> Image.Image:
    """The product image at ``url`` through the catalog's image cache (a web link is fetched once,
    then read from the cache; another link is a file of the feed's folder), decoded as RGB;
    BadInputError naming the URL and what is wrong."""
    folder = feed_folder(project) if project is not None and project.catalog is not None else None
    picture = ProductImages(folder, cache, min_side=1).get(url)
    if picture.problem or picture.path is None:
        how = "could not be fetched" if is_web_link(url) else "could not be read"
        raise BadInputError(f"{url}: {how} ({picture.problem or 'no image'})")
    try:
        return open_display_image(picture.path).convert("RGB")
    except ImageError as exc:
        raise BadInputError(f"{url}: not an image that can be read ({exc.reason})") from None


PLACEHOLDER_GREY = (214, 214, 214)


def preview(project, fmt, retailer_id: str | None = None, *, locale="en_US", size: int = 320
            ) -> tuple[Image.Image, str]:
    """One product's image at ``size`` px wide with ``fmt``'s frame and overlay, and a note saying
    what stood in for what could not be had (no catalog, an image not fetched, a frame not read):
    a plain grey square takes the image's place, so the overlay can still be seen."""
    from dcstudio.core.catalog.store import CatalogError
    from dcstudio.core.render.overlays import decorate

    notes = []
    product: dict = {}
    image = None
    try:
        product = first_product(project, retailer_id)
        image = fetch_image(image_url(product, fmt), project)
    except (CatalogError, BadInputError) as exc:
        notes.append(f"{exc}: a grey square stands in for the product image")
    if image is None:
        image = Image.new("RGB", (size, size), PLACEHOLDER_GREY)
    elif image.width != size:
        image = image.resize((size, max(1, round(image.height * size / image.width))), Image.Resampling.LANCZOS)
    try:
        drawn = decorate(image, fmt, product, locale=locale, folder=project.folder)
    except (ImageError, ValueError) as exc:
        notes.append(f"the frame image {exc}: drawn without it")
        no_frame = None if fmt is None else type(fmt)(fmt.format_option, fmt.preferred_image_tags,
                                                       fmt.additional_image_index, fmt.image_overlay, None)
        drawn = decorate(image, no_frame, product, locale=locale)
    label = f"product {product['id']}" if product.get("id") else "no product"
    return drawn, "; ".join([label, *notes])
