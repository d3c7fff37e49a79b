"""`dcstudio insights fetch|import|report PROJECT`: what each asset did, judged without judging
too early (docs/insights.md)."""
from __future__ import annotations

import sys

from dcstudio.commands._common import open_project, print_json
from dcstudio.core.values.errors import BadInputError


def add_parser(sub) -> None:
    from dcstudio.core.platforms.meta.publish.client import DEFAULT_API_BASE
    from dcstudio.core.platforms.meta.publish.tokens import DEFAULT_PROFILE

    p = sub.add_parser("insights", help="fetch, import and report what each asset did",
                       description="Asset performance: Meta's per-asset rows, analytics per combination, "
                                   "and a report that labels each asset Learning, Low, Good or Best.")
    inner = p.add_subparsers(dest="insights_command", metavar="fetch|import|report", required=True)
    f = inner.add_parser("fetch", help="fetch the *_asset breakdowns of the project's ads into publish/insights.sqlite",
                         description="One call per ad and asset breakdown, daily rows; ranges over 31 days run as "
                                     "async reports. Refetching a range replaces what it covers.")
    f.add_argument("project")
    f.add_argument("--since", metavar="YYYY-MM-DD", help="first day (default: 28 days ago)")
    f.add_argument("--until", metavar="YYYY-MM-DD", help="last day (default: today)")
    target = f.add_mutually_exclusive_group()
    target.add_argument("--ad", action="append", default=[], metavar="ID", help="an ad id (repeatable)")
    target.add_argument("--adset", action="append", default=[], metavar="ID", help="an ad set id: its ads")
    target.add_argument("--campaign", action="append", default=[], metavar="ID", help="a campaign id: its ads")
    f.add_argument("--api-base", default=DEFAULT_API_BASE, metavar="URL", help=f"default {DEFAULT_API_BASE}")
    f.add_argument("--api-version", metavar="vNN.0", help="default: the project's export setting")
    f.add_argument("--profile", default=DEFAULT_PROFILE, help=f"token profile (default {DEFAULT_PROFILE})")
    f.add_argument("--max-wait", type=float, default=300, metavar="SECONDS",
                   help="the most time to spend waiting on rate limits and retries (default 300)")
    f.add_argument("--progress", action="store_true", help="show the progress bar even when stderr is no terminal")
    f.set_defaults(func=run_fetch)
    i = inner.add_parser("import", help="import an Ads Manager asset-breakdown CSV or an analytics export",
                         description="The column names read are listed in docs/insights.md.")
    i.add_argument("project")
    i.add_argument("file")
    i.add_argument("--format", required=True, choices=("ads-manager", "analytics"))
    i.set_defaults(func=run_import)
    r = inner.add_parser("report", help="write the asset report (HTML, PDF or CSV)")
    r.add_argument("project")
    r.add_argument("--out", metavar="FILE", help="report.html, report.pdf or report.csv")
    r.add_argument("--json", action="store_true", help="print every asset with its id, kind, label, metrics and "
                                                       "interval as JSON")
    r.add_argument("--action", metavar="TYPE", help="the action type counted as a conversion (default: the first "
                                                    "purchase, lead or registration type in the data)")
    r.add_argument("--seed", type=int, default=0, help="the Monte Carlo seed (default 0)")
    r.set_defaults(func=run_report)


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_fetch(args) -> int:
    from dcstudio.commands._common import ProgressBar
    from dcstudio.commands.publish import _credentials
    from dcstudio.core.insights.days import check_day
    from dcstudio.core.platforms.meta.insights.fetch import Targets, fetch_insights
    from dcstudio.core.platforms.meta.publish.client import GraphClient, RetryPolicy, check_api_base
    from dcstudio.core.values.api_version import check_api_version

    check_api_base(args.api_base)
    for value, what in ((args.since, "--since"), (args.until, "--until")):
        if value:
            check_day(value, what)
    if args.max_wait < 0:
        raise BadInputError("--max-wait takes a number of seconds, 0 or more")
    project = open_project(args.project)
    version = check_api_version(args.api_version, what="--api-version") if args.api_version \
        else project.export.api_version
    client = GraphClient(_credentials(args), api_base=args.api_base, api_version=version,
                         retry=RetryPolicy(max_total_wait=args.max_wait), notify=lambda m: _err(f"dcstudio: {m}"))
    bar = ProgressBar("insights", force=args.progress)
    try:
        report = fetch_insights(project, client, targets=Targets(tuple(args.ad), tuple(args.adset),
                                                                 tuple(args.campaign)),
                                since=args.since, until=args.until, progress=lambda d, t, _what: bar(d, t))
    finally:
        client.close()
    print(report.describe())
    return 0


def run_import(args) -> int:
    project = open_project(args.project)
    if args.format == "ads-manager":
        from dcstudio.core.platforms.meta.insights.ads_manager_csv import import_ads_manager

        print(import_ads_manager(project, args.file).describe())
    else:
        from dcstudio.core.insights.analytics_import import import_analytics

        print(import_analytics(project, args.file).describe())
    return 0


def run_report(args) -> int:
    from dcstudio.core.insights.judge import judge
    from dcstudio.core.insights.report import write_report
    from dcstudio.core.insights.store import InsightsStore

    if not args.out and not args.json:
        raise BadInputError("give --out report.html|report.pdf|report.csv, or --json")
    project = open_project(args.project)
    store = InsightsStore.for_project(project.folder)
    judgement = judge(store, project, action_type=args.action, seed=args.seed)
    if not judgement.assets and not judgement.combinations:
        raise BadInputError(f"no insights in {store.path}: run `dcstudio insights fetch {args.project}` or import a "
                            "file first")
    if args.out:
        out = write_report(judgement, args.out, title=project.name)
        _err(f"dcstudio: wrote {out}")
    if args.json:
        print_json(judgement.as_json())
    return 0
