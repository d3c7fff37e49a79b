"""Image crops: one rectangle per image, in the displayed (orientation-applied) pixel grid.

Meta's ``image_crops`` takes ``{"<key>": [[x1, y1], [x2, y2]]}`` with inclusive corners; a key
names an aspect ratio (100x100 is 1:1, 400x500 is 4:5, ...).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

# key -> (width ratio, height ratio); 191x100 stays known so it can be reported as deprecated.
CROP_KEYS: dict[str, tuple[int, int]] = {
    "100x100": (100, 100),
    "400x500": (400, 500),
    "90x160": (90, 160),
    "600x360": (600, 360),
    "400x150": (400, 150),
    "100x72": (100, 72),
    "191x100": (191, 100),
}
DEPRECATED_CROP_KEYS = {"191x100": "100x100"}
DEFAULT_CROP_KEY = "100x100"


def key_ratio(key: str) -> Fraction:
    w, h = CROP_KEYS[key]
    return Fraction(w, h)


@dataclass(frozen=True)
class Crop:
    """A rectangle: left/top of its first pixel, and its size in pixels."""

    left: int
    top: int
    width: int
    height: int
    key: str = DEFAULT_CROP_KEY

    @property
    def right(self) -> int:
        """Exclusive right edge."""
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def box(self) -> tuple[int, int, int, int]:
        """Pillow's (left, upper, right, lower) box, right and lower exclusive."""
        return (self.left, self.top, self.right, self.bottom)

    def corners(self) -> list[list[int]]:
        """Meta's inclusive corners: [[x1, y1], [x2, y2]]."""
        return [[self.left, self.top], [self.right - 1, self.bottom - 1]]

    @classmethod
    def from_corners(cls, corners, key: str = DEFAULT_CROP_KEY) -> Crop:
        (x1, y1), (x2, y2) = corners
        return cls(int(x1), int(y1), int(x2) - int(x1) + 1, int(y2) - int(y1) + 1, key)

    @classmethod
    def centered(cls, image_width: int, image_height: int, key: str = DEFAULT_CROP_KEY) -> Crop:
        """The largest rectangle of the key's ratio, centred in the image."""
        ratio = key_ratio(key)
        width = image_width
        height = round(width / ratio)
        if height > image_height:
            height = image_height
            width = round(height * ratio)
        width, height = max(1, min(width, image_width)), max(1, min(height, image_height))
        return cls((image_width - width) // 2, (image_height - height) // 2, width, height, key)

    def clamped(self, image_width: int, image_height: int) -> Crop:
        """The same rectangle moved (and, if it must, shrunk) to lie inside the image."""
        width = max(1, min(self.width, image_width))
        height = max(1, min(self.height, image_height))
        left = min(max(0, self.left), image_width - width)
        top = min(max(0, self.top), image_height - height)
        return Crop(left, top, width, height, self.key)

    def inside(self, image_width: int, image_height: int) -> bool:
        return (self.left >= 0 and self.top >= 0 and self.width >= 1 and self.height >= 1
                and self.right <= image_width and self.bottom <= image_height)

    def ratio_error(self) -> float:
        """Relative difference between this rectangle's aspect and its key's (0 = exact)."""
        want = key_ratio(self.key)
        have = Fraction(self.width, self.height)
        return abs(float(have / want) - 1.0)
