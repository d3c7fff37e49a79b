#!/usr/bin/env python3
"""How long `dcstudio --version` and `dcstudio info DEMO` take, as ratios of a bare interpreter start.

Each figure is the best of N runs in this same process run, so machine noise affects all alike.
usage: benchmarks/startup_bench.py [--runs 7]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def best(argv, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    bare = best([sys.executable, "-c", "pass"], a.runs)
    version = best([sys.executable, "-m", "dcstudio", "--version"], a.runs)
    info = best([sys.executable, "-m", "dcstudio", "info", str(ROOT / "resources" / "demo")], a.runs)
    qt = best([sys.executable, "-c", "import PySide6.QtWidgets"], a.runs)
    print(json.dumps({"bare_python_s": round(bare, 3), "version_s": round(version, 3),
                      "version_over_bare": round(version / bare, 2), "info_demo_s": round(info, 3),
                      "info_over_bare": round(info / bare, 2), "import_qtwidgets_s": round(qt, 3)}))


if __name__ == "__main__":
    main()
