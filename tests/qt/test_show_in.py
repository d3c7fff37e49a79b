"""Where an asset shows, set from the pools panel: rules, labels, the row's text, undo and redo."""
from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from dcstudio.core.model.customization import Customization, ShowIn
from dcstudio.qt.pool_model import PoolModel
from dcstudio.qt.show_in_dialog import ShowInDialog


def _answer(monkeypatch, choice, seen=None):
    def ask(cls, parent, asset_name, current, note=""):
        if seen is not None:
            seen.append((current, note))
        return choice
    monkeypatch.setattr(ShowInDialog, "ask", classmethod(ask))


def _row_text(section, asset_id):
    return section.model.data(section.model.index(section.model.row_of(asset_id)), PoolModel.ShowInRole)


def test_show_an_image_in_stories_and_reels_then_undo_and_redo(window, monkeypatch):
    section = window.pools.sections["images"]
    project, stack = window.document.project, window.document.undo_stack
    img2 = project.pools["images"][1].id
    _answer(monkeypatch, ShowIn({"Stories and Reels"}))
    {a.text(): a for a in section.context_menu(img2).actions()}["Show in…"].trigger()
    assert stack.undoText() == f"Show {img2} in Stories and Reels"
    rules = project.customization.rules
    assert rules[0]["customization_spec"]["instagram_positions"] == ["story", "reels"]
    assert rules[0]["image_label"] == {"name": "stories_and_reels"} and rules[-1]["customization_spec"] == {}
    assert project.asset(img2).adlabels == ("stories_and_reels",)
    assert project.pools["titles"][0].adlabels == ("everywhere",)
    assert _row_text(section, img2) == "Stories and Reels"
    assert _row_text(section, project.pools["images"][0].id) == ""
    assert "Shows in: Stories and Reels" in section.model.data(section.model.index(1), 3)  # the tooltip
    assert window.isWindowModified()
    stack.undo()
    assert project.customization == Customization()
    assert all(not a.adlabels for assets in project.pools.values() for a in assets)
    assert _row_text(section, img2) == ""
    assert not window.isWindowModified()
    stack.redo()
    assert project.customization.rules == rules and _row_text(section, img2) == "Stories and Reels"


def test_a_language_and_the_dialog_opens_on_the_current_choice(window, monkeypatch):
    section = window.pools.sections["titles"]
    project, stack = window.document.project, window.document.undo_stack
    title = project.pools["titles"][0].id
    _answer(monkeypatch, ShowIn({"Feed"}, 9))
    section.show_in(title)
    assert stack.undoText() == f"Show {title} in Feed · French (France)"
    assert project.customization.rules[-1]["is_default"] is True  # the default language
    assert _row_text(section, title) == "Feed · French (France)"
    seen = []
    _answer(monkeypatch, ShowIn(), seen)
    section.show_in(title)
    assert seen == [(ShowIn({"Feed"}, 9), "")]
    assert stack.undoText() == f"Show {title} everywhere"
    assert project.customization == Customization() and _row_text(section, title) == ""


def test_imported_rules_beyond_the_window_are_named_and_replaced_only_when_asked(window, monkeypatch):
    project = window.document.project
    img1 = project.pools["images"][0].id
    project.set_customization(Customization(rules=({"customization_spec": {"age_min": 30},
                                                    "image_label": {"name": "older"}},)))
    project.update_asset(img1, adlabels=("older",))
    section = window.pools.sections["images"]
    assert _row_text(section, img1) == "label older"
    seen = []
    _answer(monkeypatch, None, seen)  # cancelled: nothing changes
    section.show_in(img1)
    assert "more than this window edits" in seen[0][1]
    assert project.customization.rules[0]["image_label"] == {"name": "older"}
    _answer(monkeypatch, ShowIn({"Feed"}))
    section.show_in(img1)
    assert project.asset(img1).adlabels == ("feed",) and _row_text(section, img1) == "Feed"
    window.document.undo_stack.undo()
    assert project.asset(img1).adlabels == ("older",)
    assert project.customization.rules[0]["customization_spec"] == {"age_min": 30}


def test_the_dialog_wants_a_placement_and_a_readable_language(qtbot):
    dialog = ShowInDialog("img1", ShowIn({"Feed"}, 6))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert dialog.boxes["Feed"].isChecked() and not dialog.boxes["Stories and Reels"].isChecked()
    assert dialog.choice() == ShowIn({"Feed"}, 6) and ok.isEnabled()
    dialog.boxes["Feed"].setChecked(False)
    assert not ok.isEnabled() and "at least one placement" in dialog.message.text()
    dialog.boxes["Stories and Reels"].setChecked(True)
    dialog.language.setCurrentText("Klingon")
    assert not ok.isEnabled() and "locale id" in dialog.message.text()
    dialog.language.setCurrentText("24")
    assert ok.isEnabled() and dialog.choice() == ShowIn({"Stories and Reels"}, 24)
    dialog.language.setCurrentText("Default language")
    assert dialog.choice() == ShowIn({"Stories and Reels"})
