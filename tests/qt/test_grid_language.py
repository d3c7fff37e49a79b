"""The language is one more choice in the grid's bar: the default language and each locale the
customization rules name; picking one shows that language's assets; the choice follows edits and
undo; the status bar counts the placement and language the grid shows.
Payloads from tests/corpus (sources in its SOURCES.md)."""
from __future__ import annotations

import threading
from pathlib import Path

from PIL import Image

from dcstudio.core.model.ad_space import space_of
from dcstudio.core.model.customization import ShowIn
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.platforms.meta.export.importer import import_spec
from dcstudio.qt.show_in_dialog import ShowInDialog

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def imported(tmp_path, name):
    import_spec(CORPUS / f"{name}.json", tmp_path / name)
    return tmp_path / name


def choices(box):
    return [(box.itemText(i), box.itemData(i)) for i in range(box.count())]


def titles_shown(model):
    return {model.space[i].get("title") for i in range(model.rowCount())}


def labelled(project, pool, label):
    return {a.id for a in project.pools[pool] if label in a.adlabels}


def pick(box, locale):
    box.setCurrentIndex(box.findData(locale))


def test_the_bar_offers_the_rules_languages_and_a_pick_shows_that_languages_assets(make_window, tmp_path, qtbot):
    folder = imported(tmp_path, "doc_multi_language_locales")
    project = load_project(folder)
    extra = project.pools["titles"][1]
    project.add_asset("titles", type(extra)(id="title9", text="Pokémon !", adlabels=("french",)))
    save_project(project)
    tiles_may_finish = threading.Event()

    def slow_render(space, item, placement, size):
        tiles_may_finish.wait(10)
        return Image.new("RGB", (size, size), (200, 200, 200))

    window = make_window(folder, render_fn=slow_render)
    try:
        grid, model = window.grid, window.grid_model
        box = grid.language_box
        assert box.isVisible() and grid.language_label.isVisible()
        # The default rule names English: it is the default, listed once.
        assert choices(box) == [("English (US) (default)", None), ("French (France)", 9)]
        assert titles_shown(model) == labelled(project, "titles", "english")
        pick(box, 9)  # returns while every tile is still rendering: the GUI thread does not wait
        assert not grid.visible_tiles_done()
        assert model.locale == 9 and titles_shown(model) == labelled(project, "titles", "french")
        assert model.rowCount() == len(space_of(project, placement=model.placement, locale=9)) == 2
        assert window.summary.combinations.text() == "<b>2</b> combinations in Feed 1:1 · French (France)"
        grid.set_placement("story")
        assert model.locale == 9 and titles_shown(model) == labelled(project, "titles", "french")
        assert window.summary.combinations.text() == "<b>2</b> combinations in Story 9:16 · French (France)"
        pick(box, None)
        assert model.locale is None and titles_shown(model) == labelled(project, "titles", "english")
        assert window.summary.combinations.text() == "<b>1</b> combination in Story 9:16"
    finally:
        tiles_may_finish.set()


def _answer(monkeypatch, choice):
    monkeypatch.setattr(ShowInDialog, "ask", classmethod(lambda cls, parent, name, current, note="": choice))


def test_a_new_language_rule_appears_in_the_choice_and_undo_takes_it_away(window, monkeypatch, qtbot):
    grid, model = window.grid, window.grid_model
    project, stack = window.document.project, window.document.undo_stack
    box = grid.language_box
    assert not box.isVisible() and not grid.language_label.isVisible()  # the demo has no language rules
    everything = titles_shown(model)
    french_title = project.pools["titles"][0].id
    _answer(monkeypatch, ShowIn(locale=9))
    window.pools.sections["titles"].show_in(french_title)
    assert box.isVisible() and choices(box) == [("Default language", None), ("French (France)", 9)]
    assert model.locale is None and french_title not in titles_shown(model)
    pick(box, 9)
    assert titles_shown(model) == {french_title}
    assert window.summary.combinations.text().endswith(" · French (France)")
    stack.undo()
    assert not box.isVisible() and box.count() == 0
    assert model.locale is None and titles_shown(model) == everything
    assert window.summary.combinations.text() == f"<b>{len(space_of(project)):,}</b> combinations"
    stack.redo()
    assert box.isVisible() and box.currentData() is None and french_title not in titles_shown(model)
    pick(box, 9)
    # Another edit that keeps the French rule keeps the choice.
    second = project.pools["titles"][1].id
    _answer(monkeypatch, ShowIn(locale=9))
    window.pools.sections["titles"].show_in(second)
    assert box.currentData() == 9 and titles_shown(model) == {french_title, second}


def test_the_status_bar_counts_the_placement_the_grid_shows(make_window, tmp_path, qtbot):
    folder = imported(tmp_path, "doc_placement_images_feed_story")
    project = load_project(folder)
    extra = project.pools["bodies"][0]
    project.add_asset("bodies", type(extra)(id="body9", text="Also for stories", adlabels=("labelig",)))
    save_project(project)
    window = make_window(folder)
    grid, summary = window.grid, window.summary
    assert not grid.language_box.isVisible()  # placement rules only: no language to pick
    feed, story = (len(space_of(project, placement=p)) for p in ("feed-square", "story"))
    assert story == 2 * feed < len(space_of(project))
    grid.set_placement("feed-square")
    assert summary.combinations.text() == f"<b>{feed}</b> combination{'s' if feed != 1 else ''} in Feed 1:1"
    grid.set_placement("story")
    assert summary.combinations.text() == f"<b>{story}</b> combinations in Story 9:16"
    grid.set_filter(project.pools["bodies"][0].id)  # a filter narrows the grid, not the count
    assert summary.combinations.text() == f"<b>{story}</b> combinations in Story 9:16"


def test_the_status_count_leaves_out_excluded_ads_whether_the_grid_hides_or_greys_them(window, qtbot):
    from dcstudio.qt.commands import ExclusionCommand

    project, grid, summary = window.document.project, window.grid, window.summary
    img1, title1 = project.pools["images"][0].id, project.pools["titles"][0].id
    window.document.push(ExclusionCommand(project, img1, title1))
    allowed = len(space_of(project))
    assert allowed < len(space_of(project, honour_exclusions=False))
    for hide in (False, True, False):
        grid.hide_excluded_box.setChecked(hide)
        assert summary.combinations.text() == f"<b>{allowed:,}</b> combinations", hide
    window.document.undo_stack.undo()
    assert summary.combinations.text() == f"<b>{len(space_of(project)):,}</b> combinations"
