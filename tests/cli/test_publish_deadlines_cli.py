"""`dcstudio publish` and `dcstudio token check` against servers that never answer or trickle:
each stops within the time it was given, says why, and never shows the token."""
from __future__ import annotations

import time

from dcstudio.cli import main
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ACCOUNT = "act_777"


def test_publish_max_wait_bounds_a_server_that_never_answers(memory_keyring, demo_copy, fake_graph, token,
                                                             monkeypatch, capsys):
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    fake_graph.inject("silent", path="^me$", times=20)
    started = time.monotonic()
    code = main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--max-wait", "1",
                 "--api-base", fake_graph.url])
    took = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 2 and took < 4.0, (code, took, err)
    assert "GET me: no complete answer within 1 s" in err and "cap of 1 s of waiting (--max-wait" in err
    assert token not in out + err and fake_graph.count("campaign") == 0


def test_token_check_gives_up_after_its_own_short_wait(memory_keyring, fake_graph, token, monkeypatch, capsys):
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    fake_graph.inject("trickle", path="^me$", seconds=0.3, times=20)  # a whole answer would take ~10 s
    started = time.monotonic()
    code = main(["token", "check", "--max-wait", "1.5", "--api-base", fake_graph.url])
    took = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 1 and took < 4.0, (code, took, err)
    assert "cannot reach the Graph API (offline?)" in err and "no complete answer within" in err
    assert token not in out + err


def test_token_check_has_a_short_default_wait():
    from dcstudio.core.platforms.meta.publish.client import TOKEN_CHECK_WAIT, GraphClient
    from dcstudio.core.platforms.meta.publish.tokens import Credentials
    from tests.fake_graph.fixtures import random_token

    client = GraphClient.for_token_check(Credentials(random_token(), source="session"))
    assert client.retry.max_total_wait == TOKEN_CHECK_WAIT <= 30 and client.timeout <= TOKEN_CHECK_WAIT


def test_token_check_refuses_a_wait_of_nothing(memory_keyring, token, monkeypatch, capsys):
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    assert main(["token", "check", "--max-wait", "0"]) == 2
    assert "--max-wait" in capsys.readouterr().err
