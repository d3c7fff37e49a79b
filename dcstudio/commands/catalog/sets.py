"""`dcstudio catalog sets PROJECT add NAME --filter JSON | count (--filter JSON | NAME) | list | remove NAME`."""
from __future__ import annotations

from dcstudio.commands._common import open_project, print_json
from dcstudio.core.catalog.filters import count_matching, filter_json
from dcstudio.core.catalog.product_sets import add_product_set, remove_product_set, set_name
from dcstudio.core.catalog.store import CatalogError, CatalogStore
from dcstudio.core.model.project_folder import save_project
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.json_input import JsonInputError, parse_json

_FILTER_HELP = ("Meta's product-set filter JSON, e.g. '{\"and\": [{\"brand\": {\"eq\": \"Acme\"}}, "
                "{\"price_amount\": {\"lt\": 4900}}]}' (prices x 100); @FILE reads it from a file")


def add_parser(sub) -> None:
    p = sub.add_parser("sets", help="the catalog's product sets: add, count, list, remove",
                       description="Product sets: a name and Meta's filter JSON (eq, neq, contains, "
                                   "not_contains, i_contains, i_not_contains, is_any, is_not_any, lt, lte, "
                                   "gt, gte, starts_with, nested in and / or; price_amount and "
                                   "sale_price_amount count the price x 100). Saved in the project and "
                                   "exported as the exact filter JSON. A bad filter names its path "
                                   "(filter.and[1].brand.eqq) and changes nothing (exit 2).")
    p.add_argument("project", help="project folder")
    inner = p.add_subparsers(dest="sets_command", metavar="ACTION", parser_class=type(p), required=True)
    add = inner.add_parser("add", help="save a product set in the project")
    add.add_argument("name")
    add.add_argument("--filter", required=True, metavar="JSON", help=_FILTER_HELP)
    add.add_argument("--replace", action="store_true", help="replace the set of that name")
    add.set_defaults(func=run_add)
    count = inner.add_parser("count", help="how many products a filter (or a saved set) takes")
    count.add_argument("name", nargs="?", help="a saved product set (instead of --filter)")
    count.add_argument("--filter", metavar="JSON", help=_FILTER_HELP)
    count.set_defaults(func=run_count)
    listing = inner.add_parser("list", help="the saved product sets with their counts and filters")
    listing.add_argument("--json", action="store_true", help="as JSON: [{name, filter, products}]")
    listing.set_defaults(func=run_list)
    remove = inner.add_parser("remove", help="remove a saved product set")
    remove.add_argument("name")
    remove.set_defaults(func=run_remove)


def read_filter(raw: str):
    """The --filter value parsed (``@FILE`` reads a file); BadInputError naming what is wrong."""
    where = "--filter"
    if raw.startswith("@"):
        where = raw[1:]
        try:
            with open(where, "rb") as fh:
                raw = fh.read(600 * 1024 + 1)
        except OSError as exc:
            raise BadInputError(f"--filter {raw}: cannot be read ({exc.strerror or exc})") from None
    try:
        return parse_json(raw)
    except JsonInputError as exc:
        raise BadInputError(f"{where}: not JSON: {exc}") from None


def _catalog(project):
    if project.catalog is None:
        raise BadInputError(f"project {project.name!r} has no catalog: import a feed first "
                            "(dcstudio catalog import PROJECT FEED)")
    return project.catalog


def _store(project):
    """The project's built catalog, or None when it has not been built here (yet)."""
    try:
        return CatalogStore.open(project)
    except CatalogError:
        return None


def run_add(args) -> int:
    project = open_project(args.project)
    flt = read_filter(args.filter)
    spec = add_product_set(_catalog(project), args.name, flt, replace_existing=args.replace)
    name = set_name(args.name)
    project.set_catalog(spec)
    save_project(project)
    store = _store(project)
    if store is None:
        print(f"saved product set {name!r}; the catalog is not built here, so it is not counted")
        return 0
    with store:
        n, total = count_matching(store, flt), store.count()
    print(f"saved product set {name!r}: {n} of {total} products match")
    if n == 0:
        print(f"note: {name!r} is empty: an empty product set does not deliver")
    return 0


def run_count(args) -> int:
    project = open_project(args.project)
    if (args.filter is None) == (args.name is None):
        raise BadInputError("count: give either --filter JSON or the name of a saved product set")
    if args.filter is not None:
        flt = read_filter(args.filter)
    else:
        found = _catalog(project).product_set(args.name.strip())
        if found is None:
            known = ", ".join(repr(s.name) for s in project.catalog.product_sets) or "none"
            raise BadInputError(f"no product set named {args.name!r} (the catalog's sets: {known})")
        flt = found.filter
    with CatalogStore.open(project) as store:
        n, total = count_matching(store, flt), store.count()
    print(f"{n} of {total} products match")
    return 0


def run_list(args) -> int:
    project = open_project(args.project)
    sets = _catalog(project).product_sets
    store = _store(project)
    try:
        counts = [_count_or_problem(store, s.filter) for s in sets]
        total = store.count() if store is not None else None
    finally:
        if store is not None:
            store.close()
    if args.json:
        print_json([{"name": s.name, "filter": s.filter, "products": c if isinstance(c, int) else None,
                     **({} if isinstance(c, int) or c is None else {"problem": c})}
                    for s, c in zip(sets, counts, strict=True)])
        return 0
    if not sets:
        print("no product sets")
    for s, c in zip(sets, counts, strict=True):
        shown = f"{c} of {total}" if isinstance(c, int) else (c or "not counted: the catalog is not built here")
        print(f"{s.name}\t{shown}\t{filter_json(s.filter)}")
    return 0


def _count_or_problem(store, flt):
    """The count; the filter's problem (a set saved by hand) as text; None without a store."""
    if store is None:
        return None
    try:
        return count_matching(store, flt)
    except BadInputError as exc:
        return str(exc)


def run_remove(args) -> int:
    project = open_project(args.project)
    project.set_catalog(remove_product_set(_catalog(project), args.name))
    save_project(project)
    print(f"removed product set {args.name.strip()!r}")
    return 0
