"""The Graph client against what a proxy or a broken link hands back: unreadable 200 answers,
429 and 503 with Retry-After, servers that never answer or trickle, a cancel mid-call; and where
the token travels (the Authorization header, never a URL)."""
from __future__ import annotations

import logging
import random
import socket
import threading
import time
from contextlib import contextmanager
from email.utils import formatdate
from urllib.parse import quote, quote_plus

import pytest

from dcstudio.core.platforms.meta.publish.client import GraphClient, RetryPolicy
from dcstudio.core.platforms.meta.publish.graph_errors import RateLimitError, RetryLimitError
from dcstudio.core.platforms.meta.publish.tokens import Credentials
from dcstudio.core.values.errors import Cancelled
from tests.fake_graph import FakeGraph
from tests.fake_graph.fixtures import *  # noqa: F401,F403
from tests.fake_graph.fixtures import random_token

CAMPAIGN = {"name": "c", "objective": "OUTCOME_SALES", "special_ad_categories": [], "status": "PAUSED"}


def client_for(server_url, token, *, sleeps=None, notes=None, **kw):
    return GraphClient(Credentials(token, kw.pop("app_secret", ""), "session"), api_base=server_url,
                       sleep=(sleeps.append if sleeps is not None else (lambda s: None)),
                       notify=(notes.append if notes is not None else None), rng=random.Random(1), **kw)


@contextmanager
def silent_socket():
    """A real server on 127.0.0.1 that accepts connections and never sends a byte."""
    held, stop = [], threading.Event()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.settimeout(0.05)

        def accept():
            while not stop.is_set():
                try:
                    held.append(listener.accept()[0])
                except OSError:
                    continue

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{listener.getsockname()[1]}"
        finally:
            stop.set()
            thread.join()
            for conn in held:
                conn.close()


def recover_campaign(client, name="c"):
    def recover():
        found = client.search("act_9/campaigns", {"fields": "id,name"}, lambda item: item["name"] == name,
                              max_items=100)
        return {"id": found.item["id"]} if found.item else None
    return recover


# -- the token's way --------------------------------------------------------------------------
@pytest.mark.parametrize("app_secret", ["", "s3cret-" + "x" * 24])
def test_the_token_travels_in_the_authorization_header_and_never_in_a_url(token, app_secret):
    with FakeGraph(token, app_secret=app_secret) as server:
        client = client_for(server.url, token, app_secret=app_secret)
        client.me()
        created = client.post("act_9/campaigns", CAMPAIGN)
        client.get(created["id"], {"fields": "id,name"})
        client.search("act_9/campaigns", {"fields": "id,name", "limit": 1}, lambda item: False, max_items=None)
        list(client.each("act_9/adimages", {"hashes": ["abc"], "fields": "hash"}))
    assert len(server.urls) == 5 and set(server.seen_secrets) == {token}
    for url in server.urls:
        assert token not in url and quote(token, safe="") not in url and quote_plus(token) not in url
    assert all("access_token" not in r["fields"] for r in server.log)


def test_the_fake_refuses_a_token_in_the_url(fake_graph, token):
    import requests

    answer = requests.get(f"{fake_graph.url}/v25.0/me", params={"access_token": token}, timeout=5)
    assert answer.status_code == 400 and "must not travel in the URL" in answer.text


def test_a_gzip_answer_read_in_pieces_comes_back_whole(fake_graph, token):
    fake_graph.gzip_answers = True
    names = [f"campaign {i:04d} " + "x" * 200 for i in range(400)]  # a body larger than one read
    fake_graph.state.add_existing("campaign", "9", names)
    client = client_for(fake_graph.url, token)
    assert client.me()["name"] == "Test User"
    page = client.get("act_9/campaigns", {"fields": "id,name", "limit": 500})
    assert [item["name"] for item in page["data"]] == names


# -- answers that cannot be read --------------------------------------------------------------
@pytest.mark.parametrize("kind", ["html", "truncated"])
def test_an_unreadable_200_to_a_create_is_looked_up_not_sent_again(fake_graph, token, kind):
    fake_graph.inject(kind, path="campaigns", method="POST")
    notes = []
    client = client_for(fake_graph.url, token, notes=notes)
    answer = client.post("act_9/campaigns", CAMPAIGN, recover=recover_campaign(client))
    assert answer["id"] and fake_graph.count("campaign") == 1
    assert len(fake_graph.requests_to("campaigns", "POST")) == 1
    assert any("the first answer was lost but the object exists" in n for n in notes)


