"""Replacing a Low *image* from the Insights panel: the new file is copied into the project on a
worker, lands after the Low one in its pool, the Low one is rejected, the next version is a new ad
set whose plan uploads the new picture and not the rejected one, and it is one undo step.

The demo is published to the fake Graph server (a real HTTP server) and its second image made
clearly weaker there, keyed by the image hash the fake server gave at upload."""
from __future__ import annotations

import json

import pytest
from PIL import Image

from dcstudio.core.insights.judge import LOW
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.platforms.meta.insights.fetch import fetch_insights
from dcstudio.core.platforms.meta.publish.client import GraphClient
from dcstudio.core.platforms.meta.publish.image_uploads import FOLDER, HASH_CACHE
from dcstudio.core.platforms.meta.publish.tokens import session_credentials
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ACCOUNT = "act_777"


@pytest.fixture
def weak_image(memory_keyring, demo_copy, fake_graph, token, monkeypatch):
    """The demo published, its second image far below the others, the insights fetched."""
    from dcstudio.cli import main

    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]) == 0
    monkeypatch.delenv("DCSTUDIO_ACCESS_TOKEN")
    project = load_project(demo_copy)
    weak = project.pools["images"][1]
    hashes = json.loads((demo_copy / FOLDER / HASH_CACHE).read_text())[ACCOUNT]
    fake_graph.insights.rates[hashes[weak.sha256]] = 0.002
    fake_graph.insights.impressions_per_day = 6000
    client = GraphClient(session_credentials(token), api_base=fake_graph.url)
    try:
        fetch_insights(project, client, since="2026-01-01", until="2026-01-21", poll_seconds=0)
    finally:
        client.close()
    return demo_copy, weak.id


def test_a_low_image_is_replaced_by_a_new_file_as_one_undo_step(weak_image, make_window, qtbot, tmp_path):
    folder, weak_id = weak_image
    window = make_window(folder)
    window.insights_dock.show()
    window.insights_dock.raise_()
    panel = window.insights
    qtbot.waitUntil(lambda: panel.judgement is not None)
    labels = {a.label for a in panel.judgement.assets if a.project_id == weak_id and a.version == "current"}
    assert labels == {LOW}, labels

    new_file = tmp_path / "brighter.jpg"
    Image.new("RGB", (1200, 1200), (250, 200, 40)).save(new_file, quality=90)
    project = window.document.project
    before = [a.id for a in project.pools["images"]]
    panel.replace_asset(weak_id, None, image_path=str(new_file))
    qtbot.waitUntil(lambda: panel.last_next_version is not None)

    images = [a.id for a in project.pools["images"]]
    new_id = next(i for i in images if i not in before)
    assert images.index(new_id) == images.index(weak_id) + 1
    new = project.asset(new_id)
    assert (folder / new.file).is_file() and (new.width, new.height) == (1200, 1200)
    assert project.asset(weak_id).approval.state == "rejected"
    assert window.document.undo_stack.count() == 1

    plan = panel.last_next_version.plan
    kinds = [c["kind"] for c in plan["calls"]]
    assert "campaign" not in kinds and kinds.count("adset") == 1
    uploaded = {c["sha256"] for c in plan["calls"] if c["kind"] == "image"}
    assert new.sha256 in uploaded, "the new picture is uploaded by the next version"
    assert project.asset(weak_id).sha256 not in uploaded, "the rejected one is left out"

    window.document.undo_stack.undo()
    assert [a.id for a in project.pools["images"]] == before
    assert project.asset(weak_id).approval.state != "rejected"
