#!/usr/bin/env python3
"""How `import-spec` grows with the size of a spec: it must stay linear (it was quadratic: 10,000
titles took 58 s, 10,000 images 113 s, 100,000 links over 180 s).

Cases: titles, images known by hash, links, and a plan alone split in two ad sets (exclusions are
read back from which ad sets hold which assets). Each is imported at 1,000 and at 10,000
entries in the same run; the reference is the 1,000-entry import (best of three), so the figure is
the ratio of the two: about 10 is linear, about 100 quadratic.

usage: benchmarks/import_bench.py
prints: one JSON line per case with seconds at each size and the ratio.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dcstudio.core.platforms.meta.export.importer import import_spec  # noqa: E402


def _feed(pool: str, n: int) -> dict:
    entry = {"titles": lambda i: {"text": f"Title {i}"},
             "images": lambda i: {"hash": f"{i:032x}"},
             "link_urls": lambda i: {"website_url": f"https://example.com/{i}"}}[pool]
    return {pool: [entry(i) for i in range(n)]}


def _split_plan(n: int) -> dict:
    calls = [{"id": "campaign", "kind": "campaign", "params": {"name": "x", "objective": "OUTCOME_SALES"}}]
    for half in range(2):
        calls.append({"id": f"adset-{half}", "kind": "adset", "params": {"daily_budget": 1000}})
        feed = {"titles": [{"text": f"T{i}"} for i in range(half, n, 2)],
                "bodies": [{"text": f"B{i}"} for i in range(half, 20, 2)]}
        calls.append({"id": f"creative-{half}", "kind": "creative", "params": {"asset_feed_spec": feed}})
    return {"plan_version": 1, "dcstudio": {"currency": "USD"}, "calls": calls}


def _seconds(folder: Path, name: str, doc: dict) -> float:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(doc), "utf-8")
    start = time.perf_counter()
    import_spec(path, folder / name)
    return time.perf_counter() - start


def main() -> int:
    cases = {pool: (lambda n, pool=pool: _feed(pool, n)) for pool in ("titles", "images", "link_urls")}
    cases["split plan"] = _split_plan
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, make in cases.items():
            small = min(_seconds(folder, f"{name}-small{k}".replace(" ", "-"), make(1000)) for k in range(3))
            large = _seconds(folder, f"{name}-large".replace(" ", "-"), make(10_000))
            print(json.dumps({"case": name, "seconds_1000": round(small, 3), "seconds_10000": round(large, 3),
                              "ratio": round(large / small, 1), "linear_would_be": 10}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
