#!/usr/bin/env python3
"""The studio window: time to the first screen of tiles, and GUI-thread stalls while the grid fills.

Targets (issue 5): the first screen of tiles within 300 ms of opening the demo project; the GUI
thread never stalls more than 50 ms while the grid fills.

What "opening" means here: the clock starts when the program asks for the demo project
(``open_document``: copy to scratch, read, schema check), after QApplication exists and after the
studio's own modules are imported (``dcstudio.qt.main_window`` and what it imports, as
``dcstudio`` does before it opens anything). It covers building the window on that document,
showing and painting it, and stops when every visible tile is drawn. Core modules first loaded by
the opening itself (jsonschema-rs for the schema check, with the stdlib's email and socket modules
it imports; the mockups module and its fonts; Pillow's JPEG plugin) are inside it. The studio's
modules are what the first screen needs (since issue 15's start-up round: not the Campaign form
with the Graph client's requests and keyring, nor the Catalog panel, the linter, Babel, the
dialogs or the insights store, which load when first used; the tile cache does load with them).
The linter is not on this path: the window runs it once the first screen is drawn. Each fresh run
also says which heavy modules are loaded when the first screen is drawn.

What it does, offscreen:
1. Fresh processes (--fresh each): a new interpreter per run opens the demo once and reports the
   phases: interpreter start-up, Qt import + QApplication, studio modules, then the opening (load;
   window built, shown, painted once; remaining tiles). Twice: with a warm bytecode cache (what an
   installed wheel has; the cache is filled by one uncounted run) and with no bytecode at all (a
   checkout run with PYTHONDONTWRITEBYTECODE=1, where every dcstudio module compiles from source).
2. In this process, the demo is opened --runs times (a new window each time; the OS file cache is
   warm, and after the first run so are the imports, fonts and decoders).
3. A stall probe: a QTimer firing every 4 ms records how late each tick is. It starts when the
   window has appeared (built, shown, painted once) and runs while the demo grid fills its
   screen and the prefetch behind it, then while a window on the maximal Meta pool (10 photos of
   12-16 megapixels, 6,250 combinations, made in a temporary folder) fills its first screen and is
   scrolled from top to bottom a screen every 40 ms and filled again at the end.
4. (issue 15) Reopening big photos: fresh processes, interleaved, open the demo and the
   10-photo 12-16 MP project (made at run time in a temporary folder), each with the persistent
   preview cache (DCSTUDIO_CACHE_DIR, a temporary folder) warm from one uncounted open; prints
   the ratio of their first screens (target 1.0x). Each fresh demo process is followed by a
   reference process doing only the Qt import + QApplication (both ratios printed; the issue's
   figure is the one against the same process). The stall probe also reports the GUI thread's
   own CPU time between ticks, and a reference: the probe alone, as long as the scroll took.
Prints the figures; nothing is asserted.

Measured on the development machine (2 cores, offscreen, PySide6 6.11.3, Python 3.11), 2026-11-23
11:55-11:56 UTC, a shared machine (load average 0.9-1.0 from other work during the runs):
    fresh process, bytecode cached: opening the demo -> first screen of tiles median 238 ms
      (runs 207-283), 1.89x the Qt import + QApplication of the same process (128 ms);
      = load 20 + window built, shown, painted 176 + last tiles 36. Before the opening:
      interpreter 38, Qt import + QApplication 128, studio modules 140; process start -> first
      tiles 539 ms.
    fresh process, no bytecode (PYTHONDONTWRITEBYTECODE=1): opening median 284 ms (2.11x).
    the same fresh-process measurement run interleaved against the code at the end of the
      previous round (commit ff2120d, bytecode cached, 15 runs each, 11:55 UTC): before median
      413 ms (3.32x the Qt import), after 268 ms (1.98x). What changed: the schema check uses
      jsonschema-rs (load 102 -> 20 ms); the Campaign tab is made when first opened; the pool
      thumbnails wait with the checks until the first screen is drawn.
    in one process: first open 289 ms; later opens median 135 ms.
    again at 12:41 UTC, after the grid's control bar and thumbnail fixes (load average 0.8-1.1):
      fresh, bytecode cached: median 279 ms (runs 222-351), 1.95x the Qt import (143 ms);
      fresh, no bytecode: median 268 ms (1.86x); in one process, later opens median 130 ms.
      (The in-process first open needs the bytecode of the modules it loads lazily, the
      renderer's: on a checkout's very first run it compiles them and takes ~350 ms.)
    and at 13:20 UTC, at the end of the session (load average 0.7-1.0):
      fresh, bytecode cached: median 307 ms (runs 246-377), 1.79x the Qt import, which was
      177 ms in that batch (the machine was busy: it is 111-128 ms when quiet);
      fresh, no bytecode: median 251 ms (1.99x, Qt import 124 ms); in one process: first open
      265 ms, later opens median 98 ms; GUI stall max 9 ms (demo), 28 ms (maximal pool).
    and at 13:22 UTC on a quiet machine (this file's --child runs, 12 fresh processes, bytecode
      cached, commit b20182d): median 223 ms, 2.02x the Qt import (109 ms).
    Read as ratios: the opening takes 1.8-2.0x the Qt import + QApplication of its own process
    in every batch (3.1-3.3x before this round). With the reference at its quiet 111-128 ms
    that is 200-255 ms, inside the 300 ms target; in batches where the machine was busy (the
    reference at 143-177 ms) the median reached 279-307 ms.
    GUI stall while the demo grid fills: max 19 ms; maximal pool filling: max 35 ms, p99 27 ms;
      maximal pool scrolled top to bottom: max 25 ms, p99 8 ms.
    What is left of the opening is the GUI thread's own work: building and first painting the
    window, most of it one-time costs of a fresh Qt process (the font database is set up by the
    first line edit, ~15 ms; PySide makes its wrapper types and enums on first use, ~30 ms).
    Issue 15, 2026-12-02 01:50-02:42 UTC, load average 4-9 (eight sessions on 2 cores):
      first screen, fresh processes interleaved in one run against the code before this round
      (e2d71b2, bytecode cached, 5 each): before 1.81x the Qt import + QApplication of the same
      process, after 1.49x (earlier pairs: 1.98 -> 1.68 for the preview cache and grid paint,
      2.11 -> 1.36 and 1.89 -> 1.73 for 12 first tiles instead of 24).
      reopening the 10-photo project vs the demo: before 1.52x (load 5), after 1.39x (load 8-9).
      scrolling the maximal pool: before max 335 ms, p99 57 ms (load 5); after max 125 ms, p99
      41 ms at load 8-9, when the probe alone showed max 54 ms, p99 15 ms; the GUI thread's own
      CPU between ticks: max 17 ms, p99 7 ms (the stalls beyond it are other programs' turns).
    Absolute times on this shared machine move by a third between batches (the same code gave
    413 ms at 11:55 and 321 ms the day before); the ratio to the Qt import moves less.
    Issue 15, start-up round, 2026-12-02 06:35-07:36 UTC, load average 2.5-12 (other sessions'
    test suites on the 2 cores; never quiet). Before it (c1e6798), on the quiet morning run: the
      demo's first screen 1.69x the Qt import (223 ms), studio modules 428 ms, process start ->
      tiles 832 ms; the window's imports held requests, keyring, the Graph client, the linter,
      Babel, the Campaign form, the Catalog panel and the insights store.
    --only first --fresh 8 at 07:32 UTC, load 2.5-3.1: bytecode cached 252 ms median (runs
      209-278), 1.64x the Qt import (runs 1.27-1.98), = load 49 + window 162 + last tiles 15;
      studio modules 213 ms; process start -> tiles 662 ms. No bytecode: 232 ms, 1.67x (runs
      1.28-2.05), studio modules 226 ms, process start -> tiles 660 ms. At the first screen only
      PIL and jsonschema_rs of the heavy modules are loaded.
    the same at 07:35 UTC, load 5.1-5.5: 498 ms, 1.82x (runs 1.05-3.73); no bytecode 1.73x
      (runs 1.25-3.63). The spread of single runs at that load is wider than the whole change.
    the same at 07:45 and 07:46 UTC, the quietest of the session (load 2.0-2.5), code 89dc615:
      bytecode cached 231 and 235 ms median, 1.53x (runs 1.23-1.79) and 1.57x (runs 1.38-1.97),
      = load 42-43 + window 158-167 + last tiles 15-24; studio modules 228 and 224 ms; process
      start -> tiles 659 and 638 ms. No bytecode: 1.58x (runs 1.19-2.13) and 1.59x (runs
      1.11-3.08), studio modules 196 and 263 ms, process start -> tiles 580 and 764 ms.
    paired fresh processes against c1e6798 (interleaved, bytecode cached, this file's child
      phases): at load 3.3-4.1, 40 pairs: opening 312 -> 216 ms median (faster in 30 of 40),
      1.99x -> 1.65x the Qt import, studio modules 506 -> 198 ms, process start -> tiles 1037 ->
      610 ms; at load 5.4-6.3, 30 pairs: 2.04x -> 1.47x (the paired ratio of ratios 0.74),
      studio modules 1014 -> 380 ms, process start -> tiles 1810 -> 1178 ms.
    What changed: the Campaign form, the Catalog panel, the large preview, the crop dialog, the
      pool editor's dialogs, the presets and the insights store load when first used (Babel when
      a price is first formatted); the tile workers get their first tiles when the panels are
      built, not before (paired at load 11: opening -12%, faster in 19 of 24), and no more of
      them than the screen can show; the grid's grey is a palette, not a style sheet; the first
      paint no longer makes PySide build QGradient's enums. What the opening gained back: with
      requests gone, jsonschema-rs's own import of email.utils (it parses its build date at
      import; email brings socket, calendar and locale) falls in the opening's load, ~10-15 ms
      (load 21 ms on the quiet morning, 47-49 ms at load 2.5-3 now), and Pillow's JPEG plugin
      (with subprocess) loads in a tile worker. So the 1.5x target is not shown met on this
      machine: 1.53-1.59x in the direct runs at load 2.0-2.5, 1.64-1.82x at load 2.5-5.5; the
      paired runs put the change at 0.74-0.85 of the ratio before it, which from the quiet 1.69x
      would be 1.25-1.45x. Where the window's time goes now (GUI thread CPU, the least of 8 fresh
      processes at load ~6): built 46 ms (the grid 11, the Assets panel 9, the tile loader and
      its renderer module 5, the docks 3, fitting the screen 3, set_document 2, the Checks panel
      2, the menus 1), shown 8, first painted 24; its wall time is 1.4-1.7x that, the rest the
      tile workers' and other programs' turns on the GIL and the cores. The load (42 ms) is
      mostly jsonschema-rs's import (~15 ms with email and socket) and the hash check.
    Issue 15, 2026-12-02 14:29-14:34 UTC, a quiet machine (load 0.0-0.9, no other work): before
      this step (8721358) the first screen was 1.63x the Qt import bytecode cached (178 ms = load
      27 + window 129 + tiles 21) and 1.62x without bytecode, so the 1.5x target was missed even
      quietly. The load was the hash memo's look-ups and commits (one per photo, ~1 ms each: the
      demo is a new scratch copy each time, so every look-up missed and wrote) and jsonschema-rs's
      import (~11 ms of 17). Now files under 1 MiB are hashed directly (quicker than the memo) and
      a project document that passed the schema check is remembered by its hash and the schema's
      (hash_memo.known_valid), so an unchanged reopening does not import the validator.
    --fresh 10 at 14:33 UTC, load 0.9: bytecode cached 131 ms median, 1.47x the Qt import (runs
      1.31-1.99) = load 9 + window 106 + tiles 15; no bytecode 1.33x (runs 1.13-1.75), load 5;
      the 10-photo reopening 0.90x the demo; an earlier --fresh 10 run at load 0.5: 1.45x and
      1.41x. At the first screen only PIL of the heavy modules is loaded.

usage: .venv/bin/python benchmarks/gui_bench.py [--runs 5] [--fresh 5] [--keep DIR]
                                                [--only first,reopen,inprocess,scroll]
"""
from __future__ import annotations

