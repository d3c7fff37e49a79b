"""The options `dcstudio render` and `dcstudio sheet` take on a catalog-ad project (a project with a
catalog and a catalog template): which product set, which format, the ad's locale for prices,
and whether product images may be fetched. Such a project shows one ad per product."""
from __future__ import annotations

from dcstudio.core.catalog.prices import DEFAULT_LOCALE, ad_locale
from dcstudio.core.catalog.product_space import PRODUCT_FORMATS, SINGLE_IMAGE, ProductSpace, is_catalog_ad
from dcstudio.core.values.errors import BadInputError


def add_product_options(parser) -> None:
    g = parser.add_argument_group("catalog ads", "a project with a catalog and a catalog template shows one ad "
                                                 "per product of a product set")
    g.add_argument("--product-set", metavar="NAME", help="the product set (default: the first one; all products "
                                                        "when the catalog has none)")
    g.add_argument("--product-format", default=SINGLE_IMAGE, choices=PRODUCT_FORMATS,
                   help=f"Meta's format_option (default {SINGLE_IMAGE}); carousel_images_multi_items: ad N "
                        "is a carousel of products N, N+1, ...")
    g.add_argument("--ad-locale", default=DEFAULT_LOCALE, metavar="LOCALE",
                   help=f"the locale prices are written for (default {DEFAULT_LOCALE})")
    g.add_argument("--offline", action="store_true",
                   help="fetch no product image: those not in the image cache show a placeholder")


def product_space(project, args) -> ProductSpace | None:
    """The product space the options choose, or None for a project that is no catalog ad.
    BadInputError for an empty set (nothing to show) or a catalog option on another project."""
    if not is_catalog_ad(project):
        given = [flag for flag, value in (("--product-set", args.product_set), ("--offline", args.offline),
                                          ("--product-format", args.product_format != SINGLE_IMAGE))
                 if value]
        if given:
            raise BadInputError(f"{given[0]}: project {project.name!r} is no catalog ad (it needs a catalog "
                                "and a catalog template)")
        return None
    ad_locale(args.ad_locale)
    space = ProductSpace.build(project, product_set=args.product_set, fmt=args.product_format,
                               locale=args.ad_locale, fetch=not args.offline)
    if len(space) == 0:
        raise BadInputError(f"{space.name}: the product set holds no products, so there is nothing to show")
    return space
