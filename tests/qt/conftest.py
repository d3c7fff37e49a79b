"""GUI fixtures: settings and autosaves in a temporary folder, the window on a copy of the demo."""
from __future__ import annotations

from functools import partial

import pytest

pytest.importorskip("PySide6")

# How long a GUI test waits for work to finish (a render, an import, a worker's answer). A wait
# is not a speed test: a shared, loaded machine may take this long, and a passing test returns
# as soon as its condition holds. Speed is measured by benchmarks/, never here.
WAIT_MS = 30_000
# The waits of pytest-qt's qtbot; each takes timeout= (5 s unless told otherwise).
QTBOT_WAITS = ("waitUntil", "waitSignal", "waitSignals", "waitCallback", "waitExposed", "waitActive")


@pytest.fixture
def qtbot(qtbot):
    """pytest-qt's qtbot whose waits allow WAIT_MS: tests call ``qtbot.waitUntil(condition)``
    and ``qtbot.waitSignal(signal)`` without a timeout of their own
    (tests/qt/test_waits.py holds them to it)."""
    for name in QTBOT_WAITS:
        setattr(qtbot, name, partial(getattr(qtbot, name), timeout=WAIT_MS))
    return qtbot


@pytest.fixture
def wait_ms():
    """WAIT_MS, for a wait that is not qtbot's (a loop of its own)."""
    return WAIT_MS


@pytest.fixture(scope="session", autouse=True)
def bundled_ui_font(qapp):
    """The application font the studio sets at start-up (dcstudio.qt.app.make_application), so
    layouts measured here do not depend on the machine's fonts."""
    from dcstudio.qt.ui_font import use_bundled_ui_font

    return use_bundled_ui_font(qapp)


@pytest.fixture(autouse=True)
def empty_clipboard(qapp):
    """Each test leaves the clipboard empty. A QMimeData made in Python and left on the clipboard
    is deleted by Qt's own exit handlers after the interpreter has finalized, and PySide's wrapper
    cleanup then touches Python and segfaults: every test had passed, the run still ended 139
    (test_clean_exit.py)."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()


@pytest.fixture
def ui_settings(tmp_path):
    from dcstudio.qt.settings import UiSettings

    return UiSettings.at(tmp_path / "ui-settings.ini")


@pytest.fixture
def state_dir(tmp_path):
    path = tmp_path / "state"
    path.mkdir()
    return path


@pytest.fixture
def make_window(qtbot, ui_settings, state_dir):
    """Opens windows on project folders; closes them (dropping unsaved work) at the end."""
    from dcstudio.qt.document import open_document
    from dcstudio.qt.main_window import MainWindow

    windows = []

    def make(folder, **options):
        window = MainWindow(open_document(folder, state_dir / "scratch"), settings=ui_settings,
                            state_dir=state_dir, **options)
        window.show()  # not qtbot.addWidget: it would close before unsaved work is dropped below
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.document is not None:
            window.document.undo_stack.setClean()
            window.document._dirty_without_history = False
        window.close()
        window.deleteLater()


@pytest.fixture
def window(make_window, demo_copy, qtbot):
    w = make_window(demo_copy)
    qtbot.waitUntil(lambda: w.lint_runner.report is not None)
    return w


@pytest.fixture
def open_crop_dialog(window, qtbot):
    """Opens the crop dialog of one of the window's images, shown and with its picture loaded."""
    from dcstudio.qt.crop_dialog import CropDialog

    def open_(asset_id: str = "img1"):
        project = window.document.project
        dialog = CropDialog(project, project.asset(asset_id), window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.canvas.image is not None)
        return dialog

    return open_


@pytest.fixture
def write_image():
    """Writes a plain picture file and returns its path."""
    from PIL import Image

    def write(path, size=(800, 600), color=(200, 60, 40)):
        Image.new("RGB", size, color).save(path)
        return path

    return write


@pytest.fixture(autouse=True)
def no_unexpected_questions(monkeypatch):
    """A modal question nobody answers would hang the run: fail instead, naming it."""
    from dcstudio.qt import file_dialogs

    def unexpected(name):
        def ask(cls, *args, **kwargs):
            raise AssertionError(f"unexpected dialog: {name}")
        return classmethod(ask)

    for name in ("UnsavedChangesDialog", "RecoveryDialog", "OpenProjectDialog", "ProjectFolderDialog"):
        monkeypatch.setattr(getattr(file_dialogs, name), "ask", unexpected(name))
