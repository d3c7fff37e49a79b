"""Images dropped anywhere on the window, what a drop says (too many, a duplicate), and pins
that show what they leave out."""
from __future__ import annotations

import shutil

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from dcstudio.core.model.ad_space import space_of
from dcstudio.qt.pin_notice import left_out_by_pins


def _mime(paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


_KEEP = []  # an event does not own its mime data: it must outlive the event


def _drag_over(widget, paths) -> QDragEnterEvent:
    _KEEP.append(_mime(paths))
    enter = QDragEnterEvent(QPoint(200, 200), Qt.CopyAction, _KEEP[-1], Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, enter)
    return enter


def _drop(widget, paths) -> None:
    _KEEP.append(_mime(paths))
    QApplication.sendEvent(widget, QDropEvent(QPoint(200, 200), Qt.CopyAction, _KEEP[-1], Qt.LeftButton,
                                              Qt.NoModifier))


def test_images_dropped_anywhere_on_the_window_are_added_with_a_highlight(window, tmp_path, write_image, qtbot):
    picture = write_image(tmp_path / "dropped.png", size=(1080, 1080), color=(10, 200, 90))
    enter = _drag_over(window, [picture])
    assert enter.isAccepted()
    assert window.drops.highlight.isVisible() and window.drops.highlight.geometry() == window.rect()
    QApplication.sendEvent(window, QDragLeaveEvent())
    assert not window.drops.highlight.isVisible()
    _drag_over(window, [picture])
    with qtbot.waitSignal(window.images.imports_done) as done:
        _drop(window, [picture])
    assert not window.drops.highlight.isVisible()
    project = window.document.project
    assert len(project.pools["images"]) == 6 and done.args[0] == [project.pools["images"][-1].id]


def test_a_drag_without_files_is_not_taken(window):
    mime = QMimeData()
    mime.setText("just words")
    enter = QDragEnterEvent(QPoint(20, 20), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted() and not window.drops.highlight.isVisible()


def test_going_over_ten_images_is_said_as_the_drop_happens(window, tmp_path, write_image, qtbot):
    pictures = [write_image(tmp_path / f"new{k}.png", color=(20 * k, 90, 200 - 20 * k)) for k in range(6)]
    _drag_over(window, pictures)
    with qtbot.waitSignal(window.images.imports_done):
        _drop(window, pictures)
        # Said at the drop, before the files are checked on the worker.
        assert "Adding 6 images makes 11: an ad takes at most 10" in window.message_bar.text
    assert len(window.document.project.pools["images"]) == 11


def test_a_duplicate_is_said_and_not_added_again(window, tmp_path, write_image, qtbot):
    project = window.document.project
    again = tmp_path / "same-sneaker.jpg"
    shutil.copy(project.folder / project.asset("img1").file, again)
    twice = write_image(tmp_path / "twice.png", color=(1, 2, 3))
    copy = tmp_path / "twice-copy.png"
    shutil.copy(twice, copy)
    with qtbot.waitSignal(window.images.imports_done) as done:
        window.images.import_files(window.document, [again, twice, copy])
    assert len(done.args[0]) == 1  # twice.png only
    assert len(project.pools["images"]) == 6
    text = window.message_bar.text
    assert "same-sneaker.jpg is the same picture as img1" in text
    assert "twice-copy.png is the same picture as twice.png" in text
    window.document.undo_stack.undo()
    assert len(project.pools["images"]) == 5


def _row_lightness(view, row) -> float:
    image: QImage = view.viewport().grab(view.visualRect(view.model().index(row))).toImage()
    total = sum(image.pixelColor(x, y).lightness() for x in range(0, image.width(), 3)
                for y in range(0, image.height(), 3))
    return total / len(range(0, image.width(), 3)) / len(range(0, image.height(), 3))


def test_a_pin_dims_what_it_leaves_out_and_says_the_count(window, qtbot):
    project = window.document.project
    section = window.pools.sections["images"]
    qtbot.waitUntil(window.pools.thumbnails_done)
    view = section.view
    before = len(space_of(project))
    lightness = [_row_lightness(view, r) for r in range(5)]
    assert left_out_by_pins(project, "images") == set()
    pin = next(a for a in section.context_menu("img2").actions() if a.text().startswith("Pin"))
    pin.trigger()
    after = len(space_of(project))
    assert window.statusBar().currentMessage() == f"Pinning img2 leaves {after:,} of {before:,} combinations"
    assert after == before // 5
    assert left_out_by_pins(project, "images") == {"img1", "img3", "img4", "img5"}
    assert left_out_by_pins(project, "titles") == set()
    qtbot.wait(50)
    dimmed = [_row_lightness(view, r) for r in range(5)]
    for row in (0, 2, 3, 4):  # the left-out rows are lighter (drawn at lower opacity)
        assert dimmed[row] > lightness[row] + 3, (row, dimmed[row], lightness[row])
    window.document.undo_stack.undo()
    qtbot.wait(50)
    assert left_out_by_pins(project, "images") == set()
    assert abs(_row_lightness(view, 0) - lightness[0]) < 1
