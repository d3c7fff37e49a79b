"""The product images of each product set under Meta's 500x500, as far as they have been checked.

Nothing is fetched here (the window lints on every edit): a web image_link's size is what the
image cache knows (a preview showed it, or `dcstudio lint --images` / `dcstudio catalog lint
--images` fetched it), a local image file's is read from its header. ``fetch_set_images`` is the
fetch that --images runs first.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from dcstudio.core.catalog.filters import FilterError, compile_filter
from dcstudio.core.catalog.image_cache import META_IMAGE_MIN_SIDE, ImageCache
from dcstudio.core.catalog.product_images import known_size
from dcstudio.core.catalog.product_space import feed_folder
from dcstudio.core.catalog.store import PRODUCTS, CatalogError, CatalogStore

# Image links looked up per set: a lint on every edit reads at most this many cache entries.
MAX_LINKS = 5000
EXAMPLES = 3


def check_set_images(ctx) -> None:
    project = ctx.project
    catalog = getattr(project, "catalog", None)
    if catalog is None or not catalog.product_sets or project.folder is None:
        return
    try:
        store = CatalogStore.open(project)
    except CatalogError:
        return
    cache, folder = ImageCache(), feed_folder(project)
    side = META_IMAGE_MIN_SIDE
    with store:
        for i, pset in enumerate(catalog.product_sets):
            try:
                sql, params = compile_filter(pset.filter)
            except FilterError:
                continue  # catalog.product_set.filter reports it
            links = store.query(
                f"SELECT trim(image_link), list(id ORDER BY row_number) FROM {PRODUCTS} WHERE {sql} "
                "AND trim(COALESCE(image_link, '')) <> '' GROUP BY 1 ORDER BY min(row_number) LIMIT ?",
                [*params, MAX_LINKS + 1])
            capped = len(links) > MAX_LINKS
            small, checked, unchecked = [], 0, 0
            for link, ids in links[:MAX_LINKS]:
                size = known_size(link, folder, cache)
                if size is None:
                    unchecked += len(ids)
                    continue
                checked += len(ids)
                if size[0] < side or size[1] < side:
                    small.extend((rid, size) for rid in ids)
            if not small:
                continue
            examples = ", ".join(f"{rid} {w}x{h}" for rid, (w, h) in small[:EXAMPLES])
            more = ", ..." if len(small) > EXAMPLES else ""
            rest = f"; {unchecked:,} not checked yet" if unchecked else ""
            rest += f" (the first {MAX_LINKS:,} image links)" if capped else ""
            ctx.report("catalog.product_set.image_size",
                       f"product set {pset.name!r}: {len(small):,} of the {checked:,} product images checked are "
                       f"under {side}x{side} ({examples}{more}){rest}", field=f"catalog.product_sets[{i}]",
                       hint=f"Use images of at least {side}x{side} pixels in the feed; `dcstudio lint --images` "
                            "checks the images not fetched yet.")


def fetch_set_images(project, *, progress: Callable[[int, int], None] | None = None,
                     cancel: threading.Event | None = None, cache=None) -> list[str]:
    """Fetches the web images of every product set into the image cache (the catalog lint's
    image check over each set's products); returns its notes (offline, cache hits)."""
    from dcstudio.core.lint.catalog_images import check_images
    from dcstudio.core.lint.catalog_values import catalog_limits
    from dcstudio.core.lint.checks_catalog import Context

    catalog = getattr(project, "catalog", None)
    if catalog is None or not catalog.product_sets:
        return []
    notes: list[str] = []
    with CatalogStore.open(project) as store:
        con = store.cursor()
        ctx = Context(catalog.profile, catalog_limits(catalog.profile), frozenset(store.present()))
        for pset in catalog.product_sets:
            try:
                sql, params = compile_filter(pset.filter)
            except FilterError:
                continue
            result = check_images(con, ctx, where_sql=sql, params=params, cancel=cancel, progress=progress,
                                  **({"cache": cache} if cache is not None else {}))
            notes.extend(f"product set {pset.name!r}: {note}" for note in result.notes)
    return notes


SET_IMAGE_CHECKS = (check_set_images,)
