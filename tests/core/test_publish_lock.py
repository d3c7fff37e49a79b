"""One publish at a time per project: an OS lock on publish/publish.lock, held for the whole run,
naming its holder to the run it refuses, and gone with its process (a killed run never blocks)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.lock import LOCK_FILE, PublishLock, PublishLocked
from dcstudio.core.platforms.meta.publish.publisher import Publisher
from tests.core.test_publish import ACCOUNT, counts, make_client
from tests.fake_graph.fixtures import *  # noqa: F401,F403

ROOT = Path(__file__).resolve().parents[2]
# A process that takes the lock as the window would, says so, then waits to be killed.
HOLDER = ("import sys, time; from dcstudio.core.platforms.meta.publish.lock import PublishLock; "
          "PublishLock(sys.argv[1], 'window').acquire(); print('locked', flush=True); time.sleep(60)")


def _holder_process(folder):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_lock_is_refused_naming_the_holder(tmp_path):
    with PublishLock(tmp_path, "cli"), pytest.raises(PublishLocked) as err:
        PublishLock(tmp_path, "window").acquire()
    message = str(err.value)
    assert f"process {os.getpid()} on {socket.gethostname()} from the command line since 20" in message
    assert str(tmp_path / "publish" / LOCK_FILE) in message and "nothing was sent" in message
    with PublishLock(tmp_path, "window"):  # released at the end of the block
        pass


def test_a_lock_held_by_another_process_blocks_until_that_process_is_killed(tmp_path):
    proc = _holder_process(tmp_path)
    try:
        with pytest.raises(PublishLocked, match=f"process {proc.pid} on .* from the studio window"):
            PublishLock(tmp_path, "cli").acquire()
    finally:
        proc.kill()
        proc.wait(timeout=10)
    with PublishLock(tmp_path, "cli"):  # a dead holder blocks nothing, with no clean-up
        assert (tmp_path / "publish" / LOCK_FILE).exists()


def test_a_publish_of_a_locked_project_sends_nothing(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    with PublishLock(demo_project.folder, "window"):
        with pytest.raises(PublishLocked, match="from the studio window"):
            Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
        assert fake_graph.requests_to(".*", "POST") == [] and not list((demo_project.folder / "publish").glob("*.json"))
        Publisher(plan, account=ACCOUNT, project=demo_project, mode="dry_run").run()  # sends nothing: not locked
    Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project).run()
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}


def test_the_lock_is_held_for_the_whole_run(fake_graph, token, demo_project):
    seen = []

    def step(call_id, kind, state):
        try:
            PublishLock(demo_project.folder, "cli").acquire()
            seen.append("free")
        except PublishLocked:
            seen.append("held")

    plan = build_plan(demo_project)
    Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=demo_project, step=step).run()
    assert seen and set(seen) == {"held"}
    with PublishLock(demo_project.folder, "cli"):
        pass


def test_an_unknown_owner_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="owner"):
        PublishLock(tmp_path, "daemon")
