"""`dcstudio insights fetch|import|report` end to end: the demo published to the fake Graph
server, fetched, an Ads Manager export and an analytics export imported, the reports written."""
from __future__ import annotations

import csv
import json

import pytest
from pypdf import PdfReader

from dcstudio.cli import main
from dcstudio.core.insights.judge import LOW, judge
from dcstudio.core.insights.store import InsightsStore
from dcstudio.core.model.assets import TextAsset
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.platforms.meta.insights.replace import next_version
from dcstudio.core.platforms.meta.publish.plan_reader import check_plan
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ACCOUNT = "act_777"


@pytest.fixture
def fetched(memory_keyring, demo_copy, fake_graph, token, monkeypatch, capsys):
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]) == 0
    project = load_project(demo_copy)
    fake_graph.insights.rates[project.asset("title2").text] = 0.004  # a clearly weaker headline
    fake_graph.insights.impressions_per_day = 6000
    capsys.readouterr()
    args = ["insights", "fetch", str(demo_copy), "--since", "2026-01-01", "--until", "2026-01-21",
            "--api-base", fake_graph.url, "--progress"]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert "fetched" in out and "asset rows of 1 ads" in out and "insights [" in err and token not in out + err
    return demo_copy


def test_fetch_twice_changes_nothing_and_the_json_lists_every_asset(fetched, fake_graph, capsys):
    store = InsightsStore.for_project(fetched)
    before = store.query("SELECT * FROM asset_days ORDER BY 1,2,3,4")
    assert main(["insights", "fetch", str(fetched), "--since", "2026-01-01", "--until", "2026-01-21",
                 "--api-base", fake_graph.url]) == 0
    assert store.query("SELECT ad_id, kind, asset_key, day, impressions FROM asset_days ORDER BY 1,2,3,4") == \
        [r[:5] for r in before]
    capsys.readouterr()
    assert main(["insights", "report", str(fetched), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    by_id = {a["id"]: a for a in doc["assets"] if a["id"]}
    assert {"img1", "img5", "title1", "title2", "title3", "body1", "desc1", "cta1", "link1"} <= set(by_id)
    weak = by_id["title2"]
    assert weak["kind"] == "title" and weak["label"] == LOW and weak["likely_worse"]
    assert weak["ctr"]["interval_90"][0] < weak["ctr"]["value"] < weak["ctr"]["interval_90"][1]
    assert set(weak["metrics"]) == {"impressions", "clicks", "spend", "conversions"}
    assert any("not a randomized test" in n for n in doc["notes"])


def test_the_reports_a_client_reads(fetched, tmp_path, capsys):
    for name in ("report.html", "report.pdf", "report.csv"):
        assert main(["insights", "report", str(fetched), "--out", str(tmp_path / name)]) == 0
    page = (tmp_path / "report.html").read_text()
    assert page.count("<svg") >= 4 and "Headlines" in page and "not a randomized test" in page
    assert "title2" in page and ">Low<" in page
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "report.pdf").pages)
    assert "asset report" in text and "Headlines" in text and "title2" in text
    rows = list(csv.DictReader((tmp_path / "report.csv").open()))
    assert {r["id"]: r["label"] for r in rows}["title2"] == LOW
    assert main(["insights", "report", str(fetched), "--out", str(tmp_path / "report.docx")]) == 2
    assert "report.docx: give a file ending in .html, .pdf, .csv" in capsys.readouterr().err


def test_an_ads_manager_export_is_imported_and_joined(demo_copy, tmp_path, capsys):
    project = load_project(demo_copy)
    path = tmp_path / "ads-manager.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Ad ID", "Ad name", "Day", "Headline", "Impressions", "Clicks (all)", "Amount spent (USD)",
                    "Reach", "Purchases"])
        for i in range(1, 11):
            day = f"2026-02-{i:02d}"
            w.writerow(["120000000000004", "ad 1", day, project.asset("title1").text, "1,200", "30", "6.00",
                        "1000", "2"])
            w.writerow(["120000000000004", "ad 1", day, project.asset("title2").text, "1,100", "9", "5.50",
                        "900", "0"])
        w.writerow(["", "Total", "", "", "23000", "390", "115", "", "20"])
    assert main(["insights", "import", str(demo_copy), str(path), "--format", "ads-manager"]) == 0
    assert "imported 20 asset rows of 1 ads (title)" in capsys.readouterr().out
    verdicts = {a.project_id: a for a in judge(InsightsStore.for_project(demo_copy), project).assets}
    assert verdicts["title1"].impressions == 12000 and verdicts["title1"].conversions == 20
    assert verdicts["title2"].clicks == 90


def test_an_ads_manager_export_with_a_bad_number_names_the_line(demo_copy, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("Ad ID,Day,Headline,Impressions,Clicks\n123,2026-02-01,Hi,lots,3\n")
    assert main(["insights", "import", str(demo_copy), str(path), "--format", "ads-manager"]) == 2
    assert "bad.csv, line 2: Impressions 'lots' is not a number" in capsys.readouterr().err


def test_an_analytics_export_gives_per_combination_conversions(demo_copy, tmp_path, capsys):
    path = tmp_path / "ga4.csv"  # the demo's headlines have no label: their url_tags token is their id
    lines = ["# ----------------------------------------", "# Traffic acquisition", "#",
             "Date,Session manual ad content,Session manual term,Sessions,Key events,Total revenue"]
    for day in ("20260201", "20260202"):
        lines += [f"{day},trail-sneaker,title1,100,8,240.00",
                  f"{day},ceramic-mug,title1,120,2,60.00",
                  f"{day},(not set),(not set),500,3,90.00"]
    path.write_text("\n".join(lines) + "\n")
    assert main(["insights", "import", str(demo_copy), str(path), "--format", "analytics"]) == 0
    out = capsys.readouterr().out
    assert "4 named a combination (2 combinations, 440 sessions, 20 conversions), 2 named no asset" in out
    assert main(["insights", "report", str(demo_copy), "--json"]) == 0
    combos = {tuple(c["assets"]): c for c in json.loads(capsys.readouterr().out)["combinations"]}
    assert combos[("img1", "title1")]["conversions"] == 16 and combos[("img1", "title1")]["sessions"] == 200
    assert combos[("img2", "title1")]["revenue"] == 120.0


def test_replace_a_low_asset_makes_the_next_version_in_a_new_ad_set(fetched):
    project = load_project(fetched)
    judgement = judge(InsightsStore.for_project(fetched), project)
    version = next_version(project, "title2", TextAsset("", "Built for the long way round"), judgement=judgement)
    assert version.project.asset("title2").approval.state == "rejected"
    assert version.project.asset(version.replacement).text == "Built for the long way round"
    assert project.find(version.replacement) is None  # the original is untouched
    check_plan(version.plan)
    kinds = [c["kind"] for c in version.plan["calls"]]
    assert "campaign" not in kinds and kinds.count("adset") == 1
    adset = next(c for c in version.plan["calls"] if c["kind"] == "adset")
    assert adset["params"]["campaign_id"] == version.campaign_id
    titles = [t["text"] for c in version.plan["calls"] if c["kind"] == "creative"
              for t in c["params"]["asset_feed_spec"]["titles"]]
    assert "Built for the long way round" in titles and project.asset("title2").text not in titles
    with pytest.raises(Exception, match="not Low"):
        next_version(project, "title1", TextAsset("", "x"), judgement=judgement)
