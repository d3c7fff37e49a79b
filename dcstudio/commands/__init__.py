"""Subcommands of the `dcstudio` command line. Each module has ``add_parser(subparsers)``
that registers its parser and sets ``func`` to a ``run(args) -> int``.

None of them imports Qt: the command line is a client of the core only.
"""

# Module names, in the order `dcstudio --help` lists them.
COMMAND_MODULES = ["new", "info", "lint", "export", "import_spec", "render", "sheet", "publish", "token", "pages",
                   "preset", "catalog", "insights"]