@pytest.mark.parametrize("kind", ["html", "truncated"])
def test_an_unreadable_200_to_a_read_is_retried_and_named_once(fake_graph, token, kind):
    fake_graph.inject(kind, path="^me$")
    assert client_for(fake_graph.url, token).me()["id"] == "10001"
    fake_graph.inject(kind, path="^me$", times=5)
    with pytest.raises(RetryLimitError) as err:
        client_for(fake_graph.url, token, retry=RetryPolicy(max_attempts=2)).me()
    message = str(err.value)
    assert "gave up after 2 attempts" in message and "could not be read" in message
    assert message.count("HTTP 200") == 1, message


def test_a_rate_limit_message_names_its_codes_once(fake_graph, token):
    fake_graph.inject("rate_limit", code=17, times=5)
    with pytest.raises(RetryLimitError) as err:
        client_for(fake_graph.url, token, retry=RetryPolicy(max_attempts=2)).me()
    message = str(err.value)
    assert message.count("code 17/2446079, HTTP 400") == 1, message
    assert err.value.code == 17 and "fbtrace_id AfakeRL" in message
    fake_graph.inject("rate_limit", code=17, regain_minutes=30)
    with pytest.raises(RetryLimitError) as err:
        client_for(fake_graph.url, token, retry=RetryPolicy(max_total_wait=60)).me()
    assert str(err.value).count("code 17/2446079, HTTP 400") == 1, str(err.value)


# -- 429, 503 and Retry-After -----------------------------------------------------------------
def test_a_429_without_a_graph_error_body_is_a_rate_limit_and_waits_as_asked(fake_graph, token):
    fake_graph.inject("http_429", path="^me$", retry_after="7")
    sleeps, notes = [], []
    assert client_for(fake_graph.url, token, sleeps=sleeps, notes=notes).me()["id"] == "10001"
    assert sleeps == [7.0]
    assert any(n.startswith("rate limited") and "HTTP 429" in n for n in notes)


def test_a_503_retry_after_given_as_an_http_date_is_honoured(fake_graph, token):
    fake_graph.inject("http_503", path="^me$", retry_after=formatdate(time.time() + 40, usegmt=True))
    sleeps = []
    assert client_for(fake_graph.url, token, sleeps=sleeps).me()["id"]
    assert len(sleeps) == 1 and 37 <= sleeps[0] <= 41


@pytest.mark.parametrize("kind", ["http_429", "http_503"])
def test_a_retry_after_past_max_wait_stops_saying_how_long_the_server_asked(fake_graph, token, kind):
    fake_graph.inject(kind, path="^me$", retry_after="600")
    sleeps = []
    with pytest.raises(RetryLimitError) as err:
        client_for(fake_graph.url, token, sleeps=sleeps, retry=RetryPolicy(max_total_wait=60)).me()
    message = str(err.value)
    assert "the server asks to wait about 10 min" in message and "cap of 60 s" in message, message
    assert err.value.retry_after == 600 and sleeps == []
    assert message.count(f"HTTP {kind[-3:]}") == 1, message


def test_a_429_is_a_rate_limit_error_even_with_a_graph_body():
    from dcstudio.core.platforms.meta.publish.graph_errors import error_from_body

    assert isinstance(error_from_body(429, None), RateLimitError)
    assert isinstance(error_from_body(429, {"error": {"code": 100, "message": "slow down"}}), RateLimitError)


# -- deadlines and cancel ---------------------------------------------------------------------
def test_a_server_that_accepts_and_never_answers_is_given_up_within_max_wait(token):
    with silent_socket() as url:
        client = client_for(url, token, retry=RetryPolicy(max_total_wait=1.0))
        started = time.monotonic()
        with pytest.raises(RetryLimitError) as err:
            client.me()
        took = time.monotonic() - started
    assert took < 3.0, took
    message = str(err.value)
    assert "no complete answer within" in message and "--max-wait" in message, message


def test_a_trickling_answer_is_cut_at_the_deadline(fake_graph, token):
    fake_graph.inject("trickle", path="^me$", seconds=0.25, times=10)  # the answer would take ~9 s
    client = client_for(fake_graph.url, token, timeout=1.0, retry=RetryPolicy(max_attempts=2))
    started = time.monotonic()
    with pytest.raises(RetryLimitError, match="no complete answer within 1 s"):
        client.me()
    assert time.monotonic() - started < 3.5
    fake_graph.faults.clear()
    assert client.me()["id"] == "10001"  # the client works on after an abandoned call


