"""Publishing a video file: its poster as an ad image, the chunked resumable upload (start,
transfer, finish) journalled per chunk, the wait for processing; interrupted at each phase and
resumed, the account gets exactly one video each time. Against the fake Graph server."""
from __future__ import annotations

import threading

import pytest

from dcstudio.core.lint import lint
from dcstudio.core.model.project_folder import import_video, save_project
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.journal import Journal
from dcstudio.core.platforms.meta.publish.publisher import Publisher
from dcstudio.core.platforms.meta.publish.video_uploads import VideoProcessingFailed, VideoStillProcessing
from dcstudio.core.values.errors import Cancelled
from tests.core.test_publish import ACCOUNT, counts, make_client
from tests.fake_graph.fixtures import *  # noqa: F401,F403
from tests.video_clips import make_clip

ONE_EACH = {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}
CHUNK = 1024


class SimulatedKill(BaseException):
    """Raised after an answer was journalled: what kill -9 leaves between two calls."""


def video_project(project, tmp_path):
    """The demo project as a single-video ad with one 640x640 clip of several chunks."""
    project.set_project_settings(ad_format="SINGLE_VIDEO")
    clip = make_clip(tmp_path / "clip.mp4", width=640, height=640, seconds=2, fps=10)
    project.add_asset("videos", import_video(project, clip))
    save_project(project)
    assert not lint(project).errors, lint(project).errors
    return project


@pytest.fixture
def project(demo_project, tmp_path):
    return video_project(demo_project, tmp_path)


@pytest.fixture
def server(fake_graph):
    fake_graph.state.videos.chunk_size = CHUNK
    return fake_graph


def publisher(server, token, project, **kw) -> Publisher:
    return Publisher(build_plan(project), account=ACCOUNT, client=make_client(server, token), project=project,
                     video_poll=0.01, **kw)


def size_of(project) -> int:
    return (project.folder / project.pools["videos"][0].file).stat().st_size