import time

SCRIPT_STARTED = time.time()  # a fresh process's interpreter is up: its start-up ends here

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

_qt_import = time.perf_counter()
from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

QT_IMPORT_MS = (time.perf_counter() - _qt_import) * 1000

PROBE_MS = 4


class StallProbe:
    """How late a fast timer fires: the longest time the GUI thread was busy elsewhere. Beside it,
    the GUI thread's own CPU time between two ticks: on a shared machine a tick is also late when
    other programs hold the cores, which the CPU time leaves out."""

    def __init__(self):
        self.lateness: list[float] = []
        self.busy: list[float] = []
        self._cpu = 0.0
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)
        self._last = None

    def start(self) -> None:
        self.lateness.clear()
        self._clock.start()
        self.busy.clear()
        self._last = self._clock.nsecsElapsed()
        self._cpu = time.thread_time()
        self._timer.start()

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed()
        cpu = time.thread_time()
        self.lateness.append(max(0.0, (now - self._last) / 1e6 - PROBE_MS))
        self.busy.append((cpu - self._cpu) * 1000)
        self._last, self._cpu = now, cpu

    def stop(self) -> None:
        self._timer.stop()

    def summary(self) -> str:
        if not self.lateness:
            return "no ticks"
        data, busy = sorted(self.lateness), sorted(self.busy)
        p99 = data[min(len(data) - 1, int(len(data) * 0.99))]
        busy99 = busy[min(len(busy) - 1, int(len(busy) * 0.99))]
        return (f"max {data[-1]:.1f} ms, p99 {p99:.1f} ms over {len(data)} ticks (the GUI thread's own CPU "
                f"between ticks: max {busy[-1]:.1f} ms, p99 {busy99:.1f} ms)")


