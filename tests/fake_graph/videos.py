"""The fake Graph API's ad videos: the resumable upload's three phases on act_<id>/advideos, the
processing that follows, and its failures.

- start (file_size) opens a session and names the video id; the video exists only once the
  session is finished, as in the ad account's library.
- transfer (upload_session_id, start_offset, video_file_chunk) takes the bytes from the offset it
  expects; any other start_offset is refused with error_data holding the offsets it expects,
  which is how a resumed client learns where to carry on.
- finish (upload_session_id) needs every byte; finishing a finished session changes nothing.
- GET /{video_id}?fields=status answers "processing" ``processing_polls`` times, then "ready"
  (or "error" when ``fail_processing`` is set).
"""
from __future__ import annotations

import hashlib
import itertools
import json

from tests.fake_graph.graph_state import ApiError, invalid


class VideoLibrary:
    def __init__(self):
        self.chunk_size = 64 * 1024  # the server decides each chunk's end_offset
        self.processing_polls = 1
        self.fail_processing = ""  # a message: processing ends in video_status "error"
        self.sessions: dict[str, dict] = {}
        self.videos: dict[str, dict] = {}  # finished uploads only
        self.transfers = 0  # chunks taken
        self._ids = itertools.count(930000000000001)

    def post(self, account: str, p: dict, files: dict) -> dict:
        phase = p.get("upload_phase")
        if phase == "start":
            return self._start(account, p)
        session = self.sessions.get(p.get("upload_session_id", ""))
        if session is None or session["account"] != account:
            raise invalid("Invalid upload session", subcode=1363020, blame=[["upload_session_id"]])
        if phase == "transfer":
            return self._transfer(session, p, files)
        if phase == "finish":
            return self._finish(session, p)
        raise invalid("upload_phase must be start, transfer or finish", blame=[["upload_phase"]])

    def _offsets(self, session: dict) -> dict:
        start = len(session["data"])
        return {"start_offset": str(start), "end_offset": str(min(session["size"], start + self.chunk_size))}

    def _start(self, account: str, p: dict) -> dict:
        try:
            size = int(p.get("file_size", ""))
        except ValueError:
            raise invalid("file_size must be a number of bytes", blame=[["file_size"]]) from None
        if size <= 0:
            raise invalid("file_size must be more than 0", blame=[["file_size"]])
        session_id, video_id = str(next(self._ids)), str(next(self._ids))
        self.sessions[session_id] = {"account": account, "size": size, "data": bytearray(), "video_id": video_id,
                                     "finished": False}
        return {"upload_session_id": session_id, "video_id": video_id, **self._offsets(self.sessions[session_id])}

    def _transfer(self, session: dict, p: dict, files: dict) -> dict:
        chunk = files.get("video_file_chunk")
        if chunk is None:
            raise invalid("video_file_chunk is required", blame=[["video_file_chunk"]])
        expected = self._offsets(session)
        if str(p.get("start_offset")) != expected["start_offset"]:
            err = ApiError(6001, "Problem uploading video file: the start offset is not the one expected",
                           subcode=1363037, user_title="Wrong offset",
                           user_msg="Resume the upload from the offsets given.")
            err.body["error"]["error_data"] = json.dumps(expected)
            raise err
        if len(chunk) != int(expected["end_offset"]) - int(expected["start_offset"]):
            raise invalid("video_file_chunk must hold the bytes from start_offset to end_offset")
        session["data"] += chunk
        self.transfers += 1
        return self._offsets(session)

    def _finish(self, session: dict, p: dict) -> dict:
        if len(session["data"]) != session["size"]:
            raise invalid("Upload not complete: some bytes are missing", subcode=1363040)
        if not session["finished"]:
            session["finished"] = True
            self.videos[session["video_id"]] = {
                "id": session["video_id"], "account": session["account"], "title": p.get("title", ""),
                "md5": hashlib.md5(session["data"]).hexdigest(), "polls": 0}
        return {"success": True}

    def read(self, video_id: str) -> dict | None:
        video = self.videos.get(video_id)
        if video is None:
            return None
        video["polls"] += 1
        if video["polls"] <= self.processing_polls:
            status = {"video_status": "processing", "processing_progress": 100 * video["polls"] //
                      (self.processing_polls + 1)}
        elif self.fail_processing:
            status = {"video_status": "error",
                      "processing_phase": {"status": "error", "error": {"message": self.fail_processing}}}
        else:
            status = {"video_status": "ready", "processing_progress": 100}
        return {"id": video_id, "status": status, "title": video["title"]}
