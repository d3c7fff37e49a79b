"""`dcstudio export` and `dcstudio import-spec` end to end, with the exit-code contract."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from dcstudio.cli import main
from dcstudio.core.model.project_folder import load_project, save_project


def test_export_folder_and_zip(demo_copy, tmp_path, capsys):
    assert main(["export", str(demo_copy), "--out", str(tmp_path / "b"), "--no-previews"]) == 0
    out = capsys.readouterr().out
    assert "1 ad set(s), 5 image(s), 1 ad(s), 180 combinations" in out
    plan = json.loads((tmp_path / "b" / "plan.json").read_text("utf-8"))
    assert plan["summary"]["ads"] == 1
    assert main(["export", str(demo_copy), "--out", str(tmp_path / "b.zip"), "--no-previews", "--json",
                 "--api-version", "v26.0"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["adsets"] == 1 and summary["out"].endswith("b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        assert json.loads(zf.read("plan.json"))["api_version"] == "v26.0"


def test_export_refuses_lint_errors_unless_forced(demo_copy, tmp_path, capsys):
    project = load_project(demo_copy)
    project.update_campaign(page_id="")
    save_project(project)
    assert main(["export", str(demo_copy), "--out", str(tmp_path / "b"), "--no-previews"]) == 1
    err = capsys.readouterr().err
    assert "export refused" in err and "meta.page_id.missing" in err and "--force" in err
    assert not (tmp_path / "b").exists()
    assert main(["export", str(demo_copy), "--out", str(tmp_path / "b"), "--no-previews", "--force"]) == 0


def test_export_bad_input_exits_2(demo_copy, tmp_path, capsys):
    assert main(["export", str(tmp_path / "nothing"), "--out", str(tmp_path / "b")]) == 2
    assert "dcstudio: error:" in capsys.readouterr().err
    assert main(["export", str(demo_copy), "--out", str(tmp_path / "b"), "--api-version", "latest"]) == 2
    assert "--api-version" in capsys.readouterr().err


def test_export_import_export_gives_the_same_calls(demo_copy, tmp_path, capsys):
    project = load_project(demo_copy)
    project.exclude("img2", "title3")
    save_project(project)
    assert main(["export", str(demo_copy), "--out", str(tmp_path / "b1"), "--no-previews"]) == 0
    assert main(["import-spec", str(tmp_path / "b1" / "plan.json"), str(tmp_path / "again")]) == 0
    assert "created" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "again"), "--out", str(tmp_path / "b2"), "--no-previews"]) == 0
    first, second = (json.loads((tmp_path / b / "plan.json").read_text("utf-8")) for b in ("b1", "b2"))
    assert first["calls"] == second["calls"] and first["summary"] == second["summary"]


def test_import_spec_feed_reports_placeholders(tmp_path, capsys):
    feed = {"ad_formats": ["SINGLE_IMAGE"], "images": [{"hash": "abc123"}], "titles": [{"text": "Hi"}],
            "call_to_action_types": ["SHOP_NOW"], "link_urls": [{"website_url": "https://example.com"}]}
    (tmp_path / "feed.json").write_text(json.dumps(feed), "utf-8")
    assert main(["import-spec", str(tmp_path / "feed.json"), str(tmp_path / "p"), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["placeholders"] == ["img1"] and info["assets"]["titles"] == 1
    assert main(["import-spec", str(tmp_path / "feed.json"), str(tmp_path / "q")]) == 0
    assert "relink" in capsys.readouterr().out


def test_import_spec_says_what_it_left_out(tmp_path, capsys):
    feed = {"ad_formats": ["SINGLE_IMAGE"], "titles": [{"text": "Hi"}], "call_to_action_types": ["SHOP_NOW"],
            "images": [{"hash": "abc123",
                        "image_crops": {"100x100": [[0, 0], [99, 99]], "191x100": [[0, 0], [190, 99]]}}],
            "link_urls": [{"website_url": "https://example.com"}]}
    (tmp_path / "feed.json").write_text(json.dumps(feed), "utf-8")
    assert main(["import-spec", str(tmp_path / "feed.json"), str(tmp_path / "p")]) == 0
    assert "note: images[0].image_crops: kept 100x100; left out 191x100" in capsys.readouterr().out
    assert main(["import-spec", str(tmp_path / "feed.json"), str(tmp_path / "q"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"][0].startswith("images[0].image_crops")


def test_import_spec_bad_files_exit_2(tmp_path, capsys):
    (tmp_path / "bad.json").write_text("{not json", "utf-8")
    assert main(["import-spec", str(tmp_path / "bad.json"), str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dcstudio: error: ") and "bad.json" in err and "not valid JSON" in err
    (tmp_path / "other.json").write_text('{"kind": "something else"}', "utf-8")
    assert main(["import-spec", str(tmp_path / "other.json"), str(tmp_path / "p")]) == 2
    assert "not an asset_feed_spec" in capsys.readouterr().err


def test_import_spec_bad_crop_exits_2_naming_the_field(tmp_path, capsys):
    feed = {"asset_feed_spec": {"images": [{"hash": "abc"}, {"hash": "def"},
                                           {"hash": "123", "image_crops": {"100x100": [[0, 0], [True, 1e30]]}}],
                                "titles": [{"text": "Hi"}], "link_urls": [{"website_url": "https://example.com"}]}}
    (tmp_path / "creative.json").write_text(json.dumps(feed), "utf-8")
    assert main(["import-spec", str(tmp_path / "creative.json"), str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dcstudio: error: {tmp_path / 'creative.json'}: "
                          "asset_feed_spec.images[2].image_crops.100x100: ") and "true/false" in err
    assert "Traceback" not in err and not (tmp_path / "p").exists()


def test_import_spec_asks_for_the_currency_of_a_plan_that_does_not_say_it(demo_copy, tmp_path, capsys):
    assert main(["export", str(demo_copy), "--out", str(tmp_path / "b"), "--no-previews"]) == 0
    (tmp_path / "b" / "dcstudio-project.json").unlink()
    plan = json.loads((tmp_path / "b" / "plan.json").read_text("utf-8"))
    del plan["dcstudio"]  # as an older dcstudio wrote it
    (tmp_path / "b" / "plan.json").write_text(json.dumps(plan), "utf-8")
    capsys.readouterr()
    assert main(["import-spec", str(tmp_path / "b" / "plan.json"), str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dcstudio: error: ") and "--currency" in err and "plan.json" in err
    assert main(["import-spec", str(tmp_path / "b" / "plan.json"), str(tmp_path / "p"), "--currency", "EU"]) == 2
    assert "'EU' is not a three-letter currency code" in capsys.readouterr().err
    assert main(["import-spec", str(tmp_path / "b" / "plan.json"), str(tmp_path / "p"), "--currency", "eur"]) == 0
    budget = load_project(tmp_path / "p").campaign.budget
    assert (str(budget.amount), budget.currency) == ("40.00", "EUR")


def test_import_spec_says_what_is_past_metas_limits(tmp_path, capsys):
    feed = {"titles": [{"text": f"Title {i}"} for i in range(7)], "link_urls": [{"website_url": "https://example.com"}]}
    (tmp_path / "feed.json").write_text(json.dumps(feed), "utf-8")
    assert main(["import-spec", str(tmp_path / "feed.json"), str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    assert "created" in out and "7 titles" in out
    assert "note: titles has 7 entries; Meta takes at most 5: all are imported, lint will say so" in out


def _export_in_a_process(demo_copy, out, *extra, stdin=None):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "dcstudio", "export", str(demo_copy), "--out", str(out),
                           "--no-previews", *extra], stdin=subprocess.DEVNULL if stdin is None else stdin,
                          capture_output=True, text=True, timeout=120, check=False)


def test_export_refuses_the_project_folder_and_keeps_it(demo_copy, capsys):
    (demo_copy / "manifest.json").write_text("{}")
    assert main(["export", str(demo_copy), "--out", str(demo_copy), "--no-previews", "--replace"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dcstudio: error: ") and "project's own folder" in err
    assert (demo_copy / "dcstudio.json").is_file() and (demo_copy / "assets").is_dir()
    assert load_project(demo_copy).name


def test_export_over_an_earlier_export_needs_replace_without_a_terminal(demo_copy, tmp_path):
    out = tmp_path / "b"
    assert _export_in_a_process(demo_copy, out).returncode == 0
    (out / "approved.txt").write_text("by the client")
    again = _export_in_a_process(demo_copy, out)
    assert again.returncode == 2 and "holds an earlier export" in again.stderr and "--replace" in again.stderr
    assert (out / "approved.txt").is_file()
    replaced = _export_in_a_process(demo_copy, out, "--replace", "--json")
    assert replaced.returncode == 0, replaced.stderr
    previous = Path(json.loads(replaced.stdout)["previous"])
    assert previous.name.startswith("b.previous-") and (previous / "approved.txt").read_text() == "by the client"
    assert not (out / "approved.txt").exists() and (out / "plan.json").is_file()
    zipped = _export_in_a_process(demo_copy, tmp_path / "b.zip")
    assert zipped.returncode == 0 and _export_in_a_process(demo_copy, tmp_path / "b.zip").returncode == 2
    said = _export_in_a_process(demo_copy, tmp_path / "b.zip", "--replace")
    assert (said.returncode == 0 and "moved aside to" in said.stdout
            and len(list(tmp_path.glob("b.previous-*.zip"))) == 1)


def test_export_asks_on_a_terminal_before_moving_an_earlier_export_aside(demo_copy, tmp_path):
    import os
    import pty

    out = tmp_path / "b"
    assert _export_in_a_process(demo_copy, out).returncode == 0
    for answer, code, moved in ((b"n\n", 1, 0), (b"y\n", 0, 1)):
        leader, follower = pty.openpty()
        try:
            os.write(leader, answer)
            run = _export_in_a_process(demo_copy, out, stdin=follower)
        finally:
            os.close(leader)
            os.close(follower)
        assert run.returncode == code, run.stderr
        assert "holds an earlier export. Move it aside to b.previous-" in run.stderr
        assert len(list(tmp_path.glob("b.previous-*"))) == moved
    assert (out / "plan.json").is_file()


def test_export_refuses_a_folder_of_other_files(demo_copy, tmp_path, capsys):
    app = tmp_path / "webapp"
    app.mkdir()
    (app / "manifest.json").write_text('{"name": "PWA"}')
    assert main(["export", str(demo_copy), "--out", str(app), "--no-previews", "--replace"]) == 2
    assert "not empty and holds no earlier export" in capsys.readouterr().err
    assert [p.name for p in app.iterdir()] == ["manifest.json"]


def test_export_of_a_platform_without_an_exporter_exits_2(demo_copy, tmp_path, capsys):
    project = load_project(demo_copy)
    project.set_project_settings(profile="google-responsive-display")
    save_project(project)
    assert main(["export", str(demo_copy), "--out", str(tmp_path / "b"), "--no-previews", "--force"]) == 2
    err = capsys.readouterr().err
    assert "google-responsive-display" in err and "can lint but not export" in err
    assert not (tmp_path / "b").exists()


def test_import_spec_then_export_sends_back_a_lead_creative_as_it_came(tmp_path, capsys):
    from tests.core.test_import_customization import KEPT_FEED, LEAD

    source = {"name": "Lead ad", "object_story_spec": {"page_id": "1000000000001"},
              "asset_feed_spec": dict(LEAD, **KEPT_FEED), "destination_spec": {"destination_type": "WEBSITE"}}
    (tmp_path / "creative.json").write_text(json.dumps(source), "utf-8")
    assert main(["import-spec", str(tmp_path / "creative.json"), str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    assert "kept as is: asset_feed_spec.additional_data" in out and "destination_spec" in out
    # A lone creative names no pixel; a Sales campaign needs one before it exports.
    project = load_project(tmp_path / "p")
    project.update_campaign(promoted_object={"pixel_id": "1122334455667788", "custom_event_type": "PURCHASE"})
    save_project(project)
    code = main(["export", str(tmp_path / "p"), "--out", str(tmp_path / "b"), "--no-previews"])
    assert code == 0
    plan = json.loads((tmp_path / "b" / "plan.json").read_text("utf-8"))
    creative = next(c for c in plan["calls"] if c["kind"] == "creative")["params"]
    assert creative["asset_feed_spec"] == source["asset_feed_spec"]
    assert creative["asset_feed_spec"]["call_to_actions"][0]["value"] == {"lead_gen_form_id": "733000000000001"}
    assert creative["destination_spec"] == {"destination_type": "WEBSITE"}
