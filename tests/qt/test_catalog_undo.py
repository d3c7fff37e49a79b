"""Undo and redo of a feed import in the window bring back the rows of the catalog they come back
to (each spec reads its own store); a project reopened after the window quit, saved or not,
opens the rows its file names, and one whose rows are gone says to read the feed again."""
from __future__ import annotations

import pytest

from tests.qt.catalog_feeds import feed_of

pytest.importorskip("duckdb")



@pytest.fixture
def document(demo_copy):
    from dcstudio.core.model.project_folder import load_project
    from dcstudio.qt.document import Document

    return Document(load_project(demo_copy))


def _panel(qtbot, document):
    from dcstudio.qt.catalog_panel import CatalogPanel

    panel = CatalogPanel()
    qtbot.addWidget(panel)
    panel.set_document(document)
    panel.show()
    return panel


@pytest.fixture
def panel(qtbot, document):
    p = _panel(qtbot, document)
    yield p
    p.shutdown()


def _import(qtbot, panel, path, n):
    assert panel.import_feed(path)
    qtbot.waitUntil(lambda: panel.products.rowCount() == n and not panel.cancel_button.isVisible())


def _first_id(qtbot, panel) -> str:
    model = panel.products
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.is_loaded(0))
    return model.data(model.index(0, model.columns.index("id")))


def _stores(document) -> list[str]:
    return sorted(p.name for p in (document.project.folder / "catalog").glob("products-*.duckdb"))


def test_undo_of_a_second_import_shows_the_first_feeds_rows_and_redo_the_second(qtbot, panel, document, tmp_path):
    from dcstudio.core.catalog.store_files import store_path

    first, _ = feed_of(tmp_path / "first.csv", 300)
    second = tmp_path / "second.csv"
    second.write_text(first.read_text().replace("SKU-", "NEW-") + "NEW-999999,Extra,d,in stock,new,"
                      "1.00 USD,https://s.test/x,https://s.test/x.jpg,Acme\n")
    _import(qtbot, panel, first, 300)
    spec_one = document.project.catalog
    _import(qtbot, panel, second, 301)
    spec_two = document.project.catalog
    assert _first_id(qtbot, panel) == "NEW-000001"
    assert _stores(document) == sorted([store_path(document.project, spec_one).name,
                                        store_path(document.project, spec_two).name])

    document.undo_stack.undo()
    assert document.project.catalog == spec_one
    qtbot.waitUntil(lambda: panel.products.rowCount() == 300)
    assert _first_id(qtbot, panel) == "SKU-000001"
    qtbot.waitUntil(lambda: panel.report is not None and panel.report.products == 300)

    document.undo_stack.redo()
    assert document.project.catalog == spec_two
    qtbot.waitUntil(lambda: panel.products.rowCount() == 301)
    assert _first_id(qtbot, panel) == "NEW-000001"

    # Editing the product sets keeps the store open: no reopening for a change of the spec's sets.
    opened = []
    panel.queries.opened.connect(lambda store, error: opened.append(store))
    from dataclasses import replace

    from dcstudio.core.model.catalog_spec import ProductSet
    from dcstudio.qt.commands import SetCatalogCommand

    document.push(SetCatalogCommand(document.project, replace(spec_two, product_sets=(ProductSet("all", {}),))))
    qtbot.wait(200)
    assert opened == [] and panel.products.rowCount() == 301


def test_a_project_reopened_after_quitting_opens_the_rows_its_file_names(qtbot, document, tmp_path):
    from dcstudio.core.model.project_folder import load_project
    from dcstudio.qt.document import Document

    first, _ = feed_of(tmp_path / "first.csv", 120)
    second, _ = feed_of(tmp_path / "second.csv", 150)
    panel = _panel(qtbot, document)
    _import(qtbot, panel, first, 120)
    document.save()  # the file names the first feed
    _import(qtbot, panel, second, 150)
    panel.shutdown()
    document.close()  # the window quits without saving the second import
    assert len(_stores(document)) == 2  # the saved one, and the one the unsaved work read

    again = Document(load_project(document.project.folder))
    assert again.project.catalog.source.endswith("first.csv")
    reopened = _panel(qtbot, again)
    qtbot.waitUntil(lambda: reopened.products.rowCount() == 120)
    reopened.import_feed(second)
    qtbot.waitUntil(lambda: reopened.products.rowCount() == 150)
    again.undo_stack.undo()
    qtbot.waitUntil(lambda: reopened.products.rowCount() == 120)
    again.undo_stack.redo()
    qtbot.waitUntil(lambda: reopened.products.rowCount() == 150)
    again.save()
    reopened.shutdown()
    again.close()  # saved: the first feed's store is no spec's any more
    assert len(_stores(again)) == 1

    third = Document(load_project(document.project.folder))
    last = _panel(qtbot, third)
    try:
        qtbot.waitUntil(lambda: last.products.rowCount() == 150)
    finally:
        last.shutdown()


def test_a_project_whose_rows_are_gone_says_to_read_the_feed_again(qtbot, document, tmp_path):
    from dcstudio.core.catalog.store_files import store_path
    from dcstudio.core.model.project_folder import load_project
    from dcstudio.qt.document import Document

    feed, _ = feed_of(tmp_path / "feed.csv", 80)
    panel = _panel(qtbot, document)
    _import(qtbot, panel, feed, 80)
    document.save()
    panel.shutdown()
    document.close()
    store_path(document.project, document.project.catalog).unlink()

    again = Document(load_project(document.project.folder))
    reopened = _panel(qtbot, again)
    try:
        qtbot.waitUntil(lambda: reopened.message.isVisible())
        assert "not read into this folder" in reopened.message.text()
        assert "Refresh" in reopened.message.text()
        assert reopened.products.rowCount() == 0 and reopened.refresh_button.isEnabled()
        reopened.refresh_button.click()  # reads the feed again from its source
        qtbot.waitUntil(lambda: reopened.products.rowCount() == 80)
    finally:
        reopened.shutdown()
