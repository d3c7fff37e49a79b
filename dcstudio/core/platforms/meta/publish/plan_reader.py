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

KINDS = ("catalog", "product_feed", "feed_upload", "product_set", "campaign", "adset", "image", "video", "creative",
         "ad")
# Catalog-ad objects are made on a business, a catalog or a feed (export/catalog_plan.py), not on
# the ad account: their path's first part is an id or a reference to the call that made it.
CATALOG_EDGES = {"catalog": "owned_product_catalogs", "product_feed": "product_feeds", "feed_upload": "uploads",
                 "product_set": "product_sets"}
# Which earlier call a reference in such a path may name: the object the edge belongs to.
PATH_PARENTS = {"product_feed": "catalog", "product_set": "catalog", "feed_upload": "product_feed"}
_NODE_ID = re.compile(r"^[0-9]{1,25}$")
_ACCOUNT = re.compile(r"^(?:act_)?(\d{1,20})$")
KIND_TITLES = {"catalog": "product catalog", "product_feed": "product feed", "feed_upload": "feed upload",
               "product_set": "product set", "campaign": "campaign", "adset": "ad set", "image": "image",
               "video": "video", "creative": "creative", "ad": "ad"}
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
        if call.get("kind") == "product_set" and str(call.get("path", "")).startswith("{product_catalog_id}"):
            raise BadInputError(f"{where}: makes a product set in a product catalog the plan does not name (a "
                                "dynamic creative project's sets); publish.sh in the export bundle sends it with "
                                "PRODUCT_CATALOG_ID set, or make the project a catalog ad to publish here")
        if call.get("kind") not in KINDS:
            raise BadInputError(f"{where}: kind {call.get('kind')!r} is not one of {', '.join(KINDS)}")
        if call.get("method", "POST") != "POST":
            raise BadInputError(f"{where}: only POST calls can be published")
        if call["kind"] in CATALOG_EDGES:
            _check_node_path(call, where, seen)
        elif call.get("path") != (want := f"{ACCOUNT_PATH}/{EDGES[call['kind']]}"):
            raise BadInputError(f"{where}: path {_shown(call.get('path'))} is not one the publisher sends; "
                                f"a {KIND_TITLES[call['kind']]} is created at exactly {want}")
        if not isinstance(call.get("params", {}), dict):
            raise BadInputError(f"{where}: params must be an object")
        kind = call["kind"]
        if kind == "feed_upload":
            _check_file(call, where, "a feed upload", "feed/products.csv")
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


def _check_node_path(call: dict, where: str, seen: dict[str, str]) -> None:
    """``<id>/<edge>`` or ``{<earlier call>.id}/<edge>``, the edge the kind is made on, nothing else."""
    kind, path = call["kind"], call.get("path")
    edge = CATALOG_EDGES[kind]
    node, _, rest = path.rpartition("/") if isinstance(path, str) else ("", "", "")
    match = REFERENCE.match(node)
    parent = PATH_PARENTS.get(kind)
    ok = rest == edge and (_NODE_ID.match(node) or (match and parent and match.group(2) == "id"
                                                   and seen.get(match.group(1)) == parent))
    if not ok:
        made_on = "a business id" if kind == "catalog" else f"a {KIND_TITLES[parent]} id or {{<{parent} call>.id}}"
        raise BadInputError(f"{where}: path {_shown(path)} is not one the publisher sends; a "
                            f"{KIND_TITLES[kind]} is created at <{made_on}>/{edge}")


def _check_file(call: dict, where: str, what: str, example: str) -> None:
    if not call.get("file"):
        raise BadInputError(f"{where}: {what} call needs 'file'")
    if not (isinstance(call.get("sha256"), str) and _SHA256.match(call["sha256"])):
        raise BadInputError(f"{where}: {what} call needs 'sha256', the 64 hex digits of the file's content hash")
    if not _inside_bundle(call["file"]):
        raise BadInputError(f"{where}: file {call['file']!r} must be a path inside the bundle, such as {example}")


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _inside_bundle(file) -> bool:
    if not isinstance(file, str):
        return False
    parts = file.replace("\\", "/").split("/")
    return not (file.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", file) or ".." in parts)


def call_path(call: dict, account: str, results: dict[str, dict] | None = None) -> str:
    """The path the call is sent to: the account number in, and a path's reference to an earlier
    call (``{catalog.id}/product_feeds``) replaced from ``results`` (KeyError naming it when the
    call has not answered). An answer that is not an id never becomes a path."""
    path = call["path"].replace("{ad_account_id}", account_number(account))
    node, _, edge = path.rpartition("/")
    if REFERENCE.match(node):
        value = str(resolve(node, results or {}))
        if not _NODE_ID.match(value):
            raise BadInputError(f"call {call['id']!r}: the answer it builds on gave {value[:40]!r}, not an id")
        path = f"{value}/{edge}"
    return path


def shown_path(call: dict, account: str) -> str:
    """The path as a review shows it before anything was sent: references left as written."""
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
