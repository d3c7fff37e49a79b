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
