"""After an interruption, an object whose create answer was lost is looked up by name in the
whole list, or the publish stops: a duplicate is never made silently, whatever the account holds."""
from __future__ import annotations

import json

import pytest

from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.journal import Journal
from dcstudio.core.platforms.meta.publish.lookup import LOOKUP_PAGE, LookupIncomplete
from dcstudio.core.platforms.meta.publish.publisher import Publisher
from dcstudio.core.values.errors import DcError
from tests.core.test_publish import ACCOUNT, make_client
from tests.core.test_publish_resume import SimulatedKill
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ACCOUNT_NO = ACCOUNT.removeprefix("act_")
MANY = 2100  # more than one page, and more than the 2,000 the lookup used to stop at


def _fill(fake_graph, kind: str, n: int) -> None:
    """Other publishes' objects, named like ours but with other tags."""
    extra = {"adset_id": "1"} if kind == "ad" else {}
    names = (f"Old {kind} {i} [dc-{i:06x} {kind}-1]" for i in range(n))
    fake_graph.state.add_existing(kind, ACCOUNT_NO, names, **extra)


def _killed_after_answer(fake_graph, token, project, plan, victim):
    """A run stopped after the server made ``victim`` and before its id was journalled."""
    def kill(call_id):
        if call_id == victim:
            raise SimulatedKill(call_id)

    first = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=project, after_answer=kill)
    with pytest.raises(SimulatedKill):
        first.run()
    assert Journal.load(first.journal.path).entry(victim)["state"] == "sent"
    return first


def test_an_interrupted_creative_is_found_among_more_creatives_than_the_old_cap(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    _fill(fake_graph, "creative", MANY)
    _killed_after_answer(fake_graph, token, demo_project, plan, "creative-1")
    assert fake_graph.count("creative") == MANY + 1
    gets_before = len(fake_graph.requests_to("adcreatives", "GET"))
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert result.found_after_interruption == ["creative-1"]
    assert fake_graph.count("creative") == MANY + 1 and fake_graph.count("ad") == 1
    lookups = fake_graph.requests_to("adcreatives", "GET")[gets_before:]
    assert len(lookups) == MANY // LOOKUP_PAGE + 1  # read page by page to the end, where it was
    assert all("filtering" not in r["fields"] for r in lookups)  # the edge takes no filter


def test_a_lost_creative_answer_is_recovered_among_more_creatives_than_the_old_cap(fake_graph, token, demo_project):
    _fill(fake_graph, "creative", MANY)
    fake_graph.inject("drop", path="adcreatives", method="POST", after_processing=True)
    result = Publisher(build_plan(demo_project), account=ACCOUNT, client=make_client(fake_graph, token),
                       project=demo_project).run()
    assert fake_graph.count("creative") == MANY + 1 and fake_graph.count("ad") == 1
    assert result.results["creative-1"]["id"] == max(fake_graph.state.objects["creative"], key=int)


def test_a_lookup_past_its_limit_stops_the_publish_then_a_whole_search_resumes_it(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    _fill(fake_graph, "creative", 450)
    first = _killed_after_answer(fake_graph, token, demo_project, plan, "creative-1")
    name = Journal.load(first.journal.path).entry("creative-1")["name"]
    with pytest.raises(LookupIncomplete) as err:
        Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project,
                  lookup_limit=300).run()
    message = str(err.value)
    assert isinstance(err.value, DcError) and err.value.call_id == "creative-1" and err.value.name == name
    assert "creative 'creative-1' may already exist in act_424242" in message
    assert "stopped after 400 of the account's creatives" in message  # two pages of 200, then the limit
    assert f"looked for: {name}" in message and "nothing was sent again" in message
    assert "--lookup-limit 0" in message and str(first.journal.path) in message
    assert "already created" in message and "campaign" in message
    assert token not in message
    assert fake_graph.count("creative") == 451 and fake_graph.count("ad") == 0  # no second creative, no ad
    journal = Journal.load(first.journal.path)
    assert journal.entry("creative-1")["state"] == "sent" and journal.state == "failed"

    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project,
                       lookup_limit=0).run()
    assert result.resumed and result.found_after_interruption == ["creative-1"]
    assert fake_graph.count("creative") == 451 and fake_graph.count("ad") == 1
    assert Journal.load(first.journal.path).state == "done"


