"""An image over the pixel limit (a real, valid file, not a lowered limit): a lint error naming
it and its pixel count, a clean refusal when the export or publish prepares the upload, and a
placeholder that says why wherever it would be shown."""
from __future__ import annotations

import pytest
from PIL import Image

from dcstudio.core.lint import lint
from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.model.images import (
    MAX_PIXELS,
    open_display_image,
    pixel_limit_problem,
    probe_image,
)
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.export.upload_images import prepare_upload_images, upload_images_for
from dcstudio.core.render import TileCache, compose
from dcstudio.core.values.errors import DcError, ImageError
from tests.core.huge_images import huge_bilevel_png
from tests.core.test_render_support import add_unchecked_image, make_project, picture

SIDE = 20_000  # 400 megapixels: over our limit and over Pillow's own decompression-bomb limit


@pytest.fixture(scope="module")
def huge_png(tmp_path_factory):
    return huge_bilevel_png(tmp_path_factory.mktemp("huge") / "huge.png")


def _project_with(tmp_path, huge_png, stored=(1080, 1080)):
    """A project (as a hand-edited file could say) holding the huge image beside a good one."""
    project = make_project(tmp_path / "p", [picture(tmp_path / "good.png", (30, 120, 200), (1080, 1080))])
    project.update_campaign(page_id="104857600012345")
    target = tmp_path / "p" / "assets" / "huge.png"
    target.write_bytes(huge_png.read_bytes())
    return project, add_unchecked_image(project, target, *stored)


def test_the_file_is_real_small_and_over_the_limit(huge_png):
    assert huge_png.stat().st_size < 200_000
    assert SIDE * SIDE > 2 * MAX_PIXELS  # Pillow itself refuses to open it
    with pytest.raises(Image.DecompressionBombError):
        Image.open(huge_png)


@pytest.mark.parametrize("stored", [(1080, 1080), (SIDE, SIDE)])
def test_lint_gives_an_error_naming_the_image_and_its_pixels(tmp_path, huge_png, stored):
    # The stored size may be what a hand-edited file claims: the file's own header decides.
    project, asset = _project_with(tmp_path, huge_png, stored)
    report = lint(project)
    (finding,) = [f for f in report.findings if f.rule_id == "files.pixels"]
    assert finding.severity == "error" and finding.asset_id == asset.id
    assert asset.id in finding.message and "huge.png" in finding.message
    assert "400 megapixels" in finding.message and f"{MAX_PIXELS // 1_000_000} megapixels" in finding.message
    assert finding in report.errors


def test_an_image_within_the_limit_is_not_flagged(tmp_path):
    project = make_project(tmp_path / "p", [picture(tmp_path / "ok.png", (200, 40, 40), (1080, 1080))])
    assert "files.pixels" not in lint(project).rule_ids()


def test_pixel_problem_reads_the_header_only_and_names_the_count(huge_png, tmp_path):
    assert "20000x20000" in pixel_limit_problem(huge_png) or "400,000,000" in pixel_limit_problem(huge_png)
    assert pixel_limit_problem(picture(tmp_path / "small.png", (1, 2, 3))) is None
    just_over = huge_bilevel_png(tmp_path / "just-over.png", 8000, 7000)  # 56 MP: Pillow only warns
    assert "8000x7000" in pixel_limit_problem(just_over) and "56 megapixels" in pixel_limit_problem(just_over)


def test_export_refuses_it_cleanly_naming_the_file(tmp_path, huge_png):
    project, asset = _project_with(tmp_path, huge_png)
    with pytest.raises(ImageError) as err:
        build_plan(project)
    assert "huge.png" in str(err.value) and "megapixels" in err.value.reason
    with pytest.raises(DcError, match="huge.png"):
        prepare_upload_images(project, tmp_path / "out", asset_ids=[asset.id])
    assert not (tmp_path / "out" / "huge.png").exists()


def test_just_over_our_limit_is_refused_at_upload_too(tmp_path):
    # 56 MP: Pillow only warns, so without our own check it would be uploaded byte for byte.
    project = make_project(tmp_path / "p", [picture(tmp_path / "good.png", (30, 120, 200))])
    bad = add_unchecked_image(project, huge_bilevel_png(tmp_path / "p" / "assets" / "big.png", 8000, 7000))
    with pytest.raises(ImageError, match="big.png.*56 megapixels"):
        upload_images_for(project, [bad.id])


def test_opening_it_anywhere_refuses_with_the_reason(huge_png):
    for reader in (probe_image, open_display_image):
        with pytest.raises(ImageError) as err:
            reader(huge_png)
        assert "huge.png" in str(err.value) and "400 megapixels" in err.value.reason


def test_a_preview_shows_a_placeholder_saying_why(tmp_path, huge_png):
    project, asset = _project_with(tmp_path, huge_png)
    space = CombinationSpace.from_project(project)
    shown = {c.get("media"): compose(project, c, "feed-square", 200, cache=TileCache()) for c in space}
    assert "megapixels" in shown[asset.id].problems[asset.id]
    assert shown[project.pools["images"][0].id].problems == {}
