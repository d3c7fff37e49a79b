"""One number per combination, everywhere: the engine, the contact sheet, `render` file names and
index, and the export's previews give a combination the number of its place among all the
placement's combinations; exclusions, pins, filters and review leave gaps, never renumber."""
from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from dcstudio.core.model.ad_space import space_of
from dcstudio.core.model.approval import approved_only, without_rejected
from dcstudio.core.model.combinations import CombinationSpace, number_of
from dcstudio.core.model.customization import Customization
from dcstudio.core.model.rule_selection import pools_for
from dcstudio.core.platforms.meta.export.bundle import write_bundle
from dcstudio.core.render import contact_sheet, render_all

STORY_RULES = (
    {"customization_spec": {"publisher_platforms": ["facebook", "instagram"], "facebook_positions": ["story"],
                            "instagram_positions": ["story", "reels"]},
     "image_label": {"name": "vertical"}, "priority": 1},
    {"customization_spec": {}, "image_label": {"name": "square"}, "priority": 2},
)
_POOL = {"media": "images", "title": "titles", "body": "bodies", "description": "descriptions",
         "cta": "call_to_actions", "link": "link_urls"}


def expected_number(project, names, ids, placement=None) -> int:
    """Worked out from the pools alone (not the engine): images vary fastest, then the last text
    pool; each asset's place in its pool as the placement shows it."""
    pools = pools_for(project, placement)
    order = [n for n in names if n != "media"] + ["media"]
    given = dict(zip(names, ids, strict=True))
    index = 0
    for name in order:
        place = [a.id for a in pools[_POOL[name]]]
        index = index * len(place) + place.index(given[name])
    return index + 1


def numbers(space) -> dict[tuple, int]:
    return {c.ids: number_of(c) for c in space}


def check(project, space, placement=None):
    got = numbers(space)
    assert got, "an empty space proves nothing"
    names = space[0].names
    assert got == {ids: expected_number(project, names, ids, placement) for ids in got}
    return got


def test_without_any_left_out_the_number_is_the_position(demo_project):
    space = space_of(demo_project)
    assert [number_of(c) for c in space] == list(range(1, 181))
    check(demo_project, space)


def test_exclusions_leave_gaps_whether_hidden_or_shown(demo_project):
    demo_project.exclude("img1", "title1")
    shown = space_of(demo_project, honour_exclusions=False)
    hidden = space_of(demo_project)
    assert len(hidden) == 180 - 12 and len(shown) == 180
    check(demo_project, shown)
    got = check(demo_project, hidden)
    assert 1 not in got.values() and 180 in got.values()  # #1 is img1 + title1: excluded, a gap
    assert all(numbers(shown)[ids] == n for ids, n in got.items())


def test_a_filter_by_asset_keeps_the_numbers(demo_project):
    demo_project.exclude("img1", "title1")
    for honour in (True, False):
        filtered = space_of(demo_project, honour_exclusions=honour).containing("body2")
        got = check(demo_project, filtered)
        assert min(got.values()) > 1 and len(got) < 180


def test_pins_keep_the_numbers(demo_project):
    demo_project.pin("title2")
    demo_project.exclude("img3", "body1")
    got = check(demo_project, space_of(demo_project))
    assert len(got) == 60 - 4 and min(got.values()) == 61  # the first 60 hold title1


def test_review_keeps_the_numbers_of_what_ships(demo_project):
    demo_project.set_approval("title1", "rejected")
    demo_project.set_approval("img2", "rejected")
    shipped, _ = without_rejected(demo_project)
    got = check(demo_project, space_of(shipped))
    assert len(got) == 4 * 2 * 3 * 2 * 2 and min(got.values()) == 61
    for asset in ("title2", "title3", "img5", "body1", "body2", "desc1", "cta1", "link1"):
        demo_project.set_approval(asset, "approved")
    check(demo_project, space_of(approved_only(demo_project)))


def test_a_carousel_numbers_over_its_texts(demo_project):
    demo_project.set_project_settings(ad_format="CAROUSEL")
    demo_project.exclude("img1", "body1")  # a card's partner never appears: body1 is a gap
    space = space_of(demo_project)
    assert {c.get("body") for c in space} == {"body2", "body3"}
    full = CombinationSpace.from_project(demo_project, honour_exclusions=False)
    assert all(number_of(c) == number_of(full[full.index_of(c.ids)]) for c in space)
    assert number_of(full[full.index_of(space[0].ids)]) == full.index_of(space[0].ids) + 1 > 1


