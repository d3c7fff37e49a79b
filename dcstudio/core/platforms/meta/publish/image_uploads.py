"""Image bytes for upload calls, and the image hashes already known for each ad account.

The bytes are the project's image files exactly as the export uploads them (EXIF orientation
applied): ``dcstudio.core.platforms.meta.export.upload_images`` makes them, so the plan's sha256 and the crop
corners match what is sent.
A plan handed over in a bundle names its files: each is resolved (symlinks followed) and must
lie inside the plan's folder, its bytes must match the plan's sha256 and decode as an image,
all checked before the first call (``check_bundle_images``).
Meta addresses images by content, so a hash recorded for an account can be reused instead of
uploading the same bytes again (checked on the server before reuse).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from dcstudio.core.model.images import SUPPORTED_FORMATS
from dcstudio.core.platforms.meta.export.catalog_plan import frame_file
from dcstudio.core.platforms.meta.publish.journal import FOLDER
from dcstudio.core.values.atomic import atomic_write_text
from dcstudio.core.values.errors import BadInputError, ImageError
from dcstudio.core.values.json_input import JsonInputError, parse_json

HASH_CACHE = "image-hashes.json"
SET_ASIDE = ".bad"  # suffix of a hash cache that could not be read (not *.json: never taken for a journal)


def bundle_file(call: dict, plan_dir: Path) -> Path | None:
    """The bundle file an image call names, resolved; None when the bundle lacks it (the project's
    own image is used then). Raises ImageError for one that leads outside the plan's folder."""
    path = Path(plan_dir) / call["file"]
    if not os.path.lexists(path):
        return None
    real, root = path.resolve(), Path(plan_dir).resolve()
    if not real.is_relative_to(root):
        # a symlink in a bundle from someone else must not make us upload any file of this machine
        raise ImageError(path, f"leads outside the plan's folder {root} (to {real}); refused, nothing was sent")
    if not real.is_file():
        raise ImageError(path, "is not a file")
    return real


def _checked(data: bytes, call: dict, path) -> bytes:
    if hashlib.sha256(data).hexdigest() != call["sha256"]:
        raise ImageError(path, "differs from the file the export plan was made from (sha256); export again")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                kind = im.format
                im.verify()  # checksums (PNG); verify leaves the image unusable, so decode a fresh one
            with Image.open(io.BytesIO(data)) as im:
                im.load()  # a truncated JPEG passes verify and fails here
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for bytes that are not an image
        raise ImageError(path, f"is not an image that can be uploaded ({type(exc).__name__}); export again") from None
    if kind not in SUPPORTED_FORMATS:
        raise ImageError(path, f"{kind} images cannot be uploaded; export again")
    return data


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImageError(path, f"cannot be read: {exc.strerror or exc}") from None


def check_bundle_images(plan: dict, plan_dir: Path) -> None:
    """Every image file of a bundle's plan, checked before the first call: inside the plan's
    folder, the bytes the plan's sha256 names, an image Pillow can read."""
    for call in plan["calls"]:
        if call["kind"] == "image":
            path = bundle_file(call, plan_dir)
            if path is not None:
                _checked(_read(path), call, Path(plan_dir) / call["file"])


def image_bytes(call: dict, project=None, plan_dir: Path | None = None) -> bytes:
    """The bytes to upload for an image call of the plan. Raises ImageError naming the file."""
    if plan_dir is not None:
        path = bundle_file(call, plan_dir)
        if path is not None:
            return _checked(_read(path), call, Path(plan_dir) / call["file"])
    if project is None:
        raise BadInputError(f"export plan: call {call['id']!r}: no project to read {call['file']} from")
    if call.get("poster_of"):  # a video's poster JPEG, uploaded as it is stored
        return _checked(_read(_poster_path(call, project)), call, call["file"])
    if call.get("frame_of") == "catalog_format":  # a catalog ad's frame, uploaded as it is stored
        path = frame_file(project)
        if path is None:
            raise BadInputError(f"export plan: call {call['id']!r}: the project's catalog format has no frame")
        return _checked(_read(path), call, path)
    asset = _asset_for(call, project)
    if asset.id in project.file_problems:
        raise ImageError(project.resolve(asset.file), project.file_problems[asset.id])
    from dcstudio.core.platforms.meta.export.upload_images import upload_bytes, upload_images_for

    image = upload_images_for(project, [asset.id])[0]
    try:
        data = upload_bytes(image)
    except OSError as exc:
        raise ImageError(image.source, f"cannot be read: {exc.strerror or exc}") from None
    if hashlib.sha256(data).hexdigest() != (call.get("sha256") or image.sha256):
        raise ImageError(image.source, "has changed since the export plan was made (content hash differs); "
                                       "review the change set again")
    return data


