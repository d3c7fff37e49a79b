"""publish.sh: the plan as curl commands a person can read and run one step at a time.

The token comes from the META_ACCESS_TOKEN environment variable and reaches curl on stdin
(``--data-urlencode access_token@-``), so it is never written into the script nor shown in the
process list. Each returned id is stored in publish-state.env next to the script and fed into
later calls; a rerun skips the calls already made. Params go URL-encoded as one form field each
(``--data-urlencode name=value``: the name never holds "@" or "=", so user text is never read as
a file name), lists and objects JSON-encoded as the SDK does. Images are sent as base64 ``bytes``
read from a file, the upload path the reference calls robust (filename uploads have failed with
1487197).

References are filled in exactly as the Python publisher does (``publish.plan.resolve``): only a
string value that is exactly ``{<call id>.<field>}`` stands for a returned field; braces inside a
longer text, such as Meta's ``{{campaign.id}}`` click macro in url_tags, are sent as written.
"""
from __future__ import annotations

import json
import re

from dcstudio.core.values.plan_references import REFERENCE

TOKEN_VARIABLE = "META_ACCESS_TOKEN"
ACCOUNT_VARIABLE = "AD_ACCOUNT_ID"
CATALOG_VARIABLE = "PRODUCT_CATALOG_ID"

_HEADER = r'''#!/usr/bin/env bash
# Publishes "{project}" with the Marketing API {api}: {summary}.
# Made by dcstudio from plan.json; run it from anywhere, one call per step.
#
#   export {token}=...        # an access token (never stored in this file or the bundle)
#   export {account}=1234567  # the ad account number, without "act_"
#   STEP=1 ./publish.sh        # STEP=1 waits for Enter before each call; leave it out to run all
#
# Returned ids go to publish-state.env; running the script again skips calls already made.
# Everything is created {status}. Needs bash, curl, base64 and python3.
set -euo pipefail
: "${{{token}:?set {token} to an access token}}"
: "${{{account}:?set {account} to the ad account number (without act_)}}"
{account}="${{{account}#act_}}"
API="${{GRAPH_API_BASE:-https://graph.facebook.com}}/{api}"
cd "$(dirname "$0")"
STATE=publish-state.env
touch "$STATE"
# shellcheck disable=SC1090
source "$STATE"

# answer <call id> <returned field>: the field of the Graph API answer on stdin, checked.
answer() {{
  python3 -c '
import json, re, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    sys.exit("publish.sh: " + sys.argv[1] + ": the answer is not JSON")
if "error" in d:
    e = d["error"]
    sys.exit("publish.sh: %s: Graph API error %s/%s: %s" % (sys.argv[1], e.get("code"), e.get("error_subcode"),
             e.get("error_user_msg") or e.get("message")))
v = str(next(iter(d["images"].values()))["hash"] if sys.argv[2] == "hash" else d[sys.argv[2]])
# The value goes into later calls (inside their JSON too): an odd one must not change them.
if not re.fullmatch("[A-Za-z0-9_:-]{{1,100}}", v):
    sys.exit("publish.sh: %s: the answer gives %s %r, which is not an id" % (sys.argv[1], sys.argv[2], v[:60]))
print(v)' "$1" "$2"
}}

# post <call id> <returned field> <path> <curl form args...>: one Graph API POST; prints the field.
post() {{
  local id="$1" field="$2" path="$3" response
  shift 3
  if [ -n "${{STEP:-}}" ]; then read -r -p "next: $id (POST $path). Enter to send, Ctrl-C to stop " _; fi
  response=$(printf '%s' "${token}" | curl -sS -X POST "$API/$path" --data-urlencode 'access_token@-' "$@") || {{
    echo "publish.sh: $id: the request failed" >&2; exit 1; }}
  printf '%s' "$response" | answer "$id" "$field"
}}

# upload <call id> <path> <file>: a file sent as multipart "file" (a feed upload); prints the id.
upload() {{
  local id="$1" path="$2" file="$3" response
  if [ -n "${{STEP:-}}" ]; then read -r -p "next: $id (POST $path, $file). Enter to send, Ctrl-C to stop " _; fi
  response=$(printf '%s' "${token}" | curl -sS -X POST "$API/$path" -F 'access_token=<-' -F "file=@$file") || {{
    echo "publish.sh: $id: the request failed" >&2; exit 1; }}
  printf '%s' "$response" | answer "$id" id
}}

# remember <variable> <value>: keeps a returned id for later calls and reruns.
remember() {{
  printf '%s=%q\n' "$1" "$2" >> "$STATE"
  printf -v "$1" '%s' "$2"
  echo "$1=$2"
}}
'''


def _var(call_id: str, field: str) -> str:
    return "R_" + re.sub(r"[^A-Za-z0-9]", "_", f"{call_id}_{field}")


def _quote(text: str) -> str:
    """A single-quoted shell word."""
    return "'" + text.replace("'", "'\\''") + "'"


