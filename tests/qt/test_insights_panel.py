"""The Insights panel on a real store: the demo published to the fake Graph server (a real HTTP
server), its insights fetched through the panel's own dialog or the core, imports read from files
in the documented formats, reports written, and a Low asset replaced as one undo step."""
from __future__ import annotations

import csv
import threading

import pytest
from PySide6.QtCore import Qt

from dcstudio.core.insights.judge import LOW
from dcstudio.core.insights.store import InsightsStore
from dcstudio.core.model.assets import TextAsset
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.platforms.meta.insights.fetch import fetch_insights
from dcstudio.core.platforms.meta.publish.client import GraphClient
from dcstudio.core.platforms.meta.publish.tokens import session_credentials, store_token
from dcstudio.qt.insights_table import IntervalRole, VerdictRole
from dcstudio.qt.pool_model import PoolModel
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ACCOUNT = "act_777"
SINCE, UNTIL = "2026-01-01", "2026-01-21"


@pytest.fixture
def published(memory_keyring, demo_copy, fake_graph, token, monkeypatch):
    """The demo published to the fake server, its second headline clearly weaker."""
    from dcstudio.cli import main

    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]) == 0
    monkeypatch.delenv("DCSTUDIO_ACCESS_TOKEN")  # the panel's fetch takes it from the keyring
    project = load_project(demo_copy)
    fake_graph.insights.rates[project.asset("title2").text] = 0.004
    fake_graph.insights.impressions_per_day = 6000
    return demo_copy


@pytest.fixture
def fetched(published, fake_graph, token):
    client = GraphClient(session_credentials(token), api_base=fake_graph.url)
    try:
        fetch_insights(load_project(published), client, since=SINCE, until=UNTIL, poll_seconds=0)
    finally:
        client.close()
    return published


def _open_insights(window, qtbot):
    window.insights_dock.show()
    window.insights_dock.raise_()
    panel = window.insights
    qtbot.waitUntil(lambda: panel.judgement is not None)
    return panel


def _row_of(panel, project_id: str) -> int:
    model = panel.proxy
    for row in range(model.rowCount()):
        verdict = model.index(row, 0).data(VerdictRole)
        if verdict.project_id == project_id and verdict.version == "current":
            return row
    raise AssertionError(f"no row for {project_id}")


def test_the_panel_shows_each_asset_with_its_label_interval_chart_and_the_notes(fetched, make_window, qtbot):
    window = make_window(fetched)
    panel = _open_insights(window, qtbot)
    judgement = panel.judgement
    assert panel.model.rowCount() == len(judgement.assets) > 10
    row = _row_of(panel, "title2")
    index = panel.proxy.index(row, panel.model.LABEL)
    assert index.data() == LOW and "likely worse" in index.data(Qt.ToolTipRole)  # the tooltip says why
    interval = panel.proxy.index(row, panel.model.INTERVAL)
    low, observed, high = interval.data(IntervalRole)
    assert low < observed < high and "(" in interval.data()
    panel.table.selectRow(row)
    days = panel.chart.ctr_points()
    assert [d for d, _ in days] == [p.day for p in judgement.daily(index.data(VerdictRole).key)]
    assert len(days) == 21 and all(0 < ctr < 0.02 for _, ctr in days)
    assert panel.chart.grab().width() > 0 and panel.table.grab().width() > 0  # the delegates paint
    assert "not a randomized test" in panel.notes_label.text() and panel.notes_label.isVisible()
    assert panel.replace_button.isEnabled()
    panel.table.selectRow(_row_of(panel, "title1"))
    assert not panel.replace_button.isEnabled() and "only a low asset" in panel.replace_button.toolTip().lower()


def test_the_pool_rows_carry_the_badges_without_the_panel_being_opened(fetched, make_window, qtbot):
    window = make_window(fetched)
    titles = window.pools.sections["titles"].model
    qtbot.waitUntil(lambda: bool(titles.badges))
    assert not window.insights_panel.is_built  # judged for the badges alone, on a worker
    row = titles.row_of("title2")
    assert titles.index(row).data(PoolModel.InsightsRole) == LOW
    window.pools.sections["titles"].view.grab()  # the badge is painted


