"""One test of an ad's kind: a project with a catalog template is a catalog ad, wherever it is
asked (previews, lint, plan, bundle, CLI), with or without a catalog of its own."""
from __future__ import annotations

import ast
from pathlib import Path

from dcstudio.cli import main
from dcstudio.core.model.catalog_template import CatalogTemplate, is_catalog_ad
from dcstudio.core.model.project import Project

ROOT = Path(__file__).resolve().parents[2] / "dcstudio"


def test_the_kind_has_one_definition():
    defined = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
               if any(isinstance(n, ast.FunctionDef) and n.name == "is_catalog_ad"
                      for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))]
    assert defined == ["core/model/catalog_template.py"]


def test_a_template_makes_a_catalog_ad_with_or_without_a_catalog():
    project = Project("Shop")
    assert not is_catalog_ad(project)
    project.set_catalog_template(CatalogTemplate(message="{{product.name}}"))
    assert is_catalog_ad(project) and project.catalog is None
    assert is_catalog_ad(project.snapshot())


def test_render_of_a_catalog_ad_without_a_catalog_says_what_is_missing(tmp_path, capsys):
    folder = tmp_path / "shop"
    assert main(["new", str(folder), "--name", "Shop"]) == 0
    from dcstudio.core.model.project_folder import load_project, save_project

    project = load_project(folder)
    project.set_catalog_template(CatalogTemplate(message="{{product.name}}"))
    save_project(project, folder)
    capsys.readouterr()
    assert main(["render", str(folder), "--out", str(tmp_path / "out")]) == 2
    assert "has no catalog: import a feed first" in capsys.readouterr().err
