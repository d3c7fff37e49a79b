"""The files a publish keeps in the project's publish/ folder, damaged or malformed: a journal
that cannot be read stops publishing with its name and what to do (never skipped, which would
start over and duplicate the campaign); the image hash cache, only a cache, is set aside and
rebuilt; a journal that cannot be written says what was created and that a rerun resumes."""
from __future__ import annotations

import errno
import json

import pytest

from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish import journal as journal_module
from dcstudio.core.platforms.meta.publish.image_uploads import HASH_CACHE
from dcstudio.core.platforms.meta.publish.journal import DamagedJournal, Journal, JournalWriteError
from dcstudio.core.platforms.meta.publish.publisher import Publisher, PublishFailed
from tests.core.test_publish import ACCOUNT, counts, make_client
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ONE_EACH = {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}


def _publisher(fake_graph, token, project, plan, **kw):
    return Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=project, **kw)


def _half_published(fake_graph, token, project, plan) -> Journal:
    """A publish that made the campaign and stopped on a refused ad set: its journal is unfinished."""
    fake_graph.inject("validation", path="adsets", user_msg="Budget too low")
    with pytest.raises(PublishFailed):
        _publisher(fake_graph, token, project, plan).run()
    assert counts(fake_graph)["campaign"] == 1
    return Journal.all_in(project.folder)[0]


@pytest.mark.parametrize("damage", ["truncated", "not utf-8", "deep", "empty"])
@pytest.mark.parametrize("new", [False, True])
def test_a_damaged_journal_stops_the_publish_naming_the_file(fake_graph, token, demo_project, damage, new):
    plan = build_plan(demo_project)
    journal = _half_published(fake_graph, token, demo_project, plan)
    text = journal.path.read_bytes()
    journal.path.write_bytes({"truncated": text[: len(text) // 2], "not utf-8": b"\xff" + text,
                              "deep": b"[" * 500 + b"]" * 500, "empty": b""}[damage])
    before = len(fake_graph.log)
    with pytest.raises(DamagedJournal) as err:
        _publisher(fake_graph, token, demo_project, plan, new=new).run()
    message = str(err.value)
    assert str(journal.path) in message and "move the file out of" in message and "Ads Manager" in message
    assert f"[dc-{journal.tag} ...]" in message
    assert counts(fake_graph)["campaign"] == 1 and len(fake_graph.log) == before  # nothing sent
    journal.path.rename(journal.path.with_suffix(".json.checked"))  # what the message says to do
    _publisher(fake_graph, token, demo_project, plan).run()
    assert counts(fake_graph)["adset"] == 1


@pytest.mark.parametrize("edit, field", [
    (lambda d: d.pop("account"), "account"),
    (lambda d: d.update(calls=list(d["calls"].values())), "calls"),
    (lambda d: d.update(calls={"campaign": "done"}), "calls.campaign"),
    (lambda d: d["calls"]["campaign"].update(result=["1"]), "calls.campaign.result"),
    (lambda d: d["calls"]["campaign"].pop("result"), "calls.campaign"),
    (lambda d: d.update(tag=7), "tag"),
    (lambda d: d.update(events=None), "events"),
])
def test_a_malformed_journal_is_a_message_naming_its_field(fake_graph, token, demo_project, edit, field):
    plan = build_plan(demo_project)
    journal = _half_published(fake_graph, token, demo_project, plan)
    data = json.loads(journal.path.read_text("utf-8"))
    edit(data)
    journal.path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DamagedJournal) as err:
        _publisher(fake_graph, token, demo_project, plan).run()
    assert err.value.field == field and f"{journal.path}: {field}: " in str(err.value)
    assert counts(fake_graph)["campaign"] == 1


@pytest.mark.parametrize("content", ['{"act_424242": 5}', "[1, 2]", '{"act_424242": {"ab": 7}}', "{not json",
                                     '{"act_424242": {"ab": "' + "\\ud800" + '"}}'])
def test_a_bad_image_hash_cache_is_set_aside_with_a_note_and_rebuilt(fake_graph, token, demo_project, content):
    cache = demo_project.folder / "publish" / HASH_CACHE
    cache.parent.mkdir()
    cache.write_text(content, "utf-8")
    notes = []
    result = _publisher(fake_graph, token, demo_project, build_plan(demo_project), notify=notes.append).run()
    assert counts(fake_graph) == ONE_EACH and result.uploaded_images == 5
    assert any(str(cache) in n and "set aside as image-hashes.json.bad" in n for n in notes), notes
    assert cache.with_name("image-hashes.json.bad").read_text("utf-8") == content
    assert len(json.loads(cache.read_text("utf-8"))[ACCOUNT]) == 5


def test_a_dry_run_leaves_a_bad_cache_alone(demo_project):
    cache = demo_project.folder / "publish" / HASH_CACHE
    cache.parent.mkdir()
    cache.write_text("[1]", "utf-8")
    Publisher(build_plan(demo_project), account=ACCOUNT, project=demo_project, mode="dry_run").run()
    assert cache.read_text("utf-8") == "[1]"


def _full_disk_after(call_id: str, monkeypatch):
    """The journal's atomic write fails with ENOSPC from the save that records ``call_id`` as done."""
    real = journal_module.atomic_write_text
    failed = []

    def write(path, text):
        if failed or json.loads(text)["calls"].get(call_id, {}).get("state") == "done":
            failed.append(path)
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, text)

    monkeypatch.setattr(journal_module, "atomic_write_text", write)
    return failed


def test_a_full_disk_says_what_was_created_and_that_a_rerun_resumes(fake_graph, token, demo_project, monkeypatch):
    plan = build_plan(demo_project)
    failed = _full_disk_after("adset-1", monkeypatch)
    with pytest.raises(JournalWriteError) as err:
        _publisher(fake_graph, token, demo_project, plan).run()
    assert failed
    message = str(err.value)
    campaign, adset = (next(iter(fake_graph.state.objects[k])) for k in ("campaign", "adset"))
    assert "No space left on device" in message and str(failed[0]) in message
    assert f"campaign {campaign}" in message and f"ad set {adset}" in message
    assert "run the same publish again" in message and "nothing is created twice" in message
    monkeypatch.undo()
    result = _publisher(fake_graph, token, demo_project, plan).run()
    assert result.resumed and result.found_after_interruption == ["adset-1"]
    assert counts(fake_graph) == ONE_EACH


def test_a_full_disk_before_anything_was_sent(fake_graph, token, demo_project, monkeypatch):
    def write(path, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_module, "atomic_write_text", write)
    with pytest.raises(JournalWriteError, match="nothing was created in the ad account"):
        _publisher(fake_graph, token, demo_project, build_plan(demo_project)).run()
    assert fake_graph.requests_to(".*", "POST") == []

