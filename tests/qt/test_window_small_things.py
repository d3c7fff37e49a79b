"""Small things of issue 15: old banners clear, no recovery offer after a clean quit, every score
line shown, the panels' font draws emoji and symbols, the tile size keeps the scroll position."""
from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView

from dcstudio.core.lint import lint
from dcstudio.core.model.assets import TextAsset
from dcstudio.qt import file_dialogs, main_window
from dcstudio.qt.autosave import pending_recoveries
from dcstudio.qt.commands import AddAssetCommand


def _answer(monkeypatch, name, value):
    monkeypatch.setattr(getattr(file_dialogs, name), "ask", classmethod(lambda cls, *a, **k: value))
    monkeypatch.setattr(getattr(main_window, name), "ask", classmethod(lambda cls, *a, **k: value))


def test_a_not_an_image_banner_goes_after_a_later_good_add(window, tmp_path, write_image, qtbot):
    bad = tmp_path / "notes.png"
    bad.write_text("not a picture")
    with qtbot.waitSignal(window.images.imports_done):
        window.images.import_files(window.document, [bad])
    assert "notes.png" in window.message_bar.text
    good = write_image(tmp_path / "red.png")
    with qtbot.waitSignal(window.images.imports_done):
        window.images.import_files(window.document, [good])
    assert window.message_bar.text == ""


def test_a_banner_of_another_kind_stays_after_a_good_add(window, tmp_path, write_image, qtbot):
    window.show_problem("Cannot save: the disk is full")
    with qtbot.waitSignal(window.images.imports_done):
        window.images.import_files(window.document, [write_image(tmp_path / "red.png")])
    assert "disk is full" in window.message_bar.text


def test_no_recovery_offer_after_a_clean_quit_that_followed_a_save_as(make_window, demo_copy, tmp_path,
                                                                       monkeypatch, state_dir):
    window = make_window(demo_copy)
    window.document.push(AddAssetCommand(window.document.project, "titles", TextAsset("", "Autosaved")))
    assert window.autosaver.save_now() is not None  # the autosave of the old folder
    _answer(monkeypatch, "ProjectFolderDialog", tmp_path / "renamed")
    assert window.save_as()
    window.close()
    assert pending_recoveries(state_dir) == []


def test_the_window_shows_every_score_line_lint_prints(window):
    reasons = lint(window.document.project).score.reasons
    assert len(reasons) >= 9
    shown = window.lint_panel.reasons.text()
    assert shown.count("<br>") + 1 == len(reasons)
    for reason in reasons:
        assert reason.text.replace("&", "&amp;") in shown or reason.text in shown


def _drawn_by_chain(font: QFont, char: str) -> bool:
    """Whether one of the font's families (its fallback chain, in order) has a glyph for ``char``."""
    return any(QFontMetrics(QFont(family, font.pointSize())).inFontUcs4(ord(char)) for family in font.families())


def test_the_panels_font_draws_an_emoji_and_the_duplicate_symbol(window):
    duplicate = window.pools.sections["titles"].buttons["duplicate"]
    body_list = window.pools.sections["bodies"].view
    for widget in (duplicate, body_list, window.lint_panel.reasons):
        font = widget.font()
        assert _drawn_by_chain(font, "\u29c9"), font.families()
        assert _drawn_by_chain(font, "\U0001f33f"), font.families()


def test_changing_the_tile_size_keeps_the_scroll_position(window, qtbot):
    grid = window.grid
    window.resize(1200, 800)
    qtbot.waitUntil(lambda: grid.view.verticalScrollBar().maximum() > 0)
    row = 60
    grid.view.scrollTo(grid.view.model().index(row, 0), QAbstractItemView.PositionAtTop)
    qtbot.wait(20)

    def top_tile():
        cell = grid.view.gridSize()
        return grid.view.indexAt(QPoint(cell.width() // 2, cell.height() // 2))

    first = top_tile().row()
    assert first > 0
    grid.set_tile_width(grid.tile_width + 60)
    qtbot.waitUntil(lambda: top_tile().isValid())
    top = top_tile().row()
    columns = max(1, grid.view.viewport().width() // grid.view.gridSize().width())
    assert abs(top - first) <= columns, (first, top)
