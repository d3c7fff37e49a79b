"""The catalog block of the project file: saved, loaded, old files load, bad blocks are refused."""
from __future__ import annotations

import json

import pytest

from dcstudio.core.model.catalog_spec import CatalogSpec, ProductSet
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.model.project_format import PROJECT_FILE, dumps
from dcstudio.core.values.errors import ProjectFileError
from dcstudio.core.values.events import ChangeKind

SHA = "ab" * 32


def _spec(**changes) -> CatalogSpec:
    values = dict(source="catalog/feed.csv", sha256=SHA, profile="google-merchant",
                  mapping={"g:price": "price", "Preis": "sale_price"},
                  product_sets=(ProductSet("cheap", {"price_amount": {"lt": 1000}}),
                                ProductSet("all", {})))
    values.update(changes)
    return CatalogSpec(**values)


def test_the_catalog_round_trips_through_the_project_file(demo_project, demo_copy):
    heard = []
    demo_project.changed.connect(heard.append)
    assert demo_project.set_catalog(_spec()) is None
    assert [c.kind for c in heard] == [ChangeKind.SETTINGS_CHANGED] and heard[0].detail == {"section": "catalog"}
    save_project(demo_project)
    again = load_project(demo_copy)
    assert again.catalog == _spec()
    assert dumps(again) == dumps(demo_project)
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    assert doc["catalog"]["product_sets"][0] == {"name": "cheap", "filter": {"price_amount": {"lt": 1000}}}
    assert "rows" not in json.dumps(doc["catalog"])


def test_a_project_without_a_catalog_has_no_catalog_key_and_a_format_3_file_loads(demo_copy):
    project = load_project(demo_copy)
    assert project.catalog is None
    assert "catalog" not in json.loads(dumps(project))
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    doc["format_version"] = 3
    (demo_copy / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    assert load_project(demo_copy).catalog is None


def test_undo_puts_the_old_catalog_back(demo_project):
    first = _spec()
    demo_project.set_catalog(first)
    old = demo_project.set_catalog(_spec(sha256="cd" * 32))
    assert old == first
    demo_project.set_catalog(old)
    assert demo_project.catalog == first


@pytest.mark.parametrize("block, field, words", [
    ({"source": "f.csv", "sha256": "nothex", "profile": "meta-catalog"}, "catalog.sha256", "hex"),
    ({"source": "f.csv", "sha256": SHA, "profile": "tiktok"}, "catalog.profile", "meta-catalog"),
    ({"source": "", "sha256": SHA, "profile": "meta-catalog"}, "catalog.source", ""),
    ({"source": "f.csv", "sha256": SHA, "profile": "meta-catalog", "rows": [[1]]}, "catalog", "rows"),
    ({"source": "f.csv", "sha256": SHA, "profile": "meta-catalog",
      "product_sets": [{"name": "a", "filter": {}}, {"name": "a", "filter": {}}]}, "catalog", "two product sets"),
])
def test_a_bad_catalog_block_is_refused_naming_the_field(demo_copy, block, field, words):
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    doc["catalog"] = block
    (demo_copy / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProjectFileError) as err:
        load_project(demo_copy)
    assert err.value.field.startswith(field) and words in err.value.problem


def test_a_catalog_spec_refuses_an_unknown_profile():
    with pytest.raises(ValueError, match="meta-catalog"):
        _spec(profile="meta-dynamic-creative")
