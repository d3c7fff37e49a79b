"""What `dcstudio info` says of a project's catalog: its feed, its products, and how many products
each product set takes (one count query per set over the built catalog)."""
from __future__ import annotations

from dcstudio.core.catalog.filters import count_matching
from dcstudio.core.catalog.store import CatalogError, CatalogStore
from dcstudio.core.model.catalog_template import is_catalog_ad
from dcstudio.core.values.errors import BadInputError


def catalog_summary(project) -> dict | None:
    """None without a catalog; else {source, profile, products, product_sets: {name: count},
    catalog_ad, problem}. Counts are None when the catalog is not built in this folder (problem
    says so) or a set's filter cannot be counted (its problem in ``set_problems``)."""
    catalog = project.catalog
    if catalog is None:
        return None
    out = {"source": catalog.source, "profile": catalog.profile, "products": None,
           "product_sets": {s.name: None for s in catalog.product_sets}, "set_problems": {},
           "catalog_ad": is_catalog_ad(project), "problem": None}
    try:
        store = CatalogStore.open(project)
    except (CatalogError, BadInputError) as exc:
        out["problem"] = f"not counted: {exc}"
        return out
    with store:
        out["products"] = store.count()
        for pset in catalog.product_sets:
            try:
                out["product_sets"][pset.name] = count_matching(store, pset.filter)
            except BadInputError as exc:
                out["set_problems"][pset.name] = str(exc)
    return out


def print_catalog(summary: dict | None) -> None:
    if summary is None:
        return
    total = summary["products"]
    shown = f"{total:>6} products" if total is not None else "  " + summary["problem"]
    kind = ", a catalog ad" if summary["catalog_ad"] else ""
    print(f"  catalog         {shown}  ({summary['source']}, {summary['profile']}{kind})")
    for name, n in summary["product_sets"].items():
        problem = summary["set_problems"].get(name)
        counted = f"{n:>6} of {total}" if n is not None else ("not counted: " + problem if problem else "not counted")
        print(f"    set {name!r:<20}{counted}" + ("  (empty: its ads do not deliver)" if n == 0 else ""))