def _poster_path(call: dict, project) -> Path:
    video = project.find(call["poster_of"])
    if video is None or project.pool_of(video.id) != "videos" or not video.thumbnail:
        raise BadInputError(f"export plan: call {call['id']!r}: the project has no video {call['poster_of']!r} "
                            "with a poster")
    return project.resolve(video.thumbnail)


def _asset_for(call: dict, project):
    asset_id = call["id"][len("image-"):] if call["id"].startswith("image-") else call["id"]
    asset = project.find(asset_id)
    if asset is None or project.pool_of(asset.id) != "images":
        name = Path(call["file"]).name
        asset = next((a for a in project.pools["images"] if Path(a.file).name == name), None)
    if asset is None:
        raise BadInputError(f"export plan: call {call['id']!r}: no image asset in the project for {call['file']}")
    return asset


def _cache_problem(data) -> str:
    """What is wrong with a hash cache's content, or "" (account -> {sha256: image hash})."""
    if not isinstance(data, dict):
        return "it is not a JSON object"
    for account, hashes in data.items():
        if not isinstance(hashes, dict):
            return f"{account}: must be an object of image hashes, not {type(hashes).__name__}"
        for sha, image_hash in hashes.items():
            if not isinstance(image_hash, str) or not image_hash:
                return f"{account}.{sha}: must be an image hash (a string)"
    return ""


class ImageHashCache:
    """sha256 of uploaded bytes -> Meta image hash, per ad account, in the project's publish folder.

    Only a cache: one that cannot be read is set aside (renamed ``image-hashes.json.bad``) with
    a note, and rebuilt by the next uploads. Read at first use, so within the publish lock."""

    def __init__(self, folder: Path | None, notify: Callable[[str], None] | None = None):
        self.path = Path(folder) / FOLDER / HASH_CACHE if folder else None
        self.notify = notify or (lambda message: None)
        self._lock = threading.Lock()
        self._data: dict[str, dict[str, str]] | None = None

    @property
    def data(self) -> dict[str, dict[str, str]]:
        if self._data is None:
            self._data = self._load()
        return self._data

    def _load(self) -> dict:
        if not self.path or not self.path.is_file():
            return {}
        try:
            data = parse_json(self.path.read_bytes())
            problem = _cache_problem(data)
        except JsonInputError as exc:
            problem = str(exc)
        except OSError as exc:
            problem = exc.strerror or type(exc).__name__
        if not problem:
            return data
        aside = self.path.with_name(self.path.name + SET_ASIDE)
        try:
            os.replace(self.path, aside)
            where = f"set aside as {aside.name}"
        except OSError:
            where = "left as it is"
        self.notify(f"the image hash cache {self.path} cannot be read ({problem}); {where}: the images "
                    "are uploaded again and the cache is rebuilt")
        return {}

    def known(self, account: str) -> dict[str, str]:
        with self._lock:
            return dict(self.data.get(account, {}))

    def put(self, account: str, sha256: str, image_hash: str) -> None:
        with self._lock:
            self.data.setdefault(account, {})[sha256] = image_hash
            if self.path:
                try:
                    atomic_write_text(self.path, json.dumps(self.data, indent=2, sort_keys=True) + "\n")
                except OSError as exc:  # only a cache: the journal holds the hash this publish uses
                    self.notify(f"the image hash cache {self.path} cannot be written "
                                f"({exc.strerror or type(exc).__name__}); the next publish uploads this image again")

    def forget(self, account: str, sha256: str) -> None:
        with self._lock:
            self.data.get(account, {}).pop(sha256, None)
