"""Fetch… of the Insights panel: what to fetch, the days, then progress and Cancel.

The token comes from the keyring (or DCSTUDIO_ACCESS_TOKEN) for the profile given, as in the
publish dialog, which is where a token is pasted and checked; it is shown by its last four
characters only. The keyring, the network and the store are used on a worker thread only.
"""
from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
)

from dcstudio.core.platforms.meta.insights.fetch import Targets, default_range
from dcstudio.core.platforms.meta.publish.client import DEFAULT_API_BASE
from dcstudio.core.platforms.meta.publish.graph_errors import scrub
from dcstudio.core.platforms.meta.publish.tokens import DEFAULT_PROFILE
from dcstudio.core.values.errors import Cancelled, DcError
from dcstudio.qt.gui_thread import call_on_gui
from dcstudio.qt.workers import Worker

TARGETS = [("The ads of the publish journals", ""), ("Ad ids", "ads"), ("Ad set ids", "adsets"),
           ("Campaign ids", "campaigns")]


def _run_fetch(project, targets: Targets, since: str, until: str, profile: str, api_base: str,
               cancel: threading.Event, progress, notify):
    """On the worker: the token, the client, the fetch. Returns (FetchReport, masked token)."""
    from dcstudio.core.platforms.meta.insights.fetch import fetch_insights
    from dcstudio.core.platforms.meta.publish.client import GraphClient
    from dcstudio.core.platforms.meta.publish.tokens import load_credentials

    creds = load_credentials(profile)
    client = GraphClient(creds, api_base=api_base, api_version=project.export.api_version, cancel=cancel,
                         notify=notify)
    try:
        return fetch_insights(project, client, targets=targets, since=since, until=until, progress=progress,
                              cancel=cancel), creds.masked
    finally:
        client.close()


def _qdate(text: str) -> QDate:
    d = date.fromisoformat(text)
    return QDate(d.year, d.month, d.day)


