""""Replace this asset" on a Low asset: the next version of the ad, through the same lint,
export and publish as any other.

A dynamic creative ad set holds one ad, so the next version is a new ad set: the plan of the
new project state, with the campaign call left out and its ad sets placed in the campaign the
journal recorded (when one did), so publishing it adds an ad set, its images, creative and ad.
The original project is never changed: the caller (the window's command, with undo) takes
``NextVersion.project`` as the new state.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from dcstudio.core.insights.judge import LOW, Judgement
from dcstudio.core.lint.engine import lint
from dcstudio.core.platforms.meta.export.plan_builder import build_plan, ref
from dcstudio.core.platforms.meta.insights.published import published_ads
from dcstudio.core.values.errors import BadInputError


@dataclass
class NextVersion:
    project: object  # the new project state (a snapshot of the original, edited)
    replaced: str  # the Low asset's id (now rejected: left out of export and publish)
    replacement: str  # the new asset's id
    lint: object  # the LintReport of the new state
    plan: dict  # its export plan (a new ad set; no campaign call when the journal names one)
    campaign_id: str | None


def _into_campaign(plan: dict, campaign_id: str) -> dict:
    """The plan without its campaign call, its ad sets in ``campaign_id``."""
    text = json.dumps([c for c in plan["calls"] if c["kind"] != "campaign"])
    calls = json.loads(text.replace(json.dumps(ref("campaign", "id")), json.dumps(campaign_id)))
    summary = dict(plan.get("summary", {}), campaigns=0)
    return {**plan, "calls": calls, "summary": summary}


def plan_in_campaign(project, campaign_id: str, *, api_version: str | None = None) -> dict:
    """The export plan of ``project`` as a new ad set of ``campaign_id`` (no campaign call): what
    the window's "Publish as a new ad set…" sends for the next version."""
    return _into_campaign(build_plan(project, api_version=api_version), campaign_id)


def next_version(project, asset_id: str, replacement, *, judgement: Judgement | None = None,
                 campaign_id: str | None = None, now: datetime | None = None) -> NextVersion:
    """The project with ``asset_id`` (Low in ``judgement`` when given) rejected and
    ``replacement`` (an asset of the same pool; its id may be empty) added after it."""
    try:
        pool = project.pool_of(asset_id)
    except KeyError:
        raise BadInputError(f"no asset {asset_id!r} in the project") from None
    if judgement is not None:
        labels = [a.label for a in judgement.assets if a.project_id == asset_id and a.version == "current"]
        if LOW not in labels:
            raise BadInputError(f"{asset_id} is not Low in the insights ({', '.join(labels) or 'no rows'}): only a "
                                "Low asset is replaced from the report")
    snap = project.snapshot()
    new = snap.add_asset(pool, replace(replacement, id=""), snap.index_of(asset_id) + 1)
    when = judgement.last_day if judgement is not None and judgement.last_day else "the insights"
    snap.set_approval(asset_id, "rejected", f"Low in the insights up to {when}; replaced by {new.id}")
    if campaign_id is None and project.folder is not None:
        campaigns = [ad.campaign_id for ad in published_ads(project.folder) if ad.campaign_id]
        campaign_id = campaigns[-1] if campaigns else None
    plan = build_plan(snap, now=now)
    if campaign_id:
        plan = _into_campaign(plan, campaign_id)
    return NextVersion(snap, asset_id, new.id, lint(snap), plan, campaign_id)
