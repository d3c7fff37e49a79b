"""`dcstudio publish PROJECT --account act_ID`: review the change set, then send it.

Nothing is sent before the change set is shown and confirmed (a question at a terminal, or
--yes). An interrupted publish resumes from its journal when the same command runs again.
"""
from __future__ import annotations

import sys
from pathlib import Path

from dcstudio.commands import catalog_flags
from dcstudio.commands._common import open_project
from dcstudio.commands.token import read_secret
from dcstudio.core.platforms.meta.publish.client import DEFAULT_API_BASE, check_api_base, check_api_version
from dcstudio.core.platforms.meta.publish.graph_errors import AuthError
from dcstudio.core.platforms.meta.publish.lookup import LOOKUP_LIMIT
from dcstudio.core.platforms.meta.publish.plan_reader import account_number, check_plan
from dcstudio.core.platforms.meta.publish.session import PublishOptions, PublishSession, TokenNotAccepted
from dcstudio.core.platforms.meta.publish.tokens import (
    DEFAULT_PROFILE,
    NoKeyringError,
    load_credentials,
    session_credentials,
)
from dcstudio.core.values.errors import BadInputError, ProjectFileError
from dcstudio.core.values.json_input import JsonInputError, parse_json


def add_parser(sub) -> None:
    p = sub.add_parser("publish", help="send the project to a Meta ad account (reviewed first, resumable)",
                       description="Shows every call of the export plan, asks to confirm, then creates the "
                                   "campaign, ad sets, images, creatives and ads (PAUSED unless the project says "
                                   "otherwise). Run the same command again to resume an interrupted publish. "
                                   "Exit 1 when a call fails, or drift or a rejection is found.")
    p.add_argument("project", help="project folder")
    p.add_argument("--account", required=True, metavar="act_ID", help="the ad account, e.g. act_1234567890")
    p.add_argument("--yes", action="store_true", help="send without asking (the change set is still printed)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="show the change set and send nothing")
    mode.add_argument("--validate-only", action="store_true",
                      help="let the server check the calls (execution_options=[\"validate_only\"]); "
                           "creates no ad object")
    p.add_argument("--api-base", default=DEFAULT_API_BASE, metavar="URL", help=f"default {DEFAULT_API_BASE}")
    p.add_argument("--api-version", metavar="vNN.0", help="default: the project's export setting")
    p.add_argument("--profile", default=DEFAULT_PROFILE, help=f"token profile (default {DEFAULT_PROFILE})")
    p.add_argument("--plan", metavar="FILE", help="publish this plan.json from an export bundle instead of "
                                                 "building one from the project now")
    p.add_argument("--new", action="store_true", help="publish again even though this plan was published")
    p.add_argument("--force", action="store_true", help="publish even when the linter finds errors")
    p.add_argument("--max-wait", type=float, default=300, metavar="SECONDS",
                   help="the most time to spend waiting on rate limits, retries and calls that bring no answer "
                        "(default 300)")
    p.add_argument("--review-wait", type=float, default=0, metavar="SECONDS",
                   help="keep polling the review status this long while ads are pending (default: read once)")
    p.add_argument("--lookup-limit", type=int, default=LOOKUP_LIMIT, metavar="N",
                   help="after an interruption, read at most N objects of a list when looking for one whose "
                        f"create answer was lost (default {LOOKUP_LIMIT}; 0 = the whole list). When that is not "
                        "enough the publish stops rather than risk a duplicate")
    p.add_argument("--brief", action="store_true", help="list the calls without their payloads")
    p.add_argument("--feed-wait", type=float, default=30, metavar="SECONDS",
                   help="catalog ads: how long to wait for Meta to process an uploaded feed before reading its "
                        "errors (default 30; a rerun reads them later)")
    catalog_flags.add_arguments(p)
    p.set_defaults(func=run)


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _plan(args, project) -> tuple[dict, Path | None]:
    if args.plan:
        path = Path(args.plan)
        try:
            plan = parse_json(path.read_bytes())
        except OSError as exc:
            raise ProjectFileError(path, f"cannot be read: {exc.strerror or exc}") from None
        except JsonInputError as exc:
            raise ProjectFileError(path, exc.problem, exc.field or None) from None
        try:
            return check_plan(plan), path.parent
        except BadInputError as exc:  # checked now: the change set below reads every call
            raise ProjectFileError(path, str(exc)) from None
    from dcstudio.core.platforms.meta.export.plan_builder import build_plan

    return build_plan(project, api_version=args.api_version), None


def _credentials(args):
    try:
        return load_credentials(args.profile)
    except NoKeyringError as exc:
        if not sys.stdin.isatty():
            raise
        _err(f"dcstudio: {exc}")
        token = read_secret("Paste an access token to use for this session only (not saved; hidden): ")
        return session_credentials(token)


def _confirm(args, changes) -> bool:
    if args.yes:
        return True
    n = changes.calls
    if not sys.stdin.isatty():
        raise BadInputError(f"nothing was sent: add --yes to send the {n} calls shown above")
    verb = "Validate" if args.validate_only else "Send"
    try:
        answer = input(f"{verb} these {n} calls to {args.account}? [y/N] ").strip().lower()
    except EOFError:  # Ctrl-D: a no
        answer = ""
    if answer not in ("y", "yes"):
        raise BadInputError("nothing was sent (not confirmed)")
    return True


def run(args) -> int:
    account_number(args.account)  # bad options are reported before anything else happens
    check_api_base(args.api_base)
    if args.api_version:
        check_api_version(args.api_version, what="--api-version")
    if args.max_wait < 0 or args.review_wait < 0 or args.feed_wait < 0:
        raise BadInputError("--max-wait, --review-wait and --feed-wait take a number of seconds, 0 or more")
    if args.lookup_limit < 0:
        raise BadInputError("--lookup-limit takes a number of objects, 0 or more (0: the whole list)")
    project = open_project(args.project)
    catalog_flags.apply(project, args)
    plan, plan_dir = _plan(args, project)
    mode = "dry_run" if args.dry_run else "validate_only" if args.validate_only else "publish"
    options = PublishOptions(mode=mode, new=args.new, force=args.force, review_wait=args.review_wait,
                             lookup_limit=args.lookup_limit, max_wait=args.max_wait, lock_owner="cli",
                             api_base=args.api_base, api_version=args.api_version, feed_wait=args.feed_wait)
    session = PublishSession(plan, account=args.account, project=project, plan_dir=plan_dir,
                             credentials=lambda: _credentials(args), options=options,
                             on_event=lambda event: _show(args, event), confirm=lambda changes: _confirm(args, changes),
                             allow_lint_errors=_refuse_lint_errors)
    try:
        return session.run().exit_status
    except TokenNotAccepted as exc:
        creds = exc.credentials
        raise AuthError(f"the token {creds.masked} of profile {args.profile} ({creds.source}) is not accepted: "
                        f"{exc.error}; set a new one with `dcstudio token set --profile {args.profile}`") from None
    except KeyboardInterrupt:
        _err("dcstudio: interrupted; run the same command again to resume from the journal")
        raise


def _show(args, event) -> None:
    """Each event as the line this command has always printed: the outcome on stdout, the
    notes on the way and the problems on stderr."""
    if event.step == "change_set":
        print(event.data.text(payloads=not args.brief), flush=True)
    elif event.step == "call":
        if not event.busy and not args.dry_run:  # a dry run's calls are all in the change set above
            _err(f"[{event.number}/{event.total}] {event.kind} {event.call_id}: {event.state}")
    elif event.step in ("notice", "token"):
        _err(f"dcstudio: {event.message}")
    elif event.step == "stopped":
        _err(f"dcstudio: publish stopped\n{event.message}")
    elif event.level == "result":
        print(event.message)
    elif event.level == "error":
        _err(event.message)


def _refuse_lint_errors(errors) -> bool:
    _err(f"dcstudio: publish refused: {len(errors)} lint error(s) (use --force to publish anyway):")
    for f in errors:
        _err(f"  {f.rule_id}: {f.message}")
    return False
