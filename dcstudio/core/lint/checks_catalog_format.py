"""The catalog ad's format, overlay and frame: what Meta's reference says an overlay may be
(ad-creative-link-data-image-overlay-spec), whether the feed has the prices it shows, and whether
the frame's file can be used.

The price counts run over each product set (or the whole catalog when it has none) with SQL on the
built catalog; without one only the spec itself and the frame are checked. The frame is opened,
not decoded (the window lints on every edit): a damaged file is found when it is drawn.
"""
from __future__ import annotations

from dcstudio.core.catalog.store import PRODUCTS, CatalogError, CatalogStore
from dcstudio.core.catalog.template_text import sale_active
from dcstudio.core.lint.checks_catalog_template import _scopes
from dcstudio.core.model.catalog_format import DRAWN_TEXT_TYPES, PRICE_TEXT_TYPES, SALE_TEXT_TYPES
from dcstudio.core.model.images import opened_image
from dcstudio.core.model.product_tags import TemplateSyntaxError, parse_template
from dcstudio.core.render.frames import frame_path
from dcstudio.core.values.errors import ImageError

FIELD = "catalog_format.image_overlay_spec"
FRAME_FIELD = "catalog_format.frame.file"
TOP_ONLY = ("top_left", "top_right")
IMAGE_FORMATS = ("single_image", "carousel_images_multi_items", "carousel_images_single_item")
HYBRID_FONT, HYBRID_CURRENCIES = "dynads_hybrid_bold", ("USD", "EUR")
MIN_FRAME_SIDE = 500
EXAMPLES = 3
_FIX = "`dcstudio catalog template PROJECT --overlay ... --overlay-position ...`"


def check_catalog_format(ctx) -> None:
    fmt = getattr(ctx.project, "catalog_format", None)
    if fmt is None:
        return
    if (fmt.image_overlay or fmt.frame) and fmt.format_option not in IMAGE_FORMATS:
        ctx.report("catalog.overlay.format", f"format_option {fmt.format_option} shows no product images to "
                   "draw an overlay or a frame on", field="catalog_format.format_option",
                   hint="Use single_image or a carousel of images, or take the overlay and frame out.")
    overlay = fmt.image_overlay
    if overlay is not None:
        _check_overlay(ctx, overlay)
    if fmt.frame is not None:
        _check_frame(ctx, fmt.frame)
    if overlay is not None and overlay.text_type in PRICE_TEXT_TYPES:
        _check_prices(ctx, overlay)


def _check_overlay(ctx, overlay) -> None:
    if overlay.overlay_template == "triangle_with_text" and overlay.position not in TOP_ONLY:
        ctx.report("catalog.overlay.position", f"a triangle overlay at {overlay.position}: Meta draws triangles "
                   "only at top_left and top_right", field=f"{FIELD}.position",
                   hint=f"Put it at a top corner, or use a pill or a circle ({_FIX}).")
    if overlay.text_type == "custom" and not overlay.custom_text_type:
        ctx.report("catalog.overlay.custom_text", "a custom overlay without its text (custom_text_type)",
                   field=f"{FIELD}.custom_text_type", hint="Choose free_shipping, popular or sale.")
    if overlay.text_type not in DRAWN_TEXT_TYPES:
        ctx.report("catalog.overlay.not_previewed", f"the {overlay.text_type} overlay is sent as it is, but the "
                   "studio's previews do not draw it", field=f"{FIELD}.text_type",
                   hint="Check it in Meta's own preview before publishing.")
    for i, tag in enumerate(overlay.text_template_tags):
        try:
            parse_template(tag, field=f"text_template_tags[{i}]")
        except TemplateSyntaxError as exc:
            ctx.report("catalog.overlay.tags", f"text_template_tags[{i}]: {exc.problem} (at character "
                       f"{exc.position})", field=f"{FIELD}.text_template_tags",
                       hint="Use a price tag such as {{product.price round}}.")
    placements = ctx.project.campaign.placements
    if placements is None or "instagram" in (placements.get("publisher_platforms") or ()):
        where = "Advantage+ placements include Instagram" if placements is None else "the placements include Instagram"
        ctx.report("catalog.overlay.instagram", f"{where}, where Meta does not render image overlays: the ad "
                   "shows there without it", field=FIELD,
                   hint="Expected on Instagram; a price that must show belongs in the texts too.")


