"""The rule linter: a project checked against the platform's dynamic-creative rules before anything
is sent. Sources: the reference notes (Meta's Marketing API pages, the official SDK, Google's and
TikTok's help); every rule links the page that states it. docs/rules.md lists them all.

Interfaces (others build on these names):

``lint(project, profile=None) -> LintReport``
    ``profile`` defaults to ``project.profile``: "meta-dynamic-creative",
    "google-responsive-display" or "tiktok-aco"; an unknown one raises BadInputError. Fast enough
    for every edit (no image is decoded: sizes come from ImageAsset, file sizes from os.stat).

``profile_checks(profile) -> tuple``
    The checks ``lint`` runs for a profile (``PROFILE_CHECKS`` in ``engine``, one table): the
    platform registry above points at them; lint itself knows no platform.

``LintReport``
    ``findings`` (tuple of Finding, errors first), ``errors`` / ``warnings`` / ``infos`` (lists),
    ``score`` (Score: ``value`` 0-100, ``label``, ``reasons``: ScoreReason(``text``, signed
    ``effect``)), ``adsets_needed`` (ad sets the exclusions need), ``for_asset(id)``, ``to_dict()``.

``Finding`` (frozen dataclass)
    ``rule_id`` (stable, e.g. "meta.count.titles"), ``severity`` ("error" = the API would reject
    it, "warning" = it would run badly or breaks a best practice, "info"), ``message`` (names the
    asset), ``asset_id`` or None, ``field`` or None (e.g. "campaign.objective", "text", "crop"),
    ``hint`` (how to fix), ``source`` (URL of the page stating the rule), ``to_dict()`` for JSON.

``RULES``
    id -> Rule(id, severity, title, source, ref, profiles, note): the registry docs/rules.md is
    generated from (``python -m dcstudio.core.lint.docs``; a test fails when the file is stale).

``exclusions.min_adsets_for_exclusions(project) -> int``
    How many dynamic-creative ad sets the exclusions need (1: no split; 0: nothing left). It asks
    ``dcstudio.core.model.adset_split`` (the export's split), so both always agree.

``check_creative_payload(creative_dict, adset=None, objective=None) -> list[Finding]``
    Checks an ad creative payload (and the ad set it goes in) for what the API refuses and a project
    may not express: asset customization rules and their labels and positions, a video in both
    object_story_spec and the feed, feed videos without a thumbnail, a lead form without its id...
    (``checks_payload``). The export (``platforms.meta.export.payload_lint``) runs it on the
    creatives it would send, for ``dcstudio lint``, the export's lint gate and import-spec.

``lint_catalog(store, profile=None, *, images=False, progress=None, cancel=None) -> CatalogReport``
    A product catalog (``dcstudio.core.catalog.store.CatalogStore``) checked against the feed rules
    of "meta-catalog" or "google-merchant" (``catalog_lint``). ``CatalogReport.findings``: each a
    ``CatalogFinding`` (rule_id, severity, row, line, column, value, message, fix, source);
    ``.counts``: rule id -> how many; ``.notes`` (e.g. images skipped offline); ``write_csv(path)``.

Budget rates are assumed, per currency, in ``budget.ASSUMED_RATES`` (units per US dollar).
"""
from dcstudio.core.lint.catalog_lint import lint_catalog
from dcstudio.core.lint.catalog_report import CatalogFinding, CatalogReport
from dcstudio.core.lint.checks_payload import check_creative_payload
from dcstudio.core.lint.engine import lint, profile_checks
from dcstudio.core.lint.exclusions import min_adsets_for_exclusions
from dcstudio.core.lint.findings import SEVERITIES, Finding, LintReport, Rule, Score, ScoreReason
from dcstudio.core.lint.rules import ALL_PROFILES, CATALOG_AD, LINT_PROFILES, RULES, lint_profile_of, rules_for

__all__ = ["lint", "profile_checks", "check_creative_payload", "min_adsets_for_exclusions", "Finding", "LintReport",
           "Rule", "Score", "ScoreReason", "RULES", "SEVERITIES", "ALL_PROFILES", "CATALOG_AD", "LINT_PROFILES",
           "lint_profile_of", "rules_for", "lint_catalog", "CatalogFinding", "CatalogReport"]
