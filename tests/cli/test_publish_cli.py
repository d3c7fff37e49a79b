"""`dcstudio publish` and `dcstudio token` against the fake Graph API, in process and as a real
subprocess killed with SIGKILL mid-publish."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dcstudio.cli import main
from dcstudio.core.platforms.meta.publish.journal import Journal
from tests.fake_graph.fixtures import *  # noqa: F401,F403
from tests.fake_graph.fixtures import random_token

ACCOUNT = "act_777"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def stdin(monkeypatch):
    def feed(text: str):
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    return feed


def counts(server):
    return {k: server.count(k) for k in ("campaign", "adset", "creative", "ad")}


def test_token_set_reads_stdin_check_and_delete(memory_keyring, fake_graph, token, stdin, capsys):
    stdin(token + "\n")
    assert main(["token", "set", "--profile", "shop"]) == 0
    assert memory_keyring.entries[("dcstudio", "shop:access_token")] == token
    assert main(["token", "check", "--profile", "shop", "--api-base", fake_graph.url]) == 0
    assert main(["token", "delete", "--profile", "shop"]) == 0
    out, err = capsys.readouterr()
    assert f"…{token[-4:]}" in out and "works" in out and "Test User" in out and "deleted access token" in out
    assert token not in out + err
    assert memory_keyring.entries == {}


def test_token_on_the_command_line_is_refused_without_echoing_it(memory_keyring, token, capsys):
    assert main(["token", "set", "--profile", "shop", token]) == 2
    out, err = capsys.readouterr()
    assert "read from stdin, never from the command line" in err and token not in out + err
    assert memory_keyring.entries == {}


def test_token_check_reports_an_invalid_or_expired_token(memory_keyring, fake_graph, stdin, capsys):
    bad = random_token()
    stdin(bad)
    main(["token", "set"])
    assert main(["token", "check", "--api-base", fake_graph.url]) == 1
    fake_graph.valid_tokens.add(bad)
    fake_graph.expired_tokens.add(bad)
    fake_graph.valid_tokens.discard(bad)
    assert main(["token", "check", "--api-base", fake_graph.url]) == 1
    out, err = capsys.readouterr()
    assert "not accepted" in err and "Session has expired" in err and bad not in out + err


def test_absent_token_and_no_keyring_backend(no_keyring, demo_copy, fake_graph, capsys, stdin):
    stdin("")
    assert main(["token", "set"]) == 2
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]) == 2
    err = capsys.readouterr().err
    assert "no keyring backend" in err and "DCSTUDIO_ACCESS_TOKEN" in err
    assert fake_graph.log == []


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_no_keyring_backend_at_a_terminal_offers_a_session_token(no_keyring, demo_copy, fake_graph, token,
                                                                 monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", _Terminal(""))
    prompts = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or token)
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]) == 0
    assert "for this session only" in prompts[0]
    assert counts(fake_graph)["ad"] == 1
    out, err = capsys.readouterr()
    assert "no keyring backend" in err and token not in out + err


def test_missing_token_in_the_keyring(memory_keyring, demo_copy, fake_graph, capsys):
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]) == 2
    assert "dcstudio token set --profile default" in capsys.readouterr().err


def test_dry_run_and_unconfirmed_runs_send_nothing(memory_keyring, demo_copy, fake_graph, capsys, stdin):
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--dry-run", "--api-base", fake_graph.url]) == 0
    stdin("")
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--api-base", fake_graph.url]) == 2
    out, err = capsys.readouterr()
    assert "POST act_777/campaigns" in out and "dry run: nothing was sent" in out
    assert "add --yes to send the 9 calls" in err
    assert fake_graph.log == []


def test_publish_with_yes_then_again_is_already_done(memory_keyring, demo_copy, fake_graph, token, stdin, capsys):
    stdin(token)
    main(["token", "set"])
    args = ["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]
    assert main(args) == 0
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}
    assert "published to act_777" in out and "already published" in out
    assert "drift: none" in out and "review: ad-1" in out and "rate-limit usage" in out
    assert "[9/9] ad ad-1: created" in err
    assert token not in out + err


def test_validate_only(memory_keyring, demo_copy, fake_graph, token, monkeypatch, capsys):
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--validate-only",
                 "--api-base", fake_graph.url]) == 0
    out = capsys.readouterr().out
    assert "campaign: ok" in out and "creative-1: ok" in out and "adset-1: skipped" in out
    assert counts(fake_graph) == {"campaign": 0, "adset": 0, "creative": 0, "ad": 0}


def test_a_refused_call_exits_1_naming_the_asset(memory_keyring, demo_copy, fake_graph, token, monkeypatch, capsys):
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    fake_graph.inject("validation", path="adcreatives", user_msg="Too long",
                      blame=[["asset_feed_spec", "titles", 0, "text"]])
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]) == 1
    err = capsys.readouterr().err
    assert "Too long" in err and "-> titles asset title1" in err and "already created" in err


def test_plan_file_from_an_export_bundle(memory_keyring, demo_copy, fake_graph, token, monkeypatch, tmp_path):
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    from dcstudio.core.model.project_folder import load_project
    from dcstudio.core.platforms.meta.export.plan_builder import build_plan
    from dcstudio.core.platforms.meta.export.upload_images import prepare_upload_images

    project = load_project(demo_copy)
    bundle = tmp_path / "bundle"
    prepare_upload_images(project, bundle / "images")
    (bundle / "plan.json").write_text(json.dumps(build_plan(project)))
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--plan", str(bundle / "plan.json"),
                 "--api-base", fake_graph.url]) == 0
    assert fake_graph.state.uploads == 5


def test_bad_account_and_api_base_are_usage_errors(memory_keyring, demo_copy, capsys):
    assert main(["publish", str(demo_copy), "--account", "12ab", "--dry-run"]) == 2
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", "http://example.com"]) == 2
    err = capsys.readouterr().err
    assert "act_<digits>" in err and "plain http is allowed only to this machine" in err


def test_a_token_given_as_the_account_is_not_echoed(memory_keyring, demo_copy, token, capsys):
    assert main(["publish", str(demo_copy), "--account", token, "--dry-run"]) == 2
    out, err = capsys.readouterr()
    assert "is not an ad account id" in err and f"({len(token)} characters)" in err
    assert token not in out + err and token[:12] not in out + err


def _publish_process(folder, server, token):
    env = {**os.environ, "DCSTUDIO_ACCESS_TOKEN": token, "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}  # never the machine's keyring
    return subprocess.Popen([sys.executable, "-m", "dcstudio", "publish", str(folder), "--account", ACCOUNT,
                             "--yes", "--api-base", server.url], env=env, cwd=str(folder),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_9_mid_publish_then_resume_without_duplicates(demo_copy, fake_graph, token):
    # The server makes the creative, then holds its answer: the process is killed before it
    # can journal the creative's id.
    fake_graph.inject("slow", path="adcreatives", method="POST", seconds=3, after_processing=True)
    proc = _publish_process(demo_copy, fake_graph, token)
    deadline = time.monotonic() + 30
    while fake_graph.count("creative") == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert fake_graph.count("creative") == 1, proc.communicate()
    proc.send_signal(signal.SIGKILL)
    out1, err1 = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    journal = Journal.all_in(demo_copy)[0]
    assert journal.entry("creative-1")["state"] == "sent" and journal.state == "running"
    proc = _publish_process(demo_copy, fake_graph, token)
    out2, err2 = proc.communicate(timeout=60)
    assert proc.returncode == 0, err2
    assert "resuming publish" in err2 and "found (created before the interruption)" in err2
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}
    for text in (out1, err1, out2, err2):
        assert token not in text
    for path in demo_copy.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes()


@pytest.mark.parametrize("content", ['{"x": 1}', "[1, 2]",
                                     '{"plan_version": 1, "calls": [{"id": "c", "kind": "campaign"}]}',
                                     '{"plan_version": 1, "calls": [{"id": "c", "kind": "campaign", '
                                     '"path": "act_{ad_account_id}/campaigns", "params": {"x": "{ad-1.id}"}}]}'])
def test_a_plan_file_of_the_wrong_shape_exits_2_naming_the_file(demo_copy, tmp_path, capsys, content):
    plan = tmp_path / "plan.json"
    plan.write_text(content)
    assert main(["publish", str(demo_copy), "--account", "act_1", "--plan", str(plan), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dcstudio: error: ") and str(plan) in err


def test_a_project_with_lint_errors_is_not_published_unless_forced(memory_keyring, demo_copy, fake_graph, token,
                                                                   monkeypatch, capsys):
    from dcstudio.core.model.assets import TextAsset
    from dcstudio.core.model.project_folder import load_project, save_project

    project = load_project(demo_copy)
    project.add_asset("titles", TextAsset("", project.pools["titles"][0].text))  # a duplicate: error 1815629
    save_project(project)
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    args = ["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "lint error" in err and "--force" in err and "dupl" in err.lower()
    assert fake_graph.log == []
    assert main(args + ["--force"]) == 0
    assert counts(fake_graph)["ad"] == 1


class _ClosedTerminal(io.StringIO):
    def isatty(self):
        return True


def _eof(*args, **kwargs):
    raise EOFError


def test_ctrl_d_at_a_prompt_is_a_no_not_a_traceback(memory_keyring, demo_copy, fake_graph, token, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", _ClosedTerminal())
    monkeypatch.setattr("builtins.input", _eof)
    monkeypatch.setattr("getpass.getpass", _eof)
    assert main(["token", "set"]) == 2
    assert "the access token is empty" in capsys.readouterr().err
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--brief", "--api-base", fake_graph.url]) == 2
    assert "nothing was sent" in capsys.readouterr().err
    assert fake_graph.log == []


def test_a_bad_profile_name_is_refused_before_the_token_is_asked_for(memory_keyring, stdin, capsys):
    stdin("")
    for action in ("set", "check", "delete"):
        assert main(["token", action, "--profile", "bad name"]) == 2
        assert "--profile 'bad name'" in capsys.readouterr().err


def test_a_lookup_that_cannot_be_complete_stops_with_exit_1_then_lookup_limit_0_finishes(
        memory_keyring, demo_copy, fake_graph, token, monkeypatch, capsys):
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    fake_graph.state.add_existing("creative", ACCOUNT.removeprefix("act_"), (f"old {i}" for i in range(250)))
    fake_graph.inject("drop", path="adcreatives", method="POST", after_processing=True)  # the answer is lost
    args = ["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]
    assert main(args + ["--lookup-limit", "100"]) == 1
    err = capsys.readouterr().err
    assert "publish stopped" in err and "creative 'creative-1' may already exist" in err
    assert "--lookup-limit 0" in err and "Traceback" not in err and token not in err
    assert fake_graph.count("creative") == 251 and fake_graph.count("ad") == 0
    assert main(args + ["--lookup-limit", "-5"]) == 2
    assert "--lookup-limit takes a number" in capsys.readouterr().err
    assert main(args + ["--lookup-limit", "0"]) == 0
    out, err = capsys.readouterr()
    assert "found (created before the interruption)" in err and "published to act_777" in out
    assert fake_graph.count("creative") == 251 and fake_graph.count("ad") == 1


def test_two_publishes_of_one_project_at_once_make_one_set_of_objects(demo_copy, fake_graph, token):
    # Without the lock both runs found no journal and both built the campaign (12 of 14 trials).
    # The first campaign create is held a while, so the two runs overlap for sure.
    fake_graph.inject("slow", path="campaigns", method="POST", seconds=4)
    procs = [_publish_process(demo_copy, fake_graph, token) for _ in range(2)]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=90)
        outcomes.append((proc.pid, proc.returncode, out, err))
    winners = [o for o in outcomes if o[1] == 0]
    losers = [o for o in outcomes if o[1] != 0]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert "published to act_777" in winners[0][2]
    pid, code, out, err = losers[0]
    assert code == 2 and "another publish of this project is running" in err, err
    assert f"process {winners[0][0]} on " in err and "from the command line since " in err
    assert "published" not in out and "Traceback" not in err
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}
    assert len(fake_graph.requests_to("campaigns", "POST")) == 1
    journals = Journal.all_in(demo_copy)
    assert len(journals) == 1 and journals[0].state == "done"


def test_a_full_disk_says_what_was_created_and_that_the_same_command_resumes(memory_keyring, demo_copy, fake_graph,
                                                                             token, monkeypatch, capsys):
    import errno

    from dcstudio.core.platforms.meta.publish import journal as journal_module

    real = journal_module.atomic_write_text

    def write(path, text):  # the disk fills up right after the ad set was created
        if json.loads(text)["calls"].get("adset-1", {}).get("state") == "done":
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, text)

    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    args = ["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--api-base", fake_graph.url]
    with monkeypatch.context() as full:
        full.setattr(journal_module, "atomic_write_text", write)
        assert main(args) == 1
    err = capsys.readouterr().err
    adset = next(iter(fake_graph.state.objects["adset"]))
    assert "publish stopped" in err and "No space left on device" in err and f"ad set {adset}" in err
    assert "run the same publish again" in err and "Traceback" not in err
    assert main(args) == 0
    assert "found (created before the interruption)" in capsys.readouterr().err
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}


def test_token_check_offline_says_it_cannot_reach_the_graph_api_and_keeps_the_token(memory_keyring, token, stdin,
                                                                                   capsys):
    import socket

    with socket.socket() as sock:  # a port where nothing listens: the connection is refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    stdin(token + "\n")
    assert main(["token", "set", "--profile", "shop"]) == 0
    assert main(["token", "check", "--profile", "shop", "--api-base", f"http://127.0.0.1:{port}"]) == 1
    out, err = capsys.readouterr()
    assert "cannot reach the Graph API (offline?)" in err and "not accepted" not in err and "is kept" in err
    assert memory_keyring.entries[("dcstudio", "shop:access_token")] == token
    assert token not in out + err


def test_kill_9_mid_video_upload_then_resume_from_the_servers_offset_one_video(demo_copy, fake_graph, token, tmp_path):
    from dcstudio.core.model.project_folder import import_video, load_project, save_project
    from tests.video_clips import make_clip

    project = load_project(demo_copy)
    project.set_project_settings(ad_format="SINGLE_VIDEO")
    project.add_asset("videos", import_video(project, make_clip(tmp_path / "clip.mp4", width=640, height=640)))
    save_project(project)
    videos = fake_graph.state.videos
    videos.chunk_size, videos.processing_polls = 1024, 0
    chunks = -(-(demo_copy / project.pools["videos"][0].file).stat().st_size // 1024)
    taken = videos._transfer

    def transfer(session, p, files):  # the third chunk is stored, and its answer held back
        answer = taken(session, p, files)
        if videos.transfers == 3:
            fake_graph.inject("slow", path="advideos", method="POST", seconds=30, after_processing=True)
        return answer

    videos._transfer = transfer
    proc = _publish_process(demo_copy, fake_graph, token)
    deadline = time.monotonic() + 60
    while videos.transfers < 4 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert videos.transfers == 4, proc.communicate()  # the fourth chunk is stored, its answer never comes
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    upload = Journal.all_in(demo_copy)[0].entry("video-vid1")["upload"]
    assert upload["phase"] == "transfer" and upload["start_offset"] == 3 * 1024  # the journal knows 3 chunks
    fake_graph.faults.clear()
    proc = _publish_process(demo_copy, fake_graph, token)
    out, err = proc.communicate(timeout=90)
    assert proc.returncode == 0, err
    assert "carrying on from there" in err and "resuming publish" in err
    assert fake_graph.count("video") == 1 and len(videos.sessions) == 1
    assert videos.transfers == chunks  # every chunk taken once: never from byte 0 again
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}
