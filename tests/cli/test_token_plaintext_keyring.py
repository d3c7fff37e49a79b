"""A keyring backend that keeps secrets in a file (keyrings.alt's PlaintextKeyring and kin) is
refused like no backend at all: `token set` stores nothing, says why and how to use
DCSTUDIO_ACCESS_TOKEN, and no file anywhere under HOME holds the token, plain or base64."""
from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import keyring
import keyrings.alt.file
import pytest
from keyring.backends.chainer import ChainerBackend

from dcstudio.cli import main
from dcstudio.core.platforms.meta.publish import tokens
from tests.fake_graph.fixtures import random_token
from tests.fake_graph.memory_keyring import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """HOME and every XDG folder inside tmp_path: where a file backend would write."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                     ("XDG_STATE_HOME", ".local/state"), ("XDG_CACHE_HOME", ".cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("DCSTUDIO_ACCESS_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def backend(request, home):
    previous = keyring.get_keyring()
    keyring.set_keyring(request.param())
    yield keyring.get_keyring()
    keyring.set_keyring(previous)


def files_holding(root: Path, secret: str) -> list[Path]:
    """Every file under root that holds the secret, as text or base64 (what PlaintextKeyring writes)."""
    shapes = [secret.encode(), base64.b64encode(secret.encode()), base64.urlsafe_b64encode(secret.encode())]
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(shape in data for shape in shapes):
                found.append(path)
    return found


class _ChainWithAPlainFile(ChainerBackend):
    """A chain whose first backend is a plain file: a locked system keyring falls through to it."""

    backends = [keyrings.alt.file.PlaintextKeyring()]


class _EncryptedFile(keyrings.alt.file.EncryptedKeyring):
    """keyrings.alt's encrypted file backend, without pycryptodome (never asked to encrypt here)."""

    @staticmethod
    def _get_crypto_impl():
        return {}


FILE_BACKENDS = [keyrings.alt.file.PlaintextKeyring, _EncryptedFile, _ChainWithAPlainFile]


@pytest.mark.parametrize("backend", FILE_BACKENDS, indirect=True, ids=lambda cls: cls.__name__)
def test_token_set_refuses_a_file_backend_and_writes_nothing(backend, home, monkeypatch, capsys):
    token = random_token()
    monkeypatch.setattr(sys, "stdin", _Stdin(token + "\n"))
    assert main(["token", "set", "--profile", "shop"]) == 2
    out, err = capsys.readouterr()
    assert "keeps secrets in a file on disk" in err and "DCSTUDIO_ACCESS_TOKEN" in err
    assert "stored" not in out and token not in out + err
    assert files_holding(home, token) == []
    assert not tokens.backend_available()
    with pytest.raises(tokens.NoKeyringError, match="keeps secrets in a file on disk"):
        tokens.store_app_secret("shop", random_token())


def test_a_chain_is_used_only_through_its_safe_backends(home):
    memory = MemoryKeyring()

    class Chain(ChainerBackend):
        backends = [keyrings.alt.file.PlaintextKeyring(), memory]

    previous = keyring.get_keyring()
    keyring.set_keyring(Chain())
    try:
        token = random_token()
        tokens.store_token("shop", token)
        assert memory.entries[("dcstudio", "shop:access_token")] == token
        assert tokens.load_credentials("shop").token == token
        assert files_holding(home, token) == []
    finally:
        keyring.set_keyring(previous)


def test_a_token_set_process_with_the_plaintext_backend_writes_no_file(home):
    token = random_token()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}
    done = subprocess.run([sys.executable, "-m", "dcstudio", "token", "set"], input=token + "\n", env=env,
                          capture_output=True, text=True, timeout=60, cwd=str(home))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "keyrings.alt.file.PlaintextKeyring" in done.stderr and "DCSTUDIO_ACCESS_TOKEN" in done.stderr
    assert token not in done.stdout + done.stderr
    assert files_holding(home, token) == []


class _Stdin:
    def __init__(self, text):
        self.text = text

    def isatty(self):
        return False

    def readline(self):
        return self.text
