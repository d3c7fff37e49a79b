"""One journal per publish, in the project folder: what was about to be sent and what came back.

An entry is written (atomically) BEFORE each call, with the name that identifies the object on
the server, and again AFTER with the id the server returned. A run killed between the two
leaves an entry in state "sent": the next run asks the server whether the object exists
before sending the call again. Never holds a token.
"""
from __future__ import annotations

import json
import re
import secrets
import threading
from datetime import datetime, timezone
from pathlib import Path

from dcstudio.core.values.atomic import atomic_write_text
from dcstudio.core.values.errors import DcError, ProjectFileError
from dcstudio.core.values.json_input import JsonInputError, parse_json

FOLDER = "publish"  # inside the project folder
JOURNAL_VERSION = 1


# Fields every journal has (``create`` writes them all), with their type, checked on load so a
# damaged or hand-edited journal is a message, not a KeyError in the middle of a publish.
_FIELDS = {"publish_id": str, "tag": str, "account": str, "plan_fingerprint": str, "state": str,
           "calls": dict, "events": list}
_ENTRY_FIELDS = {"kind": str, "name": str, "state": str, "result": dict, "upload": dict}
_TYPE_NAMES = {str: "a string", dict: "an object", list: "a list"}


class DamagedJournal(ProjectFileError):
    """A journal of the project cannot be read. Publishing stops while it is there: what it
    recorded (maybe a campaign half built) is unknown, and starting over would duplicate it."""

    def __init__(self, path, problem: str, field: str | None = None):
        path = Path(path)
        tag = re.search(r"-([0-9a-f]{6})\.json$", path.name)
        tagged = f" (their names end in [dc-{tag.group(1)} ...])" if tag else ""
        self.advice = (f"publishing this project is refused while this journal cannot be read: check in Ads Manager "
                       f"what that publish created{tagged}, then move the file out of {path.parent} and publish again")
        super().__init__(path, f"publish journal cannot be read: {problem}; {self.advice}", field)
        self.problem = problem


class JournalWriteError(DcError):
    """The journal could not be saved (a full disk, a folder gone read-only)."""

    def __init__(self, path, reason: str, more: str = ""):
        self.path, self.reason = Path(path), reason
        super().__init__(f"the publish journal {self.path} cannot be written: {reason}" + (f"\n{more}" if more else ""))


