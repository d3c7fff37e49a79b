"""A plan handed over by someone else is checked whole before the first call: each path is exactly
its kind's edge of the given ad account, each image call names its sha256; a mistyped --account
(often the token, pasted in the wrong place) is never repeated back."""
from __future__ import annotations

import pytest

from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.plan_reader import EDGES, account_number, check_plan
from dcstudio.core.platforms.meta.publish.publisher import Publisher
from dcstudio.core.values.errors import BadInputError
from tests.core.test_publish import ACCOUNT, counts, make_client
from tests.fake_graph.fixtures import *  # noqa: F401,F403
from tests.fake_graph.fixtures import random_token


def test_the_plan_builder_writes_only_the_edges_the_publisher_accepts(demo_project):
    plan = build_plan(demo_project)
    assert ({(c["kind"], c["path"]) for c in plan["calls"]}
            <= {(k, f"act_{{ad_account_id}}/{e}") for k, e in EDGES.items()})
    check_plan(plan)


@pytest.mark.parametrize("path", [
    "act_{ad_account_id}/../act_999999/campaigns",
    "act_{ad_account_id}/%2e%2e/act_999999/campaigns",
    "act_{ad_account_id}//campaigns",
    "act_{ad_account_id}/campaigns?x=1",
    "act_{ad_account_id}/campaigns/",
    "act_{ad_account_id}/adsets",  # another kind's edge
    "act_999999/campaigns",
    "123456/campaigns",
    None,
])
def test_a_campaign_call_must_go_exactly_to_the_accounts_campaigns_edge(demo_project, path):
    plan = build_plan(demo_project)
    plan["calls"][0]["path"] = path
    with pytest.raises(BadInputError) as err:
        check_plan(plan)
    assert "call 'campaign'" in str(err.value) and repr(path) in str(err.value)


def test_a_path_leading_to_another_account_sends_nothing(fake_graph, token, demo_project):
    # The finding: `..` passed a prefix check, the URL library resolved it, and every object
    # was created in act_999999 although another account was given.
    plan = build_plan(demo_project)
    for call in plan["calls"]:
        if call["kind"] != "image":
            call["path"] = call["path"].replace("act_{ad_account_id}/", "act_{ad_account_id}/../act_999999/")
    with pytest.raises(BadInputError, match=r"act_\{ad_account_id\}/\.\./act_999999/campaigns"):
        Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert counts(fake_graph) == {"campaign": 0, "adset": 0, "creative": 0, "ad": 0}
    assert fake_graph.log == []


@pytest.mark.parametrize("sha", [None, "", "abc", "A" * 64, 5])
def test_an_image_call_needs_its_sha256(demo_project, sha):
    plan = build_plan(demo_project)
    image = next(c for c in plan["calls"] if c["kind"] == "image")
    if sha is None:
        del image["sha256"]
    else:
        image["sha256"] = sha
    with pytest.raises(BadInputError, match=f"call {image['id']!r}: an image call needs 'sha256'"):
        check_plan(plan)


@pytest.mark.parametrize("value", [random_token(), "act_12ab", "EAAT", " ", "act_" + "1" * 21],
                         ids=["token", "letters", "short", "blank", "too-long"])
def test_a_bad_account_is_never_repeated_back(value):
    with pytest.raises(BadInputError) as err:
        account_number(value)
    message = str(err.value)
    assert "not an ad account id" in message and f"({len(value)} characters)" in message
    if value.strip():
        assert value.strip() not in message.replace("act_<digits>", "").replace("act_1234567890", "")


@pytest.mark.parametrize("value, number", [("act_777", "777"), ("777", "777"), (" act_1 ", "1")])
def test_good_accounts_still_pass(value, number):
    assert account_number(value) == number
