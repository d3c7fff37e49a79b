"""The payload rules where they run: `dcstudio lint` and the export's lint gate on the creatives a
project's export would send, and `dcstudio import-spec` on the file it reads (notes; the import
still happens)."""
from __future__ import annotations

import json

import pytest

from dcstudio.cli import main
from dcstudio.core.lint import lint
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.platforms.exporters import LintErrors
from dcstudio.core.platforms.meta.export.bundle import write_bundle
from dcstudio.core.platforms.meta.export.payload_lint import project_payload_findings, with_payload_findings
from dcstudio.core.values.crops import Crop
from tests.core.lint_projects import _videos, clean_project


def _video_project(folder):
    project = clean_project(folder)
    _videos(project, 2)
    project.set_project_settings(ad_format="SINGLE_VIDEO")
    return project


def test_lint_reports_what_the_exported_creative_would_be_refused_for(tmp_path, capsys):
    project = _video_project(tmp_path)
    assert "meta.video.thumbnail" not in lint(project).rule_ids()  # the project's own checks cannot see it
    save_project(project)
    assert main(["lint", str(tmp_path), "--json"]) == 1
    found = [f for f in json.loads(capsys.readouterr().out) if f["rule_id"] == "meta.video.thumbnail"]
    assert len(found) == 2 and all("1443226" in f["message"] and f["severity"] == "error" for f in found)
    assert main(["lint", str(tmp_path)]) == 1
    assert "meta.video.thumbnail" in capsys.readouterr().out


def test_the_export_refuses_a_creative_the_api_would_refuse(tmp_path):
    project = _video_project(tmp_path / "p")
    assert lint(project).errors == []
    with pytest.raises(LintErrors) as caught:
        write_bundle(project, tmp_path / "out", previews=False)
    assert {f.rule_id for f in caught.value.findings} == {"meta.video.thumbnail"}
    assert not (tmp_path / "out").exists()


def test_the_demo_exports_creatives_without_payload_findings(demo_project):
    from dcstudio.core.platforms.meta.export.plan_builder import build_plan

    assert [c for c in build_plan(demo_project)["calls"] if c["kind"] == "creative"]
    assert project_payload_findings(demo_project) == []


def test_a_rule_the_project_checks_caught_is_reported_once(demo_project):
    image = demo_project.pools["images"][0]
    demo_project.update_asset(image.id, crop=Crop.centered(image.width, image.height, "191x100"))
    assert "meta.crop.deprecated_key" in {f.rule_id for f in project_payload_findings(demo_project)}
    report = with_payload_findings(lint(demo_project), demo_project)
    assert [f.rule_id for f in report.findings].count("meta.crop.deprecated_key") == 1


def test_import_spec_notes_what_the_api_refuses_and_imports_all_the_same(tmp_path, capsys):
    feed = {"videos": [{"video_id": "123", "adlabels": [{"name": "story"}]}],
            "bodies": [{"text": "Spring gear"}], "titles": [{"text": "Spring sale"}],
            "link_urls": [{"website_url": "https://shop.example.com"}], "call_to_action_types": ["SHOP_NOW"],
            "ad_formats": ["SINGLE_VIDEO"],
            "asset_customization_rules": [
                {"customization_spec": {"publisher_platforms": ["instagram"], "instagram_positions": ["story"]},
                 "video_label": {"name": "story"}, "priority": 1},
                {"customization_spec": {}, "video_label": {"name": "feed"}, "priority": 2}]}
    (tmp_path / "creative.json").write_text(json.dumps({"object_story_spec": {"page_id": "1"},
                                                        "asset_feed_spec": feed}))
    assert main(["import-spec", str(tmp_path / "creative.json"), str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    assert "note: error meta.video.thumbnail: asset_feed_spec.videos[0] (video 123)" in out
    assert "note: error meta.rules.label_missing: asset_customization_rules[1].video_label 'feed'" in out
    assert load_project(tmp_path / "p").pools["videos"]
    assert main(["import-spec", str(tmp_path / "creative.json"), str(tmp_path / "q"), "--json"]) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert any(n.startswith("error meta.video.thumbnail") for n in notes)


def test_import_spec_refuses_rule_keys_it_cannot_keep_naming_the_field(tmp_path, capsys):
    # A key that is not Meta's (1487390) cannot be kept in a rule the studio models: the import
    # refuses the file and names the field, rather than dropping the key.
    feed = {"images": [{"hash": "a" * 32, "adlabels": [{"name": "story"}]}], "ad_formats": ["SINGLE_IMAGE"],
            "link_urls": [{"website_url": "https://shop.example.com"}],
            "asset_customization_rules": [
                {"customization_spec": {"placement_groups": ["STORIES"]}, "image_label": {"name": "story"},
                 "priority": 1},
                {"customization_spec": {}, "image_label": {"name": "story"}, "priority": 2}]}
    (tmp_path / "creative.json").write_text(json.dumps({"asset_feed_spec": feed}))
    assert main(["import-spec", str(tmp_path / "creative.json"), str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert "asset_customization_rules[0].customization_spec.placement_groups" in err
    assert not (tmp_path / "p").exists()


def test_import_spec_of_a_clean_feed_adds_no_payload_note(tmp_path, capsys):
    feed = {"images": [{"hash": "a1b2"}], "bodies": [{"text": "Spring gear"}], "titles": [{"text": "Spring sale"}],
            "link_urls": [{"website_url": "https://shop.example.com"}], "call_to_action_types": ["SHOP_NOW"],
            "ad_formats": ["SINGLE_IMAGE"]}
    (tmp_path / "feed.json").write_text(json.dumps(feed))
    assert main(["import-spec", str(tmp_path / "feed.json"), str(tmp_path / "p")]) == 0
    assert "meta." not in capsys.readouterr().out
