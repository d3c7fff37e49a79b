"""Files that are not usable feeds: each is refused with the file and the line named, and
nothing is written (the old catalog and project stay as they were, no temporary file is left)."""
from __future__ import annotations

import pytest

from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.store import CatalogError
from dcstudio.core.model.project import Project
from tests.catalog.feeds import compress, delimited, rss, write

BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">\n'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n<rss xmlns:g="http://base.google.com/ns/1.0"><channel>'
        '<item><g:id>&c;</g:id></item></channel></rss>\n')
EXTERNAL = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
            '<rss><channel><item><title>&x;</title></item></channel></rss>\n')
_ROWS = "".join(f"{i},T{i},9.99 USD\n" for i in range(1, 60))
LATE_LATIN1 = ("id,title,price\n" + "".join(f"{i},Title number {i} ✓,9.99 USD\n" for i in range(1, 12_000))
               ).encode("utf-8") + "12000,Café,1 USD\n".encode("latin-1")

CASES = [
    ("binary", b"\x00\x01\x02\x03binary\x00\xff" * 50, None, "binary data"),
    ("png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, None, "a PNG image"),
    ("html", b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>gone</body></html>\n", 1,
     "HTML page"),
    ("html-upper", b"\n  <HTML><BODY>Error 500</BODY></HTML>", 1, "HTML page"),
    ("empty", b"", None, "is empty"),
    ("blank", b"\n\n  \n", None, "is empty"),
    ("header only", b"id,title,price\n", 1, "has a header and no products"),
    ("no delimiter", b"just some words\nand more\n", 1, "no comma, tab"),
    ("broken quoting", ("id,title,price\n1,ok,1 USD\n2,\"never closed,2 USD\n" + _ROWS).encode(), 3,
     "never closed (broken quoting)"),
    ("too many values", b"id,title,price\n1,a,1 USD\n2,b,2 USD,extra\n", 3, "has 4 values where the header has 3"),
    ("mixed encoding", "id,title\n1,Caf\u00e9 \u2713\n".encode("utf-8") + "2,Café\n".encode("latin-1"), 3,
     "mixes UTF-8"),
    ("late wrong encoding", LATE_LATIN1, 12_001, "not valid in the file's encoding"),
    ("long line", b"id,title,price\n1,a,1 USD\n2," + b"x" * 5000 + b",2 USD\n", 3, "longer than"),
    ("one long line", b"id,title,price," + b"x" * 5000, 1, "longer than"),
    ("xml bomb", BOMB.encode(), 3, "declares entities"),
    ("xml external entity", EXTERNAL.encode(), 3, "declares entities"),
    ("xml broken", b'<?xml version="1.0"?>\n<rss><channel>\n<item><title>x</item>\n</channel></rss>', 3,
     "not well-formed XML"),
    ("xml not a feed", b'<?xml version="1.0"?>\n<catalog><book/></catalog>\n', 2, "not an RSS or Atom feed"),
    ("xml no items", b'<?xml version="1.0"?>\n<rss><channel><title>x</title></channel></rss>\n', 1, "no <item>"),
    ("xml long line", ('<?xml version="1.0"?>\n<rss><channel><item><title>' + "x" * 5000
                       + "</title></item></channel></rss>\n").encode(), 2, "longer than"),
    ("zip of two files", None, None, "holds one file"),
    ("broken gzip", b"\x1f\x8b\x08\x00" + b"\x00" * 30, None, "cannot be unpacked"),
    ("broken bz2", b"BZh91AY&SY" + b"\x00" * 30, None, "cannot be unpacked"),
]


@pytest.fixture
def project(tmp_path):
    p = Project("shop", folder=tmp_path / "shop")
    import_feed(p, write(tmp_path / "good.csv", delimited()))
    return p


def _feed(tmp_path, name, data):
    if data is None:  # a zip holding two feeds
        import io
        import zipfile

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("a.csv", delimited())
            z.writestr("b.csv", delimited())
        data = out.getvalue()
    return write(tmp_path / f"{name.replace(' ', '-')}.csv", data)


@pytest.mark.parametrize("name, data, line, words", CASES, ids=[c[0] for c in CASES])
def test_a_file_that_is_not_a_usable_feed_is_refused_naming_file_and_line(project, tmp_path, name, data, line,
                                                                           words):
    catalog = project.folder / "catalog"
    (store,) = catalog.glob("products-*.duckdb")
    before = store.read_bytes()
    feed = _feed(tmp_path, name, data)
    with pytest.raises(CatalogError) as err:
        import_feed(project, feed, max_line_bytes=4096)
    assert words in err.value.problem, err.value.problem
    assert str(feed) in str(err.value)
    if line is not None:
        assert err.value.line == line and f"line {line}: " in str(err.value)
    assert store.read_bytes() == before
    assert sorted(p.name for p in catalog.iterdir()) == [store.name]


def test_a_comment_line_moves_the_line_named_for_broken_quoting(project, tmp_path):
    feed = write(tmp_path / "f.csv", "# ref_application_id 1\nid,title\n1,a\n2,\"open\n3,b\n")
    with pytest.raises(CatalogError) as err:
        import_feed(project, feed)
    assert err.value.line == 4


def test_duckdb_gets_the_line_length_limit(project, tmp_path):
    """The same limit holds where DuckDB reads past the first chunk (a long line far down)."""
    rows = "".join(f"{i},t,1 USD\n" for i in range(1, 30_000))
    feed = write(tmp_path / "f.csv", "id,title,price\n" + rows + "30000," + "y" * 9000 + ",1 USD\n")
    with pytest.raises(CatalogError) as err:
        import_feed(project, feed, max_line_bytes=8192)
    assert "longer than" in err.value.problem and err.value.line == 30_001


def test_a_declared_encoding_that_does_not_fit_names_the_line(project, tmp_path):
    feed = write(tmp_path / "f.csv", "id,title\n1,a\n2,Café\n".encode("latin-1"))
    with pytest.raises(CatalogError) as err:
        import_feed(project, feed, encoding="utf-8")
    assert err.value.line == 3 and "utf-8" in err.value.problem


def test_a_zipped_rss_bomb_is_refused_too(project, tmp_path):
    feed = write(tmp_path / "f.zip", compress(BOMB.encode(), "zip", "feed.xml"))
    with pytest.raises(CatalogError, match="declares entities"):
        import_feed(project, feed)
    assert rss()  # the good feed helper still builds (shared module)
