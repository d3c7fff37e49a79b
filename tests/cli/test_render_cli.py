"""`dcstudio render` and `dcstudio sheet` end to end on a copy of the demo project."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from dcstudio.cli import main
from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.model.project_folder import load_project

ROOT = Path(__file__).resolve().parents[2]


def test_render_writes_named_files_and_an_index(demo_copy, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["render", str(demo_copy), "--out", str(out), "--limit", "12", "--size", "200", "--jobs", "1"]) == 0
    assert "wrote 12 previews" in capsys.readouterr().out
    files = sorted((out / "feed-square").glob("*.jpg"))
    assert len(files) == 12
    assert files[0].name == "00001-img1-trail-sneaker_title1_body1_desc1_cta1_link1.jpg"
    with Image.open(files[0]) as im:
        assert im.format == "JPEG" and im.width == 200
    index = json.loads((out / "index.json").read_text())
    assert index["complete"] is True and index["combinations"] == 12 and index["problems"] == {}
    space = CombinationSpace.from_project(load_project(demo_copy))
    for entry in index["files"]:
        assert (out / entry["file"]).is_file()
        assert entry["assets"] == space[entry["index"]].as_dict()
    assert index["files"][0]["names"]["media"] == "Trail sneaker"
    rows = (out / "index.csv").read_text().splitlines()
    assert rows[0].startswith("file,placement,index,media,title") and len(rows) == 13
    assert rows[1].startswith("feed-square/00001-img1-trail-sneaker")


def test_render_all_placements_as_png(demo_copy, tmp_path):
    out = tmp_path / "out"
    assert main(["render", str(demo_copy), "--out", str(out), "--placement", "all", "--limit", "2",
                 "--size", "120", "--format", "png", "--jobs", "1"]) == 0
    for placement in ("feed-square", "feed-portrait", "story", "carousel"):
        files = sorted((out / placement).glob("*.png"))
        assert len(files) == 2, placement
        with Image.open(files[0]) as im:
            assert im.format == "PNG"
    assert len(json.loads((out / "index.json").read_text())["files"]) == 8


def test_render_with_worker_processes(demo_copy, tmp_path):
    out = tmp_path / "out"
    assert main(["render", str(demo_copy), "--out", str(out), "--limit", "90", "--size", "100", "--jobs", "2"]) == 0
    index = json.loads((out / "index.json").read_text())
    assert [f["index"] for f in index["files"]] == list(range(90))
    assert len(list((out / "feed-square").glob("*.jpg"))) == 90
    assert not list(out.rglob(".*.part"))


@pytest.mark.parametrize("args, message", [
    (["--placement", "billboard"], "--placement billboard"),
    (["--size", "5"], "size 5"),
    (["--limit", "0"], "--limit 0"),
    (["--jobs", "0"], "--jobs 0"),
])
def test_render_bad_options_exit_2(demo_copy, tmp_path, capsys, args, message):
    assert main(["render", str(demo_copy), "--out", str(tmp_path / "o"), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dcstudio: error:") and message in err and "Traceback" not in err


def test_render_missing_project_exit_2(tmp_path, capsys):
    assert main(["render", str(tmp_path / "nothing"), "--out", str(tmp_path / "o")]) == 2
    assert "no project here" in capsys.readouterr().err


def test_broken_image_renders_placeholders_and_exits_1(demo_copy, tmp_path, capsys):
    mug = demo_copy / "assets" / "ceramic-mug.jpg"
    mug.write_bytes(mug.read_bytes()[:2000])  # truncated after it was added
    out = tmp_path / "out"
    code = main(["render", str(demo_copy), "--out", str(out), "--size", "120", "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 1
    assert "img2 shown as a placeholder" in captured.err and "ceramic-mug.jpg" in captured.err
    assert len(list((out / "feed-square").glob("*.jpg"))) == 180  # every combination still rendered
    index = json.loads((out / "index.json").read_text())
    assert list(index["problems"]) == ["img2"]


def test_new_refuses_a_truncated_image_with_exit_2(tmp_path, capsys):
    bad = tmp_path / "cut.jpg"
    Image.effect_noise((300, 200), 50).convert("RGB").save(bad, "JPEG")
    bad.write_bytes(bad.read_bytes()[:1500])
    assert main(["new", str(tmp_path / "p"), "--image", str(bad), "--title", "x"]) == 2
    err = capsys.readouterr().err
    assert "cut.jpg" in err and "truncated" in err


def _pdf_pages(data: bytes) -> int:
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    xref = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[xref:xref + 4] == b"xref"
    table = data[xref:].split(b"\n")
    count = int(table[1].split()[1])
    for k in range(1, count):  # every object sits where the cross-reference table says
        offset = int(table[2 + k].split()[0])
        assert data[offset:].startswith(b"%d 0 obj" % k)
    return int(re.search(rb"/Type /Pages /Kids \[[^\]]*\] /Count (\d+)", data).group(1))


def test_sheet_pdf(demo_copy, tmp_path, capsys):
    out = tmp_path / "approval.pdf"
    assert main(["sheet", str(demo_copy), "--out", str(out), "--limit", "8"]) == 0
    assert "2 pages, 8 combinations" in capsys.readouterr().out
    assert _pdf_pages(out.read_bytes()) == 2


def test_sheet_png_and_bad_suffix(demo_copy, tmp_path, capsys):
    out = tmp_path / "sheet.png"
    assert main(["sheet", str(demo_copy), "--out", str(out), "--limit", "4", "--placement", "story"]) == 0
    with Image.open(out) as im:
        assert im.format == "PNG" and im.width > 1000
    assert main(["sheet", str(demo_copy), "--out", str(tmp_path / "sheet.gif")]) == 2
    assert ".pdf or a .png" in capsys.readouterr().err


def test_ctrl_c_stops_cleanly(demo_copy, tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "dcstudio", "render", str(demo_copy), "--out", str(out),
                             "--size", "700", "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((out / "feed-square").glob("*.jpg"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "stopped after" in err
    index = json.loads((out / "index.json").read_text())
    assert index["complete"] is False and 3 <= len(index["files"]) < 180
    written = {p.relative_to(out).as_posix() for p in (out / "feed-square").glob("*.jpg")}
    assert written == {f["file"] for f in index["files"]}
    assert not list(out.rglob(".*.part"))


def test_render_again_removes_stale_previews_and_says_how_many(demo_copy, tmp_path, capsys):
    out = tmp_path / "out"
    args = ["render", str(demo_copy), "--out", str(out), "--size", "100", "--jobs", "1"]
    assert main(args + ["--limit", "12"]) == 0
    assert "removed" not in capsys.readouterr().out
    (out / "feed-square" / "client-notes.txt").write_text("keep me")
    (out / "feed-square" / "00500-my-own-mockup.jpg").write_bytes(b"hand made")
    assert main(args + ["--limit", "5"]) == 0
    captured = capsys.readouterr()
    assert "wrote 5 previews" in captured.out and "removed 7 stale previews of an earlier render" in captured.out
    assert "left 1 older preview files in place" in captured.err and "00500-my-own-mockup.jpg" in captured.err
    on_disk = {p.relative_to(out).as_posix() for p in (out / "feed-square").glob("0*.jpg")}
    index = {f["file"] for f in json.loads((out / "index.json").read_text())["files"]}
    assert on_disk == index | {"feed-square/00500-my-own-mockup.jpg"} and len(index) == 5
    assert (out / "feed-square" / "client-notes.txt").read_text() == "keep me"


def test_render_refuses_a_folder_with_another_programs_index(demo_copy, tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.json").write_text('{"name": "my-web-app"}')
    assert main(["render", str(demo_copy), "--out", str(site), "--limit", "2", "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dcstudio: error:") and "not an index written by dcstudio render" in err
    assert "Traceback" not in err and sorted(p.name for p in site.iterdir()) == ["index.json"]


def test_render_with_workers_replaces_planted_links_and_refuses_a_linked_folder(demo_copy, tmp_path, capsys):
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    victim.write_text("mine")
    assert main(["render", str(demo_copy), "--out", str(out), "--limit", "90", "--size", "120", "--jobs", "2"]) == 0
    planted = sorted((out / "feed-square").glob("*.jpg"))[::20]
    for path in planted:
        path.unlink()
        path.symlink_to(victim)
    assert main(["render", str(demo_copy), "--out", str(out), "--limit", "90", "--size", "120", "--jobs", "2"]) == 0
    assert victim.read_text() == "mine" and not any(p.is_symlink() for p in planted)
    capsys.readouterr()
    (out / "story").symlink_to(tmp_path)
    assert main(["render", str(demo_copy), "--out", str(out), "--placement", "story", "--limit", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dcstudio: error: ") and "story: is a symbolic link" in err
