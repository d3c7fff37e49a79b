"""`dcstudio lint`: text and JSON output, exit codes 0 / 1 / 2, --strict and --profile."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dcstudio.cli import main
from dcstudio.core.model.project_folder import load_project, save_project

FINDING_KEYS = {"rule_id", "severity", "message", "asset_id", "field", "hint", "source"}


def _edit(folder, change):
    project = load_project(folder)
    change(project)
    save_project(project)


def test_demo_passes_with_text_output(demo_copy, capsys):
    assert main(["lint", str(demo_copy)]) == 0
    out = capsys.readouterr().out
    assert "0 error(s), 0 warning(s), 3 info" in out
    assert "meta.recommended.titles" in out and "strength 72/100 (Good)" in out
    assert main(["lint", str(demo_copy), "--strict"]) == 0  # infos never fail


def test_json_is_a_list_of_findings(demo_copy, capsys):
    _edit(demo_copy, lambda p: p.update_asset("title1", text="x" * 300))
    assert main(["lint", str(demo_copy), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and data
    for item in data:
        assert set(item) == FINDING_KEYS and item["severity"] in ("error", "warning", "info")
    assert data[0]["rule_id"] == "meta.text.max_length" and data[0]["asset_id"] == "title1"
    assert data[0]["source"].startswith("https://")


def test_errors_exit_1(demo_copy, capsys):
    _edit(demo_copy, lambda p: p.update_campaign(objective="LINK_CLICKS"))
    assert main(["lint", str(demo_copy)]) == 1
    assert "meta.campaign.objective" in capsys.readouterr().out


def test_warnings_exit_0_unless_strict(demo_copy, capsys):
    _edit(demo_copy, lambda p: p.update_campaign(optimization_goal="LINK_CLICKS"))
    assert main(["lint", str(demo_copy)]) == 0
    assert main(["lint", str(demo_copy), "--strict"]) == 1
    assert "meta.adset.optimization_goal" in capsys.readouterr().out


def test_profile_overrides_the_project(demo_copy, capsys):
    assert main(["lint", str(demo_copy), "--profile", "google-responsive-display", "--json"]) == 1
    ids = {f["rule_id"] for f in json.loads(capsys.readouterr().out)}
    assert "google.count.long_headline" in ids and not any(i.startswith("meta.") for i in ids)


def test_bad_input_exits_2(tmp_path, capsys):
    assert main(["lint", str(tmp_path / "nowhere")]) == 2
    assert "dcstudio: error:" in capsys.readouterr().err
    (tmp_path / "dcstudio.json").write_text("{ not json")
    assert main(["lint", str(tmp_path)]) == 2
    with pytest.raises(SystemExit) as exit:
        main(["lint", str(tmp_path), "--profile", "myspace"])
    assert exit.value.code == 2


def test_as_a_real_process(demo_copy):
    done = subprocess.run([sys.executable, "-m", "dcstudio", "lint", str(demo_copy), "--json"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert [f["severity"] for f in json.loads(done.stdout)] == ["info"] * 3


def test_a_missing_image_file_is_an_error_naming_it(demo_copy, capsys):
    (demo_copy / "assets" / "ceramic-mug.jpg").unlink()
    assert main(["lint", str(demo_copy)]) == 1
    out = capsys.readouterr().out
    assert "files.problem [img2]" in out and "assets/ceramic-mug.jpg: file is missing" in out
