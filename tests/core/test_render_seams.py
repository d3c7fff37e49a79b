"""No seam where the media meets what surrounds it: the story backdrop, the feed strips, the cards.

A seam is measured on line means (rows across a top/bottom edge, columns across a left/right one):
the jump from the last line outside the media to its first line, against the largest jump between
neighbouring lines a few pixels either side (inside the backdrop and inside the media).
"""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageStat

from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.render import PLACEMENTS, TileCache, compose
from tests.core.test_render_support import make_project

NEAR = 12  # lines either side of the edge whose own jumps set what counts as smooth


def _product_photo(path, size, background=(232, 228, 220), product=(40, 50, 70)):
    """A studio shot: a plain light background with a large dark product in the middle, so the
    picture's average colour is far darker than its edges (as in the demo project)."""
    w, h = size
    im = Image.new("RGB", size, background)
    ImageDraw.Draw(im).rounded_rectangle((w * 0.2, h * 0.2, w * 0.8, h * 0.8), radius=w // 10, fill=product)
    im.save(path)
    return path


def _sky_and_ground(path, size=(480, 360)):
    """A landscape: light sky above, dark ground below."""
    im = Image.new("RGB", size, (150, 200, 240))
    ImageDraw.Draw(im).rectangle((0, size[1] * 2 // 3, size[0], size[1]), fill=(40, 90, 40))
    im.save(path)
    return path


def _line_means(gray: Image.Image, box, across_rows: bool) -> list[float]:
    left, top, right, bottom = box
    if across_rows:
        return [ImageStat.Stat(gray.crop((left, y, right, y + 1))).mean[0] for y in range(gray.height)]
    return [ImageStat.Stat(gray.crop((x, top, x + 1, bottom))).mean[0] for x in range(gray.width)]


def seams(image: Image.Image, box) -> list[tuple[str, float, float]]:
    """(edge, jump across the edge, largest jump near it) for each edge of ``box`` with pixels
    on both sides."""
    gray = image.convert("L")
    left, top, right, bottom = box
    found = []
    for name, across_rows, edge, limit in (("top", True, top, gray.height), ("bottom", True, bottom, gray.height),
                                           ("left", False, left, gray.width), ("right", False, right, gray.width)):
        if edge < NEAR or edge + NEAR > limit:
            continue  # the media touches the picture's border here: nothing outside it
        means = _line_means(gray, box, across_rows)
        jump = abs(means[edge] - means[edge - 1])
        near = [abs(means[k + 1] - means[k]) for k in range(edge - NEAR, edge + NEAR) if k != edge - 1]
        found.append((name, jump, max(near)))
    return found


def _no_seam(image, box, label):
    for edge, jump, near in seams(image, box):
        # A smooth meeting steps no more than the picture does by itself a line further in.
        assert jump <= 2.0 + 1.5 * near, f"{label}: a seam at the {edge} edge of {box}: " \
                                         f"a jump of {jump:.1f} across it, at most {near:.1f} near it"


def _quiet_project(tmp_path, images):
    # No primary text and no CTA: the story's caption would lay letters over the lower edge.
    return make_project(tmp_path / "p", images, bodies=(), ctas=())


@pytest.mark.parametrize("size", [180, 270, 480])
def test_story_backdrop_meets_the_picture_without_a_seam(tmp_path, size):
    images = [_product_photo(tmp_path / "square.png", (600, 600)),
              _product_photo(tmp_path / "portrait.png", (480, 600)),
              _product_photo(tmp_path / "tall.png", (300, 700)),  # taller than 9:16: bands left and right
              _sky_and_ground(tmp_path / "landscape.png")]
    project = _quiet_project(tmp_path, images)
    cache = TileCache()
    for combination in CombinationSpace.from_project(project):
        mockup = compose(project, combination, "story", size, cache=cache)
        (box,) = mockup.boxes["media"]
        assert seams(mockup.image, box), "the media should leave some backdrop showing"
        _no_seam(mockup.image, box, f"{combination.get('media')} at {size}px")


def test_story_of_the_demo_images_has_no_seam(demo_project):
    for pool in ("bodies", "call_to_actions"):  # keep the caption's text off the lower edge
        for asset in list(demo_project.pools[pool]):
            demo_project.remove_asset(asset.id)
    cache = TileCache()
    seen = set()
    for combination in CombinationSpace.from_project(demo_project):
        if combination.get("media") in seen:
            continue
        seen.add(combination.get("media"))
        mockup = compose(demo_project, combination, "story", 320, cache=cache)
        _no_seam(mockup.image, mockup.boxes["media"][0], combination.get("media"))
    assert len(seen) == 5


@pytest.mark.parametrize("placement", [p for p in PLACEMENTS if p != "story"])
def test_media_edges_in_the_other_placements_have_no_line_of_their_own(tmp_path, placement):
    """Feed and carousel media meet designed strips (header, link bar, card border), so a step
    there is intended; what must not appear is a line at the media's own border (a gap row, a
    darker resampling edge): its outermost line matches the line inside it."""
    project = _quiet_project(tmp_path, [_product_photo(tmp_path / "a.png", (600, 600)),
                                        _product_photo(tmp_path / "b.png", (500, 700))])
    cache = TileCache()
    for combination in CombinationSpace.from_project(project):
        for size in (150, 333):
            mockup = compose(project, combination, placement, size, cache=cache)
            gray = mockup.image.convert("L")
            for left, top, right, bottom in mockup.boxes["media"]:
                pairs = (((left, top, right, top + 1), (left, top + 1, right, top + 2)),
                         ((left, bottom - 1, right, bottom), (left, bottom - 2, right, bottom - 1)),
                         ((left, top, left + 1, bottom), (left + 1, top, left + 2, bottom)),
                         ((right - 1, top, right, bottom), (right - 2, top, right - 1, bottom)))
                for outer, inner in pairs:
                    a, b = (ImageStat.Stat(gray.crop(c)).mean[0] for c in (outer, inner))
                    assert abs(a - b) <= 2.0, f"{placement} {size}px: a line at {outer}: {a:.1f} vs {b:.1f}"
