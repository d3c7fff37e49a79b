"""Reading feeds into the catalog: every format, compression and encoding lands as the same rows,
with their row and line numbers; Google's names land under Meta's, values as in the file."""
from __future__ import annotations

import json
import threading
import tracemalloc

import pytest

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.feed_xml import xml_to_jsonl
from dcstudio.core.catalog.store import CatalogStore
from dcstudio.core.model.project import Project
from dcstudio.core.values.errors import Cancelled
from tests.catalog.feeds import ROWS, atom, compress, delimited, encode, rss, write

COLUMNS = ["row_number", "line", "id", "title", "description", "availability", "price", "price_amount",
           "price_currency", "brand", "additional_image_link", "extra"]


@pytest.fixture
def project(tmp_path):
    return Project("shop", folder=tmp_path / "shop")


def _rows(project, columns=COLUMNS):
    with CatalogStore.open(project) as store:
        return [dict(zip(columns, row, strict=True)) for row in store.rows(0, 100, columns=columns)]


def _expected_csv_rows():
    return [
        {"row_number": 1, "line": 2, "id": "A1", "title": "Red shirt", "description": "Soft cotton,\nwith two lines",
         "availability": "in stock", "price": "9.99 USD", "price_amount": 999, "price_currency": "USD", "brand": "Acme",
         "additional_image_link": '["https://shop.test/a1b.jpg","https://shop.test/a1c.jpg"]',
         "extra": '{"image[0].url":"https://shop.test/i/a1.jpg"}'},
        {"row_number": 2, "line": 4, "id": "A2", "title": "Café mug", "description": "Stoneware",
         "availability": "out of stock", "price": "12 EUR", "price_amount": 1200, "price_currency": "EUR",
         "brand": "Acme", "additional_image_link": "[]", "extra": '{"image[0].url":""}'},
        {"row_number": 3, "line": 5, "id": "A3", "title": "Hat", "description": 'Wool "beanie"',
         "availability": "in stock", "price": "1,50 EUR", "price_amount": None, "price_currency": None,
         "brand": "Béret", "additional_image_link": '["https://shop.test/a3b.jpg"]', "extra": '{"image[0].url":""}'},
    ]


@pytest.mark.parametrize("delimiter, kind", [(",", "csv (comma)"), ("\t", "tsv"), (";", "csv (semicolon)"),
                                             ("|", "csv (pipe)"), ("~", "csv (tilde)")])
def test_each_delimiter_is_detected(project, tmp_path, delimiter, kind):
    feed = write(tmp_path / "feed.txt", delimited(delimiter))
    report = import_feed(project, feed)
    assert report.format == kind and report.products == 3
    assert _rows(project) == _expected_csv_rows()


@pytest.mark.parametrize("encoding, shown", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("latin-1", "latin-1"),
                                             ("utf-16-le-bom", "utf-16"), ("utf-16-be-bom", "utf-16"),
                                             ("utf-16-le", "utf-16")])
@pytest.mark.parametrize("compression", [None, "gzip", "bz2", "zip"])
def test_each_encoding_and_compression_reads_the_same_rows(project, tmp_path, encoding, shown, compression):
    feed = write(tmp_path / "feed.csv.any", compress(encode(delimited(";"), encoding), compression))
    report = import_feed(project, feed)
    assert report.encoding == shown
    assert report.format == "csv (semicolon)" + (f", {compression}" if compression else "")
    assert _rows(project) == _expected_csv_rows()
    assert [p.name for p in (project.folder / "catalog").iterdir()] == [report.path.name]  # no temp left


@pytest.mark.parametrize("compression", [None, "gzip", "bz2", "zip"])
def test_rss_with_google_names_lands_under_meta_names_with_values_as_in_the_file(project, tmp_path, compression):
    text = rss()
    feed = write(tmp_path / "feed.xml", compress(text.encode("utf-8"), compression, "feed.xml"))
    report = import_feed(project, feed, profile="google-merchant")
    assert report.format == "rss" + (f", {compression}" if compression else "") and report.products == 3
    assert report.spec.profile == "google-merchant" and report.spec.mapping["g:price"] == "price"
    rows = _rows(project, ["row_number", "line", "id", "availability", "price", "price_amount", "description",
                           "additional_image_link", "shipping"])
    assert [r["availability"] for r in rows] == ["in_stock", "out_of_stock", "in_stock"]  # kept: the lint judges
    item_lines = [n for n, line in enumerate(text.split("\n"), 1) if line == "<item>"]
    assert [r["line"] for r in rows] == item_lines and item_lines[0] == 4
    assert rows[0]["description"] == "Soft cotton,\nwith two lines" and rows[0]["price_amount"] == 999
    assert json.loads(rows[0]["additional_image_link"]) == ["https://shop.test/a1b.jpg", "https://shop.test/a1c.jpg"]
    assert rows[0]["shipping"] == "US::Ground:4.99 USD"


