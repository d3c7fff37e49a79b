"""Each catalog spec reads its own store file (keyed by the feed's hash and the column mapping):
an import never replaces the rows another spec reads; the CLI (no undo) removes the old store
after it saves; a store of the first releases (``products.duckdb``) is taken over by its spec."""
from __future__ import annotations

import os
from dataclasses import replace

import pytest

from dcstudio.cli import main
from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.store import CatalogError, CatalogStore
from dcstudio.core.catalog.store_files import find_store, prune_stores, store_key, store_path
from dcstudio.core.model.catalog_spec import CatalogSpec, ProductSet
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import load_project, save_project
from tests.catalog.feeds import ROWS, delimited, write


@pytest.fixture
def project(tmp_path):
    p = Project("shop", folder=tmp_path / "shop")
    save_project(p)
    return p


def test_the_key_follows_the_feed_and_the_mapping_not_the_profile_or_the_sets():
    spec = CatalogSpec("f.csv", "a" * 64, "meta-catalog", {"Preis": "price"})
    assert store_key(spec) == store_key(replace(spec, profile="google-merchant", source="other.csv",
                                                product_sets=(ProductSet("all", {}),)))
    assert store_key(spec) != store_key(replace(spec, sha256="b" * 64))
    assert store_key(spec) != store_key(replace(spec, mapping={}))


def test_an_import_keeps_the_store_of_the_spec_it_replaces(project, tmp_path):
    first = import_feed(project, write(tmp_path / "a.csv", delimited()))
    project.set_catalog(first.spec)
    second = import_feed(project, write(tmp_path / "b.csv", delimited(rows=ROWS[:1])))
    assert first.path != second.path and first.path.is_file() and second.path.is_file()
    with CatalogStore.open(project) as store:  # the project still names the first feed
        assert store.count() == 3
    project.set_catalog(second.spec)
    with CatalogStore.open(project) as store:
        assert store.count() == 1
    assert prune_stores(project, [second.spec]) == [first.path]
    assert not first.path.exists() and second.path.is_file()


def test_the_cli_import_leaves_only_the_store_of_the_saved_spec(project, tmp_path, capsys):
    for name, rows in (("a.csv", ROWS), ("b.csv", ROWS[:2])):
        assert main(["catalog", "import", str(project.folder), str(write(tmp_path / name, delimited(rows=rows)))]) == 0
    again = load_project(project.folder)
    assert [p.name for p in (project.folder / "catalog").iterdir()] == [store_path(again, again.catalog).name]
    with CatalogStore.open(again) as store:
        assert store.count() == 2


def test_a_spec_whose_store_is_gone_says_to_read_the_feed_again(project, tmp_path):
    report = import_feed(project, write(tmp_path / "a.csv", delimited()))
    project.set_catalog(report.spec)
    report.path.unlink()
    with pytest.raises(CatalogError) as err:
        CatalogStore.open(project)
    assert "are not in this folder" in str(err.value) and "import the feed again" in str(err.value)


def test_a_store_of_the_first_releases_is_taken_over_when_it_holds_the_spec_feed(project, tmp_path):
    report = import_feed(project, write(tmp_path / "a.csv", delimited()))
    legacy = report.path.with_name("products.duckdb")
    os.replace(report.path, legacy)
    other = replace(report.spec, sha256="0" * 64)
    project.set_catalog(other)  # another feed's spec: the old file is not its rows
    assert find_store(project) == store_path(project, other) and legacy.is_file()
    project.set_catalog(report.spec)
    assert find_store(project) == report.path and not legacy.exists()
    with CatalogStore.open(project) as store:
        assert store.count() == 3
