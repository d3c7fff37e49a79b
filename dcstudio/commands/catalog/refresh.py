"""`dcstudio catalog refresh PROJECT`: read the feed again from its source, report what changed."""
from __future__ import annotations

from dcstudio.commands._common import ProgressBar, open_project
from dcstudio.commands.render import ctrl_c_cancels
from dcstudio.core.catalog.feed_import import refresh
from dcstudio.core.catalog.store_files import prune_stores
from dcstudio.core.model.project_folder import save_project

SHOWN = 10  # ids listed per kind of change; the count says the rest


def add_parser(sub) -> None:
    p = sub.add_parser("refresh", help="read the catalog's feed again from its source and report what changed",
                       description="Reads the feed again from the path or https:// URL the project "
                                   "records, rebuilds the catalog and lists the products added, removed "
                                   "and changed (by id). A feed that cannot be read changes nothing (exit 2).")
    p.add_argument("project", help="project folder")
    p.set_defaults(func=run)


def run(args) -> int:
    project = open_project(args.project)
    with ctrl_c_cancels() as cancel:
        changes = refresh(project, progress=ProgressBar("refresh"), cancel=cancel)
    report = changes.report
    project.set_catalog(report.spec)
    save_project(project)
    prune_stores(project, [report.spec])  # no undo here: the store of the catalog replaced goes
    print(f"refreshed {report.products} products from {report.spec.source}: {len(changes.added)} added, "
          f"{len(changes.removed)} removed, {len(changes.changed)} changed")
    for word, ids in (("added", changes.added), ("removed", changes.removed), ("changed", changes.changed)):
        if ids:
            more = f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
            print(f"  {word}: {', '.join(ids[:SHOWN])}{more}")
    return 0
