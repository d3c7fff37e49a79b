"""`dcstudio catalog convert`: Merchant Center's TSV to Meta's CSV and back, values moved between
the vocabularies, Google's tracking stripped for Meta, nothing written on cancel or bad input."""
from __future__ import annotations

import csv
import threading
from types import SimpleNamespace

import pytest

from dcstudio.cli import main
from dcstudio.core.catalog.convert import convert_feed
from dcstudio.core.catalog.feed_import import import_feed
from dcstudio.core.catalog.store import CatalogStore
from dcstudio.core.values.errors import Cancelled

GOOGLE_TSV = (
    "id\ttitle\tdescription\tavailability\tcondition\tprice\tlink\timage_link\tbrand\n"
    "sku-1\tTrail sneaker\tLight and tough\tin_stock\tnew\t59.00 USD\t"
    "https://shop.example.com/p/1?utm_source=google&color=red&gclid=abc\thttps://shop.example.com/1.jpg\tAcme\n"
    "sku-2\tCeramic mug\tHolds 350 ml\tbackorder\tnew\t12.50 USD\thttps://shop.example.com/p/2\t"
    "https://shop.example.com/2.jpg\tAcme\n"
)


def _read(path, delimiter):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def test_a_merchant_center_feed_becomes_metas_csv_and_back(tmp_path, capsys):
    feed = tmp_path / "google.tsv"
    feed.write_text(GOOGLE_TSV, "utf-8")
    out = tmp_path / "meta.csv"
    assert main(["catalog", "convert", str(feed), "--to", "meta-csv", "--out", str(out)]) == 0
    rows = _read(out, ",")
    assert [r["availability"] for r in rows] == ["in stock", "available for order"]
    assert rows[0]["link"] == "https://shop.example.com/p/1?color=red"
    assert rows[0]["price"] == "59.00 USD" and rows[1]["title"] == "Ceramic mug"
    back = tmp_path / "google-again.tsv"
    assert main(["catalog", "convert", str(out), "--to", "google-tsv", "--out", str(back)]) == 0
    assert [r["availability"] for r in _read(back, "\t")] == ["in_stock", "backorder"]
    assert "wrote 2 products" in capsys.readouterr().out


def test_bad_input_writes_nothing(tmp_path, capsys):
    out = tmp_path / "meta.csv"
    assert main(["catalog", "convert", str(tmp_path / "missing.tsv"), "--to", "meta-csv", "--out", str(out)]) == 2
    assert not out.exists()
    with pytest.raises(SystemExit) as stop:
        main(["catalog", "convert", str(tmp_path / "x.tsv"), "--to", "tiktok", "--out", str(out)])
    assert stop.value.code == 2


def test_a_cancelled_conversion_leaves_no_file(tmp_path):
    feed = tmp_path / "google.tsv"
    feed.write_text(GOOGLE_TSV, "utf-8")
    import_feed(SimpleNamespace(folder=tmp_path, catalog=None), feed, profile="google-merchant")
    cancel = threading.Event()
    cancel.set()
    out = tmp_path / "meta.csv"
    with CatalogStore.open(tmp_path) as store, pytest.raises(Cancelled):
        convert_feed(store, "meta-csv", out, cancel=cancel)
    assert not out.exists() and not list(tmp_path.glob(".meta.csv.*"))