def test_fetch_from_the_panel_runs_in_a_worker_and_the_panel_follows(published, make_window, qtbot, memory_keyring,
                                                                     fake_graph, token):
    store_token("default", token)
    window = make_window(published)
    window.insights_dock.show()
    window.insights_dock.raise_()
    panel = window.insights
    qtbot.waitUntil(lambda: "No insights yet" in panel.state_label.text())
    panel.api_base = fake_graph.url
    dialog = panel.open_fetch()
    qtbot.waitUntil(lambda: "from the keyring (profile default)" in dialog.status.text())
    assert f"…{token[-4:]}" in dialog.status.text() and token not in dialog.status.text()
    dialog.since_edit.setDate(dialog.since_edit.date().fromString(SINCE, "yyyy-MM-dd"))
    dialog.until_edit.setDate(dialog.until_edit.date().fromString(UNTIL, "yyyy-MM-dd"))
    dialog.start()
    assert dialog.running and dialog.close_button.text() == "Cancel"
    qtbot.waitUntil(lambda: not dialog.running)
    assert dialog.report is not None and "Done with token" in dialog.status.text(), dialog.status.text()
    assert token not in dialog.status.text() and dialog.progress.value() == dialog.progress.maximum()
    qtbot.waitUntil(lambda: panel.judgement is not None)
    assert {a.project_id for a in panel.judgement.assets} >= {"img1", "title1", "title2"}
    assert InsightsStore.for_project(published).count() == dialog.report.rows


def test_a_fetch_cancelled_midway_says_so_and_keeps_the_window_working(published, make_window, qtbot,
                                                                       memory_keyring, fake_graph, token):
    store_token("default", token)
    fake_graph.insights.polls_before_done = 1000  # async runs that never finish: only a cancel ends them
    window = make_window(published)
    window.insights_dock.show()
    window.insights_dock.raise_()
    panel = window.insights
    panel.api_base = fake_graph.url
    dialog = panel.open_fetch()
    dialog.since_edit.setDate(dialog.since_edit.date().fromString("2026-01-01", "yyyy-MM-dd"))
    dialog.until_edit.setDate(dialog.until_edit.date().fromString("2026-03-31", "yyyy-MM-dd"))
    dialog.start()
    qtbot.waitUntil(lambda: len(fake_graph.insights.runs) > 0)
    dialog.cancel_or_close()
    qtbot.waitUntil(lambda: not dialog.running)
    assert "cancelled" in dialog.status.text().lower() and dialog.fetch_button.isEnabled()


def test_a_missing_token_is_said_in_words(published, make_window, qtbot, memory_keyring, fake_graph):
    window = make_window(published)
    window.insights_dock.show()
    panel = window.insights
    panel.api_base = fake_graph.url
    dialog = panel.open_fetch()
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running)
    assert "no access token for profile 'default'" in dialog.status.text()


def _ads_manager_csv(path, project):
    rows = [["Ad ID", "Ad name", "Day", "Headline", "Impressions", "Link clicks", "Amount spent (USD)"]]
    for day in range(1, 11):
        rows.append(["120000000001", "spring", f"2026-02-{day:02d}", project.asset("title1").text, "3000", "60",
                     "12.50"])
        rows.append(["120000000001", "spring", f"2026-02-{day:02d}", project.asset("title2").text, "3000", "12",
                     "12.50"])
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)


def test_imports_fill_the_panel_and_the_combinations_view(demo_copy, make_window, qtbot, tmp_path):
    window = make_window(demo_copy)
    window.insights_dock.show()
    window.insights_dock.raise_()
    panel = window.insights
    export = tmp_path / "ads-manager.csv"
    _ads_manager_csv(export, window.document.project)
    panel.import_file("ads-manager", str(export))
    qtbot.waitUntil(lambda: panel.judgement is not None and bool(panel.judgement.assets))
    assert {a.project_id for a in panel.judgement.assets} >= {"title1", "title2"}
    assert not panel.combo_table.isVisible() and "No analytics rows" in panel.combo_hint.text()
    ga4 = tmp_path / "ga4.csv"
    lines = ["Date,Session manual ad content,Session manual term,Sessions,Key events,Total revenue"]
    for day in ("20260201", "20260202"):
        lines += [f"{day},trail-sneaker,title1,100,8,240.00", f"{day},ceramic-mug,title1,120,2,60.00"]
    ga4.write_text("\n".join(lines) + "\n")
    panel.import_file("analytics", str(ga4))
    qtbot.waitUntil(lambda: panel.judgement is not None and bool(panel.judgement.combinations))
    assert panel.combo_model.rowCount() == 2 and panel.tabs.tabText(1) == "Combinations (2)"
    combos = {panel.combo_model.index(r, 0).data(): panel.combo_model.index(r, 1).data() for r in range(2)}
    assert combos == {"img1 + title1": "200", "img2 + title1": "240"}


def test_a_bad_import_names_the_file_and_line(demo_copy, make_window, qtbot, tmp_path):
    window = make_window(demo_copy)
    window.insights_dock.show()
    panel = window.insights
    bad = tmp_path / "bad.csv"
    bad.write_text("Ad ID,Day,Headline,Impressions,Link clicks,Amount spent (USD)\n1,2026-02-01,Hi,lots,1,1.0\n")
    panel.import_file("ads-manager", str(bad))
    qtbot.waitUntil(lambda: "Cannot import bad.csv" in panel.state_label.text())
    assert "line 2" in panel.state_label.text() or "row" in panel.state_label.text()


