"""`dcstudio new DIR --catalog FEED --product-set NAME='{filter JSON}' --title T --body B ...`: a
catalog-ad project. The feed is read into the catalog store under DIR/catalog/, each --product-set is
saved with its filter, and the text flags become the catalog template: --title the name
(headline), --body the message, --description the description, --cta its call to action; --link
is the shop's address, where the carousel's end card links (catalog_publish.link).

Everything given is checked before anything is written: a bad filter, an unknown field or tag,
or a feed that cannot be read is one line naming it (exit 2), and no project is left behind.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from dcstudio.commands.catalog.sets import read_filter
from dcstudio.core.catalog.filters import check_filter, count_matching
from dcstudio.core.catalog.product_sets import add_product_set, set_name
from dcstudio.core.catalog.source import is_url
from dcstudio.core.catalog.store import CatalogStore
from dcstudio.core.model.catalog_publish import CatalogPublish, settings_of
from dcstudio.core.model.catalog_spec import CATALOG_DIR, CATALOG_PROFILES
from dcstudio.core.model.catalog_template import DEFAULT_CATALOG_CTA, CatalogTemplate
from dcstudio.core.model.product_tags import parse_template
from dcstudio.core.values.errors import BadInputError, DcError
from dcstudio.core.values.json_input import JsonInputError, parse_json

# The text flag -> the template field it sets.
TEXT_FLAGS = {"title": "name", "body": "message", "description": "description"}


def add_catalog_options(parser) -> None:
    g = parser.add_argument_group(
        "catalog ads", "--catalog makes a catalog ad: --title, --body and --description become the template "
                       "(product tags such as {{product.name}} and {{product.price}}), --cta its call to action")
    g.add_argument("--catalog", metavar="FEED", help="a product feed (CSV, TSV, RSS or Atom; a file or an "
                                                   "https:// URL) read into the project's catalog")
    g.add_argument("--product-set", action="append", default=[], metavar="NAME=JSON",
                   help="a product set and Meta's filter JSON, e.g. "
                        "shirts='{\"product_type\": {\"i_contains\": \"shirt\"}}' (repeatable; @FILE reads the "
                        "JSON from a file)")
    g.add_argument("--catalog-profile", choices=CATALOG_PROFILES, default=None,
                   help="which rules the catalog lint applies (default meta-catalog)")


@dataclass
class CatalogPlan:
    feed: str
    profile: str | None
    sets: list[tuple[str, dict]]
    template: CatalogTemplate
    had_catalog_dir: bool
    link: str = ""  # the shop's address (catalog_publish.link): the carousel's end card
    summary: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    def remove_store(self, folder: Path) -> None:
        """Undo of an import into a folder that was there before: its catalog/ goes again."""
        if not self.had_catalog_dir:
            shutil.rmtree(Path(folder) / CATALOG_DIR, ignore_errors=True)


def catalog_plan(args) -> CatalogPlan | None:
    """What --catalog and its flags ask for, checked; None without --catalog. BadInputError
    naming the first flag that is wrong."""
    if not args.catalog:
        for flag, given in (("--product-set", args.product_set), ("--catalog-profile", args.catalog_profile)):
            if given:
                raise BadInputError(f"{flag}: give --catalog FEED too (a product set filters a catalog's products)")
        return None
    for flag, given in (("--image", args.image), ("--video", args.video)):
        if given:
            raise BadInputError(f"{flag}: a catalog ad shows each product's own image_link; "
                                "leave it out with --catalog")
    if len(args.link) > 1:
        raise BadInputError("--link: a catalog ad has one shop address (its end card's; each product card "
                            "links to the product's own link); give it once")
    shop_link = args.link[0] if args.link else ""
    if shop_link:
        try:
            CatalogPublish(link=shop_link)
        except ValueError as exc:
            raise BadInputError(f"--link: {exc}") from None
    if not is_url(args.catalog) and not Path(args.catalog).is_file():
        raise BadInputError(f"--catalog {args.catalog}: file not found")
    texts = {}
    for flag, template_field in TEXT_FLAGS.items():
        given = getattr(args, flag)
        if len(given) > 1:
            raise BadInputError(f"--{flag}: a catalog ad's template has one {template_field}; give it once")
        if given:
            parse_template(given[0], field=f"--{flag}")
            texts[template_field] = given[0]
    if len(args.cta) > 1:
        raise BadInputError("--cta: a catalog ad has one call to action; give it once")
    sets: list[tuple[str, dict]] = []
    for raw in args.product_set:
        name, sep, text = raw.partition("=")
        if not sep or not name.strip():
            raise BadInputError(f"--product-set {raw[:60]}: give NAME='{{filter JSON}}', e.g. all='{{}}'")
        try:
            name = set_name(name)
            flt = read_filter(text) if text.startswith("@") else parse_json(text)
            check_filter(flt)
        except JsonInputError as exc:
            raise BadInputError(f"--product-set {name}: the filter is not JSON: {exc}") from None
        except BadInputError as exc:
            raise BadInputError(f"--product-set {name}: {exc}") from None
        if any(name == other for other, _ in sets):
            raise BadInputError(f"--product-set {name}: given twice")
        sets.append((name, flt))
    template = CatalogTemplate(**texts, call_to_action_type=args.cta[0].upper() if args.cta else DEFAULT_CATALOG_CTA)
    return CatalogPlan(args.catalog, args.catalog_profile, sets, template,
                       had_catalog_dir=(Path(args.dir) / CATALOG_DIR).exists(), link=shop_link)


def make_catalog_ad(project, plan: CatalogPlan) -> None:
    """Reads the feed into the project's folder and sets the catalog (with the sets) and the
    template on ``project`` (saved by the caller). CatalogError for a feed that cannot be read."""
    from dcstudio.core.catalog.feed_import import import_feed

    report = import_feed(project, plan.feed, profile=plan.profile)
    spec = report.spec
    for name, flt in plan.sets:
        spec = add_product_set(spec, name, flt)
    project.set_catalog(spec)
    project.set_catalog_template(plan.template)
    if plan.link:
        project.set_catalog_publish(replace(settings_of(project), link=plan.link))
    try:
        with CatalogStore.open(report.path) as store:
            plan.counts = {name: count_matching(store, flt) for name, flt in plan.sets}
    except DcError:
        plan.counts = {}
    sets = ", ".join(f"{name} ({n})" for name, n in plan.counts.items())
    plan.summary = f"a catalog of {report.products} products" + (f", product sets {sets}" if sets else "") + \
        " and a catalog template"