def spin_until(condition, timeout_s: float = 60.0) -> bool:
    app = QApplication.instance()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.001)
    return False


def open_window(folder: Path, state: Path):
    from dcstudio.qt.document import open_document
    from dcstudio.qt.main_window import MainWindow
    from dcstudio.qt.settings import UiSettings

    window = MainWindow(open_document(folder, state / "scratch"), settings=UiSettings.at(state / "ui.ini"),
                        state_dir=state)
    window.show()
    return window


def close(window) -> None:
    window.document.undo_stack.setClean()
    window.close()
    window.deleteLater()
    QApplication.instance().processEvents()


def first_screen(runs: int, state: Path) -> list[float]:
    from dcstudio.core.values.resources import demo_project_dir

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        window = open_window(demo_project_dir(), state)
        spin_until(window.grid.visible_tiles_done)
        times.append((time.perf_counter() - start) * 1000)
        close(window)
    return times


PHASES = ("interpreter", "qt", "studio", "load", "window", "tiles")
# Libraries (and studio modules that bring them) worth knowing about when the first screen is
# drawn: the first screen needs Pillow and the schema check; the rest belongs to tabs, dialogs
# and projects that need them (the catalog's DuckDB and Babel, PyAV, the Graph client, insights).
HEAVY_MODULES = ("PIL", "jsonschema_rs", "duckdb", "av", "babel", "numpy", "requests", "keyring",
                 "dcstudio.core.lint", "dcstudio.core.platforms.meta.publish.client", "dcstudio.core.insights.store",
                 "dcstudio.qt.campaign_form", "dcstudio.qt.catalog_panel")


