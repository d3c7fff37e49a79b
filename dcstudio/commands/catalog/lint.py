"""`dcstudio catalog lint FEED|PROJECT [--profile ...] [--images] [--json] [--out findings.csv]`.

Exit 1 when a rule of severity error breaks, 0 otherwise, 2 on bad input (a feed that cannot be
read, a project without a catalog), 130 on Ctrl-C.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

from dcstudio.commands._common import ProgressBar, open_project, print_json
from dcstudio.commands.render import ctrl_c_cancels
from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.source import is_url
from dcstudio.core.catalog.store import CatalogStore
from dcstudio.core.lint.catalog_lint import lint_catalog
from dcstudio.core.lint.rules import RULES
from dcstudio.core.model.catalog_spec import CATALOG_PROFILES
from dcstudio.core.values.errors import BadInputError

_MARK = {"error": "error  ", "warning": "warning", "info": "info   "}


def add_parser(sub) -> None:
    p = sub.add_parser("lint", help="check a feed or a project's catalog against the feed rules",
                       description="Checks a product feed (a file) or a project's catalog against Meta's feed "
                                   "reference (meta-catalog) or Merchant Center's (google-merchant): required "
                                   "fields, lengths, values, prices, duplicate ids, links, GTINs, variants, "
                                   "shipping (docs/rules.md). Each finding names the row, the line, the column "
                                   "and the value, with a fix. Exit 1 on errors.")
    p.add_argument("target", metavar="FEED|PROJECT",
                   help="a feed file or https:// URL, or a project folder with a catalog")
    p.add_argument("--profile", choices=CATALOG_PROFILES, default=None,
                   help="the rules (default: the project's catalog profile, else meta-catalog)")
    p.add_argument("--images", action="store_true",
                   help="fetch each product's image_link and check its size, bytes, format and decoding "
                        "(cached; skipped with a note when offline)")
    p.add_argument("--ids", metavar="ID[,ID...]", default=None,
                   help="with --images: only the images of these product ids")
    p.add_argument("--json", action="store_true", help="print the report as JSON (counts, notes, findings)")
    p.add_argument("--out", metavar="FILE", default=None, help="also write the findings to FILE as CSV")
    p.set_defaults(func=run)


def run(args) -> int:
    target = Path(args.target)
    ids = [i.strip() for i in args.ids.split(",") if i.strip()] if args.ids else None
    if ids is not None and not args.images:
        raise BadInputError("--ids chooses the products whose images --images checks: add --images")
    with ctrl_c_cancels() as cancel, tempfile.TemporaryDirectory(prefix="dcstudio-lint-") as scratch:
        if not is_url(args.target) and (target.is_dir() or target.name == "dcstudio.json"):
            project = open_project(target)
            if project.catalog is None:
                raise BadInputError(f"{target}: the project has no catalog: import a feed first "
                                    "(dcstudio catalog import PROJECT FEED)")
            profile = args.profile or project.catalog.profile
            store = CatalogStore.open(project)
        elif is_url(args.target) or target.is_file():
            # A feed on its own is read into a scratch catalog, gone when the lint ends.
            profile = args.profile or "meta-catalog"
            read = import_feed(SimpleNamespace(folder=Path(scratch), catalog=None), args.target, profile=profile,
                               progress=ProgressBar("read"), cancel=cancel)
            store = CatalogStore.open(read.path)
        else:
            raise BadInputError(f"{target}: no such feed file or project folder")
        with store:
            report = lint_catalog(store, profile, images=args.images, progress=ProgressBar("lint"),
                                  cancel=cancel, image_ids=ids)
    if args.out:
        report.write_csv(args.out)
    for note in report.notes:
        print(f"dcstudio: note: {note}", file=sys.stderr)
    if args.json:
        print_json(report.to_dict())
    else:
        _print_text(args.target, report)
    if args.out:
        print(f"wrote {len(report.findings)} findings to {args.out}", file=sys.stderr)
    return 1 if report.error_count() else 0


def _print_text(name: str, report) -> None:
    print(f"{name}: {report.products} products, profile {report.profile}")
    for f in report.findings:
        where = "feed" if f.row is None else f"row {f.row}" + (f" (line {f.line})" if f.line else "")
        print(f"  {_MARK[f.severity]}  {f.rule_id}  {where}  {f.column or ''}: {f.message}")
        print(f"             fix: {f.fix}")
    if report.counts:
        print("per rule:")
        for rule_id, n in sorted(report.counts.items(), key=lambda kv: (RULES[kv[0]].severity != "error", kv[0])):
            more = " (the first shown)" if rule_id in report.truncated else ""
            print(f"  {n:>9}  {RULES[rule_id].severity:<7}  {rule_id}{more}")
    errors = report.error_count()
    warnings = sum(n for r, n in report.counts.items() if RULES[r].severity == "warning")
    print(f"{errors} error(s), {warnings} warning(s)" + (f"; {report.images_checked} images checked"
                                                           if report.images_checked else ""))
    print("rules and sources: docs/rules.md")
