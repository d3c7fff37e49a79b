"""`dcstudio catalog lint FEED|PROJECT`: text, --json and --out CSV, exit 0 / 1 / 2 / 130, a
project's catalog and its profile, --images against a server on 127.0.0.1."""
from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time

from dcstudio.cli import main
from dcstudio.core.lint.catalog_report import CSV_COLUMNS
from tests.catalog.catalog_feeds import clean_row, write_feed
from tests.catalog.image_server import ImageServer, image_bytes


def _feed(tmp_path, profile="meta-catalog", bad=True, name="feed.csv"):
    rows = [clean_row(profile, n) for n in range(4)]
    if bad:
        rows[1]["price"] = "9,99 EUR"
        rows[2]["id"] = rows[3]["id"] = "twice"
        rows[3]["description"] = "=HYPERLINK(\"http://x.example\")"
    return write_feed(tmp_path / name, rows)


def test_a_clean_feed_passes(tmp_path, capsys):
    assert main(["catalog", "lint", str(_feed(tmp_path, bad=False))]) == 0
    out = capsys.readouterr().out
    assert "4 products, profile meta-catalog" in out and "0 error(s), 0 warning(s)" in out


def test_errors_fail_with_row_line_column_value_and_fix(tmp_path, capsys):
    assert main(["catalog", "lint", str(_feed(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert "catalog.price.syntax  row 2 (line 3)  price: product \"p1\": the price '9,99 EUR' has a comma" in out
    assert "fix: write 9.99 EUR" in out
    assert "        2  error    catalog.id.duplicate" in out and "3 error(s)" in out


def test_json_holds_counts_and_findings(tmp_path, capsys):
    assert main(["catalog", "lint", str(_feed(tmp_path)), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["profile"] == "meta-catalog" and data["products"] == 4
    assert data["counts"]["catalog.id.duplicate"] == 2 and data["counts"]["catalog.price.syntax"] == 1
    assert all(set(f) == set(CSV_COLUMNS) for f in data["findings"])
    assert [f["row"] for f in data["findings"] if f["rule_id"] == "catalog.id.duplicate"] == [3, 4]


def test_out_writes_the_findings_as_csv_for_a_spreadsheet(tmp_path, capsys):
    out = tmp_path / "findings.csv"
    assert main(["catalog", "lint", str(_feed(tmp_path)), "--out", str(out), "--profile", "google-merchant"]) == 1
    assert "wrote" in capsys.readouterr().err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    spelled = [r for r in rows if r["rule_id"] == "catalog.enum.spelling"]
    assert len(spelled) == 4 and spelled[0]["value"] == "in stock" and spelled[0]["fix"] == "write in_stock"
    price = next(r for r in rows if r["rule_id"] == "catalog.price.syntax")
    assert (price["row"], price["line"], price["column"]) == ("2", "3", "price")


def test_a_project_is_linted_with_its_catalog_profile(demo_copy, tmp_path, capsys):
    feed = _feed(tmp_path, "google-merchant")
    assert main(["catalog", "import", str(demo_copy), str(feed), "--profile", "google-merchant"]) == 0
    capsys.readouterr()
    assert main(["catalog", "lint", str(demo_copy), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["profile"] == "google-merchant" and "catalog.enum.spelling" not in data["counts"]
    assert main(["catalog", "lint", str(demo_copy), "--profile", "meta-catalog", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["counts"]["catalog.enum.spelling"] == 4


def test_bad_input_exits_2_with_one_line(demo_copy, tmp_path, capsys):
    assert main(["catalog", "lint", str(tmp_path / "nothing.csv")]) == 2
    assert "no such feed file or project folder" in capsys.readouterr().err
    assert main(["catalog", "lint", str(demo_copy)]) == 2
    assert "the project has no catalog: import a feed first" in capsys.readouterr().err
    binary = tmp_path / "feed.csv"
    binary.write_bytes(bytes(range(256)) * 40)
    assert main(["catalog", "lint", str(binary)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dcstudio: error: ") and "feed.csv" in err and len(err.strip().splitlines()) == 1
    assert main(["catalog", "lint", str(_feed(tmp_path, name="f2.csv")), "--ids", "p1"]) == 2
    assert "add --images" in capsys.readouterr().err


def test_images_from_a_local_server(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DCSTUDIO_CACHE_DIR", str(tmp_path / "cache"))
    with ImageServer() as server:
        rows = [clean_row("meta-catalog", n) for n in range(2)]
        rows[0]["image_link"] = server.serve("/a.jpg", image_bytes("JPEG"))
        rows[1]["image_link"] = server.serve("/b.jpg", image_bytes("JPEG", (300, 300)))
        feed = write_feed(tmp_path / "feed.csv", rows)
        assert main(["catalog", "lint", str(feed)]) == 0  # without --images nothing is fetched
        assert server.hits == {}
        assert main(["catalog", "lint", str(feed), "--images"]) == 1
        out = capsys.readouterr().out
        assert "catalog.image.size  row 2 (line 3)  image_link" in out and "2 images checked" in out
        assert main(["catalog", "lint", str(feed), "--images", "--ids", "p0"]) == 0


def test_offline_images_are_a_note_not_an_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DCSTUDIO_CACHE_DIR", str(tmp_path / "cache"))
    rows = [clean_row("meta-catalog", 0)]
    rows[0]["image_link"] = "http://127.0.0.1:9/a.jpg"  # the discard port: nothing listens
    feed = write_feed(tmp_path / "feed.csv", rows)
    assert main(["catalog", "lint", str(feed), "--images"]) == 0
    assert "dcstudio: note: images not checked" in capsys.readouterr().err


def test_ctrl_c_stops_cleanly(tmp_path):
    with ImageServer() as server:
        rows = [clean_row("meta-catalog", n) for n in range(40)]
        for n, row in enumerate(rows):
            row["image_link"] = server.serve(f"/{n}.jpg", image_bytes("JPEG"), delay=3.0)
        feed = write_feed(tmp_path / "feed.csv", rows)
        env_cache = {"DCSTUDIO_CACHE_DIR": str(tmp_path / "cache")}
        import os

        proc = subprocess.Popen([sys.executable, "-m", "dcstudio", "catalog", "lint", str(feed), "--images"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, **env_cache})
        deadline = time.monotonic() + 60
        while not server.hits and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "catalog lint cancelled" in err and "Traceback" not in err


def test_a_feed_from_a_url(tmp_path, capsys):
    with ImageServer() as server:
        url = server.serve("/feed.csv", _feed(tmp_path).read_bytes(), "text/csv")
        assert main(["catalog", "lint", url, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["counts"]["catalog.id.duplicate"] == 2