def test_atom_entries_read_their_link_href(project, tmp_path):
    report = import_feed(project, write(tmp_path / "feed.atom", atom()))
    assert report.format == "atom"
    rows = _rows(project, ["id", "title", "price_amount", "availability"])
    assert rows[0] == {"id": "A1", "title": "Red shirt", "price_amount": 999, "availability": "in stock"}
    with CatalogStore.open(project) as store:
        assert store.query("SELECT link FROM products ORDER BY row_number") == [
            ("https://shop.test/a1",), ("https://shop.test/a2",), ("https://shop.test/a3",)]


def test_google_text_names_and_a_user_mapping_fill_meta_columns(project, tmp_path):
    feed = write(tmp_path / "feed.tsv", "ID\tG:Title\timage link\tPreis\tsale price\n"
                                        "x1\tShirt\thttps://s/1.jpg\t5.00 USD\t4.50 USD\n")
    report = import_feed(project, feed, mapping={"Preis": "price"})
    assert report.spec.mapping == {"ID": "id", "G:Title": "title", "image link": "image_link", "Preis": "price",
                                   "sale price": "sale_price"}
    rows = _rows(project, ["id", "title", "image_link", "price_amount", "sale_price_amount", "extra"])
    assert rows == [{"id": "x1", "title": "Shirt", "image_link": "https://s/1.jpg", "price_amount": 500,
                     "sale_price_amount": 450, "extra": "{}"}]


def test_an_absent_column_is_null_and_an_empty_cell_is_empty(project, tmp_path):
    import_feed(project, write(tmp_path / "f.csv", "id,title,brand\n1,,B\n"))
    with CatalogStore.open(project) as store:
        assert store.query("SELECT title, brand, description FROM products") == [("", "B", None)]
        assert store.present() == ["brand", "id", "title"]
        assert store.feed_columns() == ["id", "title", "brand"]
        assert store.info()["format"] == "csv (comma)"


def test_meta_comment_lines_before_the_header_are_skipped_and_counted_in_lines(project, tmp_path):
    text = "# ref_application_id 123\n# ref_asset_id 456\n" + delimited()
    import_feed(project, write(tmp_path / "f.csv", text))
    assert [r["line"] for r in _rows(project)] == [4, 6, 7]


def test_flattened_columns_unflatten_to_the_nested_form():
    from dcstudio.core.catalog.fields import unflatten

    assert unflatten({"image[0].url": "u", "image[0].tag[0]": "t", "image[1].url": "v", "plain": "1"}) == \
        {"image": [{"url": "u", "tag": ["t"]}, {"url": "v"}], "plain": "1"}


def test_the_import_keeps_product_sets_and_records_a_relative_source(project, tmp_path):
    from dcstudio.core.model.catalog_spec import CatalogSpec, ProductSet

    project.set_catalog(CatalogSpec("old.csv", "0" * 64, "google-merchant", {}, (ProductSet("all", {}),)))
    feed = write(project.folder / "feeds" / "f.csv", delimited())
    report = import_feed(project, feed)
    assert report.spec.source == "feeds/f.csv" and report.spec.product_sets == (ProductSet("all", {}),)
    assert report.spec.profile == "google-merchant"
    assert project.catalog.source == "old.csv"  # the caller sets the spec (the window: through undo)


def test_a_cancelled_import_leaves_the_old_catalog(project, tmp_path):
    store = import_feed(project, write(tmp_path / "old.csv", delimited())).path
    before = store.read_bytes()
    cancel = threading.Event()

    def progress(done, total):
        cancel.set()

    with pytest.raises(Cancelled):
        import_feed(project, write(tmp_path / "new.csv", delimited(rows=ROWS[:1])), progress=progress, cancel=cancel)
    assert store.read_bytes() == before
    assert sorted(p.name for p in (project.folder / "catalog").iterdir()) == [store.name]


def test_rows_keep_the_file_order_over_many_rows_read_in_parallel(project, tmp_path):
    lines = ["id,title,description"] + [f"{i},T{i},\"d\n{i}\"" if i % 997 == 0 else f"{i},T{i},d{i}"
                                        for i in range(1, 300_001)]
    import_feed(project, write(tmp_path / "big.csv", "\n".join(lines) + "\n"))
    with CatalogStore.open(project) as store:
        assert store.count() == 300_000
        assert store.query("SELECT count(*) FROM products WHERE CAST(id AS BIGINT) <> row_number") == [(0,)]
        # each quoted line break before a row moves its line one down
        assert store.query("SELECT line FROM products WHERE row_number IN (996, 997, 998, 300000) "
                           "ORDER BY row_number") == [(997,), (998,), (1000,), (300_001 + 300_000 // 997,)]


def test_an_rss_feed_streams_with_flat_memory(tmp_path):
    one = rss(ROWS[:1]).split("<item>", 1)[1].split("</item>", 1)[0]
    head, tail = rss(ROWS[:1]).split("<item>", 1)[0], "</channel></rss>\n"

    def peak(items: int) -> int:
        feed = write(tmp_path / f"{items}.xml", head + "".join(f"<item>{one}</item>\n" for _ in range(items)) + tail)
        tracemalloc.start()
        with feed.open("rb") as stream:
            _, _, count = xml_to_jsonl(stream, feed, tmp_path / f"{items}.jsonl", max_line_bytes=1 << 20)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert count == items
        return top

    small, large = peak(2_000), peak(20_000)
    assert large < small * 1.5 + 200_000, (small, large)
