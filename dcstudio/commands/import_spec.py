"""`dcstudio import-spec FILE.json DIR`: a project from an asset_feed_spec, a creative or a plan.json."""
from __future__ import annotations

from pathlib import Path

from dcstudio.commands._common import print_json
from dcstudio.core.platforms.meta.export.importer import import_spec, imported_summary, kind_of, read_json
from dcstudio.core.platforms.meta.export.payload_lint import file_payload_findings


def add_parser(sub) -> None:
    p = sub.add_parser("import-spec",
                       help="make a project from an asset_feed_spec, a creative or an export's plan.json",
                       description="FILE.json: an asset_feed_spec, a creative as GET /<creative_id>?fields="
                                   "asset_feed_spec returns it, or a bundle's plan.json (restores the whole "
                                   "project). Images given by hash or URL become placeholders to relink; "
                                   "image files must lie inside the file's folder. Notes say what was "
                                   "left out or is past Meta's limits.")
    p.add_argument("file", metavar="FILE.json", help="the JSON file to read")
    p.add_argument("folder", metavar="DIR", help="new project folder")
    p.add_argument("--currency", metavar="CODE",
                   help="the ad account's currency (USD, JPY...) for a plan.json that does not record it; "
                        "its budgets are in minor units")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args) -> int:
    notes: list[str] = []
    project = import_spec(args.file, args.folder, currency=args.currency, notes=notes)
    # What the API would refuse in the file as it came; the project is made all the same.
    doc = read_json(Path(args.file))
    notes += [f"{f.severity} {f.rule_id}: {f.message}" for f in file_payload_findings(doc, kind_of(doc, args.file))]
    # Each note says what the import left out, merged or found past Meta's limits.
    info = dict(imported_summary(project), notes=notes)
    if args.json:
        print_json(info)
        return 0
    counts = ", ".join(f"{n} {pool.replace('_', ' ')}" for pool, n in info["assets"].items() if n)
    print(f"created {info['project']}: {counts or 'no assets'}")
    if info["exclusions"]:
        print("  never together: " + ", ".join(" + ".join(p) for p in info["exclusions"]))
    for note in notes:
        print(f"  note: {note}")
    if info["placeholders"]:
        print(f"  {len(info['placeholders'])} image(s) known only by hash or URL: relink them to files "
              f"({', '.join(info['placeholders'])}); until then an export sends the hash or URL as it is")
    return 0
