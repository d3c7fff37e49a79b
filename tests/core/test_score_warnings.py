"""The strength score follows the warnings: fixing one raises it, and a refused text earns nothing."""
from __future__ import annotations

from dcstudio.core.lint import lint
from dcstudio.core.model.assets import TextAsset
from tests.core.lint_projects import clean_project


def test_fixing_a_warning_changes_the_score(tmp_path):
    project = clean_project(tmp_path)
    clean = lint(project)
    assert not clean.warnings
    project.update_asset("title1", text="Gear up for spring with light, tough kit made for long trails")
    warned = lint(project)
    assert warned.warnings and not warned.errors
    assert warned.score.value < clean.score.value
    assert any(r.effect < 0 and "title1" in r.text for r in warned.score.reasons)
    project.update_asset("title1", text="Gear up for spring")
    assert lint(project).score.value == clean.score.value


def test_a_title_over_the_limit_earns_no_short_and_long(tmp_path):
    project = clean_project(tmp_path)
    for asset in list(project.pools["titles"])[1:]:
        project.remove_asset(asset.id)
    project.add_asset("titles", TextAsset("", "Spring " * 50))  # 350 characters: the platform refuses it
    reasons = lint(project).score.reasons
    (variety,) = [r for r in reasons if r.text.startswith("titles:")]
    assert variety.effect == 0 and "no mix" in variety.text
