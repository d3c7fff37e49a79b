"""`dcstudio catalog import PROJECT FEED [--profile meta-catalog|google-merchant]`."""
from __future__ import annotations

from dcstudio.commands._common import ProgressBar, open_project
from dcstudio.commands.render import ctrl_c_cancels
from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.sniff import ENCODINGS
from dcstudio.core.catalog.store_files import prune_stores
from dcstudio.core.model.catalog_spec import CATALOG_PROFILES
from dcstudio.core.model.project_folder import save_project


def add_parser(sub) -> None:
    p = sub.add_parser("import", help="read a feed into the project's catalog",
                       description="Reads a product feed (CSV or TSV with any of , tab ; | ~ as the "
                                   "delimiter, RSS 2.0 or Atom XML; gzip, bz2 or zip; UTF-8, UTF-16 or "
                                   "Latin-1) into PROJECT/catalog/products-KEY.duckdb and records its source, "
                                   "hash and column mapping in the project. A feed that cannot be read "
                                   "changes nothing (exit 2).")
    p.add_argument("project", help="project folder")
    p.add_argument("feed", help="the feed file")
    p.add_argument("--profile", choices=CATALOG_PROFILES, default=None,
                   help="which rules the catalog lint applies (default: the project's, else meta-catalog)")
    p.add_argument("--encoding", choices=ENCODINGS, default=None,
                   help="the feed's text encoding (default: detected from its BOM and bytes)")
    p.set_defaults(func=run)


def run(args) -> int:
    project = open_project(args.project)
    bar = ProgressBar("import")
    with ctrl_c_cancels() as cancel:
        report = import_feed(project, args.feed, profile=args.profile, progress=bar, cancel=cancel,
                             encoding=args.encoding)
    project.set_catalog(report.spec)
    save_project(project)
    prune_stores(project, [report.spec])  # no undo here: the store of the catalog replaced goes
    print(f"imported {report.products} products from {args.feed} ({report.format}, {report.encoding}) "
          f"into {report.path} in {report.seconds:.1f} s; profile {report.spec.profile}")
    return 0
