#!/usr/bin/env python3
"""A catalog ad's templates resolved over a million products, for the lint counts (issue 17:
"under 10 s. Print it.").

What is timed: the catalog template check the linter runs (lint/checks_catalog_template.py) on a
catalog-ad project whose store holds --rows products (catalog_bench's generated Meta feed), with a
template that uses every kind of tag the counts treat differently: plain text tags (brand, name),
a price formatted by Babel (current_price, sale-aware), a transform (titleize) and an urlencoded
URL. It counts, per field and per product set, the products each tag leaves empty and the
resolved lengths against Meta's limits — what "{{product.brand}} is empty for 3,210 of 48,000
products" needs: over the whole catalog (a project without sets), then over two product sets (a
brand, a price range; the check counts per set).

Reference, in the same run: DuckDB scanning the same columns once (count, max length of title and
description), so the figure can be read against the machine's speed at that moment.

usage: benchmarks/template_bench.py [--rows 1000000] [--runs 3]
Prints JSON: wall and CPU seconds per run, the findings the check made, the ratio to the reference
scan, the load average. Nothing is asserted.

Measured 2026-12-02 08:05 UTC (2 cores, load average 1.8, the test suite running beside it):
1,000,000 products, the whole catalog: median 2.37 s (CPU 2.54 s; budget 10 s: 0.24 of it), 33x
the reference scan (73 ms); two product sets: 2.06 s.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from catalog_bench import write_feed  # noqa: E402

from dcstudio.core.catalog.feed_import import import_feed  # noqa: E402
from dcstudio.core.catalog.store import CatalogStore  # noqa: E402
from dcstudio.core.lint.checks_catalog_template import check_catalog_template  # noqa: E402
from dcstudio.core.lint.context import LintContext  # noqa: E402
from dcstudio.core.model.catalog_spec import ProductSet  # noqa: E402
from dcstudio.core.model.catalog_template import CatalogTemplate, TemplateUrlSpec  # noqa: E402
from dcstudio.core.model.project import Project  # noqa: E402

BUDGET_S = 10.0
TEMPLATE = CatalogTemplate(
    message="{{product.brand}} {{product.name}}: now {{product.current_price}}. {{product.description}}",
    name="{{product.name | titleize}}",
    description="From {{product.price strip_zeros}} · {{product.custom_label_0}}",
    template_url_spec=TemplateUrlSpec(web={"url": "https://shop.example.com/go?p={{product.name | urlencode}}"}),
)
SETS = (ProductSet("brand 7", {"brand": {"eq": "Brand 7"}}),
        ProductSet("20 to 49", {"and": [{"price_amount": {"gte": 2000}}, {"price_amount": {"lt": 4900}}]}))


def reference_scan_s(project) -> float:
    with CatalogStore.open(project) as store:
        con = store.cursor()
        t = time.perf_counter()
        con.execute("SELECT count(*), max(length(title)), max(length(description)), count(brand) "
                    "FROM products").fetchall()
        return time.perf_counter() - t


def lint_once(project) -> tuple[float, float, list[str]]:
    ctx = LintContext(project, project.profile)
    c, t = time.process_time(), time.perf_counter()
    check_catalog_template(ctx)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    return wall, cpu, [f"{f.rule_id}: {f.message}" for f in ctx.findings]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = folder / "feed.csv"
        write_feed(feed, args.rows)
        project = Project("bench", folder=folder / "shop")
        report = import_feed(project, feed)
        project.catalog_template = TEMPLATE
        refs = [reference_scan_s(project) for _ in range(3)]
        ref = statistics.median(refs)
        out = {"rows": report.products, "runs": args.runs, "cpus": os.cpu_count(),
               "load_average": round(os.getloadavg()[0], 2), "budget_s": BUDGET_S,
               "reference_scan_s": round(ref, 3)}
        # The whole catalog (a project without sets), then two sets (the check counts per set).
        for case, sets in (("whole_catalog", ()), ("two_product_sets", SETS)):
            project.catalog = dataclasses.replace(report.spec, product_sets=sets)
            runs = [lint_once(project) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            out[case] = {"median_s": round(wall, 2), "max_s": round(max(r[0] for r in runs), 2),
                         "median_cpu_s": round(statistics.median(r[1] for r in runs), 2),
                         "median_over_budget": round(wall / BUDGET_S, 3),
                         "median_over_reference_scan": round(wall / max(ref, 1e-6), 1),
                         "product_sets": [p.name for p in sets], "findings": runs[0][2]}
        print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
