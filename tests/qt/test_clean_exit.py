"""A run of GUI tests ends as its tests did: the interpreter's own exit, after pytest has
reported, does not crash (tests/conftest.py no longer ends the process with os._exit to hide
such a crash). The test that pastes a file copied in a file manager leaves a
QMimeData made in Python on the clipboard; without conftest's empty_clipboard, Qt's exit
handlers delete it after Python has finalized and the process dies with SIGSEGV (exit 139)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASTE = "tests/qt/test_videos_window.py::test_a_video_file_copied_in_a_file_manager_is_pasted"


def test_a_gui_run_that_used_the_clipboard_exits_with_its_own_status(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--basetemp", str(tmp_path / "run"), PASTE], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert "1 passed" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0, f"exit {done.returncode} after the test passed:\n{done.stderr[-2000:]}"
