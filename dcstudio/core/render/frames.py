"""The frame layer of ``image_layer_specs`` drawn over a product image, and the frame file read
from the project folder.

What Meta documents: ``blending_mode`` (normal, lighten, multiply) "combines the product image and
frame image together", and is valid for ``frame_overlay`` layers only. What is ASSUMED here (the
reference gives no more): ``opacity`` is a percentage of the frame's own alpha; ``scale`` is the
frame's size as a percentage of the product image's (100: the frame covers it, stretched to its
shape); ``overlay_position`` places a smaller frame in one of nine spots. ``lighten`` and
``multiply`` are the usual per-channel blends (max, product / 255), weighted by the frame's alpha.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

from PIL import Image, ImageChops

from dcstudio.core.model.assets import OUTSIDE_PROJECT, inside_folder
from dcstudio.core.model.catalog_format import FrameLayer
from dcstudio.core.model.images import opened_image
from dcstudio.core.values.errors import ImageError

_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()
CACHED_FRAMES = 8


def frame_path(folder, frame: FrameLayer) -> Path:
    """The frame's file inside the project folder; ImageError when it is missing or outside."""
    path = Path(folder) / frame.file
    real = inside_folder(Path(folder), frame.file)
    if real is None:
        raise ImageError(path, OUTSIDE_PROJECT)
    if not real.is_file():
        raise ImageError(path, "file is missing")
    return real


def load_frame(folder, frame: FrameLayer) -> Image.Image:
    """The frame image as RGBA (kept for the next tile until the file changes). ImageError naming
    the file when it is missing, outside the project, not an image or damaged."""
    path = frame_path(folder, frame)
    stat = os.stat(path)
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    with opened_image(path) as im:
        im.seek(0)
        rgba = im.convert("RGBA")
        rgba.load()
    with _lock:
        _cache[key] = rgba
        while len(_cache) > CACHED_FRAMES:
            _cache.popitem(last=False)
    return rgba


_SPOTS = {  # overlay_position -> (x, y) as shares of the free space
    "top_left": (0, 0), "top": (0.5, 0), "top_right": (1, 0),
    "left": (0, 0.5), "center": (0.5, 0.5), "right": (1, 0.5),
    "bottom_left": (0, 1), "bottom": (0.5, 1), "bottom_right": (1, 1),
}


def draw_frame(image: Image.Image, frame_image: Image.Image, frame: FrameLayer) -> Image.Image:
    """``image`` (RGB) with the frame over it, as a new RGB image."""
    base = image.convert("RGB")
    w, h = base.size
    size = (max(1, round(w * frame.scale / 100)), max(1, round(h * frame.scale / 100)))
    layer = frame_image.resize(size, Image.Resampling.LANCZOS)
    alpha = layer.getchannel("A")
    if frame.opacity < 100:
        alpha = alpha.point(lambda a: a * frame.opacity // 100)
    fx, fy = _SPOTS[frame.overlay_position]
    at = (round((w - size[0]) * fx), round((h - size[1]) * fy))
    box = (*at, at[0] + size[0], at[1] + size[1])
    under = base.crop(box)
    colour = layer.convert("RGB")
    if frame.blending_mode == "multiply":
        colour = ImageChops.multiply(under, colour)
    elif frame.blending_mode == "lighten":
        colour = ImageChops.lighter(under, colour)
    base.paste(Image.composite(colour, under, alpha), at)
    return base
