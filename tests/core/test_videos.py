"""Video files: probing with PyAV, the default poster, import into assets/, and every kind of bad
file refused with a message naming it. The clips are made with PyAV in tmp_path."""
from __future__ import annotations

import json
from fractions import Fraction

import av
import pytest
from PIL import Image

from dcstudio.core.model.assets import VideoAsset
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import import_image, import_video, load_project, save_project
from dcstudio.core.model.project_format import PROJECT_FILE
from dcstudio.core.model.videos import frame_at, probe_video
from dcstudio.core.values.errors import VideoError
from tests.video_clips import make_clip, truncate


@pytest.fixture
def project(tmp_path):
    p = Project("video", ad_format="SINGLE_VIDEO")
    p.folder = tmp_path / "project"
    save_project(p)
    return p


def test_a_square_clip_is_probed(tmp_path):
    facts, poster = probe_video(make_clip(tmp_path / "square.mp4", seconds=2, fps=10))
    assert (facts.width, facts.height, facts.codec, facts.rotation, facts.audio) == (64, 64, "h264", 0, "")
    assert facts.duration == pytest.approx(2.0, abs=0.05) and facts.fps == pytest.approx(10)
    assert not facts.variable_fps
    assert poster.image.size == (64, 64) and poster.second == pytest.approx(1.0, abs=0.05)


def test_a_vertical_clip_with_sound(tmp_path):
    facts, _ = probe_video(make_clip(tmp_path / "story.mp4", width=54, height=96, audio=True))
    assert (facts.width, facts.height, facts.audio) == (54, 96, "aac")
    assert facts.ratio == pytest.approx(9 / 16)


def test_a_rotated_phone_video_is_upright(tmp_path):
    # Coded 96x64 with a display matrix turning it a quarter: shown (and probed) 64 wide, 96 high.
    clip = make_clip(tmp_path / "phone.mov", width=96, height=64, rotation=90)
    facts, poster = probe_video(clip)
    assert (facts.width, facts.height, facts.rotation) == (64, 96, 90)
    assert poster.image.size == (64, 96)
    assert frame_at(clip, 0.5).image.size == (64, 96)


def test_the_rotation_turns_the_picture_the_way_a_player_does(tmp_path):
    path = tmp_path / "marked.mp4"
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 32, "yuv420p"
        stream.set_display_rotation(90)  # counterclockwise, as FFmpeg's display matrix
        im = Image.new("RGB", (64, 32), (0, 0, 0))
        im.paste((255, 255, 255), (0, 0, 16, 32))  # white at the left edge
        for i in range(5):
            frame = av.VideoFrame.from_image(im)
            frame.pts, frame.time_base = i, Fraction(1, 10)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    image = frame_at(path, 0.0).image
    assert image.size == (32, 64)
    # turned counterclockwise, the left edge goes to the bottom
    assert image.getpixel((16, 60))[0] > 200 and image.getpixel((16, 4))[0] < 60


def test_the_poster_skips_a_black_opening(tmp_path):
    facts, poster = probe_video(make_clip(tmp_path / "fade.mp4", seconds=3, black_first=1.5))
    assert poster.second >= 1.5
    assert max(poster.image.getpixel((10, 10))) > 40


def test_a_variable_frame_rate_is_detected(tmp_path):
    facts, _ = probe_video(make_clip(tmp_path / "vfr.mp4", variable=True))
    assert facts.variable_fps


@pytest.mark.parametrize("faststart", [False, True], ids=["index-at-end", "index-first"])
def test_a_truncated_mp4_is_refused_by_name(tmp_path, faststart):
    clip = truncate(make_clip(tmp_path / "cut.mp4", seconds=3, faststart=faststart))
    with pytest.raises(VideoError, match="truncated") as err:
        probe_video(clip)
    assert str(clip) in str(err.value)


def test_audio_only_and_text_files_are_refused(tmp_path):
    with pytest.raises(VideoError, match="audio only"):
        probe_video(make_clip(tmp_path / "song.mp4", video=False, audio=True, seconds=1.0))
    fake = tmp_path / "notes.mp4"
    fake.write_text("not a video\n" * 20)
    with pytest.raises(VideoError, match="not a video") as err:
        probe_video(fake)
    assert "notes.mp4" in str(err.value)


def test_an_8k_video_is_refused_before_decoding(tmp_path):
    path = tmp_path / "8k.mp4"
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=1, options={"preset": "ultrafast"})
        stream.width, stream.height, stream.pix_fmt = 7680, 4320, "yuv420p"
        frame = av.VideoFrame(7680, 4320, "yuv420p")
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        for packet in [*stream.encode(frame), *stream.encode()]:
            out.mux(packet)
    with pytest.raises(VideoError, match="7680x4320"):
        probe_video(path)


def test_a_ten_hour_video_is_refused_from_its_header(tmp_path):
    path = tmp_path / "long.mp4"
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=1)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
        stream.codec_context.time_base = Fraction(1, 1)
        for pts in (0, 10 * 3600):
            frame = av.VideoFrame.from_image(Image.new("RGB", (32, 32), (200, 100, 50)))
            frame.pts, frame.time_base = pts, Fraction(1, 1)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    with pytest.raises(VideoError, match="10.0 hours"):
        probe_video(path)


