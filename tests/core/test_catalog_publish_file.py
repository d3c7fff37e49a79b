"""The project file's catalog_publish block: saved and read back, defaults left out, a bad value
refused naming the block, and a file without it opening as before."""
from __future__ import annotations

import json

import pytest

from dcstudio.core.model.catalog_publish import CatalogPublish
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.model.project_format import PROJECT_FILE
from dcstudio.core.values.errors import ProjectFileError

SETTINGS = CatalogPublish(catalog_id="880000000000001", feed_mode="schedule", schedule_interval="WEEKLY",
                          schedule_hour=5, product_set="Shirts", custom_event_type="ADD_TO_CART",
                          link="https://shop.example/", url_tags="utm_content={{product.retailer_id}}")


def test_saved_and_read_back_with_only_what_differs_from_the_defaults(tmp_path):
    project = Project("p", folder=tmp_path)
    project.set_catalog_publish(SETTINGS)
    save_project(project)
    doc = json.loads((tmp_path / PROJECT_FILE).read_text("utf-8"))
    assert "business_id" not in doc["catalog_publish"] and doc["catalog_publish"]["schedule_hour"] == 5
    assert load_project(tmp_path).catalog_publish == SETTINGS
    project.set_catalog_publish(None)
    save_project(project)
    assert load_project(tmp_path).catalog_publish is None


@pytest.mark.parametrize("block, word", [
    ({"catalog_id": "12ab"}, "catalog_publish"),
    ({"feed_mode": "ftp"}, "catalog_publish"),
    ({"schedule_hour": 24}, "catalog_publish"),
    ({"custom_event_type": "BUY_STUFF"}, "custom_event_type"),
    ({"url_tags": "x={{product.sku}}"}, "product.sku"),
    ({"link": "shop.example"}, "link"),
    ({"colour": "red"}, "catalog_publish"),
])
def test_a_bad_block_is_refused_naming_it(tmp_path, block, word):
    project = Project("p", folder=tmp_path)
    save_project(project)
    path = tmp_path / PROJECT_FILE
    doc = json.loads(path.read_text("utf-8"))
    doc["catalog_publish"] = block
    path.write_text(json.dumps(doc))
    with pytest.raises(ProjectFileError, match=word):
        load_project(tmp_path)
