"""The placement and profile tables are each fact's one home: everyone else reads them."""
from __future__ import annotations

import pytest

from dcstudio.core import lint as lint_pkg
from dcstudio.core.lint import checks_assets, checks_meta, checks_platforms
from dcstudio.core.model.project import Project
from dcstudio.core.render import PLACEMENTS
from dcstudio.core.render.manifest import is_preview_path
from dcstudio.core.values import placements, profiles
from dcstudio.core.values.errors import BadInputError


def test_placement_ids_are_the_tables():
    assert PLACEMENTS == placements.placement_ids() == ("feed-square", "feed-portrait", "story", "carousel")
    assert placements.DEFAULT_PLACEMENT in placements.PLACEMENT_TABLE
    with pytest.raises(BadInputError, match="placement 'banner': use one of feed-square"):
        placements.placement("banner")


def test_a_placement_added_to_the_table_is_a_render_folder(monkeypatch):
    assert not is_preview_path("feed-wide/00001-img1.jpg")
    wide = placements.Placement("feed-wide", "Feed 16:9", placements.FEED, (16, 9), 3, 2)
    monkeypatch.setitem(placements.PLACEMENT_TABLE, wide.id, wide)
    assert is_preview_path("feed-wide/00001-img1.jpg")
    from dcstudio.core import render
    assert "feed-wide" in render.PLACEMENTS


def test_one_list_of_profiles():
    assert lint_pkg.ALL_PROFILES is profiles.PROFILES
    with pytest.raises(ValueError, match="profile must be one of meta-dynamic-creative"):
        Project("x", profile="snapchat")


def test_the_lint_rules_read_their_numbers_from_the_profile_table():
    meta, google, tiktok = (profiles.LIMITS[p] for p in profiles.PROFILES)
    assert checks_meta.COUNT_LIMITS == meta.most and checks_meta.TOTAL_LIMIT == meta.total == 30
    assert checks_assets.HARD_TEXT_LIMITS == {"titles": 255, "descriptions": 255, "bodies": 1024}
    assert checks_assets.RECOMMENDED_TEXT_LENGTHS == {"titles": 40, "descriptions": 30, "bodies": 125}
    assert checks_platforms.GOOGLE_TEXTS == {"titles": ("headline", 1, 5, 30),
                                             "descriptions": ("long headline", 1, 1, 90),
                                             "bodies": ("description", 1, 5, 90)}
    assert checks_platforms.GOOGLE_MAX_IMAGES == google.most["images"] == 15
    assert (checks_platforms.TIKTOK_MAX_MEDIA, checks_platforms.TIKTOK_MAX_TEXTS,
            checks_platforms.TIKTOK_MAX_CTAS) == (tiktok.media, 5, 1)
    assert checks_platforms.TIKTOK_TEXT_LATIN == (12, 100)


def test_text_limits_per_profile():
    assert profiles.text_limit(profiles.META, "titles").recommended == 40
    assert profiles.text_limit(profiles.GOOGLE, "titles").hard == 30
    assert profiles.text_limit(profiles.TIKTOK, "titles") is None
    limit = profiles.text_limit(profiles.META, "bodies")
    assert [limit.state(n) for n in (125, 126, 1025)] == ["ok", "long", "over"]
