"""One publish at a time per project: an exclusive OS lock on a file in the project's publish folder.

Two publishes of one project at once both find no journal, or the same unfinished one, and
both create the campaign. So a run holds this lock from before it reads the journals until it
ends, across processes and across the window and the command line. It is an OS file lock
(flock on POSIX, msvcrt.locking on Windows): the system drops it when its process dies, so a
crashed or killed run never blocks the next one, and no stale-lock guessing is needed.

The file holds who has the lock (pid, host, start time, cli or window), for the message the
refused run shows. It is never deleted: a run that deleted it could leave a later run locking
a file nobody else can find.
"""
from __future__ import annotations

import json
import os
import socket
import time
from datetime import datetime, timezone
from pathlib import Path

from dcstudio.core.platforms.meta.publish.journal import FOLDER
from dcstudio.core.values.errors import DcError

LOCK_FILE = "publish.lock"
OWNERS = ("cli", "window")
# Windows forbids reading bytes another handle has locked, so the lock covers one byte far past
# the holder's details, which stay readable to the run that is refused.
_WINDOWS_LOCK_OFFSET = 1 << 30
_HOLDER_WAITS = 20  # x 50 ms

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class PublishLocked(DcError):
    """Another publish of this project is running. ``holder`` is what it wrote about itself."""

    def __init__(self, path: Path, holder: dict):
        self.path, self.holder = Path(path), holder
        super().__init__(f"another publish of this project is running ({describe(holder)}); nothing was sent. "
                         f"Wait for it to finish, then run again (lock file: {self.path})")


def describe(holder: dict) -> str:
    if not holder:
        return "it has just started"
    where = {"cli": "from the command line", "window": "from the studio window"}.get(holder.get("owner"), "")
    parts = [f"process {holder.get('pid', '?')} on {holder.get('host', '?')}", where,
             f"since {holder['started']}" if holder.get("started") else ""]
    return " ".join(p for p in parts if p)


class PublishLock:
    """``with PublishLock(project_folder, "cli"):`` holds the lock, or raises PublishLocked."""

    def __init__(self, folder, owner: str):
        if owner not in OWNERS:
            raise ValueError(f"publish lock owner must be one of {OWNERS}, not {owner!r}")
        self.path = Path(folder) / FOLDER / LOCK_FILE
        self.owner = owner
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            holder = _read_holder(fd)
            # The holder writes its details just after it takes the lock: give it a moment, so
            # the message can say who it is.
            for _ in range(_HOLDER_WAITS):
                if holder:
                    break
                time.sleep(0.05)
                holder = _read_holder(fd)
            os.close(fd)
            raise PublishLocked(self.path, holder)
        self._fd = fd
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "owner": self.owner,
                  "started": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, (json.dumps(holder) + "\n").encode("utf-8"))

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)  # no one holds it now; the details would mislead
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> PublishLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _read_holder(fd: int) -> dict:
    """What the holder wrote; {} while it has not written yet (or the file was tampered with):
    the OS lock alone decides, the details are only for the message."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096)
        holder = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(holder, dict):
        return {}
    return {k: str(holder[k])[:100] for k in ("pid", "host", "owner", "started") if k in holder}
