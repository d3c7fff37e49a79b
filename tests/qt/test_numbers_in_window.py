"""The window shows each combination under the number the sheet, `render` and the export give it:
the grid's caption with "Hide excluded" on and off and with a filter, and the large preview.
Asset ids stay unique through the window's undo and redo of adds and removes."""
from __future__ import annotations

from dcstudio.core.model.ad_space import space_of
from dcstudio.core.model.combinations import number_of
from dcstudio.core.model.customization import Customization
from dcstudio.core.model.project_folder import import_image, load_project
from dcstudio.qt.commands import AddAssetCommand, ExclusionCommand, PinCommand, RemoveAssetCommand
from dcstudio.qt.preview_grid import TileDelegate

STORY_RULES = (
    {"customization_spec": {"publisher_platforms": ["facebook", "instagram"], "facebook_positions": ["story"],
                            "instagram_positions": ["story", "reels"]},
     "image_label": {"name": "vertical"}, "priority": 1},
    {"customization_spec": {}, "image_label": {"name": "square"}, "priority": 2},
)


def _captions(window) -> dict[tuple, str]:
    """Combination ids -> the caption its tile shows, for every row of the grid."""
    model = window.grid_model
    out = {}
    for row in range(model.rowCount()):
        index = model.index(row)
        out[model.combination(row).ids] = TileDelegate.caption_text(index).split()[0]
    return out


def _sheet_numbers(project) -> dict[tuple, str]:
    """What the contact sheet and `render` number each combination (the caption's head)."""
    space = space_of(project)
    return {c.ids: space.caption(c)[0].split()[0] for c in space}


def test_the_grid_numbers_as_the_sheet_with_hide_excluded_on_and_off_and_a_filter(window, qtbot):
    project = window.document.project
    window.document.push(ExclusionCommand(project, "img1", "title1"))
    window.document.push(PinCommand(project, "cta2", True))
    sheet = _sheet_numbers(project)
    assert "#1" not in sheet.values() and len(sheet) == 90 - 6  # img1 + title1 + cta1 and #2 .. excluded
    shown = _captions(window)
    assert len(shown) == 90 and all(shown[ids] == n for ids, n in sheet.items())
    window.grid.hide_excluded_box.setChecked(True)
    assert _captions(window) == sheet
    window.grid.set_filter("body2")
    filtered = _captions(window)
    assert 0 < len(filtered) < len(sheet) and all(sheet[ids] == n for ids, n in filtered.items())
    assert min(int(n[1:]) for n in filtered.values()) > 1  # not renumbered from 1
    window.grid.hide_excluded_box.setChecked(False)
    assert all(shown[ids] == n for ids, n in _captions(window).items())


def test_the_large_preview_shows_the_same_number(window, qtbot):
    project = window.document.project
    window.document.push(ExclusionCommand(project, "img1", "title1"))
    window.grid.hide_excluded_box.setChecked(True)
    window.grid.set_filter("img3")
    combo = window.grid_model.combination(4)
    caption = TileDelegate.caption_text(window.grid_model.index(4)).split()[0]
    assert caption != "#5"
    dialog = window.open_combination(combo)
    qtbot.waitUntil(lambda: dialog.rendered)
    assert dialog.windowTitle().startswith(f"Combination {caption}: ")
    assert caption == _sheet_numbers(project)[combo.ids]
    dialog.close()


def test_under_rules_the_large_preview_names_the_placement_of_its_number(window, qtbot):
    project = window.document.project
    for image in ("img1", "img2"):
        project.update_asset(image, adlabels=("vertical",))
    project.set_customization(Customization(rules=STORY_RULES))
    window.grid.set_placement("story")
    combo = window.grid_model.combination(1)
    assert number_of(combo) == 2
    dialog = window.open_combination(combo)
    qtbot.waitUntil(lambda: dialog.rendered)
    assert dialog.windowTitle().startswith("Combination #2 in Story")
    dialog.close()


def test_undo_and_redo_of_adds_and_removes_never_reuse_an_id(window, write_image, tmp_path):
    document = window.document
    project = document.project

    def add():
        source = write_image(tmp_path / f"new-{len(project.pools['images'])}-{document.undo_stack.count()}.png",
                             color=(document.undo_stack.count() * 20 % 255, 40, 90))
        command = AddAssetCommand(project, "images", import_image(project, source))
        document.push(command)
        return command.asset.id

    document.push(RemoveAssetCommand(project, "img4"))
    assert add() == "img6"
    document.undo_stack.undo()  # the add
    document.undo_stack.undo()  # the remove: img4 is back
    assert project.find("img4") is not None and project.find("img6") is None
    document.undo_stack.redo()
    document.undo_stack.redo()
    assert project.find("img6") is not None and project.find("img4") is None
    document.undo_stack.undo()
    assert add() == "img7"  # img6 was given once: never again
    window.save()
    again = load_project(project.folder)
    assert again.last_ids["images"] == 7
