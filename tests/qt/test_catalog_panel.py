"""The Catalog panel on a real DuckDB catalog, imported from a CSV generated in tmp."""
from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt

from tests.qt.catalog_feeds import feed_of, product, write_feed

pytest.importorskip("duckdb")


@pytest.fixture
def document(demo_copy):
    from dcstudio.core.model.project_folder import load_project
    from dcstudio.qt.document import Document

    return Document(load_project(demo_copy))


@pytest.fixture
def panel(qtbot, document):
    from dcstudio.qt.catalog_panel import CatalogPanel

    p = CatalogPanel()
    qtbot.addWidget(p)
    p.set_document(document)
    p.resize(900, 700)
    p.show()
    yield p
    p.shutdown()


def imported(qtbot, panel, path, n):
    assert panel.import_feed(path)
    qtbot.waitUntil(lambda: panel.products.rowCount() == n)
    return panel


def test_import_button_reads_the_feed_shows_its_products_and_undo_takes_the_catalog_back(
        qtbot, panel, document, tmp_path, monkeypatch):
    from dcstudio.qt.catalog_panel import FeedChooser

    feed, rows = feed_of(tmp_path / "feed.csv", 1500)
    monkeypatch.setattr(FeedChooser, "ask", staticmethod(lambda parent: feed))
    panel.import_button.click()
    assert panel.cancel_button.isVisible()  # the import runs on a worker, with Cancel
    qtbot.waitUntil(lambda: panel.products.rowCount() == 1500)
    assert "Imported 1,500 products" in panel.message.text()
    assert document.project.catalog is not None and document.project.catalog.source.endswith("feed.csv")
    assert "feed.csv" in panel.source_label.text()
    model = panel.products
    id_col = model.columns.index("id")
    qtbot.waitUntil(lambda: model.is_loaded(0))
    assert model.data(model.index(0, id_col)) == rows[0]["id"]
    document.undo_stack.undo()
    assert document.project.catalog is None
    assert "No catalog" in panel.source_label.text()
    qtbot.waitUntil(lambda: model.rowCount() == 0)  # no products without a catalog
    document.undo_stack.redo()
    qtbot.waitUntil(lambda: model.rowCount() == 1500)


@pytest.mark.parametrize("content, words", [
    (b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "HTML page"),
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (b"id,title,price\n", "no products"),
])
def test_a_file_that_is_not_a_feed_is_said_in_the_panel_and_changes_nothing(qtbot, panel, document, tmp_path,
                                                                            content, words):
    bad = tmp_path / "feed.csv"
    bad.write_bytes(content)
    assert panel.import_feed(bad)
    qtbot.waitUntil(lambda: panel.message.isVisible() and "feed.csv" in panel.message.text())
    assert words in panel.message.text()
    assert "Traceback" not in panel.message.text()
    assert document.project.catalog is None
    assert not list((document.project.folder / "catalog").glob("*.duckdb"))
    assert panel.import_button.isEnabled() and not panel.cancel_button.isVisible()


def test_cancel_stops_an_import_and_the_old_catalog_stays(qtbot, panel, document, tmp_path):
    feed, _ = feed_of(tmp_path / "feed.csv", 300)
    imported(qtbot, panel, feed, 300)
    spec = document.project.catalog
    bigger, _ = feed_of(tmp_path / "bigger.csv", 400)
    assert panel.import_feed(bigger)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: "Cancelled" in panel.message.text())
    assert document.project.catalog == spec
    from dcstudio.core.catalog.store import CatalogStore

    with CatalogStore.open(document.project.folder) as store:
        assert store.count() == 300


def test_refresh_says_what_was_added_removed_and_changed(qtbot, panel, document, tmp_path):
    feed, rows = feed_of(tmp_path / "feed.csv", 50)
    imported(qtbot, panel, feed, 50)
    changed = dict(rows[9], price="999.00 USD")
    write_feed(feed, [r for r in rows if r["id"] != rows[0]["id"]][:8] + [changed] + rows[10:]
               + [product(51), product(52)])
    panel.refresh_button.click()
    qtbot.waitUntil(lambda: "Refreshed" in panel.message.text())
    assert panel.message.text() == "Refreshed: 2 added, 1 removed, 1 changed."
    qtbot.waitUntil(lambda: panel.products.rowCount() == 51)
    assert document.undo_stack.canUndo()  # the new hash goes through the undo stack


