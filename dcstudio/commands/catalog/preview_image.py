"""`dcstudio catalog preview-image PROJECT --out FILE.png [--product RETAILER_ID] [--locale de_DE]
[--image FILE] [--size PX] [--instagram]`: one product's image with the catalog ad's frame and
overlay drawn as the ad shows them (render/overlays.py)."""
from __future__ import annotations

import io
import urllib.error
import urllib.request
from pathlib import Path

from PIL import Image

from dcstudio.commands._common import open_project
from dcstudio.core.catalog.prices import DEFAULT_LOCALE, ad_locale
from dcstudio.core.catalog.store import PRODUCTS, CatalogStore
from dcstudio.core.model.catalog_format import product_image_url
from dcstudio.core.model.images import open_display_image
from dcstudio.core.render.overlays import decorate
from dcstudio.core.values.atomic import atomic_write_bytes
from dcstudio.core.values.errors import BadInputError, ImageError

READ_LIMIT = 8 * 1024 * 1024 + 1  # Meta's largest product image (8 MB), plus one byte to tell it is over
TIMEOUT = 15.0
MAX_SIZE = 4096


def add_parser(sub) -> None:
    p = sub.add_parser("preview-image", help="write one product's image with the ad's overlay and frame to a PNG",
                       description="Draws the catalog ad's frame and overlay (set with `dcstudio catalog template "
                                   "--overlay ... --frame ...`) over one product's image, as the ad shows it, and "
                                   "writes a PNG. The image is the product's image_link (or the additional image "
                                   "the format's additional_image_index picks), fetched over http(s); --image "
                                   "draws over a local file instead. Prices are formatted for the product's "
                                   "currency and --locale. Fonts and exact geometry are approximations of "
                                   "Meta's rendering (see dcstudio/core/render/overlays.py).")
    p.add_argument("project", help="project folder")
    p.add_argument("--out", required=True, metavar="FILE.png", help="the PNG to write")
    p.add_argument("--product", metavar="RETAILER_ID", help="the product's id in the feed (default: the first row)")
    p.add_argument("--locale", default=DEFAULT_LOCALE, help=f"the ad's locale (default {DEFAULT_LOCALE})")
    p.add_argument("--image", metavar="FILE", help="draw over this image file instead of fetching image_link")
    p.add_argument("--size", type=int, metavar="PX", help=f"scale the image to this width first (at most {MAX_SIZE})")
    p.add_argument("--instagram", action="store_true",
                   help="as on Instagram, where Meta does not render image overlays (the frame stays)")
    p.set_defaults(func=run)


def _product(project, retailer_id) -> dict:
    with CatalogStore.open(project) as store:
        columns = store.columns()
        where, params = ("id = ?", [retailer_id]) if retailer_id is not None else ("TRUE", [])
        rows = store.query(f"SELECT * FROM {PRODUCTS} WHERE {where} ORDER BY row_number LIMIT 1", params)
    if not rows:
        raise BadInputError(f"--product: no product with the id {retailer_id!r} in the catalog"
                            if retailer_id is not None else "the catalog holds no products")
    return dict(zip(columns, rows[0], strict=True))


def fetch_image(url: str) -> Image.Image:
    """The product image at ``url`` (http or https), decoded; BadInputError naming the URL."""
    if not url.startswith(("http://", "https://")):
        raise BadInputError(f"the product's image link {url!r} is not an http(s) URL: give --image FILE")
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (scheme checked above)
            data = response.read(READ_LIMIT)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise BadInputError(f"{url}: could not be fetched ({getattr(exc, 'reason', exc)}); give --image FILE") from None
    if len(data) >= READ_LIMIT:
        raise BadInputError(f"{url}: larger than Meta's 8 MB for a product image")
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            return im.convert("RGB")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise BadInputError(f"{url}: not an image that can be read") from None


def run(args) -> int:
    project = open_project(args.project)
    locale = ad_locale(args.locale)
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise BadInputError(f"--out {args.out}: give a file name ending in .png")
    if args.size is not None and not 16 <= args.size <= MAX_SIZE:
        raise BadInputError(f"--size {args.size}: give a width from 16 to {MAX_SIZE} pixels")
    product = _product(project, args.product)
    fmt = project.catalog_format
    if args.image is not None:
        try:
            image = open_display_image(args.image)
        except ImageError as exc:
            raise BadInputError(f"--image {exc}") from None
        source = args.image
    else:
        source = product_image_url(product, fmt)
        if not source:
            raise BadInputError(f"product {product.get('id')} has no image_link: give --image FILE")
        image = fetch_image(source)
    if args.size is not None and image.width != args.size:
        image = image.resize((args.size, max(1, round(image.height * args.size / image.width))),
                             Image.Resampling.LANCZOS)
    try:
        drawn = decorate(image, fmt, product, locale=locale, folder=project.folder, instagram=args.instagram)
    except ImageError as exc:
        raise BadInputError(f"the frame image {exc}") from None
    buffer = io.BytesIO()
    drawn.save(buffer, "PNG", optimize=True)
    atomic_write_bytes(out, buffer.getvalue())
    overlay = fmt.image_overlay.overlay_template if fmt and fmt.image_overlay else "no overlay"
    frame = f"frame {fmt.frame.file}" if fmt and fmt.frame else "no frame"
    print(f"product {product.get('id')}: {source} with {overlay}, {frame} ({locale}) -> {out}")
    return 0
