"""Typing in the call-to-action picker and pressing Enter adds the best match of what was typed."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from dcstudio.qt.asset_dialogs import CtaPickerDialog


def _type_and_enter(qtbot, dialog, text):
    dialog.show()
    dialog.search.setFocus()
    qtbot.keyClicks(dialog.search, text)
    qtbot.keyClick(dialog.search, Qt.Key_Return)
    assert dialog.result() == QDialog.Accepted
    return dialog.selected_type()


def test_book_and_enter_adds_the_first_book_button(qtbot):
    dialog = CtaPickerDialog()
    qtbot.addWidget(dialog)
    assert _type_and_enter(qtbot, dialog, "book") == "BOOK_A_CONSULTATION"  # not PLAY_GAME_ON_FACEBOOK


def test_typing_on_narrows_to_the_first_match(qtbot):
    dialog = CtaPickerDialog()
    qtbot.addWidget(dialog)
    assert _type_and_enter(qtbot, dialog, "book n") == "BOOK_NOW"


def test_a_word_inside_the_label_beats_a_word_inside_another_word(qtbot):
    dialog = CtaPickerDialog("LEARN_MORE")
    qtbot.addWidget(dialog)
    assert _type_and_enter(qtbot, dialog, "shop") == "SHOP_NOW"


def test_the_enum_name_works_too(qtbot):
    dialog = CtaPickerDialog()
    qtbot.addWidget(dialog)
    assert _type_and_enter(qtbot, dialog, "sign_up") == "SIGN_UP"
