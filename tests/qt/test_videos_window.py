"""Videos in the window: dropped or pasted with images, each bad file named while the others are
added, their posters in the pool list, the + button's file dialog, and the thumbnail picker that
scrubs frames decoded on a worker and saves the grabbed one as the poster (undoable)."""
from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from dcstudio.qt.video_actions import ThumbnailPickerDialog, choose_thumbnail
from tests.qt.test_drops_and_pins import _drag_over, _drop
from tests.video_clips import make_clip, truncate


def test_videos_dropped_with_an_image_go_to_their_pools_and_bad_files_are_named(window, tmp_path, write_image,
                                                                                qtbot):
    good = make_clip(tmp_path / "good.mp4", width=64, height=112)
    broken = truncate(make_clip(tmp_path / "broken.mp4", seconds=3))
    sound = make_clip(tmp_path / "song.mp4", video=False, audio=True, seconds=1.0)
    fake = tmp_path / "notes.mov"
    fake.write_text("plain text\n" * 10)
    picture = write_image(tmp_path / "also.png", color=(5, 90, 200))
    _drag_over(window, [good, broken, sound, fake, picture])
    with qtbot.waitSignal(window.images.imports_done) as done:
        _drop(window, [good, broken, sound, fake, picture])
    project = window.document.project
    assert len(done.args[0]) == 2
    (video,) = project.pools["videos"]
    assert video.facts.height == 112 and (project.folder / video.thumbnail).is_file()
    assert len(project.pools["images"]) == 6
    text = window.message_bar.text
    assert "broken.mp4" in text and "truncated" in text
    assert "song.mp4" in text and "audio only" in text
    assert "notes.mov" in text and "not a video" in text
    section = window.pools.sections["videos"]
    qtbot.waitUntil(lambda: video.id in section.model.thumbnails)
    window.document.undo_stack.undo()
    assert project.pools["videos"] == [] and len(project.pools["images"]) == 5


def test_a_video_file_copied_in_a_file_manager_is_pasted(window, tmp_path, qtbot):
    clip = make_clip(tmp_path / "copied.mp4")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(clip))])
    QGuiApplication.clipboard().setMimeData(mime)
    with qtbot.waitSignal(window.images.imports_done):
        window.images.paste(window.document)
    assert [v.file for v in window.document.project.pools["videos"]] == ["assets/copied.mp4"]


def test_the_plus_button_of_the_videos_pool_adds_files(window, tmp_path, qtbot, monkeypatch):
    from dcstudio.qt import video_actions

    clip = make_clip(tmp_path / "chosen.mov")
    monkeypatch.setattr(video_actions.VideoFileDialog, "ask", classmethod(lambda cls, parent, start="": [str(clip)]))
    with qtbot.waitSignal(window.images.imports_done):
        window.pools.sections["videos"].buttons["add"].click()
    assert window.document.project.pools["videos"][0].file == "assets/chosen.mov"


def test_the_thumbnail_picker_scrubs_and_saves_the_frame_as_an_undoable_poster(window, tmp_path, qtbot):
    clip = make_clip(tmp_path / "scrub.mp4", width=64, height=64, seconds=3, fps=10, black_first=0.0)
    with qtbot.waitSignal(window.images.imports_done):
        window.images.import_files(window.document, [clip])
    project = window.document.project
    video = project.pools["videos"][0]
    old_poster = video.thumbnail
    pickers = []

    class Picker(ThumbnailPickerDialog):
        def exec(self):
            pickers.append(self)
            qtbot.waitUntil(lambda: self.scrubber.shown_second is not None)
            self.scrubber.slider.setValue(25)  # 2.5 s
            qtbot.waitUntil(lambda: self.scrubber.shown_second is not None
                            and abs(self.scrubber.shown_second - 2.5) < 0.11)
            return QDialog.Accepted

    choose_thumbnail(window.pools, window.document, video.id, window.images.worker, dialog_cls=Picker)
    qtbot.waitUntil(lambda: project.asset(video.id).thumbnail != old_poster)
    changed = project.asset(video.id)
    assert abs(changed.poster_at - 2.5) < 0.11
    with Image.open(project.folder / changed.thumbnail) as new, Image.open(project.folder / old_poster) as old:
        assert new.size == (64, 64) and new.getpixel((5, 5)) != old.getpixel((5, 5))  # another frame's colour
    window.document.undo_stack.undo()
    assert project.asset(video.id).thumbnail == old_poster and (project.folder / old_poster).is_file()


def test_the_large_preview_of_a_video_scrubs_its_frames(window, tmp_path, qtbot):
    from dcstudio.core.model.ad_space import space_of
    from dcstudio.qt.preview_dialog import CombinationPreviewDialog

    clip = make_clip(tmp_path / "large.mp4", width=64, height=64, seconds=3)
    with qtbot.waitSignal(window.images.imports_done):
        window.images.import_files(window.document, [clip])
    project = window.document.project
    project.set_project_settings(ad_format="SINGLE_VIDEO")
    space = space_of(project)
    dialog = CombinationPreviewDialog(project, space[0], "feed-square", window)
    qtbot.addWidget(dialog)
    scrubber = dialog.scrubber
    assert scrubber is not None
    qtbot.waitUntil(lambda: scrubber.shown_second is not None)
    scrubber.slider.setValue(20)
    qtbot.waitUntil(lambda: abs((scrubber.shown_second or 0) - 2.0) < 0.11)
    assert max(scrubber.frame.pixmap().width(), scrubber.frame.pixmap().height()) <= 260
    dialog.done(0)
