"""A feed's bytes, from a local path or an https:// URL, with their sha256; then the feed inside
(gzip, bz2 or zip taken off), as a local file a reader can stream.

Downloads and decompressed copies go to temporary files next to the catalog, removed when the
import ends, whatever way it ends.
"""
from __future__ import annotations

import bz2
import gzip
import hashlib
import os
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dcstudio.core.catalog.sniff import compression_of
from dcstudio.core.catalog.store import CatalogError
from dcstudio.core.values.errors import BadInputError, Cancelled
from dcstudio.core.values.urls import scheme_problem, shown_url

CHUNK = 1 << 20
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
# What a compressed feed may grow to: Meta takes 100 MB files and recommends under 5M products;
# past this a "feed" is a zip bomb, or a disk filling up.
MAX_FEED_BYTES = 20 * 1024 ** 3


@dataclass(frozen=True)
class Feed:
    path: Path  # the feed's text, as a local file (the original, or a temporary decompressed copy)
    name: str  # what messages call it: the path or URL as given, plus "!member" inside a zip
    compression: str | None  # what the source came in: "gzip", "bz2", "zip" or None
    sha256: str  # of the bytes as fetched, before decompression
    size: int  # of self.path

    @property
    def gzipped(self) -> bool:
        """Whether ``path`` itself is gzip (left for the readers, which stream it); bz2 and zip
        are unpacked into ``path`` first."""
        return self.compression == "gzip"


def is_url(source: str) -> bool:
    return str(source).lower().startswith(("https://", "http://"))


def check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError:  # "https://[::1": a bracket never closed
        raise BadInputError(f"{url.split('?', 1)[0]}: not a URL that can be read") from None
    problem = scheme_problem(parts)
    if problem == "not-http":
        raise BadInputError(f"{shown_url(url)}: not an https:// URL")
    if parts.username or parts.password:
        raise BadInputError(f"{shown_url(url)}: give the URL without a user name or password (they would be "
                            "saved in the project file)")
    if problem == "plain-http":
        raise BadInputError(f"{shown_url(url)}: plain http is allowed only to this machine (127.0.0.1, "
                            "localhost); use https")


def _check_cancel(cancel) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("import cancelled: the catalog is as it was")


def open_feed(source: str, workdir: Path, stack: ExitStack, *, cancel: threading.Event | None = None,
              progress: Callable[[int, int], None] | None = None, max_bytes: int = MAX_FEED_BYTES,
              timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT)) -> Feed:
    """The feed behind ``source`` as a local uncompressed file (gzip is left for the readers,
    which stream it). Temporary files are removed when ``stack`` closes."""
    if is_url(source):
        check_url(source)
        raw, digest = _download(source, workdir, stack, cancel, progress, timeout, max_bytes)
        name = shown_url(source)
    else:
        raw = Path(source)
        if not raw.is_file():
            raise CatalogError(raw, "no such file" if not raw.exists() else "is not a file")
        digest = _sha256(raw, cancel, progress)
        name = str(source)
    with raw.open("rb") as fh:
        magic = fh.read(8)
    kind = compression_of(magic)
    if kind == "bz2":
        text = _unpack(lambda: bz2.open(raw, "rb"), name, workdir, stack, cancel, max_bytes)
    elif kind == "zip":
        member, opener = _zip_member(raw, name)
        name = f"{name}!{member}"
        text = _unpack(opener, name, workdir, stack, cancel, max_bytes)
    else:
        text = raw
    return Feed(text, name, kind, digest, text.stat().st_size)


def _temp(workdir: Path, stack: ExitStack, prefix: str) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=workdir)
    os.close(fd)
    path = Path(tmp)
    stack.callback(lambda: path.unlink(missing_ok=True))
    return path


def _sha256(path: Path, cancel, progress=None) -> str:
    h = hashlib.sha256()
    total = path.stat().st_size
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            _check_cancel(cancel)
            h.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
    _check_cancel(cancel)
    return h.hexdigest()


