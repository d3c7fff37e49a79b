"""info, lint, render and export on hostile project files: exit 2, one line naming the file and
the field, no traceback; a link to a file outside the project is reported, never read."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from dcstudio.cli import main
from dcstudio.core.model.project_format import PROJECT_FILE
from tests.core.hostile_projects import CASES, demo_doc, watch_opens


def _commands(folder, tmp_path):
    return {"info": ["info", str(folder)],
            "lint": ["lint", str(folder)],
            "render": ["render", str(folder), "--out", str(tmp_path / "r"), "--limit", "2", "--size", "100",
                       "--jobs", "1"],
            "export": ["export", str(folder), "--out", str(tmp_path / "b.zip"), "--no-previews"]}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_command_refuses_a_hostile_file_naming_file_and_field(demo_copy, tmp_path, capsys, case):
    (demo_copy / PROJECT_FILE).write_bytes(case.build())
    for name, argv in _commands(demo_copy, tmp_path).items():
        assert main(argv) == 2, name
        err = capsys.readouterr().err
        assert str(demo_copy / PROJECT_FILE) in err and case.field in err, (name, err)
        assert "Traceback" not in err and err.count("\n") == 1, (name, err)
    assert not (tmp_path / "r").exists() and not (tmp_path / "b.zip").exists()


def test_a_lone_surrogate_is_refused_by_a_real_process(demo_copy, tmp_path):
    """In a real process stderr is encoded: a message holding the surrogate would itself crash."""
    (demo_copy / PROJECT_FILE).write_bytes(next(c for c in CASES if c.name == "surrogate-in-title").build())
    for name, argv in _commands(demo_copy, tmp_path).items():
        done = subprocess.run([sys.executable, "-m", "dcstudio", *argv], capture_output=True, text=True,
                              check=False, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        assert done.returncode == 2, (name, done.stderr)
        assert "assets.titles[0].text" in done.stderr and "Traceback" not in done.stderr, name


def test_a_link_outside_the_project_is_reported_and_never_read(demo_copy, tmp_path, capsys):
    rel = demo_doc()["assets"]["images"][0]["file"]
    outside = tmp_path / "outside"
    outside.mkdir()
    sentinel = outside / "private.jpg"
    shutil.copy(demo_copy / rel, sentinel)
    (demo_copy / rel).unlink()
    os.symlink(sentinel, demo_copy / rel)
    commands = _commands(demo_copy, tmp_path)
    with watch_opens(sentinel) as opened:
        assert main(commands["info"]) == 1
        assert "outside the project" in capsys.readouterr().out
        assert main(commands["lint"]) in (0, 1)
        assert main(commands["render"]) == 1  # as for a missing file: a placeholder tile says why
        assert "outside the project" in (tmp_path / "r" / "index.json").read_text("utf-8")
        assert main(commands["export"]) == 1  # refused by lint, as a missing file is
        assert main([*commands["export"], "--force"]) == 2  # and never packed when forced
        err = capsys.readouterr().err
        assert err.count(f"{rel}: is a link to a place outside the project") == 3 and "Traceback" not in err
    assert opened == []
    if (tmp_path / "b.zip").exists():
        with zipfile.ZipFile(tmp_path / "b.zip") as z:
            assert all(sentinel.read_bytes() != z.read(n) for n in z.namelist())
