#!/usr/bin/env python3
"""How long `lint(project)` takes on a full Meta pool: the studio window lints on every edit, so
the target is under 50 ms per call.

Full pool: 10 images (real JPEG files on disk; lint stats them, never decodes), 5 titles, 5
bodies, 5 descriptions, 5 CTAs, 5 links. Cases: plain; long bodies (near-duplicate comparison
at its most expensive); three exclusions, first call (the split is searched) and later calls
(cached); two 10 MB bodies (their heavy rules read a bounded prefix). Reference, measured in
the same run: serialising the same project to JSON (`project_format.dumps`), so a slow machine
slows both alike.

usage: benchmarks/lint_bench.py [--runs 200]
prints: one JSON line with milliseconds (median, p95, max) per case and ratios.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from dcstudio.core.lint import exclusions as lint_exclusions  # noqa: E402
from dcstudio.core.lint import lint  # noqa: E402
from dcstudio.core.model.assets import CtaAsset, ImageAsset, LinkAsset, TextAsset  # noqa: E402
from dcstudio.core.model.project import Project  # noqa: E402
from dcstudio.core.model.project_format import dumps  # noqa: E402
from dcstudio.core.values.crops import Crop  # noqa: E402
from dcstudio.core.values.meta_enums import ENHANCEMENT_FEATURES  # noqa: E402

BUDGET_MS = 50.0
CTAS = ("SHOP_NOW", "LEARN_MORE", "SIGN_UP", "ORDER_NOW", "GET_OFFER")


def full_project(folder: Path, body_length: int = 0) -> Project:
    project = Project("bench", folder=folder, enhancements={f: "OPT_OUT" for f in ENHANCEMENT_FEATURES})
    project.update_campaign(page_id="1234", start_time="2026-12-01T09:00:00+0000", end_time="2026-12-21T09:00:00+0000")
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    for n in range(10):
        w, h = (1080, 1350) if n % 3 else (1080, 1080)
        rel = f"assets/img{n}.jpg"
        Image.new("RGB", (w, h), (20 * n, 100, 200 - 10 * n)).save(folder / rel, "JPEG", quality=80)
        project.add_asset("images", ImageAsset("", rel, f"{n:064x}", w, h, Crop.centered(w, h)))
    for pool, stem in (("titles", "Headline"), ("bodies", "Primary text"), ("descriptions", "Note")):
        for n in range(5):
            text = f"{stem} {n}: {'spring gear made to go further ' * 40}"[: body_length or 0] if (
                pool == "bodies" and body_length) else (f"{stem} number {n} about "
                                                        f"{['boots', 'mugs', 'packs', 'watches', 'caps'][n]}")
            project.add_asset(pool, TextAsset("", text))
    for cta in CTAS:
        project.add_asset("call_to_actions", CtaAsset("", cta))
    for n in range(5):
        project.add_asset("link_urls", LinkAsset("", f"https://shop.example.com/spring/{n}"))
    return project


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"median_ms": round(statistics.median(ordered), 3),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 3), "max_ms": round(ordered[-1], 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=200)
    runs = ap.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        plain = full_project(Path(tmp) / "plain")
        long_bodies = full_project(Path(tmp) / "long", body_length=1000)
        excluded = full_project(Path(tmp) / "excl")
        for a, b in (("img1", "title1"), ("img2", "body2"), ("title3", "cta3")):
            excluded.exclude(a, b)
        reference = summary(timed(lambda: dumps(plain), runs))
        out = {"runs": runs, "budget_ms": BUDGET_MS, "reference_dumps": reference}
        for name, project in (("full_pool", plain), ("long_bodies", long_bodies)):
            report = lint(project)
            out[name] = summary(timed(lambda p=project: lint(p), runs)) | {"findings": len(report.findings)}
        lint_exclusions._CACHE.clear()
        first = timed(lambda: lint(excluded), 1)[0]
        out["exclusions_first_call_ms"] = round(first, 3)
        out["exclusions"] = summary(timed(lambda: lint(excluded), runs)) | {"adsets": lint(excluded).adsets_needed}
        # Two 10 MB bodies: far over the 1024 limit, so the heavy rules read a bounded prefix.
        huge = full_project(Path(tmp) / "huge")
        for asset in huge.pools["bodies"][:2]:
            huge.update_asset(asset.id, text=asset.text + " spring gear made to go further" * (10_000_000 // 31))
        out["huge_bodies"] = summary(timed(lambda: lint(huge), max(3, runs // 20)))
        out["huge_bodies_over_full_pool"] = round(out["huge_bodies"]["median_ms"]
                                                  / max(out["full_pool"]["median_ms"], 1e-6), 2)
        worst = max(out[k]["p95_ms"] for k in ("full_pool", "long_bodies", "exclusions"))
        out["worst_p95_over_budget"] = round(worst / BUDGET_MS, 3)
        out["full_pool_over_reference"] = round(out["full_pool"]["median_ms"] / max(reference["median_ms"], 1e-6), 2)
        print(json.dumps(out))


if __name__ == "__main__":
    main()
