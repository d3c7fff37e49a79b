"""Each pool editor's add / edit / remove / undo path, driven through the widgets."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from dcstudio.qt import asset_dialogs, image_actions
from dcstudio.qt.asset_dialogs import CtaPickerDialog, LinkDialog, url_problem
from dcstudio.qt.pool_delegate import CountedLineEdit


def _texts(project, pool):
    return [a.text for a in project.pools[pool]]


def test_add_headline_from_the_entry_and_undo(window):
    section = window.pools.sections["titles"]
    project = window.document.project
    section.entry.setText("Built for the long way home")
    section.entry.returnPressed.emit()
    assert _texts(project, "titles")[-1] == "Built for the long way home"
    assert section.entry.text() == ""
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert "Built for the long way home" not in _texts(project, "titles")
    assert not window.isWindowModified()


def test_edit_a_text_inline_with_the_counter(window, qtbot):
    section = window.pools.sections["titles"]  # one-line texts edit inline (bodies: PrimaryTextDialog)
    project = window.document.project
    index = section.model.index(0)
    section.view.setCurrentIndex(index)
    section.view.edit(index)
    editor = section.view.findChild(CountedLineEdit)
    assert editor is not None and editor.text() == project.pools["titles"][0].text
    editor.setText("x" * 30)
    assert editor.state == "ok" and editor.counter.text() == "30/40"
    editor.setText("x" * 41)
    assert editor.state == "long"  # amber: past the recommended 40
    editor.setText("x" * 256)
    assert editor.state == "over"  # red: past the hard 255
    editor.setText("Lighter, tougher, ready for spring.")
    section.model.set_findings({})  # a lint result arriving mid-typing must not wipe the editor
    assert editor.text() == "Lighter, tougher, ready for spring."
    qtbot.keyClick(editor, Qt.Key_Return)  # the delegate commits on the next event-loop turn
    qtbot.waitUntil(lambda: project.pools["titles"][0].text == "Lighter, tougher, ready for spring.")
    window.document.undo_stack.undo()
    assert project.pools["titles"][0].text != "Lighter, tougher, ready for spring."


def test_counter_colours_on_the_new_headline_entry(window):
    entry = window.pools.sections["titles"].entry
    entry.setText("a" * 40)
    assert entry.state == "ok"
    entry.setText("a" * 41)
    assert entry.state == "long" and "recommended" in entry.counter.toolTip()
    entry.setText("a" * 256)
    assert entry.state == "over"


def test_remove_duplicate_and_reorder_with_undo(window):
    section = window.pools.sections["descriptions"]
    project = window.document.project
    before = [a.id for a in project.pools["descriptions"]]
    section.select(before[0])
    section.buttons["duplicate"].click()
    assert len(project.pools["descriptions"]) == 3
    assert project.pools["descriptions"][1].text == project.pools["descriptions"][0].text
    section.buttons["remove"].click()  # the copy is selected
    assert [a.id for a in project.pools["descriptions"]] == before
    section.select(before[0])
    section.buttons["down"].click()
    assert [a.id for a in project.pools["descriptions"]] == before[::-1]
    stack = window.document.undo_stack
    while stack.canUndo():
        stack.undo()
    assert [a.id for a in project.pools["descriptions"]] == before
    assert not window.document.is_modified


def test_add_and_change_a_cta_from_the_searchable_list(window, monkeypatch):
    project = window.document.project
    monkeypatch.setattr(CtaPickerDialog, "ask", classmethod(lambda cls, parent=None, current=None: "BOOK_NOW"))
    window.pools.sections["call_to_actions"].add()
    assert project.pools["call_to_actions"][-1].type == "BOOK_NOW"
    new_id = project.pools["call_to_actions"][-1].id
    monkeypatch.setattr(CtaPickerDialog, "ask", classmethod(lambda cls, parent=None, current=None: "SIGN_UP"))
    window.pools.sections["call_to_actions"].edit(new_id)
    assert project.asset(new_id).type == "SIGN_UP"
    window.document.undo_stack.undo()
    assert project.asset(new_id).type == "BOOK_NOW"


def test_cta_picker_searches_labels_and_enum_names(qtbot):
    dialog = CtaPickerDialog("LEARN_MORE")
    qtbot.addWidget(dialog)
    assert dialog.selected_type() == "LEARN_MORE"
    dialog.search.setText("book")
    shown = [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())]
    assert shown and all("book" in s.lower() for s in shown)
    assert any(s.startswith("Book now") for s in shown)
    dialog.search.setText("SHOP_NOW")
    dialog.list.setCurrentIndex(dialog.proxy.index(0, 0))
    assert dialog.selected_type() == "SHOP_NOW"


def test_link_is_validated_as_typed(qtbot):
    dialog = LinkDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    for bad in ("javascript:alert(1)", "shop.example.com", "https://localhost", "https://shop example.com"):
        dialog.url.setText(bad)
        assert not ok.isEnabled() and dialog.message.text(), bad
    dialog.url.setText("https://shop.example.com/spring?utm_source=meta")
    assert ok.isEnabled() and dialog.is_valid
    assert url_problem("http://shop.example.com") is None


def test_add_a_link_through_the_dialog(window, monkeypatch):
    monkeypatch.setattr(LinkDialog, "ask", classmethod(
        lambda cls, parent=None, website_url="", display_url="": ("https://shop.example.com/sale", "example.com")))
    window.pools.sections["link_urls"].add()
    link = window.document.project.pools["link_urls"][-1]
    assert (link.website_url, link.display_url) == ("https://shop.example.com/sale", "example.com")


def test_context_menu_approves_rejects_pins_and_excludes(window, monkeypatch):
    section = window.pools.sections["titles"]
    project = window.document.project
    menu = section.context_menu("title1")
    actions = {a.text(): a for a in menu.actions()}
    actions["Approve"].trigger()
    assert project.asset("title1").approval.state == "approved"
    monkeypatch.setattr(asset_dialogs.RejectNoteDialog, "ask", classmethod(lambda cls, *a, **k: "Too generic"))
    section.context_menu("title1").actions()[3].trigger()  # Reject with a note…
    assert project.asset("title1").approval.state == "rejected"
    assert project.asset("title1").approval.note == "Too generic"
    actions = {a.text(): a for a in section.context_menu("title1").actions()}
    actions["Pin (always use)"].trigger()
    assert "title1" in project.pins
    assert window.grid_model.rowCount() == 60  # only title1 now: 5 x 1 x 3 x 2 x 2
    never = {a.text(): a for a in section.context_menu("title1").actions()}["Never together with"].menu()
    images = {a.text(): a for a in never.actions()}["Images"].menu()
    images.actions()[0].trigger()
    assert frozenset(("title1", "img1")) in project.exclusions
    for _ in range(4):
        window.document.undo_stack.undo()
    assert project.asset("title1").approval.state == "draft" and not project.pins and not project.exclusions


def test_add_images_by_file_dialog_and_undo(window, tmp_path, monkeypatch, write_image, qtbot):
    first = write_image(tmp_path / "red.png")
    second = write_image(tmp_path / "blue.jpg", color=(20, 40, 200))
    monkeypatch.setattr(image_actions.ImageFileDialog, "ask",
                        classmethod(lambda cls, parent, **_: [str(first), str(second)]))
    project = window.document.project
    with qtbot.waitSignal(window.images.imports_done):  # files are checked on a worker
        window.pools.sections["images"].add()
    assert len(project.pools["images"]) == 7
    assert (project.folder / project.pools["images"][-1].file).is_file()
    window.document.undo_stack.undo()  # one step for the batch
    assert len(project.pools["images"]) == 5


def _drop(widget, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    # As a file manager does: enter first (Qt routes the drop to whoever accepted the enter).
    enter = QDragEnterEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, drop)


def test_drop_image_files_on_the_images_list(window, tmp_path, write_image, qtbot):
    picture = write_image(tmp_path / "dropped.png", size=(1080, 1350))
    view = window.pools.sections["images"].view
    with qtbot.waitSignal(window.images.imports_done):
        _drop(view.viewport(), [picture])
    project = window.document.project
    assert len(project.pools["images"]) == 6
    assert project.pools["images"][-1].height == 1350


def test_a_bad_dropped_file_gives_a_message_not_a_crash(window, tmp_path, qtbot):
    fake = tmp_path / "holiday.jpg"
    fake.write_text("this is not a picture")
    with qtbot.waitSignal(window.images.imports_done) as done:
        _drop(window.pools.sections["images"].view.viewport(), [fake])
    assert done.args == [[]]
    assert len(window.document.project.pools["images"]) == 5
    assert "holiday.jpg" in window.message_bar.text
    assert not window.document.is_modified


def test_paste_an_image(window, qtbot):
    image = QImage(640, 640, QImage.Format_RGB32)
    image.fill(Qt.darkGreen)
    QGuiApplication.clipboard().setImage(image)
    with qtbot.waitSignal(window.images.imports_done) as done:
        window.images.paste(window.document)
    added = done.args[0]
    assert len(added) == 1
    asset = window.document.project.asset(added[0])
    assert (asset.width, asset.height) == (640, 640)


def test_add_edit_and_undo_a_video_by_id(window, monkeypatch):
    from dcstudio.qt.asset_dialogs import VideoDialog, video_id_problem

    section = window.pools.sections["videos"]
    project = window.document.project
    monkeypatch.setattr(VideoDialog, "ask", classmethod(lambda cls, parent=None, *a: ("1234567890", "Teaser")))
    section.buttons["add_by_id"].click()  # the + button adds video files
    video = project.pools["videos"][-1]
    assert (video.video_id, video.label) == ("1234567890", "Teaser")
    assert section.model.rowCount() == 1
    monkeypatch.setattr(VideoDialog, "ask", classmethod(lambda cls, parent=None, *a: ("99", "Teaser, 15 s")))
    section.edit(video.id)
    assert project.asset(video.id).video_id == "99"
    window.document.undo_stack.undo()
    assert project.asset(video.id).video_id == "1234567890"
    window.document.undo_stack.undo()
    assert project.pools["videos"] == []
    assert video_id_problem("12ab") and video_id_problem("") and video_id_problem(" 42 ") is None


def test_video_dialog_checks_the_id_as_typed(qtbot):
    from dcstudio.qt.asset_dialogs import VideoDialog

    dialog = VideoDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert not ok.isEnabled()
    dialog.video_id.setText("12x")
    assert not ok.isEnabled() and "number" in dialog.message.text()
    dialog.video_id.setText("1234567890123456")
    assert ok.isEnabled() and dialog.values() == ("1234567890123456", "")
