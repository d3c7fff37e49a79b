"""`dcstudio lint PROJECT [--profile P] [--json] [--strict]`: the platform's rules, checked offline.

Exit 1 when there are errors (or warnings with --strict), 0 otherwise, 2 on bad input.
"""
from __future__ import annotations

import sys

from dcstudio.commands._common import ProgressBar, open_project, print_json
from dcstudio.core.lint import CATALOG_AD, LINT_PROFILES, lint
from dcstudio.core.platforms.meta.export.payload_lint import with_payload_findings

_MARK = {"error": "error  ", "warning": "warning", "info": "info   "}


def add_parser(sub) -> None:
    p = sub.add_parser("lint", help="check a project against the platform's dynamic-creative rules",
                       description="Check a project against the platform's rules (docs/rules.md): errors the "
                                   "API would reject, warnings that would run badly, info. Shows the strength "
                                   "score. Exit 1 on errors (with --strict also on warnings), else 0.")
    p.add_argument("project", help="project folder")
    p.add_argument("--profile", choices=LINT_PROFILES,
                   help=f"rules of this platform (default: the project's profile; {CATALOG_AD} for a Meta project "
                        "with a catalog ad template)")
    p.add_argument("--json", action="store_true",
                   help="print the findings as a JSON list (rule_id, severity, message, asset_id, field, hint, source)")
    p.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    p.add_argument("--images", action="store_true",
                   help="fetch the product sets' images first (into the image cache) so their sizes are checked; "
                        "without it only the images already fetched are")
    p.set_defaults(func=run)


def run(args) -> int:
    project = open_project(args.project)
    if args.images:
        from dcstudio.commands.render import ctrl_c_cancels
        from dcstudio.core.lint.checks_set_images import fetch_set_images

        with ctrl_c_cancels() as cancel:
            for note in fetch_set_images(project, progress=ProgressBar("images"), cancel=cancel):
                print(f"dcstudio: note: {note}", file=sys.stderr)
    # The creatives the export would send are checked too (asset customization rules, thumbnails...).
    report = with_payload_findings(lint(project, args.profile), project)
    if args.json:
        print_json([f.to_dict() for f in report.findings])
    else:
        _print_text(project, report)
    failed = bool(report.errors) or (args.strict and bool(report.warnings))
    return 1 if failed else 0


def _print_text(project, report) -> None:
    print(f"{project.name}: profile {report.profile}")
    for f in report.findings:
        where = f" [{f.asset_id}]" if f.asset_id else ""
        print(f"  {_MARK[f.severity]}  {f.rule_id}{where}: {f.message}")
        print(f"           fix: {f.hint}")
    counts = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s), {len(report.infos)} info"
    print(f"{counts}" + (f"; exclusions need {report.adsets_needed} ad sets" if report.adsets_needed > 1 else ""))
    print(f"strength {report.score.value}/100 ({report.score.label})")
    for reason in report.score.reasons:
        print(f"  {reason.effect:+4d}  {reason.text}")
    print("rules and sources: docs/rules.md")
