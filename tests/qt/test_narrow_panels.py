"""Narrow docks shorten what they show instead of dropping it or scrolling sideways."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem

from dcstudio.core.model.assets import Approval
from dcstudio.core.values.crops import Crop
from dcstudio.qt.commands import PinCommand, ReplaceAssetCommand
from dcstudio.qt.pool_delegate import MetaPart, fit_parts


def _narrow(window, qtbot, width: int) -> None:
    window.resizeDocks([window.pools_dock], [width], Qt.Horizontal)
    qtbot.waitUntil(lambda: window.pools_dock.width() <= width + 2)


def _row_texts(section, asset_id: str) -> list[str]:
    view = section.view
    index = section.model.index(section.model.row_of(asset_id))
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    option.rect = view.visualRect(index)
    option.font = view.font()
    return section.view.itemDelegate().meta_texts(option, index)


def test_a_pool_row_at_the_narrowest_dock_keeps_its_size_and_crop(window, qtbot):
    project = window.document.project
    image = project.pools["images"][3]  # 1200×1500
    window.document.push(ReplaceAssetCommand(project, replace(
        image, crop=Crop(0, 0, 1200, 1500, "400x500"), approval=Approval("approved"))))
    window.document.push(PinCommand(project, image.id, True))
    window.pools_dock.raise_()
    _narrow(window, qtbot, window.pools.minimumSizeHint().width())
    section = window.pools.sections["images"]
    qtbot.waitUntil(lambda: section.view.viewport().width() > 0)
    texts = _row_texts(section, image.id)
    assert texts[0] == image.id
    assert any("1200×1500" in t and "400x500" in t for t in texts), texts
    width = section.view.viewport().width()
    assert width <= 260  # this is the narrow case


def test_a_text_row_at_the_narrowest_dock_keeps_its_character_count(window, qtbot):
    project = window.document.project
    title = project.pools["titles"][1]
    _narrow(window, qtbot, window.pools.minimumSizeHint().width())
    texts = _row_texts(window.pools.sections["titles"], title.id)
    assert texts[0] == title.id and any(f"{len(title.text)}/" in t for t in texts), texts


def test_parts_shorten_then_elide_the_others_then_the_last_kept_one():
    metrics = QFontMetrics(QFont())
    grey = QColor("grey")
    parts = [MetaPart("img4", grey, keep=True), MetaPart("Approved", grey), MetaPart("Pinned", grey),
             MetaPart("1200×1500 · crop 400x500", grey, short="1200×1500 · 400x500", keep=True)]
    full = [t for t, _ in fit_parts(parts, 1000, metrics)]
    assert full == ["img4", "Approved", "Pinned", "1200×1500 · crop 400x500"]
    short_width = sum(metrics.horizontalAdvance(t) for t in ("img4", "Approved", "Pinned", "1200×1500 · 400x500"))
    shortened = [t for t, _ in fit_parts(parts, short_width + 30, metrics)]
    assert shortened == ["img4", "Approved", "Pinned", "1200×1500 · 400x500"]
    kept_width = metrics.horizontalAdvance("img4") + metrics.horizontalAdvance("1200×1500 · 400x500") + 10
    tight = [t for t, _ in fit_parts(parts, kept_width + 2 * 10 + 2 * 3 * metrics.horizontalAdvance("…"), metrics)]
    assert tight[0] == "img4" and tight[-1] == "1200×1500 · 400x500" and len(tight) == 4
    assert all(t.endswith("…") for t in tight[1:3])
    tiny = [t for t, _ in fit_parts(parts, kept_width - 30, metrics)]
    assert tiny[0] == "img4" and len(tiny) == 2 and tiny[1].startswith("1200") and tiny[1].endswith("…")
    for width in range(40, 400, 7):
        texts = [t for t, _ in fit_parts(parts, width, metrics)]
        drawn = sum(metrics.horizontalAdvance(t) for t in texts) + 10 * (len(texts) - 1)
        assert drawn <= max(width, kept_width), (width, texts)


def test_the_assets_panel_has_no_sideways_scrollbar_at_its_narrowest(window, qtbot):
    panel = window.pools
    window.pools_dock.raise_()
    _narrow(window, qtbot, panel.minimumSizeHint().width())
    qtbot.waitUntil(lambda: panel.widget().width() <= panel.viewport().width())
    assert panel.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff
    assert panel.widget().minimumSizeHint().width() <= panel.viewport().width()
    for section in panel.sections.values():
        for button in section.buttons.values():
            right = button.mapTo(panel.viewport(), button.rect().topRight()).x()
            assert right < panel.viewport().width(), (section.pool, right)


def test_checks_items_wrap_to_a_narrow_dock_even_inside_a_long_link(qtbot):
    from dcstudio.core.lint.findings import Finding
    from dcstudio.qt.lint_panel import LintPanel

    panel = LintPanel()
    qtbot.addWidget(panel)
    message = ("The link link1 https://shop.example.com/spring-collection/outdoor-essentials?utm_source=meta "
               "does not answer: it returned 404")
    hint = "Check campaign.promoted_object.custom_event_type and the link"
    panel.model.set_findings([Finding("r1", "error", message, "link1", "website_url", hint, "src"),
                              Finding("r2", "warning", "Short one", None, None, "", "src")])
    panel.resize(216, 500)
    panel.show()
    view, delegate = panel.view, panel.view.itemDelegate()
    metrics = view.fontMetrics()
    for width in (216, 400, 240):
        panel.resize(width, 500)
        qtbot.waitUntil(lambda w=width: panel.width() == w)
        qtbot.wait(50)  # the list lays its rows out again after a resize
        index = panel.model.index(0, 0)
        lines = delegate.text_lines(index)
        assert "".join(lines).replace(" ", "") == f"{message}\n→ {hint}".replace("\n", "").replace(" ", "")
        assert all(metrics.horizontalAdvance(line.rstrip()) <= delegate.text_width() for line in lines), lines
        row = view.visualRect(index)
        assert row.right() <= view.viewport().width()
        assert row.height() >= len(lines) * metrics.lineSpacing(), (width, row, lines)
    assert view.horizontalScrollBar().maximum() == 0
