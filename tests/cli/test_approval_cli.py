"""`dcstudio export` names the rejected assets it left out; `dcstudio sheet --approved-only` shows
just what review cleared."""
from __future__ import annotations

from pypdf import PdfReader

from dcstudio.cli import main
from dcstudio.core.model.project_folder import load_project, save_project


def _review(folder):
    project = load_project(folder)
    project.set_approval("img2", "rejected", "Logo too small; legal wants a bigger badge")
    for asset_id in ("img1", "title1", "body1", "desc1", "cta1", "link1"):
        project.set_approval(asset_id, "approved")
    save_project(project, folder)


def test_export_says_which_rejected_assets_it_left_out(demo_copy, tmp_path, capsys):
    _review(demo_copy)
    assert main(["export", str(demo_copy), "--out", str(tmp_path / "out"), "--no-previews"]) == 0
    out = capsys.readouterr().out
    assert "4 image(s)" in out and "144 combinations" in out
    assert ("1 rejected asset left out: img2 'Ceramic mug' (\"Logo too small; legal wants a bigger badge\")"
            in out)
    assert not (tmp_path / "out" / "images" / "ceramic-mug.jpg").exists()


def test_sheet_approved_only_shows_the_combinations_made_only_of_approved_assets(demo_copy, tmp_path, capsys):
    _review(demo_copy)
    sheet = tmp_path / "cleared.pdf"
    assert main(["sheet", str(demo_copy), "--out", str(sheet), "--approved-only"]) == 0
    assert "(1 pages, 1 combinations, approved assets only)" in capsys.readouterr().out
    text = " ".join(page.extract_text() for page in PdfReader(str(sheet)).pages)
    assert "Trail sneaker" in text and "Smart watch" not in text and "(approved only)" in text
    assert main(["sheet", str(demo_copy), "--out", str(tmp_path / "all.pdf")]) == 0
    assert "180 combinations" in capsys.readouterr().out  # without the switch: the whole review, as before
