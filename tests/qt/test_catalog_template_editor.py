"""The Catalog ad panel on a real DuckDB catalog: tags completed from the keyboard, each field
filled in for a product as it is typed, unknown tags named, undo through the document, the
product chosen in the Products dock, no query on the GUI thread."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.qt.catalog_feeds import feed_of, product

pytest.importorskip("duckdb")

ROWS = [product(i) for i in range(1, 301)]  # the feed's rows


@pytest.fixture
def catalog_folder(demo_copy, tmp_path):
    """The demo with a 300-product catalog, a product set (brand Borealis) and a template."""
    from dcstudio.core.catalog.feed_import import import_feed
    from dcstudio.core.model.catalog_spec import ProductSet
    from dcstudio.core.model.catalog_template import CatalogTemplate
    from dcstudio.core.model.project_folder import load_project, save_project

    feed, rows = feed_of(tmp_path / "feed.csv", 300)
    project = load_project(demo_copy)
    report = import_feed(project, feed)
    spec = replace(report.spec, product_sets=(ProductSet("Borealis", {"brand": {"eq": "Borealis"}}),))
    project.set_catalog(spec)
    project.set_catalog_template(CatalogTemplate(message="Shop {{product.brand}}", name="{{product.name}}",
                                                 description="{{product.price}}"))
    save_project(project)
    assert rows == ROWS
    return demo_copy


@pytest.fixture
def document(catalog_folder):
    from dcstudio.core.model.project_folder import load_project
    from dcstudio.qt.document import Document

    return Document(load_project(catalog_folder))


@pytest.fixture
def editor(qtbot, document):
    from dcstudio.qt.catalog_template_editor import CatalogTemplateEditor

    e = CatalogTemplateEditor()
    qtbot.addWidget(e)
    e.set_document(document)
    e.resize(420, 900)
    e.show()
    yield e
    e.shutdown()


def borealis(rows):
    return [r for r in rows if r["brand"] == "Borealis"]


def shown_for(qtbot, editor, product_id):
    qtbot.waitUntil(lambda: (editor.product_source.product or {}).get("id") == product_id)
    editor.update_previews()


def test_the_fields_are_filled_in_for_the_first_product_of_the_set_and_follow_typing(qtbot, editor, document):
    rows = ROWS
    first = borealis(rows)[0]
    shown_for(qtbot, editor, first["id"])
    assert editor.product_source.set_box.currentText() == "Borealis"
    assert f"1 of {len(borealis(rows))} in “Borealis”" in editor.product_source.where_label.text()
    name = editor.fields["name"]
    assert name.resolved.text() == first["title"]
    assert editor.fields["message"].resolved.text() == "Shop Borealis"
    assert editor.fields["description"].resolved.text() == "$" + first["price"].split()[0]
    name.editor.setFocus()
    name.editor.end(False)
    qtbot.keyClicks(name.editor, " | titleize")  # typed by hand, closing braces and all
    assert document.project.catalog_template.name == "{{product.name}} | titleize"
    name.editor.setText("")
    qtbot.keyClicks(name.editor, "New: {{product.name | titleize}}")
    qtbot.waitUntil(lambda: name.resolved.text() == "New: " + first["title"].title())
    assert document.project.catalog_template.name == "New: {{product.name | titleize}}"
    editor.product_source.next_button.click()
    shown_for(qtbot, editor, borealis(rows)[1]["id"])
    assert name.resolved.text() == "New: " + borealis(rows)[1]["title"].title()


def test_two_braces_open_the_tags_and_enter_takes_one_then_what_may_follow(qtbot, editor, document):
    field = editor.fields["name"]
    field.editor.setFocus()
    field.editor.setText("")
    qtbot.keyClicks(field.editor, "Only {{")
    tags = field.editor.tags
    assert tags.is_open()
    assert "product.brand" in tags.offered() and "product.custom_label_4" in tags.offered()
    qtbot.keyClicks(field.editor, "na")
    assert tags.offered() == ["product.name"]
    qtbot.keyClick(tags.popup, Qt.Key_Return)
    assert field.text() == "Only {{product.name}}"
    assert field.editor.cursor_index() == len("Only {{product.name")  # before the braces written for it
    assert tags.offered()[0] == "}}"  # then the end of the tag, or a transform
    qtbot.keyClick(tags.popup, Qt.Key_Down)
    qtbot.keyClick(tags.popup, Qt.Key_Tab)  # the first transform
    assert field.text() == "Only {{product.name | number_format}}"
    qtbot.keyClick(tags.popup, Qt.Key_Return)  # "}}": the cursor steps past the braces
    assert not tags.is_open()
    assert field.editor.cursor_index() == len(field.text())
    assert document.project.catalog_template.name == "Only {{product.name | number_format}}"


def test_a_price_tag_offers_its_options_in_the_message_and_esc_closes_the_popup(qtbot, editor, document):
    message = editor.fields["message"].editor
    message.setFocus()
    message.setPlainText("Now 🌿 ")  # an emoji is two of Qt's positions and one of Python's
    message.moveCursor(QTextCursor.End)
    qtbot.keyClicks(message, "{{cur")
    assert message.tags.offered() == ["product.current_price"]
    qtbot.keyClick(message.tags.popup, Qt.Key_Tab)
    assert "strip_zeros" in message.tags.offered() and "raw" in message.tags.offered()
    qtbot.keyClicks(message, "str")  # typed on while the popup is open: it narrows
    assert message.tags.offered() == ["strip_zeros"]
    qtbot.keyClick(message.tags.popup, Qt.Key_Return)
    assert message.toPlainText() == "Now 🌿 {{product.current_price strip_zeros}}"
    qtbot.keyClick(message.tags.popup, Qt.Key_Escape)
    assert not message.tags.is_open()
    assert message.toPlainText() == "Now 🌿 {{product.current_price strip_zeros}}"  # Esc only closes
    qtbot.keyClicks(message, "}} today")  # typed over the braces already there
    assert document.project.catalog_template.message == "Now 🌿 {{product.current_price strip_zeros}} today"
    first = borealis(ROWS)[0]
    shown_for(qtbot, editor, first["id"])
    amount = first["price"].split()[0]
    assert editor.fields["message"].resolved.text() == f"Now 🌿 ${amount} today"


def test_an_unknown_tag_or_option_is_named_under_its_field(qtbot, editor, document):
    shown_for(qtbot, editor, borealis(ROWS)[0]["id"])
    field = editor.fields["description"]
    field.editor.setFocus()
    field.editor.setText("")
    qtbot.keyClicks(field.editor, "{{product.nme}} at {{product.price strip_zero}}")
    qtbot.keyClick(field.editor, Qt.Key_Escape)
    editor.update_previews()
    assert field.problem.isVisible()
    text = field.problem.text()
    assert "unknown tag 'product.nme'" in text and "(at character 3)" in text
    assert "unknown option 'strip_zero'" in text
    assert field.resolved.text().startswith("{{product.nme}} at ")  # the rest still filled in
    message = editor.fields["message"]
    message.editor.setPlainText("Hi {{product.brandd}}")
    editor.update_previews()
    assert "unknown tag 'product.brandd'" in message.problem.text()
    assert len(message.editor.extraSelections()) == 1  # the bad word underlined


def test_a_text_over_metas_limit_shows_its_count_against_the_limit(qtbot, editor):
    from dcstudio.core.catalog.template_preview import field_limit

    shown_for(qtbot, editor, borealis(ROWS)[0]["id"])
    field = editor.fields["name"]
    field.editor.setText("")
    qtbot.keyClicks(field.editor, "x" * 250 + " {{product.name}}")
    editor.update_previews()
    limit = field_limit("name")
    assert field.count.text().startswith(f"{len(field.resolved.text())}/{limit.hard}: over Meta's limit")
    field.editor.setText("")
    qtbot.keyClicks(field.editor, "{{product.name}}")
    editor.update_previews()
    assert field.count.text() == f"{len(field.resolved.text())}/{limit.recommended} characters"


def test_each_visit_to_a_field_is_one_undo_step_and_redo_brings_it_back(qtbot, editor, document):
    stack = document.undo_stack
    before = document.project.catalog_template
    field = editor.fields["name"]
    field.editor.setFocus()
    field.editor.end(False)
    qtbot.keyClicks(field.editor, " now")
    assert stack.count() == 1 and document.project.catalog_template.name == "{{product.name}} now"
    editor.fields["description"].editor.setFocus()
    qtbot.keyClicks(editor.fields["description"].editor, "!")
    assert stack.count() == 2
    stack.undo()
    assert editor.fields["description"].text() == "{{product.price}}"
    stack.undo()
    assert document.project.catalog_template == before
    assert field.text() == "{{product.name}}"
    stack.redo()
    assert field.text() == "{{product.name}} now"
    stack.redo()
    assert editor.fields["description"].text() == "{{product.price}}!"


def test_cta_end_card_and_links_are_undoable_edits(qtbot, editor, document, monkeypatch):
    from dcstudio.core.values.meta_enums import CALL_TO_ACTION_TYPES
    from dcstudio.qt.asset_dialogs import CtaPickerDialog

    assert "BUY_NOW" in CALL_TO_ACTION_TYPES
    monkeypatch.setattr(CtaPickerDialog, "ask", classmethod(lambda cls, parent, current: "BUY_NOW"))
    editor.cta_button.click()
    assert document.project.catalog_template.call_to_action_type == "BUY_NOW"
    assert "BUY_NOW" in editor.cta_button.text()
    editor.end_card_box.setChecked(False)
    assert document.project.catalog_template.multi_share_end_card is False
    web = editor.url_fields["web"]["url"]
    web.editor.setFocus()
    qtbot.keyClicks(web.editor, "https://t.example/?u={{product.url | urlencode}}&ad={{ad.id}}")
    app_name = editor.url_fields["ios"]["app_name"]
    app_name.setFocus()
    qtbot.keyClicks(app_name, "Shop")
    spec = document.project.catalog_template.template_url_spec
    assert spec.web == {"url": "https://t.example/?u={{product.url | urlencode}}&ad={{ad.id}}"}
    assert spec.ios == {"app_name": "Shop"}
    first = borealis(ROWS)[0]
    shown_for(qtbot, editor, first["id"])
    assert web.resolved.text() == "https://t.example/?u=" + first["link"].replace(":", "%3A").replace(
        "/", "%2F") + "&ad={{ad.id}}"
    assert not web.problem.isVisible()
    for _ in range(4):
        document.undo_stack.undo()
    assert document.project.catalog_template.call_to_action_type == "SHOP_NOW"
    assert document.project.catalog_template.template_url_spec.is_empty()
    assert editor.end_card_box.isChecked() and web.text() == "" and app_name.text() == ""


def test_a_project_without_a_catalog_says_so_and_its_button_makes_the_template(qtbot, demo_project):
    from dcstudio.qt.catalog_template_editor import NO_CATALOG, CatalogTemplateEditor
    from dcstudio.qt.document import Document

    document = Document(demo_project)
    editor = CatalogTemplateEditor()
    qtbot.addWidget(editor)
    editor.set_document(document)
    editor.show()
    assert editor.pages.currentIndex() == 0 and editor.empty_text.text() == NO_CATALOG
    assert not editor.fields["name"].isVisible()  # nothing to edit
    editor.make_button.click()
    assert document.project.catalog_template is not None
    assert editor.pages.currentIndex() == 1 and editor.fields["name"].isVisible()
    assert editor.fields["name"].text() == "{{product.name}}"
    editor.update_previews()
    assert not editor.fields["name"].resolved.isVisible()  # no product to fill it in for
    assert "No product" not in editor.product_source.where_label.text()
    document.undo_stack.undo()
    assert editor.pages.currentIndex() == 0
    editor.shutdown()


def test_the_window_has_an_ad_dock_and_the_product_chosen_in_the_products_dock_fills_it_in(
        qtbot, make_window, catalog_folder):
    window = make_window(catalog_folder)
    titles = [d.windowTitle() for d in (window.pools_dock, window.checks_dock, window.campaign_dock,
                                        window.catalog_dock, window.template_dock, window.insights_dock)]
    assert len({t[:2] for t in titles}) == len(titles)  # distinct when tabs shorten them to two letters
    window.template_dock.raise_()
    qtbot.waitUntil(lambda: window.template_panel.is_built)
    editor = window.template_editor
    rows = ROWS
    shown_for(qtbot, editor, borealis(rows)[0]["id"])
    window.catalog_dock.raise_()
    qtbot.waitUntil(lambda: window.catalog_panel.is_built)
    panel = window.catalog
    assert panel.queries is editor.queries  # one database thread, one open store
    qtbot.waitUntil(lambda: panel.products.rowCount() == 300 and panel.products.is_loaded(41))
    panel.product_view.selectRow(41)
    shown_for(qtbot, editor, rows[41]["id"])
    assert editor.fields["name"].resolved.text() == rows[41]["title"]
    assert editor.product_source.set_box.currentText() == "All products"
    assert "42 of 300 in the catalog" in editor.product_source.where_label.text()


def test_stacked_in_the_narrow_column_of_a_scaled_laptop_screen_every_dock_tab_shows(qtbot, make_window, demo_copy):
    from PySide6.QtWidgets import QTabBar

    window = make_window(demo_copy)
    window.stack_docks()
    window.resizeDocks([window.pools_dock], [240], Qt.Horizontal)  # 1366 px at 150%: the Assets column
    qtbot.waitUntil(lambda: window.pools_dock.width() <= 242)
    bars = [b for b in window.findChildren(QTabBar) if b.parent() is window and b.count() == 6]
    assert len(bars) == 1
    bar = bars[0]
    qtbot.waitUntil(lambda: bar.width() <= 242)
    assert sum(bar.tabRect(i).width() for i in range(bar.count())) <= bar.width()  # no tab scrolled away
    assert len({bar.tabText(i)[:2] for i in range(bar.count())}) == 6


def test_ctrl_z_in_a_field_undoes_through_the_document(qtbot, make_window, catalog_folder):
    window = make_window(catalog_folder)
    window.template_dock.raise_()
    qtbot.waitUntil(lambda: window.template_panel.is_built)
    editor = window.template_editor
    field = editor.fields["name"]
    field.editor.setFocus()
    qtbot.waitUntil(field.editor.hasFocus)
    field.editor.end(False)
    qtbot.keyClicks(field.editor, "!!")
    assert window.document.undo_stack.count() == 1
    qtbot.keyClick(field.editor, Qt.Key_Z, Qt.ControlModifier)
    assert window.document.undo_stack.index() == 0
    assert window.document.project.catalog_template.name == "{{product.name}}" == field.text()


def test_no_query_runs_on_the_gui_thread(qtbot, document, monkeypatch):
    from dcstudio.core.catalog.store import CatalogStore
    from dcstudio.qt.catalog_template_editor import CatalogTemplateEditor

    threads: list[str] = []
    for name in ("open", "rows", "query", "count", "columns"):
        original = getattr(CatalogStore, name)
        if name == "open":
            def wrapped(cls, *a, _o=original, **k):
                threads.append(threading.current_thread().name)
                return _o.__func__(cls, *a, **k)
            monkeypatch.setattr(CatalogStore, name, classmethod(wrapped))
        else:
            def wrapped(self, *a, _o=original, **k):
                threads.append(threading.current_thread().name)
                return _o(self, *a, **k)
            monkeypatch.setattr(CatalogStore, name, wrapped)
    editor = CatalogTemplateEditor()
    qtbot.addWidget(editor)
    editor.set_document(document)
    rows = ROWS
    shown_for(qtbot, editor, borealis(rows)[0]["id"])
    editor.product_source.next_button.click()
    shown_for(qtbot, editor, borealis(rows)[1]["id"])
    editor.product_source.set_box.setCurrentIndex(editor.product_source.set_box.findData(None))
    shown_for(qtbot, editor, rows[0]["id"])
    editor.show_product_row(7)
    shown_for(qtbot, editor, rows[6]["id"])
    assert threads, "no query was watched"
    assert threading.main_thread().name not in threads
    # (a window an earlier test closed may still be linting on its worker: those are not ours)
    ours = {name for name in threads if not name.startswith("dcstudio-worker")}
    assert ours and all(name.startswith("dcstudio-catalog-db") for name in ours), set(threads)
    editor.shutdown()


def test_the_panel_fits_the_narrow_column_it_shares_with_assets_on_a_small_screen(editor):
    assert editor.minimumSizeHint().width() <= 240
    assert editor.minimumSizeHint().height() <= 300


def test_the_ad_locale_is_saved_with_the_template_as_one_undo_step(qtbot, editor, document):
    assert editor.locale_box.currentText() == "en_US" and document.project.catalog_template.locale == ""
    editor.locale_box.setCurrentText("de_DE")  # typed: the fields follow at once
    assert str(editor.locale) == "de_DE" and document.project.catalog_template.locale == ""
    editor.locale_box.lineEdit().editingFinished.emit()
    assert document.project.catalog_template.locale == "de_DE"
    assert document.undo_stack.undoText() == "Write prices for de_DE"
    editor.locale_box.setCurrentText("de_")  # not a locale: said, nothing saved
    editor.locale_box.lineEdit().editingFinished.emit()
    assert editor.locale_problem.isVisibleTo(editor) and document.project.catalog_template.locale == "de_DE"
    document.undo_stack.undo()
    assert document.project.catalog_template.locale == ""
    assert editor.locale_box.currentText() == "en_US" and str(editor.locale) == "en_US"
