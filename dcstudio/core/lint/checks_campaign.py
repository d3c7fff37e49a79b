"""The campaign settings, as the one rule set of dcstudio/core/model/campaign_rules.py judges them:
the linter reports exactly what the Campaign form shows next to its fields."""
from __future__ import annotations

from dcstudio.core.lint.context import LintContext
from dcstudio.core.model.campaign_rules import campaign_problems
from dcstudio.core.values.placements import export_placement


def check_campaign_settings(ctx: LintContext) -> None:
    project = ctx.project
    links = [link.website_url for link in ctx.pool("link_urls")]
    # The placement the export's previews show: manual placements must deliver it.
    previewed = [export_placement(project.ad_format).id]
    for problem in campaign_problems(project.campaign, link_urls=links, preview_placements=previewed):
        ctx.report(problem.rule_id, problem.message, field=problem.field, hint=problem.hint)


CAMPAIGN_CHECKS = (check_campaign_settings,)
