"""One shape for "path: where: problem" errors (the project file's and the catalog's), and one
rule for the URLs the studio fetches (a feed's source, the Graph API base), each caller keeping
its own words."""
from __future__ import annotations

import pytest

from dcstudio.core.catalog.source import check_url
from dcstudio.core.catalog.store import CatalogError
from dcstudio.core.platforms.meta.publish.client import check_api_base
from dcstudio.core.values.errors import BadInputError, DcError, FileProblemError, ProjectFileError
from dcstudio.core.values.urls import scheme_problem, shown_url


def test_project_file_and_catalog_errors_share_the_shape_and_keep_their_messages():
    project = ProjectFileError("p/dcstudio.json", "is not of the schema", "assets[2].path")
    catalog = CatalogError("feed.csv", "a quoted value is never closed", 17)
    assert isinstance(project, FileProblemError) and isinstance(catalog, FileProblemError)
    assert isinstance(catalog, DcError)
    assert str(project) == "p/dcstudio.json: assets[2].path: is not of the schema"
    assert (project.path, project.field) == ("p/dcstudio.json", "assets[2].path")
    assert project.problem == "is not of the schema"
    assert str(catalog) == "feed.csv: line 17: a quoted value is never closed"
    assert (catalog.path, catalog.line, catalog.problem) == ("feed.csv", 17, "a quoted value is never closed")
    assert str(ProjectFileError("p", "is empty")) == "p: is empty"
    assert str(CatalogError("f.csv", "is empty")) == "f.csv: is empty" and CatalogError("f", "x").line is None


def test_a_shown_url_drops_what_may_hold_a_secret():
    assert shown_url("https://me:pw@shop.test:8443/feed.csv?key=SECRET#x") == "https://shop.test:8443/feed.csv"
    assert shown_url("https://shop.test:99999/feed.csv") == "https://shop.test/feed.csv"  # a port out of range


@pytest.mark.parametrize("url, problem", [
    ("https://shop.test/f.csv", None), ("http://127.0.0.1:8080/f.csv", None), ("http://localhost/f", None),
    ("http://[::1]/f", None), ("http://shop.test/f.csv", "plain-http"), ("ftp://shop.test/f", "not-http"),
    ("https:///f.csv", "not-http"),
])
def test_one_rule_for_the_scheme_and_host(url, problem):
    from urllib.parse import urlsplit

    assert scheme_problem(urlsplit(url)) == problem


def test_the_feed_source_and_the_api_base_word_the_rule_their_own_way():
    with pytest.raises(BadInputError, match=r"^http://shop.test/f.csv: plain http is allowed only to this machine"):
        check_url("http://shop.test/f.csv?key=SECRET")
    with pytest.raises(BadInputError, match=r"^--api-base http://graph.test/v1: plain http is allowed only"):
        check_api_base("http://graph.test/v1")
    with pytest.raises(BadInputError, match="not an https:// URL"):
        check_url("ftp://shop.test/f.csv")
    with pytest.raises(BadInputError, match="is not an http"):
        check_api_base("ftp://graph.test")
    with pytest.raises(BadInputError, match="not a URL that can be read"):
        check_url("https://[::1/f.csv")
    assert check_api_base("http://127.0.0.1:9000/") == "http://127.0.0.1:9000"
