"""`dcstudio catalog preview-text PROJECT [--product RETAILER_ID] [--locale de_DE]`: the template's
texts resolved for a product of the catalog, as Meta would fill them."""
from __future__ import annotations

from dcstudio.commands._common import open_project
from dcstudio.core.catalog.prices import DEFAULT_LOCALE, ad_locale
from dcstudio.core.catalog.store import PRODUCTS, CatalogStore
from dcstudio.core.catalog.template_text import resolve
from dcstudio.core.model.catalog_template import ad_locale_of
from dcstudio.core.model.product_tags import parse_template
from dcstudio.core.values.errors import BadInputError

TEXTS = ("message", "name", "description")


def add_parser(sub) -> None:
    p = sub.add_parser("preview-text", help="print the template's texts resolved for a product",
                       description="Prints each field of the catalog ad's template (message, name, "
                                   "description, template_url_spec URLs) resolved for one product of the "
                                   "catalog: the first one, or --product. Prices are formatted for the "
                                   "product's currency and --locale.")
    p.add_argument("project", help="project folder")
    p.add_argument("--product", metavar="RETAILER_ID", help="the product's id in the feed (default: the first row)")
    p.add_argument("--locale", default=None,
                   help=f"the ad's locale (default: the template's locale, else {DEFAULT_LOCALE})")
    p.set_defaults(func=run)


def run(args) -> int:
    project = open_project(args.project)
    template = project.catalog_template
    if template is None:
        raise BadInputError(f"{args.project}: no catalog ad template yet: set one with "
                            "`dcstudio catalog template PROJECT --message ...`")
    locale = ad_locale(args.locale or ad_locale_of(project))
    with CatalogStore.open(project) as store:
        columns = store.columns()
        where, params = ("id = ?", [args.product]) if args.product is not None else ("TRUE", [])
        rows = store.query(f"SELECT * FROM {PRODUCTS} WHERE {where} ORDER BY row_number LIMIT 1", params)
        if not rows:
            raise BadInputError(f"--product: no product with the id {args.product!r} in the catalog"
                                if args.product is not None else "the catalog holds no products")
    product = dict(zip(columns, rows[0], strict=True))
    print(f"product {product.get('id')} (row {product.get('row_number')}), locale {locale}")
    fields = [(name, getattr(template, name), False) for name in TEXTS]
    fields += [(f"template_url_spec.{p}", url, True) for p, url in template.template_url_spec.urls().items()]
    for name, text, url in fields:
        if not text:
            continue
        parsed = parse_template(text, field=name, url=url)
        print(f"{name}: {resolve(parsed, product, locale=locale)}")
    return 0
