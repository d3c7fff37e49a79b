"""Runs the checks of a profile over a project: ``lint(project, profile=None) -> LintReport``.

Nothing here decodes an image: sizes come from the ImageAsset, file sizes from os.stat, so the
studio window can lint on every edit (benchmarks/lint_bench.py measures it).
"""
from __future__ import annotations

from dcstudio.core.lint.budget import BUDGET_CHECKS
from dcstudio.core.lint.checks_assets import ASSET_CHECKS
from dcstudio.core.lint.checks_campaign import CAMPAIGN_CHECKS
from dcstudio.core.lint.checks_catalog_ad import CATALOG_AD_CHECKS
from dcstudio.core.lint.checks_catalog_format import CATALOG_FORMAT_CHECKS
from dcstudio.core.lint.checks_catalog_template import CATALOG_TEMPLATE_CHECKS
from dcstudio.core.lint.checks_meta import META_CHECKS, check_page
from dcstudio.core.lint.checks_platforms import check_google, check_tiktok
from dcstudio.core.lint.checks_product_sets import PRODUCT_SET_CHECKS
from dcstudio.core.lint.checks_set_images import SET_IMAGE_CHECKS
from dcstudio.core.lint.checks_video import VIDEO_CHECKS
from dcstudio.core.lint.context import LintContext
from dcstudio.core.lint.exclusions import check_exclusions
from dcstudio.core.lint.findings import Finding, LintReport
from dcstudio.core.lint.policy import POLICY_CHECKS
from dcstudio.core.lint.rules import CATALOG_AD, GOOGLE, LINT_PROFILES, META, TIKTOK, lint_profile_of
from dcstudio.core.lint.score import strength
from dcstudio.core.model.approval import describe_left_out, without_rejected
from dcstudio.core.values.errors import BadInputError

PROFILE_CHECKS = {
    META: META_CHECKS + VIDEO_CHECKS + CAMPAIGN_CHECKS + ASSET_CHECKS + BUDGET_CHECKS + POLICY_CHECKS,
    # A catalog ad (lint/rules.py CATALOG_AD): no pools to check, one ad per product of its set.
    CATALOG_AD: CATALOG_AD_CHECKS + (check_page,) + PRODUCT_SET_CHECKS + SET_IMAGE_CHECKS + CATALOG_TEMPLATE_CHECKS
    + CATALOG_FORMAT_CHECKS,
    GOOGLE: ASSET_CHECKS + (check_google,) + POLICY_CHECKS,
    TIKTOK: ASSET_CHECKS + (check_tiktok,) + POLICY_CHECKS,
}


def profile_checks(profile: str) -> tuple:
    """The checks ``lint`` runs for ``profile`` (a platform lists them as its own). BadInputError
    for an unknown profile."""
    if profile not in LINT_PROFILES:
        raise BadInputError(f"profile {profile!r}: use one of {', '.join(LINT_PROFILES)}")
    return PROFILE_CHECKS[profile]


def lint(project, profile: str | None = None) -> LintReport:
    """Checks ``project`` against ``profile`` (default: the project's own; a Meta catalog ad's is
    ``CATALOG_AD``). Never raises on a bad project: every problem becomes a finding. BadInputError
    only for an unknown profile."""
    profile = lint_profile_of(project, profile)
    # The checks judge what ships: a rejected asset is left out of export and publish.
    project, left_out = without_rejected(project)
    ctx = LintContext(project, profile)
    for check in profile_checks(profile):
        check(ctx)
    for asset in left_out:
        ctx.report("approval.rejected", describe_left_out(asset), asset_id=asset.id,
                   hint="Replace it, or set it back to draft or approved to ship it.")
    adsets = check_exclusions(ctx) if profile == META else 1
    findings = sorted(ctx.findings, key=Finding.sort_key)
    return LintReport(profile, tuple(findings), strength(project, profile, findings), adsets)

