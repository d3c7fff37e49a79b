"""Every journal entry is complete when it reaches the disk: a run stopped right after any save
(kill -9, power loss) leaves entries a resume reads correctly, images included."""
from __future__ import annotations

import copy
import json

import pytest

from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.journal import Journal
from dcstudio.core.platforms.meta.publish.publisher import Publisher
from tests.core.test_publish import ACCOUNT, counts, make_client
from tests.core.test_publish_resume import SimulatedKill
from tests.fake_graph.fixtures import *  # noqa: F401,F403

MADE = {"campaign", "adset-1", "creative-1", "ad-1"}


def _with_twin(plan: dict) -> dict:
    """The plan with a second image call for the first image's file: the same bytes, uploaded once."""
    image = next(c for c in plan["calls"] if c["kind"] == "image")
    plan["calls"].insert(plan["calls"].index(image) + 1, dict(image, id="image-twin", params={"name": "twin.jpg"}))
    return plan


def _seed_image_hashes(fake_graph, token, project, plan):
    """An earlier, different publish to the same account: its image hashes are then reused."""
    other = copy.deepcopy(plan)
    other["calls"][0]["params"]["name"] += " (earlier)"
    Publisher(other, account=ACCOUNT, client=make_client(fake_graph, token), project=project).run()


def _stop_after_first(state_prefix: str, call_ids: list[str] | None = None):
    """A step callback that stops the run the first time an image reaches ``state_prefix``.
    ``step`` is called right after the image's result was saved to the journal."""
    stopped: list[str] = []

    def step(call_id, kind, state):
        if kind == "image" and state.startswith(state_prefix) and (call_ids is None or call_id in call_ids):
            stopped.append(call_id)
            raise SimulatedKill(call_id)

    return step, stopped


@pytest.mark.parametrize("how", ["reused", "same bytes"])
def test_a_stop_right_after_an_image_result_is_saved_leaves_a_complete_entry(fake_graph, token, demo_project, how):
    plan = build_plan(demo_project)
    if how == "reused":
        _seed_image_hashes(fake_graph, token, demo_project, plan)
        step, stopped = _stop_after_first("reused")
    else:
        plan = _with_twin(plan)
        step, stopped = _stop_after_first("uploaded", ["image-twin"])
    first = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project, step=step)
    with pytest.raises(SimulatedKill):
        first.run()

    on_disk = Journal.load(first.journal.path)  # what a resume reads: the disk, not the dead run's memory
    entry = on_disk.entry(stopped[0])
    assert entry["state"] == "done" and entry["kind"] == "image" and entry["name"]
    assert {c["call"] for c in on_disk.created()} == {"campaign", "adset-1"}  # no image among them

    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert result.resumed and result.publish_id == on_disk.publish_id
    assert {e["call"] for e in result.created} == MADE  # images are not listed as created ad objects
    assert all(e["kind"] != "image" and e["name"] for e in result.created)
    final = Journal.load(first.journal.path)
    assert final.state == "done"
    assert all(e["kind"] for e in final.data["calls"].values())


def test_a_journal_written_without_image_kinds_is_repaired_on_resume(fake_graph, token, demo_project):
    # Journals written before entries were saved complete may hold done image entries without
    # a kind: the resume fills it in from the plan instead of listing images as created objects.
    plan = build_plan(demo_project)
    _seed_image_hashes(fake_graph, token, demo_project, plan)
    step, stopped = _stop_after_first("reused")
    first = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project, step=step)
    with pytest.raises(SimulatedKill):
        first.run()
    data = json.loads(first.journal.path.read_text("utf-8"))
    for entry in data["calls"].values():
        if "hash" in entry.get("result", {}):
            entry.pop("kind", None)
            entry.pop("name", None)
    first.journal.path.write_text(json.dumps(data), "utf-8")

    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert result.resumed and {e["call"] for e in result.created} == MADE
    assert Journal.load(first.journal.path).entry(stopped[0])["kind"] == "image"
    assert counts(fake_graph) == {"campaign": 2, "adset": 2, "creative": 2, "ad": 2}  # the earlier one and this


def test_the_journal_refuses_a_first_entry_without_its_kind(tmp_path):
    journal = Journal.create(tmp_path, account="act_1", project="p", fingerprint="f", api_version="v25.0")
    with pytest.raises(ValueError, match="kind"):
        journal.record_result("image-x", {"hash": "abc"})
    assert journal.entry("image-x") is None
    journal.record_result("image-x", {"hash": "abc"}, kind="image", name="x.jpg")
    assert Journal.load(journal.path).entry("image-x")["kind"] == "image"



def test_journals_started_within_one_second_keep_their_order(tmp_path):
    made = [Journal.create(tmp_path, account="act_1", project="p", fingerprint="f", api_version="v25.0")
            for _ in range(12)]
    assert [j.publish_id for j in Journal.all_in(tmp_path)] == [j.publish_id for j in made]
    assert Journal.latest_for(tmp_path, "act_1", "f").publish_id == made[-1].publish_id
