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
