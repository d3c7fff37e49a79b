"""Ads Manager's "multiple text options" creatives (optimization_type DEGREES_OF_FREEDOM) keep their
image or video, link and call to action in object_story_spec.link_data / video_data and only the
texts in the feed: the import makes assets of what sits in the story, and the export sends them
back in the same place, so import -> export gives the same creative."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dcstudio.cli import main
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.platforms.meta.export.payload_lint import plan_payload_findings
from dcstudio.core.platforms.meta.export.plan_builder import build_plan

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _run(argv, capsys) -> tuple[int, str]:
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out + err


def _round_trip(source: dict, tmp_path: Path, capsys) -> tuple[str, dict, object]:
    path = tmp_path / "creative.json"
    path.write_text(json.dumps(source), "utf-8")
    rc, said = _run(["import-spec", path, tmp_path / "project"], capsys)
    assert rc == 0, said
    project = load_project(tmp_path / "project")
    # A lone creative names no pixel; a Sales campaign needs one before it exports.
    project.update_campaign(promoted_object={"pixel_id": "1122334455667788", "custom_event_type": "PURCHASE"})
    save_project(project)
    rc, out = _run(["export", tmp_path / "project", "--out", tmp_path / "export", "--no-previews"], capsys)
    assert rc == 0, out  # no --force: the lint gate lets the shape through
    plan = json.loads((tmp_path / "export" / "plan.json").read_text("utf-8"))
    creative = next(c for c in plan["calls"] if c["kind"] == "creative")["params"]
    assert plan_payload_findings(plan) == []
    return said, creative, project


@pytest.mark.parametrize("name", ["ads_manager_multiple_text_options_link_data",
                                  "ads_manager_multiple_text_options_video_data"])
def test_the_story_media_link_and_call_to_action_become_assets_and_go_back_to_the_story(name, tmp_path, capsys):
    source = json.loads((CORPUS / f"{name}.json").read_text("utf-8"))
    said, creative, project = _round_trip(source, tmp_path, capsys)
    kind = "link_data" if "link_data" in source["object_story_spec"] else "video_data"
    assert f"object_story_spec.{kind} (multiple text options" in said and "made assets" in said
    media = project.pools["images"] if kind == "link_data" else project.pools["videos"]
    assert len(media) == 1 and len(project.pools["link_urls"]) == 1 and len(project.pools["call_to_actions"]) == 1
    if kind == "video_data":
        assert media[0].video_id == "1203456789012348"
        assert media[0].thumbnail_hash == "0c1d2e3f405162738495a6b7c8d9eaf1"
        assert project.pools["link_urls"][0].website_url == "https://www.example.com/"
        assert project.ad_format == "SINGLE_VIDEO"
    else:
        assert project.remote_images[media[0].id]["hash"] == "6f1ed002ab5595859014ebf0951522d9"
        assert project.pools["link_urls"][0].website_url == "https://shop.example.com/"
    assert creative["object_story_spec"] == source["object_story_spec"]
    assert creative["asset_feed_spec"] == source["asset_feed_spec"]


def test_story_texts_and_fields_the_studio_does_not_model_come_back_where_they_were(tmp_path, capsys):
    source = {
        "object_story_spec": {"page_id": "104881223453210", "link_data": {
            "link": "https://shop.example.com/", "picture": "https://cdn.example.com/spring.jpg",
            "message": "Everything 30% off this weekend", "name": "Only in the story",
            "caption": "shop.example.com", "call_to_action": {"type": "SEE_DETAILS",
                                                              "value": {"link": "https://shop.example.com/"}}}},
        "asset_feed_spec": {"bodies": [{"text": "Everything 30% off this weekend"}, {"text": "Free shipping"}],
                            "titles": [{"text": "Weekend sale"}], "optimization_type": "DEGREES_OF_FREEDOM"},
    }
    said, creative, project = _round_trip(source, tmp_path, capsys)
    assert "kept as is: object_story_spec.link_data.caption" in said
    assert [t.text for t in project.pools["bodies"]] == ["Everything 30% off this weekend", "Free shipping"]
    assert {t.text for t in project.pools["titles"]} == {"Weekend sale", "Only in the story"}
    assert project.remote_images[project.pools["images"][0].id] == {
        "url": "https://cdn.example.com/spring.jpg", "no_crop": True}
    assert creative["object_story_spec"] == source["object_story_spec"]
    assert creative["asset_feed_spec"] == source["asset_feed_spec"]


def test_an_edit_of_a_story_text_goes_to_the_story_and_the_feed(tmp_path, capsys):
    source = {
        "object_story_spec": {"page_id": "104881223453210", "link_data": {
            "link": "https://shop.example.com/", "image_hash": "6f1ed002ab5595859014ebf0951522d9",
            "message": "Old words"}},
        "asset_feed_spec": {"bodies": [{"text": "Old words"}, {"text": "Free shipping"}],
                            "titles": [{"text": "Weekend sale"}], "optimization_type": "DEGREES_OF_FREEDOM"},
    }
    path = tmp_path / "creative.json"
    path.write_text(json.dumps(source), "utf-8")
    assert _run(["import-spec", path, tmp_path / "project"], capsys)[0] == 0
    project = load_project(tmp_path / "project")
    body = project.pools["bodies"][0]
    project.update_asset(body.id, text="New words")
    creative = next(c for c in build_plan(project)["calls"] if c["kind"] == "creative")["params"]
    assert creative["object_story_spec"]["link_data"]["message"] == "New words"
    assert creative["asset_feed_spec"]["bodies"][0] == {"text": "New words"}


def test_a_lone_plan_of_such_a_creative_imports_as_the_same_project(tmp_path, capsys):
    source = json.loads((CORPUS / "ads_manager_multiple_text_options_video_data.json").read_text("utf-8"))
    _, creative, project = _round_trip(source, tmp_path, capsys)
    (tmp_path / "export" / "dcstudio-project.json").unlink()
    rc, said = _run(["import-spec", tmp_path / "export" / "plan.json", tmp_path / "again"], capsys)
    assert rc == 0, said
    again = load_project(tmp_path / "again")
    assert again.customization.story == project.customization.story
    assert [(v.video_id, v.thumbnail_hash) for v in again.pools["videos"]] == \
        [(v.video_id, v.thumbnail_hash) for v in project.pools["videos"]]
    plan = build_plan(again)
    assert next(c for c in plan["calls"] if c["kind"] == "creative")["params"]["object_story_spec"] == \
        creative["object_story_spec"]