def child_reference() -> None:
    """The reference process: only the Qt import (at the top of this file) and a QApplication."""
    t0 = time.perf_counter()
    QApplication(sys.argv[:1])
    print(f"REFERENCE qt={QT_IMPORT_MS + (time.perf_counter() - t0) * 1000:.1f}", flush=True)


def child_first_open(spawned_at: float, project: Path | None = None) -> None:
    """One fresh process: the phases up to the first screen of tiles (of the demo, or of
    ``project``), printed as one line."""
    t0 = time.perf_counter()
    app = QApplication(sys.argv[:1])  # the Qt modules were imported at the top of this file
    from dcstudio.qt.ui_font import use_bundled_ui_font

    use_bundled_ui_font(app)  # part of start-up, as in dcstudio.qt.app.make_application
    t1 = time.perf_counter()
    import dcstudio.qt.main_window  # noqa: F401
    from dcstudio.core.values.resources import demo_project_dir
    from dcstudio.qt.document import open_document
    from dcstudio.qt.main_window import MainWindow
    from dcstudio.qt.settings import UiSettings

    t2 = time.perf_counter()
    state = Path(tempfile.mkdtemp(prefix="dcstudio-gui-bench-child-"))
    t3 = time.perf_counter()  # opening starts
    document = open_document(project or demo_project_dir(), state / "scratch")
    t4 = time.perf_counter()
    window = MainWindow(document, settings=UiSettings.at(state / "ui.ini"), state_dir=state)
    window.show()
    app.processEvents()
    t5 = time.perf_counter()
    spin_until(window.grid.visible_tiles_done)
    t6 = time.perf_counter()
    figures = {"interpreter": (SCRIPT_STARTED - spawned_at) * 1000, "qt": QT_IMPORT_MS + (t1 - t0) * 1000,
               "studio": (t2 - t1) * 1000, "load": (t4 - t3) * 1000, "window": (t5 - t4) * 1000,
               "tiles": (t6 - t5) * 1000}
    print("FIGURES " + " ".join(f"{k}={figures[k]:.1f}" for k in PHASES), flush=True)
    print("MODULES " + " ".join(m for m in HEAVY_MODULES if m in sys.modules), flush=True)  # at the first screen
    window.document.undo_stack.setClean()
    window.close()
    shutil.rmtree(state, ignore_errors=True)


