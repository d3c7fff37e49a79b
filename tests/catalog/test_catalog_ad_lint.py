"""A catalog ad's own lint profile: the catalog rules, the campaign rules as its plan sends them,
the page and the policy wording; none of dynamic creative's pool rules."""
from __future__ import annotations

import dataclasses
import shutil

import pytest

from dcstudio.cli import main
from dcstudio.core.lint import CATALOG_AD, lint, rules_for
from dcstudio.core.model.catalog_publish import CatalogPublish
from dcstudio.core.model.catalog_template import CatalogTemplate
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.platforms.meta.export.bundle import lint_errors
from dcstudio.core.values.profiles import META
from dcstudio.core.values.resources import demo_catalog_dir

# What dynamic creative's pools and feed are judged by: none of it applies to an ad Meta fills.
DC_POOL_RULES = ("meta.count.", "meta.recommended.", "meta.text.", "meta.image.", "meta.crop.", "meta.enhancements.",
                 "meta.campaign.objective", "meta.cta.", "meta.rules.", "meta.exclusions.", "meta.video.", "link.",
                 "files.", "assets.")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    copy = tmp_path_factory.mktemp("demo") / "demo"
    shutil.copytree(demo_catalog_dir(), copy)
    assert main(["catalog", "refresh", str(copy)]) == 0
    return copy


def test_the_demo_catalog_lints_as_a_catalog_ad_without_pool_findings(demo, capsys):
    project = load_project(demo)
    assert not any(project.pools.get(p) for p in ("images", "titles", "bodies", "call_to_actions"))
    assert [link.website_url for link in project.pools["link_urls"]] == ["https://shop.example.com/"]  # the end card
    report = lint(project)
    assert report.profile == CATALOG_AD
    found = {f.rule_id for f in report.findings}
    assert not [r for r in found if r.startswith(DC_POOL_RULES)], found
    # what it does report: the demo's one small image (NW-050) and the page not set yet
    assert "catalog.product_set.image_size" in found and "meta.page_id.missing" in found
    assert "catalog.campaign.link" not in found
    assert report.score.value > 0 and any("headline" in r.text for r in report.score.reasons)
    capsys.readouterr()
    assert main(["lint", str(demo)]) == 1
    out = capsys.readouterr().out
    assert "profile meta-catalog-ad" in out and "meta.count" not in out and "link_required" not in out
    # the export's gate is the same profile's errors
    assert sorted(f.rule_id for f in lint_errors(project)) == sorted(f.rule_id for f in report.errors)


def test_the_profile_lists_no_pool_rule_and_all_the_catalog_ad_rules():
    ids = {r.id for r in rules_for(CATALOG_AD)}
    assert not [r for r in ids if r.startswith(DC_POOL_RULES)]
    assert {"catalog.template.syntax", "catalog.overlay.position", "catalog.product_set.empty", "meta.page_id.missing",
            "meta.budget.minimum", "policy.alcohol", "catalog.campaign.objective", "catalog.campaign.link"} <= ids
    assert "meta.promoted_object.pixel" not in ids
    assert not [r.id for r in rules_for(META) if r.id.startswith("catalog.")]


def test_the_campaign_is_judged_as_the_catalog_plan_sends_it(demo):
    project = load_project(demo)
    project.campaign = dataclasses.replace(project.campaign, objective="OUTCOME_SALES",
                                          optimization_goal="OFFSITE_CONVERSIONS", promoted_object={}, page_id="")
    found = {f.rule_id for f in lint(project).findings}
    # the ad set's event comes from catalog_publish (PURCHASE), and no pixel is asked for
    assert not found & {"meta.promoted_object.event", "meta.promoted_object.pixel"}
    project.set_catalog_publish(CatalogPublish(custom_event_type="PURCHASE"))
    project.campaign = dataclasses.replace(project.campaign, objective="PRODUCT_CATALOG_SALES")
    objective = [f for f in lint(project).errors if f.rule_id == "catalog.campaign.objective"]
    assert objective and "PRODUCT_CATALOG_SALES" in objective[0].message
    assert "meta.campaign.objective" not in {f.rule_id for f in lint(project).findings}


def test_the_template_texts_get_the_policy_check(demo):
    project = load_project(demo)
    template = project.catalog_template
    project.set_catalog_template(dataclasses.replace(template, name="{{product.name}} with free beer!!!"))
    found = {(f.rule_id, f.field) for f in lint(project).findings}
    assert ("policy.alcohol", "catalog_template.name") in found
    assert ("policy.punctuation", "catalog_template.name") in found


def test_a_dynamic_creative_project_keeps_its_profile(tmp_path):
    assert main(["new", str(tmp_path / "dc"), "--name", "DC"]) == 0
    project = load_project(tmp_path / "dc")
    assert lint(project).profile == META
    project.set_catalog_template(CatalogTemplate(message="{{product.name}}"))
    # Meta's rules for a catalog ad are the catalog ad's, asked for by the platform's name too
    assert lint(project).profile == CATALOG_AD and lint(project, META).profile == CATALOG_AD
