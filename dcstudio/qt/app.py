"""Starting the studio: pick the project, open the window, optionally take a screenshot and exit."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from dcstudio.core.errors import DcError
from dcstudio.core.project_folder import load_project
from dcstudio.core.resources import demo_project_dir
from dcstudio.qt.main_window import MainWindow
from dcstudio.qt.settings import UiSettings


def choose_project_path(given: str | None, settings: UiSettings) -> Path:
    """The project named on the command line, else the one open last time, else the demo."""
    if given:
        return Path(given)
    last = settings.last_project
    if last and (Path(last) / "dcstudio.json").is_file():
        return Path(last)
    return demo_project_dir()


def run_studio(project: str | None = None, *, screenshot: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("dcstudio")
    app.setOrganizationName("dcstudio")
    settings = UiSettings()
    path = choose_project_path(project, settings)
    try:
        doc = load_project(path)
    except DcError as exc:
        if screenshot or project is None:
            print(f"dcstudio: error: {exc}", file=sys.stderr)
            return 2
        QMessageBox.critical(None, "Cannot open project", str(exc))
        return 2
    window = MainWindow(doc)
    if path.resolve() != demo_project_dir().resolve():
        settings.last_project = str(path.resolve())
        settings.add_recent_project(str(path.resolve()))
    window.show()
    if screenshot:
        def shoot():
            window.grab().save(screenshot)
            print(f"saved {screenshot}")
            app.quit()

        QTimer.singleShot(200, shoot)
    return app.exec()
