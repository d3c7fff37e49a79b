"""The publish dialog: ad account, token, the change set to review, progress per step, cancel, log.

All network and keyring work runs on a worker thread (``dcstudio.qt.workers.Worker``); step,
progress and log events come back through queued signals. The token field is masked, checked at
once with GET /me, then cleared once the token is taken or refused (kept when the Graph API
cannot be reached: that says nothing about the token): the token lives in the keyring (or, with no keyring backend, in
memory for this session) and is shown by its last four characters only. The only setting kept
(in the user's settings, never in the project) is the ad account last used for the project folder.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.platforms.meta.publish.client import DEFAULT_API_BASE, GraphClient
from dcstudio.core.platforms.meta.publish.graph_errors import AuthError, GraphUnreachable, scrub
from dcstudio.core.platforms.meta.publish.lookup import LOOKUP_LIMIT, LookupIncomplete
from dcstudio.core.platforms.meta.publish.plan_reader import account_number, check_plan
from dcstudio.core.platforms.meta.publish.review import change_items, format_change_set
from dcstudio.core.platforms.meta.publish.session import BUSY_STATES, PublishOptions, PublishSession
from dcstudio.core.platforms.meta.publish.tokens import (
    DEFAULT_PROFILE,
    TokenMissingError,
    keyring_problem,
    load_credentials,
    session_credentials,
    store_token,
)
from dcstudio.core.values.errors import BadInputError, Cancelled, DcError
from dcstudio.qt.gui_thread import call_on_gui
from dcstudio.qt.workers import Worker

MODES = [("Publish", "publish"), ("Validate only (creates nothing)", "validate_only"),
         ("Dry run (sends nothing)", "dry_run")]
KIND_TITLES = [("campaign", "Campaign"), ("adset", "Ad sets"), ("image", "Images"), ("creative", "Creatives"),
               ("ad", "Ads")]
_VERBS = {"publish": "Send", "validate_only": "Validate", "dry_run": "Walk through"}
_BUTTON_TITLES = {"publish": "Publish…", "validate_only": "Validate…", "dry_run": "Dry run"}


class _Question:
    """A question the publish session asks from the worker: the GUI thread answers it, the
    worker waits for the answer (or for a cancel)."""

    def __init__(self, ask, *args):
        self.ask, self.args = ask, args
        self.answer = False
        self.answered = threading.Event()


def _ask(dialog, cancel: threading.Event, ask, *args) -> bool:
    """On the worker: has the GUI thread run ``ask(*args)`` and waits for its answer. A cancel
    (or the dialog closing) while the question is open stops the session before it sends."""
    question = _Question(ask, *args)
    if not call_on_gui(dialog, dialog._on_ask, question):
        raise Cancelled("publish cancelled: the window was closed before it was confirmed")
    while not question.answered.wait(0.05):
        if cancel.is_set():
            raise Cancelled("publish cancelled before it was confirmed")
    return question.answer


class PublishDialog(QDialog):
    def __init__(self, project, parent=None, *, api_base: str = DEFAULT_API_BASE, api_version: str | None = None,
                 profile: str = DEFAULT_PROFILE, build_plan=None, lookup_limit: int | None = LOOKUP_LIMIT,
                 settings=None):
        super().__init__(parent)
        self.settings = settings  # UiSettings: the ad account last used for this project folder
        self.setWindowTitle(f"Publish {project.name} — dcstudio")
        self.project = project
        self.api_base = api_base
        self.api_version = api_version
        self.plan: dict | None = None
        self.credentials = None
        self.running = False
        self.cancel_event = threading.Event()
        self._token_check: threading.Event | None = None  # set to cancel the token check under way
        self._build_plan = build_plan
        self.lookup_limit = lookup_limit  # objects read when looking for one whose answer was lost
        self._worker = Worker(threads=1, parent=self)
        self._build_ui(profile)
        self._restore_account()
        self._load_stored_token()
        self.review()

    # -- layout ---------------------------------------------------------------------------
    def _build_ui(self, profile: str) -> None:
        self.account_edit = QLineEdit(placeholderText="act_1234567890")
        self.profile_edit = QLineEdit(profile)
        self.token_edit = QLineEdit(echoMode=QLineEdit.Password, placeholderText="paste an access token to set one")
        self.token_edit.setAttribute(Qt.WA_InputMethodEnabled, False)
        self.check_button = QPushButton("Check")
        self.remember_box = QCheckBox("Remember in the system keyring")
        self.token_status = QLabel()
        self.token_status.setWordWrap(True)
        self.mode_combo = QComboBox()
        for title, mode in MODES:
            self.mode_combo.addItem(title, mode)
        # Every opening starts where nothing is sent: publishing is a choice made each time.
        self.mode_combo.setCurrentIndex(self.mode_combo.findData("dry_run"))
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_edit, 1)
        token_row.addWidget(self.check_button)
        form = QFormLayout()
        form.addRow("Ad account", self.account_edit)
        form.addRow("Token profile", self.profile_edit)
        form.addRow("Access token", token_row)
        form.addRow("", self.remember_box)
        form.addRow("", self.token_status)
        form.addRow("Mode", self.mode_combo)

        self.calls_model = QStandardItemModel(self)
        self.calls_model.setHorizontalHeaderLabels(["#", "Call", "Request", "Status"])
        self.calls_view = QTreeView()
        self.calls_view.setRootIsDecorated(False)
        self.calls_view.setUniformRowHeights(True)
        self.calls_view.setModel(self.calls_model)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.payload_view = QPlainTextEdit()
        self.payload_view.setReadOnly(True)
        self.payload_view.setPlaceholderText("select a call to see its exact payload")
        self.calls_view.selectionModel().currentRowChanged.connect(self._on_call_selected)
        self.log_view = QPlainTextEdit()
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(5000)

        bars = QGridLayout()
        self.bars: dict[str, QProgressBar] = {}
        for column, (kind, title) in enumerate(KIND_TITLES):
            bar = QProgressBar(format="%v / %m")
            bar.setRange(0, 1)
            bars.addWidget(QLabel(title), 0, column)
            bars.addWidget(bar, 1, column)
            self.bars[kind] = bar
        self.overall = QProgressBar()

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.summary_label)
        top_layout.addWidget(self.calls_view, 3)
        top_layout.addWidget(self.payload_view, 2)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.log_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.publish_button = QPushButton(_BUTTON_TITLES["dry_run"])
        self.cancel_button = QPushButton("Cancel")
        # Enter in a field (the account, the token) must never start a run, nor close the
        # dialog: no button is the default (Escape still closes it)
        for button in (self.publish_button, self.check_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.publish_button, QDialogButtonBox.ActionRole)  # not Accept: it would be the default
        buttons.addButton(self.cancel_button, QDialogButtonBox.RejectRole)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addLayout(bars)
        layout.addWidget(self.overall)
        layout.addWidget(buttons)
        self.resize(860, 760)

        self.check_button.clicked.connect(self.check_token)
        self.token_edit.returnPressed.connect(lambda: self._token_check is None and self.check_token())
        self.publish_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.mode_combo.currentIndexChanged.connect(self._on_mode_changed)
        self.account_edit.textChanged.connect(self._on_account_changed)
        self.profile_edit.editingFinished.connect(self._load_stored_token)
        problem = keyring_problem()
        self.remember_box.setChecked(not problem)
        self.remember_box.setEnabled(not problem)
        if problem:
            self.remember_box.setToolTip(problem)

    # -- small helpers --------------------------------------------------------------------
    def log(self, message: str) -> None:
        self.log_view.appendPlainText(scrub(message))

    def mode(self) -> str:
        return self.mode_combo.currentData()

    def _account_ok(self) -> bool:
        try:
            account_number(self.account_edit.text())
            return True
        except BadInputError:
            return False

    def _refresh_buttons(self) -> None:
        ready = self.plan is not None and not self.running and self._account_ok()
        if self.mode() != "dry_run":
            ready = ready and self.credentials is not None
        self.publish_button.setEnabled(ready)
        self.publish_button.setText(_BUTTON_TITLES[self.mode()])
        self.cancel_button.setText("Cancel" if self.running else "Close")
        for widget in (self.account_edit, self.profile_edit, self.token_edit, self.check_button, self.mode_combo):
            widget.setEnabled(not self.running)

    def _set_token_status(self, text: str, ok: bool | None = None) -> None:
        colour = {True: "green", False: "#b00020", None: ""}[ok]
        self.token_status.setStyleSheet(f"color: {colour}" if colour else "")
        self.token_status.setText(scrub(text))

    # -- token ----------------------------------------------------------------------------
    def _load_stored_token(self) -> None:
        profile = self.profile_edit.text().strip() or DEFAULT_PROFILE

        def load():
            return load_credentials(profile)

        def loaded(creds, error):
            if error is None:
                self.credentials = creds
                self._set_token_status(f"token {creds.masked} from the {creds.source} (profile {profile})", None)
            elif isinstance(error, TokenMissingError):
                self._set_token_status(f"no token stored for profile {profile}: paste one above", False)
            elif isinstance(error, DcError):
                self._set_token_status(f"{str(error).rstrip('.')}. Paste a token to use it for this session only.",
                                       False)
            else:
                self._set_token_status(f"cannot read the keyring: {type(error).__name__}", False)
            self._refresh_buttons()

        self._worker.submit(load, loaded)

    def check_token(self) -> None:
        """Checks the pasted token with GET /me at once; stores it if it works (and may be kept).

        While the check runs the Check button reads Cancel. The field is cleared once the token
        is taken or refused; when the server cannot be reached (or the check is cancelled) the
        token stays in the field, since nothing was learnt about it."""
        if self._token_check is not None:  # the button reads Cancel meanwhile
            self._token_check.set()
            return
        raw = self.token_edit.text()
        if not raw.strip():
            return
        try:
            creds = session_credentials(raw)
        except BadInputError as exc:
            self.token_edit.clear()
            self._set_token_status(str(exc), False)
            return
        profile = self.profile_edit.text().strip() or DEFAULT_PROFILE
        remember = self.remember_box.isChecked() and self.remember_box.isEnabled()
        self._set_token_status(f"checking token {creds.masked} …", None)
        cancel = self._token_check = threading.Event()
        self._show_checking(True)
        api_base, api_version = self.api_base, self._api_version()

        def check():
            client = GraphClient.for_token_check(creds, api_base=api_base, api_version=api_version, cancel=cancel)
            try:
                me = client.check_token()
            finally:
                client.close()
            if remember:
                store_token(profile, creds.token)
            return me

        def checked(me, error):
            self._token_check = None
            self._show_checking(False)
            if isinstance(error, Cancelled):
                self._set_token_status(f"check of token {creds.masked} cancelled: the token is still in the field",
                                       None)
                return
            if isinstance(error, GraphUnreachable):
                self._set_token_status(f"{error}. Token {creds.masked} was not checked and is still in the field: "
                                       "Check again when online.", False)
                return
            if isinstance(error, AuthError):
                self.token_edit.clear()
                self._set_token_status(f"token {creds.masked} not accepted: {error}", False)
                return
            if error is not None:  # an answer that says nothing about the token itself
                self._set_token_status(f"could not check token {creds.masked}: "
                                       f"{error if isinstance(error, DcError) else type(error).__name__}", False)
                return
            self.token_edit.clear()
            where = "stored in the keyring" if remember else "kept for this session only"
            self.credentials = creds
            self._set_token_status(f"token {creds.masked} works: {me.get('name', '?')} ({where})", True)
            self.log(f"token {creds.masked} checked with GET /me: {me.get('name', '?')}; {where}")
            self._refresh_buttons()

        self._worker.submit(check, checked)

    def _show_checking(self, checking: bool) -> None:
        self.check_button.setText("Cancel" if checking else "Check")
        self.check_button.setEnabled(checking or not self.running)
        self.token_edit.setReadOnly(checking)

    def _api_version(self) -> str:
        return self.api_version or (self.plan or {}).get("api_version") or self.project.export.api_version

    # -- change set -----------------------------------------------------------------------
    def review(self) -> None:
        """Builds the export plan on the worker and shows every call for review."""
        snap = self.project.snapshot()
        build = self._build_plan

        def make():
            if build is not None:
                return check_plan(build(snap))
            from dcstudio.core.platforms.meta.export.plan_builder import build_plan

            return check_plan(build_plan(snap, api_version=self.api_version))

        def made(plan, error):
            if error is not None:
                self.log(f"cannot make the change set: {error}")
                self.summary_label.setText(scrub(str(error)) if isinstance(error, DcError)
                                           else "cannot make the change set")
                return
            self.plan = plan
            self._show_plan()
            self._refresh_buttons()

        self._worker.submit(make, made)

    def _show_plan(self) -> None:
        account = self.account_edit.text().strip() if self._account_ok() else "act_0"
        header = format_change_set(self.plan, account, self.mode(), payloads=False).split("\n\n", 1)[0]
        self.summary_label.setText(header)
        self.calls_model.removeRows(0, self.calls_model.rowCount())
        self._rows: dict[str, int] = {}
        for item in change_items(self.plan, account):
            row = [QStandardItem(str(item.number)), QStandardItem(f"{item.kind} {item.call_id}"),
                   QStandardItem(f"{item.method} {item.path}  {item.name}"), QStandardItem("planned")]
            for cell in row:
                cell.setEditable(False)
            row[0].setData(item.payload, Qt.UserRole)
            self._rows[item.call_id] = self.calls_model.rowCount()
            self.calls_model.appendRow(row)
        for kind, bar in self.bars.items():
            total = sum(1 for c in self.plan["calls"] if c["kind"] == kind)
            bar.setRange(0, max(total, 1))
            bar.setValue(0)
        self.overall.setRange(0, len(self.plan["calls"]))
        self.overall.setValue(0)
        for col in range(3):
            self.calls_view.resizeColumnToContents(col)

    def _on_account_changed(self, _text: str) -> None:
        if self.plan is not None and not self.running and self._account_ok():
            self._show_plan()  # the change set shows the real paths
            self._remember_account()
        self._refresh_buttons()

    def _on_mode_changed(self, _index: int) -> None:
        if self.plan is not None and not self.running:
            self._show_plan()  # the summary names the mode chosen
        self._refresh_buttons()

    def _restore_account(self) -> None:
        if self.settings is not None and self.project.folder is not None:
            self.account_edit.setText(self.settings.publish_account(self.project.folder))

    def _remember_account(self) -> None:
        if self.settings is not None and self.project.folder is not None:
            self.settings.set_publish_account(self.project.folder, self.account_edit.text().strip())

    def _on_call_selected(self, current, _previous) -> None:
        index = self.calls_model.index(current.row(), 0)
        self.payload_view.setPlainText(str(index.data(Qt.UserRole) or ""))

    def status_of(self, call_id: str) -> str:
        return self.calls_model.item(self._rows[call_id], 3).text()

    # -- the run --------------------------------------------------------------------------
    def confirm(self, text: str) -> bool:
        """Asks before sending; Enter (the default button) cancels. Tests replace this method."""
        box = QMessageBox(QMessageBox.Question, "Publish", text, QMessageBox.Yes | QMessageBox.Cancel, self)
        box.setDefaultButton(QMessageBox.Cancel)
        box.setEscapeButton(QMessageBox.Cancel)
        return box.exec() == QMessageBox.Yes

    def _lint_allows_publish(self, errors) -> bool:
        """As on the command line, lint errors stop a publish before a campaign is half built,
        unless the person confirms they want it sent anyway."""
        for finding in errors:
            self.log(f"lint error {finding.rule_id}: {finding.message}")
        if self.confirm(f"The linter finds {len(errors)} error(s) the Marketing API would reject "
                        "(listed in the log). Publish anyway?"):
            self.log("publishing despite lint errors, as confirmed")
            return True
        self.log("not sent: fix the lint errors first")
        return False

    def _confirm_change_set(self, changes) -> bool:
        verb = _VERBS[changes.mode]
        if not self.confirm(f"{verb} these {changes.calls} calls to {changes.account}?\n\n"
                            + self.summary_label.text()):
            return False
        self.log(f"{verb.lower()}ing {changes.calls} calls to {changes.account} ({changes.mode.replace('_', ' ')})")
        return True

    def start(self) -> None:
        if self.plan is None or self.running or not self._account_ok():
            return
        mode, account = self.mode(), self.account_edit.text().strip()
        if mode != "dry_run" and self.credentials is None:
            return
        if self.project.folder is None and mode == "publish":
            self.log("save the project to a folder first: the publish journal is kept there")
            return
        self._show_plan()
        self.running = True
        self.cancel_event = threading.Event()
        self._refresh_buttons()
        if mode == "dry_run":
            self.log(f"{_VERBS[mode].lower()}ing {len(self.plan['calls'])} calls to {account} (dry run)")
        cancel = self.cancel_event
        options = PublishOptions(mode=mode, lookup_limit=self.lookup_limit, lock_owner="window",
                                 api_base=self.api_base, api_version=self.api_version)
        session = PublishSession(self.plan, account=account, project=self.project.snapshot(),
                                 folder=self.project.folder,
                                 credentials=self.credentials, options=options, cancel=cancel,
                                 on_event=lambda event: call_on_gui(self, self._on_event, event),
                                 confirm=lambda changes: _ask(self, cancel, self._confirm_change_set, changes),
                                 allow_lint_errors=lambda errors: _ask(self, cancel, self._lint_allows_publish, errors))
        self._worker.submit(session.run, self._on_finished)

    def _on_ask(self, question: _Question) -> None:
        try:
            question.answer = bool(question.ask(*question.args))
        finally:
            question.answered.set()

    def _on_event(self, event) -> None:
        if event.step == "call":
            self._on_step(event.call_id, event.kind, event.state)
        elif event.step == "progress":
            self.overall.setRange(0, event.total)
            self.overall.setValue(event.done)
        elif event.step == "stopped":
            self.log(f"stopped: {event.message}")
        elif event.step == "published":
            result = event.data
            self.log(("already published" if result.already_done else "published") + f"; journal {result.journal_path}")
        elif event.step == "created":
            entry = event.data
            self.log(f"created {entry['kind']} {entry['result'].get('id', '')}: {entry.get('name', '')}")
        elif event.step != "change_set":  # the change set is on show already
            self.log(event.message)

    def _on_step(self, call_id: str, kind: str, state: str) -> None:
        row = getattr(self, "_rows", {}).get(call_id)
        if row is not None:
            self.calls_model.item(row, 3).setText(state)
        if state not in BUSY_STATES:
            bar = self.bars.get(kind)
            if bar is not None:
                bar.setValue(min(bar.maximum(), bar.value() + 1))
            self.log(f"{kind} {call_id}: {state}")

    def _on_finished(self, outcome, error) -> None:
        self.running = False
        self._refresh_buttons()
        if isinstance(error, Cancelled):
            self.log("cancelled: publish again to resume from the journal (nothing is sent twice)")
            return
        if error is not None:
            self.log(f"stopped: {error}" if isinstance(error, DcError) else f"stopped: {type(error).__name__}")
            return
        stopped = outcome.stopped
        if isinstance(stopped, LookupIncomplete) and stopped.by_limit and self.lookup_limit and self.confirm(
                "An object whose answer was lost could not be ruled out among the first "
                f"{self.lookup_limit:,} of the account. Read the whole list and continue? "
                "(Nothing is sent twice: the publish resumes from its journal.)"):
            self.lookup_limit = 0  # the whole list, as `dcstudio publish --lookup-limit 0`
            self.log("reading the whole list, then resuming")
            self.start()

    def _on_cancel(self) -> None:
        if self.running:
            self.cancel_event.set()
            self.log("cancelling after the current call …")
        else:
            self.reject()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.cancel_event.set()
        if self._token_check is not None:
            self._token_check.set()  # a running publish stops at its next call; its journal allows a resume
        self._worker.shutdown()
        super().closeEvent(event)

    def reject(self) -> None:
        self.cancel_event.set()
        if self._token_check is not None:
            self._token_check.set()
        self._worker.shutdown()
        super().reject()


def run_publish_dialog(parent, project, **options) -> int:
    """Opens the publish dialog for ``project`` (modal); returns the dialog's result code."""
    dialog = PublishDialog(project, parent, **options)
    dialog.setAttribute(Qt.WA_DeleteOnClose, True)
    return dialog.exec()
