"""The catalog ad's template in the project file: an optional block that round-trips, old files load
without it, bad blocks are refused naming the field, and the window's command undoes it."""
from __future__ import annotations

import json

import pytest

from dcstudio.core.model.catalog_template import CatalogTemplate, TemplateUrlSpec
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.model.project_format import FORMAT_VERSION, PROJECT_FILE, dumps
from dcstudio.core.values.errors import ProjectFileError
from dcstudio.core.values.events import ChangeKind

TEMPLATE = CatalogTemplate(
    message="{{product.name | titleize}} for {{product.current_price strip_zeros}}",
    name="{{product.brand}}", description="{{product.description}}", call_to_action_type="BUY_NOW",
    multi_share_end_card=False,
    template_url_spec=TemplateUrlSpec(
        web={"url": "http://clicktrack.com/x?id={{product.retailer_id | urlencode}}"},
        ios={"url": "shop://p/{{product.retailer_id}}", "app_store_id": "123", "app_name": "Shop"},
        android={"url": "shop://p/{{product.retailer_id}}", "package": "com.shop", "app_name": "Shop"}))


def test_the_template_round_trips_through_the_project_file(demo_project, demo_copy):
    heard = []
    demo_project.changed.connect(heard.append)
    assert demo_project.set_catalog_template(TEMPLATE) is None
    assert heard[0].kind == ChangeKind.SETTINGS_CHANGED and heard[0].detail == {"section": "catalog_template"}
    save_project(demo_project)
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    assert doc["format_version"] == FORMAT_VERSION
    assert doc["catalog_template"]["template_url_spec"]["ios"] == {
        "url": "shop://p/{{product.retailer_id}}", "app_store_id": "123", "app_name": "Shop"}
    again = load_project(demo_copy)
    assert again.catalog_template == TEMPLATE
    assert dumps(again) == dumps(demo_project)


def test_a_file_without_the_block_loads_and_saves_without_it(demo_copy):
    project = load_project(demo_copy)
    assert project.catalog_template is None
    assert "catalog_template" not in json.loads(dumps(project))


def test_a_template_with_an_unknown_tag_still_opens(demo_project, demo_copy):
    # The lint names the tag; the file must not become unopenable over a typo.
    demo_project.set_catalog_template(CatalogTemplate(message="{{product.colour}}"))
    save_project(demo_project)
    assert load_project(demo_copy).catalog_template.message == "{{product.colour}}"


@pytest.mark.parametrize("block, field, words", [
    ({"call_to_action_type": "CLICK_HERE"}, "catalog_template", "CLICK_HERE"),
    ({"multi_share_end_card": "yes"}, "catalog_template.multi_share_end_card", ""),
    ({"template_url_spec": {"web": {"package": "x"}}}, "catalog_template.template_url_spec", ""),
    ({"message": 5}, "catalog_template.message", ""),
    ({"value": {"link": "x"}}, "catalog_template", ""),
])
def test_a_bad_template_block_is_refused_naming_the_field(demo_copy, block, field, words):
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    doc["catalog_template"] = block
    (demo_copy / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProjectFileError) as err:
        load_project(demo_copy)
    assert err.value.field.startswith(field) and words in err.value.problem


def test_the_window_command_undoes_and_redoes(demo_project):
    from dcstudio.qt.commands import SetCatalogTemplateCommand

    demo_project.set_catalog_template(CatalogTemplate(message="old"))
    command = SetCatalogTemplateCommand(demo_project, TEMPLATE)
    command.redo()
    assert demo_project.catalog_template == TEMPLATE
    command.undo()
    assert demo_project.catalog_template == CatalogTemplate(message="old")
