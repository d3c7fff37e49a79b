"""`dcstudio catalog template` with the format, overlay and frame flags, and `dcstudio catalog
preview-image` writing one product's decorated image (fetched from a real local HTTP server)."""
from __future__ import annotations

import pytest
from PIL import Image, ImageChops

from dcstudio.cli import main
from dcstudio.core.model.catalog_format import CatalogFormat, FrameLayer, ImageOverlay
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.model.project_format import PROJECT_FILE
from dcstudio.core.render.overlays import decorate
from tests.catalog.feeds import write
from tests.catalog.image_server import ImageServer, image_bytes


@pytest.fixture
def server():
    with ImageServer() as s:
        yield s


@pytest.fixture
def project(tmp_path, capsys, server):
    server.serve("/a1.png", image_bytes("PNG", (320, 320), (30, 120, 200)), "image/png")
    server.serve("/a1-b.png", image_bytes("PNG", (320, 320), (200, 200, 30)), "image/png")
    feed = ("id,title,description,price,sale_price,link,image_link,additional_image_link\n"
            f"A1,Mug,Blue mug,20.00 EUR,15.00 EUR,https://shop.test/a1,{server.url('/a1.png')},"
            f"\"{server.url('/missing.png')},{server.url('/a1-b.png')}\"\n"
            f"B2,Tea,Green tea,1500 JPY,,https://shop.test/b2,{server.url('/nothing-here.png')},\n")
    p = Project("shop", folder=tmp_path / "shop")
    save_project(p)
    assert main(["catalog", "import", str(p.folder), str(write(tmp_path / "feed.csv", feed))]) == 0
    (p.folder / "assets").mkdir()
    frame = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    frame.paste((240, 200, 20, 255), (0, 0, 600, 40))
    frame.save(p.folder / "assets" / "frame.png")
    capsys.readouterr()
    return p


def test_set_a_format_overlay_and_frame_then_preview_the_image(project, capsys, tmp_path):
    folder = str(project.folder)
    assert main(["catalog", "template", folder, "--format", "single_image", "--overlay", "circle",
                 "--overlay-text", "percentage_off", "--overlay-position", "bottom_right",
                 "--overlay-theme", "background_000000_text_ffffff", "--frame", "assets/frame.png",
                 "--frame-blending", "multiply", "--frame-opacity", "80"]) == 0
    fmt = load_project(project.folder).catalog_format
    assert fmt == CatalogFormat("single_image", image_overlay=ImageOverlay(
        "circle_with_text", "percentage_off", "bottom_right", "background_000000_text_ffffff"),
        frame=FrameLayer("assets/frame.png", "multiply", 80))
    assert "overlay: circle_with_text, percentage_off" in capsys.readouterr().out
    # a flag given alone changes only its field; the template texts are not touched
    assert main(["catalog", "template", folder, "--overlay-position", "top_left", "--additional-image-index", "1"]) == 0
    again = load_project(project.folder)
    assert again.catalog_format.image_overlay.position == "top_left"
    assert again.catalog_format.additional_image_index == 1 and again.catalog_format.frame == fmt.frame
    assert again.catalog_template is None
    out = tmp_path / "a1.png"
    assert main(["catalog", "preview-image", folder, "--out", str(out), "--locale", "de_DE"]) == 0
    assert "a1-b.png" in capsys.readouterr().out  # additional image 1 (0 is the missing one)
    drawn = Image.open(out).convert("RGB")
    expected = decorate(Image.new("RGB", (320, 320), (200, 200, 30)), again.catalog_format,
                        {"price": "20.00 EUR", "sale_price": "15.00 EUR"}, locale="de_DE", folder=project.folder)
    assert ImageChops.difference(drawn, expected).getbbox() is None
    plain = tmp_path / "insta.png"
    assert main(["catalog", "preview-image", folder, "--out", str(plain), "--instagram", "--size", "160"]) == 0
    assert Image.open(plain).size == (160, 160)


def test_overlay_and_frame_can_be_removed(project):
    folder = str(project.folder)
    absolute = str(project.folder / "assets" / "frame.png")
    assert main(["catalog", "template", folder, "--overlay", "pill", "--frame", absolute]) == 0
    assert load_project(project.folder).catalog_format.frame.file == "assets/frame.png"  # stored relative
    assert main(["catalog", "template", folder, "--overlay", "none", "--frame", "none"]) == 0
    fmt = load_project(project.folder).catalog_format
    assert fmt.image_overlay is None and fmt.frame is None


@pytest.mark.parametrize("argv, words", [
    (["--format", "carousel"], "--format: unknown value 'carousel'"),
    (["--overlay", "star"], "--overlay: unknown value 'star'"),
    (["--overlay-text", "price_tag"], "--overlay-text: unknown value 'price_tag'"),
    (["--overlay-position", "middle"], "--overlay-position: unknown value 'middle'"),
    (["--overlay-theme", "red"], "--overlay-theme: unknown value 'red'"),
    (["--overlay-font", "comic_sans"], "--overlay-font: unknown value 'comic_sans'"),
    (["--overlay-custom-text", "cheap"], "--overlay-custom-text: unknown value 'cheap'"),
    (["--overlay", "none", "--overlay-position", "top_left"], "--overlay none"),
    (["--additional-image-index", "20"], "--additional-image-index: '20'"),
    (["--frame", "assets/nope.png"], "--frame assets/nope.png: "),
    (["--frame", "../outside.png"], 'goes up a folder with ".."'),
    (["--frame", "/etc/passwd"], "inside the project folder"),
    (["--frame", "assets/frame.png", "--frame-opacity", "150"], "--frame-opacity: '150'"),
    (["--frame", "assets/frame.png", "--frame-scale", "0"], "--frame-scale: '0'"),
    (["--frame", "assets/frame.png", "--frame-blending", "screen"], "--frame-blending: unknown value 'screen'"),
    (["--frame-opacity", "50"], "--frame FILE first"),
])
def test_a_bad_value_exits_2_with_one_line_and_saves_nothing(project, capsys, argv, words):
    before = (project.folder / PROJECT_FILE).read_bytes()
    assert main(["catalog", "template", str(project.folder), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and "\n" not in err and "Traceback" not in err, err
    assert (project.folder / PROJECT_FILE).read_bytes() == before


@pytest.mark.parametrize("argv, words", [
    (["--out", "x.jpg"], "ending in .png"),
    (["--product", "Z9"], "no product with the id 'Z9'"),
    (["--product", "B2"], "could not be fetched"),
    (["--image", "nope.png"], "--image"),
    (["--size", "5"], "--size 5"),
])
def test_preview_image_bad_input_exits_2(project, capsys, tmp_path, argv, words):
    if "--out" not in argv:
        argv = [*argv, "--out", str(tmp_path / "x.png")]
    assert main(["catalog", "preview-image", str(project.folder), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and "\n" not in err and "Traceback" not in err, err


def test_a_broken_frame_is_named_by_preview_image(project, capsys, tmp_path):
    assert main(["catalog", "template", str(project.folder), "--frame", "assets/frame.png"]) == 0
    (project.folder / "assets" / "frame.png").write_bytes(b"broken")
    src = tmp_path / "p.png"
    Image.new("RGB", (100, 100)).save(src)
    assert main(["catalog", "preview-image", str(project.folder), "--out", str(tmp_path / "o.png"),
                 "--image", str(src)]) == 2
    assert "the frame image" in capsys.readouterr().err