def test_the_product_table_is_virtual_loads_pages_on_demand_and_sorts_in_the_database(qtbot, panel, tmp_path):
    from dcstudio.qt.product_table_model import CACHED_PAGES, PAGE_ROWS, PLACEHOLDER

    n = 6000
    feed, rows = feed_of(tmp_path / "feed.csv", n)
    imported(qtbot, panel, feed, n)
    model = panel.products
    title = model.columns.index("title")
    far = n - 3
    assert model.data(model.index(far, title)) == PLACEHOLDER  # not read until asked
    with qtbot.waitSignal(model.dataChanged):
        pass
    qtbot.waitUntil(lambda: model.is_loaded(far))
    assert model.data(model.index(far, title)) == rows[far]["title"]
    for page in range(0, n // PAGE_ROWS):
        model.data(model.index(page * PAGE_ROWS, 0))
        qtbot.waitUntil(lambda p=page: model.is_loaded(p * PAGE_ROWS))
    assert len(model._pages) <= CACHED_PAGES  # a window of the rows, not all of them

    panel.product_view.sortByColumn(title, Qt.DescendingOrder)
    qtbot.waitUntil(lambda: model.sorted_by == ("title", True))
    model.data(model.index(0, title))
    qtbot.waitUntil(lambda: model.is_loaded(0))
    expected = sorted(rows, key=lambda r: (r["title"], -int(r["id"][4:])), reverse=True)
    assert [model.data(model.index(i, title)) for i in range(5)] == [r["title"] for r in expected[:5]]


def test_no_query_runs_on_the_gui_thread(qtbot, panel, tmp_path, monkeypatch):
    from dcstudio.core.catalog import filters
    from dcstudio.core.catalog.store import CatalogStore

    threads: list[str] = []
    for name in ("open", "rows", "query", "count", "columns", "info"):
        original = getattr(CatalogStore, name)
        if name == "open":
            def wrapped(cls, *a, _o=original, **k):
                threads.append(threading.current_thread().name)
                return _o.__func__(cls, *a, **k)
            monkeypatch.setattr(CatalogStore, name, classmethod(wrapped))
        else:
            def wrapped(self, *a, _o=original, **k):
                threads.append(threading.current_thread().name)
                return _o(self, *a, **k)
            monkeypatch.setattr(CatalogStore, name, wrapped)
    feed, _ = feed_of(tmp_path / "feed.csv", 2000)
    imported(qtbot, panel, feed, 2000)
    model = panel.products
    panel.product_view.scrollToBottom()
    qtbot.waitUntil(lambda: model.is_loaded(1999))
    panel.product_view.sortByColumn(model.columns.index("price"), Qt.AscendingOrder)
    qtbot.waitUntil(lambda: model.sorted_by is not None)
    panel.sets.filter_edit.setPlainText('{"brand": {"eq": "Acme"}}')
    qtbot.waitUntil(lambda: panel.sets.count is not None)
    assert filters  # counted through the store, whose methods are watched
    assert threads, "no query was watched"
    assert threading.main_thread().name not in threads
    assert all(name.startswith("dcstudio-catalog-db") for name in threads), set(threads)


def test_the_set_builder_counts_live_shows_samples_and_saves_with_undo(qtbot, panel, document, tmp_path):
    from dcstudio.qt.product_set_builder import SAMPLE_COLUMNS

    feed, rows = feed_of(tmp_path / "feed.csv", 3000)
    imported(qtbot, panel, feed, 3000)
    builder = panel.sets
    builder.filter_edit.setPlainText('{"and": [{"brand": {"eq": "Acme"}}, {"price_amount": {"lt": 5000}}]}')
    expected = sum(1 for r in rows if r["brand"] == "Acme" and float(r["price"].split()[0]) * 100 < 5000)
    qtbot.waitUntil(lambda: builder.count is not None)
    assert builder.count == expected
    assert builder.count_label.text() == f"{expected:,} of 3,000 products match"
    id_col = SAMPLE_COLUMNS.index("id")
    first = next(r for r in rows if r["brand"] == "Acme" and float(r["price"].split()[0]) * 100 < 5000)
    assert builder.samples.rowCount() > 0 and builder.samples.item(0, id_col).text() == first["id"]

    builder.filter_edit.setPlainText('{"brand": {"eqq": "Acme"}}')
    qtbot.waitUntil(lambda: "eqq" in builder.count_label.text())
    assert "filter.brand" in builder.count_label.text() and builder.count is None

    builder.name_edit.setText("Acme")
    builder.filter_edit.setPlainText('{"brand": {"eq": "Acme"}}')
    assert builder.save_set()
    assert [s.name for s in document.project.catalog.product_sets] == ["Acme"]
    assert document.project.catalog.product_sets[0].filter == {"brand": {"eq": "Acme"}}
    assert builder.sets_list.count() == 1 and "1 product set" in panel.source_label.text()
    document.undo_stack.undo()
    assert document.project.catalog.product_sets == ()
    assert builder.sets_list.count() == 0


def test_a_newer_filter_supersedes_the_count_of_the_older_one(qtbot, panel, tmp_path):
    feed, rows = feed_of(tmp_path / "feed.csv", 2000)
    imported(qtbot, panel, feed, 2000)
    builder = panel.sets
    seen = []
    original = builder._on_count
    builder._on_count = lambda asked, result, error: (seen.append(result and result[0]), original(asked, result, error))
    builder.filter_edit.setPlainText('{"brand": {"eq": "Acme"}}')
    builder.recount()
    builder.filter_edit.setPlainText('{"brand": {"eq": "Cobalt"}}')
    builder.recount()
    qtbot.waitUntil(lambda: builder.count is not None)
    qtbot.wait(builder._timer.interval() + 200)
    assert builder.count == sum(1 for r in rows if r["brand"] == "Cobalt")
    assert all(n == builder.count for n in seen)  # the Acme count never reached the panel


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    row: int | None
    line: int | None
    column: str
    value: str
    message: str
    fix: str = ""


@dataclass
class Report:
    findings: list
    counts: dict


def test_problems_sort_filter_by_rule_and_jump_to_their_row(qtbot, panel, tmp_path):
    feed, rows = feed_of(tmp_path / "feed.csv", 4000)
    imported(qtbot, panel, feed, 4000)
    qtbot.waitUntil(lambda: panel.report is not None)  # the real lint, done: not racing ours
    findings = [Finding("catalog-price-format", "error", r, r + 1, "price", "9,99", "comma decimal")
                for r in (3500, 12, 900)]
    findings += [Finding("catalog-title-long", "warning", r, r + 1, "title", "x" * 70, "long title") for r in (7, 2500)]
    panel.set_report(Report(findings, {"catalog-price-format": 3, "catalog-title-long": 2}))
    model = panel.findings
    qtbot.waitUntil(lambda: model.rowCount() == 5)
    assert [model.finding(i).severity for i in range(5)] == ["error"] * 3 + ["warning"] * 2
    from dcstudio.qt.catalog_findings_model import COLUMNS

    panel.problem_view.sortByColumn([c for c, _ in COLUMNS].index("row"), Qt.AscendingOrder)
    qtbot.waitUntil(lambda: model.finding(0).row == 7)
    assert [model.finding(i).row for i in range(5)] == [7, 12, 900, 2500, 3500]
    panel.rule_box.setCurrentIndex(panel.rule_box.findData("catalog-title-long"))
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert panel.problem_count.text() == "2 of 5"
    assert panel.rule_box.itemText(panel.rule_box.findData("catalog-price-format")) == "catalog-price-format (3)"

    panel.rule_box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: model.rowCount() == 5)
    last = next(i for i in range(5) if model.finding(i).row == 3500)
    with qtbot.waitSignal(panel.row_shown) as shown:
        panel.problem_view.doubleClicked.emit(model.index(last, 0))
    assert shown.args == [3499]
    assert panel.tabs.currentWidget() is panel.product_view
    products = panel.products
    qtbot.waitUntil(lambda: products.is_loaded(3499))
    assert products.feed_row(panel.product_view.currentIndex().row()) == 3500
    assert products.data(products.index(3499, products.columns.index("id"))) == rows[3499]["id"]