@pytest.mark.parametrize("suffix", [".html", ".pdf", ".csv"])
def test_the_report_is_written_on_a_worker(fetched, make_window, qtbot, tmp_path, suffix):
    window = make_window(fetched)
    panel = _open_insights(window, qtbot)
    out = tmp_path / f"report{suffix}"
    messages = []
    panel.notice.connect(messages.append)
    panel.write_report(str(out))
    qtbot.waitUntil(lambda: bool(messages))
    assert out.stat().st_size > 200 and str(out) in messages[0]


def test_replace_a_low_asset_is_one_undo_step_and_says_what_comes_next(fetched, make_window, qtbot):
    window = make_window(fetched)
    panel = _open_insights(window, qtbot)
    project = window.document.project
    before = [a.id for a in project.pools["titles"]]
    panel.table.selectRow(_row_of(panel, "title2"))
    panel.replace_asset("title2", TextAsset("", "Built for the long way round"))
    qtbot.waitUntil(lambda: panel.last_next_version is not None)
    titles = [a.id for a in project.pools["titles"]]
    new_id = next(i for i in titles if i not in before)
    assert titles.index(new_id) == titles.index("title2") + 1
    assert project.asset(new_id).text == "Built for the long way round"
    assert project.asset("title2").approval.state == "rejected"
    text = panel.next_label.text()
    assert "new ad set" in text and "campaign " in text and "checks" in text and panel.next_label.isVisible()
    assert panel.state_label.text() == panel.summary and "assets, 2026-01-01 to 2026-01-21" in panel.summary
    assert window.document.undo_stack.count() == 1
    assert panel.publish_button.isVisibleTo(panel)
    dialog = panel.publish_next_version()
    qtbot.waitUntil(lambda: dialog.plan is not None)
    kinds = [c["kind"] for c in dialog.plan["calls"]]
    assert "campaign" not in kinds and kinds.count("adset") == 1
    adset = next(c for c in dialog.plan["calls"] if c["kind"] == "adset")
    assert adset["params"]["campaign_id"] == panel.last_next_version.campaign_id
    dialog.close()
    window.document.undo_stack.undo()
    assert [a.id for a in project.pools["titles"]] == before and project.asset("title2").approval.state != "rejected"


def test_only_a_low_asset_can_be_replaced(fetched, make_window, qtbot):
    window = make_window(fetched)
    panel = _open_insights(window, qtbot)
    panel.replace_asset("title1", TextAsset("", "x"))
    qtbot.waitUntil(lambda: "Cannot replace title1" in panel.state_label.text())
    assert "not Low" in panel.state_label.text() and window.document.undo_stack.count() == 0


def test_the_gui_thread_does_not_judge(fetched, make_window, qtbot, monkeypatch):
    import dcstudio.core.insights.judge as judge_module

    threads = []
    real = judge_module.judge
    monkeypatch.setattr(judge_module, "judge", lambda *a, **k: threads.append(threading.current_thread()) or
                        real(*a, **k))
    window = make_window(fetched)
    _open_insights(window, qtbot)
    assert threads and threading.main_thread() not in threads


def test_a_first_save_gives_the_panel_its_folder(make_window, qtbot, tmp_path):
    from dcstudio.core.values.resources import demo_project_dir

    window = make_window(demo_project_dir())  # the demo opens as an untitled scratch copy
    window.insights_dock.show()
    panel = window.insights
    qtbot.waitUntil(lambda: "Save the project first" in panel.state_label.text())
    assert not panel.fetch_button.isEnabled()
    window.document.save(tmp_path / "mine")
    qtbot.waitUntil(lambda: "No insights yet" in panel.state_label.text())
    assert panel.fetch_button.isEnabled()


def test_opening_the_insights_tab_does_not_widen_the_window(fetched, make_window, qtbot):
    window = make_window(fetched)
    before = window.minimumSizeHint().width()
    _open_insights(window, qtbot)
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= max(before, 1000), (before, window.minimumSizeHint().width())
    assert window.insights.minimumSizeHint().width() <= window.lint_panel.minimumSizeHint().width() + 60


def test_the_slow_budget_note_follows_the_campaign_as_it_is_edited(fetched, make_window, qtbot):
    from dataclasses import replace
    from decimal import Decimal

    from dcstudio.qt.commands import SetCampaignCommand

    window = make_window(fetched)
    panel = _open_insights(window, qtbot)
    assert "learning will be slow" not in panel.notes_label.text()
    project = window.document.project
    low = replace(project.campaign, budget=replace(project.campaign.budget, kind="daily", amount=Decimal("10"),
                                                   currency="USD"))
    window.document.push(SetCampaignCommand(project, low))
    assert "under 20 a day: learning will be slow" in panel.notes_label.text()
    assert "not a randomized test" in panel.notes_label.text()
    window.document.undo_stack.undo()
    assert "learning will be slow" not in panel.notes_label.text()
