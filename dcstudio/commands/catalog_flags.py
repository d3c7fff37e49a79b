"""``--catalog-id``, ``--business-id`` and ``--shop-link``: where a catalog ad goes and where its
end card links, for one export or publish, in place of the project's ``catalog_publish`` setting."""
from __future__ import annotations

from dataclasses import replace

from dcstudio.core.model.catalog_publish import settings_of
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
    settings = settings_of(project)
    # One flag at a time, so that a refused value is named by its own flag. A business without a
    # catalog id makes a new catalog there: the project's saved catalog id is not used.
    steps = (("--catalog-id", args.catalog_id, {"catalog_id": args.catalog_id}),
             ("--business-id", args.business_id,
              {"business_id": args.business_id, "catalog_id": args.catalog_id or ""}),
             ("--shop-link", link, {"link": link}))
    for flag, given, changes in steps:
        if given:
            try:
                settings = replace(settings, **changes)
            except ValueError as exc:
                raise BadInputError(f"{flag}: {exc}") from None
    project.catalog_publish = settings