def _child(env: dict, *extra: str) -> dict[str, float]:
    spawned = time.time()
    done = subprocess.run([sys.executable, __file__, "--child", repr(spawned), *extra], env=env,
                          capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    line = next(x for x in lines if x.startswith(("FIGURES ", "REFERENCE ")))
    figures = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    modules = next((x.split()[1:] for x in lines if x.startswith("MODULES")), None)
    if modules is not None:
        figures["modules"] = tuple(modules)
    return figures


def _env(bytecode: bool, pyc: Path, previews: Path) -> dict:
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pyc)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["DCSTUDIO_CACHE_DIR"] = str(previews)  # the persistent preview cache, not the user's own
    return env


def fresh_processes(runs: int, bytecode: bool) -> tuple[list[dict[str, float]], list[float], list[float]]:
    """Runs ``child_first_open`` in new interpreters, each followed by a reference process
    (``child_reference``: Qt import + QApplication only). ``bytecode``: with a warm bytecode
    cache (as an installed wheel has); otherwise every dcstudio module compiles from source (as
    in a checkout run with PYTHONDONTWRITEBYTECODE=1). The first run is not counted: it fills the
    bytecode and preview caches (the demo has been opened before, as on any second launch)."""
    pyc = Path(tempfile.mkdtemp(prefix="dcstudio-gui-bench-pyc-"))
    previews = Path(tempfile.mkdtemp(prefix="dcstudio-gui-bench-previews-"))
    env = _env(bytecode, pyc, previews)
    out, reference, loads = [], [], []
    for i in range(runs + 1):
        figures = _child(env)
        ref = _child(env, "--reference")["qt"]
        if i:
            out.append(figures)
            reference.append(ref)
            loads.append(os.getloadavg()[0])  # the machine is shared: how busy it was
    shutil.rmtree(pyc, ignore_errors=True)
    shutil.rmtree(previews, ignore_errors=True)
    return out, reference, loads


