"""`dcstudio catalog convert FEED|PROJECT --to meta-csv|google-tsv --out FILE`."""
from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

from dcstudio.commands._common import ProgressBar, open_project
from dcstudio.commands.render import ctrl_c_cancels
from dcstudio.core.catalog.convert import TARGETS, convert_feed
from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.store import CatalogStore
from dcstudio.core.values.errors import BadInputError


def add_parser(sub) -> None:
    p = sub.add_parser("convert", help="write a feed as Meta's CSV or Merchant Center's TSV",
                       description="Reads a feed (or a project's catalog) and writes it in the other platform's "
                                   "format: values move between the vocabularies (in_stock <-> in stock), and a "
                                   "feed for Meta loses Google's tracking parameters from its links.")
    p.add_argument("source", help="a feed file, an https:// URL, or a project folder with a catalog")
    p.add_argument("--to", required=True, choices=TARGETS, help="the format to write")
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write (replaced only when complete)")
    p.set_defaults(func=run)


def run(args) -> int:
    source = Path(args.source)
    with ctrl_c_cancels() as cancel, tempfile.TemporaryDirectory(prefix="dcstudio-convert-") as scratch:
        if source.is_dir() or source.name == "dcstudio.json":
            project = open_project(source)
            if project.catalog is None:
                raise BadInputError(f"{source}: the project has no catalog: import a feed first")
            store = CatalogStore.open(project)
        else:
            # Read as the platform it comes from: the conversion is what changes its values.
            profile = "meta-catalog" if args.to == "google-tsv" else "google-merchant"
            read = import_feed(SimpleNamespace(folder=Path(scratch), catalog=None), args.source, profile=profile,
                               progress=ProgressBar("read"), cancel=cancel)
            store = CatalogStore.open(read.path)
        with store:
            written = convert_feed(store, args.to, args.out, progress=ProgressBar("convert"), cancel=cancel)
    print(f"wrote {written} products to {args.out} ({args.to})")
    return 0
