#!/usr/bin/env python3
"""The product catalog at a million products (issue 16).

1. Writes a --rows Meta CSV (default 1,000,000) with DuckDB in a temporary folder: the usual
   columns, about 5% of the rows with a seeded error (comma decimals, a missing currency, empty
   titles, unknown availability, duplicate ids, a sale price above the price, Google tracking in
   the link, a wrong GTIN check digit). Then, each in a child process of its own (so its peak
   memory is its own, read with ``os.wait4``):
   - the reference: DuckDB reading the same file into a table of a database file, nothing else;
   - ``import_feed`` of the file, then the full ``lint_catalog`` of the catalog it built.
   Targets: (import + lint) / plain read under 3x; the peak RSS of that child under 1.5 GB.
2. Product-set counts: each filter of PRODUCT_SET_FILTERS counted --runs times with
   ``count_matching``; target: median under 100 ms. Reference: a bare ``count(*)``. Also the
   first 20 matching rows (``sample``), as the set builder shows them.
3. An RSS 2.0 feed of --rss-items items (default 200,000) and one of a quarter of them, each
   imported in a child process: items per second, and the peak RSS of the two (flat memory: the
   larger feed's peak over the smaller's near 1, not 4).

usage: benchmarks/catalog_bench.py [--rows 1000000] [--runs 30] [--rss-items 200000]
prints: one JSON line with milliseconds (median, p95, max wall clock; median CPU time of the
process) per case and ratios (median over the budget; over the reference), with the machine's
load average: on a shared machine the wall clock grows with the other processes, the CPU time not.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
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
IMPORT_LINT_OVER_READ_BUDGET = 3.0
PEAK_RSS_BUDGET_MB = 1536.0
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


def _gtin13(base: str) -> str:
    """SQL: the GTIN-13 of the 12-digit BIGINT ``base`` with its check digit (GS1: from the
    right, the digits weigh 3, 1, 3, ...)."""
    terms = " + ".join(f"{3 if i % 2 == 0 else 1} * (({base} // {10 ** i}) % 10)" for i in range(12))
    return f"CAST({base} AS VARCHAR) || CAST((10 - ({terms}) % 10) % 10 AS VARCHAR)"


def feed_sql(rows: int) -> str:
    """A SELECT of ``rows`` Meta feed rows; about 5% carry a seeded error (a row may carry two)."""
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
      CASE WHEN i % 4 <> 0 THEN ''
           WHEN i % 401 = 0 THEN CAST(6 + i % 95 AS VARCHAR) || '.49 USD'  -- above the price
           ELSE CAST(3 + i % 95 AS VARCHAR) || '.49 USD' END AS sale_price,
      'https://shop.example.com/p/' || CAST(i AS VARCHAR) ||
        CASE WHEN i % 199 = 0 THEN '?utm_source=feed' ELSE '' END AS link,
      'https://cdn.example.com/i/' || CAST(i AS VARCHAR) || '.jpg' AS image_link,
      'Brand ' || CAST((i // 4) % 40 AS VARCHAR) AS brand,
      ['Apparel > Shoes > Running', 'Apparel > Hats', 'Apparel > Jackets', 'Home > Bags',
       'Apparel > Socks'][1 + (i // 5) % 5] AS product_type,
      'G' || CAST(i // 4 AS VARCHAR) AS item_group_id,
      ['S', 'M', 'L', 'XL'][1 + i % 4] AS size,
      ['summer', 'winter', 'clearance', '', 'new'][1 + i % 5] AS custom_label_0,
      CASE WHEN i % 307 = 0 THEN CAST(1000000000000 + i AS VARCHAR)  -- a check digit by chance only
           ELSE {_gtin13("(100000000000 + i)")} END AS gtin
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


def child_plain_read(feed: Path, folder: Path) -> dict:
    """DuckDB reading the file into a table of a database file, and nothing else."""
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(folder / "plain.duckdb"))
    t = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar=true)", [str(feed)])
    ms = (time.perf_counter() - t) * 1000
    con.close()
    return {"ms": ms}


def child_import_lint(feed: Path, folder: Path) -> dict:
    from dcstudio.core.lint.catalog_lint import lint_catalog

    project = types.SimpleNamespace(folder=folder, catalog=None)
    t = time.perf_counter()
    report = import_feed(project, feed)
    import_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    with CatalogStore.open(report.path) as store:
        lint = lint_catalog(store, "meta-catalog")
    lint_ms = (time.perf_counter() - t) * 1000
    flagged = {rule: n for rule, n in sorted(lint.counts.items())}
    return {"import_ms": import_ms, "lint_ms": lint_ms, "products": report.products, "findings": flagged,
            "findings_kept": len(lint.findings)}


def child_import(feed: Path, folder: Path) -> dict:
    project = types.SimpleNamespace(folder=folder, catalog=None)
    t = time.perf_counter()
    report = import_feed(project, feed)
    return {"ms": (time.perf_counter() - t) * 1000, "products": report.products}


CHILDREN = {"plain-read": child_plain_read, "import-lint": child_import_lint, "import": child_import}


def in_child(job: str, feed: Path, folder: Path) -> dict:
    """``job`` in a fresh interpreter; its result with its peak RSS (MB) and CPU seconds."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", job, str(feed), str(folder)],
                            stdout=subprocess.PIPE)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"catalog_bench: the {job} child failed (exit {proc.returncode})")
    result = json.loads(out)
    # ru_maxrss is in KB on Linux (bytes on macOS)
    scale = 1 if sys.platform == "darwin" else 1024
    result["peak_rss_mb"] = round(usage.ru_maxrss * scale / 2**20, 1)
    result["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 2)
    return result


def write_rss(path: Path, items: int) -> None:
    """An RSS 2.0 feed with Google's g: names, ``items`` items, written in chunks."""
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">\n'
            "<channel><title>Shop</title><link>https://shop.example.com</link>\n")
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        for start in range(1, items + 1, 10_000):
            out.write("".join(
                f"<item><g:id>SKU-{i:07d}</g:id><g:title>Blue sun hat {i}</g:title>"
                f"<g:description>A well made product, number {i}, for every day.</g:description>"
                f"<g:availability>in_stock</g:availability><g:condition>new</g:condition>"
                f"<g:price>{5 + i % 95}.99 USD</g:price><g:link>https://shop.example.com/p/{i}</g:link>"
                f"<g:image_link>https://cdn.example.com/i/{i}.jpg</g:image_link><g:brand>Brand {i % 40}</g:brand>"
                f"<g:additional_image_link>https://cdn.example.com/i/{i}b.jpg</g:additional_image_link>"
                f"<g:shipping><g:country>US</g:country><g:price>4.99 USD</g:price></g:shipping></item>\n"
                for i in range(start, min(start + 10_000, items + 1))))
        out.write("</channel></rss>\n")


