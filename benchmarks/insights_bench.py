#!/usr/bin/env python3
"""Fetch, store and judge 10 ads x 8 asset breakdowns x 90 days from the fake Graph server (a
real HTTP server on 127.0.0.1): the target is under 20 s in all.

Each ad shows 5 images, 5 headlines, 5 texts, 5 descriptions, 2 calls to action, a link and
its format (its video breakdown is empty), so a fetch brings 21,600 asset rows; 90 days is
past the sync limit, so every call is an async report run (created, polled, read in pages).

Then the window's Insights panel opens on that data (offscreen unless a display is given): the
GUI thread's CPU time to make the panel, fill it from the Judgement and paint it (target: under
300 ms), and to refill it as after a refetch. judge() itself runs on the loader's worker, as in
the window, and is not GUI-thread time.

usage: benchmarks/insights_bench.py
prints: one JSON line with seconds for fetch (with store), judge, and the total, and the panel's ms.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dcstudio.core.insights.judge import judge  # noqa: E402
from dcstudio.core.insights.store import InsightsStore  # noqa: E402
from dcstudio.core.model.project_folder import load_project  # noqa: E402
from dcstudio.core.platforms.meta.insights.fetch import Targets, fetch_insights  # noqa: E402
from dcstudio.core.platforms.meta.publish.client import GraphClient  # noqa: E402
from dcstudio.core.platforms.meta.publish.tokens import session_credentials  # noqa: E402
from dcstudio.core.values.resources import demo_project_dir  # noqa: E402
from tests.fake_graph.fixtures import random_token  # noqa: E402
from tests.fake_graph.server import FakeGraph  # noqa: E402

ADS, DAYS = 10, 90
TARGET_SECONDS = 20.0
PANEL_TARGET_MS = 300.0


def panel_times(project) -> dict:
    """GUI-thread CPU ms to open the Insights panel on ``project``'s judged store, and to refill it."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from dcstudio.qt.document import Document
    from dcstudio.qt.insights_loader import InsightsLoader

    app = QApplication.instance() or QApplication([])
    loader = InsightsLoader()
    loader.set_document(Document(project))
    deadline = time.monotonic() + 60
    while loader.busy and time.monotonic() < deadline:  # judged on the loader's worker
        app.processEvents()
        time.sleep(0.01)
    started = time.thread_time()
    from dcstudio.qt.insights_panel import InsightsPanel  # as the window: imported when the tab opens

    panel = InsightsPanel(loader)
    panel.resize(460, 720)
    panel.show()
    app.processEvents()
    panel.grab()  # painted: the table's interval bars and the chart
    opened = time.thread_time()
    panel.set_judgement(loader.judgement)
    panel.grab()
    refilled = time.thread_time()
    rows = panel.model.rowCount()
    panel.close()
    loader.shutdown()
    return {"panel_rows": rows, "panel_open_ms": round((opened - started) * 1000, 1),
            "panel_refill_ms": round((refilled - opened) * 1000, 1), "panel_target_ms": PANEL_TARGET_MS}


def _feed(n: int) -> dict:
    return {"ad_formats": ["SINGLE_IMAGE"],
            "images": [{"hash": f"{n:02d}{i:030x}"} for i in range(5)],
            "titles": [{"text": f"Headline {i} of ad {n}"} for i in range(5)],
            "bodies": [{"text": f"Primary text {i} of ad {n}"} for i in range(5)],
            "descriptions": [{"text": f"Description {i}"} for i in range(5)],
            "call_to_action_types": ["SHOP_NOW", "LEARN_MORE"],
            "link_urls": [{"website_url": "https://example.com/shop"}]}


def main() -> int:
    token = random_token()
    with tempfile.TemporaryDirectory() as tmp, FakeGraph(token) as fake:
        folder = Path(tmp) / "project"
        shutil.copytree(demo_project_dir(), folder)
        fake.insights.polls_before_done = 1
        fake.insights.page_size = 500
        ads = tuple(fake.insights.add_ad("777", _feed(n)) for n in range(ADS))
        project = load_project(folder)
        client = GraphClient(session_credentials(token), api_base=fake.url)
        started = time.perf_counter()
        report = fetch_insights(project, client, targets=Targets(ads=ads), since="2026-01-01", until="2026-03-31",
                                poll_seconds=0.05)
        fetched = time.perf_counter()
        judgement = judge(InsightsStore.for_project(folder), project)
        judged = time.perf_counter()
        client.close()
        panel = panel_times(project)
    total = judged - started
    ok = total < TARGET_SECONDS and panel["panel_open_ms"] < PANEL_TARGET_MS
    print(json.dumps({"ads": ADS, "breakdowns": 8, "days": DAYS, "rows": report.rows, "calls": report.calls,
                      "async_runs": report.async_runs, "assets_judged": len(judgement.assets),
                      "fetch_and_store_s": round(fetched - started, 2), "judge_s": round(judged - fetched, 2),
                      "total_s": round(total, 2), "target_s": TARGET_SECONDS, **panel, "ok": ok}))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
