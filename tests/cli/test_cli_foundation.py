"""`dcstudio new` and `dcstudio info` end to end, and the exit-code contract."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PIL import Image

from dcstudio.cli import main
from dcstudio.core.model.project_folder import load_project


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "mug.jpg"
    Image.new("RGB", (1200, 900), (0, 120, 200)).save(path, "JPEG")
    return path


def test_new_then_info(tmp_path, photo, capsys):
    folder = tmp_path / "spring"
    code = main(["new", str(folder), "--image", str(photo), "--image", str(photo),
                 "--title", "Gear up", "--title", "Made to go further", "--body", "Fresh picks 🌿",
                 "--description", "Free shipping", "--cta", "shop_now", "--cta", "LEARN_MORE",
                 "--link", "https://shop.example.com/spring", "--page-id", "104857600012345",
                 "--objective", "outcome_traffic", "--budget", "25", "--currency", "eur"])
    assert code == 0
    project = load_project(folder)
    assert project.name == "spring" and project.campaign.objective == "OUTCOME_TRAFFIC"
    assert len(project.pools["images"]) == 2 and project.pools["images"][0].file == "assets/mug.jpg"
    assert [c.type for c in project.pools["call_to_actions"]] == ["SHOP_NOW", "LEARN_MORE"]
    assert str(project.campaign.budget.amount) == "25" and project.campaign.budget.currency == "EUR"
    capsys.readouterr()
    assert main(["info", str(folder), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["combinations"] == 2 * 2 * 1 * 1 * 2 * 1
    assert info["pools"]["titles"] == 2


def test_info_counts_exclusions_and_pins(demo_copy, capsys):
    project = load_project(demo_copy)
    project.exclude("img1", "title1")
    project.pin("cta1")
    from dcstudio.core.model.project_folder import save_project

    save_project(project)
    assert main(["info", str(demo_copy)]) == 0
    out = capsys.readouterr().out
    assert "never together: img1 + title1" in out and "pinned: cta1" in out
    assert main(["info", str(demo_copy), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["combinations"] == (180 - 12) // 2
    assert info["exclusions"] == [["img1", "title1"]] and info["pins"] == ["cta1"]


def test_info_exits_1_when_an_asset_file_is_missing(demo_copy, capsys):
    next((demo_copy / "assets").iterdir()).unlink()
    assert main(["info", str(demo_copy)]) == 1
    assert "file is missing" in capsys.readouterr().out


@pytest.mark.parametrize("argv, words", [
    (["new", "{tmp}/p", "--cta", "SHOPNOW"], "did you mean SHOP_NOW"),
    (["new", "{tmp}/p", "--objective", "REACH"], "--objective REACH"),
    (["new", "{tmp}/p", "--ad-format", "SLIDES"], "--ad-format SLIDES"),
    (["new", "{tmp}/p", "--budget", "-5"], "--budget"),
    (["new", "{tmp}/p", "--currency", "EURO"], "--currency"),
    (["new", "{tmp}/p", "--currency", "JPY", "--budget", "10.5"], "JPY takes no decimals"),
    (["new", "{tmp}/p", "--budget", "10.555"], "USD takes at most 2 decimals"),
    (["new", "{tmp}/p", "--link", "https://[::1"], "--link https://[::1"),  # the previews could not show it
    (["new", "{tmp}/p", "--image", "{tmp}/missing.jpg"], "missing.jpg: file not found"),
    (["new", "{tmp}/p", "--image", "{tmp}/fake.jpg"], "fake.jpg: is not an image"),
    (["info", "{tmp}/nowhere"], "no project here"),
    (["info", "{tmp}/broken"], "is not valid JSON"),
])
def test_bad_input_exits_2_with_a_message(tmp_path, capsys, argv, words):
    (tmp_path / "fake.jpg").write_text("hello")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "dcstudio.json").write_text("{")
    code = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    err = capsys.readouterr().err
    assert code == 2
    assert words in err and "Traceback" not in err
    assert not (tmp_path / "p").exists()  # nothing half-made is left behind


def test_new_takes_a_currency_in_any_case_and_keeps_it_in_capitals(tmp_path, capsys):
    assert main(["new", str(tmp_path / "p"), "--currency", "jpy", "--budget", "5000"]) == 0
    assert main(["info", str(tmp_path / "p")]) in (0, 1)  # the project opens again
    budget = json.loads((tmp_path / "p" / "dcstudio.json").read_text())["campaign"]["budget"]
    assert budget == {"kind": "daily", "amount": "5000", "currency": "JPY"}


def test_new_refuses_an_existing_project(demo_copy, capsys):
    assert main(["new", str(demo_copy)]) == 2
    assert "already holds a project" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["info"])
    assert exit.value.code == 2


def test_entry_points_and_debug(tmp_path):
    run = [sys.executable, "-m", "dcstudio"]
    done = subprocess.run(run + ["--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("dcstudio ")
    done = subprocess.run(run + ["info", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    done = subprocess.run(run + ["--debug", "info", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert "Traceback" in done.stderr


@pytest.mark.parametrize("argv", [["--debug", "info", "{p}"], ["info", "{p}", "--debug"], ["info", "--debug", "{p}"]])
def test_debug_works_before_or_after_the_command(tmp_path, argv):
    with pytest.raises(Exception) as err:  # --debug lets the error through, as a traceback would show
        main([a.replace("{p}", str(tmp_path)) for a in argv])
    assert "no project here" in str(err.value)


@pytest.mark.parametrize("argv", [["--debug", "token", "check"], ["token", "--debug", "check"],
                                  ["token", "check", "--debug"]])
def test_debug_works_around_a_nested_command(argv, monkeypatch):
    from dcstudio.core.values.errors import DcError

    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", "")
    with pytest.raises(DcError):  # the error itself, not "unrecognized arguments: --debug"
        main(argv + ["--api-base", "https://[::1"])


def test_without_debug_after_the_command_errors_stay_messages(tmp_path, capsys):
    assert main(["info", str(tmp_path)]) == 2
    assert "no project here" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["new", "{blocked}/p"],
    ["export", "{demo}", "--out", "{blocked}/bundle", "--force"],
    ["export", "{demo}", "--out", "{blocked}/bundle.zip", "--force"],
    ["render", "{demo}", "--out", "{blocked}/previews", "--limit", "1"],
    ["sheet", "{demo}", "--out", "{blocked}/sheet.pdf", "--limit", "1"],
])
def test_an_output_place_that_cannot_be_written_exits_2_naming_it(tmp_path, demo_copy, capsys, argv):
    blocked = tmp_path / "a-file"  # a file where a folder is needed fails for root too, unlike chmod
    blocked.write_text("x")
    argv = [a.format(blocked=blocked, demo=demo_copy) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("dcstudio: error: ") and str(blocked) in err and "Traceback" not in err


def test_a_reader_that_stops_early_is_no_error(demo_copy):
    # `dcstudio lint P | head -1`: the pipe closes under us; quiet, as SIGPIPE is for other tools.
    proc = subprocess.Popen([sys.executable, "-m", "dcstudio", "lint", str(demo_copy)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141 and err == ""


def test_new_leaves_no_half_made_folder_when_the_disk_fails(tmp_path, photo, capsys, monkeypatch):
    import errno
    import shutil

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(args[1]))

    monkeypatch.setattr(shutil, "copy2", full)
    folder = tmp_path / "spring"
    assert main(["new", str(folder), "--image", str(photo)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert not folder.exists()
