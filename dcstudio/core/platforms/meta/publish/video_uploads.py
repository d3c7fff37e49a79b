"""Uploading a video to act_<id>/advideos in chunks, resumable, then waiting for Meta to process it.

The classic resumable flow of Meta's SDK (video_uploader.py): ``upload_phase=start`` with the
file size gives an upload session, the video id and the first chunk's offsets; each
``upload_phase=transfer`` sends the bytes from ``start_offset`` and the answer gives the next
offsets, until start equals end; ``upload_phase=finish`` closes the session. Then
``GET /{video_id}?fields=status`` until ``status.video_status`` is ``ready``.

The journal holds the session, the offsets and every chunk sent, saved after each answer. A run
cut off anywhere (a dropped connection, kill -9) resumes the same session: a transfer from an
offset the server has passed is answered with an error whose error_data gives the server's
offsets, and the upload carries on from those. It never starts over while the session is known,
so the account never gets a second video. (A start whose answer was lost leaves an empty session
with no video: Meta discards it; the resumed run starts a new one.)
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from pathlib import Path

from dcstudio.core.platforms.meta.publish.graph_errors import GraphError
from dcstudio.core.values.errors import Cancelled, DcError, VideoError

POLL_SECONDS = 5.0
PROCESSING_TIMEOUT = 30 * 60.0  # Meta processes most ad videos in minutes; a long 4K one takes more
READ_BLOCK = 1 << 20


class VideoProcessingFailed(DcError):
    """Meta took the file but could not process it (a damaged or unsupported video)."""


class VideoStillProcessing(DcError):
    """The wait for processing ran out; the video is uploaded, a later run waits again."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _offsets(source: dict) -> tuple[int, int] | None:
    try:
        return int(source["start_offset"]), int(source["end_offset"])
    except (KeyError, TypeError, ValueError):
        return None


def video_source(call: dict, project=None, plan_dir: Path | None = None) -> Path:
    """The file a video call uploads: the bundle's copy, else the project's asset file; its bytes
    must be those the plan was made from. Raises VideoError naming the file."""
    from dcstudio.core.platforms.meta.publish.image_uploads import bundle_file

    path = bundle_file(call, plan_dir) if plan_dir is not None else None
    if path is None:
        asset = project.find(call["id"].removeprefix("video-")) if project is not None else None
        if asset is None or project.pool_of(asset.id) != "videos" or not asset.file:
            where = f"{plan_dir}/{call['file']}" if plan_dir is not None else call["file"]
            raise VideoError(where, f"no such file, and no video asset of the project for call {call['id']!r}")
        path = project.resolve(asset.file)
    if not path.is_file():
        raise VideoError(path, "file is missing; relink the video or export again")
    if file_sha256(path) != call["sha256"]:
        raise VideoError(path, "differs from the file the export plan was made from (sha256); export again")
    return path


