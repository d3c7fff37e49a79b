"""The ad's locale (catalog_template.locale): saved in the project file, refused when unknown, and
the one locale the product previews, render, preview-text and the template's counts write prices
for; never in the published template_data."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from dcstudio.cli import main
from dcstudio.core.catalog.product_space import SINGLE_IMAGE, ProductSpace
from dcstudio.core.model.catalog_template import CatalogTemplate
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.model.project_format import PROJECT_FILE, dumps
from dcstudio.core.values.errors import ProjectFileError
from tests.catalog.product_catalogs import catalog_project, local_images, product_row


@pytest.fixture
def shop(tmp_path):
    links = local_images(tmp_path / "shop" / "feed", 2)
    project = catalog_project(tmp_path / "shop", [product_row(n, links[n], price="1234.50 EUR") for n in range(2)])
    project.set_catalog_template(CatalogTemplate(message="Now {{product.price}}", locale="de_DE"))
    save_project(project)
    return project


def test_the_locale_is_saved_and_read_back_and_absent_when_default(shop):
    doc = json.loads((shop.folder / PROJECT_FILE).read_text("utf-8"))
    assert doc["catalog_template"]["locale"] == "de_DE"
    again = load_project(shop.folder)
    assert again.catalog_template.locale == "de_DE" and dumps(again) == dumps(shop)
    shop.set_catalog_template(replace(shop.catalog_template, locale=""))
    save_project(shop)
    doc = json.loads((shop.folder / PROJECT_FILE).read_text("utf-8"))
    assert "locale" not in doc["catalog_template"]
    assert load_project(shop.folder).catalog_template.ad_locale == "en_US"


@pytest.mark.parametrize("bad, words", [("xx_YY", "unknown locale"), ("de-DE", "write it as de_DE"),
                                        ("de_de", "write it as de_DE")])
def test_a_bad_locale_is_refused_naming_the_field(shop, bad, words):
    doc = json.loads((shop.folder / PROJECT_FILE).read_text("utf-8"))
    doc["catalog_template"]["locale"] = bad
    (shop.folder / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProjectFileError) as caught:
        load_project(shop.folder)
    assert "catalog_template" in str(caught.value)
    with pytest.raises(ValueError, match=words):
        CatalogTemplate(locale=bad)


def test_previews_render_and_preview_text_write_prices_for_it(shop, tmp_path, capsys):
    space = ProductSpace.build(shop, cache=tmp_path / "c", fmt=SINGLE_IMAGE)
    assert space.locale == "de_DE"
    assert space.content(space[0], "feed-square").body == "Now 1.234,50\u00a0\u20ac"
    assert ProductSpace.build(shop, cache=tmp_path / "c", locale="en_US").locale == "en_US"
    capsys.readouterr()
    assert main(["catalog", "preview-text", str(shop.folder)]) == 0
    out = capsys.readouterr().out
    assert "locale de_DE" in out and "1.234,50\u00a0\u20ac" in out
    # render and sheet build their space from their options: the template's locale unless --ad-locale
    import argparse

    from dcstudio.commands.product_options import add_product_options, product_space

    parser = argparse.ArgumentParser()
    add_product_options(parser)
    assert product_space(shop, parser.parse_args(["--offline"])).locale == "de_DE"
    assert product_space(shop, parser.parse_args(["--offline", "--ad-locale", "fr_FR"])).locale == "fr_FR"


def test_the_locale_is_not_published(shop):
    from dcstudio.core.model.catalog_publish import CatalogPublish
    from dcstudio.core.platforms.meta.export.catalog_plan import template_data

    data = template_data(shop, CatalogPublish(link="https://shop.example/"))
    assert "locale" not in json.dumps(data)
