"""Publishing the demo project's export plan to the fake Graph API: order, modes, images,
faults, blamed fields, drift and review status."""
from __future__ import annotations

import json
import random

import pytest

from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.aftercare import check_drift, poll_review
from dcstudio.core.platforms.meta.publish.client import GraphClient, RetryPolicy
from dcstudio.core.platforms.meta.publish.journal import Journal
from dcstudio.core.platforms.meta.publish.publisher import Publisher, PublishFailed
from dcstudio.core.platforms.meta.publish.review import format_change_set
from dcstudio.core.platforms.meta.publish.tokens import Credentials
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ACCOUNT = "act_424242"
OBJECTS = ("campaign", "adset", "creative", "ad")


def make_client(server, token, notes=None, **kw):
    return GraphClient(Credentials(token, source="session"), api_base=server.url, sleep=lambda s: None,
                       notify=(notes.append if notes is not None else None), rng=random.Random(2), **kw)


def publish(server, token, project, plan=None, *, notes=None, client_kw=None, **kw):
    plan = plan or build_plan(project)
    client = make_client(server, token, notes, **(client_kw or {}))
    publisher = Publisher(plan, account=ACCOUNT, client=client, project=project, notify=(notes or []).append, **kw)
    return publisher, publisher.run()


def counts(server):
    return {k: server.count(k) for k in OBJECTS}


def test_clean_publish_in_order_all_paused_and_journalled(fake_graph, token, demo_project):
    steps, _progress = [], []
    publisher, result = publish(fake_graph, token, demo_project, step=lambda *a: steps.append(a))
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}
    assert fake_graph.state.uploads == 5 and result.uploaded_images == 5
    posts = [r["path"].split("/")[1] for r in fake_graph.log if r["method"] == "POST"]
    assert posts == ["campaigns", "adsets"] + ["adimages"] * 5 + ["adcreatives", "ads"]
    for kind in ("campaign", "adset", "ad"):
        assert all(o["status"] == "PAUSED" for o in fake_graph.state.objects[kind].values())
    ad = next(iter(fake_graph.state.objects["ad"].values()))
    assert ad["creative"] == {"creative_id": next(iter(fake_graph.state.objects["creative"]))}
    journal = Journal.load(result.journal_path)
    assert journal.state == "done" and result.journal_path.parent == demo_project.folder / "publish"
    assert {e["call"] for e in result.created} == {"campaign", "adset-1", "creative-1", "ad-1"}
    assert all(f"[dc-{journal.tag} " in e["name"] for e in result.created)
    assert ("ad-1", "ad", "sending") in steps


