"""Golden images: a few mockups compared with stored PNGs, with a small tolerance.

Regenerate after an intended change of the look, then view the PNGs before committing them:
    DCSTUDIO_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/core/test_render_golden.py
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.render import TileCache, compose
from tests.core.test_render_support import make_project

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("DCSTUDIO_UPDATE_GOLDEN") == "1"
# Font rasterisation may move an edge by a pixel between FreeType builds; a wrong layout,
# a missing glyph or a lost colour changes far more than this.
MAX_MEAN_DIFF = 2.0
MAX_CHANGED_SHARE = 0.01  # pixels differing by more than 64 in a channel


def _scene(path: Path, sky, ground, sun) -> Path:
    im = Image.new("RGB", (480, 360), sky)
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 250, 480, 360), fill=ground)
    draw.ellipse((300, 40, 380, 120), fill=sun)
    draw.polygon([(60, 250), (160, 120), (260, 250)], fill=(90, 90, 110))
    im.save(path)
    return path


@pytest.fixture(scope="module")
def golden_project(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("golden")
    images = [_scene(tmp / "a.png", (135, 190, 235), (70, 140, 60), (250, 210, 60)),
              _scene(tmp / "b.png", (250, 170, 120), (200, 120, 60), (255, 240, 200)),
              _scene(tmp / "c.png", (40, 40, 90), (20, 60, 40), (230, 230, 230))]
    return make_project(
        tmp / "p", images, name="Northwind Outdoor",
        titles=("Gear up for spring \U0001F33F", "\u05de\u05d1\u05e6\u05e2 \u05d0\u05d1\u05d9\u05d1"),
        bodies=("Designed in small batches and tested on real trails by people who walk them every "
                "weekend \U0001F97E, backed by free returns within thirty days, because gear should earn "
                "its place in your pack.",
                "\u0639\u0631\u0636 \u062e\u0627\u0635: \u062e\u0635\u0645 \u0665\u0660\u066a \u0639\u0644\u0649 "
                "\u0643\u0644 \u0634\u064a\u0621 \u0627\u0644\u064a\u0648\u0645 \U0001F389"),
        descriptions=("\u6625\u5b63\u65b0\u54c1 \u9650\u65f6\u4f18\u60e0",),
        ctas=("SHOP_NOW",))


def _combination(project, **wanted):
    space = CombinationSpace.from_project(project)
    for combination in space:
        if all(combination.get(k) == v for k, v in wanted.items()):
            return combination
    raise LookupError(wanted)


CASES = {
    "feed-square-emoji-cjk": dict(placement="feed-square", size=220,
                                  pick=dict(media="img1", title="title1", body="body1")),
    "feed-portrait-hebrew": dict(placement="feed-portrait", size=180,
                                 pick=dict(media="img2", title="title2", body="body1")),
    "story-arabic-safe-zones": dict(placement="story", size=180, pick=dict(media="img3", body="body2"),
                                    safe_zones=True),
    "carousel-three-cards": dict(placement="carousel", size=120, pick=dict(media="img1", title="title2", body="body2")),
    "placeholder-missing-file": dict(placement="feed-square", size=180,
                                     pick=dict(media="img2", title="title1", body="body1"),
                                     problem="img2"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(golden_project, name, tmp_path):
    case = CASES[name]
    project = golden_project
    saved = dict(project.file_problems)
    if case.get("problem"):
        asset = project.asset(case["problem"])
        project.file_problems[asset.id] = f"{asset.file}: file is missing"
    try:
        mockup = compose(project, _combination(project, **case["pick"]), case["placement"], case["size"],
                         cache=TileCache(), safe_zones=case.get("safe_zones", False))
    finally:
        project.file_problems = saved
    path = GOLDEN / f"{name}.png"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        mockup.image.save(path, optimize=True)
        pytest.skip(f"wrote {path}")
    assert path.exists(), f"no golden image {path}; run with DCSTUDIO_UPDATE_GOLDEN=1 to make it"
    expected = Image.open(path).convert("RGB")
    actual = mockup.image
    assert actual.size == expected.size, f"{name}: size {actual.size}, golden {expected.size}"
    diff = ImageChops.difference(actual, expected)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    changed = sum(diff.convert("L").point(lambda v: 255 if v > 64 else 0).histogram()[255:]) / (
        actual.width * actual.height)
    if mean > MAX_MEAN_DIFF or changed > MAX_CHANGED_SHARE:
        actual.save(tmp_path / f"{name}-actual.png")
        pytest.fail(f"{name} differs from its golden image (mean {mean:.2f}, changed {changed:.2%}); "
                    f"actual saved as {tmp_path / f'{name}-actual.png'}")
