"""Opening the demo imports only what its first screen needs: the catalog's DuckDB and Babel,
PyAV (FFmpeg) and the Graph client's requests and keyring load when a tab, a dialog or a project
that needs them is opened, not with the window (issue 15: start-up time)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

# Run in a new interpreter: this one has imported them all for other tests.
START_UP = """
import json, sys, time
from pathlib import Path
from dcstudio.qt.app import make_application, open_window, wait_until_ready
from dcstudio.qt.settings import UiSettings

app = make_application()
state = Path(sys.argv[2])
window = open_window(sys.argv[1], UiSettings.at(state / "ui.ini"), state)
window.show()
deadline = time.monotonic() + 30
while not window.grid.visible_tiles_done() and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.001)
at_first_screen = sorted(sys.modules)
ready = wait_until_ready(window)  # the checks and the thumbnails too
print(json.dumps({"first_screen": at_first_screen, "ready": ready, "after_checks": sorted(sys.modules),
                  "findings": len(window.lint_runner.report.findings) if ready else None}))
window.document.undo_stack.setClean()
window.close()
"""

NEVER_FOR_THE_DEMO = ("duckdb", "av", "babel")  # the catalog store, video files, catalog prices
# + the Graph client's, the insights statistics' and the tabs nobody has opened
NOT_ON_THE_FIRST_SCREEN = (*NEVER_FOR_THE_DEMO, "requests", "keyring", "numpy", "dcstudio.qt.campaign_form",
                           "dcstudio.qt.catalog_panel", "dcstudio.qt.insights_panel")


def _loaded(modules: list[str], names) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_opening_the_demo_imports_no_duckdb_pyav_babel_nor_the_graph_client(demo_copy, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DCSTUDIO_CACHE_DIR=str(tmp_path / "cache"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    state = tmp_path / "state"
    state.mkdir()
    done = subprocess.run([sys.executable, "-c", START_UP, str(demo_copy), str(state)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["ready"] and seen["findings"] is not None  # the checks ran: the linter was imported
    first, after = seen["first_screen"], seen["after_checks"]
    assert "dcstudio.qt.main_window" in first and "PIL.Image" in first  # what the window does need
    assert "dcstudio.core.lint.engine" in after
    assert _loaded(first, NOT_ON_THE_FIRST_SCREEN) == []
    assert _loaded(after, NEVER_FOR_THE_DEMO) == []
