"""The calls of a dcstudio plan.json, picked by kind, their params checked to be objects."""
from __future__ import annotations

from dcstudio.core.platforms.meta.export.spec_fields import fail


def calls_of(plan: dict, kind: str) -> list[dict]:
    return [c for c in plan["calls"] if c.get("kind") == kind]


def params_of(call: dict, source) -> dict:
    params = call.get("params")
    if not isinstance(params, dict):
        fail(source, f"calls.{call.get('id')}.params", "must be an object")
    return params


def plan_feeds(plan: dict, source) -> tuple[list[dict], dict]:
    """The asset_feed_spec of each creative call, and the first creative's params."""
    creatives = [params_of(c, source) for c in calls_of(plan, "creative")]
    if not creatives:
        fail(source, "calls", "has no creative call")
    feeds = []
    for params in creatives:
        feed = params.get("asset_feed_spec")
        if not isinstance(feed, dict):
            fail(source, "calls.creative.params.asset_feed_spec", "must be an object")
        feeds.append(feed)
    return feeds, creatives[0]
