"""The Graph client against the fake Graph API over real HTTP: typed errors, retries, usage."""
from __future__ import annotations

import logging
import random

import pytest

from dcstudio.core.platforms.meta.publish.client import GraphClient, RetryPolicy, check_api_base, encode_params
from dcstudio.core.platforms.meta.publish.graph_errors import (
    AuthError,
    GraphPermissionError,
    NetworkError,
    RateLimitError,
    RetryLimitError,
    TransientError,
    ValidationError,
    error_from_body,
)
from dcstudio.core.platforms.meta.publish.tokens import Credentials
from dcstudio.core.values.errors import BadInputError
from tests.fake_graph import FakeGraph
from tests.fake_graph.fixtures import *  # noqa: F401,F403
from tests.fake_graph.fixtures import random_token

CAMPAIGN = {"name": "c", "objective": "OUTCOME_SALES", "special_ad_categories": [], "status": "PAUSED"}


def client_for(server, token, *, sleeps=None, notes=None, **kw):
    sleeps = [] if sleeps is None else sleeps
    return GraphClient(Credentials(token, kw.pop("app_secret", ""), "session"), api_base=server.url,
                       sleep=sleeps.append, notify=(notes.append if notes is not None else None),
                       rng=random.Random(1), **kw)


def test_get_me_and_usage_headers(fake_graph, token):
    client = client_for(fake_graph, token)
    assert client.me()["name"] == "Test User"
    assert client.usage.app_percent == 4 and client.usage.account_percent == 12
    assert "ads_management 12%" in client.usage.describe()


def test_post_sends_form_fields_with_json_encoded_objects_and_token_in_the_body(fake_graph, token):
    client = client_for(fake_graph, token)
    answer = client.post("act_9/campaigns", CAMPAIGN)
    assert answer["id"]
    sent = fake_graph.requests_to("campaigns", "POST")[0]["fields"]
    assert sent["special_ad_categories"] == "[]"
    assert encode_params({"a": {"b": [1, True]}, "c": True, "d": 3}) == {"a": '{"b":[1,true]}', "c": "true", "d": "3"}


def test_the_user_is_told_when_close_to_the_rate_limit(fake_graph, token):
    notes = []
    client = client_for(fake_graph, token, notes=notes)
    client.me()
    assert notes == []
    fake_graph.usage_percent = 90
    client.me()
    client.me()
    assert len(notes) == 1 and "close to Meta's rate limit" in notes[0] and "ad account 90%" in notes[0]


def test_invalid_and_expired_tokens_are_auth_errors(fake_graph, token):
    with pytest.raises(AuthError, match="Cannot parse"):
        client_for(fake_graph, random_token()).me()
    expired = random_token()
    fake_graph.expired_tokens.add(expired)
    with pytest.raises(AuthError) as err:
        client_for(fake_graph, expired).me()
    assert err.value.code == 190 and err.value.subcode == 463


def test_appsecret_proof_is_sent_when_an_app_secret_is_set(token):
    secret = random_token()
    with FakeGraph(token, app_secret=secret) as server:
        assert client_for(server, token, app_secret=secret).me()["id"]
        with pytest.raises(ValidationError, match="appsecret_proof"):
            client_for(server, token).me()


def test_rate_limit_is_retried_with_backoff_and_honours_regain_time(fake_graph, token):
    fake_graph.inject("rate_limit", code=17, times=2, regain_minutes=0)
    fake_graph.inject("rate_limit", code=80004, times=1, regain_minutes=2)
    sleeps, notes = [], []
    client = client_for(fake_graph, token, sleeps=sleeps, notes=notes)
    assert client.me()["id"] == "10001"
    assert len(sleeps) == 3
    assert 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0  # exponential, with jitter
    assert sleeps[2] == 120  # estimated_time_to_regain_access: 2 minutes
    waits = [n for n in notes if n.startswith("rate limited")]
    assert len(waits) == 3 and "attempt 2 of 6" in waits[0]


def test_wait_over_the_cap_stops_with_a_message_the_user_sees(fake_graph, token):
    fake_graph.inject("rate_limit", code=613, regain_minutes=30)
    client = client_for(fake_graph, token, retry=RetryPolicy(max_total_wait=60))
    with pytest.raises(RetryLimitError) as err:
        client.me()
    assert "about 30 min" in str(err.value) and "cap of 60 s" in str(err.value)
    assert err.value.usage.regain_seconds == 1800


@pytest.mark.parametrize("body", [True, False])
def test_server_errors_are_retried(fake_graph, token, body):
    fake_graph.inject("server_error", body=body, times=2)
    sleeps = []
    assert client_for(fake_graph, token, sleeps=sleeps).me()["id"]
    assert len(sleeps) == 2