def test_progress_reaches_every_call(fake_graph, token, demo_project):
    seen = []
    plan = build_plan(demo_project)
    client = make_client(fake_graph, token)
    Publisher(plan, account=ACCOUNT, client=client, project=demo_project).run(progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (len(plan["calls"]), len(plan["calls"]))


def test_published_plan_is_not_sent_twice(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    publish(fake_graph, token, demo_project, plan)
    before = len(fake_graph.log)
    _, again = publish(fake_graph, token, demo_project, plan)
    assert again.already_done and len(fake_graph.log) == before


def test_new_publish_reuses_image_hashes_known_for_the_account(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    publish(fake_graph, token, demo_project, plan)
    _, second = publish(fake_graph, token, demo_project, plan, new=True)
    assert second.reused_images == 5 and second.uploaded_images == 0
    assert fake_graph.state.uploads == 5
    assert len(fake_graph.requests_to("adimages", "GET")) == 1  # checked on the server before reuse
    assert counts(fake_graph)["campaign"] == 2


def test_known_hashes_are_checked_on_every_page_of_the_answer(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    publish(fake_graph, token, demo_project, plan)
    fake_graph.state.max_page_size = 2  # the server answers 2 at a time, whatever was asked
    _, second = publish(fake_graph, token, demo_project, plan, new=True)
    assert second.reused_images == 5 and second.uploaded_images == 0  # none missed, none sent again
    assert fake_graph.state.uploads == 5
    assert len(fake_graph.requests_to("adimages", "GET")) == 3  # 2 + 2 + 1, following the cursor


def test_a_hash_gone_from_the_account_is_uploaded_again(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    publish(fake_graph, token, demo_project, plan)
    gone = next(iter(fake_graph.state.images))
    del fake_graph.state.images[gone]
    _, second = publish(fake_graph, token, demo_project, plan, new=True)
    assert second.reused_images == 4 and second.uploaded_images == 1


def test_the_same_bytes_are_uploaded_once(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    image = next(c for c in plan["calls"] if c["kind"] == "image")
    # a second call for the same file: found by file name, the same bytes
    plan["calls"].insert(plan["calls"].index(image) + 1, dict(image, id="image-twin", params={"name": "twin.jpg"}))
    publisher, result = publish(fake_graph, token, demo_project, plan)
    assert fake_graph.state.uploads == 5
    assert result.results["image-twin"]["hash"] == result.results[image["id"]]["hash"]


def test_dry_run_sends_nothing(fake_graph, token, demo_project):
    steps = []
    _, result = publish(fake_graph, token, demo_project, mode="dry_run", step=lambda *a: steps.append(a))
    assert fake_graph.log == [] and len(steps) == 9
    assert not (demo_project.folder / "publish").exists()


def test_validate_only_uses_execution_options_and_creates_nothing(fake_graph, token, demo_project):
    _, result = publish(fake_graph, token, demo_project, mode="validate_only")
    assert counts(fake_graph) == {k: 0 for k in OBJECTS}
    assert fake_graph.state.validated == ["campaign", "creative"]
    for r in fake_graph.log:
        if r["method"] == "POST" and "adimages" not in r["path"]:
            assert json.loads(r["fields"]["execution_options"]) == ["validate_only"]
    assert result.validated["campaign"] == "ok" and result.validated["creative-1"] == "ok"
    assert result.validated["adset-1"].startswith("skipped: needs campaign.id")
    assert result.validated["ad-1"].startswith("skipped")
    assert result.problems == []


def test_validate_only_collects_every_refusal(fake_graph, token, demo_project):
    fake_graph.inject("validation", path="campaigns", user_title="Bad objective", user_msg="Pick another",
                      blame=[["objective"]])
    _, result = publish(fake_graph, token, demo_project, mode="validate_only")
    assert "Bad objective: Pick another" in result.validated["campaign"]
    assert result.validated["creative-1"] == "ok"
    assert "blamed: objective" in result.problems[0]


def test_change_set_shows_every_call_and_payload(demo_project):
    plan = build_plan(demo_project)
    text = format_change_set(plan, ACCOUNT)
    assert "1 campaign, 1 ad set, 5 image uploads, 1 creative, 1 ad = 9 in all" in text
    assert "POST act_424242/adcreatives" in text and '"asset_feed_spec"' in text
    assert "everything PAUSED" in text
    plan["calls"][0]["params"]["status"] = "ACTIVE"
    assert "WARNING: status ACTIVE" in format_change_set(plan, ACCOUNT)


@pytest.mark.parametrize("fault", [
    dict(kind="rate_limit", path="adsets", code=17, times=2),
    dict(kind="rate_limit", path="adcreatives", code=80004, regain_minutes=1),
    dict(kind="server_error", path="adcreatives", times=2),
    dict(kind="server_error", path="ads$", body=False),
    dict(kind="drop", path="adimages", times=2),
    dict(kind="drop", path="ads$", method="POST", after_processing=True),
    dict(kind="drop", path="adcreatives", method="POST", after_processing=True),
    dict(kind="slow", path="campaigns", method="POST", seconds=0.5, after_processing=True),
    dict(kind="slow", path="adsets", method="POST", seconds=0.1),
])
def test_faults_are_retried_without_duplicates(fake_graph, token, demo_project, fault):
    notes = []
    fake_graph.inject(**fault)
    publish(fake_graph, token, demo_project, notes=notes, client_kw={"timeout": 0.3})
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}
    if fault["kind"] != "slow" or fault.get("after_processing"):
        assert any("waiting" in n for n in notes)


def test_rate_limit_past_the_cap_stops_resumable(fake_graph, token, demo_project):
    fake_graph.inject("rate_limit", path="adcreatives", code=80004, regain_minutes=45)
    with pytest.raises(PublishFailed) as err:
        publish(fake_graph, token, demo_project, client_kw={"retry": RetryPolicy(max_total_wait=120)})
    message = str(err.value)
    assert "about 45 min" in message and "run the same command later to resume" in message
    _, result = publish(fake_graph, token, demo_project)
    assert result.resumed and counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}


def test_validation_error_names_the_blamed_asset_and_what_was_created(fake_graph, token, demo_project):
    fake_graph.inject("validation", path="adcreatives", subcode=1815629, user_title="Duplicate asset",
                      user_msg="Duplicates of ad asset values are not allowed",
                      blame=[["asset_feed_spec", "bodies", 1, "text"], ["asset_feed_spec", "images", 0, "hash"]])
    with pytest.raises(PublishFailed) as err:
        publish(fake_graph, token, demo_project)
    message = str(err.value)
    body = demo_project.pools["bodies"][1]
    assert "Duplicate asset: Duplicates of ad asset values are not allowed" in message
    assert f"asset_feed_spec.bodies[1].text -> bodies asset {body.id}" in message
    assert "asset_feed_spec.images[0].hash -> images asset img1" in message
    assert "already created" in message and "campaign 1" in message and "ad set 1" in message
    assert [c["call"] for c in err.value.created] == ["campaign", "adset-1"]
    assert Journal.load(err.value.journal_path).state == "failed"
    _, result = publish(fake_graph, token, demo_project)  # fixed on the server side: resume
    assert result.resumed and counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}


def test_drift_read_back_reports_changes_and_enhancements_meta_added(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    publisher, result = publish(fake_graph, token, demo_project, plan)
    names = {e["call"]: e["name"] for e in result.created}
    client = make_client(fake_graph, token)
    assert check_drift(client, plan, result.results, names) == []  # optimization_type added by Meta is fine
    creative = next(c for c in plan["calls"] if c["kind"] == "creative")
    dof = json.loads(json.dumps(creative["params"]["degrees_of_freedom_spec"]))
    features = dof["creative_features_spec"]
    flipped = next(k for k, v in features.items() if v["enroll_status"] == "OPT_OUT")
    features[flipped] = {"enroll_status": "OPT_IN"}
    features["brand_new_feature"] = {"enroll_status": "OPT_IN"}
    fake_graph.state.creative_drift = {"degrees_of_freedom_spec": dof}
    drift = [d.describe() for d in check_drift(client, plan, result.results, names)]
    assert any(flipped in d and '"OPT_OUT", now "OPT_IN"' in d for d in drift)
    assert any("brand_new_feature" in d and "added by Meta" in d for d in drift)


def test_review_status_is_polled_and_rejections_land_on_assets(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    publisher, result = publish(fake_graph, token, demo_project, plan)
    body = demo_project.pools["bodies"][0]
    image_hash = result.results["image-img2"]["hash"]
    fake_graph.state.review = {"effective_status": "DISAPPROVED", "polls_pending": 2, "ad_review_feedback": {
        "global": {"ALCOHOL": "Ads may not promote alcohol"},
        "assets": [{"id": "1", "text": body.text, "reason": ["ALCOHOL"]}, {"hash": image_hash, "reason": ["NUDITY"]}]}}
    updates, sleeps = [], []
    reviews = poll_review(make_client(fake_graph, token), plan, result.results, publisher.asset_index(),
                          timeout=600, interval=30, sleep=sleeps.append, on_update=updates.append)
    assert len(updates) == 3 and sleeps == [30, 30]
    review = reviews[0]
    assert review.effective_status == "DISAPPROVED" and not review.pending
    assert any(r.startswith(f"bodies asset {body.id}") and "ALCOHOL" in r for r in review.rejections)
    assert any(r.startswith("images asset img2") and "NUDITY" in r for r in review.rejections)
    assert any("whole ad" in r for r in review.rejections)


def test_review_read_once_when_no_timeout(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    publisher, result = publish(fake_graph, token, demo_project, plan)
    reviews = poll_review(make_client(fake_graph, token), plan, result.results, publisher.asset_index(), timeout=0)
    assert reviews[0].pending and reviews[0].describe().endswith("PENDING_REVIEW")


@pytest.mark.parametrize("file", ["../secret.jpg", "/etc/passwd", "images/../../secret.jpg", "C:\\\\x.jpg"])
def test_a_plan_cannot_name_an_image_outside_its_bundle(demo_project, file):
    # A plan.json handed over by someone else must not make the publisher upload any file it likes.
    from dcstudio.core.platforms.meta.publish.plan_reader import check_plan
    from dcstudio.core.values.errors import BadInputError

    plan = build_plan(demo_project)
    image = next(c for c in plan["calls"] if c["kind"] == "image")
    image["file"] = file
    with pytest.raises(BadInputError, match="file"):
        check_plan(plan)