def _check(data, path: Path) -> dict:
    if not isinstance(data, dict):
        raise DamagedJournal(path, "it is not a JSON object")
    if data.get("journal_version") != JOURNAL_VERSION:
        raise DamagedJournal(path, f"journal_version {data.get('journal_version')!r} is not one this dcstudio "
                                   f"reads (expected {JOURNAL_VERSION})")
    for key, kind in _FIELDS.items():
        if key not in data:
            raise DamagedJournal(path, "the field is missing", key)
        if not isinstance(data[key], kind):
            raise DamagedJournal(path, f"must be {_TYPE_NAMES[kind]}, not {type(data[key]).__name__}", key)
    for call_id, entry in data["calls"].items():
        if not isinstance(entry, dict):
            raise DamagedJournal(path, f"must be an object, not {type(entry).__name__}", f"calls.{call_id}")
        for key, kind in _ENTRY_FIELDS.items():
            if key in entry and not isinstance(entry[key], kind):
                raise DamagedJournal(path, f"must be {_TYPE_NAMES[kind]}, not {type(entry[key]).__name__}",
                                     f"calls.{call_id}.{key}")
        if entry.get("state") == "done" and "result" not in entry:
            raise DamagedJournal(path, "a done call needs its result", f"calls.{call_id}")
    return data


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Journal:
    def __init__(self, path: Path, data: dict):
        self.path = Path(path)
        self.data = data
        self._lock = threading.Lock()

    # -- opening ----------------------------------------------------------------------------
    @classmethod
    def create(cls, folder, *, account: str, project: str, fingerprint: str, api_version: str,
               summary: dict | None = None, assets: dict | None = None) -> Journal:
        tag = secrets.token_hex(3)
        # Microseconds: journals are ordered by file name, and two publishes of one plan can
        # start within a second (``--new``); with whole seconds the random tag decided.
        publish_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ") + "-" + tag
        data = {"journal_version": JOURNAL_VERSION, "publish_id": publish_id, "tag": tag, "account": account,
                "project": project, "plan_fingerprint": fingerprint, "api_version": api_version,
                "summary": summary or {}, "state": "running", "started": _now(), "updated": _now(),
                "calls": {}, "events": []}
        if assets:  # what each ad showed, as published: the insights join rows to it (plan_meta.py)
            data["assets"] = assets
        journal = cls(Path(folder) / FOLDER / f"{publish_id}.json", data)
        journal.save()
        return journal

    @classmethod
    def load(cls, path) -> Journal:
        """Raises DamagedJournal naming the file (and the field) when it cannot be used."""
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DamagedJournal(path, exc.strerror or type(exc).__name__) from None
        try:
            data = parse_json(raw)
        except JsonInputError as exc:
            raise DamagedJournal(path, exc.problem, exc.field or None) from None
        return cls(path, _check(data, path))

    @classmethod
    def all_in(cls, folder) -> list[Journal]:
        """Every journal in the project folder, oldest first. Raises DamagedJournal for one that
        cannot be read: skipping it would start the publish over under a new tag."""
        return [cls.load(path) for path in sorted((Path(folder) / FOLDER).glob("*.json"))
                if path.name != "image-hashes.json"]

    @classmethod
    def latest_for(cls, folder, account: str, fingerprint: str) -> Journal | None:
        matches = [j for j in cls.all_in(folder)
                   if j.data["account"] == account and j.data["plan_fingerprint"] == fingerprint]
        return matches[-1] if matches else None

    # -- reading ----------------------------------------------------------------------------
    @property
    def publish_id(self) -> str:
        return self.data["publish_id"]

    @property
    def tag(self) -> str:
        return self.data["tag"]

    @property
    def state(self) -> str:
        return self.data["state"]

    def entry(self, call_id: str) -> dict | None:
        return self.data["calls"].get(call_id)

    def results(self) -> dict[str, dict]:
        return {cid: e["result"] for cid, e in self.data["calls"].items() if e.get("state") == "done"}

    def created(self) -> list[dict]:
        """Objects this publish created (images left out: they are reusable, not ads)."""
        return [{"call": cid, **e} for cid, e in self.data["calls"].items()
                if e.get("state") == "done" and e.get("kind") != "image"]

    # -- writing ----------------------------------------------------------------------------
    def save(self) -> None:
        with self._lock:
            self.data["updated"] = _now()
            text = json.dumps(self.data, indent=2, ensure_ascii=False, sort_keys=False)
            try:
                atomic_write_text(self.path, text + "\n")
            except OSError as exc:  # the old file stays whole (atomic); memory holds what was not saved
                raise JournalWriteError(self.path, exc.strerror or type(exc).__name__) from None

    def _entry(self, call_id: str, kind: str | None, name: str | None) -> dict:
        """The call's entry, made complete (kind, and name when known) before anything is saved.
        Callers hold the lock. A resume trusts what is on disk, so an entry is never saved half-made."""
        entry = self.data["calls"].get(call_id)
        if entry is None:
            if not kind:
                raise ValueError(f"journal: the first entry of call {call_id!r} needs its kind")
            entry = self.data["calls"][call_id] = {"kind": kind}
        elif kind:
            entry["kind"] = kind
        if name and not entry.get("name"):
            entry["name"] = name
        return entry

    def record_intent(self, call_id: str, kind: str, name: str, path: str) -> None:
        with self._lock:
            self.data["calls"][call_id] = {"kind": kind, "name": name, "path": path, "state": "sent", "sent": _now()}
        self.save()

    def record_upload(self, call_id: str, name: str, path: str, upload: dict) -> None:
        """A video upload's progress (session, video id, offsets, chunks sent, phase), saved after
        each phase and each chunk: a resumed run carries on from it, never from the start."""
        with self._lock:
            entry = self._entry(call_id, "video", name)
            entry.setdefault("path", path)
            entry.setdefault("sent", _now())
            entry.update(state="sent", upload=json.loads(json.dumps(upload)))
        self.save()

    def record_result(self, call_id: str, result: dict, *, kind: str | None = None, name: str | None = None,
                      note: str = "") -> None:
        """``kind`` (and ``name``) are required when the call has no entry yet, e.g. a reused
        image, which is never sent: the entry is written whole, in one atomic save."""
        with self._lock:
            entry = self._entry(call_id, kind, name)
            entry.update(state="done", result=result, done=_now())
            if note:
                entry["note"] = note
        self.save()

    def record_failure(self, call_id: str, message: str, *, kind: str | None = None) -> None:
        with self._lock:
            entry = self._entry(call_id, kind, None)
            entry.update(error=message, failed=_now())
            self.data["state"] = "failed"
        self.save()

    def fill_missing_kinds(self, kinds: dict[str, str]) -> list[str]:
        """Journals saved by earlier versions may hold entries without a kind (a reused image's
        kind was set after its save): fill them in from the plan (call id -> kind), saved at once."""
        with self._lock:
            filled = [cid for cid, entry in self.data["calls"].items() if not entry.get("kind") and cid in kinds]
            for cid in filled:
                self.data["calls"][cid]["kind"] = kinds[cid]
        if filled:
            self.save()
        return filled

    def event(self, message: str) -> None:
        with self._lock:
            self.data["events"].append({"at": _now(), "message": message})
        self.save()

    def finish(self, state: str = "done") -> None:
        with self._lock:
            self.data["state"] = state
        self.save()
