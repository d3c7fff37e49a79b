"""`dcstudio catalog SUBCOMMAND`: the product catalog (import; more subcommands join SUBCOMMANDS).

Each subcommand is a module here with ``add_parser(subparsers)`` that sets ``func``, as the
top-level commands do.
"""
from __future__ import annotations

import importlib

# Module names under dcstudio.commands.catalog, in the order `dcstudio catalog --help` lists them.
SUBCOMMANDS = ["import_feed", "refresh", "lint", "sets", "convert", "template", "preview_text", "preview_image"]


def add_parser(sub) -> None:
    p = sub.add_parser("catalog", help="product catalogs: import a feed (CSV, TSV, RSS, Atom) into the project",
                       description="The product catalog of a project: its feed, read into "
                                   "catalog/products-KEY.duckdb (KEY from the feed's hash and column mapping).")
    inner = p.add_subparsers(dest="catalog_command", metavar="SUBCOMMAND", parser_class=type(p))
    for name in SUBCOMMANDS:
        importlib.import_module(f"dcstudio.commands.catalog.{name}").add_parser(inner)
    p.set_defaults(func=lambda args: p.print_help() or 2)
