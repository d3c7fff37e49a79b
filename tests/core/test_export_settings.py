"""Export settings on the project: the setter, format 2, the 1 -> 2 migration, the schema."""
from __future__ import annotations

import json

import pytest

from dcstudio.core.model.project import DEFAULT_API_VERSION, ExportSettings, Project
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.model.project_format import FORMAT_VERSION, MIGRATIONS, PROJECT_FILE, dumps
from dcstudio.core.values.errors import ProjectFileError


def test_setter_emits_settings_changed_and_returns_old():
    p = Project("P")
    seen = []
    p.changed.connect(seen.append)
    old = p.set_export_settings(ExportSettings(naming_template="{project}-{n}", api_version="v26.0"))
    assert old == ExportSettings() and old.api_version == DEFAULT_API_VERSION == "v25.0"
    assert [(c.kind, c.detail) for c in seen] == [("settings_changed", {"section": "export"})]
    p.set_export_settings(p.export)  # no change, no event
    assert len(seen) == 1


@pytest.mark.parametrize("kwargs, words", [
    ({"naming_template": "{project}-{nope}"}, "{nope}"),
    ({"naming_template": "  "}, "empty"),
    ({"url_tags_template": "utm_content={image"}, "unmatched brace"),
    ({"url_tags_template": "x={headline}"}, "{headline}"),
    ({"api_version": "25"}, "v25.0"),
])
def test_bad_settings_are_refused(kwargs, words):
    with pytest.raises(ValueError, match=words.replace("{", r"\{").replace("}", r"\}")):
        ExportSettings(**kwargs)


def test_meta_dynamic_parameters_pass_validation():
    ExportSettings(url_tags_template="ad={{ad.id}}&utm_content={image}")


def test_format_2_round_trip_keeps_settings(demo_project, demo_copy):
    assert FORMAT_VERSION >= 2
    demo_project.set_export_settings(ExportSettings("{project} {level} {n}", "utm_term={title}", "v26.0"))
    demo_project.remote_images["img1"] = {"hash": "abc123"}
    save_project(demo_project)
    again = load_project(demo_copy)
    assert again.export == demo_project.export and again.remote_images == {"img1": {"hash": "abc123"}}
    assert dumps(again) == dumps(demo_project)


def test_migration_1_to_2_adds_the_defaults(demo_copy):
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    doc["format_version"] = 1
    del doc["export"]
    migrated = MIGRATIONS[1](dict(doc))
    assert migrated["export"] == {"naming_template": ExportSettings().naming_template,
                                  "url_tags_template": "", "api_version": "v25.0"}
    (demo_copy / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    project = load_project(demo_copy)
    assert project.export == ExportSettings()
    assert len(project.pools["images"]) == 5
    save_project(project)
    assert json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))["format_version"] == FORMAT_VERSION


def test_bad_export_block_names_the_field(demo_copy):
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    doc["export"]["api_version"] = "latest"
    (demo_copy / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProjectFileError, match="export.api_version"):
        load_project(demo_copy)
    doc["export"] = {"naming_template": "{bad}"}
    (demo_copy / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProjectFileError, match="export.*bad"):
        load_project(demo_copy)


def test_remote_image_of_unknown_asset_is_refused(demo_copy):
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    doc["remote_images"] = {"img99": {"hash": "abc"}}
    (demo_copy / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProjectFileError, match="img99"):
        load_project(demo_copy)


def test_demo_sets_templates(demo_project):
    assert demo_project.export.naming_template == "{project}-{objective}-{date}"
    assert "{image}" in demo_project.export.url_tags_template
