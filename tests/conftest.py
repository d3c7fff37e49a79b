"""Shared fixtures. Qt runs offscreen; nothing here imports Qt (tests/core must run without it)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dcstudio.core.values.resources import demo_project_dir  # noqa: E402


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A writable copy of the bundled demo project folder."""
    dest = tmp_path / "demo"
    shutil.copytree(demo_project_dir(), dest)
    return dest


@pytest.fixture
def demo_project(demo_copy):
    from dcstudio.core.model.project_folder import load_project

    return load_project(demo_copy)


@pytest.fixture(autouse=True)
def user_config_dir(tmp_path_factory, monkeypatch) -> Path:
    """The user's config folder (presets) for this test: never the real one."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("DCSTUDIO_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def user_cache_dir(tmp_path_factory, monkeypatch) -> Path:
    """The user's cache folder (the persistent previews) for this test: never the real one."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("DCSTUDIO_CACHE_DIR", str(folder))
    return folder


# After the last test, pytest's own exit status is the run's verdict. The interpreter's teardown
# that follows (Qt's, DuckDB's and FFmpeg's threads and atexit handlers, in whatever order Python
# collects them) once crashed with a segfault on CI after every test had passed, turning a green
# run red; so the process ends with pytest's status as soon as pytest has said everything.
_EXIT_STATUS: dict[str, int] = {}


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    _EXIT_STATUS["status"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    if "status" in _EXIT_STATUS and not os.environ.get("DCSTUDIO_TEST_NORMAL_EXIT"):
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS["status"])
