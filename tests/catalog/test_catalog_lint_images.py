"""`--images`: each product's image_link fetched from a real server on 127.0.0.1 and judged; the
cache answers from a 304; offline the check is skipped with a note."""
from __future__ import annotations

import socket

import pytest

from dcstudio.core.lint import catalog_images
from dcstudio.core.lint.catalog_lint import lint_catalog
from tests.catalog.catalog_feeds import build_store, clean_row
from tests.catalog.image_server import ImageServer, image_bytes

MB = 1024 * 1024


def _store(tmp_path, urls: list[str], profile="meta-catalog"):
    rows = []
    for n, url in enumerate(urls):
        row = clean_row(profile, n)
        row["image_link"] = url
        rows.append(row)
    return build_store(tmp_path / "p", rows, profile)


def _image_findings(report):
    return sorted((f.row, f.rule_id) for f in report.findings if f.rule_id.startswith("catalog.image."))


@pytest.fixture
def server():
    with ImageServer() as s:
        yield s


def _serve_all(server) -> list[str]:
    jpeg = image_bytes("JPEG")
    return [
        server.serve("/ok.jpg", jpeg),                                             # row 1: fine
        server.serve("/ok.png", image_bytes("PNG", (500, 500)), "image/png"),      # row 2: fine (the minimum)
        server.serve("/small.jpg", image_bytes("JPEG", (499, 800))),               # row 3: too small
        server.serve("/big.jpg", jpeg + b"\0" * (8 * MB)),                         # row 4: over 8 MB
        server.serve("/anim.gif", image_bytes("GIF"), "image/gif"),                # row 5: GIF
        server.serve("/cut.jpg", image_bytes("JPEG", (800, 800), (1, 2, 3))[:600]),  # row 6: cut off
        server.serve("/page.jpg", b"<html><body>Not found</body></html>", "text/html"),  # row 7: a page
        server.url("/gone.jpg"),                                                   # row 8: 404
        server.url("/ok.jpg"),                                                     # row 9: same image as row 1
    ]


def test_each_image_is_judged_by_meta_limits(tmp_path, server):
    urls = _serve_all(server)
    with _store(tmp_path, urls) as store:
        report = lint_catalog(store, images=True, image_options={"cache": tmp_path / "cache"})
    assert _image_findings(report) == [
        (3, "catalog.image.size"), (4, "catalog.image.file_size"), (5, "catalog.image.format"),
        (6, "catalog.image.broken"), (7, "catalog.image.broken"), (8, "catalog.image.unreachable")]
    assert report.images_checked == 8 and server.hits["/ok.jpg"] == 1  # one fetch for rows 1 and 9
    by_row = {f.row: f for f in report.findings if f.rule_id.startswith("catalog.image.")}
    assert "499x800" in by_row[3].message and "500x500" in by_row[3].fix
    assert "8.0 MB" in by_row[4].message and by_row[4].column == "image_link" and by_row[4].value == urls[3]
    assert "HTTP 404" in by_row[8].message and by_row[8].line == 9
    assert report.counts["catalog.image.broken"] == 2


def test_merchant_center_takes_gif_and_8_mb(tmp_path, server):
    urls = _serve_all(server)
    with _store(tmp_path, urls, "google-merchant") as store:
        report = lint_catalog(store, images=True, image_options={"cache": tmp_path / "cache"})
    assert _image_findings(report) == [(6, "catalog.image.broken"), (7, "catalog.image.broken"),
                                       (8, "catalog.image.unreachable")]


def test_a_second_run_revalidates_and_reads_the_cache(tmp_path, server, monkeypatch):
    monkeypatch.setenv("DCSTUDIO_CACHE_DIR", str(tmp_path / "user-cache"))
    urls = _serve_all(server)
    with _store(tmp_path, urls) as store:
        first = lint_catalog(store, images=True)
        second = lint_catalog(store, images=True)
    assert _image_findings(first) == _image_findings(second)
    assert list((tmp_path / "user-cache" / "catalog-images").rglob("*.json"))
    assert server.not_modified["/ok.jpg"] == 1 and server.not_modified["/small.jpg"] == 1
    assert second.extra["image_cache_hits"] >= 6  # every image with an ETag
    assert "/gone.jpg" not in server.conditional  # a 404 is never cached
    assert any("unchanged since the last check" in n for n in second.notes)


