"""The catalog ad format editor: each edit is one undoable command, undo brings the controls
back, and the preview of a real product (its image from a local HTTP server) is drawn on a worker."""
from __future__ import annotations

import pytest
from PIL import Image

from tests.catalog.image_server import ImageServer, image_bytes

pytest.importorskip("duckdb")


@pytest.fixture
def server():
    with ImageServer() as s:
        yield s


@pytest.fixture
def document(demo_copy, server, tmp_path):
    from dcstudio.core.catalog.feed_import import import_feed
    from dcstudio.core.model.project_folder import load_project
    from dcstudio.qt.document import Document

    project = load_project(demo_copy)
    server.serve("/p1.png", image_bytes("PNG", (300, 300), (20, 90, 200)), "image/png")
    feed = tmp_path / "feed.csv"
    feed.write_text("id,title,description,price,sale_price,link,image_link\n"
                    f"P1,Mug,Blue mug,20.00 USD,15.00 USD,https://shop.test/p1,{server.url('/p1.png')}\n"
                    f"P2,Tea,Green tea,9.00 USD,,https://shop.test/p2,{server.url('/gone.png')}\n", "utf-8")
    project.set_catalog(import_feed(project, feed).spec)
    return Document(project)


@pytest.fixture
def editor(qtbot, document):
    from dcstudio.qt.catalog_format_editor import CatalogFormatEditor

    e = CatalogFormatEditor()
    qtbot.addWidget(e)
    e.set_document(document)
    e.show()
    yield e
    e.shutdown()


def _pick(box, value) -> None:
    box.setCurrentIndex(box.findData(value))


def test_edits_are_undoable_commands_and_undo_brings_the_controls_back(qtbot, editor, document):
    from dcstudio.core.model.catalog_format import CatalogFormat, ImageOverlay

    assert document.project.catalog_format is None
    editor.overlay_group.setChecked(True)
    assert document.project.catalog_format == CatalogFormat(image_overlay=ImageOverlay())
    _pick(editor.template_box, "circle_with_text")
    _pick(editor.text_type_box, "percentage_off")
    _pick(editor.format_box, "single_image")
    fmt = document.project.catalog_format
    assert fmt.format_option == "single_image" and fmt.image_overlay.overlay_template == "circle_with_text"
    assert fmt.image_overlay.text_type == "percentage_off"
    assert document.undo_stack.count() == 4 and document.is_modified
    document.undo_stack.undo()  # the format
    assert editor.format_box.currentData() == "carousel_images_multi_items"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert editor.template_box.currentData() == "pill_with_text"
    document.undo_stack.undo()
    assert document.project.catalog_format is None and not editor.overlay_group.isChecked()
    document.undo_stack.redo()
    assert editor.overlay_group.isChecked()


def test_a_focus_change_alone_pushes_nothing(editor, document):
    editor.image_tags.editingFinished.emit()
    assert document.undo_stack.count() == 0


def test_the_frame_is_a_file_in_the_project_folder(qtbot, editor, document, tmp_path):
    folder = document.project.folder
    Image.new("RGBA", (600, 600), (250, 200, 20, 255)).save(folder / "assets" / "frame.png")
    assert editor.set_frame_file(folder / "assets" / "frame.png")
    assert document.project.catalog_format.frame.file == "assets/frame.png"
    editor.opacity_box.setValue(40)
    assert document.project.catalog_format.frame.opacity == 40
    outside = tmp_path / "outside.png"
    Image.new("RGBA", (10, 10)).save(outside)
    assert not editor.set_frame_file(outside)
    assert "inside the project folder" in editor.note_label.text()
    assert document.project.catalog_format.frame.file == "assets/frame.png"


def test_the_preview_draws_the_product_off_the_gui_thread(qtbot, editor, document, monkeypatch):
    import threading

    from dcstudio.core.render import overlay_preview

    threads = []
    real = overlay_preview.preview

    def watched(*args, **kw):
        threads.append(threading.current_thread().name)
        return real(*args, **kw)

    import dcstudio.qt.catalog_format_editor as module

    monkeypatch.setattr(module, "preview", watched)
    with qtbot.waitSignal(editor.preview_drawn) as first:
        editor.overlay_group.setChecked(True)
    assert first.args[0] == "product P1"
    assert threads and all(name.startswith("dcstudio-worker") for name in threads)
    picture = editor.preview_label.image()
    assert picture.width() == 320
    corner = picture.pixelColor(20, 31)  # the red pill at the top left, over the blue mug
    assert (corner.red(), corner.green(), corner.blue()) == (229, 9, 0)
    editor.product_edit.setText("P2")
    with qtbot.waitSignal(editor.preview_drawn) as second:
        editor.product_edit.editingFinished.emit()
    assert second.args[0].startswith("product P2; ") and "grey square" in second.args[0]


def test_in_a_narrow_dock_the_editor_fits_and_the_preview_shrinks_whole(qtbot, editor, document):
    # A scaled laptop screen stacks the docks in a column of ~240 px: nothing may stick out of it.
    editor.overlay_group.setChecked(True)
    qtbot.waitUntil(lambda: editor.preview_label.image() is not None)
    assert editor.minimumSizeHint().width() <= 230
    editor.resize(230, 900)
    qtbot.waitUntil(lambda: editor.preview_label.shown_size() is not None
                    and editor.preview_label.shown_size().width() <= 230)
    shown = editor.preview_label.shown_size()
    assert shown.width() == shown.height()  # the square product image, scaled down, not cropped
    editor.resize(600, 900)
    qtbot.waitUntil(lambda: editor.preview_label.shown_size().width() == 320)  # never above its own size
