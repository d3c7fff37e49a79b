"""What opening a project remembers between runs, so that it does not redo the same work: the
content hashes of its files, by file identity, and the project documents already found valid.

A file's sha256 is kept with its size, modification time (ns) and inode in ``hashes.sqlite`` in the
user's cache folder; while all three are the same, the file is taken to be the same, as rsync and
make take it. Any trouble with the memo (a locked or broken database, an unwritable folder) only
means the file is read and hashed again: the memo never answers what it is not sure of.

A file smaller than ``MEMO_FROM_BYTES`` is hashed without asking the memo: sha256 reads a 1 MiB
file in about a millisecond, what a look-up and a commit in the memo cost, and a project of
small files (the demo, opened as a new scratch copy each time) then never writes to the memo.

A project document that passed the schema check is remembered by the sha256 of its JSON and of the
schema (``known_valid``): reopening it unchanged skips the check, whose validator alone takes ~10
ms to import, a tenth of the window's first screen (issue 15). Only a pass is remembered: a
document with a problem is checked every time, so its message is always the validator's.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path

from dcstudio.core.model.images import sha256_file
from dcstudio.core.values.cache_dir import user_cache_root

MEMO_FILE = "hashes.sqlite"
MEMO_FROM_BYTES = 1 << 20


def _connect() -> sqlite3.Connection:
    folder = user_cache_root()
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / MEMO_FILE, timeout=2)
    # A cache: a write lost to a power cut only means hashing again, so no fsync per commit.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("CREATE TABLE IF NOT EXISTS hashes (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
               "inode INTEGER, sha256 TEXT)")
    db.execute("CREATE TABLE IF NOT EXISTS valid_documents (key TEXT PRIMARY KEY)")
    return db


def file_sha256(path: Path) -> str:
    """The sha256 of ``path``, from the memo when the file is unchanged since it was last hashed."""
    path = Path(path).resolve()
    st = path.stat()
    if st.st_size < MEMO_FROM_BYTES:
        return sha256_file(path)
    identity = (st.st_size, st.st_mtime_ns, st.st_ino)
    try:
        with closing(_connect()) as db:
            row = db.execute("SELECT size, mtime_ns, inode, sha256 FROM hashes WHERE path = ?", (str(path),)).fetchone()
    except (sqlite3.Error, OSError):
        row = None
    if row is not None and tuple(row[:3]) == identity:
        return row[3]
    digest = sha256_file(path)
    try:
        with closing(_connect()) as db, db:
            db.execute("INSERT OR REPLACE INTO hashes VALUES (?, ?, ?, ?, ?)", (str(path), *identity, digest))
    except (sqlite3.Error, OSError):
        pass
    return digest


def document_key(doc: dict, schema_text: str) -> str:
    """The key under which ``doc`` (parsed JSON) is remembered as valid against ``schema_text``."""
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{hashlib.sha256(schema_text.encode()).hexdigest()}\n{text}".encode()).hexdigest()


def known_valid(key: str) -> bool:
    try:
        with closing(_connect()) as db:
            return db.execute("SELECT 1 FROM valid_documents WHERE key = ?", (key,)).fetchone() is not None
    except (sqlite3.Error, OSError):
        return False


def remember_valid(key: str) -> None:
    try:
        with closing(_connect()) as db, db:
            db.execute("INSERT OR IGNORE INTO valid_documents VALUES (?)", (key,))
    except (sqlite3.Error, OSError):
        pass
