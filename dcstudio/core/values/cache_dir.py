"""The user's cache folder: ``DCSTUDIO_CACHE_DIR`` when set (tests, portable set-ups), else
platformdirs' user cache folder for dcstudio. Everything in it can be deleted at any time."""
from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR_ENV = "DCSTUDIO_CACHE_DIR"


def user_cache_root() -> Path:
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    import platformdirs  # loaded on first use: opening the window does not wait for it

    return Path(platformdirs.user_cache_dir("dcstudio"))
