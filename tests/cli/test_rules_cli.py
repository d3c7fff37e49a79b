"""render, sheet and info on projects with customization rules: every placement with its own
assets (`render --placement all`), a language by `--locale`, and a bad locale in one line.
Payloads from tests/corpus (sources in its SOURCES.md)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dcstudio.cli import main
from dcstudio.core.model.ad_space import space_of
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.values.placements import placement_ids

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def imported(tmp_path, name, capsys):
    folder = tmp_path / name
    assert main(["import-spec", str(CORPUS / f"{name}.json"), str(folder)]) == 0
    capsys.readouterr()
    return folder


def labelled(project, pool, label):
    return {a.id for a in project.pools[pool] if label in a.adlabels}


def rendered(out):
    index = json.loads((out / "index.json").read_text())
    by_placement: dict[str, list[dict]] = {}
    for entry in index["files"]:
        assert (out / entry["file"]).is_file()
        assert entry["file"].startswith(entry["placement"] + "/")
        by_placement.setdefault(entry["placement"], []).append(entry["assets"])
    return index, by_placement


def test_render_all_placements_gives_each_placement_the_assets_its_rules_give_it(tmp_path, capsys):
    folder = imported(tmp_path, "doc_placement_images_feed_story", capsys)
    project = load_project(folder)
    out = tmp_path / "out"
    code = main(["render", str(folder), "--out", str(out), "--placement", "all", "--size", "100", "--jobs", "1"])
    assert code in (0, 1)  # 1: the hash-only images are drawn as placeholders, and said so
    index, by_placement = rendered(out)
    assert set(by_placement) == set(placement_ids())
    for placement, assets in by_placement.items():
        assert assets == [c.as_dict() for c in space_of(project, placement=placement)], placement
        assert index["combinations_by_placement"][placement] == len(assets)
    assert {a["media"] for a in by_placement["story"]} == labelled(project, "images", "labelig")
    assert {a["media"] for a in by_placement["feed-square"]} == labelled(project, "images", "labelfb")


def test_render_all_placements_with_worker_processes_matches_one_process(tmp_path, capsys):
    folder = imported(tmp_path, "code_placement_labelled_texts_default", capsys)
    one, two = tmp_path / "one", tmp_path / "two"
    for out, jobs in ((one, "1"), (two, "2")):
        assert main(["render", str(folder), "--out", str(out), "--placement", "feed-square,story",
                     "--size", "100", "--jobs", jobs]) in (0, 1)
    assert rendered(one)[1] == rendered(two)[1]
    assert sorted(p.relative_to(one) for p in one.rglob("*.jpg")) == \
        sorted(p.relative_to(two) for p in two.rglob("*.jpg"))


def test_render_every_placement_in_a_language_shows_that_language(tmp_path, capsys):
    folder = imported(tmp_path, "doc_multi_language_locales", capsys)
    project = load_project(folder)
    out = tmp_path / "out"
    code = main(["render", str(folder), "--out", str(out), "--placement", "all", "--locale", "9", "--size", "100"])
    assert code in (0, 1)
    assert "locale 9" in capsys.readouterr().out
    _, by_placement = rendered(out)
    french = labelled(project, "titles", "french")
    assert set(by_placement) == set(placement_ids())
    assert all({a["title"] for a in assets} == french for assets in by_placement.values())
    main(["render", str(folder), "--out", str(out), "--placement", "story", "--size", "100"])
    assert {a["title"] for a in rendered(out)[1]["story"]} == labelled(project, "titles", "english")


@pytest.mark.parametrize("command", [["info"], ["render", "--out", "OUT"], ["sheet", "--out", "OUT.png"]])
def test_a_locale_the_rules_do_not_name_is_one_line_naming_it_and_the_known_ones(tmp_path, capsys, command):
    folder = imported(tmp_path, "doc_multi_language_locales", capsys)
    args = [str(tmp_path / a) if a.startswith("OUT") else a for a in command]
    assert main([args[0], str(folder), *args[1:], "--locale", "7"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["dcstudio: error: --locale 7: not a locale of this project; the project's rules name "
                   "6 (English (US)), 9 (French (France))"]
    assert not (tmp_path / "OUT").exists() and not (tmp_path / "OUT.png").exists()
    assert main([args[0], str(folder), *args[1:], "--locale", "fr_FR"]) == 2
    assert "--locale fr_FR: not a locale of this project" in capsys.readouterr().err


def test_a_locale_on_a_project_without_language_rules_says_it_has_none(tmp_path, capsys):
    folder = imported(tmp_path, "doc_placement_images_feed_story", capsys)
    assert main(["info", str(folder), "--locale", "6"]) == 2
    assert capsys.readouterr().err.strip() == ("dcstudio: error: --locale 6: not a locale of this project; "
                                               "this project's customization rules name no locale")


def _with_a_third_french_title(tmp_path, capsys):
    """The multi-language corpus project with one more French title, saved: (its folder, the project)."""
    folder = imported(tmp_path, "doc_multi_language_locales", capsys)
    project = load_project(folder)
    extra = project.pools["titles"][1]
    project.add_asset("titles", type(extra)(id="title9", text="Pokémon !", adlabels=("french",)))
    save_project(project)
    return folder, project


def test_info_counts_per_placement_and_per_locale(tmp_path, capsys):
    # A third French title: the French count doubles, the English one does not.
    folder, project = _with_a_third_french_title(tmp_path, capsys)
    main(["info", str(folder), "--json"])
    info = json.loads(capsys.readouterr().out)
    assert info["locale"] is None
    for locale in (6, 9):
        assert info["combinations_by_locale"][str(locale)] == {
            p: len(space_of(project, placement=p, locale=locale)) for p in placement_ids()}
    assert info["combinations_by_locale"]["9"]["feed-square"] == 2 * info["combinations_by_locale"]["6"]["feed-square"]
    main(["info", str(folder), "--json", "--locale", "9"])
    french = json.loads(capsys.readouterr().out)
    assert french["locale"] == 9 and french["combinations_by_placement"] == info["combinations_by_locale"]["9"]
    main(["info", str(folder)])
    text = capsys.readouterr().out
    assert "locale 9 (French (France)): feed-square 2 · feed-portrait 2 · story 2" in text
    main(["info", str(folder), "--locale", "9"])
    assert "(by the customization rules, locale 9)" in capsys.readouterr().out


def test_sheet_in_a_language_holds_that_languages_ads(tmp_path, capsys):
    folder, _ = _with_a_third_french_title(tmp_path, capsys)
    assert main(["sheet", str(folder), "--out", str(tmp_path / "fr.png"), "--locale", "9"]) in (0, 1)
    assert "(2 combinations)" in capsys.readouterr().out
    assert main(["sheet", str(folder), "--out", str(tmp_path / "en.png")]) in (0, 1)
    assert "(1 combinations)" in capsys.readouterr().out