def test_import_copies_the_file_with_its_hash_and_a_poster(project, tmp_path):
    clip = make_clip(tmp_path / "Clip One.mp4", width=54, height=96, seconds=2)
    asset = project.add_asset("videos", import_video(project, clip))
    assert asset.file == "assets/Clip-One.mp4" and (project.folder / asset.file).read_bytes() == clip.read_bytes()
    assert len(asset.sha256) == 64 and asset.thumbnail.endswith(".jpg")
    with Image.open(project.folder / asset.thumbnail) as poster:
        assert poster.format == "JPEG" and poster.size == (54, 96)
    assert asset.facts.width == 54 and asset.poster_at == pytest.approx(1.0, abs=0.05)
    save_project(project)
    again = load_project(project.folder)
    assert again.pools["videos"][0] == asset
    assert not again.file_problems


def test_a_bad_video_leaves_the_project_and_its_other_assets_as_they_were(project, tmp_path):
    good = project.add_asset("videos", import_video(project, make_clip(tmp_path / "good.mp4")))
    fake = tmp_path / "bad.mp4"
    fake.write_text("hello")
    with pytest.raises(VideoError, match="bad.mp4"):
        import_video(project, fake)
    assert project.pools["videos"] == [good]
    assert sorted(p.name for p in (project.folder / "assets").iterdir()) == ["good.mp4", "good.poster.jpg"]


def test_an_image_is_not_taken_for_a_video(project, tmp_path):
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (40, 40), "red").save(photo)
    with pytest.raises(VideoError, match="not an MP4 or MOV"):
        import_video(project, photo)
    assert import_image(project, photo).width == 40


def test_an_old_project_with_a_video_id_still_loads(project):
    doc = json.loads((project.folder / PROJECT_FILE).read_text("utf-8"))
    doc["assets"]["videos"] = [{"id": "vid1", "video_id": "123456", "thumbnail_url": "https://example.com/t.jpg"}]
    (project.folder / PROJECT_FILE).write_text(json.dumps(doc), "utf-8")
    loaded = load_project(project.folder)
    assert loaded.pools["videos"] == [VideoAsset("vid1", video_id="123456", thumbnail_url="https://example.com/t.jpg")]
    save_project(loaded)
    assert "probe" not in (project.folder / PROJECT_FILE).read_text("utf-8")


def test_lint_judges_an_imported_video_by_its_probed_facts(project, tmp_path):
    from dcstudio.core.lint import lint

    project.update_campaign(placements={"publisher_platforms": ["facebook"], "facebook_positions": ["story"]})
    project.add_asset("videos", import_video(project, make_clip(tmp_path / "story.mp4", width=54, height=96)))
    found = {f.rule_id: f for f in lint(project).findings if f.rule_id.startswith("meta.video")}
    assert "meta.video.ratio" not in found and "meta.video.no_id" not in found  # 9:16 in stories; a file to upload
    assert "54 px wide" in found["meta.video.thumbnail_shape"].message  # the poster is the video's size
    project.update_campaign(placements=None)  # Advantage+: feed and Instagram too
    found = {f.rule_id for f in lint(project).findings}
    assert {"meta.video.ratio", "meta.video.instagram_shape"} <= found


def test_tiles_show_the_poster_with_a_play_badge_and_the_duration_in_each_frame(project, tmp_path):
    from dcstudio.core.model.ad_content import AdContent
    from dcstudio.core.render import draw_ad
    from dcstudio.core.render.chrome import duration_text

    project.add_asset("videos", import_video(project, make_clip(tmp_path / "tall.mp4", width=90, height=160,
                                                                seconds=2)))
    video = project.pools["videos"][0]
    assert duration_text(video.facts.duration) == "0:02" and duration_text(3725) == "1:02:05"
    content = AdContent("Shop", (video,), "Title", "Body", None, "SHOP_NOW", "example.com")
    story = draw_ad(content, project, "story", 180).image
    # a 9:16 video fills the story frame: its duration badge (dark) sits in the frame's own
    # bottom-right corner, where a square video's would be higher up, at its picture's corner
    corner = story.getpixel((story.width - 22, story.height - 15))
    assert max(corner) < 70, corner
    square = draw_ad(content, project, "feed-square", 320)
    assert not square.problems


def test_the_poster_is_the_keyframe_just_after_a_second_when_there_is_one(tmp_path):
    # A keyframe every second (as phones write them): the poster is the one at 1 s, one frame decoded.
    facts, poster = probe_video(make_clip(tmp_path / "gop.mp4", seconds=4, fps=10, gop=10))
    assert poster.second == pytest.approx(1.0, abs=0.01)
    # A black second 1: the search goes on to the first frame that is not black.
    _, poster = probe_video(make_clip(tmp_path / "dark.mp4", seconds=4, fps=10, gop=10, black_first=1.55))
    assert poster.second >= 1.55