def test_under_rules_each_placement_numbers_its_own_space(demo_project):
    for image, label in (("img1", "vertical"), ("img2", "vertical"), ("img3", "square"), ("img4", "square"),
                         ("img5", "square")):
        demo_project.update_asset(image, adlabels=(label,))
    demo_project.set_customization(Customization(rules=STORY_RULES))
    demo_project.exclude("img2", "body3")
    story = space_of(demo_project, placement="story")
    feed = space_of(demo_project, placement="feed-square")
    got = check(demo_project, story, "story")
    assert {ids[0] for ids in got} == {"img1", "img2"} and len(got) == 72 - 12
    assert max(got.values()) == 71  # #72 holds img2 + body3: excluded
    check(demo_project, feed, "feed-square")
    assert number_of(story[0]) == number_of(feed[0]) == 1 and story[0].ids != feed[0].ids


def _sheet_numbers(path) -> set[int]:
    text = " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return {int(n) for n in re.findall(r"#(\d+)\b", text)}


def test_the_sheet_shows_the_same_numbers(demo_project, tmp_path):
    demo_project.exclude("img1", "title1")
    demo_project.pin("cta2")
    result = contact_sheet(demo_project, tmp_path / "sheet.pdf")
    want = set(check(demo_project, space_of(demo_project)).values())
    assert result.combinations == len(want) == 90 - 6
    assert _sheet_numbers(tmp_path / "sheet.pdf") == want


def test_render_names_and_index_show_the_same_numbers(demo_project, tmp_path):
    demo_project.exclude("img1", "title1")
    demo_project.pin("desc2")
    want = check(demo_project, space_of(demo_project))
    result = render_all(demo_project, tmp_path / "out", placements=["feed-square"], size=100, jobs=1)
    index = json.loads((tmp_path / "out" / "index.json").read_text("utf-8"))
    assert len(index["files"]) == len(want) == 90 - 6
    for entry in index["files"]:
        space_ids = tuple(entry["assets"][n] for n in ("media", "title", "body", "description", "cta", "link"))
        number = want[space_ids]
        assert entry["number"] == number == entry["index"] + 1
        assert entry["file"].startswith(f"feed-square/{number:05d}-")
    csv_rows = (tmp_path / "out" / "index.csv").read_text("utf-8").splitlines()
    assert csv_rows[0].endswith(",number")
    assert {int(r.rsplit(",", 1)[1]) for r in csv_rows[1:]} == set(want.values())
    assert {f.index + 1 for f in result.files} == set(want.values())


def test_the_exports_previews_show_the_same_numbers(demo_project, tmp_path):
    demo_project.exclude("img1", "title1")
    demo_project.set_approval("img5", "rejected")
    want = set(check(demo_project, space_of(without_rejected(demo_project)[0])).values())
    assert 180 not in want and 179 in want  # #180 holds img5: left out, a gap
    write_bundle(demo_project, tmp_path / "b", force=True)
    files = sorted((tmp_path / "b" / "previews" / "feed-square").glob("*.jpg"))
    assert {int(f.name.split("-", 1)[0]) for f in files} == want
    assert _sheet_numbers(tmp_path / "b" / "previews" / "contact-sheet.pdf") == want


_OTHER_POOL_PAIRS = [(a, b) for a in ("img1", "img2", "img3", "img4", "img5", "title1", "title2", "title3")
                     for b in ("body1", "body2", "body3", "desc1", "desc2", "cta1", "cta2")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.sampled_from(_OTHER_POOL_PAIRS), max_size=6),
       pins=st.lists(st.sampled_from(["img2", "title3", "body1", "desc2", "cta1"]), max_size=3),
       rejected=st.lists(st.sampled_from(["img4", "title2", "body3"]), max_size=2),
       filter_by=st.sampled_from([None, "img1", "title2", "body2", "cta2"]),
       carousel=st.booleans())
def test_whatever_leaves_combinations_out_the_numbers_stay(demo_project, pairs, pins, rejected, filter_by,
                                                          carousel):
    project = demo_project.snapshot()
    if carousel:
        project.set_project_settings(ad_format="CAROUSEL")
    whole = CombinationSpace.from_project(project, honour_exclusions=False)
    for pair in pairs:
        project.exclude(*pair)
    for asset in pins:
        project.pin(asset)
    for asset in rejected:
        project.set_approval(asset, "rejected")
    shipped = without_rejected(project)[0]
    for space in (space_of(shipped), space_of(project, honour_exclusions=False), space_of(project)):
        if filter_by and space.project.find(filter_by) is not None:
            space = space.containing(filter_by)
        for c in space:
            assert number_of(c) == whole.index_of(c.ids) + 1
