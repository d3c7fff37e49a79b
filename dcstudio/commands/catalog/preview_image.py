"""`dcstudio catalog preview-image PROJECT --out FILE.png [--product RETAILER_ID] [--locale de_DE]
[--image FILE] [--size PX] [--instagram]`: one product's image with the catalog ad's frame and
overlay drawn as the ad shows them (render/overlays.py)."""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from dcstudio.commands._common import open_project
from dcstudio.core.catalog.prices import DEFAULT_LOCALE, ad_locale
from dcstudio.core.model.catalog_template import ad_locale_of
from dcstudio.core.model.images import open_display_image
from dcstudio.core.render.overlay_preview import fetch_image, first_product, image_url
from dcstudio.core.render.overlays import decorate
from dcstudio.core.values.atomic import atomic_write_bytes
from dcstudio.core.values.errors import BadInputError, ImageError

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
    p.add_argument("--locale", default=None,
                   help=f"the ad's locale (default: the template's locale, else {DEFAULT_LOCALE})")
    p.add_argument("--image", metavar="FILE", help="draw over this image file instead of fetching image_link")
    p.add_argument("--size", type=int, metavar="PX", help=f"scale the image to this width first (at most {MAX_SIZE})")
    p.add_argument("--instagram", action="store_true",
                   help="as on Instagram, where Meta does not render image overlays (the frame stays)")
    p.set_defaults(func=run)


def run(args) -> int:
    project = open_project(args.project)
    locale = ad_locale(args.locale or ad_locale_of(project))
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise BadInputError(f"--out {args.out}: give a file name ending in .png")
    if args.size is not None and not 16 <= args.size <= MAX_SIZE:
        raise BadInputError(f"--size {args.size}: give a width from 16 to {MAX_SIZE} pixels")
    product = first_product(project, args.product)
    fmt = project.catalog_format
    if args.image is not None:
        try:
            image = open_display_image(args.image)
        except ImageError as exc:
            raise BadInputError(f"--image {exc}") from None
        source = args.image
    else:
        source = image_url(product, fmt)
        try:
            image = fetch_image(source, project)
        except BadInputError as exc:
            raise BadInputError(f"{exc}: give --image FILE") from None
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
