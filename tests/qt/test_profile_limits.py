"""The window's counters follow the project's profile: they say the numbers its lint rules say."""
from __future__ import annotations

from dataclasses import replace

import pytest

from dcstudio.core.lint import lint
from dcstudio.core.values.profiles import GOOGLE, META, TIKTOK
from dcstudio.qt.commands import ProjectSettingsCommand, ReplaceAssetCommand
from dcstudio.qt.pool_delegate import CountedLineEdit

pytest.importorskip("PySide6")


def test_the_headline_counter_says_googles_30_under_the_google_profile(window, qtbot):
    entry = window.pools.sections["titles"].entry
    document = window.document
    entry.setText("a" * 35)
    assert entry.counter.text() == "35/40" and entry.state == "ok"  # Meta: 40 recommended
    document.push(ProjectSettingsCommand(document.project, "Change profile", profile=GOOGLE))
    assert entry.counter.text() == "35/30" and entry.state == "over"
    assert "hard limit of 30" in entry.counter.toolTip()
    # The rule says the same number.
    first = document.project.pools["titles"][0]
    document.push(ReplaceAssetCommand(document.project, replace(first, text="a" * 35)))
    found = [f for f in lint(document.project).findings if f.rule_id == "google.text.headline_length"]
    assert found and "the limit is 30" in found[0].message
    document.undo_stack.undo()
    document.undo_stack.undo()  # back to Meta: the counter follows
    assert document.project.profile == META
    assert entry.counter.text() == "35/40" and entry.state == "ok"


def test_the_inline_editor_and_the_pool_title_follow_the_profile(window):
    document = window.document
    section = window.pools.sections["descriptions"]
    assert section.title.text().endswith(f"{section.model.rowCount()} of 5</span>")
    document.push(ProjectSettingsCommand(document.project, "Change profile", profile=GOOGLE))
    assert section.title.text().endswith(f"{section.model.rowCount()} of 1</span>")  # one long headline
    index = section.model.index(0)
    section.view.setCurrentIndex(index)
    section.view.edit(index)
    editor = section.view.findChild(CountedLineEdit)
    assert editor.limit.hard == 90 and editor.limit.name == "long headline"
    section.view.closePersistentEditor(index)
    document.push(ProjectSettingsCommand(document.project, "Change profile", profile=TIKTOK))
    titles = window.pools.sections["titles"].entry
    titles.setText("a" * 300)
    assert titles.limit is None and titles.counter.text() == "300" and titles.state == "ok"  # TikTok sends no titles
