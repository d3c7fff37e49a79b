"""A "Pick…" button beside an id field: lists what the stored token can pick from (its Pages, a
Page's Instagram accounts or lead forms) and puts the chosen id in the field.

The token and the look-up stay on a worker thread; the GUI thread only shows the list. Offline,
the typed id stays and the line under the field says the Graph API cannot be reached.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QWidget

from dcstudio.core.platforms.meta.publish.accounts import Named
from dcstudio.core.platforms.meta.publish.client import DEFAULT_API_BASE, LOOKUP_WAIT, GraphClient
from dcstudio.core.platforms.meta.publish.graph_errors import UNREACHABLE, GraphUnreachable, scrub
from dcstudio.core.platforms.meta.publish.tokens import DEFAULT_PROFILE, load_credentials
from dcstudio.core.values.errors import Cancelled, DcError
from dcstudio.qt.workers import Worker


class LookupPlace:
    """Where the look-ups of one form go: the Graph API (a test's fake server) and its worker."""

    def __init__(self, parent: QWidget, api_base: str = DEFAULT_API_BASE, profile: str = DEFAULT_PROFILE):
        self.api_base, self.profile = api_base, profile
        self.max_wait = LOOKUP_WAIT  # seconds a look-up may take in all, retries included
        self.api_version: Callable[[], str] | None = None
        self.worker = Worker(threads=1, parent=parent)
        self.pickers: list[IdPicker] = []

    def shutdown(self) -> None:
        """Ends the look-ups under way (their calls are abandoned) and the worker."""
        for picker in self.pickers:
            picker.cancel()
        self.worker.shutdown()


class IdPicker(QWidget):
    """The button and its status line. ``look_up(client)`` runs on the worker and returns the
    Named records; ``picked`` carries the one chosen."""

    picked = Signal(object)  # Named

    def __init__(self, place: LookupPlace, look_up: Callable[[GraphClient], list[Named]], what: str,
                 parent=None):
        super().__init__(parent)
        self.place, self.look_up, self.what = place, look_up, what
        self.button = QPushButton("Pick…")
        self.button.setToolTip(f"List the {what} your stored token can use")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        self.menu: QMenu | None = None
        self._cancel: threading.Event | None = None
        self.button.clicked.connect(self.start)
        place.pickers.append(self)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def say(self, text: str, problem: bool = False) -> None:
        self.status.setStyleSheet("color: #b3261e" if problem else "color: palette(mid)")
        self.status.setText(scrub(text))
        self.status.setHidden(not text)

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def start(self) -> None:
        if self._cancel is not None:  # the button reads Cancel meanwhile
            self.cancel()
            return
        cancel = self._cancel = threading.Event()
        place, look_up = self.place, self.look_up
        api_version = place.api_version() if place.api_version else None

        def run():
            credentials = load_credentials(place.profile)
            options = {"api_base": place.api_base, "cancel": cancel, "max_wait": place.max_wait}
            if api_version:
                options["api_version"] = api_version
            client = GraphClient.for_lookup(credentials, **options)
            try:
                return look_up(client)
            finally:
                client.close()

        self.button.setText("Cancel")
        self.say(f"looking up the {self.what}…")
        place.worker.submit(run, self._done)

    def _done(self, found, error) -> None:
        self._cancel = None
        self.button.setText("Pick…")
        if isinstance(error, GraphUnreachable):
            self.say(f"{UNREACHABLE}: the typed id stays", problem=True)
        elif isinstance(error, Cancelled):
            self.say("")
        elif isinstance(error, DcError):
            self.say(str(error), problem=True)
        elif error is not None:
            self.say(f"the look-up failed: {type(error).__name__}", problem=True)
        elif not found:
            self.say(f"the token has no {self.what} to pick", problem=True)
        else:
            self.say("")
            self._offer(found)

    def _offer(self, found: list[Named]) -> None:
        self.menu = QMenu(self)
        for record in found:
            self.menu.addAction(record.label).triggered.connect(lambda _c=False, r=record: self.picked.emit(r))
        self.menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))