def test_retries_are_limited(fake_graph, token):
    fake_graph.inject("server_error", times=10)
    with pytest.raises(RetryLimitError, match="gave up after 3 attempts"):
        client_for(fake_graph, token, retry=RetryPolicy(max_attempts=3)).me()


def test_dropped_connection_on_a_read_is_retried(fake_graph, token):
    fake_graph.inject("drop", path="^me$")
    sleeps = []
    assert client_for(fake_graph, token, sleeps=sleeps).me()["id"]
    assert len(sleeps) == 1


def test_lost_answer_to_a_create_is_recovered_not_sent_again(fake_graph, token):
    fake_graph.inject("drop", path="campaigns", method="POST", after_processing=True)
    client = client_for(fake_graph, token)

    def recover():
        found = client.search("act_9/campaigns", {"fields": "id,name"}, lambda item: item["name"] == "c",
                              max_items=100)
        return {"id": found.item["id"]} if found.item else None

    answer = client.post("act_9/campaigns", CAMPAIGN, recover=recover)
    assert answer["id"] and fake_graph.count("campaign") == 1


def test_slow_answer_past_the_timeout_is_a_network_error_then_retried(fake_graph, token):
    fake_graph.inject("slow", path="^me$", seconds=0.6)
    sleeps = []
    client = client_for(fake_graph, token, sleeps=sleeps, timeout=0.2)
    assert client.me()["id"]
    assert len(sleeps) == 1
    fake_graph.inject("slow", path="^me$", seconds=0.6, times=5)
    with pytest.raises(RetryLimitError, match="timeout"):
        client_for(fake_graph, token, timeout=0.2, retry=RetryPolicy(max_attempts=2)).me()


def test_validation_error_carries_blamed_fields_and_user_message(fake_graph, token):
    fake_graph.inject("validation", subcode=1815629, user_title="Duplicate asset",
                      user_msg="Duplicates of ad asset values are not allowed",
                      blame=[["asset_feed_spec", "bodies", 1, "text"]])
    with pytest.raises(ValidationError) as err:
        client_for(fake_graph, token).post("act_9/campaigns", CAMPAIGN)
    assert err.value.blamed_fields == [["asset_feed_spec", "bodies", 1, "text"]]
    assert "Duplicate asset: Duplicates of ad asset values" in str(err.value)
    assert "1815629" in str(err.value)


def test_error_types_follow_codes_not_messages():
    def kind(code, **extra):
        return type(error_from_body(400, {"error": {"code": code, "message": "x", **extra}}))
    assert kind(4) is kind(17) is kind(613) is kind(80000) is kind(80014) is RateLimitError
    assert kind(190) is AuthError
    assert kind(10) is kind(200) is kind(294) is GraphPermissionError
    assert kind(1) is kind(2) is kind(100, is_transient=True) is TransientError
    assert kind(100) is ValidationError
    assert isinstance(error_from_body(502, None), TransientError)
    assert issubclass(NetworkError, TransientError)
    # error_data may arrive as a dict as well as a JSON string
    err = error_from_body(400, {"error": {"code": 100, "message": "m",
                                          "error_data": {"blame_field_specs": [["name"]]}}})
    assert err.blamed_fields == [["name"]]


