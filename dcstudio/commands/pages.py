"""`dcstudio pages [--page ID]`: what the token can pick from by name.

Without --page: the Pages the token's user can act for. With --page: that Page's Instagram
accounts and its lead forms. One line each, ``id<TAB>name<TAB>detail`` (or --json), so the ids
can go straight into `dcstudio new` or the Campaign tab.
"""
from __future__ import annotations

import sys

from dcstudio.commands._common import print_json
from dcstudio.core.platforms.meta.publish import accounts
from dcstudio.core.platforms.meta.publish.client import DEFAULT_API_BASE, LOOKUP_WAIT, GraphClient
from dcstudio.core.platforms.meta.publish.graph_errors import GraphError
from dcstudio.core.platforms.meta.publish.tokens import DEFAULT_PROFILE, check_profile, load_credentials
from dcstudio.core.values.errors import BadInputError


def add_parser(sub) -> None:
    p = sub.add_parser("pages", help="list the token's Pages, or a Page's Instagram accounts and lead forms",
                       description="Looks up by name what a campaign can use: without --page the Pages the "
                                   "token's user can act for (GET /me/accounts); with --page a Page's Instagram "
                                   "accounts and its active lead forms. Exit 1 when the Graph API refuses or "
                                   "cannot be reached, 2 on bad input.")
    p.add_argument("--page", metavar="PAGE_ID", help="list this Page's Instagram accounts and lead forms")
    p.add_argument("--archived", action="store_true", help="list archived lead forms too")
    p.add_argument("--json", action="store_true", help="print JSON records instead of lines")
    p.add_argument("--profile", default=DEFAULT_PROFILE, help=f"token profile (default {DEFAULT_PROFILE})")
    p.add_argument("--api-base", default=DEFAULT_API_BASE, metavar="URL", help=f"default {DEFAULT_API_BASE}")
    p.add_argument("--api-version", default="v25.0", metavar="vNN.0", help="default v25.0")
    p.add_argument("--max-wait", type=float, default=LOOKUP_WAIT, metavar="SECONDS",
                   help=f"give up after this long without an answer, retries included (default {LOOKUP_WAIT:.0f})")
    p.set_defaults(func=run)


def _lines(title: str, records: list[accounts.Named]) -> None:
    print(f"{title}: {len(records)}" if records else f"{title}: none")
    for r in records:
        print("\t".join(filter(None, [r.id, r.name or "(no name)", r.detail])))


def run(args) -> int:
    check_profile(args.profile)
    if not args.max_wait > 0:
        raise BadInputError("--max-wait takes a number of seconds, more than 0")
    page = accounts.check_object_id(args.page, "--page") if args.page is not None else None
    creds = load_credentials(args.profile)
    client = GraphClient.for_lookup(creds, api_base=args.api_base, api_version=args.api_version,
                                    max_wait=args.max_wait)
    try:
        if page is None:
            found = {"pages": accounts.list_pages(client)}
        else:
            found = {"instagram_accounts": accounts.list_instagram_accounts(client, page),
                     "lead_forms": accounts.list_lead_forms(client, page, include_archived=args.archived)}
    except GraphError as exc:
        print(f"dcstudio: {exc}", file=sys.stderr)
        return 1
    finally:
        client.close()
    if args.json:
        print_json({key: [{"id": r.id, "name": r.name, "detail": r.detail} for r in records]
                    for key, records in found.items()})
        return 0
    titles = {"pages": "Pages", "instagram_accounts": f"Instagram accounts of page {page}",
              "lead_forms": f"Lead forms of page {page}"}
    for key, records in found.items():
        _lines(titles[key], records)
    return 0
