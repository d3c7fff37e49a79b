"""The catalog ad's format, overlay and frame in the project file: an optional block that
round-trips, old files load without it, bad blocks are refused naming the field, and what it
adds to template_data is the SDK's fields and values."""
from __future__ import annotations

import json

import pytest
from facebook_business.adobjects.adcreativelinkdata import AdCreativeLinkData
from facebook_business.adobjects.adcreativelinkdataimagelayerspec import AdCreativeLinkDataImageLayerSpec
from facebook_business.adobjects.adcreativelinkdataimageoverlayspec import AdCreativeLinkDataImageOverlaySpec

from dcstudio.core.model.catalog_format import CatalogFormat, FrameLayer, ImageOverlay, product_image_url
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.model.project_format import FORMAT_VERSION, PROJECT_FILE, dumps
from dcstudio.core.values.errors import ProjectFileError
from dcstudio.core.values.events import ChangeKind

FORMAT = CatalogFormat(
    "single_image", ("STORY_PREFERRED", "summer"), 2,
    ImageOverlay("circle_with_text", "custom", "bottom_right", "background_ffffff_text_c91b00",
                 "pt_serif_bold", False, "free_shipping", ("{{product.price round}}",)),
    FrameLayer("assets/frame.png", "multiply", 70, 90, "top"))


def test_the_format_round_trips_through_the_project_file(demo_project, demo_copy):
    heard = []
    demo_project.changed.connect(heard.append)
    assert demo_project.set_catalog_format(FORMAT) is None
    assert heard[0].kind == ChangeKind.SETTINGS_CHANGED and heard[0].detail == {"section": "catalog_format"}
    save_project(demo_project)
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    assert doc["format_version"] == FORMAT_VERSION
    assert doc["catalog_format"]["frame"] == {"file": "assets/frame.png", "blending_mode": "multiply",
                                              "opacity": 70, "scale": 90, "overlay_position": "top"}
    again = load_project(demo_copy)
    assert again.catalog_format == FORMAT
    assert dumps(again) == dumps(demo_project)


def test_a_file_without_the_block_loads_and_saves_without_it(demo_copy):
    project = load_project(demo_copy)
    assert project.catalog_format is None
    assert "catalog_format" not in json.loads(dumps(project))


def test_a_bare_block_is_the_default_carousel(demo_copy):
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    doc["catalog_format"] = {}
    (demo_copy / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    assert load_project(demo_copy).catalog_format == CatalogFormat("carousel_images_multi_items")


@pytest.mark.parametrize("block, field, words", [
    ({"format_option": "carousel_of_things"}, "catalog_format.format_option", "carousel_of_things"),
    ({"image_overlay_spec": {"position": "middle"}}, "catalog_format.image_overlay_spec.position", "middle"),
    ({"image_overlay_spec": {"theme_color": "background_123456_text_ffffff"}},
     "catalog_format.image_overlay_spec.theme_color", "background_123456"),
    ({"image_overlay_spec": {"text_type": "PRICE"}}, "catalog_format.image_overlay_spec.text_type", "PRICE"),
    ({"image_overlay_spec": {"float_with_margin": "true"}}, "catalog_format.image_overlay_spec", ""),
    ({"frame": {"file": "../frame.png"}}, "catalog_format.frame.file", ".."),
    ({"frame": {"file": "f.png", "opacity": 101}}, "catalog_format.frame.opacity", ""),
    ({"frame": {"file": "f.png", "blending_mode": "screen"}}, "catalog_format.frame.blending_mode", "screen"),
    ({"frame": {"opacity": 50}}, "catalog_format.frame", "file"),
    ({"additional_image_index": 20}, "catalog_format.additional_image_index", ""),
    ({"image_layer_specs": []}, "catalog_format", "image_layer_specs"),
])
def test_a_bad_format_block_is_refused_naming_the_field(demo_copy, block, field, words):
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    doc["catalog_format"] = block
    (demo_copy / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProjectFileError) as err:
        load_project(demo_copy)
    assert err.value.field.startswith(field), err.value
    assert words in str(err.value)


def test_whole_numbers_written_as_floats_load_as_ints(demo_copy):
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    doc["catalog_format"] = {"additional_image_index": 1.0, "frame": {"file": "f.png", "opacity": 50.0}}
    (demo_copy / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    fmt = load_project(demo_copy).catalog_format
    assert fmt.additional_image_index == 1 and type(fmt.frame.opacity) is int


def _sdk_values(enum) -> set[str]:
    return {v for k, v in vars(enum).items() if not k.startswith("_")}


def test_template_data_fields_are_the_sdks():
    fields = FORMAT.template_data_fields(frame_image_hash="abc123")
    assert set(fields) <= set(AdCreativeLinkData._field_types)
    assert fields["format_option"] in _sdk_values(AdCreativeLinkData.FormatOption)
    overlay = fields["image_overlay_spec"]
    assert set(overlay) <= set(AdCreativeLinkDataImageOverlaySpec._field_types)
    enums = AdCreativeLinkDataImageOverlaySpec._get_field_enum_info()
    for key, value in overlay.items():
        kind = AdCreativeLinkDataImageOverlaySpec._field_types[key]
        if kind in enums:
            assert value in set(enums[kind]), (key, value)
    layer_enums = AdCreativeLinkDataImageLayerSpec._get_field_enum_info()
    for layer in fields["image_layer_specs"]:
        assert set(layer) <= set(AdCreativeLinkDataImageLayerSpec._field_types)
        for key, value in layer.items():
            kind = AdCreativeLinkDataImageLayerSpec._field_types[key]
            if kind in layer_enums:
                assert value in set(layer_enums[kind]), (key, value)
            elif kind == "int":
                assert isinstance(value, int)
    assert "image_layer_specs" not in FORMAT.template_data_fields()  # no hash, no layers


def test_additional_image_index_picks_the_image_the_ad_shows():
    product = {"image_link": "https://x.test/main.jpg",
               "additional_image_link": '["https://x.test/a.jpg", "https://x.test/b.jpg"]'}
    assert product_image_url(product, None) == "https://x.test/main.jpg"
    assert product_image_url(product, CatalogFormat(additional_image_index=1)) == "https://x.test/b.jpg"
    assert product_image_url(product, CatalogFormat(additional_image_index=5)) == "https://x.test/main.jpg"
    plain = {"image_link": "m", "additional_image_link": "https://x.test/a.jpg,https://x.test/b.jpg"}
    assert product_image_url(plain, CatalogFormat(additional_image_index=0)) == "https://x.test/a.jpg"


def test_the_window_command_undoes_and_redoes(demo_project):
    from dcstudio.qt.commands import SetCatalogFormatCommand

    demo_project.set_catalog_format(CatalogFormat("single_image"))
    command = SetCatalogFormatCommand(demo_project, FORMAT)
    command.redo()
    assert demo_project.catalog_format == FORMAT
    command.undo()
    assert demo_project.catalog_format == CatalogFormat("single_image")
