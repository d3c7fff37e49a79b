"""Product sets that would not deliver: a filter Meta refuses, a set no product matches, a set of
only out-of-stock products. Counted over the project's built catalog (catalog/products-<key>.duckdb)
in one query per set; without a built catalog there is nothing to count, and nothing is said."""
from __future__ import annotations

from dcstudio.core.catalog.filters import FilterError, compile_filter
from dcstudio.core.catalog.store import PRODUCTS, CatalogError, CatalogStore

# Meta's and Google's spelling of the availability that never shows in an ad.
OUT_OF_STOCK = ("out of stock", "out_of_stock")
_OUT_SQL = "lower(trim(COALESCE(availability, ''))) IN ({})".format(", ".join("?" * len(OUT_OF_STOCK)))


def check_product_sets(ctx) -> None:
    catalog = getattr(ctx.project, "catalog", None)
    if catalog is None or not catalog.product_sets or ctx.project.folder is None:
        return
    compiled = []
    for i, pset in enumerate(catalog.product_sets):
        field = f"catalog.product_sets[{i}]"
        try:
            compiled.append((i, pset, compile_filter(pset.filter)))
        except FilterError as exc:
            ctx.report("catalog.product_set.filter", f"product set {pset.name!r}: {exc}", field=f"{field}.{exc.path}",
                       hint="Fix the filter in the product-set builder, or with `dcstudio catalog sets PROJECT add "
                            "NAME --replace --filter JSON`.")
    if not compiled:
        return
    try:
        store = CatalogStore.open(ctx.project)
    except CatalogError:
        return
    with store:
        for i, pset, (sql, params) in compiled:
            matching, in_stock = store.query(
                f"SELECT count(*), count(*) FILTER (WHERE NOT ({_OUT_SQL})) FROM {PRODUCTS} WHERE {sql}",
                [*OUT_OF_STOCK, *params])[0]
            field = f"catalog.product_sets[{i}]"
            if matching == 0:
                ctx.report("catalog.product_set.empty",
                           f"product set {pset.name!r} matches none of the catalog's {store.count()} products, "
                           f"so its ads do not deliver", field=field,
                           hint="Widen the filter (its count shows as you edit it), or remove the set.")
            elif in_stock == 0:
                ctx.report("catalog.product_set.out_of_stock",
                           f"product set {pset.name!r}: all {matching} of its products are out of stock, "
                           f"so its ads do not deliver", field=field,
                           hint="Restock them in the feed, or add in-stock products to the set's filter.")


PRODUCT_SET_CHECKS = (check_product_sets,)
