"""Every preview placement and its facts, in one table: the renderer, the contact sheet, the
export's previews, the grid and the large preview all read it.

A new placement is one row here (plus a drawing function in render/mockups.py when its layout
is new); nothing else names placements, and the studio's windows never do.
"""
from __future__ import annotations

from dataclasses import dataclass

from dcstudio.core.values.errors import BadInputError

# The feed shows about this many characters of primary text, then "... See more" (third-party
# copies of Meta's ads guide; the reference's "Feed shows primary text up to about 125 chars").
PRIMARY_TEXT_CHARS = 125

# Layout kinds: which drawing function of render/mockups.py paints a placement.
FEED, FULLSCREEN, CARDS = "feed", "fullscreen", "cards"


@dataclass(frozen=True)
class Placement:
    id: str  # folder names of a render, the CLI's --placement, the project's saved choice
    title: str  # what the studio shows in its menus
    layout: str  # FEED, FULLSCREEN or CARDS
    media_ratio: tuple[int, int]  # width:height of the media
    primary_text_lines: int  # lines of primary text before "... See more"
    sheet_columns: int  # tiles per row on a contact sheet
    # The render size is the display width divided by this: a carousel is drawn per card, two
    # cards to a tile's width.
    card_divisor: float = 1  # a tile's width over its render size (a carousel's frame shows ~1.3 cards)
    tile_aspect: float = 1.0  # height/width a grid assumes for a tile until the first one is drawn
    # (top, bottom) shares of the height the platform's own overlay covers; None: no safe zones.
    safe_zones: tuple[float, float] | None = None
    # Ad formats whose exported previews show this placement (the others show DEFAULT_PLACEMENT).
    export_for: tuple[str, ...] = ()
    # Where Meta shows this placement: (customization_spec position key, position) pairs, each
    # key's publisher platform as meta_positions.POSITION_KEYS names it. Customization rules
    # are matched against these (model/rule_selection.py).
    meta_positions: tuple[tuple[str, str], ...] = ()

    @property
    def shows_whole_picture(self) -> bool:
        """True when the platform ignores the image's crop here (Facebook Stories do): the whole
        picture is fitted into the frame (render/mockups.py draws it so)."""
        return self.layout == FULLSCREEN

    @property
    def shows_cards(self) -> bool:
        """True when the ad is seen as a strip of cards (the image pool fills a single-media ad's)."""
        return self.layout == CARDS


_FEEDS = (("facebook_positions", "feed"), ("instagram_positions", "stream"))
PLACEMENT_TABLE: dict[str, Placement] = {p.id: p for p in (
    Placement("feed-square", "Feed 1:1", FEED, (1, 1), 3, 3, tile_aspect=1.55, meta_positions=_FEEDS),
    Placement("feed-portrait", "Feed 4:5", FEED, (4, 5), 3, 3, tile_aspect=1.8, meta_positions=_FEEDS),
    # Meta's guidance for 9:16 stories and reels: keep text and logos out of the top 14% and the
    # bottom 20%, where the profile bar and the call to action sit.
    Placement("story", "Story 9:16", FULLSCREEN, (9, 16), 2, 4, tile_aspect=16 / 9, safe_zones=(0.14, 0.20),
              meta_positions=(("facebook_positions", "story"), ("instagram_positions", "story"),
                              ("instagram_positions", "reels"))),
    Placement("carousel", "Carousel", CARDS, (1, 1), 2, 1, card_divisor=1.37, tile_aspect=1.45,
              export_for=("CAROUSEL",), meta_positions=_FEEDS),
)}
DEFAULT_PLACEMENT = "feed-square"


def placement_ids() -> tuple[str, ...]:
    return tuple(PLACEMENT_TABLE)


def all_placements() -> tuple[Placement, ...]:
    return tuple(PLACEMENT_TABLE.values())


def placement(placement_id: str) -> Placement:
    """The placement of that id; BadInputError naming the choices for any other."""
    found = PLACEMENT_TABLE.get(placement_id) if isinstance(placement_id, str) else None
    if found is None:
        raise BadInputError(f"placement {placement_id!r}: use one of {', '.join(PLACEMENT_TABLE)}")
    return found


def export_placement(ad_format: str) -> Placement:
    """The placement an export's previews show for an ad format."""
    for p in PLACEMENT_TABLE.values():
        if ad_format in p.export_for:
            return p
    return PLACEMENT_TABLE[DEFAULT_PLACEMENT]


def see_more_cut(text: str, lines: int, chars: int = PRIMARY_TEXT_CHARS) -> int | None:
    """Where "... See more" cuts ``text`` in a placement that shows ``lines`` lines: the index of
    the first character hidden, or None when all of it shows. The cut is at ``chars``
    characters or after the ``lines``-th line break, whichever comes first (the renderer's
    bounds; a line that wraps on a narrow screen can make it come earlier still)."""
    text = text.replace("\r\n", "\n").strip()
    cut = chars if len(text) > chars else None
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    if len(breaks) >= lines and (cut is None or breaks[lines - 1] < cut):
        cut = breaks[lines - 1]
    return cut
