"""Tokens in the keyring (an in-memory backend here), the environment override, app secret
proofs, and what happens with no keyring backend at all."""
from __future__ import annotations

import hashlib
import hmac

import pytest

from dcstudio.core.platforms.meta.publish import tokens
from dcstudio.core.platforms.meta.publish.graph_errors import scrub
from dcstudio.core.values.errors import BadInputError
from tests.fake_graph.fixtures import *  # noqa: F401,F403
from tests.fake_graph.fixtures import random_token


def test_one_token_per_profile_in_the_dcstudio_service(memory_keyring):
    a, b = random_token(), random_token()
    tokens.store_token("agency-a", a)
    tokens.store_token("agency-b", b)
    assert memory_keyring.entries[("dcstudio", "agency-a:access_token")] == a
    assert tokens.load_credentials("agency-a").token == a
    assert tokens.load_credentials("agency-b").token == b
    assert tokens.load_credentials("agency-b").source == "keyring"


def test_pasted_token_is_trimmed_and_checked(memory_keyring):
    t = random_token()
    tokens.store_token("default", f"  {t}\n")
    assert tokens.load_credentials().token == t
    with pytest.raises(BadInputError, match="empty"):
        tokens.store_token("default", "  \n")
    with pytest.raises(BadInputError, match="one line"):
        tokens.store_token("default", "abc def")


def test_bad_profile_names_are_refused(memory_keyring):
    with pytest.raises(BadInputError, match="--profile"):
        tokens.store_token("../etc", random_token())


def test_missing_token_says_how_to_set_one(memory_keyring):
    with pytest.raises(tokens.TokenMissingError, match="dcstudio token set --profile shop"):
        tokens.load_credentials("shop")


def test_environment_overrides_the_keyring(memory_keyring):
    stored, env = random_token(), random_token()
    tokens.store_token("default", stored)
    creds = tokens.load_credentials("default", environ={"DCSTUDIO_ACCESS_TOKEN": env})
    assert creds.token == env and creds.source == "environment"


def test_delete_removes_token_and_secret(memory_keyring):
    tokens.store_token("default", random_token())
    tokens.store_app_secret("default", "s3cr3t-app-secret")
    assert tokens.delete_token("default") == ["access_token", "app_secret"]
    assert memory_keyring.entries == {}
    assert tokens.delete_token("default") == []


def test_app_secret_gives_the_sdk_appsecret_proof(memory_keyring):
    t, secret = random_token(), random_token()
    tokens.store_token("default", t)
    tokens.store_app_secret("default", secret)
    creds = tokens.load_credentials()
    assert creds.appsecret_proof() == hmac.new(secret.encode(), t.encode(), hashlib.sha256).hexdigest()
    assert tokens.load_credentials().app_secret == secret


def test_repr_and_scrub_show_only_the_last_four_characters(memory_keyring):
    t = random_token()
    creds = tokens.session_credentials(t)
    assert t not in repr(creds) and t not in str(creds)
    assert creds.masked == "…" + t[-4:]
    assert scrub(f"url?access_token={t}&x=1") == f"url?access_token=…{t[-4:]}&x=1"


def test_no_backend_says_what_to_install_and_never_writes_a_file(no_keyring, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert not tokens.backend_available()
    with pytest.raises(tokens.NoKeyringError) as err:
        tokens.store_token("default", random_token())
    message = str(err.value)
    assert "gnome-keyring" in message and "DCSTUDIO_ACCESS_TOKEN" in message
    with pytest.raises(tokens.NoKeyringError):
        tokens.load_credentials("default")
    assert list(tmp_path.rglob("*")) == []  # no plaintext fallback anywhere


def test_no_backend_still_takes_the_environment_or_a_session_token(no_keyring):
    env = random_token()
    assert tokens.load_credentials(environ={"DCSTUDIO_ACCESS_TOKEN": env}).token == env
    session = tokens.session_credentials(random_token())
    assert session.source == "session"