def test_plain_http_only_to_loopback():
    assert check_api_base("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    assert check_api_base("http://localhost:1") == "http://localhost:1"
    assert check_api_base("https://graph.facebook.com") == "https://graph.facebook.com"
    for bad in ("http://graph.facebook.com", "http://10.0.0.1", "ftp://x", "https://x/?a=1"):
        with pytest.raises(BadInputError):
            check_api_base(bad)
    with pytest.raises(BadInputError, match="v25.0"):
        GraphClient(None, api_version="25")


@pytest.mark.parametrize("url", [
    "https://me:s3cret-pass@graph.facebook.com",
    "https://graph.facebook.com/?access_token=EAABs3cret",
    "https://graph.facebook.com/#s3cret",
    "http://me:s3cret@example.com",
    "https://graph.facebook.com:notaport/?access_token=EAABs3cret",
    "https://graph.facebook.com/v25.0;access_token=EAABs3cret",
    "https://[::1/?access_token=EAABs3cret",
    "EAABs3cret",
])
def test_api_base_errors_never_repeat_what_may_be_a_secret(url):
    with pytest.raises(BadInputError) as err:
        check_api_base(url)
    assert "s3cret" not in str(err.value) and "--api-base" in str(err.value)


def test_token_never_in_errors_or_log_lines(fake_graph, token, caplog):
    caplog.set_level(logging.DEBUG)
    fake_graph.inject("drop", path="^me$", times=10)
    client = client_for(fake_graph, token, retry=RetryPolicy(max_attempts=2))
    with pytest.raises(RetryLimitError) as err:
        client.me()
    assert token not in str(err.value) and token not in repr(err.value)
    assert err.value.__cause__ is None and err.value.__context__ is None or token not in str(err.value.__context__)
    fake_graph.faults.clear()
    client.get("me", {"fields": "id"})  # urllib3 logs this URL, token and all, at DEBUG
    assert any("GET /v25.0/me" in r.getMessage() for r in caplog.records)
    assert all(token not in r.getMessage() for r in caplog.records)


def test_a_token_that_url_encoding_changes_is_still_scrubbed_from_log_lines(caplog):
    # App access tokens are "APP_ID|APP_SECRET": in a GET's query string the "|" arrives as %7C,
    # and urllib3 logs the encoded URL.
    token = "1234567890|" + random_token()
    caplog.set_level(logging.DEBUG)
    with FakeGraph(token) as server:
        client_for(server, token).get("me", {"fields": "id"})
    secret = token.split("|")[1]
    assert any("GET /v25.0/me" in r.getMessage() for r in caplog.records)
    assert all(secret not in r.getMessage() for r in caplog.records)


def test_no_exception_in_the_chain_holds_the_token(token):
    # requests' ConnectionError names the URL, query string and token included; `from None` only
    # hides it from tracebacks, it stays reachable as __context__ for any handler that walks it.
    import socket

    with socket.socket() as s:  # a port nobody listens on: "connection refused", URL in the message
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = GraphClient(Credentials(token, "", "session"), api_base=f"http://127.0.0.1:{port}",
                         sleep=lambda s: None, retry=RetryPolicy(max_attempts=2))
    with pytest.raises(RetryLimitError) as err:
        client.get("me", {"fields": "id"})
    exc, seen = err.value, []
    while exc is not None:
        seen.append(exc)
        assert token not in str(exc) and token not in repr(exc.args), type(exc)
        exc = exc.__context__ or exc.__cause__
    assert len(seen) >= 1


def test_search_reads_page_by_page_stops_at_the_match_and_says_when_it_stopped_short(fake_graph, token):
    fake_graph.state.max_page_size = 7  # fewer than asked: the cursor must be followed
    ids = fake_graph.state.add_existing("creative", "9", (f"creative {i}" for i in range(30)))
    client = client_for(fake_graph, token)
    params = {"fields": "id,name", "limit": 10}

    def named(name):
        return lambda item: item.get("name") == name

    found = client.search("act_9/adcreatives", params, named("creative 15"), max_items=None)
    assert found.item == {"id": ids[15], "name": "creative 15"} and found.pages == 3 and found.complete
    assert len(fake_graph.requests_to("adcreatives", "GET")) == 3  # no page read past the match
    absent = client.search("act_9/adcreatives", params, named("nope"), max_items=None)
    assert absent.item is None and absent.complete and absent.read == 30 and absent.pages == 5
    short = client.search("act_9/adcreatives", params, named("creative 29"), max_items=20)
    assert short.item is None and not short.complete and short.read == 21  # 3 pages of 7
    exact = client.search("act_9/adcreatives", params, named("nope"), max_items=30)
    assert exact.complete and exact.read == 30  # the list ended at the limit: nothing missed


def test_the_fake_filters_the_ads_management_edges_by_name_for_real(fake_graph, token):
    fake_graph.state.add_existing("campaign", "9", ["spring [dc-aaa campaign]", "summer [dc-bbb campaign]",
                                                    "spring sale [dc-ccc campaign]"])
    fake_graph.state.add_existing("creative", "9", ["spring [dc-aaa creative-1]", "summer [dc-bbb creative-1]"])
    client = client_for(fake_graph, token)

    def names(edge, *rules):
        answer = client.get(f"act_9/{edge}", {"fields": "name", "filtering": list(rules)})
        return [item["name"] for item in answer["data"]]

    assert names("campaigns", {"field": "name", "operator": "CONTAIN", "value": "[dc-bbb campaign]"}) == \
        ["summer [dc-bbb campaign]"]
    assert names("campaigns", {"field": "name", "operator": "STARTS_WITH", "value": "spring"},
                 {"field": "name", "operator": "NOT_CONTAIN", "value": "sale"}) == ["spring [dc-aaa campaign]"]
    assert names("campaigns", {"field": "name", "operator": "EQUAL", "value": "nope"}) == []
    # act_<id>/adcreatives takes no parameter: a filter there is ignored, the whole list comes back
    assert len(names("adcreatives", {"field": "name", "operator": "CONTAIN", "value": "dc-aaa"})) == 2
    with pytest.raises(ValidationError, match="operator"):
        names("campaigns", {"field": "name", "operator": "LIKE", "value": "x"})
    with pytest.raises(ValidationError, match="field, operator and value"):
        names("campaigns", {"field": "name", "value": "x"})
