"""The crop dialog says how each placement frames the crop, warns about low resolution, names
shapes in words, and takes Enter as OK."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from dcstudio.core.values.crops import Crop
from dcstudio.core.values.placements import all_placements


def _said(dialog, placement_id):
    return dialog.frames[placement_id][1].text()


def test_each_placement_says_how_it_frames_the_crop(open_crop_dialog):
    dialog = open_crop_dialog()
    dialog.key_box.setCurrentIndex(dialog.key_box.findData("400x500"))
    assert dialog.crop.key == "400x500"
    assert set(dialog.frames) == {p.id for p in all_placements()}
    assert "stories ignore crops" in _said(dialog, "story") and "whole picture" in _said(dialog, "story")
    assert "your crop as it is" in _said(dialog, "feed-portrait")
    assert "re-framed to 1:1" in _said(dialog, "feed-square")
    for picture, _words in dialog.frames.values():
        assert picture.pixmap() is not None and not picture.pixmap().isNull()
    # The story preview shows the picture's shape, not the crop's.
    story = dialog.frames["story"][0].pixmap()
    asset = dialog.asset
    assert abs(story.width() / story.height() - asset.width / asset.height) < 0.05
    text = " ".join(label.text() for label in dialog.findChildren(type(dialog.height_label)))
    assert "applies this crop in every placement" not in text


def test_a_narrow_crop_is_warned_about_in_the_dialog(open_crop_dialog):
    dialog = open_crop_dialog()
    assert not dialog.warning.isVisibleTo(dialog)
    dialog.canvas.set_crop(Crop(0, 0, 400, 400, "100x100"))
    assert dialog.warning.isVisibleTo(dialog)
    assert "400 px wide" in dialog.warning.text() and "600" in dialog.warning.text()
    dialog.reset_to_centre()
    assert not dialog.warning.isVisibleTo(dialog)


def test_shape_names_are_words(open_crop_dialog):
    dialog = open_crop_dialog()
    names = [dialog.key_box.itemText(i) for i in range(dialog.key_box.count())]
    assert "Portrait 4:5" in names
    assert not any(re.search(r"\d+x\d+", name) for name in names), names


def test_enter_is_ok(qtbot, open_crop_dialog):
    dialog = open_crop_dialog()
    dialog.width_box.setFocus()
    qtbot.keyClick(dialog.width_box, Qt.Key_Return)
    assert dialog.result() == QDialog.Accepted and not dialog.isVisible()


def test_enter_is_ok_after_clicking_reset(qtbot, open_crop_dialog):
    dialog = open_crop_dialog()
    dialog.reset_button.setFocus()
    qtbot.keyClick(dialog.reset_button, Qt.Key_Return)
    assert dialog.result() == QDialog.Accepted
