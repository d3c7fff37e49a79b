"""`dcstudio publish` of a catalog ad against the fake Graph API: the feed upload's errors on the
rows they name (printed, stored for the Catalog dock), and a real process killed with SIGKILL
mid-publish that resumes without a duplicate."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dcstudio.cli import main
from dcstudio.core.platforms.meta.publish.feed_problems import feed_problem_findings, load_feed_problems
from dcstudio.core.platforms.meta.publish.journal import Journal
from tests.catalog.sets_catalog import product
from tests.core.catalog_ad_project import catalog_ad_project
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ACCOUNT = "act_777"
ROOT = Path(__file__).resolve().parents[2]


def _objects(server):
    c = server.state.catalogs
    return {"catalogs": len(c.catalogs), "feeds": len(c.feeds), "sets": len(c.sets),
            **{k: server.count(k) for k in ("campaign", "adset", "creative", "ad")}}


ONE_EACH = {"catalogs": 1, "feeds": 1, "sets": 2, "campaign": 1, "adset": 1, "creative": 1, "ad": 1}


def test_the_feed_uploads_errors_are_shown_on_their_rows_and_stored(memory_keyring, fake_graph, token, tmp_path,
                                                                     monkeypatch, capsys):
    rows = [product(1), product(2, price=""), product(3), product(4, price="", title=""), product(5)]
    project = catalog_ad_project(tmp_path / "shirts", rows)
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    rc = main(["publish", str(project.folder), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url,
               "--feed-wait", "5"])
    out, err = capsys.readouterr()
    assert rc == 1, out + err  # fatal feed errors are problems, as drift or a rejection is
    assert "feed row 2 (sku-2): fatal: Missing price" in out
    assert "feed row 4 (sku-4): fatal: Missing price" in out and "feed row 4 (sku-4): fatal: Missing title" in out
    assert "feed row 1 " not in out and "2 error(s)" in out
    stored = load_feed_problems(project.folder)
    assert sorted((p.row, p.line, p.summary) for p in stored) == [(2, 3, "Missing price"), (4, 5, "Missing price"),
                                                                (4, 5, "Missing title")]
    findings = feed_problem_findings(project.folder)
    assert {(f.rule_id, f.severity, f.row, f.value) for f in findings} == {
        ("meta.feed_upload", "error", 2, "sku-2"), ("meta.feed_upload", "error", 4, "sku-4")}
    assert _objects(fake_graph) == ONE_EACH
    # A rerun publishes nothing again and reads the errors once more.
    rc = main(["publish", str(project.folder), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url])
    out, err = capsys.readouterr()
    assert "already published" in out and "feed row 2 (sku-2)" in out
    assert _objects(fake_graph) == ONE_EACH and fake_graph.state.catalogs.upload_posts == 1


def test_a_clean_feed_says_so(memory_keyring, fake_graph, token, tmp_path, monkeypatch, capsys):
    project = catalog_ad_project(tmp_path / "shirts")
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    assert main(["publish", str(project.folder), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]) == 0
    assert "no errors" in capsys.readouterr().out
    assert feed_problem_findings(project.folder) == []


def test_a_feed_still_processing_is_read_on_the_next_run(memory_keyring, fake_graph, token, tmp_path, monkeypatch,
                                                         capsys):
    fake_graph.state.catalogs.processing_polls = 10**6
    project = catalog_ad_project(tmp_path / "shirts", [product(1), product(2, price="")])
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    args = ["publish", str(project.folder), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url,
            "--feed-wait", "0"]
    assert main(args) == 0
    assert "still processing" in capsys.readouterr().out
    fake_graph.state.catalogs.processing_polls = 0
    assert main(args) == 1
    assert "feed row 2 (sku-2): fatal: Missing price" in capsys.readouterr().out


def _publish_process(folder, server, token):
    env = {**os.environ, "DCSTUDIO_ACCESS_TOKEN": token, "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}  # never the machine's keyring
    return subprocess.Popen([sys.executable, "-m", "dcstudio", "publish", str(folder), "--account", ACCOUNT,
                             "--yes", "--api-base", server.url], env=env, cwd=str(folder),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_9_mid_catalog_publish_then_resume_without_duplicates(fake_graph, token, tmp_path):
    # The server makes the first product set, then holds its answer: the process is killed
    # before it can journal the set's id.
    project = catalog_ad_project(tmp_path / "shirts")
    fake_graph.inject("slow", path=r"^\d+/product_sets$", method="POST", seconds=3, after_processing=True)
    proc = _publish_process(project.folder, fake_graph, token)
    deadline = time.monotonic() + 30
    while not fake_graph.state.catalogs.sets and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert len(fake_graph.state.catalogs.sets) == 1, proc.communicate()
    proc.send_signal(signal.SIGKILL)
    out1, err1 = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    journal = Journal.all_in(project.folder)[0]
    assert journal.entry("product-set-1")["state"] == "sent" and journal.state == "running"
    assert journal.entry("feed-upload")["state"] == "done"
    proc = _publish_process(project.folder, fake_graph, token)
    out2, err2 = proc.communicate(timeout=90)
    assert proc.returncode == 0, err2
    assert "resuming publish" in err2 and "found (created before the interruption)" in err2
    assert _objects(fake_graph) == ONE_EACH and fake_graph.state.catalogs.upload_posts == 1
    for text in (out1, err1, out2, err2):
        assert token not in text
    for path in project.folder.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes()