def _download(url, workdir, stack, cancel, progress, timeout, max_bytes) -> tuple[Path, str]:
    """Downloads on a worker thread, so a cancel (Ctrl-C) stops at once even while the server
    keeps us waiting; the abandoned thread ends at its own timeout, writing only to a removed file."""
    target = _temp(workdir, stack, ".download-")
    box: dict = {}
    stop = threading.Event()
    worker = threading.Thread(target=_fetch_into, args=(url, target, timeout, max_bytes, stop, box),
                              name="catalog-download", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        if cancel is not None and cancel.is_set():
            stop.set()
            raise Cancelled("import cancelled: the catalog is as it was")
        if progress and box.get("total"):
            progress(min(box.get("done", 0), box["total"]), box["total"])
    if "error" in box:
        raise box["error"]
    return target, box["sha256"]


def _fetch_into(url, target: Path, timeout, max_bytes, stop: threading.Event, box: dict) -> None:
    import requests

    shown = shown_url(url)
    h = hashlib.sha256()
    try:
        with requests.get(url, stream=True, timeout=timeout, allow_redirects=True,
                          headers={"Accept-Encoding": "identity"}) as response:
            if response.status_code != 200:
                raise CatalogError(shown, f"the server answered {response.status_code} {response.reason or ''}"
                                          .rstrip() + ": nothing was imported")
            box["total"] = int(response.headers.get("Content-Length") or 0)
            done = 0
            with target.open("wb") as out:
                for chunk in response.iter_content(CHUNK):
                    if stop.is_set():
                        return
                    done += len(chunk)
                    if done > max_bytes:
                        raise CatalogError(shown, f"is larger than {max_bytes // 1024 ** 2} MB: not a feed to import")
                    h.update(chunk)
                    out.write(chunk)
                    box["done"] = done
        box["sha256"] = h.hexdigest()
    except CatalogError as exc:
        box["error"] = exc
    except requests.Timeout:
        box["error"] = CatalogError(shown, f"the server did not answer within {timeout[1]:g} s: try again later")
    except requests.ConnectionError as exc:
        reason = str(exc.args[0] if exc.args else exc).splitlines()[0][:200]
        box["error"] = CatalogError(shown, f"cannot be reached ({reason})")
    except (requests.RequestException, OSError) as exc:
        box["error"] = CatalogError(shown, f"cannot be downloaded ({type(exc).__name__})")


def _zip_member(raw: Path, name: str):
    try:
        archive = zipfile.ZipFile(raw)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CatalogError(name, f"is a broken zip archive ({exc})") from None
    with archive:
        members = [i for i in archive.infolist()
                   if not i.is_dir() and not i.filename.startswith("__MACOSX/") and
                   not i.filename.rsplit("/", 1)[-1].startswith(".")]
    if len(members) != 1:
        listed = ", ".join(m.filename for m in members[:5]) or "no file"
        raise CatalogError(name, f"a zipped feed holds one file; this archive holds {listed}")
    member = members[0].filename

    @contextmanager
    def opener():
        with zipfile.ZipFile(raw) as archive, archive.open(member) as inner:
            yield inner

    return member, opener


def _unpack(opener, name: str, workdir: Path, stack: ExitStack, cancel, max_bytes) -> Path:
    target = _temp(workdir, stack, ".feed-")
    done = 0
    try:
        with opener() as src, target.open("wb") as out:
            while chunk := src.read(CHUNK):
                _check_cancel(cancel)
                done += len(chunk)
                if done > max_bytes:
                    raise CatalogError(name, f"unpacks to more than {max_bytes // 1024 ** 2} MB: "
                                             "not a feed to import (a zip bomb?)")
                out.write(chunk)
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile, ValueError) as exc:
        if isinstance(exc, CatalogError):
            raise
        raise CatalogError(name, f"cannot be unpacked: the archive is broken or cut short ({exc})") from None
    return target


def head_of(feed: Feed, size: int) -> bytes:
    """The first ``size`` bytes of the feed's text (gzip taken off)."""
    try:
        if feed.gzipped:
            with gzip.open(feed.path, "rb") as fh:
                return fh.read(size)
        with feed.path.open("rb") as fh:
            return fh.read(size)
    except (OSError, EOFError, zlib.error) as exc:
        raise CatalogError(feed.name, f"cannot be unpacked: the gzip data is broken or cut short ({exc})") from None


def open_text_bytes(feed: Feed):
    """A binary stream of the feed's text (gzip taken off) for the streaming readers."""
    return gzip.open(feed.path, "rb") if feed.gzipped else feed.path.open("rb")

