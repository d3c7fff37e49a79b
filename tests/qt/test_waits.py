"""The GUI tests' waits all allow the one WAIT_MS of tests/qt/conftest.py: a wait is not a speed
test, and a timeout of a test's own (the 5 s pytest-qt gives unless told) fails on a loaded
machine while the code is right."""
from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

HERE = Path(__file__).parent
WAITS = {"waitUntil", "waitSignal", "waitSignals", "waitCallback", "waitExposed", "waitActive"}


def test_no_gui_test_gives_a_wait_a_timeout_of_its_own():
    found = []
    for path in sorted(HERE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WAITS
                    and any(k.arg == "timeout" for k in node.keywords)):
                found.append(f"{path.name}:{node.lineno} {node.func.attr}(..., timeout=...)")
    assert found == [], "waits with a timeout of their own (drop it; conftest's qtbot allows WAIT_MS):\n" + \
        "\n".join(found)


def test_the_qtbot_of_the_gui_tests_waits_wait_ms(qtbot, wait_ms):
    assert wait_ms >= 30_000
    for name in WAITS:
        assert getattr(qtbot, name).keywords == {"timeout": wait_ms}, name


class _Late(QObject):
    done = Signal()


def test_a_wait_still_returns_as_soon_as_its_condition_holds(qtbot):
    late = _Late()
    QTimer.singleShot(50, late.done.emit)
    with qtbot.waitSignal(late.done):
        pass
    flag = []
    QTimer.singleShot(50, lambda: flag.append(1))
    qtbot.waitUntil(lambda: flag == [1])
