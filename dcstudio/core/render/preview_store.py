"""The persistent preview cache: decoded, cropped media kept on disk between sessions.

Decoding a 12-16 MP photo takes 80-120 ms; a tile of it at 320 px reads back from this cache in
about a millisecond. So a project reopened shows its first screen as fast as the demo, instead
of decoding every photo again.

An entry is one file per (content hash, file size and modification time, crop box, output size):
a changed file (other hash, size or time) or another crop or size is another key, never a
stale picture. The folder is bounded in bytes; the least recently used entries go first (a read
touches its entry's time). Writes go to a temporary file renamed into place, so two processes
writing the same key leave one whole entry. An entry that is damaged (cut short, overwritten,
not ours) is deleted and made again; a cache that cannot be written (read-only, disk full) is
simply not used. None of this ever raises to the caller.

The folder: ``DCSTUDIO_CACHE_DIR`` when set, else platformdirs' user cache dir, ``previews/``.
"""
from __future__ import annotations

import hashlib
import os
import struct
import tempfile
import threading
import zlib
from pathlib import Path

from PIL import Image

from dcstudio.core.values.cache_dir import CACHE_DIR_ENV, user_cache_root  # noqa: F401  (CACHE_DIR_ENV: its name here too)

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
# Bump when the decoding or the entry layout changes: older entries then miss and age out.
FORMAT_VERSION = 1
_MAGIC = b"DCPV"
_HEADER = struct.Struct("<4sHIII")  # magic, version, width, height, crc32 of the pixels
_SUFFIX = ".px"


def preview_cache_dir() -> Path:
    return user_cache_root() / "previews"


def entry_key(sha256: str, path, box, out_size) -> str | None:
    """The entry's name for media of the file at ``path`` with content hash ``sha256``, showing
    ``box`` at ``out_size``; None when the file cannot be looked at (nothing is cached)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    raw = repr((FORMAT_VERSION, sha256, st.st_size, st.st_mtime_ns, tuple(box), tuple(out_size)))
    return hashlib.sha256(raw.encode()).hexdigest()


class PreviewStore:
    """RGB images on disk under string keys (``entry_key``), bounded in bytes, LRU."""

    def __init__(self, folder: Path | None, max_bytes: int = DEFAULT_MAX_BYTES):
        """``folder`` None: ``preview_cache_dir()``, found on first use (by a tile worker: the
        window does not wait for platformdirs to load)."""
        self._folder = Path(folder) if folder is not None else None
        self.max_bytes = max_bytes
        self.hits = self.misses = self.dropped = 0
        self._lock = threading.Lock()
        self._approx_bytes: int | None = None  # what this process knows of the folder's size

    @classmethod
    def default(cls) -> PreviewStore:
        return cls(None)

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = preview_cache_dir()
        return self._folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / (key + _SUFFIX)

    def get(self, key: str) -> Image.Image | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:  # not there, or gone with an eviction by another process
            self.misses += 1
            return None
        image = _decode_entry(data)
        if image is None:
            self.dropped += 1
            self.misses += 1
            _unlink(path)
            return None
        try:
            os.utime(path)  # recency for the eviction, across processes
        except OSError:
            pass
        self.hits += 1
        return image

    def put(self, key: str, image: Image.Image) -> None:
        if image.mode != "RGB":
            return
        data = _encode_entry(image)
        if len(data) > self.max_bytes:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)  # a reader sees the old entry, the new one, or none
            except BaseException:
                _unlink(Path(tmp))
                raise
        except OSError:
            return  # a cache that cannot be written is not used
        with self._lock:
            if self._approx_bytes is not None:
                self._approx_bytes += len(data)
            if self._approx_bytes is None or self._approx_bytes > self.max_bytes:
                self._approx_bytes = self._evict()  # a scan: once, then whenever full

    def total_bytes(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def _entries(self) -> list[tuple[float, int, Path]]:
        found = []
        try:
            shards = list(os.scandir(self.folder))
        except OSError:
            return found
        for shard in shards:
            if not shard.is_dir():
                continue
            try:
                for entry in os.scandir(shard.path):
                    if entry.name.endswith(_SUFFIX):
                        try:
                            st = entry.stat()
                        except OSError:
                            continue
                        found.append((st.st_mtime, st.st_size, Path(entry.path)))
            except OSError:
                continue
        return found

    def _evict(self) -> int:
        """Over the bound, deletes the least recently used entries down to 90% of it (room for the
        next few without a scan each); returns the folder's size."""
        entries = sorted(self._entries())
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return total
        for _, size, path in entries:
            if total <= self.max_bytes * 0.9:
                break
            _unlink(path)
            total -= size
        return total


def _encode_entry(image: Image.Image) -> bytes:
    pixels = image.tobytes()
    return _HEADER.pack(_MAGIC, FORMAT_VERSION, image.width, image.height, zlib.crc32(pixels)) + pixels


def _decode_entry(data: bytes) -> Image.Image | None:
    if len(data) < _HEADER.size:
        return None
    magic, version, width, height, crc = _HEADER.unpack_from(data)
    pixels = memoryview(data)[_HEADER.size:]
    if (magic != _MAGIC or version != FORMAT_VERSION or width <= 0 or height <= 0
            or len(pixels) != width * height * 3 or zlib.crc32(pixels) != crc):
        return None
    return Image.frombytes("RGB", (width, height), bytes(pixels))


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