def reopen_big(big: Path, runs: int) -> str:
    """Fresh processes, interleaved: the demo, and the 10-photo 12-16 MP project reopened (its
    previews were made by a first, uncounted open, as on any reopening)."""
    pyc = Path(tempfile.mkdtemp(prefix="dcstudio-gui-bench-pyc-"))
    previews = Path(tempfile.mkdtemp(prefix="dcstudio-gui-bench-previews-"))
    env = _env(True, pyc, previews)
    demo, photos = [], []
    for i in range(runs + 1):
        d = _child(env)
        p = _child(env, "--project", str(big))
        if i:
            demo.append(d["load"] + d["window"] + d["tiles"])
            photos.append(p["load"] + p["window"] + p["tiles"])
    shutil.rmtree(pyc, ignore_errors=True)
    shutil.rmtree(previews, ignore_errors=True)
    ratio = statistics.median(p / d for p, d in zip(photos, demo, strict=True))
    return (f"reopening a 10-photo 12-16 MP project, fresh process -> first screen median "
            f"{statistics.median(photos):.0f} ms (runs: {', '.join(f'{t:.0f}' for t in photos)}); the demo in "
            f"the same run median {statistics.median(demo):.0f} ms; ratio photos / demo {ratio:.2f}x (target 1.0x)")


def describe_fresh(label: str, measured: tuple[list[dict[str, float]], list[float], list[float]]) -> str:
    runs, reference, loads = measured
    med = {k: statistics.median(r[k] for r in runs) for k in PHASES}
    opening = [r["load"] + r["window"] + r["tiles"] for r in runs]
    total = [sum(r[k] for k in PHASES) for r in runs]
    # Against a reference measured in the same process (importing Qt and making the
    # QApplication: CPU-bound like the opening, and untouched by dcstudio): steadier than the
    # absolute figure on a shared machine.
    ratios = sorted(o / r["qt"] for o, r in zip(opening, runs, strict=False))
    ratio = statistics.median(ratios)
    ref_ratio = statistics.median(o / r for o, r in zip(opening, reference, strict=True))
    loaded = sorted({m for r in runs for m in r["modules"]}, key=HEAVY_MODULES.index)
    absent = [m for m in HEAVY_MODULES if m not in loaded]
    return (f"{label}: opening the demo -> first screen of tiles median {statistics.median(opening):.0f} ms "
            f"(runs: {', '.join(f'{t:.0f}' for t in opening)}; target 300 ms), {ratio:.2f}x the Qt import + "
            f"QApplication of the same process (runs {ratios[0]:.2f}-{ratios[-1]:.2f}; target 1.5x); "
            f"{ref_ratio:.2f}x a reference process doing only that (median {statistics.median(reference):.0f} ms); "
            f"= load {med['load']:.0f} "
            f"+ window built, shown, painted {med['window']:.0f} + last tiles {med['tiles']:.0f}; before it: "
            f"interpreter {med['interpreter']:.0f}, Qt import + QApplication {med['qt']:.0f}, studio modules "
            f"{med['studio']:.0f}; process start -> tiles median {statistics.median(total):.0f} ms; "
            f"loaded when the first screen is drawn: {', '.join(loaded) or 'none of them'}; not loaded: "
            f"{', '.join(absent) or 'none'}; load average (1 min) {min(loads):.1f}-{max(loads):.1f}")


