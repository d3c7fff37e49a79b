"""An image's ``image_crops`` as a feed or a story gives it: one Crop kept per image."""
from __future__ import annotations

from dcstudio.core.platforms.meta.export.spec_fields import fail, short
from dcstudio.core.values.crops import CROP_KEYS, Crop

# JPEG's largest side; Meta takes JPEG and PNG, and no ad image comes near this, so a corner
# beyond it is a typo or a hostile file, not a crop.
MAX_CROP_COORDINATE = 65_535


def read_crop(entry: dict, source, where: str, notes: list | None = None) -> Crop | None:
    """The image's crop. dcstudio keeps one per image: with several keys the first is kept, the
    others are checked too and named in ``notes``."""
    crops = entry.get("image_crops")
    if crops is None:
        return None
    if not isinstance(crops, dict):
        fail(source, f"{where}.image_crops", "must be an object like {\"100x100\": [[x1, y1], [x2, y2]]}")
    if not crops:
        return None
    kept, *others = [_one_crop(key, corners, source, where) for key, corners in crops.items()]
    if others and notes is not None:
        notes.append(f"{where}.image_crops: kept {kept.key}; left out "
                     f"{', '.join(c.key for c in others)} (dcstudio keeps one crop per image)")
    return kept


def _one_crop(key, corners, source, where: str) -> Crop:
    if key not in CROP_KEYS:
        fail(source, f"{where}.image_crops", f"crop key {key!r} is not one of {', '.join(CROP_KEYS)}")
    field = f"{where}.image_crops.{key}"
    if not (isinstance(corners, list) and len(corners) == 2
            and all(isinstance(c, list) and len(c) == 2 for c in corners)):
        fail(source, field, f"must be [[x1, y1], [x2, y2]] (two corners of two numbers), not "
             f"{short(corners)}")
    x1, y1, x2, y2 = (_corner_value(v, source, field) for corner in corners for v in corner)
    if x2 < x1 or y2 < y1:
        fail(source, field, "corners must be non-negative with x2 >= x1 and y2 >= y1")
    return Crop.from_corners([[x1, y1], [x2, y2]], key)


def _corner_value(value, source, where: str) -> int:
    # bool is an int in Python, and int() would truncate 2.7 or blow 1e30 up to a huge number:
    # Meta writes whole JSON numbers only, so anything else is refused rather than guessed at.
    if isinstance(value, bool) or not isinstance(value, int):
        shown = "true/false" if isinstance(value, bool) else f"{value!r} ({type(value).__name__})"
        fail(source, where, f"corners must be whole numbers of pixels, not {shown}")
    if not 0 <= value <= MAX_CROP_COORDINATE:
        fail(source, where, f"corner value {value} is outside 0..{MAX_CROP_COORDINATE} pixels")
    return value
