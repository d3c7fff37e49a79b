"""A dock's content made the first time its dock is brought into view.

A panel behind a dock tab that nobody has opened yet costs nothing at start-up: the window's
first screen comes sooner, and the panel is made, complete, as its tab is chosen, before it is
painted.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDockWidget, QVBoxLayout, QWidget


class LazyPanel(QWidget):
    def __init__(self, make: Callable[[], QWidget], parent=None):
        super().__init__(parent)
        self._make = make
        self._content: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self._content is not None

    @property
    def content(self) -> QWidget:
        """The panel itself, made now if it has not been yet."""
        if self._content is None:
            self._content = self._make()
            self.layout().addWidget(self._content)
            self._content.show()  # now, not on the layout's queued show: no frame without it
        return self._content

    def make_when_shown(self, dock: QDockWidget) -> None:
        # visibilityChanged, not showEvent: a dock behind another's tab counts as shown to Qt,
        # and the signal is what tells that its tab was chosen.
        dock.visibilityChanged.connect(self._on_visibility)
        if dock.isVisible() and not dock.visibleRegion().isEmpty():
            self.content  # noqa: B018

    def _on_visibility(self, visible: bool) -> None:
        if visible:
            self.content  # noqa: B018
