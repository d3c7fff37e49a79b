"""Work that waits while a project's first screen of previews is drawn.

On a two-core machine the checks and the pool thumbnails would otherwise take the cores, and
the GIL, from the tile renderers and the GUI thread just when the window is being drawn. They
wait here until the grid says its visible tiles are done, or ``max_ms`` at the most (the grid may
be hidden, or a tile may take long), and then run in the order they came.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QTimer


class FirstScreenGate(QObject):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._closed = False
        self._waiting: dict[Hashable, Callable[[], None]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.open)

    @property
    def is_closed(self) -> bool:
        return self._closed

    def close(self, max_ms: int) -> None:
        self._closed = True
        self._timer.start(max_ms)

    def open(self) -> None:
        self._timer.stop()
        self._closed = False
        waiting, self._waiting = self._waiting, {}
        for run in waiting.values():
            run()

    def defer(self, key: Hashable, run: Callable[[], None]) -> None:
        """Runs ``run`` now, or when the gate opens. A later call with the same key replaces an
        earlier one still waiting: only the newest of a kind runs."""
        if not self._closed:
            run()
            return
        self._waiting.pop(key, None)
        self._waiting[key] = run
