"""Each placement's geometry, the carousel's cards, safe zones, and the cache behind them."""
from __future__ import annotations

import threading

import pytest
from PIL import ImageChops

from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.render import PLACEMENTS, TileCache, compose, render_preview
from dcstudio.core.render import tiles as tiles_module
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.placements import PLACEMENT_TABLE
from tests.core.test_render_support import GREEN, close, make_project, picture, striped

COLOURS = [(200, 40, 40), (40, 160, 60), (40, 60, 200), (220, 180, 30), (150, 50, 180), (30, 170, 170)]


def _images(tmp_path, n):
    return [picture(tmp_path / f"img{k}.png", COLOURS[k % len(COLOURS)], size=(160 + k, 160 + k))
            for k in range(n)]


def test_placement_names_are_the_interface():
    assert PLACEMENTS == ("feed-square", "feed-portrait", "story", "carousel")


@pytest.mark.parametrize("placement, ratio", [("feed-square", 1.0), ("feed-portrait", 1.25)])
def test_feed_geometry(tmp_path, placement, ratio):
    project = make_project(tmp_path / "p", [striped(tmp_path / "s.png", size=(400, 500))])
    mockup = compose(project, CombinationSpace.from_project(project)[0], placement, 300, cache=TileCache())
    boxes = mockup.boxes
    assert mockup.image.mode == "RGB" and mockup.image.width == 300
    left, top, right, bottom = boxes["media"][0]
    assert (left, right) == (0, 300) and bottom - top == round(300 * ratio)
    # Top to bottom as in the app: header, primary text, media, link bar, actions.
    order = ["header", "body", "media", "link", "actions"]
    tops = [boxes[name][0][1] for name in order]
    assert tops == sorted(tops) and boxes["actions"][0][3] == mockup.image.height
    assert close(mockup.image.getpixel((150, top + (bottom - top) // 2)), GREEN, 8)


def test_story_geometry_and_safe_zones(tmp_path):
    project = make_project(tmp_path / "p", [striped(tmp_path / "s.png", size=(300, 200))])
    combination = CombinationSpace.from_project(project)[0]
    cache = TileCache()
    plain = compose(project, combination, "story", 270, cache=cache)
    assert plain.image.size == (270, 480)
    left, top, right, bottom = plain.boxes["media"][0]
    # Stories ignore crops: the whole 3:2 picture, fitted to the width, centred vertically.
    assert (left, right, bottom - top) == (0, 270, 180) and top == (480 - 180) // 2
    assert close(plain.image.getpixel((5, 240)), (220, 30, 30), 12)  # the red edge the crop would cut
    zoned = compose(project, combination, "story", 270, cache=cache, safe_zones=True)
    safe_top, safe_bottom = PLACEMENT_TABLE["story"].safe_zones
    assert (safe_top, safe_bottom) == (0.14, 0.20)  # Meta's guidance for stories and reels
    assert zoned.boxes["safe-top"] == [(0, 0, 270, round(480 * safe_top))]
    assert zoned.boxes["safe-bottom"] == [(0, round(480 * (1 - safe_bottom)), 270, 480)]
    diff = ImageChops.difference(plain.image, zoned.image).getbbox()
    assert diff is not None and diff[1] < 10 and diff[3] > 470  # tinted at the top and the bottom
    middle = (0, 120, 270, 360)
    assert ImageChops.difference(plain.image.crop(middle), zoned.image.crop(middle)).getbbox() is None
    assert "safe-top" not in plain.boxes


@pytest.mark.parametrize("images, cards", [(1, 1), (3, 3), (10, 10), (12, 10)])
def test_carousel_shows_min_images_10_cards(tmp_path, images, cards):
    """A phone-width frame holds one card whole and the next peeking; scrolled (``first_card``)
    it shows every card, the last one against the right edge."""
    project = make_project(tmp_path / "p", _images(tmp_path, images), ad_format="CAROUSEL")
    combination = CombinationSpace.from_project(project)[0]
    first = compose(project, combination, "carousel", 120, cache=TileCache())
    assert len(first.boxes["cards"]) == cards == len(first.boxes["media"])
    assert all(b[2] - b[0] == 120 and b[3] - b[1] == 120 for b in first.boxes["media"])
    width = first.image.width
    assert 1.25 * 120 < width < 1.45 * 120  # about 1.3 cards, whatever the number of cards
    if cards > 1:
        peeking = first.boxes["media"][1]
        assert peeking[0] < width < peeking[2]  # the next card is cut by the frame's right edge
        assert close(first.image.getpixel((width - 2, peeking[1] + 4)), COLOURS[1], 10)
    for k in range(cards):
        mockup = compose(project, combination, "carousel", 120, cache=TileCache(), first_card=k)
        assert mockup.image.size == first.image.size
        left, top, right, _bottom = mockup.boxes["media"][k]
        assert 0 <= left and right <= width  # card k is in view, whole
        assert close(mockup.image.getpixel((left + 4, top + 4)), COLOURS[k % len(COLOURS)], 10)
    if cards > 1:
        assert mockup.boxes["media"][-1][2] < width < mockup.boxes["media"][-1][2] + 12  # at the right edge


def test_single_image_combination_as_a_carousel_starts_with_its_image(tmp_path):
    project = make_project(tmp_path / "p", _images(tmp_path, 3))
    combination = CombinationSpace.from_project(project)[2]  # the third image
    assert combination.get("media") == project.pools["images"][2].id
    mockup = compose(project, combination, "carousel", 100, cache=TileCache())
    left, top, _, _ = mockup.boxes["media"][0]
    assert close(mockup.image.getpixel((left + 3, top + 3)), COLOURS[2], 10)
    assert len(mockup.boxes["cards"]) == 3


def test_bad_placement_and_size_are_refused(tmp_path):
    project = make_project(tmp_path / "p", _images(tmp_path, 1))
    combination = CombinationSpace.from_project(project)[0]
    with pytest.raises(BadInputError, match="placement"):
        render_preview(project, combination, "billboard", 200)
    with pytest.raises(BadInputError, match="size"):
        render_preview(project, combination, "feed-square", 10)


def test_each_image_is_decoded_once_per_size(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p", _images(tmp_path, 2), titles=("A", "B", "C"), bodies=("x", "y"))
    calls = []
    real = tiles_module.open_display_image
    monkeypatch.setattr(tiles_module, "open_display_image", lambda path, **kw: calls.append(path) or real(path, **kw))
    cache = TileCache()
    space = CombinationSpace.from_project(project)
    assert len(space) == 12
    for combination in space:
        render_preview(project, combination, "feed-square", 150, cache=cache)
    assert len(calls) == 2
    for combination in space:
        render_preview(project, combination, "feed-square", 200, cache=cache)
    assert len(calls) == 4


def test_cache_is_bounded_in_bytes():
    from PIL import Image

    cache = TileCache(max_bytes=100 * 100 * 3 * 3)
    for k in range(10):
        cache.get(("t", k), lambda: Image.new("RGB", (100, 100)))
        assert cache.bytes <= cache.max_bytes
    assert len(cache) == 3
    assert ("t", 9) in cache and ("t", 0) not in cache
    cache.get(("huge",), lambda: Image.new("RGB", (1000, 1000)))  # larger than the cache: not kept
    assert ("huge",) not in cache and len(cache) == 3


def test_cache_makes_each_key_once_across_threads():
    from PIL import Image

    cache = TileCache()
    made = []
    gate = threading.Event()

    def make():
        made.append(1)
        gate.wait(2)
        return Image.new("RGB", (10, 10))

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", make))) for _ in range(8)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(5)
    assert len(made) == 1 and len(results) == 8 and all(r is results[0] for r in results)


def test_render_preview_from_threads_matches_sequential(tmp_path):
    project = make_project(tmp_path / "p", _images(tmp_path, 3), titles=("One", "Two"),
                           bodies=("مرحبا بالعالم", "Hello \U0001F600", "中文测试"))
    space = CombinationSpace.from_project(project)
    expected = {(c.index, p): render_preview(project, c, p, 140, cache=TileCache()).tobytes()
                for c in space for p in PLACEMENTS}
    shared = TileCache()
    got, errors = {}, []

    def work(offset):
        try:
            for k, (c, p) in enumerate((c, p) for c in space for p in PLACEMENTS):
                if k % 4 == offset:
                    got[(c.index, p)] = render_preview(project, c, p, 140, cache=shared).tobytes()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert got == expected


def test_video_without_thumbnail_shows_a_named_video_tile(tmp_path):
    from dcstudio.core.model.assets import VideoAsset

    project = make_project(tmp_path / "p", [], ad_format="SINGLE_VIDEO")
    project.add_asset("videos", VideoAsset("", video_id="12345", label="Spring teaser"))
    combination = CombinationSpace.from_project(project)[0]
    for placement in ("feed-square", "story"):
        mockup = compose(project, combination, placement, 200, cache=TileCache())
        assert mockup.problems == {}
        left, top, right, bottom = mockup.boxes["media"][0]
        cx, cy = (left + right) // 2, (top + bottom) // 2
        assert mockup.image.getpixel((cx, cy)) == (255, 255, 255)  # the play triangle
        assert close(mockup.image.getpixel((left + 4, top + 4)), (28, 30, 33), 4)


def test_video_thumbnail_is_shown(tmp_path):
    from dcstudio.core.model.assets import VideoAsset

    project = make_project(tmp_path / "p", [], ad_format="SINGLE_VIDEO")
    thumb = picture(tmp_path / "p" / "thumb.png", (200, 40, 40), mark=False)
    project.add_asset("videos", VideoAsset("", file="teaser.mp4", thumbnail="thumb.png", label="Teaser"))
    assert thumb.exists()
    mockup = compose(project, CombinationSpace.from_project(project)[0], "feed-square", 200, cache=TileCache())
    left, top, _, _ = mockup.boxes["media"][0]
    assert close(mockup.image.getpixel((left + 4, top + 4)), (200, 40, 40), 6)


def test_an_unparseable_link_still_renders(demo_project):
    from dcstudio.core.model.combinations import CombinationSpace
    from dcstudio.core.render import render_preview

    demo_project.update_asset("link1", website_url="https://[::1", display_url="")
    image = render_preview(demo_project, CombinationSpace.from_project(demo_project)[0], "feed-square", 320)
    assert image.width == 320


@pytest.mark.parametrize("placement", ["feed-square", "feed-portrait", "story", "carousel"])
def test_the_close_box_holds_the_drawn_cross(tmp_path, placement):
    """The × of the header is where close_box says: a window hit-tests it from there."""
    from dcstudio.core.render import close_box, mockup_width

    project = make_project(tmp_path / "p", _images(tmp_path, 2), ad_format="CAROUSEL")
    combination = CombinationSpace.from_project(project)[0]
    mockup = compose(project, combination, placement, 200, cache=TileCache())
    assert mockup.image.width == mockup_width(placement, 200)
    left, top, right, bottom = close_box(placement, 200)
    assert 0.8 * mockup.image.width < left < right <= mockup.image.width and 0 <= top < bottom
    middle = mockup.image.convert("L").getpixel(((left + right) // 2, (top + bottom) // 2))
    assert middle > 200 if placement == "story" else middle < 60  # where the two strokes cross: white / ink
    assert (right - left) < 0.15 * mockup.image.width
