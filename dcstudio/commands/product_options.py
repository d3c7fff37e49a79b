"""The options `dcstudio render` and `dcstudio sheet` take on a catalog-ad project (a project with a
catalog and a catalog template): which product set, which format, the ad's locale for prices,
and whether product images may be fetched. Such a project shows one ad per product."""
from __future__ import annotations

from dcstudio.core.catalog.prices import DEFAULT_LOCALE, ad_locale
from dcstudio.core.catalog.product_space import CAROUSEL_MULTI_ITEMS, PRODUCT_FORMATS, SINGLE_IMAGE, ProductSpace
from dcstudio.core.model.catalog_template import is_catalog_ad
from dcstudio.core.values.errors import BadInputError


def add_product_options(parser) -> None:
    g = parser.add_argument_group("catalog ads", "a project with a catalog and a catalog template shows one ad "
                                                 "per product of a product set")
    g.add_argument("--product-set", metavar="NAME", help="the product set (default: the first one; all products "
                                                        "when the catalog has none)")
    g.add_argument("--product-format", default=None, choices=PRODUCT_FORMATS,
                   help="Meta's format_option (default: the project's catalog_format, else Meta's default "
                        f"{CAROUSEL_MULTI_ITEMS}; a format the previews do not draw shows as {SINGLE_IMAGE}); "
                        f"{CAROUSEL_MULTI_ITEMS}: ad N is a carousel of products N, N+1, ...")
    g.add_argument("--ad-locale", default=None, metavar="LOCALE",
                   help=f"the locale prices are written for (default: the template's locale, else {DEFAULT_LOCALE})")
    g.add_argument("--offline", action="store_true",
                   help="fetch no product image: those not in the image cache show a placeholder")


def product_space(project, args) -> ProductSpace | None:
    """The product space the options choose, or None for a project that is no catalog ad.
    BadInputError for an empty set (nothing to show) or a catalog option on another project."""
    if not is_catalog_ad(project):
        given = [flag for flag, value in (("--product-set", args.product_set), ("--offline", args.offline),
                                          ("--product-format", args.product_format is not None))
                 if value]
        if given:
            raise BadInputError(f"{given[0]}: project {project.name!r} is no catalog ad (it needs a catalog "
                                "and a catalog template)")
        return None
    if args.ad_locale is not None:
        ad_locale(args.ad_locale)
    space = ProductSpace.build(project, product_set=args.product_set, fmt=args.product_format,
                               locale=args.ad_locale, fetch=not args.offline)
    if len(space) == 0:
        raise BadInputError(f"{space.name}: the product set holds no products, so there is nothing to show")
    return space
