"""`dcstudio new --video`: the file copied into assets/ with its poster; a bad one is one line
naming it, exit 2, and no half-made project left."""
from __future__ import annotations

from dcstudio.cli import main
from dcstudio.core.model.project_folder import load_project
from tests.video_clips import make_clip


def test_new_with_a_video(tmp_path, capsys):
    clip = make_clip(tmp_path / "ad.mp4", width=54, height=96)
    assert main(["new", str(tmp_path / "p"), "--ad-format", "SINGLE_VIDEO", "--video", str(clip)]) == 0
    (video,) = load_project(tmp_path / "p").pools["videos"]
    assert video.file == "assets/ad.mp4" and video.thumbnail == "assets/ad.poster.jpg"
    assert (video.facts.width, video.facts.height) == (54, 96)
    assert "1 videos" in capsys.readouterr().out


def test_new_with_a_text_file_named_mp4_exits_2_naming_it(tmp_path, capsys):
    fake = tmp_path / "fake.mp4"
    fake.write_text("not a video")
    assert main(["new", str(tmp_path / "p"), "--video", str(fake)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dcstudio: error: ") and "fake.mp4" in err and "not a video" in err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "p").exists()