def test_a_video_is_uploaded_in_chunks_with_its_poster_and_the_creative_names_both(server, token, project):
    steps = []
    result = publisher(server, token, project, step=lambda *a: steps.append(a)).run()
    videos = server.state.videos
    assert server.count("video") == 1 and len(videos.sessions) == 1 and counts(server) == ONE_EACH
    size = size_of(project)
    assert videos.transfers == -(-size // CHUNK) > 2
    (video,) = videos.videos.values()
    assert video["md5"] == __import__("hashlib").md5((project.folder / "assets/clip.mp4").read_bytes()).hexdigest()
    creative = next(iter(server.state.objects["creative"].values()))
    (entry,) = creative["asset_feed_spec"]["videos"]
    assert entry["video_id"] == video["id"] and entry["thumbnail_hash"] in server.state.images
    journal = Journal.load(result.journal_path)
    upload = journal.entry("video-vid1")["upload"]
    assert upload["chunks"][0] == [0, CHUNK] and upload["chunks"][-1][1] == size and upload["phase"] == "processing"
    assert journal.entry("video-vid1")["result"] == {"id": video["id"]}
    assert any("processing" in s[2] for s in steps) and any(s[2].startswith("uploading") for s in steps)


@pytest.mark.parametrize("phase", ["start", "transfer", "finish"])
def test_interrupted_at_each_phase_then_resumed_one_video(server, token, project, phase):
    def kill(call_id):
        if call_id == f"video-vid1:{phase}":
            raise SimulatedKill(call_id)

    with pytest.raises(SimulatedKill):
        publisher(server, token, project, after_answer=kill).run()
    before = server.state.videos.transfers
    result = publisher(server, token, project).run()
    assert result.resumed
    videos = server.state.videos
    assert server.count("video") == 1 and len(videos.sessions) == 1 and counts(server) == ONE_EACH
    # never from byte 0 again: each chunk is taken once
    assert videos.transfers == -(-size_of(project) // CHUNK)
    if phase != "start":
        assert before >= 1


def test_a_start_whose_answer_is_lost_leaves_an_empty_session_and_one_video(server, token, project):
    # The first POST (start) is carried out and its answer lost: the client starts again. The
    # first session never receives a byte, so it never becomes a video.
    server.inject("drop", path="advideos", method="POST", after_processing=True, times=1)
    publisher(server, token, project).run()
    sessions = list(server.state.videos.sessions.values())
    assert len(sessions) == 2 and sorted(len(s["data"]) for s in sessions)[0] == 0
    assert server.count("video") == 1 and counts(server) == ONE_EACH


def test_a_transfer_lost_mid_way_resumes_from_the_offset_the_server_gives(server, token, project):
    # The second chunk arrives and is stored; the answer to the third is lost on the way back.
    # The client sends it again and the server answers with the offsets it expects.
    calls = {"n": 0}
    original = server.state.videos._transfer

    def transfer(session, p, files):
        calls["n"] += 1
        answer = original(session, p, files)
        if calls["n"] == 2:
            server.inject("drop", path="advideos", method="POST", after_processing=True)  # the next is lost
        return answer

    server.state.videos._transfer = transfer
    notes = []
    Publisher(build_plan(project), account=ACCOUNT, client=make_client(server, token, notes), project=project,
              video_poll=0.01, notify=notes.append).run()
    assert any("the server has" in n and "carrying on from there" in n for n in notes), notes
    assert server.count("video") == 1 and len(server.state.videos.sessions) == 1


def test_processing_that_fails_says_so_naming_the_file(server, token, project):
    server.state.videos.fail_processing = "The video file is corrupt"
    with pytest.raises(VideoProcessingFailed, match="clip.mp4: Meta could not process it.*corrupt"):
        publisher(server, token, project).run()
    assert server.count("creative") == 0


def test_a_processing_timeout_then_a_later_run_waits_for_the_same_video(server, token, project):
    server.state.videos.processing_polls = 10 ** 6
    with pytest.raises(VideoStillProcessing, match="still processing.*run the same publish again later"):
        publisher(server, token, project, video_timeout=0.05).run()
    transfers = server.state.videos.transfers
    server.state.videos.processing_polls = 0
    publisher(server, token, project).run()
    assert server.count("video") == 1 and server.state.videos.transfers == transfers
    assert counts(server) == ONE_EACH


def test_cancel_while_processing_stops_and_a_resume_finishes(server, token, project):
    server.state.videos.processing_polls = 10 ** 6
    cancel = threading.Event()

    def step(call_id, kind, state):
        if state.startswith("processing"):
            cancel.set()

    with pytest.raises(Cancelled):
        Publisher(build_plan(project), account=ACCOUNT, client=make_client(server, token), project=project,
                  video_poll=0.01, step=step).run(cancel=cancel)
    server.state.videos.processing_polls = 0
    publisher(server, token, project).run()
    assert server.count("video") == 1 and counts(server) == ONE_EACH


def test_a_video_known_by_id_is_sent_as_before(server, token, demo_project):
    from dcstudio.core.model.assets import VideoAsset

    demo_project.set_project_settings(ad_format="SINGLE_VIDEO")
    demo_project.add_asset("videos", VideoAsset("", video_id="930000000000999", thumbnail_url="https://x.test/t.jpg"))
    plan = build_plan(demo_project)
    assert not [c for c in plan["calls"] if c["kind"] == "video"]
    (creative,) = [c for c in plan["calls"] if c["kind"] == "creative"]
    assert creative["params"]["asset_feed_spec"]["videos"] == [{"video_id": "930000000000999",
                                                                "thumbnail_url": "https://x.test/t.jpg"}]


def test_a_bundle_holds_the_video_and_its_poster_and_publishes_without_the_project(server, token, project, tmp_path):
    import json

    from dcstudio.core.platforms.meta.export.bundle import write_bundle

    out = tmp_path / "bundle"
    write_bundle(project, out, previews=False)
    plan = json.loads((out / "plan.json").read_text())
    assert (out / "videos/clip.mp4").read_bytes() == (project.folder / "assets/clip.mp4").read_bytes()
    assert (out / "images/clip.poster.jpg").is_file()
    feed = json.loads((out / "asset_feed_spec.json").read_text())
    assert feed["videos"][0]["video_id"] == "videos/clip.mp4"
    assert feed["videos"][0]["thumbnail_hash"] == "images/clip.poster.jpg"
    Publisher(plan, account=ACCOUNT, client=make_client(server, token), plan_dir=out, folder=tmp_path / "elsewhere",
              video_poll=0.01).run()
    assert server.count("video") == 1 and counts(server) == ONE_EACH