class InsightsFetchDialog(QDialog):
    fetched = Signal(object)  # the FetchReport after the rows are stored; None when it stopped early

    def __init__(self, project, parent=None, *, api_base: str = DEFAULT_API_BASE, profile: str = DEFAULT_PROFILE,
                 since: str | None = None, until: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Fetch insights of {project.name} — dcstudio")
        self.project = project
        self.api_base = api_base
        self.running = False
        self.cancel_event = threading.Event()
        self.report = None
        self._worker = Worker(1, self)
        first, last = default_range()
        self.profile_edit = QLineEdit(profile)
        self.target_combo = QComboBox()
        for title, kind in TARGETS:
            self.target_combo.addItem(title, kind)
        self.ids_edit = QLineEdit(placeholderText="ids, separated by commas or spaces")
        self.since_edit = QDateEdit(_qdate(since or first), calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.until_edit = QDateEdit(_qdate(until or last), calendarPopup=True, displayFormat="yyyy-MM-dd")
        form = QFormLayout()
        form.addRow("Token profile", self.profile_edit)
        form.addRow("Fetch", self.target_combo)
        form.addRow("", self.ids_edit)
        form.addRow("From", self.since_edit)
        form.addRow("To", self.until_edit)
        hint = QLabel("One call per ad and asset breakdown, one row a day. Ranges over 31 days run as reports "
                      "on Meta's side and take longer. Fetching a range again replaces what it covers.")
        hint.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.fetch_button = self.buttons.addButton("Fetch", QDialogButtonBox.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.Close)
        self.fetch_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.cancel_or_close)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(hint)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addWidget(self.buttons)
        self.target_combo.currentIndexChanged.connect(self._refresh)
        self.profile_edit.editingFinished.connect(self.load_token)
        self._refresh()
        self.load_token()

    def load_token(self) -> None:
        """Says which token the fetch will use (read on the worker: the keyring may be slow)."""
        from dcstudio.core.platforms.meta.publish.tokens import load_credentials

        profile = self.profile_edit.text().strip() or DEFAULT_PROFILE

        def loaded(creds, error):
            if self.running:
                return
            if error is None:
                self.show_status(f"token {creds.masked} from the {creds.source} (profile {profile})")
            elif isinstance(error, DcError):
                self.show_status(str(error), False)
            else:
                self.show_status(f"cannot read the keyring: {type(error).__name__}", False)

        self._worker.submit(load_credentials, loaded, profile)

    def _refresh(self) -> None:
        self.ids_edit.setEnabled(not self.running and bool(self.target_combo.currentData()))
        for widget in (self.profile_edit, self.target_combo, self.since_edit, self.until_edit):
            widget.setEnabled(not self.running)
        self.fetch_button.setEnabled(not self.running)
        self.close_button.setText("Cancel" if self.running else "Close")

    def targets(self) -> Targets:
        kind = self.target_combo.currentData()
        ids = tuple(x for x in self.ids_edit.text().replace(",", " ").split() if x)
        return Targets(**{kind: ids}) if kind else Targets()

    def show_status(self, text: str, ok: bool | None = None) -> None:
        colour = {True: "#2f855a", False: "#c53030"}.get(ok)
        self.status.setStyleSheet(f"color: {colour}" if colour else "")
        self.status.setText(scrub(text))

    def start(self) -> None:
        if self.running:
            return
        targets = self.targets()
        if self.target_combo.currentData() and not any((targets.ads, targets.adsets, targets.campaigns)):
            self.show_status(f"give the {self.target_combo.currentText().lower()} to fetch", False)
            return
        since = self.since_edit.date().toString("yyyy-MM-dd")
        until = self.until_edit.date().toString("yyyy-MM-dd")
        if since > until:
            self.show_status(f"the first day {since} is after the last day {until}", False)
            return
        self.running = True
        self.cancel_event = cancel = threading.Event()
        self.progress.setRange(0, 0)  # busy until the first call is counted
        self.show_status(f"fetching {targets.describe()}, {since} to {until} …")
        self._refresh()

        def progress(done, total, what):
            call_on_gui(self, self._on_progress, done, total, what)

        def notify(message):
            call_on_gui(self, self.show_status, message)

        self._worker.submit(_run_fetch, self._done, self.project.snapshot(), targets, since, until,
                            self.profile_edit.text().strip() or DEFAULT_PROFILE, self.api_base, cancel, progress,
                            notify)

    def _on_progress(self, done: int, total: int, what: str) -> None:
        if not self.running:
            return
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setTextVisible(True)
        self.show_status(f"{done} of {total} calls · {what}")

    def _done(self, result, error) -> None:
        self.running = False
        self._refresh()
        self.progress.setRange(0, 1)
        if isinstance(error, Cancelled):
            self.progress.setValue(0)
            self.show_status("Fetch cancelled. The calls that finished are stored; fetch again to complete the range.",
                             None)
        elif isinstance(error, DcError):
            self.progress.setValue(0)
            self.show_status(f"Fetch stopped: {error}", False)
        elif error is not None:
            self.progress.setValue(0)
            self.show_status(f"Fetch stopped: {type(error).__name__}: {error}", False)
        else:
            report, masked = result
            self.report = report
            self.progress.setValue(1)
            self.show_status(f"Done with token {masked}: {report.describe()}.", True)
            self.fetched.emit(report)
        if error is not None:
            self.fetched.emit(None)  # the calls that finished before it stopped are stored: the panel reloads

    def cancel_or_close(self) -> None:
        if self.running:
            self.cancel_event.set()
            self.show_status("cancelling …")
            return
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.cancel_event.set()
        self._worker.shutdown()
        super().closeEvent(event)

    def reject(self) -> None:  # Escape: as Cancel while fetching
        if self.running:
            self.cancel_or_close()
            return
        super().reject()
