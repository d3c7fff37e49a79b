"""Pictures of the Insights panel on a real X server, with data: the demo published to the fake
Graph server, 21 days of insights fetched (its second headline clearly weaker), and an analytics
export imported for the combinations.

    xvfb-run -a -s "-screen 0 1366x768x24" python tests/smoke/insights_on_screen.py OUT_DIR

Writes OUT_DIR/insights-assets.png (the panel with a Low headline selected, the badges on the
pool rows), insights-combinations.png, insights-fetch.png (the Fetch… dialog) and
insights-replaced.png (after "Replace this asset": what comes next).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _spin(app, until, timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if until():
            return True
        time.sleep(0.02)
    return False


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else ".")
    out.mkdir(parents=True, exist_ok=True)
    import keyring

    from dcstudio.cli import main as cli
    from dcstudio.core.model.assets import TextAsset
    from dcstudio.core.model.project_folder import load_project
    from dcstudio.core.platforms.meta.insights.fetch import fetch_insights
    from dcstudio.core.platforms.meta.publish.client import GraphClient
    from dcstudio.core.platforms.meta.publish.tokens import session_credentials, store_token
    from dcstudio.core.values.resources import demo_project_dir
    from dcstudio.qt.app import make_application, open_window, wait_until_ready
    from dcstudio.qt.insights_table import VerdictRole
    from dcstudio.qt.settings import UiSettings
    from tests.fake_graph.fixtures import random_token
    from tests.fake_graph.memory_keyring import MemoryKeyring
    from tests.fake_graph.server import FakeGraph

    keyring.set_keyring(MemoryKeyring())
    token = random_token()
    app = make_application()
    with tempfile.TemporaryDirectory() as tmp, FakeGraph(token) as fake:
        folder = Path(tmp) / "spring-sale"
        shutil.copytree(demo_project_dir(), folder)
        os.environ["DCSTUDIO_ACCESS_TOKEN"] = token
        assert cli(["publish", str(folder), "--account", "act_777", "--yes", "--api-base", fake.url]) == 0
        del os.environ["DCSTUDIO_ACCESS_TOKEN"]
        store_token("default", token)
        project = load_project(folder)
        fake.insights.rates[project.asset("title2").text] = 0.004
        fake.insights.impressions_per_day = 6000
        client = GraphClient(session_credentials(token), api_base=fake.url)
        fetch_insights(project, client, since="2026-01-01", until="2026-01-21", poll_seconds=0)
        client.close()
        ga4 = Path(tmp) / "ga4.csv"
        lines = ["Date,Session manual ad content,Session manual term,Sessions,Key events,Total revenue"]
        for day in range(1, 22):
            lines += [f"202601{day:02d},trail-sneaker,title1,100,{6 + day % 3},240.00",
                      f"202601{day:02d},ceramic-mug,title1,120,2,60.00",
                      f"202601{day:02d},trail-sneaker,title2,90,3,90.00"]
        ga4.write_text("\n".join(lines) + "\n")
        assert cli(["insights", "import", str(folder), str(ga4), "--format", "analytics"]) == 0

        state = Path(tmp) / "state"
        state.mkdir()
        window = open_window(str(folder), UiSettings.at(Path(tmp) / "settings.ini"), state)
        window.show()
        wait_until_ready(window)
        window.insights_dock.raise_()
        panel = window.insights
        panel.api_base = fake.url
        _spin(app, lambda: panel.judgement is not None)
        row = next(r for r in range(panel.proxy.rowCount())
                   if panel.proxy.index(r, 0).data(VerdictRole).project_id == "title2")
        panel.table.selectRow(row)
        window.pools.select_asset("title2")
        _spin(app, lambda: False, 0.5)
        screen = window.screen()
        screen.grabWindow(0).save(str(out / "insights-assets.png"))
        panel.tabs.setCurrentIndex(1)
        _spin(app, lambda: False, 0.3)
        screen.grabWindow(0).save(str(out / "insights-combinations.png"))
        panel.tabs.setCurrentIndex(0)
        dialog = panel.open_fetch()
        _spin(app, lambda: False, 0.5)
        screen.grabWindow(0).save(str(out / "insights-fetch.png"))
        dialog.close()
        panel.replace_asset("title2", TextAsset("", "Built for the long way round"))
        _spin(app, lambda: panel.last_next_version is not None)
        _spin(app, lambda: False, 0.5)
        screen.grabWindow(0).save(str(out / "insights-replaced.png"))
        window.document.undo_stack.setClean()
        window.close()
    print(f"insights_on_screen: pictures in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
