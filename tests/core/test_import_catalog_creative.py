"""import-spec of a catalog ad's creative as the Graph API returns it (tests/corpus/catalog_*.json):
the template, the product set and the Page come in, what the project cannot hold is named, and
an export with the catalog's id gives the same template_data back."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dcstudio.cli import main
from dcstudio.core.model.project_folder import load_project

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FILES = sorted(CORPUS.glob("catalog_*.json"))


def _run(argv, capsys):
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_the_corpus_holds_a_catalog_creative_with_its_source():
    assert FILES
    sources = (CORPUS / "SOURCES.md").read_text("utf-8")
    assert all(p.name in sources for p in FILES)


def test_the_sdk_sample_imports_as_a_catalog_ad(tmp_path, capsys):
    source = CORPUS / "catalog_sdk_dynamic_ad_template.json"
    rc, out, err = _run(["import-spec", source, tmp_path / "p"], capsys)
    assert rc == 0, out + err
    project = load_project(tmp_path / "p")
    t = project.catalog_template
    assert (t.message, t.name, t.description) == ("Test {{product.name | titleize}}", "Headline {{product.price}}",
                                                  "Description {{product.description}}")
    assert t.call_to_action_type == "INSTALL_MOBILE_APP" and t.multi_share_end_card is True
    s = project.catalog_publish
    assert s.product_set_id == "230000000000001" and s.link == "http://www.example.com/appstoreurl"
    assert project.campaign.page_id == "104881223453210"
    assert "call_to_action.value: left out" in out and "answer fields left out: id" in out
    assert "--catalog-id" in out


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_import_then_export_gives_the_same_template_data(path, tmp_path, capsys):
    rc, out, err = _run(["import-spec", path, tmp_path / "p"], capsys)
    assert rc == 0, out + err
    rc, out, err = _run(["export", tmp_path / "p", "--out", tmp_path / "out", "--no-previews"], capsys)
    assert rc == 2 and "--catalog-id" in err and err.count("\n") == 1  # the creative does not name its catalog
    rc, out, err = _run(["export", tmp_path / "p", "--out", tmp_path / "out", "--no-previews",
                         "--catalog-id", "880000000000001"], capsys)
    assert rc == 0, out + err
    plan = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    assert [c["kind"] for c in plan["calls"]] == ["campaign", "adset", "creative", "ad"]  # the set exists
    doc = json.loads(path.read_text("utf-8"))
    creative = next(c for c in plan["calls"] if c["kind"] == "creative")["params"]
    assert creative["product_set_id"] == doc["product_set_id"]
    sent = creative["object_story_spec"]["template_data"]
    given = dict(doc["object_story_spec"]["template_data"])
    given["call_to_action"] = {"type": given["call_to_action"]["type"]}  # the value is named and left out
    assert {k: v for k, v in sent.items() if k != "multi_share_end_card"} == given
    campaign = next(c for c in plan["calls"] if c["kind"] == "campaign")["params"]
    assert campaign["promoted_object"] == {"product_catalog_id": "880000000000001"}


@pytest.mark.parametrize("change, field", [
    (lambda d: d.update(product_set_id="abc"), "product_set_id"),
    (lambda d: d["object_story_spec"]["template_data"].update(message=7), "template_data.message"),
    (lambda d: d["object_story_spec"]["template_data"].update(call_to_action={"type": "NOPE"}), "call to action"),
    (lambda d: d["object_story_spec"].update(template_data=[]), "template_data"),
])
def test_a_bad_catalog_creative_is_one_line_naming_the_field(tmp_path, capsys, change, field):
    doc = json.loads((CORPUS / "catalog_sdk_dynamic_ad_template.json").read_text("utf-8"))
    change(doc)
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(doc))
    rc, out, err = _run(["import-spec", source, tmp_path / "p"], capsys)
    assert rc == 2 and err.startswith("dcstudio: error: ") and err.count("\n") == 1, err
    assert field in err
    assert not (tmp_path / "p").exists()


def test_the_format_and_overlay_come_in_and_a_frame_by_hash_is_named(tmp_path, capsys):
    doc = json.loads((CORPUS / "catalog_sdk_dynamic_ad_template.json").read_text("utf-8"))
    overlay = {"overlay_template": "circle_with_text", "text_type": "percentage_off", "position": "top_right",
               "theme_color": "background_000000_text_ffffff", "text_font": "open_sans_bold",
               "float_with_margin": False, "some_new_field": 3}
    doc["object_story_spec"]["template_data"].update(
        format_option="single_image", preferred_image_tags=["lifestyle"], additional_image_index=1,
        image_overlay_spec=overlay,
        image_layer_specs=[{"layer_type": "image", "image_source": "catalog"},
                           {"layer_type": "frame_overlay", "frame_source": "custom", "frame_image_hash": "abc123"}])
    source = tmp_path / "c.json"
    source.write_text(json.dumps(doc))
    rc, out, err = _run(["import-spec", source, tmp_path / "p"], capsys)
    assert rc == 0, out + err
    fmt = load_project(tmp_path / "p").catalog_format
    assert (fmt.format_option, fmt.preferred_image_tags, fmt.additional_image_index) == ("single_image",
                                                                                         ("lifestyle",), 1)
    assert fmt.image_overlay.overlay_template == "circle_with_text" and fmt.image_overlay.position == "top_right"
    assert fmt.frame is None
    assert "image_layer_specs: not imported (the frame image abc123 is known by its ad-account hash only)" in out
    assert "image_overlay_spec.some_new_field: left out" in out
    rc, out, err = _run(["export", tmp_path / "p", "--out", tmp_path / "out", "--no-previews", "--force",
                         "--catalog-id", "880000000000001"], capsys)
    assert rc == 0, out + err
    plan = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    sent = next(c for c in plan["calls"] if c["kind"] == "creative")["params"]["object_story_spec"]["template_data"]
    assert sent["image_overlay_spec"] == {k: v for k, v in overlay.items() if k != "some_new_field"}
    assert sent["format_option"] == "single_image" and sent["additional_image_index"] == 1
