"""The AdSpace seam: the batch render, the contact sheet and the tile cache take a space that is
no CombinationSpace (a list of hand-made AdContents, tests/toy_space.py) as they take a project's."""
from __future__ import annotations

import json

import pytest
from PIL import Image

from dcstudio.core.model.ad_space import AdSpace, space_of
from dcstudio.core.render import TileCache, draw_ad, render_space, space_sheet
from dcstudio.core.render.batch import encode
from tests.core.test_render_support import close, make_project, picture
from tests.toy_space import toy_space


def test_a_project_space_and_the_toy_space_are_ad_spaces(tmp_path):
    project = make_project(tmp_path / "p", [picture(tmp_path / "a.png", (200, 30, 30))])
    assert isinstance(space_of(project), AdSpace)
    assert isinstance(toy_space(tmp_path / "toy"), AdSpace)


def test_the_toy_space_draws_its_own_pictures_and_words(tmp_path):
    space = toy_space(tmp_path / "toy")
    mockup = draw_ad(space.content(space[1], "feed-square"), space.sources, "feed-square", 200, cache=TileCache())
    left, top, right, bottom = mockup.boxes["media"][0]
    assert close(mockup.image.getpixel(((left + right) // 2, (top + bottom) // 2)), (30, 180, 60))
    assert not mockup.problems


@pytest.mark.parametrize("jobs", [1, 2])
def test_render_space_writes_one_file_per_item_named_by_the_space(tmp_path, jobs):
    space = toy_space(tmp_path / "toy")
    placements = ["feed-square", "carousel"]
    result = render_space(space, tmp_path / "out", placements=placements, size=120, jobs=jobs)
    assert result.complete and result.combinations == 3 and not result.problems
    expected = [f"{p}/{k:05d}-{slug}.jpg" for p in placements
                for k, slug in ((1, "red-mug"), (2, "green-lamp"), (3, "blue-chair"))]
    assert [f.file for f in result.files] == expected
    for f in result.files:
        item = space[f.index]
        drawn = draw_ad(space.content(item, f.placement), space.sources, f.placement, 120, cache=TileCache())
        assert (tmp_path / "out" / f.file).read_bytes() == encode(drawn.image, "jpeg")
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert index["project"] == "Toy Shop"
    assert index["files"][2]["assets"] == {"row": "blue-chair", "media": ["pic3", "pic1"]}
    assert index["files"][2]["names"] == {"row": "BLUE-CHAIR", "media": ["PIC3", "PIC1"]}


def test_a_toy_item_whose_file_is_missing_renders_a_placeholder_and_says_why(tmp_path):
    space = toy_space(tmp_path / "toy")
    (tmp_path / "toy" / "pic2.png").unlink()
    result = render_space(space, tmp_path / "out", placements="feed-square", size=120)
    assert list(result.problems) == ["pic2"] and "pic2.png" in result.problems["pic2"]
    assert len(result.files) == 3


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_space_sheet_puts_every_toy_item_on_the_sheet(tmp_path, suffix):
    space = toy_space(tmp_path / "toy")
    out = tmp_path / f"sheet{suffix}"
    result = space_sheet(space, out, placement="feed-square")
    assert (result.combinations, result.pages, result.problems) == (3, 1, {})
    if suffix == ".pdf":
        data = out.read_bytes()
        assert data.startswith(b"%PDF") and data.count(b"/Subtype /Image") == 1
    else:
        sheet = Image.open(out).convert("RGB")
        colours = set(sheet.resize((sheet.width // 8, sheet.height // 8),
                                   Image.Resampling.NEAREST).get_flattened_data())
        for want in ((200, 30, 30), (30, 180, 60), (30, 60, 220)):
            assert any(close(c, want, 12) for c in colours), want


def test_the_tile_cache_decodes_each_toy_picture_once_per_size(tmp_path):
    space = toy_space(tmp_path / "toy")
    cache = TileCache()
    for _ in range(2):
        for k in range(len(space)):
            draw_ad(space.content(space[k], "feed-square"), space.sources, "feed-square", 160, cache=cache)
    tiles = [key for key in cache._items if key[0] == "tile"]
    assert len(tiles) == 3  # three pictures at one size; the second round only hits
    assert cache.hits > cache.misses