def test_a_lost_answer_with_an_incomplete_lookup_is_not_sent_again(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    _fill(fake_graph, "creative", 450)
    fake_graph.inject("drop", path="adcreatives", method="POST", after_processing=True)
    with pytest.raises(LookupIncomplete, match="creative 'creative-1' may already exist"):
        Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project,
                  lookup_limit=300).run()
    assert len(fake_graph.requests_to("adcreatives", "POST")) == 1 and fake_graph.count("creative") == 451
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project,
                       lookup_limit=0).run()
    assert result.found_after_interruption == ["creative-1"] and fake_graph.count("creative") == 451


@pytest.mark.parametrize("victim, kind, edge", [("campaign", "campaign", "campaigns"), ("adset-1", "adset", "adsets"),
                                                ("ad-1", "ad", "ads")])
def test_filterable_edges_are_searched_by_name_on_the_server(fake_graph, token, demo_project, victim, kind, edge):
    plan = build_plan(demo_project)
    _fill(fake_graph, kind, MANY)
    _killed_after_answer(fake_graph, token, demo_project, plan, victim)
    gets_before = len(fake_graph.requests_to(f"{edge}$", "GET"))
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project,
                       lookup_limit=LOOKUP_PAGE).run()  # a small limit: the filter makes it enough
    assert result.found_after_interruption == [victim] and fake_graph.count(kind) == MANY + 1
    lookups = fake_graph.requests_to(f"act_{ACCOUNT_NO}/{edge}$", "GET")[gets_before:]
    assert len(lookups) == 1
    rule, = json.loads(lookups[0]["fields"]["filtering"])
    assert rule["field"] == "name" and rule["operator"] == "CONTAIN" and rule["value"].endswith(f" {victim}]")


@pytest.mark.parametrize("limit", [-1, "5000", 2.5])
def test_a_bad_lookup_limit_is_refused(demo_project, limit):
    from dcstudio.core.values.errors import BadInputError

    with pytest.raises(BadInputError, match="lookup limit"):
        Publisher(build_plan(demo_project), account=ACCOUNT, project=demo_project, lookup_limit=limit)


def test_an_edge_that_refuses_the_name_filter_is_read_without_it(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    _fill(fake_graph, "campaign", 300)
    _killed_after_answer(fake_graph, token, demo_project, plan, "campaign")
    fake_graph.state.refuse_filtering = True
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert result.found_after_interruption == ["campaign"] and fake_graph.count("campaign") == 301


@pytest.mark.parametrize("limit", [0, 300])
def test_empty_pages_are_followed_a_few_times_then_the_publish_stops_and_says_why(fake_graph, token, demo_project,
                                                                                  limit):
    plan = build_plan(demo_project)
    _killed_after_answer(fake_graph, token, demo_project, plan, "creative-1")
    fake_graph.state.empty_pages = 50  # no end in sight: stop, even with no limit, and never crash
    with pytest.raises(LookupIncomplete) as err:
        Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project,
                  lookup_limit=limit).run()
    assert not err.value.by_limit and "empty pages" in str(err.value) and "--lookup-limit" not in str(err.value)
    assert ("no limit" in str(err.value)) == (limit == 0)
    assert fake_graph.count("creative") == 1  # nothing sent again
    fake_graph.state.empty_pages = 2  # followed: the creative is on the page after them
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project,
                       lookup_limit=limit).run()
    assert result.found_after_interruption == ["creative-1"] and fake_graph.count("creative") == 1
