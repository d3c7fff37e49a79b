"""publish.sh: the plan as curl commands a person can read and run one step at a time.

The token comes from the META_ACCESS_TOKEN environment variable and reaches curl on stdin
(``--data-urlencode access_token@-``), so it is never written into the script nor shown in the
process list. Each returned id is stored in publish-state.env next to the script and fed into
later calls; a rerun skips the calls already made. Params go URL-encoded as one form field each
(``--data-urlencode name=value``: the name never holds "@" or "=", so user text is never read as
a file name), lists and objects JSON-encoded as the SDK does. Images are sent as base64 ``bytes``
read from a file, the upload path the reference calls robust (filename uploads have failed with
1487197).
"""
from __future__ import annotations

import json
import re

TOKEN_VARIABLE = "META_ACCESS_TOKEN"
ACCOUNT_VARIABLE = "AD_ACCOUNT_ID"
_REF = re.compile(r"\{([A-Za-z0-9_-]+)\.([a-z_]+)\}")

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

# post <call id> <returned field> <path> <curl form args...>: one Graph API POST; prints the field.
post() {{
  local id="$1" field="$2" path="$3" response
  shift 3
  if [ -n "${{STEP:-}}" ]; then read -r -p "next: $id (POST $path). Enter to send, Ctrl-C to stop " _; fi
  response=$(printf '%s' "${token}" | curl -sS -X POST "$API/$path" --data-urlencode 'access_token@-' "$@") || {{
    echo "publish.sh: $id: the request failed" >&2; exit 1; }}
  printf '%s' "$response" | python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    sys.exit("publish.sh: " + sys.argv[1] + ": the answer is not JSON")
if "error" in d:
    e = d["error"]
    sys.exit("publish.sh: %s: Graph API error %s/%s: %s" % (sys.argv[1], e.get("code"), e.get("error_subcode"),
             e.get("error_user_msg") or e.get("message")))
if sys.argv[2] == "hash":
    print(next(iter(d["images"].values()))["hash"])
else:
    print(d[sys.argv[2]])' "$id" "$field"
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


def _quote(text: str, returned: frozenset = frozenset()) -> str:
    """A single-quoted shell word in which {call.field} references become "$R_call_field".

    Only fields an earlier call returns (``returned``) are references: user text such as
    "{{first.name}}" is sent as written.
    """
    out, last = [], 0
    for m in _REF.finditer(text):
        if (m.group(1), m.group(2)) not in returned:
            continue
        out.append(text[last:m.start()].replace("'", "'\\''"))
        out.append("'\"$" + _var(m.group(1), m.group(2)) + "\"'")
        last = m.end()
    out.append(text[last:].replace("'", "'\\''"))
    return "'" + "".join(out) + "'"


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
                            summary=f"{s['adsets']} ad set(s), {s['images']} image(s), {s['ads']} ad(s)")]
    returned: set = set()
    for call in plan["calls"]:
        field = call["returns"][0]
        var = _var(call["id"], field)
        path = call["path"].replace("{ad_account_id}", "${" + ACCOUNT_VARIABLE + "}")
        lines.append(f"# {call['id']}: {call['kind']}")
        lines.append(f'if [ -z "${{{var}:-}}" ]; then')
        known = frozenset(returned)
        args = [f"--data-urlencode {_quote(f'{k}={encode_param(v)}', known)}" for k, v in call["params"].items()]
        if call["kind"] == "image":
            lines.append("  b64=$(mktemp)")
            lines.append(f"  base64 < {_quote(call['file'])} | tr -d '\\n' > \"$b64\"")
            args.append('--data-urlencode "bytes@$b64"')
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
