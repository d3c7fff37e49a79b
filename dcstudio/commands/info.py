"""`dcstudio info PROJECT`: counts per pool, combinations, exclusions, pins, file problems."""
from __future__ import annotations

from dcstudio.commands._common import open_project, print_json
from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.values.placements import placement_ids


def add_parser(sub) -> None:
    p = sub.add_parser("info", help="show pool counts and the number of combinations",
                       description="Counts per pool, combinations, exclusions and pins. "
                                   "Exit 1 when an asset file is missing or changed.")
    p.add_argument("project", help="project folder")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def project_summary(project) -> dict:
    space = CombinationSpace.from_project(project)
    everything = CombinationSpace.from_project(project, honour_exclusions=False)
    return {
        "name": project.name,
        "folder": str(project.folder),
        "profile": project.profile,
        "ad_format": project.ad_format,
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
        "combinations_by_placement": {p: CombinationSpace.from_project(project, placement=p).count
                                      for p in placement_ids()} if project.customization.rules else {},
    }


def run(args) -> int:
    project = open_project(args.project)
    info = project_summary(project)
    if args.json:
        print_json(info)
    else:
        print(f"{info['name']}  ({info['ad_format']}, {info['objective']}, profile {info['profile']})")
        for pool, n in info["pools"].items():
            print(f"  {pool.replace('_', ' '):<16}{n:>6}")
        dims = " x ".join(f"{n} {name}" for name, n in info["dimensions"].items())
        cards = f" (carousels of {info['carousel_cards']} cards)" if info["carousel_cards"] else ""
        print(f"  combinations    {info['combinations']:>6}{cards}  = {dims or 'nothing'}"
              + (f", minus {info['combinations_without_exclusions'] - info['combinations']} excluded"
                 if info["exclusions"] else ""))
        for placement, n in info["combinations_by_placement"].items():
            print(f"    in {placement:<12}{n:>6}  (by the customization rules)")
        for a, b in info["exclusions"]:
            print(f"  never together: {a} + {b}")
        if info["pins"]:
            print(f"  pinned: {', '.join(info['pins'])}")
        for asset_id, problem in info["file_problems"].items():
            print(f"  problem: {asset_id}: {problem}")
    return 1 if info["file_problems"] else 0
