"""Publishing an export plan: campaign, ad sets, image uploads, creatives, ads, in that order.

Every create is journalled before it is sent and after it is answered, and carries a name
tagged with the publish's id, so a run interrupted anywhere (kill -9, network loss, Ctrl-C)
resumes without sending a create twice: an entry left "sent" is looked up on the server first.
"""
from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from dcstudio.core.platforms.meta.publish.blame import AssetIndex
from dcstudio.core.platforms.meta.publish.catalog_calls import SAME_FILTER_ERROR, feed_bytes, find_set_with_filter
from dcstudio.core.platforms.meta.publish.client import GraphClient
from dcstudio.core.platforms.meta.publish.graph_errors import AuthError, GraphError, RetryLimitError
from dcstudio.core.platforms.meta.publish.image_uploads import ImageHashCache, check_bundle_images, image_bytes
from dcstudio.core.platforms.meta.publish.journal import Journal, JournalWriteError
from dcstudio.core.platforms.meta.publish.lock import PublishLock
from dcstudio.core.platforms.meta.publish.lookup import LOOKUP_LIMIT, LookupIncomplete, ObjectLookup
from dcstudio.core.platforms.meta.publish.plan_reader import (
    CATALOG_EDGES,
    KIND_TITLES,
    account_number,
    call_path,
    check_plan,
    fingerprint,
    resolve,
)
from dcstudio.core.platforms.meta.publish.review import MODES
from dcstudio.core.platforms.meta.publish.video_uploads import (
    POLL_SECONDS,
    PROCESSING_TIMEOUT,
    VideoUpload,
    video_source,
)
from dcstudio.core.values.errors import BadInputError, Cancelled, DcError

# How long a server may go on with a create after its client stopped waiting (see _settling).
SETTLE_SECONDS = 5.0

HASHES_PER_LOOKUP = 50  # image hashes asked about in one request (the URL stays short)
RESUME_AFTER_WRITE_ERROR = ("once the journal can be written again (free some space), run the same publish again: it "
                            "resumes from the journal and first looks on the server for an object whose id could "
                            "not be saved, so nothing is created twice")


class PublishFailed(DcError):
    """A call failed for good. The message explains it, names the blamed assets and lists what
    was already created; ``created`` and ``journal_path`` hold the same for programs."""

    def __init__(self, message: str, *, error: GraphError, call_id: str, created: list[dict],
                 journal_path: Path | None, blamed: list[str]):
        super().__init__(message)
        self.error, self.call_id, self.created = error, call_id, created
        self.journal_path, self.blamed = journal_path, blamed


@dataclass
class PublishResult:
    mode: str
    publish_id: str = ""
    journal_path: Path | None = None
    results: dict[str, dict] = field(default_factory=dict)  # call id -> answer fields
    created: list[dict] = field(default_factory=list)
    uploaded_images: int = 0
    reused_images: int = 0
    resumed: bool = False
    found_after_interruption: list[str] = field(default_factory=list)
    already_done: bool = False
    validated: dict[str, str] = field(default_factory=dict)  # validate-only: call id -> ok / skipped / error
    problems: list[str] = field(default_factory=list)


