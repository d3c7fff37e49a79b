"""The platform registry: every profile has its platform, with the checks lint runs for it, and the
exporter the export command and dialog use (Meta's bundle; none yet for Google and TikTok)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from dcstudio.core.lint import lint, profile_checks
from dcstudio.core.platforms.exporters import FOLDER, ZIP, LintErrors
from dcstudio.core.platforms.registry import (
    NoExporter,
    exporter_for,
    platform,
    platform_for_profile,
    platforms,
)
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.profiles import PROFILES, limits_for

NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def test_every_profile_a_project_can_have_belongs_to_one_platform():
    owners = {profile: [p.id for p in platforms() if profile in p.profiles] for profile in PROFILES}
    assert owners == {"meta-dynamic-creative": ["meta"], "google-responsive-display": ["google"],
                      "tiktok-aco": ["tiktok"]}
    assert [platform_for_profile(profile).id for profile in PROFILES] == ["meta", "google", "tiktok"]
    assert platform("google").profiles == ("google-responsive-display",)


def test_unknown_platform_or_profile_is_named():
    with pytest.raises(BadInputError, match=r"platform 'snap': use one of meta, google, tiktok"):
        platform("snap")
    with pytest.raises(BadInputError, match=r"profile 'snap-ads'"):
        platform_for_profile("snap-ads")


def test_a_platform_lists_the_checks_lint_runs_for_its_profile(demo_project):
    for p in platforms():
        assert p.checks() == profile_checks(p.profiles[0]) and p.checks()
    meta, google = platform("meta").checks(), platform("google").checks()
    assert len(set(meta) - set(google)) > 3 and len(set(google) - set(meta)) == 1
    # lint runs exactly those: a Google rule fires for Google only.
    assert any(f.rule_id.startswith("google.") for f in lint(demo_project, "google-responsive-display").findings)
    assert not any(f.rule_id.startswith("google.") for f in lint(demo_project).findings)


def test_limits_and_placements():
    meta = platform("meta")
    assert meta.limits().most["titles"] == 5 and meta.limits().total == 30
    assert platform("google").limits().most["images"] == 15
    assert platform("google").limits().texts["titles"].hard == 30
    assert platform("tiktok").limits().media == 10
    assert meta.limits() is limits_for("meta-dynamic-creative")  # the one table, not a copy
    assert meta.placements == ("feed-square", "feed-portrait", "story", "carousel")
    with pytest.raises(AttributeError):
        meta.limits().total = 31  # read-only: a caller cannot move a platform's limit


def test_meta_exports_the_bundle_through_its_exporter(demo_project, tmp_path):
    exporter = exporter_for(demo_project)
    assert exporter is platform("meta").default_exporter
    assert exporter.targets == (FOLDER, ZIP)
    assert "Marketing API calls" in exporter.describe(demo_project) and "one ad set" in exporter.describe(demo_project)
    seen = []
    plan = exporter.write(demo_project, tmp_path / "b", now=NOW, previews=False,
                          progress=lambda d, t: seen.append((d, t)))
    assert json.loads((tmp_path / "b" / "plan.json").read_text("utf-8")) == plan
    assert plan["summary"]["ads"] == 1 and seen[-1][0] == seen[-1][1]
    demo_project.update_campaign(page_id="")
    with pytest.raises(LintErrors):
        exporter.write(demo_project, tmp_path / "c", now=NOW, previews=False)


@pytest.mark.parametrize("profile, title", [("google-responsive-display", "Google responsive display ads"),
                                            ("tiktok-aco", "TikTok automated creative optimization")])
def test_a_platform_without_an_exporter_says_so(demo_project, profile, title):
    demo_project.set_project_settings(profile=profile)
    assert platform_for_profile(profile).default_exporter is None
    with pytest.raises(NoExporter) as info:
        exporter_for(demo_project)
    message = str(info.value)
    assert profile in message and title in message and "can lint but not export" in message
    assert "meta-dynamic-creative" in message
    assert isinstance(info.value, BadInputError)  # the CLI's exit 2
