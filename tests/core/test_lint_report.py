"""The report's shape, the score, the registry and its generated docs, the CTA enum, exclusions."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from facebook_business.adobjects.adassetfeedspec import AdAssetFeedSpec

from dcstudio.core.lint import RULES, Finding, lint, min_adsets_for_exclusions
from dcstudio.core.lint import docs as lint_docs
from dcstudio.core.lint.rules import SOURCES
from dcstudio.core.model.assets import CtaAsset
from dcstudio.core.values.errors import BadInputError
from tests.core.lint_projects import clean_project

ROOT = Path(__file__).resolve().parents[2]
FINDING_KEYS = {"rule_id", "severity", "message", "asset_id", "field", "hint", "source"}


def test_finding_is_frozen_and_serialises(tmp_path):
    project = clean_project(tmp_path)
    project.update_asset("title1", text="")
    report = lint(project)
    finding = report.errors[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.message = "x"  # type: ignore[misc]
    data = json.loads(json.dumps([f.to_dict() for f in report.findings]))
    assert all(set(item) == FINDING_KEYS for item in data)
    assert data[0] == {"rule_id": "meta.text.empty", "severity": "error", "message": "title title1 is empty",
                       "asset_id": "title1", "field": "text", "hint": finding.hint, "source": SOURCES["[OPT]"]}
    assert json.loads(json.dumps(report.to_dict()))["score"]["value"] == report.score.value


def test_errors_come_first_and_convenience_lists(tmp_path):
    project = clean_project(tmp_path)
    project.update_asset("title1", text="")  # error
    project.update_campaign(optimization_goal="LINK_CLICKS")  # warning
    project.remove_asset("desc5")  # info
    report = lint(project)
    assert [f.severity for f in report.findings] == ["error", "warning", "info"]
    assert [f.rule_id for f in report.errors] == ["meta.text.empty"]
    assert [f.rule_id for f in report.warnings] == ["meta.adset.optimization_goal"]
    assert report.for_asset("title1") == report.errors


def test_unknown_profile_is_bad_input(tmp_path):
    with pytest.raises(BadInputError, match="profile 'facebook'"):
        lint(clean_project(tmp_path), "facebook")


def test_registry_rules_are_well_formed():
    for rule in RULES.values():
        assert rule.source.startswith("https://") and rule.title and rule.profiles
        assert rule.id.count(".") >= 1 and rule.id == rule.id.lower()


def test_docs_rules_md_is_not_stale():
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == lint_docs.render(), "docs/rules.md is stale: run python -m dcstudio.core.lint.docs"
    for rule_id in RULES:
        assert f"`{rule_id}`" in committed


def test_docs_generator_check_mode(tmp_path, capsys):
    target = tmp_path / "rules.md"
    assert lint_docs.main([str(target), "--check"]) == 1
    assert lint_docs.main([str(target)]) == 0
    assert lint_docs.main([str(target), "--check"]) == 0
    assert "USD" in target.read_text() and "meta.count.titles" in target.read_text()


def test_cta_values_follow_the_official_sdk_enum(tmp_path):
    sdk = {v for k, v in vars(AdAssetFeedSpec.CallToActionTypes).items() if not k.startswith("_")}
    assert len(sdk) > 90
    project = clean_project(tmp_path)
    for value in sorted(sdk):
        project.update_asset("cta1", type=value)
        assert "meta.cta.unknown" not in lint(project).rule_ids(), value
    for value in ("SHOP_NOWW", "Shop now", "BUY_IT"):
        assert value not in sdk
        project.update_asset("cta1", type=value)
        assert "meta.cta.unknown" in lint(project).rule_ids(), value


def test_cta_with_the_same_button_words_is_a_near_duplicate(tmp_path):
    project = clean_project(tmp_path)
    project.add_asset("call_to_actions", CtaAsset("", "BOOK_TRAVEL"))
    project.add_asset("call_to_actions", CtaAsset("", "BOOK_NOW"))  # both read "Book now"
    (finding,) = [f for f in lint(project).findings if f.rule_id == "assets.near_duplicate"]
    assert finding.asset_id == "cta4" and "book now" in finding.message


def test_adsets_for_exclusions(demo_project):
    assert min_adsets_for_exclusions(demo_project) == 1
    demo_project.exclude("img1", "title1")
    assert min_adsets_for_exclusions(demo_project) == 2
    # A matching between three images and all three titles: each ad set can hold one image with
    # two titles at most, so covering the six allowed image-title pairs takes three.
    demo_project.exclude("img2", "title2")
    demo_project.exclude("img3", "title3")
    assert min_adsets_for_exclusions(demo_project) == 3
    report = lint(demo_project)
    assert report.adsets_needed == 3
    (finding,) = [f for f in report.findings if f.rule_id == "meta.exclusions.split_needed"]
    assert "3 ad sets" in finding.message and finding.severity == "warning"


def test_exclusion_an_ad_set_avoids_alone_needs_no_split(demo_project):
    # img1 with the only link: img1 can never run, so one ad set without img1 loses nothing.
    demo_project.exclude("img1", "link1")
    report = lint(demo_project)
    assert report.adsets_needed == 1 and "meta.exclusions.split_needed" not in report.rule_ids()


def test_score_reasons_explain_the_value(demo_project, tmp_path):
    demo = lint(demo_project).score
    assert demo.value == sum(r.effect for r in demo.reasons) and demo.label == "Good"
    full = lint(clean_project(tmp_path)).score
    assert full.value > demo.value and full.value >= 85 and full.label == "Excellent"
    demo_project.update_asset("title2", text="GEAR UP FOR SPRING")
    lowered = lint(demo_project).score
    assert any(r.effect < 0 and "title2" in r.text for r in lowered.reasons)
    assert lowered.value < demo.value


def test_score_drops_with_a_bad_crop(tmp_path):
    project = clean_project(tmp_path)
    before = lint(project).score.value
    image = project.pools["images"][0]
    project.update_asset(image.id, crop=dataclasses.replace(image.crop, left=500))
    after = lint(project).score
    assert after.value == before - 10 and any(image.id in r.text for r in after.reasons)


def test_lint_never_decodes_images(tmp_path):
    # The clean project's image files hold zero bytes of image data; a decode would fail.
    project = clean_project(tmp_path)
    assert (tmp_path / project.pools["images"][0].file).read_bytes().strip(b"\0") == b""
    assert lint(project).findings == ()


def test_finding_type_exported():
    assert Finding.__dataclass_params__.frozen
