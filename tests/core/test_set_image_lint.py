"""catalog.product_set.image_size: a set's product images under 500x500, as far as the image cache
(or a local file) knows them; nothing fetched in lint unless --images."""
from __future__ import annotations

import json

import pytest

from dcstudio.cli import main
from dcstudio.core.catalog.product_space import ProductSpace
from dcstudio.core.lint import lint
from tests.catalog.image_server import ImageServer, image_bytes
from tests.catalog.product_catalogs import catalog_project, local_images, product_row

RULE = "catalog.product_set.image_size"


@pytest.fixture
def server():
    with ImageServer() as s:
        yield s


def _hits(project):
    return [f for f in lint(project).findings if f.rule_id == RULE]


def _shop(tmp_path, server):
    links = [server.serve("/big.jpg", image_bytes("JPEG", (600, 600))),
             server.serve("/small.jpg", image_bytes("JPEG", (320, 320))),
             server.serve("/thin.jpg", image_bytes("JPEG", (800, 400))),
             server.serve("/later.jpg", image_bytes("JPEG", (100, 100)))]
    rows = [product_row(n, links[n]) for n in range(4)]
    return catalog_project(tmp_path / "shop", rows, sets={"first three": {"price_amount": {"lt": 2200}},
                                                          "all": {}})


def test_nothing_is_fetched_and_nothing_judged_before_the_images_are_known(tmp_path, server):
    project = _shop(tmp_path, server)
    assert _hits(project) == [] and not server.hits


def test_what_a_preview_fetched_is_judged(tmp_path, server):
    project = _shop(tmp_path, server)
    space = ProductSpace.build(project)  # the user's cache (DCSTUDIO_CACHE_DIR in tests)
    for i in range(len(space)):
        space.content(space[i], "feed-square")
    first, every = _hits(project)
    assert first.message == ("product set 'first three': 2 of the 3 product images checked are under 500x500 "
                             "(SKU-001 320x320, SKU-002 800x400)")
    assert first.field == "catalog.product_sets[0]" and first.severity == "error"
    assert every.message == ("product set 'all': 2 of the 3 product images checked are under 500x500 "
                             "(SKU-001 320x320, SKU-002 800x400); 1 not checked yet")


def test_lint_images_fetches_the_sets_images_first(tmp_path, server, capsys):
    project = _shop(tmp_path, server)
    main(["lint", str(project.folder), "--json"])
    assert not any(f["rule_id"] == RULE for f in json.loads(capsys.readouterr().out)) and not server.hits
    main(["lint", str(project.folder), "--json", "--images"])
    found = [f for f in json.loads(capsys.readouterr().out) if f["rule_id"] == RULE]
    assert len(found) == 2 and "3 of the 4 product images checked" in found[1]["message"]
    assert server.hits["/later.jpg"] == 1


def test_big_enough_images_pass(tmp_path):
    links = local_images(tmp_path / "shop" / "feed", 3, size=(500, 500))
    project = catalog_project(tmp_path / "shop", [product_row(n, links[n]) for n in range(3)], sets={"all": {}})
    assert _hits(project) == []
