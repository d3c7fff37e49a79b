"""`dcstudio export PROJECT --out DIR|FILE.zip [--force] [--replace]`: the offline bundle of Marketing
API calls, written by the default exporter of the project's platform (``core.platforms.registry``)."""
from __future__ import annotations

import sys
import threading
from pathlib import Path

from dcstudio.commands import catalog_flags
from dcstudio.commands._common import ProgressBar, open_project, print_json
from dcstudio.core.model.approval import left_out_sentence
from dcstudio.core.platforms.exporters import LintErrors
from dcstudio.core.platforms.meta.export.target import aside_pattern, inspect_target
from dcstudio.core.platforms.registry import exporter_for
from dcstudio.core.values.errors import BadInputError


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="write the exact Marketing API calls, images and previews to a folder or zip",
                       description="Writes plan.json (every Graph API call in order), asset_feed_spec.json, "
                                   "publish.sh (curl, token from $META_ACCESS_TOKEN), the images as uploaded, "
                                   "previews, manifest.json and a README. Nothing is published. Refuses a "
                                   "project with lint errors unless --force. An earlier export at --out is "
                                   "moved aside (to NAME.previous-DATE), never deleted, after asking on a "
                                   "terminal, or with --replace.")
    p.add_argument("project", help="project folder")
    p.add_argument("--out", required=True, metavar="DIR|FILE.zip", help="where to write the bundle")
    p.add_argument("--force", action="store_true", help="export even when the linter finds errors")
    p.add_argument("--replace", action="store_true",
                   help="move an earlier export at --out aside (NAME.previous-DATE) without asking")
    p.add_argument("--no-previews", action="store_true",
                   help="leave out previews/ (the contact sheet and mockups take most of the time)")
    p.add_argument("--api-version", metavar="vNN.N", help="Graph API version (default: the project's, v25.0)")
    p.add_argument("--json", action="store_true", help="print the plan's summary as JSON")
    catalog_flags.add_arguments(p)
    p.set_defaults(func=run)


def run(args) -> int:
    project = open_project(args.project)
    catalog_flags.apply(project, args)
    exporter = exporter_for(project)  # a platform with none: BadInputError, exit 2, before any question
    if args.api_version:
        from dataclasses import replace

        from dcstudio.core.values.errors import BadInputError

        try:
            project.export = replace(project.export, api_version=args.api_version)
        except ValueError as exc:
            raise BadInputError(f"--api-version: {exc}") from None
    replace = args.replace or _earlier_export_may_go(Path(args.out), project.folder)
    if replace is None:
        print(f"dcstudio: not exported: {args.out} left as it was", file=sys.stderr)
        return 1
    moved = []
    bar = ProgressBar("exporting")
    try:
        plan = exporter.write(project, args.out, force=args.force, progress=bar, cancel=threading.Event(),
                            previews=not args.no_previews, replace=replace, on_replace=moved.append)
    except LintErrors as exc:
        bar.close() if bar.enabled else None
        print(f"dcstudio: export refused: {len(exc.findings)} lint error(s) (use --force to export anyway):",
              file=sys.stderr)
        for f in exc.findings:
            print(f"  {f.rule_id}: {f.message}", file=sys.stderr)
        return 1
    s = plan["summary"]
    if args.json:
        print_json({"out": str(args.out), **s, **({"previous": str(moved[0])} if moved else {})})
    else:
        # A catalog ad has no combinations (Meta fills one template per product): its product sets instead.
        made = f"{s['product_sets']} product set(s)" if "product_sets" in s else f"{s['combinations']} combinations"
        print(f"exported {plan['project']} to {args.out}: {s['adsets']} ad set(s), {s['images']} image(s), "
              f"{s['ads']} ad(s), {made}")
        print(f"  split: {s['split']}")
        if s.get("left_out"):
            print(f"  {left_out_sentence(s['left_out'])}")
        if moved:
            print(f"  the earlier export was moved aside to {moved[0]}")
    return 0


def _earlier_export_may_go(out: Path, project_folder) -> bool | None:
    """False when ``out`` is free; for an earlier export there, True once the person agreed on
    a terminal, None when they declined. Without a terminal nobody can agree: refused."""
    if not inspect_target(out, project_folder):
        return False
    moved_to = aside_pattern(out)
    if not sys.stdin.isatty():
        raise BadInputError(f"{out}: holds an earlier export; give --replace to move it aside to {moved_to} "
                            "(nothing is deleted) and export anew")
    # The question goes to stderr, so stdout stays the command's output (--json).
    print(f"{out} holds an earlier export. Move it aside to {moved_to} and export anew? [y/N] ",
          end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return True if answer.strip().lower() in ("y", "yes") else None