def fill_with_probe(folder: Path, state: Path, scroll: bool) -> tuple[StallProbe, float, int]:
    """The probe starts once the window has appeared (built, shown and painted once): opening is
    what the first-screen time measures; the probe covers the filling that follows."""
    probe = StallProbe()
    start = time.perf_counter()
    window = open_window(folder, state)
    QApplication.instance().processEvents()
    probe.start()
    spin_until(window.grid.visible_tiles_done)
    settle = time.monotonic() + 0.5  # let the prefetch timer run, then wait for the prefetch
    spin_until(lambda: time.monotonic() > settle and not window.loader.busy)
    first = (time.perf_counter() - start) * 1000
    rows = window.grid_model.rowCount()
    if scroll:
        bar = window.grid.view.verticalScrollBar()
        step = window.grid.view.viewport().height()
        while bar.value() < bar.maximum():
            bar.setValue(min(bar.maximum(), bar.value() + step))
            t = time.perf_counter()
            while time.perf_counter() - t < 0.040:
                QApplication.instance().processEvents()
        spin_until(window.grid.visible_tiles_done)
    probe.stop()
    close(window)
    return probe, first, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", type=int, default=5, help="fresh processes per bytecode setting")
    parser.add_argument("--keep", type=Path, help="keep the photos and the big project here")
    parser.add_argument("--only", default="first,reopen,inprocess,scroll",
                        help="the parts to run, comma-separated (default: %(default)s)")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)  # internal: one fresh process
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)  # the child's project
    parser.add_argument("--reference", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        if args.reference:
            child_reference()
        else:
            child_first_open(args.child, args.project)
        return
    parts = set(args.only.split(","))
    print("load average (1, 5, 15 min) at the start: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()), flush=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="dcstudio-gui-bench-"))
    big = work / "maximal-pool"
    if parts & {"reopen", "scroll"} and not (big / "dcstudio.json").exists():
        from photos import make_photos
        from render_bench import make_project

        make_project(make_photos(work / "photos"), big)
    if "reopen" in parts:
        print(reopen_big(big, args.fresh or 5), flush=True)
    if args.fresh and "first" in parts:
        print(describe_fresh("fresh process, bytecode cached (an installed wheel)", fresh_processes(args.fresh, True)))
        print(describe_fresh("fresh process, no bytecode (a checkout, PYTHONDONTWRITEBYTECODE=1)",
                             fresh_processes(args.fresh, False)), flush=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from dcstudio.qt.ui_font import use_bundled_ui_font

    use_bundled_ui_font(app)
    import dcstudio.qt.main_window  # noqa: F401  (the program has started before a project opens)

    os.environ.setdefault("DCSTUDIO_CACHE_DIR", str(work / "previews"))
    state = work / "state"
    state.mkdir(parents=True, exist_ok=True)
    if "inprocess" in parts:
        in_process(args.runs, state)
    if "scroll" in parts:
        scrolling(big, state)
    app.processEvents()
    print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()), flush=True)


def in_process(runs: int, state: Path) -> None:
    times = first_screen(runs, state)
    bytecode = "no bytecode cache" if sys.dont_write_bytecode else "bytecode cached"
    print(f"in one process ({bytecode}): first screen of tiles, demo project: first open {times[0]:.0f} ms "
          f"(fonts, decoders and caches cold); then median {statistics.median(times[1:]):.0f} ms "
          f"(runs: {', '.join(f'{t:.0f}' for t in times[1:])}); target 300 ms")

    from dcstudio.core.values.resources import demo_project_dir

    probe, first, rows = fill_with_probe(demo_project_dir(), state, scroll=False)
    print(f"GUI stall while the demo grid fills ({rows} combinations): {probe.summary()} (target < 50 ms)")


def scrolling(big: Path, state: Path) -> None:
    probe, first, rows = fill_with_probe(big, state, scroll=False)
    print(f"maximal pool ({rows:,} combinations, 12-16 MP photos): first screen {first:.0f} ms; "
          f"GUI stall while it fills: {probe.summary()}")
    started = time.perf_counter()
    probe, first, rows = fill_with_probe(big, state, scroll=True)
    took = time.perf_counter() - started
    print(f"maximal pool, scrolled top to bottom a screen every 40 ms: GUI stall {probe.summary()} "
          "(target: max < 50 ms, p99 < 20 ms)", flush=True)
    # The reference: the same probe with no window, as long, right after. What it shows is the
    # machine's own share (other programs on the cores), which the stalls above include too.
    idle = StallProbe()
    idle.start()
    deadline = time.perf_counter() + took
    while time.perf_counter() < deadline:
        QApplication.instance().processEvents()
    idle.stop()
    print(f"reference, the probe alone for {took:.1f} s: {idle.summary()}", flush=True)


if __name__ == "__main__":
    main()
