"""`dcstudio export PROJECT --out DIR|FILE.zip [--force]`: the offline bundle of Marketing API calls."""
from __future__ import annotations

import sys
import threading

from dcstudio.commands._common import ProgressBar, open_project, print_json
from dcstudio.core.export.bundle import LintErrors, write_bundle


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="write the exact Marketing API calls, images and previews to a folder or zip",
                       description="Writes plan.json (every Graph API call in order), asset_feed_spec.json, "
                                   "publish.sh (curl, token from $META_ACCESS_TOKEN), the images as uploaded, "
                                   "previews, manifest.json and a README. Nothing is published. Refuses a "
                                   "project with lint errors unless --force.")
    p.add_argument("project", help="project folder")
    p.add_argument("--out", required=True, metavar="DIR|FILE.zip", help="where to write the bundle")
    p.add_argument("--force", action="store_true", help="export even when the linter finds errors")
    p.add_argument("--no-previews", action="store_true",
                   help="leave out previews/ (the contact sheet and mockups take most of the time)")
    p.add_argument("--api-version", metavar="vNN.N", help="Graph API version (default: the project's, v25.0)")
    p.add_argument("--json", action="store_true", help="print the plan's summary as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    project = open_project(args.project)
    if args.api_version:
        from dataclasses import replace

        from dcstudio.core.errors import BadInputError

        try:
            project.export = replace(project.export, api_version=args.api_version)
        except ValueError as exc:
            raise BadInputError(f"--api-version: {exc}") from None
    bar = ProgressBar("exporting")
    try:
        plan = write_bundle(project, args.out, force=args.force, progress=bar, cancel=threading.Event(),
                            previews=not args.no_previews)
    except LintErrors as exc:
        bar.close() if bar.enabled else None
        print(f"dcstudio: export refused: {len(exc.findings)} lint error(s) (use --force to export anyway):",
              file=sys.stderr)
        for f in exc.findings:
            print(f"  {f.rule_id}: {f.message}", file=sys.stderr)
        return 1
    s = plan["summary"]
    if args.json:
        print_json({"out": str(args.out), **s})
    else:
        print(f"exported {plan['project']} to {args.out}: {s['adsets']} ad set(s), {s['images']} image(s), "
              f"{s['ads']} ad(s), {s['combinations']} combinations")
        print(f"  split: {s['split']}")
    return 0
