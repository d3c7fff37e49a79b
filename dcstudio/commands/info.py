"""`dcstudio info PROJECT`: counts per pool, combinations, exclusions, pins, file problems."""
from __future__ import annotations

from dcstudio.commands._common import add_locale_option, check_locale, open_project, print_json
from dcstudio.commands.catalog_counts import catalog_summary, print_catalog
from dcstudio.core.lint.rules import lint_profile_of
from dcstudio.core.model.catalog_format import CatalogFormat
from dcstudio.core.model.catalog_publish import shop_link
from dcstudio.core.model.catalog_template import is_catalog_ad
from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.model.customization import locale_name, rule_locales
from dcstudio.core.values.placements import placement_ids


def add_parser(sub) -> None:
    p = sub.add_parser("info", help="show pool counts and the number of combinations",
                       description="Counts per pool, combinations, exclusions and pins. "
                                   "Exit 1 when an asset file is missing or changed.")
    p.add_argument("project", help="project folder")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_locale_option(p)
    p.set_defaults(func=run)


def _by_placement(project, locale: int | None) -> dict[str, int]:
    return {p: CombinationSpace.from_project(project, placement=p, locale=locale).count for p in placement_ids()}


def project_summary(project, locale: int | None = None) -> dict:
    """``locale``: the placement counts are those of its viewers (None: the default language)."""
    rules = project.customization.rules
    locales = [locale] if locale is not None else list(rule_locales(rules))
    space = CombinationSpace.from_project(project)
    everything = CombinationSpace.from_project(project, honour_exclusions=False)
    catalog_ad = is_catalog_ad(project)
    fmt = project.catalog_format
    return {
        "name": project.name,
        "folder": str(project.folder),
        "profile": project.profile,
        # What is made: dynamic creative (pools Meta combines) or a catalog ad (Meta fills a
        # template per product); the profile its checks use (a catalog ad has its own).
        "ad_kind": "catalog ad" if catalog_ad else "dynamic creative",
        "lint_profile": lint_profile_of(project),
        "ad_format": project.ad_format,
        "catalog_format": (fmt or CatalogFormat()).format_option if catalog_ad else None,  # none: Meta's default
        "shop_link": (shop_link(project) or None) if catalog_ad else None,
        "objective": project.campaign.objective,
        "pools": {pool: len(items) for pool, items in project.pools.items()},
        "combinations": space.count,
        "combinations_without_exclusions": everything.count,
        "dimensions": {name: len(ids) for name, ids in zip(space.names, space.dims, strict=False)},
        "carousel_cards": len(space.cards),
        "exclusions": [list(pair) for pair in project.exclusion_list()],
        "pins": sorted(project.pins),
        "file_problems": dict(sorted(project.file_problems.items())),
        # Customization rules give each placement its own assets, so its own count.
        "combinations_by_placement": _by_placement(project, locale) if rules else {},
        "locale": locale,
        # ... and each language its own (JSON keys are strings: the Meta locale id).
        "combinations_by_locale": {str(n): _by_placement(project, n) for n in locales} if rules else {},
        # A catalog: its products, and how many each product set takes.
        "catalog": catalog_summary(project),
    }


def run(args) -> int:
    project = open_project(args.project)
    info = project_summary(project, check_locale(args.locale, project))
    if args.json:
        print_json(info)
    else:
        if info["ad_kind"] == "catalog ad":
            _print_catalog_ad(info)
            return 1 if info["file_problems"] else 0
        print(f"{info['name']}  ({info['ad_format']}, {info['objective']}, profile {info['lint_profile']})")
        for pool, n in info["pools"].items():
            print(f"  {pool.replace('_', ' '):<16}{n:>6}")
        dims = " x ".join(f"{n} {name}" for name, n in info["dimensions"].items())
        cards = f" (carousels of {info['carousel_cards']} cards)" if info["carousel_cards"] else ""
        print(f"  combinations    {info['combinations']:>6}{cards}  = {dims or 'nothing'}"
              + (f", minus {info['combinations_without_exclusions'] - info['combinations']} excluded"
                 if info["exclusions"] else ""))
        language = f", locale {info['locale']}" if info["locale"] is not None else ""
        for placement, n in info["combinations_by_placement"].items():
            print(f"    in {placement:<14}{n:>4}  (by the customization rules{language})")
        for locale, counts in info["combinations_by_locale"].items() if info["locale"] is None else ():
            shown = " · ".join(f"{placement} {n}" for placement, n in counts.items())
            print(f"  locale {locale} ({locale_name(int(locale))}): {shown}")
        for a, b in info["exclusions"]:
            print(f"  never together: {a} + {b}")
        if info["pins"]:
            print(f"  pinned: {', '.join(info['pins'])}")
        for asset_id, problem in info["file_problems"].items():
            print(f"  problem: {asset_id}: {problem}")
        print_catalog(info["catalog"])
    return 1 if info["file_problems"] else 0


def _print_catalog_ad(info: dict) -> None:
    """A catalog ad: Meta fills its images and texts from the products, so its pools and
    combinations say nothing of it; its format, its link (the end card's) and its product sets do."""
    print(f"{info['name']}  (catalog ad, {info['catalog_format']}, {info['objective']}, "
          f"profile {info['lint_profile']})")
    link = info["shop_link"]
    print(f"  shop link       {link}  (the carousel's end card)" if link else
          "  shop link       none: add one to the Links pool (export and publish: --shop-link)")
    for asset_id, problem in info["file_problems"].items():
        print(f"  problem: {asset_id}: {problem}")
    print_catalog(info["catalog"])
    if info["catalog"] is None:
        print("  catalog         none in the project: its products are in the ad account's catalog")