def test_a_changed_image_is_fetched_again(tmp_path, server):
    url = server.serve("/p.jpg", image_bytes("JPEG", (300, 300)))
    cache = tmp_path / "cache"
    with _store(tmp_path, [url]) as store:
        assert _image_findings(lint_catalog(store, images=True, image_options={"cache": cache})) == [
            (1, "catalog.image.size")]
        server.serve("/p.jpg", image_bytes("JPEG", (800, 800)))  # a new ETag
        assert _image_findings(lint_catalog(store, images=True, image_options={"cache": cache})) == []


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_offline_the_image_check_is_skipped_with_a_note(tmp_path):
    port = _closed_port()
    urls = [f"http://127.0.0.1:{port}/{n}.jpg" for n in range(20)]
    with _store(tmp_path, urls) as store:
        report = lint_catalog(store, images=True, image_options={"cache": tmp_path / "cache"})
    assert _image_findings(report) == [] and report.images_checked == 0
    assert len(report.notes) == 1 and "images not checked" in report.notes[0]
    assert report.extra["image_requests"] < 20  # it gave up early
    assert report.error_count() == 0


def test_offline_a_cached_image_keeps_its_result(tmp_path):
    cache = tmp_path / "cache"
    with ImageServer() as server:
        url = server.serve("/small.jpg", image_bytes("JPEG", (200, 200)))
        with _store(tmp_path, [url]) as store:
            lint_catalog(store, images=True, image_options={"cache": cache})
    with _store(tmp_path / "again", [url]) as store:  # the server is gone now
        report = lint_catalog(store, images=True, image_options={"cache": cache})
    assert _image_findings(report) == [(1, "catalog.image.size")] and report.extra["image_cache_hits"] == 1


def test_a_slow_server_times_out_as_a_warning(tmp_path, server):
    fast = server.serve("/fast.jpg", image_bytes("JPEG"))
    slow = server.serve("/slow.jpg", image_bytes("JPEG"), delay=2.0)
    with _store(tmp_path, [fast, slow]) as store:
        report = lint_catalog(store, images=True, image_options={"cache": tmp_path / "c", "timeout": (1.0, 0.5)})
    [f] = [f for f in report.findings if f.rule_id.startswith("catalog.image.")]
    assert (f.row, f.rule_id, f.severity) == (2, "catalog.image.unreachable", "warning")


def test_the_image_check_takes_some_products_by_id_or_where(tmp_path, server):
    urls = [server.serve(f"/{n}.jpg", image_bytes("JPEG", (100, 100))) for n in range(4)]
    with _store(tmp_path, urls) as store:
        by_ids = lint_catalog(store, images=True, image_ids=["p1", "p3"], image_options={"cache": tmp_path / "c"})
        by_where = lint_catalog(store, images=True, image_where="row_number <= ?", image_params=[1],
                                image_options={"cache": tmp_path / "c2"})
    assert _image_findings(by_ids) == [(2, "catalog.image.size"), (4, "catalog.image.size")]
    assert _image_findings(by_where) == [(1, "catalog.image.size")]
    assert server.hits.get("/2.jpg") is None


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DCSTUDIO_CACHE_DIR", str(tmp_path))
    assert catalog_images.cache_dir() == tmp_path / "catalog-images"
    monkeypatch.delenv("DCSTUDIO_CACHE_DIR")
    assert catalog_images.cache_dir().name == "catalog-images" and "dcstudio" in str(catalog_images.cache_dir())


def test_cancel_returns_without_waiting_for_the_fetches(tmp_path, server):
    import threading
    import time

    from dcstudio.core.values.errors import Cancelled

    urls = [server.serve(f"/{n}.jpg", image_bytes("JPEG"), delay=4.0) for n in range(4)]
    cancel = threading.Event()
    with _store(tmp_path, urls) as store:
        asked = {}

        def cancel_once_fetching():
            while not server.hits:
                time.sleep(0.01)
            asked["at"] = time.monotonic()
            cancel.set()

        threading.Thread(target=cancel_once_fetching, daemon=True).start()
        with pytest.raises(Cancelled):
            lint_catalog(store, images=True, cancel=cancel, image_options={"cache": tmp_path / "c"})
        assert time.monotonic() - asked["at"] < 2.0  # the server holds each answer for 4 s


def test_progress_counts_the_rules_then_the_images(tmp_path, server):
    urls = [server.serve(f"/{n}.jpg", image_bytes("JPEG")) for n in range(3)]
    seen = []
    with _store(tmp_path, urls) as store:
        lint_catalog(store, images=True, progress=lambda done, total: seen.append((done, total)),
                     image_options={"cache": tmp_path / "c"})
    from dcstudio.core.lint.checks_catalog import CHECKS

    rules = len(CHECKS)
    assert seen == [(n, rules) for n in range(1, rules + 1)] + [(rules + n, rules + 3) for n in (1, 2, 3)]
