"""Content hashes remembered by file identity, so that opening a project does not read every
photo again to check it has not changed.

A file's sha256 is kept with its size, modification time (ns) and inode in ``hashes.sqlite`` in the
user's cache folder; while all three are the same, the file is taken to be the same, as rsync and
make take it. Any trouble with the memo (a locked or broken database, an unwritable folder) only
means the file is read and hashed again: the memo never answers what it is not sure of.
"""
from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from dcstudio.core.model.images import sha256_file
from dcstudio.core.values.cache_dir import user_cache_root

MEMO_FILE = "hashes.sqlite"


def _connect() -> sqlite3.Connection:
    folder = user_cache_root()
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / MEMO_FILE, timeout=2)
    db.execute("CREATE TABLE IF NOT EXISTS hashes (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
               "inode INTEGER, sha256 TEXT)")
    return db


def file_sha256(path: Path) -> str:
    """The sha256 of ``path``, from the memo when the file is unchanged since it was last hashed."""
    path = Path(path).resolve()
    st = path.stat()
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