def test_time_spent_on_unanswered_calls_counts_in_max_wait(fake_graph, token):
    fake_graph.inject("silent", path="^me$", times=10)
    sleeps = []
    client = client_for(fake_graph.url, token, sleeps=sleeps, timeout=0.6, retry=RetryPolicy(max_total_wait=1.5))
    started = time.monotonic()
    with pytest.raises(RetryLimitError, match="cap of 1.5 s"):
        client.me()
    assert time.monotonic() - started < 2.5
    # the unanswered attempts count, not only the pauses between them (which take no time here)
    assert client.waited >= sum(sleeps) + 0.6 * len(fake_graph.requests_to("^me$")) - 0.1
    assert client.waited <= 1.5 + 0.7


def test_cancel_ends_a_call_at_once(fake_graph, token):
    fake_graph.inject("silent", path="^me$")
    cancel = threading.Event()
    client = client_for(fake_graph.url, token, cancel=cancel, timeout=30)
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        client.me()
    assert time.monotonic() - started < 1.0


def test_stop_lets_the_attempt_under_way_finish_and_sends_no_other(fake_graph, token):
    stop = threading.Event()
    client = client_for(fake_graph.url, token, timeout=30)
    fake_graph.inject("trickle", path="campaigns$", method="POST", seconds=0.03)
    threading.Timer(0.1, stop.set).start()
    assert client.post("act_9/campaigns", CAMPAIGN, stop=stop)["id"]  # read to its end
    assert stop.is_set()
    assert not client.cancel.is_set()
    with pytest.raises(Cancelled):
        client.post("act_9/campaigns", CAMPAIGN, stop=stop)
    assert len(fake_graph.requests_to("campaigns$", "POST")) == 1


def test_stop_ends_the_pause_before_a_retry_and_the_retry_is_not_sent(fake_graph, token):
    stop = threading.Event()
    client = GraphClient(Credentials(token, source="session"), api_base=fake_graph.url,
                         retry=RetryPolicy(base_delay=20.0), rng=random.Random(1))  # real pauses
    fake_graph.inject("server_error", path="campaigns$", method="POST")
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        client.post("act_9/campaigns", CAMPAIGN, stop=stop)
    assert time.monotonic() - started < 2.0
    assert len(fake_graph.requests_to("campaigns$", "POST")) == 1 and not client.cancel.is_set()


def test_the_token_is_in_no_message_or_log_line_of_the_new_failures(fake_graph, token, caplog):
    caplog.set_level(logging.DEBUG)
    texts, notes = [], []
    cases = [("silent", {"times": 3}, {"timeout": 0.4, "retry": RetryPolicy(max_total_wait=0.8)}),
             ("trickle", {"seconds": 0.3, "times": 3}, {"timeout": 0.5, "retry": RetryPolicy(max_attempts=2)}),
             ("html", {"times": 3}, {"retry": RetryPolicy(max_attempts=2)}),
             ("truncated", {"times": 3}, {"retry": RetryPolicy(max_attempts=2)}),
             ("http_429", {"retry_after": "900"}, {"retry": RetryPolicy(max_total_wait=60)})]
    for kind, fault, kw in cases:
        fake_graph.faults.clear()
        fake_graph.inject(kind, path="^me$", **fault)
        with pytest.raises(RetryLimitError) as err:
            client_for(fake_graph.url, token, notes=notes, **kw).me()
        exc = err.value
        while exc is not None:
            texts += [str(exc), repr(exc)]
            exc = exc.__context__ or exc.__cause__
    fake_graph.faults.clear()
    fake_graph.inject("silent", path="^me$")
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    with pytest.raises(Cancelled) as stopped:
        client_for(fake_graph.url, token, cancel=cancel).me()
    texts += [str(stopped.value), repr(stopped.value)] + notes + [r.getMessage() for r in caplog.records]
    assert any(token in s for s in fake_graph.seen_secrets)
    for text in texts:
        assert token not in text and token[:-4] not in text, text


def test_a_wrong_token_is_still_an_auth_error_through_the_header(fake_graph):
    from dcstudio.core.platforms.meta.publish.graph_errors import AuthError

    with pytest.raises(AuthError, match="Cannot parse"):
        client_for(fake_graph.url, random_token()).me()
