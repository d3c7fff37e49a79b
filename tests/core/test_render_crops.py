"""Crops in previews: the square shows exactly the crop rectangle, in the displayed pixel grid."""
from __future__ import annotations

from dataclasses import replace

from PIL import Image, ImageDraw, ImageOps

from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.render import TileCache, compose, placement_box
from dcstudio.core.render.tiles import image_tile
from dcstudio.core.values.crops import Crop
from tests.core.test_render_support import BLUE, GREEN, RED, close, make_project, striped


def _media(mockup):
    left, top, right, bottom = mockup.boxes["media"][0]
    return mockup.image.crop((left, top, right, bottom))


def _project(tmp_path, crop=None):
    project = make_project(tmp_path / "p", [striped(tmp_path / "striped.png")])
    if crop is not None:
        asset = project.pools["images"][0]
        project.update_asset(asset.id, crop=crop)
    return project


def test_default_crop_is_the_centred_square(tmp_path):
    project = _project(tmp_path)
    asset = project.pools["images"][0]
    assert asset.crop == Crop(50, 0, 200, 200)
    media = _media(compose(project, CombinationSpace.from_project(project)[0], "feed-square", 200,
                           cache=TileCache()))
    assert media.size == (200, 200)
    for x in (2, 100, 197):
        assert close(media.getpixel((x, 100)), GREEN, 8)


def test_moved_crop_shows_the_moved_rectangle(tmp_path):
    project = _project(tmp_path, Crop(0, 0, 200, 200))
    media = _media(compose(project, CombinationSpace.from_project(project)[0], "feed-square", 200,
                           cache=TileCache()))
    assert close(media.getpixel((10, 100)), RED, 8)  # the red sixth is now inside, on the left
    assert close(media.getpixel((100, 100)), GREEN, 8)
    assert close(media.getpixel((195, 100)), GREEN, 8)


def test_crop_outside_the_image_is_clamped(tmp_path):
    project = _project(tmp_path, Crop(180, -30, 200, 200))  # hangs over the right and top edges
    asset = project.pools["images"][0]
    assert placement_box(asset, (1, 1)) == (100, 0, 300, 200)
    media = _media(compose(project, CombinationSpace.from_project(project)[0], "feed-square", 200,
                           cache=TileCache()))
    assert close(media.getpixel((195, 100)), BLUE, 8)
    assert close(media.getpixel((5, 100)), GREEN, 8)


def test_exif_rotated_image_crops_what_the_person_sees(tmp_path):
    # What the person sees: 100 wide, 200 tall, top half red, bottom half blue.
    seen = Image.new("RGB", (100, 200), BLUE)
    ImageDraw.Draw(seen).rectangle((0, 0, 99, 99), fill=RED)
    stored = seen.rotate(90, expand=True)  # the camera stored it lying on its side
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    path = tmp_path / "rotated.jpg"
    stored.save(path, "JPEG", quality=95, exif=exif.tobytes())
    assert Image.open(path).size == (200, 100)
    assert close(ImageOps.exif_transpose(Image.open(path)).getpixel((50, 20)), RED, 12)
    project = make_project(tmp_path / "p", [path])
    asset = project.pools["images"][0]
    assert (asset.width, asset.height) == (100, 200)
    project.update_asset(asset.id, crop=Crop(0, 0, 100, 100))  # the top square: all red
    combination = CombinationSpace.from_project(project)[0]
    media = _media(compose(project, combination, "feed-square", 160, cache=TileCache()))
    for xy in ((5, 5), (80, 80), (150, 150)):
        assert close(media.getpixel(xy), RED, 16)
    project.update_asset(asset.id, crop=Crop(0, 100, 100, 100))  # the bottom square: all blue
    media = _media(compose(project, combination, "feed-square", 160, cache=TileCache()))
    assert close(media.getpixel((80, 80)), BLUE, 16)


def test_portrait_placement_uses_a_4_5_crop_as_is_and_derives_one_from_a_square(tmp_path):
    project = make_project(tmp_path / "p", [striped(tmp_path / "s.png", size=(400, 500))])
    asset = project.pools["images"][0]
    assert placement_box(asset, (4, 5)) == (0, 0, 400, 500)  # the whole 4:5 picture
    four_five = replace(asset, crop=Crop(40, 50, 320, 400, "400x500"))
    assert placement_box(four_five, (4, 5)) == (40, 50, 360, 450)
    square = replace(asset, crop=Crop(0, 300, 200, 200))
    left, top, right, bottom = placement_box(square, (4, 5))
    assert (right - left) * 5 == (bottom - top) * 4
    assert 0 <= left and right <= 400 and 0 <= top and bottom <= 500
    assert left <= 0 + 100 <= right and top <= 400 <= bottom  # still centred on the square's centre


def test_tile_is_decoded_at_the_size_it_shows(tmp_path):
    big = tmp_path / "big.jpg"
    Image.new("RGB", (3200, 2400), GREEN).save(big, quality=80)
    project = make_project(tmp_path / "p", [big])
    asset = project.pools["images"][0]
    tile = image_tile(TileCache(), project, asset, placement_box(asset, (1, 1)), (200, 200))
    assert tile.image.size == (200, 200) and tile.problem is None
    assert close(tile.image.getpixel((100, 100)), GREEN, 6)
