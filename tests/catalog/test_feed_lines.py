"""The line in the file of each row (and of each reader error, and each finding) is the line where
the row starts, whatever comes before it: empty lines (which the reader skips without a row),
quoted values over several lines (empty lines inside them too), CRLF or CR line ends, comment
lines, compression and UTF-16. The reference is Python's csv module reading the same file."""
from __future__ import annotations

import csv
import gzip
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.line_guard import LineGuard, LineTooLong
from dcstudio.core.catalog.store import CatalogError, CatalogStore
from dcstudio.core.lint.catalog_lint import lint_catalog
from dcstudio.core.model.project import Project


@pytest.fixture
def project(tmp_path):
    return Project("shop", folder=tmp_path / "shop")


def _lines(project) -> list[tuple[int, int, str]]:
    with CatalogStore.open(project) as store:
        return store.query("SELECT row_number, line, id FROM products ORDER BY row_number")


def reference_lines(data: bytes, newline: str = "\n", comment_lines: int = 0) -> list[tuple[int, int, str]]:
    """(row, line where it starts, id) by Python's csv module: the rows after the header, empty
    lines skipped."""
    text = data.decode("utf-8")
    brk = "\r" if newline == "\r" else "\n"  # a lone LF inside a CRLF file's value is a line too
    lines = text.split(brk)
    pieces = [line + brk for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    reader = csv.reader(iter(pieces[comment_lines:]))
    out, row, start = [], 0, comment_lines + 1
    for n, record in enumerate(reader):
        if n and record:
            row += 1
            out.append((row, start, record[0]))
        start = comment_lines + reader.line_num + 1
    return out


FEED = ('id,title,description\n'
        'A1,Shirt,"two\nlines"\n'
        '\n'
        'A2,Mug,plain\n'
        '\n\n'
        'A3,Hat,"an empty line\n\ninside, and a quote "" too"\n'
        'A4,"5"" tv",x\n'
        '\n'
        'A5,Sock,"ends with a break\n"\n'
        'A6,Bag,last\n\n')


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_rows_name_their_line_after_empty_and_multi_line_values(project, tmp_path, newline):
    data = FEED.replace("\n", newline).encode()
    feed = tmp_path / "f.csv"
    feed.write_bytes(data)
    report = import_feed(project, feed)
    assert report.products == 6
    expected = [(1, 2, "A1"), (2, 5, "A2"), (3, 8, "A3"), (4, 11, "A4"), (5, 13, "A5"), (6, 15, "A6")]
    assert _lines(project) == expected == reference_lines(data, newline)


@pytest.mark.parametrize("how", ["gzip", "utf-16", "comments"])
def test_lines_hold_through_gzip_utf16_and_comment_lines(project, tmp_path, how):
    text, skip = FEED.replace("\n", "\r\n"), 0
    if how == "comments":
        text, skip = "# ref_application_id 1\r\n# ref_asset_id 2\r\n" + text, 2
    data = text.encode("utf-16") if how == "utf-16" else text.encode()
    feed = tmp_path / "f.csv"
    feed.write_bytes(gzip.compress(data) if how == "gzip" else data)
    import_feed(project, feed)
    assert _lines(project) == reference_lines(text.encode(), "\r\n", skip)
    assert _lines(project)[-1] == (6, 15 + skip, "A6")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_reader_error_names_its_line_after_multi_line_values(project, tmp_path, newline):
    feed = tmp_path / "f.csv"
    for text, line, problem in [
        (FEED + 'A7,"a\n\nb",c,d\n', 17, "has 4 values where the header has 3 columns"),
        (FEED + 'A7,Cap,"never closed\nA8,x,y\n', 17, "a quoted value is never closed"),
        # past the first 256 KB, where the encoding was judged: UTF-8, then a Latin-1 byte
        ("# ref\n" + FEED + "P,x,y\n" * 50_000 + "A7,T,\xff\n", 50_018, "is not valid in the file's encoding"),
    ]:
        feed.write_bytes(text.replace("\n", newline).encode().replace(b"\xc3\xbf", b"\xff"))
        with pytest.raises(CatalogError) as info:
            import_feed(project, feed)
        assert info.value.line == line and problem in info.value.problem, str(info.value)


def test_a_finding_names_the_row_and_the_line_of_the_file(project, tmp_path):
    text = ("id,title,description,availability,condition,price,link,image_link,brand\n"
            'A1,Shirt,"two\n\nlines",in stock,new,9.99 USD,https://s.test/1,https://s.test/1.jpg,Acme\n'
            "\n\n"
            "A2,Mug,Stoneware,in stock,new,\"1,50 EUR\",https://s.test/2,https://s.test/2.jpg,Acme\n")
    feed = tmp_path / "f.csv"
    feed.write_text(text)
    import_feed(project, feed)
    with CatalogStore.open(project) as store:
        price = [f for f in lint_catalog(store, "meta-catalog").findings if f.rule_id == "catalog.price.syntax"]
    assert [(f.row, f.line, f.value) for f in price] == [(2, 7, "1,50 EUR")]
    assert text.split("\n")[6].startswith("A2,")


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64])
def test_the_line_guard_finds_empty_lines_across_any_chunking(size):
    data = FEED.replace("\n", "\r\n").encode() + b"\r\n\r\n"
    guard = LineGuard(1000, note_empty=True)
    for i in range(0, len(data), size):
        guard.feed(data[i:i + size])
    lines = data.split(b"\n")
    assert list(guard.empty_lines) == [n for n, line in enumerate(lines[:-1], 1) if line in (b"", b"\r")]
    assert guard.line == data.count(b"\n") + 1


def test_the_line_guard_refuses_a_long_line_of_a_cr_file():
    guard = LineGuard(10, newline=b"\r")
    guard.feed(b"id,title\rA1,short\r")
    with pytest.raises(LineTooLong) as info:
        guard.feed(b"A2,far too long a line\r")
    assert info.value.line == 3


_values = st.lists(st.sampled_from(["a", "b", " ", ",", '"', "\n", "\n\n", "x\n", "é"]), max_size=8).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_values, _values, st.integers(0, 3)), min_size=1, max_size=15),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_lines_match_pythons_csv_module_on_generated_feeds(tmp_path_factory, rows, newline):
    folder = tmp_path_factory.mktemp("gen")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["id", "title", "description"])
    for n, (title, description, blanks) in enumerate(rows, 1):
        writer.writerow([f"P{n}", title, description])
        out.write(newline * blanks)
    data = out.getvalue().encode()
    feed = folder / "f.csv"
    feed.write_bytes(data)
    project = Project("gen", folder=folder / "shop")
    import_feed(project, feed)
    assert _lines(project) == reference_lines(data, newline)


def test_an_empty_line_inside_a_value_with_none_between_rows(project, tmp_path):
    # hypothesis found it: the empty line inside the quotes was taken out and never put back
    data = b'id,title,description\nP1,,"\n\n"\nP2,,\n'
    feed = tmp_path / "f.csv"
    feed.write_bytes(data)
    import_feed(project, feed)
    assert _lines(project) == reference_lines(data, "\n") == [(1, 2, "P1"), (2, 5, "P2")]
