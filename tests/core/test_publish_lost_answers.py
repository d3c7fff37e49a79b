"""A publish whose answers a proxy spoils (a web page or a cut-off body in a 200), or whose
server stops answering: no create is sent twice, and a cancel stops the run at once."""
from __future__ import annotations

import threading
import time

import pytest

from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.journal import Journal
from dcstudio.core.platforms.meta.publish.publisher import Publisher
from dcstudio.core.values.errors import Cancelled
from tests.core.test_publish import ACCOUNT, counts, make_client, publish
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ONE_EACH = {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}


@pytest.mark.parametrize("kind", ["html", "truncated"])
@pytest.mark.parametrize("edge", ["campaigns", "adsets", "adcreatives", "ads"])
def test_an_unreadable_200_to_a_create_makes_no_duplicate(fake_graph, token, demo_project, kind, edge):
    fake_graph.inject(kind, path=f"{edge}$", method="POST")
    notes = []
    _, result = publish(fake_graph, token, demo_project, notes=notes)
    assert counts(fake_graph) == ONE_EACH
    assert len(fake_graph.requests_to(f"{edge}$", "POST")) == 1  # looked up, not sent again
    assert any("the first answer was lost but the object exists" in n for n in notes)
    assert Journal.load(result.journal_path).state == "done"


def test_cancel_stops_a_publish_waiting_on_a_silent_server_at_once_then_it_resumes(fake_graph, token,
                                                                                   demo_project):
    fake_graph.inject("silent", path="adsets$", method="POST", after_processing=True)
    plan = build_plan(demo_project)
    cancel = threading.Event()
    publisher = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token, timeout=60),
                          project=demo_project)
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        publisher.run(cancel=cancel)
    assert time.monotonic() - started < 2.0
    assert Journal.load(publisher.journal.path).entry("adset-1")["state"] == "sent"
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert result.resumed and "adset-1" in result.found_after_interruption
    assert counts(fake_graph) == ONE_EACH
