"""The bundled demo catalog: 50 generated products whose images sit beside the feed, small enough
to ship, and a catalog-ad project that renders offline once its catalog is read from the feed."""
from __future__ import annotations

import csv
import json
import shutil

from dcstudio.cli import main
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.values.resources import demo_catalog_dir


def test_the_demo_catalog_is_small_and_complete():
    folder = demo_catalog_dir()
    with (folder / "products.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 50 and len({r["id"] for r in rows}) == 50
    assert all((folder / r["image_link"]).is_file() for r in rows)
    images = sum(p.stat().st_size for p in (folder / "images").iterdir())
    assert images < 1.5 * 1024 * 1024
    assert not (folder / "catalog").exists()  # the store is built where the demo is opened
    project = load_project(folder)
    assert project.catalog.source == "products.csv" and project.catalog_template is not None
    assert [s.name for s in project.catalog.product_sets] == ["All products", "Sneakers", "Under $70"]


def test_a_copy_of_the_demo_renders_offline_with_one_placeholder(tmp_path, capsys):
    copy = tmp_path / "demo"
    shutil.copytree(demo_catalog_dir(), copy)
    assert main(["catalog", "refresh", str(copy)]) == 0
    capsys.readouterr()
    out = tmp_path / "out"
    assert main(["render", str(copy), "--out", str(out), "--offline", "--jobs", "1", "--size", "200"]) == 1
    err = capsys.readouterr().err
    assert err.count("shown as a placeholder") == 1 and "NW-050" in err and "320x320, under 500x500" in err
    assert len(list((out / "feed-square").glob("*.jpg"))) == 50
    assert main(["info", str(copy), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["catalog"]["product_sets"] == {
        "All products": 50, "Sneakers": 10, "Under $70": 17}
