"""A project holding an image over the pixel limit opens in the window without a crash: the
preview tiles are placeholders, the image's row says why, and the checks name it."""
from __future__ import annotations

from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.qt.app import wait_until_ready
from tests.core.huge_images import huge_bilevel_png
from tests.core.test_render_support import add_unchecked_image


def test_the_window_shows_the_image_as_refused_with_the_reason(make_window, demo_copy, qtbot):
    project = load_project(demo_copy)
    asset = add_unchecked_image(project, huge_bilevel_png(demo_copy / "assets" / "huge.png"), 1080, 1080)
    save_project(project)
    window = make_window(demo_copy)
    assert wait_until_ready(window, 60)
    qtbot.waitUntil(lambda: any(f.rule_id == "files.pixels" for f in window.lint_runner.report.errors))
    model = window.pools.sections["images"].model
    row = [model.index(r).data(model.AssetRole).id for r in range(model.rowCount())].index(asset.id)
    tooltip = model.index(row).data(0x0003)  # Qt.ToolTipRole
    assert "Cannot show the picture" in tooltip and "huge.png" in tooltip and "400 megapixels" in tooltip
    assert "files.pixels" not in tooltip and "error: image" in tooltip  # and the check's finding
    assert model.index(row).data(model.ThumbnailRole) is None  # no picture: a grey placeholder


def test_an_image_turned_into_a_link_out_of_the_project_after_opening_is_a_row_problem(make_window, demo_copy,
                                                                                      qtbot, tmp_path):
    window = make_window(demo_copy)
    assert wait_until_ready(window, 60)
    model = window.pools.sections["images"].model
    asset = model.index(0).data(model.AssetRole)
    outside = tmp_path / "outside.jpg"
    target = demo_copy / asset.file
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)
    model.thumbnails.pop(asset.id, None)
    window.images.load_thumbnails(window.document.project, model)
    qtbot.waitUntil(lambda: asset.id in model.thumbnail_problems)
    assert "outside the project" in model.thumbnail_problems[asset.id]
    assert model.index(0).data(model.ThumbnailRole) is None
