"""One publish, step by step, as the command line and the studio window both run it.

The order is the session's alone: the change set, a dry run's walk-through, the lint gate, the
confirmation, the token check (GET /me), the publish itself, then the drift read-back, the
review status and the rate-limit usage. A client (the CLI, the dialog) only answers the two
questions (lint errors, the change set) through callbacks and renders the events; so a rerun of
a finished publish checks drift and review wherever it is run.

Blocking, plain Python: the CLI calls ``run()`` directly, the dialog on its worker thread. Events
may come from more than one thread (images upload in parallel).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from dcstudio.core.platforms.meta.publish.aftercare import AdReview, Drift, check_drift, poll_review
from dcstudio.core.platforms.meta.publish.client import DEFAULT_API_BASE, GraphClient, RetryPolicy
from dcstudio.core.platforms.meta.publish.feed_problems import (
    FeedProblem,
    on_rows,
    read_upload_problems,
    save_feed_problems,
)
from dcstudio.core.platforms.meta.publish.graph_errors import AuthError
from dcstudio.core.platforms.meta.publish.journal import JournalWriteError
from dcstudio.core.platforms.meta.publish.lookup import LOOKUP_LIMIT, LookupIncomplete
from dcstudio.core.platforms.meta.publish.publisher import Publisher, PublishFailed, PublishResult
from dcstudio.core.platforms.meta.publish.review import format_change_set
from dcstudio.core.platforms.meta.publish.tokens import Credentials
from dcstudio.core.platforms.meta.publish.usage import Usage
from dcstudio.core.values.errors import BadInputError, DcError

# What a call is doing while it waits for its answer; every other state ends the call's step.
BUSY_STATES = ("sending", "uploading", "validating")
# Publish failures that stop the run with what was created listed: an outcome, not a crash.
STOPPING_ERRORS = (PublishFailed, LookupIncomplete, JournalWriteError)


@dataclass(frozen=True)
class PublishEvent:
    """One thing that happened. ``step`` says which part of the session it belongs to:

    change_set (``data``: the ChangeSet), notice (a note from the client or the publisher),
    token, call (``call_id``, ``kind``, ``state``; ``number`` of ``total`` once it ends),
    progress (``done`` of ``total``), stopped (``data``: the error), validated, dry_run,
    published, created (``data``: the journal entry), images, drift (``data``: a Drift, or None
    on the summary line), feed (``data``: a FeedProblem, or None on the summary line), review
    (``data``: an AdReview), usage.

    ``level``: "info" a note on the way, "result" a line of the outcome, "error" a problem.
    """

    step: str
    message: str = ""
    level: str = "info"
    call_id: str = ""
    kind: str = ""
    state: str = ""
    number: int = 0
    done: int = 0
    total: int = 0
    data: object = None

    @property
    def busy(self) -> bool:
        return self.step == "call" and self.state in BUSY_STATES


@dataclass(frozen=True)
class ChangeSet:
    """What a confirmation is asked about: every call of the plan, for this account, in this mode."""

    plan: dict
    account: str
    mode: str

    @property
    def calls(self) -> int:
        return len(self.plan["calls"])

    def text(self, *, payloads: bool = True) -> str:
        return format_change_set(self.plan, self.account, self.mode, payloads=payloads)


@dataclass(frozen=True)
class PublishOptions:
    mode: str = "publish"  # publish, validate_only or dry_run
    new: bool = False  # publish again although this plan was published
    force: bool = False  # skip the lint gate
    review_wait: float = 0.0  # seconds to keep polling while ads are pending (0: read once)
    lookup_limit: int | None = LOOKUP_LIMIT  # 0: read the whole list
    max_wait: float | None = None  # the client's cap on waiting; None: its default
    lock_owner: str = "cli"  # "cli" or "window": named to a second publish of the project
    api_base: str = DEFAULT_API_BASE
    api_version: str | None = None  # None: the plan's, else the project's
    feed_wait: float = 30.0  # seconds to wait for Meta to process a feed upload before reading its errors


@dataclass
class PublishOutcome:
    mode: str
    # refused (lint errors), not_confirmed, dry_run, validated, published, already_published, stopped
    status: str
    result: PublishResult | None = None
    lint_errors: list = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)
    reviews: list[AdReview] = field(default_factory=list)
    usage: Usage | None = None
    stopped: DcError | None = None
    feed_problems: list[FeedProblem] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """0 all well; 1 refused, stopped, or a call, drift or rejection found; 2 nothing was sent
        because it was not confirmed."""
        if self.status == "not_confirmed":
            return 2
        if self.status in ("refused", "stopped"):
            return 1
        if self.status == "validated":
            return 1 if self.result.problems else 0
        problems = len(self.drift) + sum(len(r.rejections) for r in self.reviews) + \
            sum(1 for p in self.feed_problems if p.severity == "fatal")
        return 1 if problems else 0


class TokenNotAccepted(DcError):
    """GET /me refused the token before anything was sent. The message is the API's; each
    client says how to set a new token."""

    def __init__(self, error: AuthError, credentials: Credentials):
        super().__init__(str(error))
        self.error, self.credentials = error, credentials


def api_version_for(plan: dict, project=None, override: str | None = None) -> str:
    """The version the client speaks: the one asked for, else the plan's, else the project's."""
    version = override or plan.get("api_version") or (project.export.api_version if project is not None else None)
    if not version:
        raise BadInputError("the export plan names no API version: give one")
    return version


def _yes(*_args) -> bool:
    return True


class PublishSession:
    """``PublishSession(plan, account=..., project=..., credentials=..., options=...).run()``.

    ``credentials``: Credentials, or a function that gives them, called only once the change set
    is confirmed (so a dry run or a refusal never asks for a token). ``confirm(change_set)`` and
    ``allow_lint_errors(findings)`` answer the two questions; either may raise to stop (nothing
    has been sent then). ``on_event(event)`` receives every PublishEvent.
    """

    def __init__(self, plan: dict, *, account: str, project=None, folder=None, plan_dir=None,
                 credentials: Credentials | Callable[[], Credentials] | None = None,
                 options: PublishOptions = PublishOptions(),
                 on_event: Callable[[PublishEvent], None] | None = None,
                 confirm: Callable[[ChangeSet], bool] = _yes,
                 allow_lint_errors: Callable[[list], bool] = lambda findings: False,
                 cancel: threading.Event | None = None):
        self.plan, self.account, self.project = plan, account, project
        self.folder, self.plan_dir = folder, plan_dir
        self.credentials = credentials
        self.options = options
        self.on_event = on_event or (lambda event: None)
        self.confirm, self.allow_lint_errors = confirm, allow_lint_errors
        self.cancel = cancel or threading.Event()
        self._count_lock = threading.Lock()
        self._ended = 0

    # -- events -------------------------------------------------------------------------------
    def _emit(self, step: str, message: str = "", level: str = "info", **fields) -> None:
        self.on_event(PublishEvent(step, message, level, **fields))

    def _notice(self, message: str) -> None:
        self._emit("notice", message)

    def _step(self, call_id: str, kind: str, state: str) -> None:
        number = 0
        if state not in BUSY_STATES:
            with self._count_lock:
                self._ended += 1
                number = self._ended
        self._emit("call", f"{kind} {call_id}: {state}", call_id=call_id, kind=kind, state=state,
                   number=number, total=len(self.plan["calls"]))

    def _progress(self, done: int, total: int) -> None:
        self._emit("progress", done=done, total=total)

    def _publisher(self, mode: str, client: GraphClient | None) -> Publisher:
        o = self.options
        return Publisher(self.plan, account=self.account, client=client, project=self.project, folder=self.folder,
                         plan_dir=self.plan_dir, mode=mode, new=o.new, lookup_limit=o.lookup_limit,
                         notify=self._notice, step=self._step, lock_owner=o.lock_owner)

    # -- the run ------------------------------------------------------------------------------
    def run(self) -> PublishOutcome:
        mode = self.options.mode
        change_set = ChangeSet(self.plan, self.account, mode)
        self._emit("change_set", data=change_set)
        if mode == "dry_run":
            result = self._publisher(mode, None).run(progress=self._progress, cancel=self.cancel)
            self._emit("dry_run", "dry run: nothing was sent", "result")
            return PublishOutcome(mode, "dry_run", result)
        # A plan read from a bundle was made (and linted) at export; the project now may differ.
        if mode == "publish" and not self.options.force and self.plan_dir is None and self.project is not None:
            from dcstudio.core.platforms.meta.export.bundle import lint_errors

            errors = lint_errors(self.project)
            # the rules the API would reject: refused here, before a campaign is left half-built
            if errors and not self.allow_lint_errors(errors):
                return PublishOutcome(mode, "refused", lint_errors=errors)
        if not self.confirm(change_set):
            self._emit("confirm", "not confirmed: nothing was sent", "error")
            return PublishOutcome(mode, "not_confirmed")
        client = self._client()
        try:
            return self._send(mode, client)
        finally:
            client.close()

    def _client(self) -> GraphClient:
        creds = self.credentials() if callable(self.credentials) else self.credentials
        if creds is None:
            raise BadInputError("publishing needs an access token")
        o = self.options
        retry = RetryPolicy() if o.max_wait is None else RetryPolicy(max_total_wait=o.max_wait)
        client = GraphClient(creds, api_base=o.api_base, api_version=api_version_for(self.plan, self.project,
                                                                                       o.api_version),
                             retry=retry, notify=self._notice, cancel=self.cancel)
        try:
            me = client.me()
        except AuthError as exc:
            client.close()
            raise TokenNotAccepted(exc, creds) from None
        except BaseException:
            client.close()
            raise
        self._emit("token", f"token {creds.masked} ({creds.source}) works: {me.get('name', '?')}")
        return client

    def _send(self, mode: str, client: GraphClient) -> PublishOutcome:
        publisher = self._publisher(mode, client)
        try:
            result = publisher.run(progress=self._progress, cancel=self.cancel)
        except STOPPING_ERRORS as exc:
            self._emit("stopped", str(exc), "error", data=exc)
            return PublishOutcome(mode, "stopped", stopped=exc)
        if mode == "validate_only":
            return self._validated(result)
        return self._aftercare(client, publisher, result)

    def _feed_problems(self, client: GraphClient, result: PublishResult) -> list[FeedProblem]:
        """Meta's errors in each feed upload of the plan, on the rows they name (shown, and stored
        for the Catalog dock); a rerun reads them again when Meta had not finished."""
        found = []
        for call in self.plan["calls"]:
            answer = result.results.get(call["id"])
            if call["kind"] != "feed_upload" or not answer:
                continue
            wait = self.options.feed_wait
            report = read_upload_problems(client, answer["feed_id"], answer["id"], wait=wait,
                                          interval=min(2.0, max(wait / 10, 0.05)), cancel=self.cancel)
            if not report.finished:
                self._emit("feed", f"feed upload {answer['id']}: Meta is still processing it; run the same publish "
                                   "again to read its errors", "result", call_id=call["id"])
                continue
            store = self._store()
            try:
                problems = on_rows(report.problems, store)
            finally:
                if store is not None:
                    store.close()
            folder = self.folder or (self.project.folder if self.project is not None else None)
            if folder is not None:
                save_feed_problems(folder, replace(report, problems=tuple(problems)))
            for problem in problems:
                self._emit("feed", problem.describe(), "result", call_id=call["id"], data=problem)
            self._emit("feed", f"feed upload {answer['id']}: {report.error_count} error(s), {report.warning_count} "
                               "warning(s)" if problems else f"feed upload {answer['id']}: no errors", "result",
                       call_id=call["id"])
            found += problems
        return found

    def _store(self):
        """The project's catalog store (rows by retailer_id), or None without one."""
        if self.project is None or getattr(self.project, "catalog", None) is None:
            return None
        from dcstudio.core.catalog.store import CatalogError, CatalogStore

        try:
            return CatalogStore.open(self.project)
        except CatalogError:
            return None

    def _validated(self, result: PublishResult) -> PublishOutcome:
        for call_id, verdict in result.validated.items():
            self._emit("validated", f"{call_id}: {verdict}", "result", call_id=call_id, state=verdict)
        for problem in result.problems:
            self._emit("validated", problem, "error")
        passed = sum(1 for v in result.validated.values() if v == "ok")
        self._emit("validated", f"validated: {passed} passed, {len(result.problems)} refused; images uploaded "
                                f"{result.uploaded_images}, reused {result.reused_images}", "result")
        return PublishOutcome("validate_only", "validated", result)

    def _aftercare(self, client: GraphClient, publisher: Publisher, result: PublishResult) -> PublishOutcome:
        """What a publish reports, whether it ran now or had run before: its objects, then
        whether they still read back as sent and how their review stands."""
        done_before = result.already_done
        outcome = PublishOutcome("publish", "already_published" if done_before else "published", result)
        verb = "already published" if done_before else "published"
        self._emit("published", f"{verb} to {self.account} (journal {result.journal_path})", "result", data=result)
        for entry in result.created:
            self._emit("created", f"  {entry['kind']:<9}{entry['result'].get('id', ''):<22}{entry.get('name', '')}",
                       "result", call_id=entry.get("call", ""), kind=entry["kind"], data=entry)
        if not done_before:
            self._emit("images", f"images: {result.uploaded_images} uploaded, {result.reused_images} reused", "result")
        names = {e["call"]: e["name"] for e in result.created}
        outcome.drift = check_drift(client, self.plan, result.results, names)
        for d in outcome.drift:
            self._emit("drift", f"drift: {d.describe()}", "result", call_id=d.call_id, data=d)
        self._emit("drift", "drift: none (the creatives read back as sent)" if not outcome.drift
                   else f"drift: {len(outcome.drift)} difference(s)", "result")
        outcome.feed_problems = self._feed_problems(client, result)
        wait = self.options.review_wait
        outcome.reviews = poll_review(client, self.plan, result.results, publisher.asset_index(), timeout=wait,
                                      interval=min(30.0, max(wait / 4, 1.0)), cancel=self.cancel)
        for review in outcome.reviews:
            self._emit("review", f"review: {review.describe()}", "result", call_id=review.call_id, data=review)
        outcome.usage = client.usage
        if client.usage:
            self._emit("usage", client.usage.describe(), "result", data=client.usage)
        return outcome
