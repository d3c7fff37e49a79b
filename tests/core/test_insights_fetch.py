"""Fetching the asset breakdowns from the fake Graph API (a real HTTP server) into the store."""
from __future__ import annotations

import json
import threading

import pytest

from dcstudio.core.insights.judge import judge
from dcstudio.core.insights.store import InsightsStore
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.platforms.meta.insights.fetch import BREAKDOWNS, METRICS, Targets, fetch_insights
from dcstudio.core.platforms.meta.publish.client import GraphClient
from dcstudio.core.platforms.meta.publish.tokens import session_credentials
from dcstudio.core.values.errors import Cancelled
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ACCOUNT = "act_777"


@pytest.fixture
def published(memory_keyring, demo_copy, fake_graph, token, monkeypatch):
    """The demo project published to the fake server (its journal names the ad)."""
    from dcstudio.cli import main

    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]) == 0
    fake_graph.log.clear()
    return demo_copy


def _fetch(folder, fake_graph, token, **kw):
    client = GraphClient(session_credentials(token), api_base=fake_graph.url)
    kw.setdefault("since", "2026-01-01")
    kw.setdefault("until", "2026-01-20")
    sleeps = []
    report = fetch_insights(load_project(folder), client, sleep=sleeps.append, poll_seconds=0, **kw)
    return report, sleeps


def test_one_call_per_breakdown_with_only_the_allowed_metrics_daily_at_the_ad_level(published, fake_graph, token):
    report, _ = _fetch(published, fake_graph, token)
    calls = fake_graph.requests_to(r"^\d+/insights$", "GET")
    assert sorted(c["fields"]["breakdowns"] for c in calls) == sorted(BREAKDOWNS)
    for call in calls:
        fields = set(call["fields"]["fields"].split(","))
        assert fields - {"ad_id", "adset_id", "campaign_id", "date_start", "date_stop"} == set(METRICS)
        assert call["fields"]["time_increment"] == "1" and call["fields"]["level"] == "ad"
    store = InsightsStore.for_project(published)
    days = store.query("SELECT COUNT(DISTINCT day) FROM asset_days")[0][0]
    assert days == 20 and report.rows == store.count() > 0
    kinds = {r[0] for r in store.query("SELECT DISTINCT kind FROM asset_days")}
    assert kinds == {"image", "title", "body", "description", "call_to_action", "link_url", "ad_format"}
    ids = {r[0] for r in store.query("SELECT project_id FROM asset_links WHERE project_id IS NOT NULL")}
    assert {"img1", "title1", "body1", "desc1", "cta1", "link1"} <= ids


def test_a_long_range_runs_as_async_reports_that_are_polled_then_read(published, fake_graph, token):
    report, sleeps = _fetch(published, fake_graph, token, since="2026-01-01", until="2026-03-31")
    assert report.async_runs == len(BREAKDOWNS)
    assert len(fake_graph.requests_to(r"^\d+/insights$", "POST")) == len(BREAKDOWNS)
    polls = [r for r in fake_graph.log if r["method"] == "GET" and r["path"] in fake_graph.insights.runs]
    assert len(polls) == len(BREAKDOWNS) * (fake_graph.insights.polls_before_done + 1)
    read = {r["path"].split("/")[0] for r in fake_graph.requests_to(r"^\d+/insights$", "GET")}
    assert read == set(fake_graph.insights.runs)  # the rows came from the runs' pages only
    assert InsightsStore.for_project(published).query("SELECT COUNT(DISTINCT day) FROM asset_days")[0][0] == 90


def test_too_much_data_halves_the_range_and_retries(published, fake_graph, token):
    fake_graph.insights.max_rows_per_call = 30  # 5 images x 20 days is too much; 5 days is not
    report, _ = _fetch(published, fake_graph, token, since="2026-01-01", until="2026-01-20")
    assert report.halvings > 0
    store = InsightsStore.for_project(published)
    assert store.query("SELECT COUNT(DISTINCT day) FROM asset_days WHERE kind='image'")[0][0] == 20
    assert store.query("SELECT COUNT(*) FROM asset_days WHERE kind='image'")[0][0] == 5 * 20


