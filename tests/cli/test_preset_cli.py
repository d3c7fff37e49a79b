"""`dcstudio preset ...` and `dcstudio new --preset NAME`, against a config folder of the test's own."""
from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

from dcstudio.cli import main
from dcstudio.core.model.presets import PresetStore
from dcstudio.core.model.project_folder import load_project


def _save_agency(capsys):
    assert main(["preset", "save", "agency-x", "--ad-account", "act_987654321", "--page-id", "104857600099999",
                 "--pixel-id", "556677889900", "--custom-event-type", "purchase", "--country", "ca",
                 "--budget-amount", "75", "--budget-currency", "cad",
                 "--naming-template", "AX {project} {date}"]) == 0
    assert "saved preset 'agency-x'" in capsys.readouterr().out


def test_preset_save_list_show_delete(user_config_dir, capsys):
    _save_agency(capsys)
    assert (user_config_dir / "presets.json").is_file()
    assert main(["preset", "list"]) == 0 and capsys.readouterr().out == "agency-x\n"
    assert main(["preset", "show", "agency-x", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "ad_account": "act_987654321", "page_id": "104857600099999", "pixel_id": "556677889900",
        "custom_event_type": "PURCHASE", "naming_template": "AX {project} {date}", "country": "CA",
        "budget_amount": "75", "budget_currency": "CAD"}
    assert main(["preset", "delete", "agency-x"]) == 0
    assert PresetStore().names() == []


def test_a_preset_with_a_bad_value_is_refused_in_one_line(capsys):
    assert main(["preset", "save", "bad", "--page-id", "my-page abc"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "page_id 'my-page abc' is not a number" in err


def test_new_with_a_preset_fills_what_the_flags_leave(tmp_path, capsys):
    _save_agency(capsys)
    folder = tmp_path / "spring"
    assert main(["new", str(folder), "--preset", "agency-x", "--budget", "40"]) == 0
    out = capsys.readouterr().out
    assert "publish with --account act_987654321" in out
    project = load_project(folder)
    c = project.campaign
    assert c.page_id == "104857600099999" and c.targeting["geo_locations"] == {"countries": ["CA"]}
    assert c.promoted_object["pixel_id"] == "556677889900" and c.promoted_object["custom_event_type"] == "PURCHASE"
    assert (c.budget.amount, c.budget.currency) == (Decimal("40"), "CAD")  # --budget wins, the preset's currency
    assert project.export.naming_template == "AX {project} {date}"
    saved = (folder / "dcstudio.json").read_text("utf-8")
    assert "agency-x" not in saved and "987654321" not in saved


def test_new_with_an_unknown_preset_lists_the_known_ones_and_makes_nothing(tmp_path, user_config_dir):
    main(["preset", "save", "agency-x", "--page-id", "1"])
    folder = tmp_path / "spring"
    # A real process: the one line on stderr and the exit status are what a script sees.
    run = subprocess.run([sys.executable, "-m", "dcstudio", "new", str(folder), "--preset", "nope"],
                         capture_output=True, text=True, env={"DCSTUDIO_CONFIG_DIR": str(user_config_dir),
                                                              "PATH": "/usr/bin:/bin"})
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines() == ["dcstudio: error: no preset 'nope'; known presets: agency-x"]
    assert not folder.exists()
