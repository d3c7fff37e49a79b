"""Starting the studio: pick the project, open the window, optionally take a screenshot and exit."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtWidgets import QApplication

from dcstudio.core.values.errors import DcError
from dcstudio.core.values.resources import demo_project_dir
from dcstudio.qt.autosave import default_state_dir, pending_recoveries
from dcstudio.qt.document import open_document, prune_scratch
from dcstudio.qt.main_window import MainWindow
from dcstudio.qt.settings import UiSettings
from dcstudio.qt.ui_font import use_bundled_ui_font

SCREENSHOT_TIMEOUT_S = 30


def choose_project_path(given: str | None, settings: UiSettings) -> Path:
    """The project named on the command line, else the one open last time, else the demo."""
    if given:
        return Path(given)
    last = settings.last_project
    if last and (Path(last) / "dcstudio.json").is_file():
        return Path(last)
    return demo_project_dir()


def open_window(project: str | None, settings: UiSettings, state_dir: Path, **window_options) -> MainWindow:
    """The window on the chosen project; a project that cannot be opened shows why, over the demo."""
    path = choose_project_path(project, settings)
    problem = None
    try:
        document = open_document(path, state_dir / "scratch")
    except DcError as exc:
        problem = f"Cannot open the project: {exc}. Showing the demo project instead."
        document = open_document(demo_project_dir(), state_dir / "scratch")
    window = MainWindow(document, settings=settings, state_dir=state_dir, **window_options)
    if problem:
        window.show_problem(problem)
    return window


def wait_until_ready(window: MainWindow, timeout_s: float = SCREENSHOT_TIMEOUT_S) -> bool:
    """Spins the event loop until the visible tiles are drawn, and the checks and thumbnails
    (which wait for the tiles) are in."""
    app = QApplication.instance()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if (not window.products.busy and window.grid.visible_tiles_done() and window.lint_runner.report is not None
                and window.pools.thumbnails_done()):
            app.processEvents()
            return True
        time.sleep(0.01)
    return False


def make_application() -> QApplication:
    """The studio's QApplication, with its names and the bundled UI font (so the window is laid
    out alike on every machine)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("dcstudio")
    app.setOrganizationName("dcstudio")
    app.setApplicationDisplayName("dcstudio")
    use_bundled_ui_font(app)
    return app


def run_studio(project: str | None = None, *, screenshot: str | None = None) -> int:
    app = make_application()
    if screenshot:
        # A screenshot is a picture of the product, not of this user's preferences.
        settings = UiSettings.at(Path(default_state_dir()) / "screenshot-settings.ini")
        settings.clear_recent_projects()
        settings.window_geometry = QByteArray()
        settings.window_state = QByteArray()
    else:
        settings = UiSettings()
    state_dir = default_state_dir()
    prune_scratch(state_dir / "scratch", keep=[r.folder for r in pending_recoveries(state_dir)])
    if screenshot and project is not None and not Path(project).exists():
        print(f"dcstudio: error: {project}: no such project folder", file=sys.stderr)
        return 2
    # On the offscreen platform there is no screen to fit: a screenshot shows the window at its first
    # size on a screen with room for it.
    offscreen = screenshot and QApplication.platformName() == "offscreen"
    window = open_window(project if project else (None if not screenshot else str(demo_project_dir())),
                         settings, state_dir, **({"fit_screen": False} if offscreen else {}))
    window.show()
    if screenshot:
        ready = wait_until_ready(window)
        if not window.grab().save(screenshot):
            print(f"dcstudio: error: cannot write {screenshot}", file=sys.stderr)
            return 2
        print(f"saved {screenshot}" + ("" if ready else " (some previews were still rendering)"))
        window.document.undo_stack.setClean()
        window.close()
        return 0
    QTimer.singleShot(0, window.offer_recovery)
    return app.exec()
