"""Smoke test on a real X server (run by .ci/run under xvfb-run, at QT_SCALE_FACTOR 1 and 1.5):
the studio opens the demo with the whole window on the screen, and a geometry saved on a monitor
that is gone comes back onto this one.

    xvfb-run -a -s "-screen 0 1366x768x24" python tests/smoke/window_on_screen.py [--screenshot FILE]

Exits 0 when every check holds, 1 with the failed checks otherwise. ``--screenshot`` saves the
whole screen (the window as a user sees it on that screen) once the previews are drawn.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect


def on_screen(window, what: str) -> list[str]:
    frame, room = window.frameGeometry(), window.screen().availableGeometry()
    if room.contains(frame):
        return []
    return [f"{what}: the window {frame.getRect()} is not inside the screen's free area {room.getRect()}"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--screenshot", metavar="FILE")
    args = parser.parse_args(argv)
    if os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        print("window_on_screen: needs the xcb platform (a real X server such as Xvfb)", file=sys.stderr)
        return 2
    from dcstudio.qt.app import make_application, open_window, wait_until_ready
    from dcstudio.qt.settings import UiSettings

    app = make_application()
    if app.platformName() != "xcb":
        print(f"window_on_screen: runs on xcb, not {app.platformName()}", file=sys.stderr)
        return 2
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        state.mkdir()
        settings = UiSettings.at(Path(tmp) / "settings.ini")  # a first start: nothing remembered
        window = open_window(None, settings, state)
        window.show()
        ready = wait_until_ready(window)
        screen = window.screen()
        print(f"screen {screen.geometry().getRect()} free {screen.availableGeometry().getRect()} "
              f"scale {screen.devicePixelRatio()}; window {window.frameGeometry().getRect()}, "
              f"at least {window.minimumSizeHint().width()}x{window.minimumSizeHint().height()}")
        if not ready:
            problems.append("the previews, checks and thumbnails were not ready in time")
        problems += on_screen(window, "first start")
        for name in ("statusBar", "lint_panel"):
            widget = getattr(window, name)() if name == "statusBar" else getattr(window, name)
            corner = widget.mapToGlobal(widget.rect().bottomRight())
            if widget.isVisible() and not widget.visibleRegion().isEmpty() \
                    and not screen.availableGeometry().contains(corner):
                problems.append(f"first start: the {name} ends at {corner.toTuple()}, off the screen")
        if args.screenshot and not screen.grabWindow(0).save(args.screenshot):
            problems.append(f"cannot write {args.screenshot}")
        # A monitor at the right that is gone now: its saved place and size come onto this screen.
        window.setGeometry(QRect(screen.geometry().right() + 400, 200, 1800, 1000))
        gone = window.saveGeometry()
        window.document.undo_stack.setClean()
        window.close()
        settings.window_geometry = gone  # over what closing saved (the window manager may have moved it)
        settings.sync()
        again = open_window(None, UiSettings.at(Path(tmp) / "settings.ini"), state)
        again.show()
        wait_until_ready(again)
        problems += on_screen(again, "restored from a monitor that is gone")
        again.document.undo_stack.setClean()
        again.close()
    for problem in problems:
        print(f"window_on_screen: {problem}", file=sys.stderr)
    print("window_on_screen: " + ("FAILED" if problems else "the whole window is on the screen"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