class Publisher:
    def __init__(self, plan: dict, *, account: str, client: GraphClient | None = None, project=None,
                 folder: Path | None = None, plan_dir: Path | None = None, mode: str = "publish",
                 parallel_uploads: int = 3, new: bool = False, lookup_limit: int | None = LOOKUP_LIMIT,
                 notify: Callable[[str], None] | None = None,
                 step: Callable[[str, str, str], None] | None = None,
                 after_answer: Callable[[str], None] | None = None, lock_owner: str = "cli",
                 video_poll: float = POLL_SECONDS, video_timeout: float = PROCESSING_TIMEOUT):
        if mode not in MODES:
            raise BadInputError(f"unknown publish mode {mode!r}")
        self.plan = check_plan(plan)
        self.account = f"act_{account_number(account)}"
        self.client = client
        self.project = project
        self.folder = Path(folder) if folder else (project.folder if project is not None else None)
        self.plan_dir = plan_dir
        self.mode = mode
        self.parallel_uploads = max(1, parallel_uploads)
        self.new = new
        if lookup_limit is not None and (not isinstance(lookup_limit, int) or lookup_limit < 0):
            raise BadInputError(f"lookup limit {lookup_limit!r}: give a number of objects, 0 or more (0: no limit)")
        self.lookup_limit = lookup_limit or None  # 0 reads the whole list
        self.notify = notify or (lambda message: None)
        self.step = step or (lambda call_id, kind, state: None)
        self.after_answer = after_answer or (lambda call_id: None)  # tests simulate a kill here
        self.journal: Journal | None = None
        self.images = ImageHashCache(self.folder, notify=self.notify)
        self.lock_owner = lock_owner  # "cli" or "window": shown to a second publish of the project
        self.video_poll, self.video_timeout = video_poll, video_timeout
        self._lock = threading.Lock()
        self._done = 0
        self._progress = None

    # -- the run ----------------------------------------------------------------------------
    def run(self, progress: Callable[[int, int], None] | None = None,
            cancel: threading.Event | None = None) -> PublishResult:
        if self.plan_dir is not None:  # a bundle's files, checked before the first call
            check_bundle_images(self.plan, self.plan_dir)
        if self.mode == "dry_run" or self.folder is None:
            return self._run(progress, cancel)
        # One run at a time per project, from before the journals are read to the end: two at
        # once would both start the same publish and create everything twice.
        with PublishLock(self.folder, self.lock_owner):
            try:
                return self._run(progress, cancel)
            except JournalWriteError as exc:
                more = "\n".join([*self._created_lines(), RESUME_AFTER_WRITE_ERROR])
                raise JournalWriteError(exc.path, exc.reason, more) from None

    def _run(self, progress, cancel) -> PublishResult:
        self._progress = progress or (lambda done, total: None)
        calls = self.plan["calls"]
        result = PublishResult(self.mode)
        if self.mode == "dry_run":
            for n, call in enumerate(calls, 1):
                self.step(call["id"], call["kind"], "planned (not sent)")
                self._progress(n, len(calls))
            return result
        if self.client is None:
            raise BadInputError("publishing needs a Graph API client (an access token)")
        if cancel is not None:
            self.client.cancel = cancel
        self.cancel = self.client.cancel
        results: dict[str, dict] = {}
        if self.mode == "publish":
            if self.folder is None:
                raise BadInputError("save the project to a folder first: the publish journal is kept there")
            if not self._open_journal(result):
                result.results = self.journal.results()
                result.created = self.journal.created()
                return result
            results = self.journal.results()
        self._results, self._result = results, result
        self._progress(0, len(calls))
        try:
            i = 0
            while i < len(calls):
                if self.cancel.is_set():
                    raise Cancelled("publish cancelled")
                if calls[i]["kind"] == "image":
                    j = i
                    while j < len(calls) and calls[j]["kind"] == "image":
                        j += 1
                    self._images(calls[i:j])
                    i = j
                elif calls[i]["kind"] == "video":
                    self._video(calls[i])
                    i += 1
                elif calls[i]["kind"] == "feed_upload":
                    self._feed_upload(calls[i])
                    i += 1
                else:
                    self._one(calls[i])
                    i += 1
        except Cancelled:
            if self.journal:
                self.journal.event("cancelled; run again to resume")
            raise
        if self.journal:
            self.journal.finish("done")
            result.created = self.journal.created()
        result.results = dict(results)
        return result

    def _open_journal(self, result: PublishResult) -> bool:
        """Resumes the latest unfinished journal of this plan, or starts one. False: already done."""
        fp = fingerprint(self.plan, self.account)
        # refuses while a journal is damaged, --new or not: it may hold a half-built publish
        Journal.all_in(self.folder)
        latest = None if self.new else Journal.latest_for(self.folder, self.account, fp)
        if latest is not None and latest.state == "done":
            self.journal = latest
            result.already_done, result.publish_id, result.journal_path = True, latest.publish_id, latest.path
            self.notify(f"this plan was published to {self.account} already (journal {latest.path.name}); "
                        "nothing to do (use --new to publish it again)")
            return False
        if latest is not None:
            self.journal, result.resumed = latest, True
            self.notify(f"resuming publish {latest.publish_id} from its journal")
            latest.fill_missing_kinds({c["id"]: c["kind"] for c in self.plan["calls"]})
            latest.event("resumed")
        else:
            self.journal = Journal.create(self.folder, account=self.account, project=str(self.plan.get("project", "")),
                                          fingerprint=fp, api_version=self.client.api_version,
                                          summary=self.plan.get("summary"),
                                          assets=(self.plan.get("dcstudio") or {}).get("assets"))
        result.publish_id, result.journal_path = self.journal.publish_id, self.journal.path
        return True

    def _tick(self, call_id: str, kind: str, state: str) -> None:
        with self._lock:
            self._done += 1
            done = self._done
        self.step(call_id, kind, state)
        self._progress(done, len(self.plan["calls"]))

    def tagged_name(self, call: dict) -> str:
        base = str(call.get("params", {}).get("name") or call["id"])
        return f"{base} [dc-{self.journal.tag} {call['id']}]" if self.journal else base

    # -- one create -------------------------------------------------------------------------
    def _one(self, call: dict) -> None:
        cid, kind = call["id"], call["kind"]
        if cid in self._results:
            return self._tick(cid, kind, "done earlier (journal)")
        if self.mode == "validate_only" and kind in CATALOG_EDGES:
            # validate_only is an option of the ad objects' edges; a catalog object is made or not
            self._result.validated[cid] = "skipped: catalog objects are not validated"
            return self._tick(cid, kind, "skipped")
        try:
            path = call_path(call, self.account, self._results)
            call = dict(call, path=path)  # the lookups below read the object's own edge
            params = resolve(call.get("params", {}), self._results)
        except KeyError as missing:
            if self.mode == "validate_only":
                self._result.validated[cid] = f"skipped: needs {missing.args[0]}, which a validation does not create"
                return self._tick(cid, kind, "skipped")
            raise BadInputError(f"export plan: call {cid!r} needs {missing.args[0]}, "
                                "which no earlier call returned") from None
        if self.mode == "validate_only":
            params["execution_options"] = ["validate_only"]
            self.step(cid, kind, "validating")
            try:
                self.client.post(path, params)
            except (AuthError, Cancelled):
                raise
            except GraphError as exc:
                self._result.validated[cid] = str(exc)
                self._result.problems.append(self._explain(exc, call, params, validating=True))
                return self._tick(cid, kind, "refused")
            self._result.validated[cid] = "ok"
            return self._tick(cid, kind, "valid")
        params["name"] = name = self.tagged_name(call)
        entry = self.journal.entry(cid)
        if entry and entry.get("state") == "sent":
            try:
                found = self._find_existing(call, name)
            except LookupIncomplete as exc:
                raise self._stopped(exc) from None
            if found is None and self._settling(entry):
                try:
                    found = self._find_existing(call, name)
                except LookupIncomplete as exc:
                    raise self._stopped(exc) from None
            if found is not None:
                self.journal.record_result(cid, found, note="found on the server after an interrupted run")
                self._results[cid] = found
                self._result.found_after_interruption.append(cid)
                return self._tick(cid, kind, "found (created before the interruption)")
        self.journal.record_intent(cid, kind, name, path)
        self.step(cid, kind, "sending")
        try:
            answer = self.client.post(path, params, recover=lambda: self._find_existing(call, name))
        except GraphError as exc:
            found = self._same_filter_set(call, path, params, exc) if kind == "product_set" else None
            if found is None:
                self.journal.record_failure(cid, str(exc))
                raise self._failure(exc, call, params) from None
            self.journal.record_result(cid, found, note=f"reused: the catalog holds a set with this filter "
                                                        f"({SAME_FILTER_ERROR}), {found['id']}")
            self._results[cid] = found
            return self._tick(cid, kind, f"reused {found['id']} (same filter)")
        except LookupIncomplete as exc:  # the answer was lost and the object could not be ruled out
            raise self._stopped(exc) from None
        self.after_answer(cid)
        picked = {f: answer[f] for f in call.get("returns", ["id"]) if f in answer}
        if len(picked) != len(call.get("returns", ["id"])):
            raise BadInputError(f"{call_path(call, self.account)}: the answer lacks {call.get('returns')}")
        self.journal.record_result(cid, picked)
        self._results[cid] = picked
        self._tick(cid, kind, f"created {picked.get('id', '')}".strip())

    def _settling(self, entry: dict) -> bool:
        """True (after waiting) when ``entry`` was sent less than SETTLE_SECONDS ago: a create cut
        off mid-way (a cancel, a kill, a dropped connection) may still be carried out by the
        server after the client stopped waiting, so it is looked up once more before it is sent
        again. Only a run resumed at once waits; the wait ends on cancel."""
        try:
            sent = datetime.strptime(entry.get("sent", ""), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        except (TypeError, ValueError):
            return False
        # The journal keeps whole seconds: count from the end of the second it names.
        left = SETTLE_SECONDS + 1 - (datetime.now(timezone.utc) - sent).total_seconds()
        if left <= 0:
            return False
        self.cancel.wait(left)
        if self.cancel.is_set():
            raise Cancelled("publish cancelled")
        return True

    def _find_existing(self, call: dict, name: str) -> dict | None:
        return ObjectLookup(self.client, self.account, self.journal, self.lookup_limit).find(call, name)

    def _stopped(self, exc: LookupIncomplete) -> LookupIncomplete:
        """The publish stops on an incomplete lookup; the entry stays "sent", so the next run
        looks for the object again (with the limit it is given then)."""
        self.journal.record_failure(exc.call_id, str(exc).splitlines()[0])
        return LookupIncomplete("\n".join([str(exc), *self._created_lines(unsure=True)]), call_id=exc.call_id,
                                name=exc.name, read=exc.read, journal_path=self.journal.path, by_limit=exc.by_limit)

    def _same_filter_set(self, call: dict, path: str, params: dict, exc: GraphError) -> dict | None:
        """Meta refuses a second set with the filter of one the catalog holds (10803): that set,
        looked up by its filter, is the one this call would have made."""
        if SAME_FILTER_ERROR not in (exc.code, exc.subcode):
            return None
        found = find_set_with_filter(self.client, path, params.get("filter"))
        if found is None:
            self.notify(f"{path}: Meta says a set with this filter exists ({SAME_FILTER_ERROR}), but none was found")
        return found

    # -- the feed upload ----------------------------------------------------------------------
    def _feed_upload(self, call: dict) -> None:
        """The feed file to ``/{feed_id}/uploads`` as multipart ``file``. Not looked up after an
        interruption: an upload has no name, and sending the same file again changes nothing."""
        cid = call["id"]
        if cid in self._results:
            return self._tick(cid, "feed_upload", "done earlier (journal)")
        if self.mode == "validate_only":
            self._result.validated[cid] = "skipped: a feed upload is not validated"
            return self._tick(cid, "feed_upload", "skipped")
        try:
            path = call_path(call, self.account, self._results)
        except KeyError as missing:
            raise BadInputError(f"export plan: call {cid!r} needs {missing.args[0]}, which no earlier call "
                                "returned") from None
        name, data = feed_bytes(call, self.project, self.plan_dir)
        self.journal.record_intent(cid, "feed_upload", name, path)
        self.step(cid, "feed_upload", "uploading")
        try:
            answer = self.client.post(path, {}, files={"file": (name, data)})
        except GraphError as exc:
            self.journal.record_failure(cid, str(exc))
            raise self._failure(exc, call, {"file": call["file"]}) from None
        self.after_answer(cid)
        if not answer.get("id"):
            raise BadInputError(f"{path}: the answer holds no upload id")
        result = {"id": str(answer["id"]), "feed_id": path.split("/", 1)[0]}
        self.journal.record_result(cid, result)
        self._results[cid] = result
        self._tick(cid, "feed_upload", f"uploaded {result['id']}")

    # -- videos -----------------------------------------------------------------------------
    def _video(self, call: dict) -> None:
        cid = call["id"]
        if cid in self._results:
            return self._tick(cid, "video", "done earlier (journal)")
        if self.mode == "validate_only":  # an upload cannot be validated without being made
            self._result.validated[cid] = "skipped: a video upload is not validated"
            return self._tick(cid, "video", "skipped")
        source = video_source(call, self.project, self.plan_dir)
        upload = VideoUpload(self.client, self.journal, call, call_path(call, self.account), source, step=self.step,
                             cancel=self.cancel, after_answer=self.after_answer, notify=self.notify,
                             poll_seconds=self.video_poll, timeout=self.video_timeout)
        try:
            result = upload.run()
        except GraphError as exc:
            self.journal.record_failure(cid, str(exc))
            raise self._failure(exc, call, call.get("params", {})) from None
        self.journal.record_result(cid, result)
        self._results[cid] = result
        self._tick(cid, "video", f"uploaded {result['id']}")

    # -- images -----------------------------------------------------------------------------
    def _images(self, batch: list[dict]) -> None:
        todo = []
        for call in batch:
            if call["id"] in self._results:
                self._tick(call["id"], "image", "done earlier (journal)")
            else:
                todo.append(call)
        if not todo:
            return
        groups: dict[str, list[tuple[dict, bytes]]] = {}
        for call in todo:  # read every file first: a bad one stops the run before any upload
            data = image_bytes(call, self.project, self.plan_dir)
            groups.setdefault(hashlib.sha256(data).hexdigest(), []).append((call, data))
        self._reuse_known(groups)
        if not groups:
            return
        # When one upload fails the others send nothing more, but one already sent is not cut
        # off: the server may have stored the image, and only its answer gives the hash that
        # the journal and the hash cache keep, so a resume does not upload it again.
        stop = threading.Event()
        with ThreadPoolExecutor(max_workers=self.parallel_uploads, thread_name_prefix="dc-upload") as pool:
            futures = [pool.submit(self._upload, sha, items, stop) for sha, items in groups.items()]
            try:
                for future in as_completed(futures):
                    future.result()
            except BaseException:
                stop.set()
                for future in futures:
                    future.cancel()
                raise

    def _reuse_known(self, groups: dict) -> None:
        known = self.images.known(self.account)
        candidates = {sha: known[sha] for sha in groups if sha in known}
        if not candidates:
            return
        # Every page of the answer: one page holds 25 by default, and an image missed there
        # would be uploaded again for nothing.
        hashes = sorted(set(candidates.values()))
        present = set()
        for start in range(0, len(hashes), HASHES_PER_LOOKUP):
            chunk = hashes[start:start + HASHES_PER_LOOKUP]
            present |= {item.get("hash") for item in self.client.each(
                f"{self.account}/adimages", {"hashes": chunk, "fields": "hash,status", "limit": len(chunk)})
                if item.get("status", "ACTIVE") == "ACTIVE"}
        for sha, image_hash in candidates.items():
            if image_hash not in present:
                self.images.forget(self.account, sha)
                continue
            for call, _ in groups.pop(sha):
                self._record_image(call, {"hash": image_hash}, note="reused: already in the ad account")
                self._result.reused_images += 1
                self._tick(call["id"], "image", f"reused {image_hash}")

    @staticmethod
    def _image_name(call: dict) -> str:
        return str(call.get("params", {}).get("name") or Path(call["file"]).name)[:100]  # Meta's limit

    def _upload(self, sha: str, items: list[tuple[dict, bytes]], stop: threading.Event) -> None:
        if stop.is_set():
            return
        call, data = items[0]
        name = self._image_name(call)
        path = call_path(call, self.account)
        if self.journal:
            self.journal.record_intent(call["id"], "image", name, path)
        self.step(call["id"], "image", "uploading")
        try:
            answer = self.client.post(path, {"bytes": base64.b64encode(data).decode("ascii"), "name": name}, stop=stop)
        except GraphError as exc:
            if self.journal:
                self.journal.record_failure(call["id"], str(exc))
            raise self._failure(exc, call, {"name": name}) from None
        self.after_answer(call["id"])
        images = answer.get("images") or {}
        info = images.get(name) or next(iter(images.values()), None)
        if not isinstance(info, dict) or not info.get("hash"):
            raise BadInputError(f"{path}: the answer holds no image hash")
        self.images.put(self.account, sha, info["hash"])
        with self._lock:
            self._result.uploaded_images += 1
        for other, _ in items:
            self._record_image(other, {"hash": info["hash"], **({"url": info["url"]} if info.get("url") else {})},
                               note="" if other is call else f"same bytes as {call['id']}")
            self._tick(other["id"], "image", f"uploaded {info['hash']}")

    def _record_image(self, call: dict, result: dict, note: str = "") -> None:
        if self.journal:  # kind and name go into the same save as the result (a reused image has no intent entry)
            self.journal.record_result(call["id"], {**result}, kind="image", name=self._image_name(call), note=note)
        with self._lock:
            self._results[call["id"]] = result

    # -- failures ---------------------------------------------------------------------------
    def asset_index(self) -> AssetIndex:
        hashes = {}
        for call in self.plan["calls"]:
            if call["kind"] == "image" and call["id"] in getattr(self, "_results", {}):
                hashes[self._results[call["id"]]["hash"]] = call["id"].removeprefix("image-")
        return AssetIndex(self.project, hashes)

    def _explain(self, exc: GraphError, call: dict, params: dict, *, validating: bool = False) -> str:
        verb = "did not pass validation" if validating else "was refused"
        lines = [f"{KIND_TITLES[call['kind']]} {call['id']!r} {verb}: {exc}"]
        index = self.asset_index()
        lines += [f"  blamed: {index.blamed(params, spec)}" for spec in exc.blamed_fields]
        return "\n".join(lines)

    def _failure(self, exc: GraphError, call: dict, params: dict) -> PublishFailed:
        lines = [self._explain(exc, call, params)]
        if isinstance(exc, AuthError):
            lines.append("  the access token is not accepted: set a new one with `dcstudio token set` "
                         "(or in the publish dialog), then run the same command to resume")
        elif isinstance(exc, RetryLimitError):
            lines.append("  nothing is lost: run the same command later to resume")
        lines += self._created_lines()
        created = self.journal.created() if self.journal else []
        index = self.asset_index()
        blamed = [index.blamed(params, spec) for spec in exc.blamed_fields]
        return PublishFailed("\n".join(lines), error=exc, call_id=call["id"], created=created,
                             journal_path=self.journal.path if self.journal else None, blamed=blamed)

    def _created_lines(self, *, unsure: bool = False) -> list[str]:
        created = self.journal.created() if self.journal else []
        if created:
            lines = ["already created (kept as sent; the next run resumes after them):"]
            lines += [f"  {KIND_TITLES.get(c['kind'], c['kind'])} {c['result'].get('id', '')}  {c.get('name', '')}"
                      for c in created]
        else:
            lines = [f"nothing {'else ' if unsure else ''}was created in the ad account"]
        if self.journal:
            lines.append(f"journal: {self.journal.path}")
        return lines
