"""Opening a project checks each file's hash; the memo spares reading an unchanged file again,
and never hides a change of size, time or inode, nor fails when its database is broken."""
from __future__ import annotations

import hashlib
import os

from dcstudio.core.model import hash_memo
from dcstudio.core.model.hash_memo import MEMO_FILE, file_sha256
from dcstudio.core.model.project_folder import load_project


def _reads(monkeypatch):
    calls = []
    real = hash_memo.sha256_file
    monkeypatch.setattr(hash_memo, "sha256_file", lambda p: calls.append(p) or real(p))
    return calls


def test_an_unchanged_file_is_hashed_once_and_a_changed_one_again(tmp_path, monkeypatch):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"first picture")
    reads = _reads(monkeypatch)
    assert file_sha256(path) == hashlib.sha256(b"first picture").hexdigest()
    assert file_sha256(path) == hashlib.sha256(b"first picture").hexdigest()
    assert len(reads) == 1
    path.write_bytes(b"second picture!")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert file_sha256(path) == hashlib.sha256(b"second picture!").hexdigest()
    assert len(reads) == 2


def test_a_broken_memo_only_means_hashing_again(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("DCSTUDIO_CACHE_DIR", str(cache))
    (cache / MEMO_FILE).write_bytes(b"this is not a database")
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"a picture")
    assert file_sha256(path) == hashlib.sha256(b"a picture").hexdigest()


def test_reopening_a_project_reads_no_photo_again_and_still_sees_a_change(demo_copy, monkeypatch):
    load_project(demo_copy)
    reads = _reads(monkeypatch)
    assert load_project(demo_copy).file_problems == {}
    assert reads == []
    changed = next((demo_copy / "assets").iterdir())
    changed.write_bytes(changed.read_bytes() + b"\0")
    problems = load_project(demo_copy).file_problems
    assert len(problems) == 1 and "changed since it was added" in next(iter(problems.values()))
