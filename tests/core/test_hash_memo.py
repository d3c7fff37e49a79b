"""Opening a project checks each file's hash; the memo spares reading an unchanged file again,
and never hides a change of size, time or inode, nor fails when its database is broken."""
from __future__ import annotations

import hashlib
import json
import os

import pytest

from dcstudio.core.model import hash_memo
from dcstudio.core.model.hash_memo import MEMO_FILE, file_sha256
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.values.errors import ProjectFileError


def _reads(monkeypatch):
    monkeypatch.setattr(hash_memo, "MEMO_FROM_BYTES", 0)  # these files are small: remember them too
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
    monkeypatch.setattr(hash_memo, "MEMO_FROM_BYTES", 0)
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"a picture")
    assert file_sha256(path) == hashlib.sha256(b"a picture").hexdigest()


def test_reopening_a_project_reads_no_photo_again_and_still_sees_a_change(demo_copy, monkeypatch):
    monkeypatch.setattr(hash_memo, "MEMO_FROM_BYTES", 0)  # the demo's photos are small
    load_project(demo_copy)
    reads = _reads(monkeypatch)
    assert load_project(demo_copy).file_problems == {}
    assert reads == []
    changed = next((demo_copy / "assets").iterdir())
    changed.write_bytes(changed.read_bytes() + b"\0")
    problems = load_project(demo_copy).file_problems
    assert len(problems) == 1 and "changed since it was added" in next(iter(problems.values()))


def test_a_small_file_is_hashed_without_the_memo(tmp_path, monkeypatch):
    monkeypatch.setenv("DCSTUDIO_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "logo.png"
    path.write_bytes(b"x" * 1000)
    reads = _reads(monkeypatch)
    monkeypatch.setattr(hash_memo, "MEMO_FROM_BYTES", 1001)
    assert file_sha256(path) == file_sha256(path) == hashlib.sha256(b"x" * 1000).hexdigest()
    assert len(reads) == 2 and not (tmp_path / "cache" / MEMO_FILE).exists()
    path.write_bytes(b"x" * 1001)  # from the threshold on, the memo
    assert file_sha256(path) == file_sha256(path)
    assert len(reads) == 3 and (tmp_path / "cache" / MEMO_FILE).exists()


def _checks(monkeypatch):
    from dcstudio.core.model import project_format

    calls = []
    real = project_format._validator
    monkeypatch.setattr(project_format, "_validator", lambda: calls.append(1) or real())
    return calls


def test_a_document_found_valid_is_not_checked_again_until_it_or_the_schema_changes(demo_copy, monkeypatch):
    from dcstudio.core.model import project_format

    checks = _checks(monkeypatch)
    load_project(demo_copy)
    load_project(demo_copy)
    assert len(checks) == 1
    doc = json.loads((demo_copy / "dcstudio.json").read_text("utf-8"))
    doc["name"] = "renamed"
    (demo_copy / "dcstudio.json").write_text(json.dumps(doc), "utf-8")
    assert load_project(demo_copy).name == "renamed"
    assert len(checks) == 2
    schema = project_format._schema_text()
    monkeypatch.setattr(project_format, "_schema_text", lambda: schema + " ")  # a new studio's schema
    load_project(demo_copy)
    assert len(checks) == 3


def test_a_document_with_a_problem_is_checked_and_refused_every_time(demo_copy, monkeypatch):
    checks = _checks(monkeypatch)
    doc = json.loads((demo_copy / "dcstudio.json").read_text("utf-8"))
    doc["campaign"]["status"] = "RUNNING-ISH"
    (demo_copy / "dcstudio.json").write_text(json.dumps(doc), "utf-8")
    for _ in range(2):
        with pytest.raises(ProjectFileError, match="campaign.status"):
            load_project(demo_copy)
    assert len(checks) == 2


def test_a_broken_memo_only_means_checking_again(demo_copy, tmp_path, monkeypatch):
    cache = tmp_path / "broken-cache"
    cache.mkdir()
    monkeypatch.setenv("DCSTUDIO_CACHE_DIR", str(cache))
    (cache / MEMO_FILE).write_bytes(b"this is not a database")
    checks = _checks(monkeypatch)
    load_project(demo_copy)
    load_project(demo_copy)
    assert len(checks) == 2
