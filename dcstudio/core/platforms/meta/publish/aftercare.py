"""After a publish: read each creative back and report drift; poll the ads' review status and
show rejections on the assets they name."""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from dcstudio.core.platforms.meta.publish.blame import AssetIndex
from dcstudio.core.platforms.meta.publish.plan_reader import resolve
from dcstudio.core.values.errors import Cancelled

READ_BACK_FIELDS = ("name", "object_story_spec", "asset_feed_spec", "degrees_of_freedom_spec", "url_tags",
                    "product_set_id", "template_url_spec")
PENDING = ("PENDING_REVIEW", "IN_PROCESS", "PREAPPROVED")
# Meta adds these on read-back without changing what runs; they are not drift.
_ADDED_BY_META_OK = {("asset_feed_spec", "optimization_type")}


@dataclass(frozen=True)
class Drift:
    call_id: str
    path: str
    sent: object
    now: object

    def describe(self) -> str:
        if self.now is _MISSING:
            return f"{self.call_id}: {self.path} was sent as {_short(self.sent)} but is gone"
        if self.sent is _MISSING:
            return f"{self.call_id}: {self.path} = {_short(self.now)} was added by Meta"
        return f"{self.call_id}: {self.path} was sent as {_short(self.sent)}, now {_short(self.now)}"


_MISSING = type("Missing", (), {"__repr__": lambda self: "<missing>"})()


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not _MISSING else "<missing>"
    return text if len(text) <= 80 else text[:77] + "..."


def _same(a, b) -> bool:
    if isinstance(a, (int, float, str, bool)) and isinstance(b, (int, float, str, bool)):
        return str(a).lower() == str(b).lower() if isinstance(a, bool) or isinstance(b, bool) else str(a) == str(b)
    return a == b


def diff(call_id: str, sent, now, path: str = "") -> list[Drift]:
    """What was sent but is missing or different now; and Advantage+ features Meta switched on."""
    found: list[Drift] = []
    if isinstance(sent, dict) and isinstance(now, dict):
        for key, value in sent.items():
            sub = f"{path}.{key}" if path else key
            if key not in now:
                found.append(Drift(call_id, sub, value, _MISSING))
            else:
                found += diff(call_id, value, now[key], sub)
        if path.endswith("creative_features_spec"):  # enhancements the project did not set
            found += [Drift(call_id, f"{path}.{k}", _MISSING, v) for k, v in now.items() if k not in sent]
        return found
    if isinstance(sent, list) and isinstance(now, list) and len(sent) == len(now):
        for i, (a, b) in enumerate(zip(sent, now, strict=False)):
            found += diff(call_id, a, b, f"{path}[{i}]")
        return found
    if not _same(sent, now):
        found.append(Drift(call_id, path, sent, now))
    return found


def sent_creatives(plan: dict, results: dict[str, dict], names: dict[str, str]) -> dict[str, dict]:
    """call id -> the creative params as they were sent (references resolved, tagged name)."""
    out = {}
    for call in plan["calls"]:
        if call["kind"] == "creative" and call["id"] in results:
            params = resolve(call.get("params", {}), results)
            if call["id"] in names:
                params["name"] = names[call["id"]]
            out[call["id"]] = params
    return out


def check_drift(client, plan: dict, results: dict[str, dict], names: dict[str, str]) -> list[Drift]:
    drift: list[Drift] = []
    for call_id, sent in sent_creatives(plan, results, names).items():
        fields = [f for f in READ_BACK_FIELDS if f in sent]
        now = client.get(results[call_id]["id"], {"fields": ",".join(fields)})
        for key in fields:
            drift += diff(call_id, {key: sent[key]}, {k: now[k] for k in (key,) if k in now})
    return drift


@dataclass
class AdReview:
    call_id: str
    ad_id: str
    effective_status: str = ""
    feedback: dict = field(default_factory=dict)
    rejections: list[str] = field(default_factory=list)  # "bodies asset body2 (...): ALCOHOL"

    @property
    def pending(self) -> bool:
        return self.effective_status in PENDING

    def describe(self) -> str:
        head = f"{self.call_id} (ad {self.ad_id}): {self.effective_status or 'unknown'}"
        return "\n".join([head] + [f"  rejected: {r}" for r in self.rejections])


def _reasons(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" if v else str(k) for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def map_feedback(feedback, index: AssetIndex) -> list[str]:
    """Rejections in ad_review_feedback, named by the assets they concern where the feedback says."""
    out: list[str] = []
    if not isinstance(feedback, dict):
        return out
    for scope in ("global", "placement_specific"):
        if isinstance(feedback.get(scope), dict) and feedback[scope]:
            out.append(f"the whole ad ({scope.replace('_', ' ')}): {_reasons(feedback[scope])}")
    for item in feedback.get("assets") or []:
        if not isinstance(item, dict):
            continue
        target = None
        if item.get("hash"):
            target = index.by_value("images", item["hash"])
        if target is None and item.get("text"):
            target = index.by_text(item["text"])
        target = target or f"an asset Meta calls {item.get('text') or item.get('hash') or item.get('id')!r}"
        out.append(f"{target}: {_reasons(item.get('reason') or item.get('reasons'))}")
    return out


def poll_review(client, plan: dict, results: dict[str, dict], index: AssetIndex, *, timeout: float = 0.0,
                interval: float = 30.0, sleep: Callable[[float], None] | None = None,
                cancel: threading.Event | None = None,
                on_update: Callable[[list[AdReview]], None] | None = None) -> list[AdReview]:
    """Reads effective_status and ad_review_feedback of each ad; polls again while some are
    pending, until ``timeout`` seconds have passed (0: read once)."""
    cancel = cancel or threading.Event()
    ads = [(c["id"], results[c["id"]]["id"]) for c in plan["calls"] if c["kind"] == "ad" and c["id"] in results]
    deadline = time.monotonic() + timeout
    waited = 0.0
    while True:
        reviews = []
        for call_id, ad_id in ads:
            answer = client.get(ad_id, {"fields": "effective_status,ad_review_feedback"})
            feedback = answer.get("ad_review_feedback") or {}
            reviews.append(AdReview(call_id, ad_id, str(answer.get("effective_status", "")), feedback,
                                    map_feedback(feedback, index)))
        if on_update:
            on_update(reviews)
        if not any(r.pending for r in reviews) or (time.monotonic() >= deadline and waited >= timeout):
            return reviews
        if sleep is not None:
            sleep(interval)
        elif cancel.wait(interval):
            raise Cancelled("review polling cancelled")
        waited += interval
