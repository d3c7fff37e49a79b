"""Primary text is edited in a multi-line editor that keeps line breaks and emoji, and its counter
says where each placement's "... See more" cut falls (the core's numbers)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from dcstudio.core.values.placements import PRIMARY_TEXT_CHARS, placement, see_more_cut
from dcstudio.core.values.profiles import text_limit
from dcstudio.qt import pool_editor
from dcstudio.qt.primary_text import PrimaryTextDialog, PrimaryTextEdit, cut_summary


def test_the_cut_comes_at_the_cores_character_count_or_line_count():
    assert see_more_cut("short", 3) is None
    long = "word " * 40
    assert see_more_cut(long, 3) == PRIMARY_TEXT_CHARS
    lines = "one\ntwo\nthree\nfour"
    assert see_more_cut(lines, 3) == lines.index("\nfour")
    assert see_more_cut(lines, 2) == lines.index("\nthree")
    assert text_limit("meta-dynamic-creative", "bodies").recommended == PRIMARY_TEXT_CHARS  # one number


def test_the_counter_says_where_see_more_falls_per_placement():
    text = "Spring is here 🌿\nLight, tough and built to last.\nFree returns.\nShop the collection today."
    summary = cut_summary(text)
    feed = placement("feed-square").primary_text_lines
    story = placement("story").primary_text_lines
    assert feed != story
    assert f"after character {see_more_cut(text, story)}" in summary
    assert "Story 9:16" in summary and "Feed 1:1" in summary
    assert cut_summary("Short and sweet.").endswith("shows it all")


def test_the_new_primary_text_entry_takes_line_breaks_and_emoji_and_ctrl_enter_adds(window, qtbot):
    section = window.pools.sections["bodies"]
    assert isinstance(section.entry, PrimaryTextEdit)
    editor = section.entry.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Spring is here")
    qtbot.keyClick(editor, Qt.Key_Return)  # a new line, not "add"
    qtbot.keyClicks(editor, "Fresh picks ")
    editor.insertPlainText("🌿")  # as an emoji picker types it (QTest cannot type past U+FFFF)
    before = len(window.document.project.pools["bodies"])
    assert len(window.document.project.pools["bodies"]) == before
    assert section.entry.text() == "Spring is here\nFresh picks 🌿"
    assert "characters" in section.entry.counter.text() and "shows it all" in section.entry.counter.text()
    qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    bodies = window.document.project.pools["bodies"]
    assert len(bodies) == before + 1 and bodies[-1].text == "Spring is here\nFresh picks 🌿"
    assert section.entry.text() == ""


def test_a_long_text_shows_the_cut_and_greys_what_hides(window, qtbot):
    entry = window.pools.sections["bodies"].entry
    entry.setText("x" * 140)
    assert f"after character {PRIMARY_TEXT_CHARS}" in entry.counter.text()
    assert entry.state == "long"
    (hidden,) = entry.editor.extraSelections()
    assert hidden.cursor.selectionStart() == PRIMARY_TEXT_CHARS and hidden.cursor.selectionEnd() == 140


def test_editing_a_primary_text_opens_the_multi_line_editor(window, monkeypatch):
    section = window.pools.sections["bodies"]
    asset = window.document.project.pools["bodies"][0]
    seen = []

    def ask(cls, parent, text, limit, title=""):
        seen.append(text)
        return "First line\nSecond line ✨"
    monkeypatch.setattr(PrimaryTextDialog, "ask", classmethod(ask))
    section.edit(asset.id)
    assert seen == [asset.text]
    assert window.document.project.asset(asset.id).text == "First line\nSecond line ✨"
    window.document.undo_stack.undo()
    assert window.document.project.asset(asset.id).text == asset.text
    assert pool_editor.MULTI_LINE_POOLS == ("bodies",)


def test_the_dialog_keeps_the_text_as_typed(qtbot):
    dialog = PrimaryTextDialog("One\nTwo 🌿", text_limit("meta-dynamic-creative", "bodies"))
    qtbot.addWidget(dialog)
    assert dialog.edit.text() == "One\nTwo 🌿"
    qtbot.keyClick(dialog.edit.editor, Qt.Key_Return, Qt.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted
