"""Every kind of bad or unusual image file: refused with the file and the reason, or converted
to RGB as people see it; in a project, a refused file becomes a placeholder tile and the other
combinations still render."""
from __future__ import annotations

import struct
import zlib

import pytest
from PIL import Image

from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.model.images import MAX_PIXELS, open_display_image, probe_image
from dcstudio.core.render import TileCache, compose
from dcstudio.core.render.chrome import PLACEHOLDER_BG
from dcstudio.core.values.errors import ImageError
from tests.core.test_render_support import add_unchecked_image, close, make_project, picture


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def truncated_jpeg(path):
    im = Image.effect_noise((400, 300), 60).convert("RGB")
    im.save(path, "JPEG", quality=90)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def empty_file(path):
    path.write_bytes(b"")
    return path


def text_as_jpg(path):
    path.write_text("this is a shopping list, not a photo\n")
    return path


def heic_file(path):
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    return path


def huge_png_header(path):
    """A tiny file whose header claims 100,000 x 100,000 pixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
                     + _png_chunk(b"IEND", b""))
    return path


REFUSED = {
    "truncated.jpg": (truncated_jpeg, "truncated"),
    "empty.jpg": (empty_file, "empty"),
    "notes.jpg": (text_as_jpg, "not an image"),
    "photo.heic.jpg": (heic_file, "HEIC"),
    "bomb.png": (huge_png_header, "megapixels"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bad_file_is_refused_naming_file_and_reason(tmp_path, name):
    make, words = REFUSED[name]
    path = make(tmp_path / name)
    for reader in (probe_image, open_display_image):
        with pytest.raises(ImageError) as err:
            reader(path)
        assert name in str(err.value)
        assert words.lower() in err.value.reason.lower()


def test_heic_message_says_how_to_convert(tmp_path):
    with pytest.raises(ImageError) as err:
        probe_image(heic_file(tmp_path / "x.heic"))
    assert "convert" in err.value.reason and "JPEG" in err.value.reason


def test_over_the_pixel_limit_is_refused_without_decoding(tmp_path):
    # Just over the limit, a real header and no pixel data: refused from the header alone.
    side = int(MAX_PIXELS ** 0.5) + 10
    path = tmp_path / "big.png"
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IEND", b""))
    with pytest.raises(ImageError) as err:
        probe_image(path)
    assert "megapixels" in err.value.reason


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (64, 48), (0, 255, 255, 0)).save(path, "JPEG", quality=95)  # pure red in print
    im = open_display_image(path)
    assert im.mode == "RGB" and im.size == (64, 48)
    r, g, b = im.getpixel((32, 24))
    assert r > 200 and g < 60 and b < 60


def test_16_bit_png_becomes_rgb(tmp_path):
    path = tmp_path / "deep.png"
    Image.new("I;16", (40, 30), 32768).save(path)
    assert Image.open(path).mode.startswith("I")
    im = open_display_image(path)
    assert im.mode == "RGB"
    assert close(im.getpixel((5, 5)), (128, 128, 128), 3)


def test_palette_with_alpha_goes_over_white(tmp_path):
    path = tmp_path / "palette.png"
    im = Image.new("P", (40, 30), 0)
    im.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    im.paste(1, (20, 0, 40, 30))
    im.save(path, transparency=0)
    out = open_display_image(path)
    assert out.mode == "RGB"
    assert out.getpixel((5, 5)) == (255, 255, 255)  # transparent: white, not red or black
    assert out.getpixel((30, 5)) == (0, 0, 255)


def test_rgba_half_transparent_over_white(tmp_path):
    path = tmp_path / "alpha.png"
    Image.new("RGBA", (10, 10), (0, 0, 0, 128)).save(path)
    assert close(open_display_image(path).getpixel((1, 1)), (127, 127, 127), 2)


def test_animated_gif_shows_its_first_frame(tmp_path):
    path = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (30, 20), c) for c in ((255, 0, 0), (0, 0, 255), (0, 255, 0))]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert Image.open(path).n_frames == 3
    info = probe_image(path)
    assert (info.width, info.height) == (30, 20)
    r, g, b = open_display_image(path).getpixel((10, 10))
    assert r > 200 and g < 40 and b < 40


def test_png_with_a_jpg_name_is_read_by_content(tmp_path):
    path = tmp_path / "really-a-png.jpg"
    Image.new("RGB", (12, 8), (0, 200, 0)).save(path, "PNG")
    assert probe_image(path).format == "PNG"


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_unreadable_file_in_a_project_gives_a_placeholder_and_the_rest_renders(tmp_path, name):
    good = picture(tmp_path / "good.png", (30, 120, 200))
    project = make_project(tmp_path / "p", [good])
    make, words = REFUSED[name]
    bad = add_unchecked_image(project, make(tmp_path / "p" / "assets" / name))
    space = CombinationSpace.from_project(project)
    cache = TileCache()
    shown = {}
    for combination in space:
        mockup = compose(project, combination, "feed-square", 200, cache=cache)
        shown[combination.get("media")] = mockup
    broken = shown[bad.id]
    assert list(broken.problems) == [bad.id]
    assert name in broken.problems[bad.id] and words.lower() in broken.problems[bad.id].lower()
    left, top, right, bottom = broken.boxes["media"][0]
    assert broken.image.getpixel((left + 3, top + 3)) == PLACEHOLDER_BG
    fine = shown[project.pools["images"][0].id]
    assert fine.problems == {}
    left, top, right, bottom = fine.boxes["media"][0]
    assert close(fine.image.getpixel((left + 5, top + 5)), (30, 120, 200), 6)


def test_file_problems_from_loading_give_a_placeholder_with_that_reason(tmp_path):
    project = make_project(tmp_path / "p", [picture(tmp_path / "a.png", (200, 40, 40)),
                                            picture(tmp_path / "b.png", (40, 200, 40))])
    first = project.pools["images"][0]
    project.file_problems[first.id] = f"{first.file}: file is missing"
    space = CombinationSpace.from_project(project)
    for placement in ("feed-square", "story", "carousel"):
        mockup = compose(project, space[0], placement, 160, cache=TileCache())
        assert mockup.problems == {first.id: f"{first.file}: file is missing"}
    other = compose(project, space[1], "feed-square", 160, cache=TileCache())
    assert other.problems == {}