def rss_imports(folder: Path, items: int) -> dict:
    out: dict = {}
    for n in (items // 4, items):
        feed = folder / f"feed-{n}.xml"
        write_rss(feed, n)
        result = in_child("import", feed, folder / f"rss-{n}")
        out[f"items_{n}"] = {"feed_mb": round(feed.stat().st_size / 2**20, 1), "import_ms": round(result["ms"], 1),
                             "items_per_s": round(n / (result["ms"] / 1000)), "peak_rss_mb": result["peak_rss_mb"],
                             "products": result["products"]}
        feed.unlink()
    small, large = out[f"items_{items // 4}"], out[f"items_{items}"]
    out["peak_rss_large_over_small"] = round(large["peak_rss_mb"] / small["peak_rss_mb"], 2)
    out["items_over_small"] = 4.0
    return out


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
    ap.add_argument("--rss-items", type=int, default=200_000)
    ap.add_argument("--child", nargs=3, metavar=("JOB", "FEED", "FOLDER"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        job, feed, folder = args.child
        print(json.dumps(CHILDREN[job](Path(feed), Path(folder))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = folder / "feed.csv"
        t = time.perf_counter()
        write_feed(feed, args.rows)
        out: dict = {"rows": args.rows, "runs": args.runs, "cpus": os.cpu_count(), "load_average": os.getloadavg()[0],
                     "feed_mb": round(feed.stat().st_size / 2**20, 1),
                     "write_feed_ms": round((time.perf_counter() - t) * 1000, 1)}
        plain = in_child("plain-read", feed, folder)
        out["plain_duckdb_read_ms"] = round(plain["ms"], 1)
        out["plain_read_peak_rss_mb"] = plain["peak_rss_mb"]
        built = in_child("import-lint", feed, folder / "project")
        out["import_ms"] = round(built["import_ms"], 1)
        out["lint_ms"] = round(built["lint_ms"], 1)
        out["import_over_plain_read"] = round(built["import_ms"] / max(plain["ms"], 1e-6), 2)
        out["import_lint_over_plain_read"] = round((built["import_ms"] + built["lint_ms"]) / max(plain["ms"], 1e-6), 2)
        out["import_lint_over_plain_read_budget"] = IMPORT_LINT_OVER_READ_BUDGET
        out["import_lint_peak_rss_mb"] = built["peak_rss_mb"]
        out["import_lint_peak_rss_over_budget"] = round(built["peak_rss_mb"] / PEAK_RSS_BUDGET_MB, 2)
        # CPU seconds of each child (user + system, all its threads): what the work costs, which
        # the other processes of a shared machine do not stretch as they stretch the wall clock.
        out["plain_read_cpu_s"] = plain["cpu_s"]
        out["import_lint_cpu_s"] = built["cpu_s"]
        out["import_lint_cpu_over_plain_read_cpu"] = round(built["cpu_s"] / max(plain["cpu_s"], 1e-6), 2)
        out["products"] = built["products"]
        out["findings"] = built["findings"]
        out["rows_flagged_share_approx"] = round(sum(built["findings"].values()) / max(built["products"], 1), 3)
        with CatalogStore.open(folder / "project") as store:
            out["product_set_counts"] = product_set_counts(store, args.runs)
        feed.unlink()
        if args.rss_items:
            out["rss"] = rss_imports(folder, args.rss_items)
        out["load_average_end"] = os.getloadavg()[0]
        print(json.dumps(out))


if __name__ == "__main__":
    main()
