"""Reading image files safely: every refusal names the file and the reason, never a crash.

Sizes are the displayed ones (EXIF orientation applied), because crops live in that grid.
"""
from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from dcstudio.core.values.errors import ImageError

# 50 megapixels: a 45 MP camera photo passes, and a decoded RGB image stays near 150 MB.
MAX_PIXELS = 50_000_000
SUPPORTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "MPO"}
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff")
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")
_TRANSPOSED = {5, 6, 7, 8}  # EXIF orientations that swap width and height

# Pillow warns at MAX_IMAGE_PIXELS and raises at twice that; our own limit is checked first.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Over twice the limit Pillow refuses before giving the size; its message alone says the count.
_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")


@dataclass(frozen=True)
class ImageInfo:
    width: int  # displayed
    height: int
    format: str
    mode: str
    orientation: int


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ImageError(path, "file not found")
    if path.is_dir():
        raise ImageError(path, "is a folder, not an image file")
    if path.stat().st_size == 0:
        raise ImageError(path, "the file is empty")
    with open(path, "rb") as fh:
        head = fh.read(32)
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        kind = "AVIF" if head[8:12] == b"avif" else "HEIC/HEIF"
        raise ImageError(path, f"{kind} images are not supported; convert it to JPEG or PNG first "
                               "(on a Mac: open in Preview, File > Export as JPEG; elsewhere: "
                               "`heif-convert photo.heic photo.jpg` from libheif)")


def _too_many_pixels(width: int | None, height: int | None, pixels: int) -> str:
    size = f"{width}x{height} pixels" if width and height else f"{pixels:,} pixels"
    return (f"is {size} ({pixels / 1e6:.0f} megapixels); the limit is {MAX_PIXELS // 1_000_000} "
            "megapixels: scale it down first")


def _bomb_reason(exc: Exception) -> str:
    found = _BOMB_PIXELS.search(str(exc))
    if found is None:
        return f"has more than {2 * MAX_PIXELS // 1_000_000} megapixels; the limit is {MAX_PIXELS // 1_000_000}"
    return _too_many_pixels(None, None, int(found.group(1)))


def _open(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Between our limit and twice it Pillow only warns: our own check below refuses it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise ImageError(path, _bomb_reason(exc)) from None
    except UnidentifiedImageError:
        raise ImageError(path, f"is not an image that can be read (the name says {path.suffix or 'nothing'}, "
                               "the content is not a JPEG, PNG, GIF or WebP image)") from None
    except OSError as exc:
        raise ImageError(path, f"cannot be read: {exc}") from None
    if im.format not in SUPPORTED_FORMATS:
        im.close()
        raise ImageError(path, f"{im.format} images are not supported; use JPEG or PNG")
    pixels = im.width * im.height
    if pixels > MAX_PIXELS:
        im.close()
        raise ImageError(path, _too_many_pixels(im.width, im.height, pixels))
    return im


def pixel_limit_problem(path) -> str | None:
    """Why ``path`` is over the pixel limit, read from its header alone (nothing is decoded), or
    None: within the limit, or not readable at all (the other checks name that)."""
    path = Path(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                width, height = im.size
    except Image.DecompressionBombError as exc:
        return _bomb_reason(exc)
    except (OSError, SyntaxError, ValueError):  # unreadable: not this check's business
        return None
    return _too_many_pixels(width, height, width * height) if width * height > MAX_PIXELS else None


@contextmanager
def opened_image(path) -> Iterator[Image.Image]:
    """A checked image (exists, supported, within the pixel limit), not yet decoded; any failure
    while it is used becomes an ImageError naming the file."""
    with _decoding(Path(path)) as im:
        yield im


@contextmanager
def _decoding(path: Path) -> Iterator[Image.Image]:
    """Opens a checked image and turns any decoding failure into an ImageError naming the file."""
    _check_file(path)
    im = _open(path)
    try:
        yield im
    except ImageError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError(path, f"is damaged or truncated ({exc})") from None
    finally:
        im.close()


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # a broken EXIF block must not make a good picture unusable
        return 1


def probe_image(path) -> ImageInfo:
    """Checks that ``path`` is a whole, supported image within the limits; returns its facts.

    The whole file is decoded (JPEG at a reduced scale) so a truncated file is caught here
    rather than in the middle of a render.
    """
    path = Path(path)
    with _decoding(path) as im:
        orientation = _orientation(im)
        fmt, mode, (w, h) = im.format, im.mode, im.size
        if fmt == "JPEG":
            im.draft("RGB", (max(1, w // 8), max(1, h // 8)))
        im.load()
    if orientation in _TRANSPOSED:
        w, h = h, w
    return ImageInfo(w, h, fmt, mode, orientation)


def to_rgb(im: Image.Image) -> Image.Image:
    """Any mode to RGB: alpha composited over white, 16-bit scaled down, CMYK converted."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif im.mode == "F":
        im = im.convert("L")
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = im.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        return background.convert("RGB")
    return im if im.mode == "RGB" else im.convert("RGB")


def open_display_image(path, *, min_size: tuple[int, int] | None = None) -> Image.Image:
    """The image as people see it: first frame, orientation applied, RGB.

    ``min_size``: the smallest (width, height) the caller needs; a JPEG then decodes at the
    coarsest scale that still covers it (draft mode), so a 16 MP photo never decodes whole for a
    320 px tile.
    """
    path = Path(path)
    with _decoding(path) as im:
        if im.format == "JPEG" and min_size:
            orientation = _orientation(im)
            need = min_size if orientation not in _TRANSPOSED else (min_size[1], min_size[0])
            im.draft("RGB", need)
        im.seek(0)
        im.load()
        out = ImageOps.exif_transpose(im)
        out = to_rgb(out)
        if out is im:
            out = im.copy()
    return out
