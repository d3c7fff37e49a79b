"""The platform profiles and each one's text and count limits, in one table: the linter's rules
and the studio's live counters read the same numbers.

The project's pools are Meta's; the other profiles borrow them (Google takes the titles as
headlines, the descriptions as its long headline, the bodies as descriptions; TikTok takes the
bodies as ad texts). A pool a profile does not send has no limit under it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dcstudio.core.values.placements import PRIMARY_TEXT_CHARS

META = "meta-dynamic-creative"
GOOGLE = "google-responsive-display"
TIKTOK = "tiktok-aco"
PROFILES = (META, GOOGLE, TIKTOK)
DEFAULT_PROFILE = META


@dataclass(frozen=True)
class TextLimit:
    """How long one pool's texts may be under a profile."""

    name: str  # what the platform calls such a text
    recommended: int  # past it people see the text truncated (the hard limit where none is advised)
    hard: int  # past it the platform refuses the text
    shortest: int = 0  # under it the platform refuses the text

    def state(self, length: int) -> str:
        if length > self.hard:
            return "over"
        if length > self.recommended:
            return "long"
        return "ok"

    def describe(self, length: int) -> str:
        state = self.state(length)
        if state == "over":
            return f"{length} characters: over the hard limit of {self.hard}; the platform refuses it"
        if state == "long":
            return (f"{length} characters: longer than the recommended {self.recommended}; "
                    "people see it truncated")
        return f"{length} of {self.recommended} recommended characters (hard limit {self.hard})"


@dataclass(frozen=True)
class ProfileLimits:
    texts: dict[str, TextLimit]  # pool -> its texts' lengths
    most: dict[str, int]  # pool -> the most assets of it the platform takes
    fewest: dict[str, int] = field(default_factory=dict)  # pool -> the fewest it needs
    total: int | None = None  # assets in all, the ad format counting as one (Meta)
    media: int | None = None  # images and videos together (TikTok)


LIMITS: dict[str, ProfileLimits] = {
    # [OPT] "Asset feed spec restrictions"; recommended lengths from third-party copies of the ads guide.
    META: ProfileLimits(
        texts={"titles": TextLimit("headline", 40, 255), "descriptions": TextLimit("description", 30, 255),
               "bodies": TextLimit("primary text", PRIMARY_TEXT_CHARS, 1024)},
        most={"images": 10, "videos": 10, "titles": 5, "bodies": 5, "descriptions": 5, "call_to_actions": 5,
              "link_urls": 5},
        total=30),
    # [GRDA] ResponsiveDisplayAdInfo
    GOOGLE: ProfileLimits(
        texts={"titles": TextLimit("headline", 30, 30), "descriptions": TextLimit("long headline", 90, 90),
               "bodies": TextLimit("description", 90, 90)},
        most={"images": 15, "videos": 5, "titles": 5, "descriptions": 1, "bodies": 5},
        fewest={"titles": 1, "descriptions": 1, "bodies": 1}),
    # [TIKTOK] older help articles, UNCONFIRMED for today (the lint rules are warnings); texts in
    # Asian scripts take 6-50 characters (checks_platforms.py).
    TIKTOK: ProfileLimits(
        texts={"bodies": TextLimit("ad text", 100, 100, shortest=12)},
        most={"bodies": 5, "call_to_actions": 1},
        media=10),
}


def limits_for(profile: str) -> ProfileLimits:
    """The limits of a profile; Meta's for one this version does not know."""
    return LIMITS.get(profile, LIMITS[DEFAULT_PROFILE])


def text_limit(profile: str, pool: str) -> TextLimit | None:
    """The length limit of a pool's texts under a profile; None when the profile does not send them."""
    return limits_for(profile).texts.get(pool)
