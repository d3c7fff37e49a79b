"""Fixtures for the publish tests: an in-memory keyring, random tokens, a running fake server.

Import them into a test module with ``from tests.fake_graph.fixtures import *``.
"""
from __future__ import annotations

import secrets

import keyring
import keyring.backends.fail
import pytest

from tests.fake_graph.memory_keyring import MemoryKeyring
from tests.fake_graph.server import FakeGraph

__all__ = ["memory_keyring", "no_keyring", "token", "fake_graph", "random_token"]


def random_token() -> str:
    """A fresh token per run, shaped like a real one; never a real token in a fixture."""
    return "EAAT" + secrets.token_urlsafe(48).replace("-", "x").replace("_", "y")


@pytest.fixture
def memory_keyring(monkeypatch):
    monkeypatch.delenv("DCSTUDIO_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("DCSTUDIO_APP_SECRET", raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(monkeypatch):
    monkeypatch.delenv("DCSTUDIO_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("DCSTUDIO_APP_SECRET", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def token() -> str:
    return random_token()


@pytest.fixture
def fake_graph(token):
    with FakeGraph(token) as server:
        yield server
