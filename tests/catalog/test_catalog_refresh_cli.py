"""Refresh from a local file or a URL (a real server on 127.0.0.1), and `dcstudio catalog import`
and `refresh` end to end: what changed by id, exit 2 on bad input with nothing written, Ctrl-C."""
from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from dcstudio.cli import main
from dcstudio.core.catalog.feed_import import import_feed, refresh
from dcstudio.core.catalog.store import CatalogError, CatalogStore, catalog_path
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.model.project_format import PROJECT_FILE
from tests.catalog.feeds import delimited, rss, write

OLD = "id,title,price\nA,a,1 USD\nB,b,2 USD\nC,c,3 USD\nC,c2,3 USD\n"
NEW = "id,title,price\nA,a,1 USD\nB,b changed,2 USD\nD,d,4 USD\nC,c,3 USD\n"


class _Server:
    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.delay = 0.0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the stdlib's name)
                body = server.files.get(self.path)
                if server.delay:
                    time.sleep(server.delay)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        class Quiet(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that gave up (the timeout tests) is expected, not news for stderr

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server():
    s = _Server()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


@pytest.fixture
def project(tmp_path):
    p = Project("shop", folder=tmp_path / "shop")
    save_project(p)
    return p


def test_refresh_of_a_local_feed_reports_added_removed_and_changed_by_id(project):
    feed = write(project.folder / "feed.csv", OLD)
    project.set_catalog(import_feed(project, feed).spec)
    write(feed, NEW)
    changes = refresh(project)
    assert changes.added == ("D",) and changes.removed == () and changes.changed == ("B", "C")  # C lost a row
    assert changes.report.spec.sha256 != project.catalog.sha256 and changes.report.products == 4
    project.set_catalog(changes.report.spec)
    assert not refresh(project)  # the same feed again: nothing changed


def test_refresh_from_a_url(project, server):
    server.files["/feed.xml"] = rss().encode("utf-8")
    report = import_feed(project, f"{server.url}/feed.xml")
    assert report.spec.source == f"{server.url}/feed.xml" and report.products == 3 and report.format == "rss"
    project.set_catalog(report.spec)
    server.files["/feed.xml"] = rss().replace("<g:id>A2</g:id>", "<g:id>A9</g:id>").encode("utf-8")
    changes = refresh(project)
    assert (changes.added, changes.removed, changes.changed) == (("A9",), ("A2",), ())


def test_a_url_that_fails_names_it_and_leaves_the_catalog(project, server):
    server.files["/feed.csv"] = delimited().encode()
    report = import_feed(project, f"{server.url}/feed.csv")
    project.set_catalog(report.spec)
    db = report.path
    before = db.read_bytes()
    del server.files["/feed.csv"]
    with pytest.raises(CatalogError, match="answered 404"):
        refresh(project)
    server.files["/feed.csv"] = delimited().encode()
    server.delay = 2.0
    with pytest.raises(CatalogError, match="did not answer within"):
        refresh(project, timeout=(1.0, 0.5))
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]


def test_plain_http_is_refused_except_to_this_machine(project):
    from dcstudio.core.values.errors import BadInputError

    with pytest.raises(BadInputError, match="use https"):
        import_feed(project, "http://shop.example.com/feed.csv")
    with pytest.raises(BadInputError, match="user name or password"):
        import_feed(project, "https://me:secret@shop.example.com/feed.csv")


def test_cli_import_then_refresh(project, capsys):
    feed = write(project.folder / "feed.csv", OLD)
    assert main(["catalog", "import", str(project.folder), str(feed), "--profile", "google-merchant"]) == 0
    assert "imported 4 products" in capsys.readouterr().out
    again = load_project(project.folder)
    assert again.catalog.source == "feed.csv" and again.catalog.profile == "google-merchant"
    with CatalogStore.open(project.folder) as store:
        assert store.count() == 4
    write(feed, NEW)
    assert main(["catalog", "refresh", str(project.folder)]) == 0
    out = capsys.readouterr().out
    assert "1 added, 0 removed, 2 changed" in out and "added: D" in out and "changed: B, C" in out


@pytest.mark.parametrize("data, words", [
    (b"<html><body>Sign in</body></html>", "HTML page"),
    (b"id,title\n", "has a header and no products"),
    (b"id,title\n1,\"open\n", "line 2: a quoted value is never closed"),
])
def test_cli_bad_feed_exits_2_with_one_line_and_writes_nothing(project, tmp_path, capsys, data, words):
    good = write(tmp_path / "good.csv", delimited())
    assert main(["catalog", "import", str(project.folder), str(good)]) == 0
    store = catalog_path(load_project(project.folder))
    before = (project.folder / PROJECT_FILE).read_bytes(), store.read_bytes()
    capsys.readouterr()
    bad = write(tmp_path / "bad.csv", data)
    assert main(["catalog", "import", str(project.folder), str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"dcstudio: error: {bad}") and words in err and "\n" not in err
    assert before == ((project.folder / PROJECT_FILE).read_bytes(), store.read_bytes())
    assert [p.name for p in store.parent.iterdir()] == [store.name]


def test_cli_refresh_without_a_catalog_exits_2(project, capsys):
    assert main(["catalog", "refresh", str(project.folder)]) == 2
    assert "import a feed first" in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
def test_ctrl_c_stops_the_import_cleanly_and_leaves_nothing(project, tmp_path, server):
    """A feed served slowly: Ctrl-C during the download stops with exit 130, nothing written."""
    server.files["/slow.csv"] = delimited().encode()
    server.delay = 30.0
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from dcstudio.cli import main; sys.exit(main())",
                             "catalog", "import", str(project.folder), f"{server.url}/slow.csv"],
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE)
    time.sleep(3.0)
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == 130, err
    assert b"cancelled" in err
    assert not list((project.folder / "catalog").glob("*.duckdb"))
    assert load_project(project.folder).catalog is None
