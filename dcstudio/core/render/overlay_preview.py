"""One product of the catalog, its image and its values, for a preview of the ad's overlay and
frame (`dcstudio catalog preview-image` and the window's format editor).

The image is fetched here directly from ``image_link`` (or the additional image the format picks),
once, with a timeout and Meta's 8 MB bound: this serves one preview at a time. The product tiles
of the grid read images through the catalog's disk cache instead.
"""
from __future__ import annotations

import io
import urllib.error
import urllib.request

from PIL import Image

from dcstudio.core.catalog.store import PRODUCTS, CatalogStore
from dcstudio.core.model.catalog_format import product_image_url
from dcstudio.core.values.errors import BadInputError

READ_LIMIT = 8 * 1024 * 1024 + 1  # Meta's largest product image (8 MB), plus one byte to tell it is over
TIMEOUT = 15.0


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


def fetch_image(url: str) -> Image.Image:
    """The product image at ``url`` (http or https), decoded as RGB; BadInputError naming the URL."""
    if not url.startswith(("http://", "https://")):
        raise BadInputError(f"the product's image link {url!r} is not an http(s) URL")
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (scheme checked above)
            data = response.read(READ_LIMIT)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise BadInputError(f"{url}: could not be fetched ({getattr(exc, 'reason', exc)})") from None
    if len(data) >= READ_LIMIT:
        raise BadInputError(f"{url}: larger than Meta's 8 MB for a product image")
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            return im.convert("RGB")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise BadInputError(f"{url}: not an image that can be read") from None


PLACEHOLDER_GREY = (214, 214, 214)


def preview(project, fmt, retailer_id: str | None = None, *, locale="en_US", size: int = 320
            ) -> tuple[Image.Image, str]:
    """One product's image at ``size`` px wide with ``fmt``'s frame and overlay, and a note saying
    what stood in for what could not be had (no catalog, an image not fetched, a frame not read):
    a plain grey square takes the image's place, so the overlay can still be seen."""
    from dcstudio.core.catalog.store import CatalogError
    from dcstudio.core.render.overlays import decorate
    from dcstudio.core.values.errors import ImageError

    notes = []
    product: dict = {}
    image = None
    try:
        product = first_product(project, retailer_id)
        image = fetch_image(image_url(product, fmt))
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
