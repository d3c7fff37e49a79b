#!/usr/bin/env python3
"""The studio's icon: one list of shapes, written as SVG and drawn with Pillow at every size the
desktops ask for (run from the repo root to rewrite packaging/linux/icons; build.py makes the
Windows .ico and macOS .icns from the same drawing).

A 2x2 grid of ad tiles, one of them ticked: the combinations the studio previews and checks.
Drawn here rather than taken from an icon set, so it carries no third-party rights.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bundle_rules import APP_ID  # noqa: E402

PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)  # hicolor's app sizes
ICONS_DIR = HERE / "linux" / "icons" / "hicolor"
UNIT = 256  # the drawing's own size

# (x, y, width, height, corner radius, fill), on a UNIT x UNIT canvas, in drawing order.
RECTS = (
    (8, 8, 240, 240, 52, "#263238"),
    (40, 40, 80, 80, 14, "#ff9800"),
    (136, 40, 80, 80, 14, "#26a69a"),
    (40, 136, 80, 80, 14, "#42a5f5"),
    (136, 136, 80, 80, 14, "#ec407a"),
)
TICK = ((154, 178), (170, 194), (200, 160))  # a polyline over the last tile
TICK_WIDTH, TICK_COLOUR = 12, "#ffffff"


def svg() -> str:
    rects = "\n".join(f'  <rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{fill}"/>'
                      for x, y, w, h, r, fill in RECTS)
    points = " ".join(f"{x},{y}" for x, y in TICK)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{UNIT}" height="{UNIT}" '
            f'viewBox="0 0 {UNIT} {UNIT}">\n  <title>dcstudio</title>\n{rects}\n'
            f'  <polyline points="{points}" fill="none" stroke="{TICK_COLOUR}" stroke-width="{TICK_WIDTH}" '
            'stroke-linecap="round" stroke-linejoin="round"/>\n</svg>\n')


def png(size: int) -> Image.Image:
    """The drawing at size x size, drawn four times larger and scaled down for smooth edges."""
    big = size * 4
    k = big / UNIT
    im = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    for x, y, w, h, r, fill in RECTS:
        d.rounded_rectangle((x * k, y * k, (x + w) * k - 1, (y + h) * k - 1), radius=r * k, fill=fill)
    points = [(x * k, y * k) for x, y in TICK]
    d.line(points, fill=TICK_COLOUR, width=round(TICK_WIDTH * k), joint="curve")
    for px, py in (points[0], points[-1]):  # round caps, as the SVG's
        half = TICK_WIDTH * k / 2
        d.ellipse((px - half, py - half, px + half, py + half), fill=TICK_COLOUR)
    return im.resize((size, size), Image.LANCZOS)


def write_icons(root: Path = ICONS_DIR) -> list[Path]:
    written = []
    scalable = root / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_text(svg(), encoding="utf-8")
    written.append(scalable)
    for size in PNG_SIZES:
        target = root / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        png(size).save(target, optimize=True)
        written.append(target)
    return written


def write_ico(target: Path) -> Path:
    png(256).save(target, sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    return target


def write_icns(target: Path) -> Path:
    png(1024).save(target)
    return target


if __name__ == "__main__":
    for path in write_icons():
        print(path.relative_to(HERE.parent))