class _Returned:
    """A returned field of an earlier call, in the pieces of a param's text."""

    def __init__(self, call_id: str, field: str):
        self.var = _var(call_id, field)


def _reference(value, returned: frozenset) -> _Returned | None:
    match = REFERENCE.match(value) if isinstance(value, str) else None
    if match and (match.group(1), match.group(2)) in returned:
        return _Returned(match.group(1), match.group(2))
    return None


def _pieces(value, returned: frozenset, top: bool = False) -> list:
    """A param value as form text: strings and _Returned fields to join. Only whole-string
    references become fields, at any depth, as ``publish.plan.resolve`` reads them."""
    ref = _reference(value, returned)
    if ref is not None:
        return [ref] if top else ['"', ref, '"']  # ids and hashes need no JSON escaping
    if isinstance(value, dict):
        out: list = ["{"]
        for n, (key, item) in enumerate(value.items()):
            out += ([","] if n else []) + [json.dumps(key, ensure_ascii=False), ":"] + _pieces(item, returned)
        return out + ["}"]
    if isinstance(value, list):
        out = ["["]
        for n, item in enumerate(value):
            out += ([","] if n else []) + _pieces(item, returned)
        return out + ["]"]
    return [encode_param(value) if top else json.dumps(value, ensure_ascii=False)]


def _form_field(name: str, value, returned: frozenset) -> str:
    """``name=value`` as one shell word, returned fields as "$R_call_field"."""
    words, text = [], f"{name}="
    for piece in _pieces(value, returned, top=True):
        if isinstance(piece, _Returned):
            words += ([_quote(text)] if text else []) + ['"$' + piece.var + '"']
            text = ""
        else:
            text += piece
    return "".join(words + ([_quote(text)] if text else []))


def encode_param(value) -> str:
    """A top-level param as a form field's text: lists and objects JSON-encoded, as the SDK does."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def publish_script(plan: dict) -> str:
    s = plan["summary"]
    status = "PAUSED" if all(c["params"].get("status", "PAUSED") == "PAUSED" for c in plan["calls"]) else \
        "with the statuses the project sets (some ACTIVE: they can spend as soon as they pass review)"
    lines = [_HEADER.format(project=plan["project"].replace("\n", " "), api=plan["api_version"],
                            token=TOKEN_VARIABLE, account=ACCOUNT_VARIABLE, status=status,
                            summary=f"{s['adsets']} ad set(s), {s['images']} image(s), {s['ads']} ad(s)"
                                    + (f", {s['product_sets']} product set(s)" if s.get("product_sets") else ""))]
    if any(c["path"].startswith("{product_catalog_id}") for c in plan["calls"]):
        lines.append(f': "${{{CATALOG_VARIABLE}:?set {CATALOG_VARIABLE} to the id of the product catalog the '
                     f'product sets are made in}}"\n')
    returned: set = set()
    for call in plan["calls"]:
        field = call["returns"][0]
        var = _var(call["id"], field)
        path = call["path"].replace("{ad_account_id}", "${" + ACCOUNT_VARIABLE + "}").replace(
            "{product_catalog_id}", "${" + CATALOG_VARIABLE + "}")
        node, _, edge = path.rpartition("/")
        ref = _reference(node, frozenset(returned))
        if ref is not None:  # a catalog object made by an earlier call: its id
            path = "${" + ref.var + "}/" + edge
        lines.append(f"# {call['id']}: {call['kind']}")
        lines.append(f'if [ -z "${{{var}:-}}" ]; then')
        known = frozenset(returned)
        args = [f"--data-urlencode {_form_field(k, v, known)}" for k, v in call["params"].items()]
        if call["kind"] == "image":
            lines.append("  b64=$(mktemp)")
            lines.append(f"  base64 < {_quote(call['file'])} | tr -d '\\n' > \"$b64\"")
            args.append('--data-urlencode "bytes@$b64"')
        if call["kind"] == "feed_upload":
            lines.append(f'  value=$(upload {_quote(call["id"])} "{path}" {_quote(call["file"])})')
            lines.append(f'  remember {var} "$value"')
            lines.append("fi\n")
            returned.add((call["id"], field))
            continue
        joined = " \\\n      ".join(args)
        # An assignment, not an argument: under set -e a failed call must stop the script.
        lines.append(f'  value=$(post {_quote(call["id"])} {field} "{path}" \\\n      {joined})')
        lines.append(f'  remember {var} "$value"')
        if call["kind"] == "image":
            lines.append('  rm -f "$b64"')
        lines.append("fi\n")
        returned.add((call["id"], field))
    ads = " ".join(f"${_var(c['id'], 'id')}" for c in plan["calls"] if c["kind"] == "ad")
    lines.append(f'echo "done: ads {ads}. Check their review status in Ads Manager."')
    return "\n".join(lines) + "\n"
