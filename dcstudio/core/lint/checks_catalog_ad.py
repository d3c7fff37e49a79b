"""The checks of a catalog ad that are not its catalog's: its campaign settings as the catalog plan
sends them, and the policy wording of its template texts.

The campaign settings go through the one rule set (model/campaign_rules.py) with what a catalog
ad set promotes: its product set and ``catalog_publish.custom_event_type`` (the plan's ad set
takes the event from there, not from ``campaign.promoted_object``), and the shop's link. The
profile (lint/rules.py ``CATALOG_AD``) leaves the pixel rule out: a catalog ad set optimizes
for the event of the catalog's connected pixel.
"""
from __future__ import annotations

import dataclasses

from dcstudio.core.lint.checks_catalog_template import FIELD_NAMES
from dcstudio.core.lint.policy import check_wording
from dcstudio.core.model.campaign_rules import campaign_problems
from dcstudio.core.model.catalog_publish import (
    CATALOG_OBJECTIVE,
    LEGACY_CATALOG_OBJECTIVES,
    promoted_set_problem,
    settings_of,
    shop_link,
)
from dcstudio.core.values.placements import export_placement


def check_catalog_campaign(ctx) -> None:
    project = ctx.project
    c = project.campaign
    settings = settings_of(project)
    if c.objective in LEGACY_CATALOG_OBJECTIVES:
        ctx.report("catalog.campaign.objective", f"objective {c.objective} can no longer make a campaign (Marketing "
                   "API v17.0 on)", field="campaign.objective",
                   hint=f"choose {CATALOG_OBJECTIVE}: the campaign promotes the catalog "
                        "(promoted_object.product_catalog_id)")
    promoted = {k: v for k, v in (c.promoted_object or {}).items() if k == "pixel_id"}
    promoted["custom_event_type"] = settings.custom_event_type
    sent = dataclasses.replace(c, promoted_object=promoted)
    link = shop_link(project, settings)
    links = [link] if link else []
    if not link:  # the plan's template_data.link
        ctx.report("catalog.campaign.link", "the catalog ad has no shop address: its template_data.link (the "
                   "carousel's end card) would be empty", field="catalog_publish.link",
                   hint="add the shop's web address to the Links pool (dcstudio new --catalog: --link; export "
                        "and publish: --shop-link)")
    problem = promoted_set_problem(project, settings)
    if problem:  # the plan's ad set promotes it (catalog_plan._set_calls)
        ctx.report("catalog.campaign.product_set", problem, field="catalog_publish.product_set",
                   hint="a set of all products is the filter {}")
    previewed = [export_placement(project.ad_format).id]
    for problem in campaign_problems(sent, link_urls=links, preview_placements=previewed):
        ctx.report(problem.rule_id, problem.message, field=problem.field, hint=problem.hint)


def check_template_wording(ctx) -> None:
    template = getattr(ctx.project, "catalog_template", None)
    if template is None:
        return
    for name, text in template.texts().items():
        if text:
            check_wording(ctx, f"the {FIELD_NAMES[name]}", text, field=f"catalog_template.{name}")


CATALOG_AD_CHECKS = (check_catalog_campaign, check_template_wording)