def _check_frame(ctx, frame) -> None:
    folder = ctx.project.folder
    if folder is None:
        return
    try:
        with opened_image(frame_path(folder, frame)) as im:
            w, h = im.size
    except ImageError as exc:
        ctx.report("catalog.frame.file", f"the frame image {exc}", field=FRAME_FIELD,
                   hint="Choose a PNG in the project folder (a transparent middle shows the product).")
        return
    if w != h or min(w, h) < MIN_FRAME_SIDE:
        ctx.report("catalog.frame.size", f"the frame image {frame.file} is {w}x{h}: a square of at least "
                   f"{MIN_FRAME_SIDE}x{MIN_FRAME_SIDE} fits the product images it covers", field=FRAME_FIELD,
                   hint="Export the frame as a square PNG of 1080x1080.")


def _check_prices(ctx, overlay) -> None:
    project = ctx.project
    if project.folder is None or getattr(project, "catalog", None) is None:
        return
    try:
        store = CatalogStore.open(project)
    except CatalogError:
        return
    with store:
        columns = set(store.columns())
        for scope, where, params in _scopes(project.catalog, store):
            clause = f" WHERE {where}" if where else ""
            if overlay.text_type in SALE_TEXT_TYPES:
                if not _sale_prices(ctx, store, overlay, columns, scope, clause, params):
                    continue
            if overlay.text_font != HYBRID_FONT:
                _currencies(ctx, store, overlay, scope, clause, params)


def _sale_prices(ctx, store, overlay, columns, scope, clause, params) -> bool:
    """False when the feed has no sale prices at all (reported once)."""
    if "sale_price" not in columns or not store.query(
            f"SELECT 1 FROM {PRODUCTS} WHERE COALESCE(sale_price, '') <> '' LIMIT 1"):
        ctx.report("catalog.overlay.sale_price_column", f"a {overlay.text_type} overlay, but the feed has no "
                   "sale_price: it shows the sale price Meta reads from that column", field=f"{FIELD}.text_type",
                   hint="Add sale_price to the feed, or use the price overlay.")
        return False
    window = ", COALESCE(sale_price_effective_date, '')" if "sale_price_effective_date" in columns else ", ''"
    rows = store.query(f"SELECT id, sale_price{window} FROM {PRODUCTS}{clause} ORDER BY row_number", params)
    without = [r[0] for r in rows
               if not sale_active({"sale_price": r[1], "sale_price_effective_date": r[2]})]
    if without:
        shows = "shows nothing" if overlay.text_type == "percentage_off" else "shows the price alone"
        ctx.report("catalog.overlay.no_sale", f"{len(without):,} of {len(rows):,} products{scope} have no active "
                   f"sale, where the {overlay.text_type} overlay {shows} (e.g. {', '.join(without[:EXAMPLES])})",
                   field=f"{FIELD}.text_type",
                   hint="Use a product set of products on sale for this overlay.")
    return True


def _currencies(ctx, store, overlay, scope, clause, params) -> None:
    others = ", ".join(f"'{c}'" for c in HYBRID_CURRENCIES)
    where = f"{clause} {'AND' if clause else 'WHERE'} price_currency IS NOT NULL AND price_currency NOT IN ({others})"
    rows = store.query(f"SELECT price_currency, count(*) FROM {PRODUCTS}{where} GROUP BY 1 ORDER BY 2 DESC", params)
    if rows:
        n = sum(r[1] for r in rows)
        shown = ", ".join(f"{c} ({k:,})" for c, k in rows[:EXAMPLES])
        ctx.report("catalog.overlay.font", f"{n:,} products{scope} are priced in other currencies than USD and "
                   f"EUR ({shown}): Meta draws their prices in dynads_hybrid_bold, not {overlay.text_font}",
                   field=f"{FIELD}.text_font", hint="Use dynads_hybrid_bold so that every product looks the same.")


CATALOG_FORMAT_CHECKS = (check_catalog_format,)
