"""Photo-like test pictures for the benchmarks: smooth colour fields, hard edges and grain.

Flat synthetic images decode and encode far faster than photographs; grain and edges give
the JPEG coder a camera photo's work. Sizes are 12-16 megapixels, two with an EXIF rotation.
"""
from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIZES = [(4000, 3000), (4608, 3456), (4240, 2832), (3000, 4000), (4032, 3024),
         (4608, 3072), (3456, 4608), (4000, 3000), (4240, 2832), (4032, 3024)]


def make_photo(path: Path, size: tuple[int, int], seed: int, orientation: int = 1) -> Path:
    rnd = random.Random(seed)
    w, h = size
    small = Image.new("RGB", (w // 16, h // 16), tuple(rnd.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(small)
    for _ in range(40):
        x, y = rnd.randrange(small.width), rnd.randrange(small.height)
        r = rnd.randrange(8, max(9, small.width // 3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rnd.randrange(256) for _ in range(3)))
    small = small.filter(ImageFilter.GaussianBlur(6))
    photo = small.resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(photo)
    for _ in range(60):  # sharp detail: branches, edges, text-like strokes
        x, y = rnd.randrange(w), rnd.randrange(h)
        draw.line((x, y, x + rnd.randrange(-600, 600), y + rnd.randrange(-600, 600)),
                  fill=tuple(rnd.randrange(256) for _ in range(3)), width=rnd.randrange(2, 14))
    grain = Image.effect_noise(size, 14).convert("RGB")
    photo = ImageChops.add(photo, grain, scale=1.0, offset=-128)
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
    photo.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


def make_photos(folder: Path, count: int = 10) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        path = folder / f"photo-{i + 1:02d}.jpg"
        if not path.exists():
            make_photo(path, SIZES[i % len(SIZES)], seed=i, orientation=6 if i in (3, 7) else 1)
        out.append(path)
    return out
