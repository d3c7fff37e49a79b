"""The change set shown before anything is written: every call, its payload, and the counts."""
from __future__ import annotations

import json
from dataclasses import dataclass

from dcstudio.core.platforms.meta.publish.plan_reader import KINDS, call_path, counts, shown_path, statuses

MODES = ("publish", "dry_run", "validate_only")
_KIND_TITLES = {"catalog": "product catalog", "product_feed": "product feed", "feed_upload": "feed upload",
                "product_set": "product set", "campaign": "campaign", "adset": "ad set", "image": "image upload",
                "video": "video upload", "creative": "creative", "ad": "ad"}
_ALWAYS_COUNTED = ("campaign", "adset", "image", "creative", "ad")


@dataclass(frozen=True)
class ChangeItem:
    number: int
    call_id: str
    kind: str
    method: str
    path: str
    name: str
    payload: str  # pretty JSON, references shown as written in the plan
    status: str

    @property
    def title(self) -> str:
        return f"{self.number:>3}. {self.method} {self.path}  {_KIND_TITLES[self.kind]} {self.name!r}"


def change_items(plan: dict, account: str) -> list[ChangeItem]:
    items = []
    for n, call in enumerate(plan["calls"], 1):
        params = dict(call.get("params", {}))
        if call["kind"] == "image":
            params = {"name": params.get("name", ""), "bytes": f"<base64 of {call['file']}>",
                      **({"sha256": call["sha256"]} if call.get("sha256") else {})}
        if call["kind"] == "feed_upload":
            params = {**params, "file": f"<the file {call['file']}, multipart>", "sha256": call.get("sha256", "")}
        items.append(ChangeItem(n, call["id"], call["kind"], call.get("method", "POST"), shown_path(call, account),
                                str(call.get("params", {}).get("name", call.get("file", call["id"]))),
                                json.dumps(params, indent=2, ensure_ascii=False, sort_keys=True),
                                str(call.get("params", {}).get("status", ""))))
    return items


def active_calls(plan: dict) -> list[str]:
    return [cid for cid, status in statuses(plan).items() if status == "ACTIVE"]


def mode_line(mode: str) -> str:
    return {
        "publish": "PUBLISH: every call below is sent and creates objects in the ad account.",
        "dry_run": "DRY RUN: nothing is sent.",
        "validate_only": ("VALIDATE ONLY: campaign, ad set, creative and ad calls carry "
                          "execution_options=[\"validate_only\"] and create nothing; images are uploaded "
                          "(inert until used, and reused later) so creatives can be checked; calls that need "
                          "the id of an object a validation does not create are skipped."),
    }[mode]


def format_change_set(plan: dict, account: str, mode: str = "publish", *, payloads: bool = True) -> str:
    """The review text: mode, counts, ACTIVE warnings, then each call with its payload."""
    n = counts(plan)
    # a catalog ad uploads an image only for its frame: "0 image uploads" would only puzzle
    always = [k for k in _ALWAYS_COUNTED if not (k == "image" and n["catalog"] + n["product_feed"])]
    lines = [mode_line(mode),
             f"ad account act_{call_path({'path': '{ad_account_id}'}, account)}, API {plan.get('api_version', '?')}, "
             f"project {plan.get('project', '?')!r}",
             "calls: " + ", ".join(f"{n[k]} {_KIND_TITLES[k]}{'s' if n[k] != 1 else ''}" for k in KINDS
                          if n[k] or k in always) + f" = {len(plan['calls'])} in all"]
    summary = plan.get("summary") or {}
    if summary.get("combinations"):
        lines.append(f"combinations: {summary['combinations']}"
                     + (f" (split: {summary['split']})" if summary.get("split") else ""))
    active = active_calls(plan)
    if active:
        lines.append(f"WARNING: status ACTIVE (will spend once approved): {', '.join(active)}")
    else:
        lines.append("status: everything PAUSED")
    lines.append("")
    for item in change_items(plan, account):
        lines.append(item.title)
        if payloads:
            lines.extend("       " + line for line in item.payload.splitlines())
    return "\n".join(lines)
