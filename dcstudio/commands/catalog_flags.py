"""``--catalog-id``, ``--business-id`` and ``--shop-link``: where a catalog ad goes and where its
end card links, for one export or publish, in place of the project's ``catalog_publish`` setting."""
from __future__ import annotations

from dataclasses import replace

from dcstudio.core.model.catalog_publish import CatalogPublish
from dcstudio.core.values.errors import BadInputError


def add_arguments(p) -> None:
    p.add_argument("--catalog-id", metavar="ID", help="catalog ads: the product catalog to use (default: the "
                                                      "project's catalog_publish setting)")
    p.add_argument("--business-id", metavar="ID", help="catalog ads: make a new catalog under this business "
                                                       "(when no catalog id is given)")
    p.add_argument("--shop-link", metavar="URL", help="catalog ads: the shop's web address, where the "
                                                      "carousel's end card links (default: the project's "
                                                      "catalog_publish.link, else its first link)")


def apply(project, args) -> None:
    """The flags given, put into the project's settings for this run (never saved)."""
    link = getattr(args, "shop_link", None)
    if not (args.catalog_id or args.business_id or link):
        return
    if getattr(project, "catalog_template", None) is None:
        raise BadInputError("--catalog-id, --business-id and --shop-link are for a catalog ad (a project with a "
                            "catalog template)")
    current = project.catalog_publish or CatalogPublish()
    changes = {}
    if args.catalog_id:
        changes["catalog_id"] = args.catalog_id
    if args.business_id:
        changes["business_id"] = args.business_id
        changes.setdefault("catalog_id", "" if not args.catalog_id else args.catalog_id)
    if link:
        changes["link"] = link
    try:
        project.catalog_publish = replace(current, **changes)
    except ValueError as exc:
        flag = next((f for key, f in (("link", "--shop-link"), ("catalog_id", "--catalog-id")) if key in str(exc)),
                    "--business-id")
        raise BadInputError(f"{flag}: {exc}") from None
