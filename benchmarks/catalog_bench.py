#!/usr/bin/env python3
"""The product catalog at a million products (issue 16).

1. Writes a --rows Meta CSV (default 1,000,000) with DuckDB in a temporary folder: the usual
   columns, about 5% seeded errors (comma decimals, a missing currency, empty titles, unknown
   availability, duplicate ids), and imports it with ``import_feed`` (timed). Reference, measured
   in the same run: DuckDB reading the same file into a table and nothing else.
2. Product-set counts: each filter of PRODUCT_SET_FILTERS counted --runs times with
   ``count_matching``; target: median under 100 ms. Reference: a bare ``count(*)``. Also the
   first 20 matching rows (``sample``), as the set builder shows them.

usage: benchmarks/catalog_bench.py [--rows 1000000] [--runs 30]
prints: one JSON line with milliseconds (median, p95, max wall clock; median CPU time of the
process) per case and ratios (median over the budget; over the reference), with the machine's
load average: on a shared machine the wall clock grows with the other processes, the CPU time not.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dcstudio.core.catalog.feed_import import import_feed  # noqa: E402
from dcstudio.core.catalog.filters import count_matching, sample  # noqa: E402
from dcstudio.core.catalog.store import CatalogStore  # noqa: E402

SET_COUNT_BUDGET_MS = 100.0
PRODUCT_SET_FILTERS = {
    "brand_eq": {"brand": {"eq": "Brand 7"}},
    "title_i_contains": {"name": {"i_contains": "BLUE"}},
    "price_range": {"and": [{"price_amount": {"gte": 2000}}, {"price_amount": {"lt": 4900}}]},
    "nested_and_or": {"and": [
        {"or": [{"category": {"starts_with": "Apparel > Shoes"}}, {"product_type": {"i_contains": "hat"}}]},
        {"availability": {"eq": "in stock"}},
        {"or": [{"sale_price_amount": {"lt": 3000}}, {"custom_label_0": {"is_any": ["summer", "clearance"]}}]},
        {"brand": {"not_contains": "Brand 1"}}]},
    "ids_is_any_1000": {"retailer_id": {"is_any": [f"SKU-{n:07d}" for n in range(0, 2_000_000, 2000)]}},
}


def feed_sql(rows: int) -> str:
    """A SELECT of ``rows`` Meta feed rows; about 5% carry a seeded error."""
    return f"""
    SELECT
      CASE WHEN i % 997 = 0 THEN 'SKU-' || lpad(CAST(i - 1 AS VARCHAR), 7, '0')  -- duplicate id
           ELSE 'SKU-' || lpad(CAST(i AS VARCHAR), 7, '0') END AS id,
      CASE WHEN i % 211 = 0 THEN '' ELSE
        ['Red', 'Blue', 'Green', 'Black', 'White'][1 + i % 5] || ' ' ||
        ['running shoe', 'sun hat', 'rain jacket', 'wool sock', 'canvas bag'][1 + (i // 5) % 5] ||
        ' ' || CAST(i AS VARCHAR) END AS title,
      'A well made product, number ' || CAST(i AS VARCHAR) || ', for every day.' AS description,
      CASE WHEN i % 53 = 0 THEN 'maybe' WHEN i % 7 = 0 THEN 'out of stock' ELSE 'in stock' END AS availability,
      CASE WHEN i % 13 = 0 THEN 'refurbished' ELSE 'new' END AS condition,
      CASE WHEN i % 101 = 0 THEN CAST(5 + i % 95 AS VARCHAR) || ',99 EUR'
           WHEN i % 103 = 0 THEN CAST(5 + i % 95 AS VARCHAR) || '.99'
           ELSE CAST(5 + i % 95 AS VARCHAR) || '.99 USD' END AS price,
      CASE WHEN i % 4 = 0 THEN CAST(3 + i % 60 AS VARCHAR) || '.49 USD' ELSE '' END AS sale_price,
      'https://shop.example.com/p/' || CAST(i AS VARCHAR) || '?utm_source=feed' AS link,
      'https://cdn.example.com/i/' || CAST(i AS VARCHAR) || '.jpg' AS image_link,
      'Brand ' || CAST(i % 40 AS VARCHAR) AS brand,
      ['Apparel > Shoes > Running', 'Apparel > Hats', 'Apparel > Jackets', 'Home > Bags',
       'Apparel > Socks'][1 + (i // 5) % 5] AS product_type,
      'G' || CAST(i // 4 AS VARCHAR) AS item_group_id,
      ['summer', 'winter', 'clearance', '', 'new'][1 + i % 5] AS custom_label_0,
      CAST(1000000000000 + i AS VARCHAR) AS gtin
    FROM range(1, {int(rows) + 1}) AS t(i)
    """


def timed(fn, runs: int) -> tuple[list[float], list[float]]:
    """(wall-clock ms, CPU ms of this process) per run: on a shared machine the two differ, and
    the CPU time says what the query costs."""
    times, cpu = [], []
    for _ in range(runs):
        c, t = time.process_time(), time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return times, cpu


def summary(measured: tuple[list[float], list[float]]) -> dict:
    ordered = sorted(measured[0])
    return {"median_ms": round(statistics.median(ordered), 3),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 3), "max_ms": round(ordered[-1], 3),
            "median_cpu_ms": round(statistics.median(measured[1]), 3)}


def write_feed(path: Path, rows: int) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute(f"COPY ({feed_sql(rows)}) TO '{path}' (HEADER, DELIMITER ',')")
    con.close()


def plain_read_ms(path: Path, folder: Path) -> float:
    """DuckDB reading the file into a table of a database file, and nothing else."""
    import duckdb

    con = duckdb.connect(str(folder / "plain.duckdb"))
    t = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar=true)", [str(path)])
    ms = (time.perf_counter() - t) * 1000
    con.close()
    return ms


def product_set_counts(store: CatalogStore, runs: int) -> dict:
    out: dict = {"budget_ms": SET_COUNT_BUDGET_MS}
    reference = summary(timed(lambda: store.count(), runs))
    out["reference_bare_count"] = reference
    for name, flt in PRODUCT_SET_FILTERS.items():
        n = count_matching(store, flt)
        case = summary(timed(lambda f=flt: count_matching(store, f), runs)) | {"matching": n}
        case["median_over_budget"] = round(case["median_ms"] / SET_COUNT_BUDGET_MS, 3)
        case["median_cpu_over_budget"] = round(case["median_cpu_ms"] / SET_COUNT_BUDGET_MS, 3)
        case["median_over_reference"] = round(case["median_ms"] / max(reference["median_ms"], 1e-6), 2)
        out[name] = case
    nested = PRODUCT_SET_FILTERS["nested_and_or"]
    out["sample_20_nested"] = summary(timed(lambda: sample(store, nested, 20), runs))
    cases = [v for v in out.values() if isinstance(v, dict) and "median_over_budget" in v]
    out["worst_median_over_budget"] = max(v["median_over_budget"] for v in cases)
    out["worst_median_cpu_over_budget"] = max(v["median_cpu_over_budget"] for v in cases)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = folder / "feed.csv"
        t = time.perf_counter()
        write_feed(feed, args.rows)
        out: dict = {"rows": args.rows, "runs": args.runs, "cpus": os.cpu_count(), "load_average": os.getloadavg()[0],
                     "feed_mb": round(feed.stat().st_size / 2**20, 1),
                     "write_feed_ms": round((time.perf_counter() - t) * 1000, 1)}
        out["plain_duckdb_read_ms"] = round(plain_read_ms(feed, folder), 1)
        project = types.SimpleNamespace(folder=folder / "project", catalog=None)
        t = time.perf_counter()
        report = import_feed(project, feed)
        out["import_ms"] = round((time.perf_counter() - t) * 1000, 1)
        out["import_over_plain_read"] = round(out["import_ms"] / max(out["plain_duckdb_read_ms"], 1e-6), 2)
        out["products"] = report.products
        with CatalogStore.open(project) as store:
            out["product_set_counts"] = product_set_counts(store, args.runs)
        print(json.dumps(out))


if __name__ == "__main__":
    main()