def test_the_window_has_a_catalog_dock_made_when_its_tab_is_chosen(qtbot, make_window, demo_copy):
    window = make_window(demo_copy)
    assert not window.catalog_panel.is_built
    window.catalog_dock.raise_()
    qtbot.waitUntil(lambda: window.catalog_panel.is_built)
    assert window.catalog.document is window.document
    assert "No catalog" in window.catalog.source_label.text()
    assert window.catalog_dock.toggleViewAction() in window.menuBar().actions()[2].menu().actions()


def test_models_pass_the_model_tester(qtbot, qtmodeltester, panel, tmp_path):
    feed, _ = feed_of(tmp_path / "feed.csv", 500)
    imported(qtbot, panel, feed, 500)
    qtmodeltester.check(panel.products)
    qtbot.waitUntil(lambda: panel.report is not None)  # the real lint, done: not racing ours
    panel.set_report(Report([Finding("r", "error", 1, 2, "price", "x", "m")], {"r": 1}))
    qtbot.waitUntil(lambda: panel.findings.rowCount() == 1)
    qtmodeltester.check(panel.findings)


def test_the_catalog_lint_runs_beside_the_table_and_its_problems_jump_to_their_rows(qtbot, panel, tmp_path):
    rows = [product(i) for i in range(1, 801)]
    rows[6]["price"] = "9,99 USD"  # a comma decimal: row 7
    rows[699]["id"] = rows[99]["id"]  # one id on rows 100 and 700
    write_feed(tmp_path / "feed.csv", rows)
    imported(qtbot, panel, tmp_path / "feed.csv", 800)
    qtbot.waitUntil(lambda: panel.report is not None)
    model = panel.findings
    qtbot.waitUntil(lambda: model.rowCount() == len(panel.report.findings) > 0)
    assert panel.report.counts["catalog.price.syntax"] == 1
    assert {f.row for f in panel.report.findings if f.rule_id == "catalog.id.duplicate"} == {100, 700}
    panel.rule_box.setCurrentIndex(panel.rule_box.findData("catalog.id.duplicate"))
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert {model.finding(i).rule_id for i in range(2)} == {"catalog.id.duplicate"}
    at = next(i for i in range(2) if model.finding(i).row == 700)
    panel.problem_view.setCurrentIndex(model.index(at, 0))
    assert panel.problem_detail.text().startswith("Row 700 (line 701), id — error catalog.id.duplicate: ")
    with qtbot.waitSignal(panel.row_shown) as shown:
        panel.problem_view.activated.emit(model.index(at, 0))
    assert shown.args == [699]
    assert not panel.cancel_button.isVisible()
    products = panel.products
    panel.product_view.sortByColumn(products.columns.index("title"), Qt.DescendingOrder)
    qtbot.waitUntil(lambda: products.sorted_by == ("title", True))
    with qtbot.waitSignal(panel.row_shown) as shown:
        panel.problem_view.activated.emit(model.index(at, 0))
    expected = sorted(range(1, 801), key=lambda n: (rows[n - 1]["title"], -n), reverse=True).index(700)
    assert shown.args == [expected]
    qtbot.waitUntil(lambda: products.is_loaded(expected))
    assert products.feed_row(expected) == 700


