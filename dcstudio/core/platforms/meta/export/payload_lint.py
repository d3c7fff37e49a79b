"""The payload checks (``check_creative_payload``) run on what would really be sent: the creatives
of a project's plan, of a plan.json, or of a creative or feed file being imported.

The linter cannot build a plan (it sits below the platforms), so the export's lint gate, ``dcstudio
lint`` and ``import-spec`` come here for these findings.
"""
from __future__ import annotations

import dataclasses

from dcstudio.core.lint import Finding, LintReport, check_creative_payload
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.values.errors import DcError
from dcstudio.core.values.profiles import META


def plan_payload_findings(plan: dict) -> list[Finding]:
    """The payload findings of every creative in ``plan`` with the ad set it goes in (creative-N
    goes in adset-N) and the campaign's objective; a finding several creatives share is given once."""
    calls = [c for c in plan.get("calls") or [] if isinstance(c, dict)]
    params = {c.get("id"): c.get("params") if isinstance(c.get("params"), dict) else {} for c in calls}
    objective = params.get("campaign", {}).get("objective")
    findings = []
    for call in calls:
        if call.get("kind") != "creative":
            continue
        suffix = str(call.get("id", "")).rpartition("-")[2]
        findings += check_creative_payload(params[call.get("id")], params.get(f"adset-{suffix}"), objective)
    return _unique(findings)


def project_payload_findings(project) -> list[Finding]:
    """The payload findings of the creatives ``project``'s export would send; none when no plan
    can be built (a missing or unreadable image, an empty pool: the project's lint and the export
    say why) or it is not a Meta project."""
    if project.profile != META:
        return []
    try:
        plan = build_plan(project)
    except DcError:
        return []
    return plan_payload_findings(plan)


def file_payload_findings(doc: dict, kind: str) -> list[Finding]:
    """The payload findings of an import-spec file, read as ``importer.kind_of`` tells: a plan, a
    creative, a GET answer's first creative (as imported) or a bare feed."""
    if kind == "plan":
        return plan_payload_findings(doc)
    if kind == "catalog-creative":  # its template's rules run on the project (lint)
        return []
    if kind == "creative-list":
        doc = doc["data"][0]
    return check_creative_payload(doc if kind != "feed" else {"asset_feed_spec": doc})


def with_payload_findings(report: LintReport, project) -> LintReport:
    """``report`` with the payload findings of ``project``'s export added (for the Meta profile).
    A rule the project's own checks already reported (the 191x100 crop) is not reported again:
    their finding names the asset, the payload's only its place in the feed."""
    if report.profile != META:
        return report
    reported = report.rule_ids()
    extra = [f for f in project_payload_findings(project) if f.rule_id not in reported]
    if not extra:
        return report
    return dataclasses.replace(report, findings=tuple(sorted((*report.findings, *extra), key=Finding.sort_key)))


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))
