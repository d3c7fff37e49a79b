"""The image files exactly as they are uploaded to act_<id>/adimages.

Crops live in the displayed pixel grid (EXIF orientation applied), and Meta reads crop corners
against the stored pixels, so an image whose file carries a rotation is uploaded with the
rotation applied. A JPEG or PNG that needs no rotation is uploaded byte for byte (no second
compression); other formats become PNG. The bytes are a pure function of the source file, so
the plan can name their sha256 without writing anything.
"""
from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageOps

from dcstudio.core.model.adset_split import Split, split_project
from dcstudio.core.model.images import opened_image, to_rgb
from dcstudio.core.values.atomic import atomic_write_bytes
from dcstudio.core.values.errors import BadInputError, Cancelled, ImageError

_KEPT_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "MPO": ".jpg"}
MAX_NAME = 100  # Meta's limit on an ad image's name


@dataclass(frozen=True)
class UploadImage:
    asset_id: str
    name: str  # file name in the bundle's images/ and the upload's "name" param
    sha256: str
    source: Path


def is_remote(project, asset) -> bool:
    """An image known only by a hash or URL (imported), with no file linked yet."""
    return asset.id in project.remote_images and not project.resolve(asset.file).is_file()


def used_image_ids(project, split: Split) -> list[str]:
    """Images some ad set's feed shows, in pool order."""
    used = set(split.cards) if project.ad_format == "CAROUSEL" else set()
    for adset in split.adsets:
        used.update(adset.ids("media"))
    return [a.id for a in project.pools["images"] if a.id in used]


def uploaded_image_ids(project, split: Split | None = None) -> list[str]:
    split = split or split_project(project)
    return [a for a in used_image_ids(project, split) if not is_remote(project, project.asset(a))]


def _check_usable(project, asset) -> Path:
    problem = project.file_problems.get(asset.id)
    if problem:
        raise BadInputError(f"image {asset.id}: {problem}; relink or remove it before exporting")
    path = project.resolve(asset.file)
    if not path.is_file():
        raise ImageError(path, f"file of image {asset.id} is missing; relink or remove it before exporting")
    return path


@lru_cache(maxsize=64)
def _encoded(path: str, mtime_ns: int, size: int) -> tuple[bytes | None, str]:
    """(new bytes or None when the file is uploaded as it is, file suffix). Cached per file state.
    The file passes the same checks as an import (pixel limit included) even when it is sent as
    it is: a file over the limit would fail later, or be sent unchecked."""
    try:
        with opened_image(path) as im:
            fmt = im.format
            orientation = int(im.getexif().get(0x0112, 1) or 1)
            if fmt in _KEPT_FORMATS and orientation == 1:
                return None, _KEPT_FORMATS[fmt]
            im.seek(0)
            im.load()
            out = ImageOps.exif_transpose(im)
            if out is im:
                out = im.copy()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError(path, f"cannot be prepared for upload ({exc})") from None
    buffer = io.BytesIO()
    if fmt in ("JPEG", "MPO"):
        icc = out.info.get("icc_profile")
        to_rgb(out).save(buffer, "JPEG", quality=95, subsampling=0, optimize=False,
                         **({"icc_profile": icc} if icc else {}))
        return buffer.getvalue(), ".jpg"
    if out.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        out = to_rgb(out)
    out.save(buffer, "PNG")
    return buffer.getvalue(), ".png"


def _encode(path: Path) -> tuple[bytes | None, str]:
    st = path.stat()
    return _encoded(str(path), st.st_mtime_ns, st.st_size)


def upload_images_for(project, asset_ids) -> list[UploadImage]:
    """What each image in ``asset_ids`` (in that order) is uploaded as. Names are unique."""
    out, taken = [], set()
    for asset_id in asset_ids:
        asset = project.asset(asset_id)
        path = _check_usable(project, asset)
        data, suffix = _encode(path)
        stem = Path(asset.file).stem or asset.id
        name = f"{stem}{suffix}"
        if name.lower() in taken:
            name = f"{asset.id}-{name}"
        if len(name) > MAX_NAME:
            name = f"{asset.id}-{stem[:MAX_NAME - len(asset.id) - len(suffix) - 1]}{suffix}"
        taken.add(name.lower())
        digest = hashlib.sha256(data).hexdigest() if data is not None else asset.sha256
        out.append(UploadImage(asset.id, name, digest, path))
    return out


def upload_bytes(image: UploadImage) -> bytes:
    data, _ = _encode(image.source)
    return image.source.read_bytes() if data is None else data


def prepare_upload_images(project, out_dir, *, asset_ids=None, progress=None,
                          cancel: threading.Event | None = None) -> list[UploadImage]:
    """Writes the images as they will be uploaded into ``out_dir`` (created); returns what it wrote.

    ``asset_ids``: the images to write (default: those the project's plan uploads). Each file's
    sha256 is checked against the plan's, so a file changed on disk meanwhile is refused.
    """
    if asset_ids is None:
        asset_ids = uploaded_image_ids(project)
    images = upload_images_for(project, asset_ids)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for done, image in enumerate(images):
        if cancel is not None and cancel.is_set():
            raise Cancelled("export cancelled")
        data = upload_bytes(image)
        if hashlib.sha256(data).hexdigest() != image.sha256:
            raise BadInputError(f"image {image.asset_id}: {image.source} has changed since it was added "
                                "(content hash differs); relink it")
        atomic_write_bytes(out_dir / image.name, data)
        if progress:
            progress(done + 1, len(images))
    return images
