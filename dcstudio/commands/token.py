"""`dcstudio token set|check|delete --profile NAME`: access tokens in the system keyring.

The token is read from stdin (hidden when typed at a terminal), never from the command line,
where it would stay in the shell history and the process list.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from dcstudio.core.platforms.meta.publish.client import DEFAULT_API_BASE, TOKEN_CHECK_WAIT, GraphClient
from dcstudio.core.platforms.meta.publish.graph_errors import AuthError, GraphError, GraphUnreachable, mask
from dcstudio.core.platforms.meta.publish.tokens import (
    DEFAULT_PROFILE,
    ENV_TOKEN,
    SERVICE,
    check_profile,
    delete_app_secret,
    delete_token,
    load_credentials,
    storage_name,
    store_app_secret,
    store_token,
)
from dcstudio.core.values.errors import BadInputError


def add_parser(sub) -> None:
    p = sub.add_parser("token", help="store, check or delete the Marketing API access token of a profile",
                       description="Access tokens live in the system keyring (service 'dcstudio'), one per "
                                   f"profile (an app or business). {ENV_TOKEN} overrides the keyring.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = actions.add_parser("set", help="store a token read from stdin (never from the command line)")
    s.add_argument("--profile", default=DEFAULT_PROFILE, help=f"profile name (default {DEFAULT_PROFILE})")
    s.add_argument("--app-secret", action="store_true",
                   help="store the app secret instead (then every call carries appsecret_proof)")
    s.add_argument("stray", nargs="*", help=argparse.SUPPRESS)
    c = actions.add_parser("check", help="check the stored token with GET /me")
    c.add_argument("--profile", default=DEFAULT_PROFILE, help=f"profile name (default {DEFAULT_PROFILE})")
    c.add_argument("--api-base", default=DEFAULT_API_BASE, metavar="URL", help=f"default {DEFAULT_API_BASE}")
    c.add_argument("--api-version", default="v25.0", metavar="vNN.0", help="default v25.0")
    c.add_argument("--max-wait", type=float, default=TOKEN_CHECK_WAIT, metavar="SECONDS",
                   help=f"give up after this long without an answer, retries included (default {TOKEN_CHECK_WAIT:.0f})")
    d = actions.add_parser("delete", help="delete the profile's token and app secret from the keyring")
    d.add_argument("--profile", default=DEFAULT_PROFILE, help=f"profile name (default {DEFAULT_PROFILE})")
    d.add_argument("--app-secret", action="store_true", help="delete only the app secret")
    p.set_defaults(func=run)


def read_secret(prompt: str, stdin=None) -> str:
    stdin = stdin or sys.stdin
    try:
        if stdin.isatty():
            return getpass.getpass(prompt)
        return stdin.readline()
    except EOFError:  # Ctrl-D at the prompt: nothing was given
        return ""


def _set(args) -> int:
    what = "app secret" if args.app_secret else "access token"
    if args.stray:  # never echo it back: it is probably the secret itself
        raise BadInputError(f"the {what} is read from stdin, never from the command line (where it stays in "
                            f"the shell history): run `dcstudio token set --profile {args.profile}` and paste it")
    secret = read_secret(f"Paste the {what} for profile {args.profile} (hidden): ")
    if args.app_secret:
        store_app_secret(args.profile, secret)
    else:
        store_token(args.profile, secret)
    print(f"stored the {what} {mask(secret.strip())} for profile {args.profile} in the system keyring "
          f"(service {SERVICE}, backend {storage_name()})")
    if not args.app_secret:
        print(f"check it with: dcstudio token check --profile {args.profile}")
    return 0


def _check(args) -> int:
    if not args.max_wait > 0:
        raise BadInputError("--max-wait takes a number of seconds, more than 0")
    creds = load_credentials(args.profile)
    client = GraphClient.for_token_check(creds, api_base=args.api_base, api_version=args.api_version,
                                         max_wait=args.max_wait)
    try:
        me = client.check_token()
    except GraphUnreachable as exc:
        print(f"dcstudio: {exc}: the token {creds.masked} of profile {args.profile} was not checked and is "
              "kept; check again when online", file=sys.stderr)
        return 1
    except AuthError as exc:
        print(f"dcstudio: the token {creds.masked} of profile {args.profile} ({creds.source}) is not accepted: "
              f"{exc}\nset a new one with: dcstudio token set --profile {args.profile}", file=sys.stderr)
        return 1
    except GraphError as exc:
        print(f"dcstudio: could not check the token {creds.masked}: {exc}", file=sys.stderr)
        return 1
    finally:
        client.close()
    proof = ", with appsecret_proof" if creds.app_secret else ""
    print(f"profile {args.profile}: token {creds.masked} from the {creds.source} works{proof}: "
          f"{me.get('name', '?')} (id {me.get('id', '?')})")
    if client.usage:
        print(client.usage.describe())
    return 0


def _delete(args) -> int:
    if args.app_secret:
        deleted = ["app_secret"] if delete_app_secret(args.profile) else []
    else:
        deleted = delete_token(args.profile)
    if deleted:
        print(f"deleted {' and '.join(d.replace('_', ' ') for d in deleted)} of profile {args.profile}")
    else:
        print(f"nothing stored for profile {args.profile}")
    return 0


def run(args) -> int:
    check_profile(args.profile)  # before a token is pasted for nothing
    return {"set": _set, "check": _check, "delete": _delete}[args.action](args)
