"""A publish killed or cancelled anywhere resumes from its journal with no duplicate object;
an expired token stops it resumably; no token ever reaches an output, a log or a file."""
from __future__ import annotations

import logging
import threading

import pytest

from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.aftercare import check_drift, poll_review
from dcstudio.core.platforms.meta.publish.journal import Journal
from dcstudio.core.platforms.meta.publish.publisher import Publisher, PublishFailed
from dcstudio.core.platforms.meta.publish.review import format_change_set
from dcstudio.core.values.errors import Cancelled
from tests.core.test_publish import ACCOUNT, counts, make_client
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ONE_EACH = {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}


class SimulatedKill(BaseException):
    """Raised after the server answered and before the journal write: what kill -9 leaves."""


def _call_ids(project):
    return [c["id"] for c in build_plan(project)["calls"]]


@pytest.mark.parametrize("victim", ["campaign", "adset-1", "image-img1", "image-img4", "creative-1", "ad-1"])
def test_kill_between_answer_and_journal_then_resume_without_duplicates(fake_graph, token, demo_project, victim):
    plan = build_plan(demo_project)
    assert victim in _call_ids(demo_project)

    def kill(call_id):
        if call_id == victim:
            raise SimulatedKill(call_id)

    first = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project,
                      after_answer=kill)
    with pytest.raises(SimulatedKill):
        first.run()
    journal = Journal.load(first.journal.path)
    assert journal.entry(victim)["state"] == "sent" and journal.state == "running"
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert result.resumed and result.publish_id == journal.publish_id
    assert counts(fake_graph) == ONE_EACH
    assert fake_graph.state.uploads <= 5 + (1 if victim.startswith("image") else 0)
    if not victim.startswith("image"):
        assert result.found_after_interruption == [victim]
    assert Journal.load(first.journal.path).state == "done"
    assert len(Journal.all_in(demo_project.folder)) == 1


def test_an_image_upload_refused_lets_the_one_in_flight_finish_so_a_resume_uploads_nothing_twice(
        fake_graph, token, demo_project):
    # The first upload to arrive is stored at once and its answer comes slowly (about a second);
    # the second is refused. Cutting the first off then would lose its hash, and the resume
    # would upload it again.
    fake_graph.inject("trickle", path="adimages$", method="POST", seconds=0.006)
    fake_graph.inject("validation", path="adimages$", method="POST", user_msg="Image rejected")
    plan = build_plan(demo_project)
    client = make_client(fake_graph, token)
    first = Publisher(plan, account=ACCOUNT, client=client, project=demo_project)
    with pytest.raises(PublishFailed):
        first.run()
    journal = Journal.load(first.journal.path)
    done = [cid for cid in _call_ids(demo_project) if cid.startswith("image-") and cid in journal.results()]
    assert fake_graph.state.uploads == len(done) >= 1
    result = Publisher(plan, account=ACCOUNT, client=client, project=demo_project).run()  # the same client
    assert result.resumed and counts(fake_graph) == ONE_EACH
    assert fake_graph.state.uploads == len(fake_graph.state.images) == 5


@pytest.mark.parametrize("stop_after", ["campaign", "adset-1", "image-img3", "creative-1"])
def test_cancel_then_resume(fake_graph, token, demo_project, stop_after):
    plan = build_plan(demo_project)
    cancel = threading.Event()

    def step(call_id, kind, state):
        if call_id == stop_after and state != "sending" and state != "uploading":
            cancel.set()

    with pytest.raises(Cancelled):
        Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project,
                  step=step).run(cancel=cancel)
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert result.resumed and counts(fake_graph) == ONE_EACH


def test_a_token_expiring_mid_publish_stops_with_advice_then_resumes(fake_graph, token, demo_project):
    plan = build_plan(demo_project)

    def expire(call_id, kind, state):
        if call_id == "adset-1" and state.startswith("created"):
            fake_graph.valid_tokens.discard(token)
            fake_graph.expired_tokens.add(token)

    with pytest.raises(PublishFailed) as err:
        Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project, step=expire).run()
    assert "dcstudio token set" in str(err.value) and "Session has expired" in str(err.value)
    fake_graph.valid_tokens.add(token)
    fake_graph.expired_tokens.clear()
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert result.resumed and counts(fake_graph) == ONE_EACH


def test_an_earlier_different_plan_does_not_block_a_new_one(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    plan["calls"][0]["params"]["name"] += " v2"
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert not result.resumed and not result.already_done and counts(fake_graph)["campaign"] == 2


def test_the_token_appears_nowhere_after_a_full_publish(fake_graph, token, demo_project, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    notes, steps = [], []
    fake_graph.inject("drop", path="^me$")
    fake_graph.inject("rate_limit", path="adsets", code=17)
    fake_graph.inject("validation", path="adcreatives", blame=[["asset_feed_spec", "titles", 0, "text"]],
                      user_msg="Title rejected")
    plan = build_plan(demo_project)
    client = make_client(fake_graph, token, notes)
    client.me()
    texts = [format_change_set(plan, ACCOUNT)]
    publisher = Publisher(plan, account=ACCOUNT, client=client, project=demo_project, notify=notes.append,
                          step=lambda *a: steps.append(repr(a)))
    with pytest.raises(PublishFailed) as err:
        publisher.run()
    texts += [str(err.value), repr(err.value), str(err.value.error)]
    result = Publisher(plan, account=ACCOUNT, client=client, project=demo_project, notify=notes.append,
                       step=lambda *a: steps.append(repr(a))).run()
    names = {e["call"]: e["name"] for e in result.created}
    texts += [d.describe() for d in check_drift(client, plan, result.results, names)]
    texts += [r.describe() for r in poll_review(client, plan, result.results, publisher.asset_index())]
    texts += [repr(result), repr(client.credentials), client.usage.describe()]
    out, errors = capsys.readouterr()
    texts += notes + steps + [out, errors] + [r.getMessage() for r in caplog.records]
    assert any("GET /v25.0/me" in r.getMessage() for r in caplog.records)  # urllib3 did log the URL
    assert any(token in s for s in fake_graph.seen_secrets)  # it was sent...
    for text in texts:
        assert token not in text and token[:-4] not in text  # ...but shown nowhere
    files = [p for p in demo_project.folder.rglob("*") if p.is_file()]
    assert any(p.parent.name == "publish" for p in files)
    for path in files:
        assert token.encode() not in path.read_bytes(), path


def test_network_loss_stops_resumably_then_resumes(fake_graph, token, demo_project):
    from dcstudio.core.platforms.meta.publish.client import RetryPolicy

    plan = build_plan(demo_project)
    fake_graph.inject("drop", path="ads$", method="POST", times=3)
    client = make_client(fake_graph, token, retry=RetryPolicy(max_attempts=3))
    with pytest.raises(PublishFailed) as err:
        Publisher(plan, account=ACCOUNT, client=client, project=demo_project).run()
    assert "gave up after 3 attempts" in str(err.value) and "resume" in str(err.value)
    assert counts(fake_graph)["ad"] == 0
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert result.resumed and counts(fake_graph) == ONE_EACH
