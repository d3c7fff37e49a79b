#!/usr/bin/env python3
"""The Catalog panel's product table over a million products: GUI-thread stalls while it scrolls.

Target (issue 16): the product table scrolls from top to bottom with no GUI-thread stall over
50 ms.

What it does, offscreen (or on the screen it is given):
1. Writes a --rows Meta CSV (default 1,000,000) with DuckDB in a temporary folder: the usual
   columns, about 5% seeded errors (comma decimals, empty titles), and imports it into a project
   there with ``import_feed`` (timed, for reference).
2. Opens the Catalog panel on that project (1366x768) and waits for the table to know its rows.
3. A heartbeat: a QTimer firing every 4 ms records how late each tick is (the time the GUI thread
   was busy elsewhere). While it runs the table is scrolled
   a. top to bottom as a dragged scroll bar thumb: --steps jumps, one every 16 ms (a frame);
   b. a screen at a time (Page Down) for --pages screens at the top, the middle and the bottom.
   For each step it also notes how long the rows on screen took to arrive from the database
   thread ("fill"): the GUI shows "…" meanwhile and never waits.
Prints the figures; nothing is asserted.

Measured on the development machine (2 cores shared by 8 sessions, offscreen, PySide6, Python
3.11), 2026-12-02 02:59 UTC, load average 6-8, 1,000,000 products (301 MB CSV, imported in 23.5 s):
    1366x768 panel: a C++ QTableView of that size takes 63.5 ms (median) to repaint once here.
      a. drag top to bottom: stall max 102 ms, p99 81 ms (105 of 873 ticks over 50 ms);
         rows on screen in median 37 ms, p95 70 ms.
      b. Page Down: stall max 124 ms, p99 70 ms (25 of 222 over 50 ms); rows in median 27 ms.
    640x700 panel (the dock's size): the C++ reference repaint 40.1 ms.
      a. drag: stall max 113 ms, p99 62 ms (25 of 1174 over 50 ms); rows in median 25 ms.
      b. Page Down: stall max 60 ms, p99 43 ms (2 of 303 over 50 ms); rows in median 15 ms.
    Before the one-look-up delegate and the int roles: a 100,000-row table stalled 300-600 ms on
    every step (each role compared with a PySide6 enum, ~30 µs, nine roles a cell).
    Read against the reference: a stall is one or two repaints of the screen (placeholders, then
    the rows), each as long as Qt's own C++ table takes here; no query runs on the GUI thread.
    The 50 ms target is not met on this loaded machine, where a single C++ repaint of the screen
    already takes 40-64 ms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROBE_MS = 4
FRAME_MS = 16


def write_feed(path: Path, rows: int) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute(f"""
        COPY (SELECT
            'SKU-' || lpad(i::VARCHAR, 7, '0') AS id,
            CASE WHEN i % 41 = 0 THEN '' ELSE 'Organic cotton shirt ' || (i % 997) || ', size ' ||
                 ['S', 'M', 'L', 'XL'][1 + i % 4] END AS title,
            'A soft shirt of organic cotton, number ' || i || ', washable at 40 degrees.' AS description,
            CASE WHEN i % 7 = 0 THEN 'out of stock' ELSE 'in stock' END AS availability,
            'new' AS condition,
            CASE WHEN i % 23 = 0 THEN (i % 300) || ',99 USD' ELSE (i % 300 + 1) || '.99 USD' END AS price,
            'https://shop.example/p/' || i || '?utm_source=feed' AS link,
            'https://cdn.shop.example/img/' || i || '.jpg' AS image_link,
            ['Acme', 'Borealis', 'Cobalt', 'Dune', 'Ember'][1 + i % 5] AS brand,
            'grp-' || (i // 4) AS item_group_id,
            ['red', 'blue', 'green', 'black'][1 + i % 4] AS color,
            'Apparel & Accessories > Clothing > Shirts & Tops' AS google_product_category
        FROM range(1, {int(rows) + 1}) t(i)) TO '{path}' (HEADER, DELIMITER ',')""")
    con.close()


class Heartbeat:
    """How late a fast timer fires: the longest time the GUI thread was busy elsewhere."""

    def __init__(self):
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.lateness: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer(interval=PROBE_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0

    def start(self) -> None:
        self.lateness.clear()
        self._clock.start()
        self._last = self._clock.nsecsElapsed()
        self._timer.start()

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed()
        self.lateness.append(max(0.0, (now - self._last) / 1e6 - PROBE_MS))
        self._last = now

    def stop(self) -> None:
        self._timer.stop()

    def summary(self) -> str:
        if not self.lateness:
            return "no ticks"
        data = sorted(self.lateness)
        p99 = data[min(len(data) - 1, int(len(data) * 0.99))]
        over = sum(1 for x in data if x > 50)
        return f"max {data[-1]:.1f} ms, p99 {p99:.1f} ms, {over} over 50 ms, {len(data)} ticks"


def run_scroll(app, view, model, positions: list[int]) -> list[float]:
    """Sets the scroll bar to each position, one per frame; returns the fill time (ms) of each
    step: until the rows on screen have arrived, or until the next step when they have not."""
    from PySide6.QtCore import QElapsedTimer

    bar = view.verticalScrollBar()
    fills: list[float] = []
    clock = QElapsedTimer()
    for value in positions:
        bar.setValue(value)
        clock.start()
        first = view.rowAt(0)
        last = view.rowAt(view.viewport().height() - 1)
        last = last if last >= 0 else model.rowCount() - 1
        deadline = time.monotonic() + FRAME_MS / 1000
        filled = None
        while time.monotonic() < deadline or filled is None and time.monotonic() < deadline + 1.0:
            app.processEvents()
            if filled is None and model.is_loaded(first) and model.is_loaded(last):
                filled = clock.nsecsElapsed() / 1e6
            if filled is not None and time.monotonic() >= deadline:
                break
            time.sleep(0.001)
        fills.append(filled if filled is not None else float("inf"))
    return fills


def baseline_repaint_ms(app, width: int, height: int, columns: int) -> float:
    """The median repaint of a table of the same size from Qt's own C++ model and delegate: what
    painting a screen of text costs on this machine, the reference the stalls are read against."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    model = QStandardItemModel(60, columns)
    for r in range(60):
        for c in range(columns):
            model.setItem(r, c, QStandardItem(f"SKU-{r:07d} Organic cotton shirt {c}, https://shop.example/p/{r}"))
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.resize(width, height)
    view.show()
    app.processEvents()
    times = []
    for _ in range(15):
        t = time.perf_counter()
        view.viewport().repaint()
        times.append((time.perf_counter() - t) * 1000)
    view.close()
    return statistics.median(times)


def describe_fills(fills: list[float]) -> str:
    done = sorted(f for f in fills if f != float("inf"))
    late = len(fills) - len(done)
    if not done:
        return f"no step filled within a second ({late} steps)"
    p95 = done[min(len(done) - 1, int(len(done) * 0.95))]
    return (f"rows on screen arrived in median {statistics.median(done):.1f} ms, p95 {p95:.1f} ms, "
            f"max {done[-1]:.1f} ms" + (f"; {late} steps not filled within 1 s" if late else ""))


# The panel as large as the screen, and as the Catalog dock of the window on that screen.
SIZES = ((1366, 768), (640, 700))


def measure(app, panel, args) -> None:
    view, model = panel.product_view, panel.products
    base = baseline_repaint_ms(app, view.width(), view.height(), len(model.columns))
    shown = view.columnAt(view.viewport().width() - 1)
    shown = len(model.columns) if shown < 0 else shown + 1
    print(f"\n{panel.width()}x{panel.height()} panel ({shown} of {len(model.columns)} columns on screen). Reference: "
          f"one repaint of a table this size from Qt's C++ model and delegate, median {base:.1f} ms on this "
          f"machine now (load average {os.getloadavg()[0]:.1f})")
    bar = view.verticalScrollBar()
    top, bottom = bar.minimum(), bar.maximum()
    beat = Heartbeat()
    beat.start()
    drag = [top + (bottom - top) * i // max(1, args.steps - 1) for i in range(args.steps)]
    fills = run_scroll(app, view, model, drag)
    beat.stop()
    print(f"a. dragged top to bottom in {args.steps} steps (one per {FRAME_MS} ms frame, "
          f"{(bottom - top) // max(1, args.steps - 1):,} rows a step):")
    print(f"   GUI stall: {beat.summary()} (target < 50 ms)")
    print(f"   {describe_fills(fills)}")

    step = bar.pageStep()
    beat.start()
    pages = []
    for start in (top, (top + bottom) // 2, bottom - step * args.pages):
        pages += [min(bottom, start + step * i) for i in range(args.pages)]
    fills = run_scroll(app, view, model, pages)
    beat.stop()
    print(f"b. Page Down, {args.pages} screens of {step} rows at the top, the middle and the bottom:")
    print(f"   GUI stall: {beat.summary()} (target < 50 ms)")
    print(f"   {describe_fills(fills)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--steps", type=int, default=600, help="thumb positions from top to bottom")
    parser.add_argument("--pages", type=int, default=60, help="Page Down screens at top, middle, bottom")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from dcstudio.core.catalog.feed_import import import_feed
    from dcstudio.core.model.project import Project
    from dcstudio.core.model.project_folder import save_project
    from dcstudio.qt.catalog_panel import CatalogPanel
    from dcstudio.qt.document import Document

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory(prefix="catalog-gui-bench-") as tmp:
        folder = Path(tmp) / "project"
        folder.mkdir()
        feed = Path(tmp) / "products.csv"
        t0 = time.monotonic()
        write_feed(feed, args.rows)
        print(f"feed: {args.rows:,} rows, {feed.stat().st_size / 1e6:.0f} MB written in {time.monotonic() - t0:.1f} s")
        project = Project("Catalog bench", folder=folder)
        save_project(project, folder)
        t0 = time.monotonic()
        report = import_feed(project, feed)
        project.set_catalog(report.spec)
        print(f"import_feed: {report.products:,} products in {time.monotonic() - t0:.1f} s")

        panel = CatalogPanel()
        panel.resize(1366, 768)
        panel.show()
        t0 = time.monotonic()
        panel.set_document(Document(project))
        while panel.products.rowCount() != args.rows:
            app.processEvents()
            time.sleep(0.002)
            if time.monotonic() - t0 > 60:
                print("the table never got its rows")
                return 1
        print(f"panel open: the table knows its {args.rows:,} rows after {(time.monotonic() - t0) * 1000:.0f} ms")
        if panel._lint_cancel is not None:
            panel._lint_cancel.set()  # the lint beside the table is another benchmark's
        for width, height in SIZES:
            panel.resize(width, height)
            app.processEvents()
            measure(app, panel, args)
        panel.shutdown()
        panel.close()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
