"""The export plan as the publisher reads it: checks, references and the form of each call.

The plan (built by ``dcstudio.core.platforms.meta.export.plan_builder.build_plan``) lists Graph API POSTs in order.
A string that is exactly ``"{<call id>.<field>}"``, anywhere in a call's params, stands for
that field of an earlier call's answer. ``{ad_account_id}`` in a path is the account number.
"""
from __future__ import annotations

import hashlib
import json
import re

from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.plan_references import REFERENCE

KINDS = ("campaign", "adset", "image", "video", "creative", "ad")
_ACCOUNT = re.compile(r"^(?:act_)?(\d{1,20})$")
KIND_TITLES = {"campaign": "campaign", "adset": "ad set", "image": "image", "video": "video", "creative": "creative",
               "ad": "ad"}
# The one edge of the ad account each kind is created on: what ``dcstudio.core.platforms.meta.export.plan_builder``
# writes. A path is compared whole against these, never by its start, so nothing a URL library
# would resolve (``..``, ``%2e``, ``?``, ``//``) can send a create to another account or object.
EDGES = {"campaign": "campaigns", "adset": "adsets", "image": "adimages", "video": "advideos",
         "creative": "adcreatives", "ad": "ads"}
ACCOUNT_PATH = "act_{ad_account_id}"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def account_number(account: str) -> str:
    """'act_123' or '123' -> '123'."""
    match = _ACCOUNT.match(account.strip()) if isinstance(account, str) else None
    if not match:
        # Never echoed: what lands here by mistake is often the access token pasted in the wrong field.
        size = len(account) if isinstance(account, str) else 0
        raise BadInputError(f"--account: the value given ({size} characters) is not an ad account id; "
                            "give the ad account as act_<digits>, e.g. act_1234567890")
    return match.group(1)


def references(value) -> set[str]:
    """The call ids a params value refers to."""
    found: set[str] = set()
    if isinstance(value, str):
        match = REFERENCE.match(value)
        if match:
            found.add(match.group(1))
    elif isinstance(value, dict):
        for item in value.values():
            found |= references(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            found |= references(item)
    return found


def resolve(value, results: dict[str, dict]):
    """``value`` with every reference replaced by the answer it names."""
    if isinstance(value, str):
        match = REFERENCE.match(value)
        if not match:
            return value
        call_id, field = match.groups()
        try:
            return results[call_id][field]
        except KeyError:
            raise KeyError(f"{call_id}.{field}") from None
    if isinstance(value, dict):
        return {k: resolve(v, results) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [resolve(v, results) for v in value]
    return value


def check_plan(plan) -> dict:
    """Raises BadInputError naming the call and field when the plan is not one we can send."""
    if not isinstance(plan, dict):
        raise BadInputError("the export plan must be a JSON object")
    if plan.get("plan_version") != 1:
        raise BadInputError(f"export plan: plan_version {plan.get('plan_version')!r} is not supported (expected 1)")
    calls = plan.get("calls")
    if not isinstance(calls, list) or not calls:
        raise BadInputError("export plan: 'calls' must be a non-empty list")
    seen: dict[str, str] = {}
    for n, call in enumerate(calls):
        where = f"export plan: calls[{n}]"
        if not isinstance(call, dict):
            raise BadInputError(f"{where}: must be an object")
        cid = call.get("id")
        if not isinstance(cid, str) or not cid:
            raise BadInputError(f"{where}: 'id' is missing")
        where = f"export plan: call {cid!r}"
        if cid in seen:
            raise BadInputError(f"{where}: the id is used twice")
        if call.get("kind") == "product_set":
            raise BadInputError(f"{where}: makes a product set in a product catalog, which the publisher does not "
                                "send yet (catalog ads come next); publish.sh in the export bundle sends it with "
                                "PRODUCT_CATALOG_ID set, or remove the project's product sets to publish here")
        if call.get("kind") not in KINDS:
            raise BadInputError(f"{where}: kind {call.get('kind')!r} is not one of {', '.join(KINDS)}")
        if call.get("method", "POST") != "POST":
            raise BadInputError(f"{where}: only POST calls can be published")
        want = f"{ACCOUNT_PATH}/{EDGES[call['kind']]}"
        if call.get("path") != want:
            raise BadInputError(f"{where}: path {_shown(call.get('path'))} is not one the publisher sends; "
                                f"a {KIND_TITLES[call['kind']]} is created at exactly {want}")
        if not isinstance(call.get("params", {}), dict):
            raise BadInputError(f"{where}: params must be an object")
        kind = call["kind"]
        if kind in ("image", "video") and not call.get("file"):
            raise BadInputError(f"{where}: an {kind} call needs 'file'")
        if kind in ("image", "video") and not (isinstance(call.get("sha256"), str) and _SHA256.match(call["sha256"])):
            # the bytes uploaded are checked against it before the first call
            raise BadInputError(f"{where}: an {kind} call needs 'sha256', the 64 hex digits of the file's content hash")
        if kind in ("image", "video") and not _inside_bundle(call["file"]):
            # a plan from someone else must not make us upload any file of this machine
            raise BadInputError(f"{where}: file {call['file']!r} must be a path inside the bundle, "
                                f"such as {'images/a.jpg' if kind == 'image' else 'videos/a.mp4'}")
        for ref in sorted(references(call.get("params", {}))):
            if ref not in seen:
                raise BadInputError(f"{where}: refers to {ref!r}, which is not an earlier call")
        seen[cid] = call["kind"]
    return plan


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _inside_bundle(file) -> bool:
    if not isinstance(file, str):
        return False
    parts = file.replace("\\", "/").split("/")
    return not (file.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", file) or ".." in parts)


def call_path(call: dict, account: str) -> str:
    return call["path"].replace("{ad_account_id}", account_number(account))


def edge_of(call: dict) -> str:
    return call["path"].rsplit("/", 1)[-1]


def fingerprint(plan: dict, account: str) -> str:
    """Same calls to the same account -> same fingerprint (the plan's 'created' time is left out)."""
    doc = {"account": account_number(account), "api_version": plan.get("api_version"), "calls": plan["calls"]}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def counts(plan: dict) -> dict[str, int]:
    out = {kind: 0 for kind in KINDS}
    for call in plan["calls"]:
        out[call["kind"]] += 1
    return out


def statuses(plan: dict) -> dict[str, str]:
    """call id -> the status the call sets (campaigns, ad sets, ads)."""
    return {c["id"]: str(c.get("params", {}).get("status", "")) for c in plan["calls"]
            if c["kind"] in ("campaign", "adset", "ad")}
