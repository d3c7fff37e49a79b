"""The Help menu's pages, Preferences applied live, the standard keys, where file dialogs open,
the zip name proposed and "Show in folder" after an export."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from dcstudio.core.model.assets import TextAsset
from dcstudio.core.model.presets import PresetStore, preset_from_project
from dcstudio.qt import file_dialogs, image_actions, main_window
from dcstudio.qt.commands import AddAssetCommand
from dcstudio.qt.export_dialog import ExportDialog
from dcstudio.qt.help_pages import shortcut_rows


def _menu(window, title):
    for action in window.menuBar().actions():
        if action.menu() is not None and action.menu().title().replace("&", "") == title:
            return {a.text().replace("&", ""): a for a in action.menu().actions() if a.text()}
    raise AssertionError(f"no {title} menu")


def _pages(window, qtbot, name):
    before = set(window.findChildren(main_window.QWidget))
    _menu(window, "Help")[name].trigger()
    from dcstudio.qt.help_pages import MarkdownPage

    (page,) = [w for w in window.findChildren(MarkdownPage) if w not in before and w.isVisible()]
    return page


def test_the_help_menu_shows_the_user_guide_as_a_readable_page(window, qtbot):
    page = _pages(window, qtbot, "User guide")
    doc = page.browser.document()
    assert "Start a project" in doc.toPlainText() and "#" not in doc.toPlainText().splitlines()[0]
    assert doc.blockCount() > 40
    # Headings are headings, not lines of "##".
    heading = doc.findBlockByNumber(0)
    assert heading.blockFormat().headingLevel() == 1
    page.close()


def test_the_rules_page_lists_the_rules_with_their_codes(window, qtbot):
    page = _pages(window, qtbot, "The rules the checks apply")
    text = page.browser.document().toPlainText()
    assert "meta.image.min_width" in text and "| " not in text  # a table, not pipe characters
    page.close()


def test_the_shortcut_list_is_read_from_the_actions(window, qtbot):
    rows = shortcut_rows(window.menuBar())
    by_command = {command: keys for _menu_path, command, keys in rows}
    assert by_command["Redo"].count(",") >= 1 and "Ctrl+Y" in by_command["Redo"]
    assert by_command["Export"] == "Ctrl+E"
    # A shortcut added to a menu shows in the list at once: it is not a hand-kept table.
    _menu(window, "View")  # exists
    extra = window.menuBar().actions()[0].menu().addAction("Brand-new command")
    extra.setShortcut(QKeySequence("Ctrl+Alt+J"))
    page = _pages(window, qtbot, "Keyboard shortcuts")
    assert "Brand-new command" in page.browser.document().toPlainText()
    assert "Ctrl+Alt+J" in page.browser.document().toPlainText()
    page.close()


def test_about_names_version_licence_and_qt(window, monkeypatch):
    import PySide6
    from PySide6.QtCore import qVersion

    from dcstudio import __version__

    shown = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda parent, title, text: shown.append(text)))
    _menu(window, "Help")["About dcstudio"].trigger()
    (text,) = shown
    assert __version__ in text and "MIT" in text and qVersion() in text and PySide6.__version__ in text


def test_ctrl_y_redoes_and_every_standard_action_has_its_key(window, qtbot):
    edit = _menu(window, "Edit")
    redo_keys = [k.toString() for k in edit["Redo"].shortcuts()]
    assert "Ctrl+Y" in redo_keys
    for standard in QKeySequence.keyBindings(QKeySequence.Redo):
        assert standard.toString() in redo_keys
    project = window.document.project
    window.document.push(AddAssetCommand(project, "titles", TextAsset("", "Redo me")))
    window.document.undo_stack.undo()
    assert "Redo me" not in [a.text for a in project.pools["titles"]]
    window.activateWindow()
    window.setFocus()
    qtbot.keyClick(window.grid.view, "y", Qt.ControlModifier)
    qtbot.waitUntil(lambda: "Redo me" in [a.text for a in project.pools["titles"]])
    file = _menu(window, "File")
    for name, standard in (("New project…", QKeySequence.New), ("Open project…", QKeySequence.Open),
                           ("Save", QKeySequence.Save), ("Save as…", QKeySequence.SaveAs),
                           ("Quit", QKeySequence.Quit)):
        assert file[name].shortcuts() == QKeySequence.keyBindings(standard), name
    assert edit["Paste image"].shortcuts() == QKeySequence.keyBindings(QKeySequence.Paste)
    assert edit["Preferences…"].shortcuts()
    assert _menu(window, "Help")["User guide"].shortcuts() == QKeySequence.keyBindings(QKeySequence.HelpContents)


# -- Preferences -----------------------------------------------------------------------------------
@pytest.fixture
def presets(tmp_path, window):
    store = PresetStore(tmp_path / "config")
    window.presets.store = store
    return store


def test_preferences_apply_the_tile_size_and_autosave_at_once(window, presets, qtbot):
    dialog = window.show_preferences()
    dialog.tile_box.setValue(300)
    assert window.grid.tile_width == 300 and window.grid.zoom.value() == 300
    assert window.settings.tile_width == 300
    dialog.autosave_box.setValue(90)
    assert window.autosaver.interval_ms == 90_000 and window.settings.autosave_seconds == 90
    dialog.close()


def test_the_autosave_interval_is_kept_for_the_next_window(make_window, demo_copy, ui_settings):
    ui_settings.autosave_seconds = 45
    window = make_window(demo_copy)
    assert window.autosaver.interval_ms == 45_000


def test_preferences_list_the_presets_to_apply_or_delete(window, presets, qtbot):
    project = window.document.project
    presets.save(preset_from_project("Agency X", project))
    dialog = window.show_preferences()
    assert [dialog.presets.item(i).text() for i in range(dialog.presets.count())] == ["Agency X"]
    window.document.project.update_campaign(page_id="999")
    dialog.apply_button.click()
    assert window.document.project.campaign.page_id == project.campaign.page_id
    dialog.delete_button.click()
    assert presets.names() == [] and dialog.presets.count() == 0
    dialog.close()


def test_the_default_folder_is_where_dialogs_open_without_a_project_folder(make_window, ui_settings, tmp_path,
                                                                             monkeypatch, presets):
    from dcstudio.core.values.resources import demo_project_dir

    window = make_window(demo_project_dir())  # a scratch copy: no folder of its own
    assert window.start_folder() == str(Path.home())
    dialog = window.show_preferences()
    chosen = tmp_path / "campaigns"
    chosen.mkdir()
    dialog.folder_edit.setText(str(chosen))
    dialog.folder_edit.editingFinished.emit()
    assert ui_settings.default_folder == str(chosen)
    seen = []
    monkeypatch.setattr(file_dialogs.OpenProjectDialog, "ask",
                        classmethod(lambda cls, parent, start="": seen.append(start)))
    window.open_project()
    assert seen == [str(chosen)]
    dialog.close()


# -- file dialogs ------------------------------------------------------------------------------
def test_file_dialogs_start_in_the_projects_folder(window, monkeypatch, qtbot):
    folder = window.document.folder
    seen = {}
    monkeypatch.setattr(file_dialogs.ProjectFolderDialog, "ask",
                        classmethod(lambda cls, parent, title="", start="": seen.setdefault("save", start) and None))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda parent, title, start, filters: (seen.setdefault("images", start), "")
                                     and ([], "")))
    window.save_as()
    window.pools.choose_images()
    assert seen["save"] == str(folder.parent)  # a copy goes beside the project
    assert seen["images"] == str(folder)
    assert image_actions.ImageFileDialog  # the dialog the panel asks through


def test_the_zip_dialog_proposes_a_file_name(qtbot, demo_project, monkeypatch, tmp_path):
    dialog = ExportDialog(demo_project)
    qtbot.addWidget(dialog)
    seen = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, title, start, filters: (seen.append(start), "")[1:] + ("",)))
    dialog.zip_button.click()
    (start,) = seen
    assert start.endswith(".zip") and Path(start).stem == Path(dialog.target_edit.text()).name


def test_show_in_folder_is_offered_after_an_export_and_opens_it(qtbot, demo_project, monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    dialog = ExportDialog(demo_project)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.show_button.isVisible()
    dialog.target_edit.setText(str(tmp_path / "bundle"))
    dialog.previews_box.setChecked(False)
    with qtbot.waitSignal(dialog.exported):
        dialog.export_button.click()
    assert dialog.show_button.isVisible()
    dialog.show_button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "bundle"))]
    dialog.target_edit.setText(str(tmp_path / "out" / "bundle.zip"))
    dialog.show_button.click()
    assert opened[-1] == QUrl.fromLocalFile(str(tmp_path / "out"))