def test_the_panel_fits_the_narrow_column_it_shares_with_assets_on_a_small_screen(panel):
    # The window stacks its docks under Assets (240 px) on a 150% laptop screen; a wider or
    # taller panel would push the window off that screen.
    assert panel.minimumSizeHint().width() <= 240
    assert panel.minimumSizeHint().height() <= 300


def test_metas_feed_upload_problems_are_listed_on_their_rows(qtbot, panel, document, tmp_path, monkeypatch):
    from dcstudio.core.platforms.meta.publish.feed_problems import (
        RULE_ID,
        FeedProblem,
        UploadReport,
        save_feed_problems,
    )

    rows = [product(i) for i in range(1, 21)]
    write_feed(tmp_path / "feed.csv", rows)
    imported(qtbot, panel, tmp_path / "feed.csv", 20)
    qtbot.waitUntil(lambda: panel.report is not None)
    assert RULE_ID not in {f.rule_id for f in panel.report.findings}
    gui = threading.current_thread()
    readers = []
    import dcstudio.core.platforms.meta.publish.feed_problems as feed_problems

    real = feed_problems.load_feed_problems
    monkeypatch.setattr(feed_problems, "load_feed_problems",
                        lambda folder: readers.append(threading.current_thread()) or real(folder))
    problem = FeedProblem("fatal", "Invalid price", "The price 'abc' is not a number", rows[4]["id"], 6, row=5)
    save_feed_problems(document.project.folder, UploadReport("77", True, (problem,), error_count=1))
    panel.lint()
    qtbot.waitUntil(lambda: panel.report is not None and RULE_ID in {f.rule_id for f in panel.report.findings})
    assert readers and gui not in readers  # read off the GUI thread
    found = [f for f in panel.report.findings if f.rule_id == RULE_ID]
    assert [(f.row, f.severity, f.value) for f in found] == [(5, "error", rows[4]["id"])]
    assert "Invalid price" in found[0].message
    qtbot.waitUntil(lambda: panel.findings.rowCount() == len(panel.report.findings))
    assert panel.rule_box.findData(RULE_ID) >= 0
    at = next(i for i in range(panel.findings.rowCount()) if panel.findings.finding(i).rule_id == RULE_ID)
    with qtbot.waitSignal(panel.row_shown) as shown:
        panel.problem_view.activated.emit(panel.findings.index(at, 0))
    assert shown.args == [4]