def test_the_insights_throttle_header_slows_the_fetch_down(published, fake_graph, token):
    fake_graph.insights.throttle = [10, 10, 80, 97, 10]
    report, sleeps = _fetch(published, fake_graph, token)
    assert report.throttle_pauses == 2 and 60.0 in sleeps and any(0 < s < 60 for s in sleeps)


def test_refetching_is_idempotent_and_keeps_history(published, fake_graph, token):
    _fetch(published, fake_graph, token)
    store = InsightsStore.for_project(published)
    first = store.query("SELECT ad_id, kind, asset_key, day, impressions, clicks FROM asset_days ORDER BY 1,2,3,4")
    _fetch(published, fake_graph, token)
    again = store.query("SELECT ad_id, kind, asset_key, day, impressions, clicks FROM asset_days ORDER BY 1,2,3,4")
    assert again == first
    assert store.count("asset_days_history") == len(first)
    assert store.count("fetches") == 2 and store.schema_version() == 1


def test_an_asset_edited_since_publishing_shows_as_its_earlier_version(published, fake_graph, token):
    project = load_project(published)
    old = project.asset("title1").text
    project.update_asset("title1", text="A new headline")
    save_project(project)
    _fetch(published, fake_graph, token)
    verdicts = [a for a in judge(InsightsStore.for_project(published), load_project(published)).assets
                if a.project_id == "title1"]
    assert [(a.version, a.name) for a in verdicts] == [("earlier", f"{old} (as published)")]


def test_ads_of_an_ad_set_given_by_id_are_fetched(published, fake_graph, token):
    feed = {"ad_formats": ["SINGLE_IMAGE"], "titles": [{"text": "Elsewhere"}], "bodies": [{"text": "Other"}]}
    ad_id = fake_graph.insights.add_ad("777", feed)
    adset = fake_graph.state.objects["ad"][ad_id]["adset_id"]
    report, _ = _fetch(published, fake_graph, token, targets=Targets(adsets=(adset,)))
    assert report.ads == 1
    store = InsightsStore.for_project(published)
    assert {r[0] for r in store.query("SELECT DISTINCT ad_id FROM asset_days")} == {ad_id}


def test_cancel_stops_between_calls(published, fake_graph, token):
    cancel = threading.Event()
    seen = []

    def progress(done, total, what):
        seen.append(what)
        if done == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        _fetch(published, fake_graph, token, progress=progress, cancel=cancel)
    assert len(fake_graph.requests_to(r"^\d+/insights$")) < len(BREAKDOWNS)  # at most the calls in flight


def test_no_token_reaches_the_store(published, fake_graph, token):
    _fetch(published, fake_graph, token)
    assert token.encode() not in (published / "publish" / "insights.sqlite").read_bytes()
    assert json.dumps(fake_graph.urls).find(token) == -1


def test_the_publish_journal_keeps_what_each_ad_showed(published):
    from dcstudio.core.platforms.meta.publish.journal import Journal

    journal = Journal.all_in(published)[-1]
    records = journal.data["assets"]["1"]
    project = load_project(published)
    assert {r["id"] for r in records} == {a.id for _, a in project.assets()}
    title = next(r for r in records if r["id"] == "title1")
    assert title == {"id": "title1", "kind": "title", "text": project.asset("title1").text,
                     "name": project.asset("title1").display_name}


def test_the_insights_throttle_header_is_read_with_the_usage_headers():
    from dcstudio.core.platforms.meta.publish.usage import Usage

    usage = Usage.from_headers({"x-fb-ads-insights-throttle": '{"app_id_util_pct": 40, "acc_id_util_pct": 81}'})
    assert usage.insights_percent == 81 and usage.peak_percent == 81 and "insights 81%" in usage.describe()


def test_an_insights_file_of_a_newer_schema_is_refused_not_written_over(tmp_path):
    from dcstudio.core.values.errors import ProjectFileError

    path = tmp_path / "insights.sqlite"
    store = InsightsStore.open(path)
    store.query("UPDATE meta SET value='9' WHERE key='schema_version'")
    store._connection().commit()
    store.close()
    with pytest.raises(ProjectFileError, match="schema version 9 is newer"):
        InsightsStore.open(path)