class VideoUpload:
    def __init__(self, client, journal, call: dict, path: str, source: Path, *,
                 step: Callable[[str, str, str], None], cancel: threading.Event,
                 after_answer: Callable[[str], None] = lambda phase: None,
                 notify: Callable[[str], None] = lambda message: None,
                 poll_seconds: float = POLL_SECONDS, timeout: float = PROCESSING_TIMEOUT):
        self.client, self.journal, self.call, self.path, self.source = client, journal, call, path, Path(source)
        self.cid = call["id"]
        self.name = str(call.get("params", {}).get("name") or self.source.name)
        self.step, self.cancel, self.after_answer, self.notify = step, cancel, after_answer, notify
        self.poll_seconds, self.timeout = poll_seconds, timeout

    # -- the run ----------------------------------------------------------------------------
    def run(self) -> dict:
        size = self.source.stat().st_size
        entry = self.journal.entry(self.cid) or {}
        upload = dict(entry.get("upload") or {})
        if upload and upload.get("file_size") != size:
            raise VideoError(self.source, "has changed since its upload began (its size differs); export again")
        if not upload.get("session"):
            upload = self._start(size)
        if upload["phase"] == "transfer":
            upload = self._transfer(upload)
        if upload["phase"] == "finishing":
            upload = self._finish(upload)
        self._wait_ready(upload)
        return {"id": upload["video_id"]}

    def _save(self, upload: dict) -> None:
        self.journal.record_upload(self.cid, self.name, self.path, upload)

    def _start(self, size: int) -> dict:
        self._save({"phase": "starting", "file_size": size})  # before the call: a lost answer is seen on resume
        self.step(self.cid, "video", "starting the upload")
        answer = self.client.post(self.path, {"upload_phase": "start", "file_size": size})
        offsets = _offsets(answer)
        if not answer.get("upload_session_id") or not answer.get("video_id") or offsets is None:
            raise DcError(f"{self.path}: the answer to upload_phase=start lacks the upload session, the video id "
                          "or the offsets")
        upload = {"phase": "transfer", "file_size": size, "session": str(answer["upload_session_id"]),
                  "video_id": str(answer["video_id"]), "start_offset": offsets[0], "end_offset": offsets[1],
                  "chunks": []}
        self._save(upload)
        self.after_answer(f"{self.cid}:start")
        return upload

    def _transfer(self, upload: dict) -> dict:
        size = upload["file_size"]
        start, end = upload["start_offset"], upload["end_offset"]
        with open(self.source, "rb") as fh:
            while start < end:
                if self.cancel.is_set():
                    raise Cancelled("publish cancelled")
                fh.seek(start)
                chunk = fh.read(end - start)
                self.step(self.cid, "video", f"uploading {start * 100 // max(1, size)}% ({start:,} of {size:,} bytes)")
                try:
                    fields = {"upload_phase": "transfer", "upload_session_id": upload["session"],
                              "start_offset": start}
                    answer = self.client.post(self.path, fields, files={
                        "video_file_chunk": (self.name, chunk, "application/octet-stream")})
                    offsets = _offsets(answer)
                except GraphError as exc:
                    # The server has more (or less) than we thought, e.g. a chunk whose answer was
                    # lost: it says where to carry on.
                    offsets = _offsets(exc.error_data or {})
                    if offsets is None:
                        raise
                    self.notify(f"video {self.name}: the server has {offsets[0]:,} bytes; carrying on from there")
                if offsets is None:
                    raise DcError(f"{self.path}: the answer to upload_phase=transfer lacks the next offsets")
                upload["chunks"].append([start, offsets[0]])
                start, end = offsets
                upload.update(start_offset=start, end_offset=end)
                self._save(upload)
                self.after_answer(f"{self.cid}:transfer")
        upload["phase"] = "finishing"
        self._save(upload)
        return upload

    def _finish(self, upload: dict) -> dict:
        if self._status(upload) is None:  # not finished yet (a resumed run may find it finished)
            self.step(self.cid, "video", "finishing the upload")
            self.client.post(self.path, {"upload_phase": "finish", "upload_session_id": upload["session"],
                                         "title": self.name})
        upload["phase"] = "processing"
        self._save(upload)
        self.after_answer(f"{self.cid}:finish")
        return upload

    def _status(self, upload: dict) -> dict | None:
        """The video's status, or None when the video does not exist (yet)."""
        try:
            answer = self.client.get(upload["video_id"], {"fields": "status"})
        except GraphError as exc:
            if exc.code == 100:  # "does not exist": an unfinished upload is no video yet
                return None
            raise
        return answer.get("status") if isinstance(answer.get("status"), dict) else {}

    def _wait_ready(self, upload: dict) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            status = self._status(upload) or {}
            state = str(status.get("video_status") or "")
            if state == "ready":
                self.step(self.cid, "video", f"ready {upload['video_id']}")
                return
            if state == "error":
                detail = status.get("processing_phase", {}).get("error", {}).get("message") if isinstance(
                    status.get("processing_phase"), dict) else ""
                raise VideoProcessingFailed(
                    f"video {self.source.name}: Meta could not process it (video {upload['video_id']})"
                    + (f": {detail}" if detail else "") + "; check that the file plays, export it again as H.264 "
                    "MP4, and publish again")
            progress = status.get("processing_progress")
            self.step(self.cid, "video", "processing" + (f" {progress}%" if progress is not None else ""))
            if time.monotonic() >= deadline:
                raise VideoStillProcessing(
                    f"video {self.source.name} (video {upload['video_id']}) is uploaded but Meta is still processing "
                    f"it after {self.timeout / 60:g} min; run the same publish again later: it waits for the same "
                    "video, nothing is uploaded again")
            self.cancel.wait(self.poll_seconds)
            if self.cancel.is_set():
                raise Cancelled("publish cancelled")
