"""The assets of a dynamic-creative pool, as immutable values.

Assets are frozen dataclasses: an edit replaces the value, so undo keeps the old one and
listeners can compare before and after.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from dcstudio.core.values.crops import Crop

APPROVAL_STATES = ("draft", "approved", "rejected")
OUTSIDE_PROJECT = "is a link to a place outside the project folder, so it is not read"
_DRIVE = re.compile(r"[A-Za-z]:")


def path_problem(relative: str) -> str | None:
    """Why ``relative`` cannot be an asset path, or None. An asset path is relative to the project
    folder, separated by "/" and stays inside: a backslash is refused rather than read, because
    Windows takes it as a separator (``assets/..\\..\\x`` climbs out there, and into a zip entry)."""
    if not isinstance(relative, str) or not relative:
        return "is empty"
    if any(ord(c) < 32 or c == "\x7f" for c in relative):
        return "holds a control character (such as NUL), which no file name can hold"
    if "\\" in relative:
        return 'holds a backslash: folders in an asset path are separated by "/"'
    if relative.startswith("/"):
        return "is an absolute path: asset paths are relative to the project folder"
    if _DRIVE.match(relative):
        return "starts with a drive letter: asset paths are relative to the project folder"
    if ".." in relative.split("/"):
        return 'goes up a folder with "..": asset paths stay inside the project folder'
    return None


def inside_folder(folder: Path, relative: str) -> Path | None:
    """``folder / relative`` when it is inside ``folder`` once every link is followed, else None."""
    path = Path(folder) / relative
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return None
    return path if real.is_relative_to(Path(folder).resolve()) else None


@dataclass(frozen=True)
class Approval:
    state: str = "draft"
    note: str = ""

    def __post_init__(self):
        if self.state not in APPROVAL_STATES:
            raise ValueError(f"approval state must be one of {', '.join(APPROVAL_STATES)}, not {self.state!r}")


@dataclass(frozen=True)
class ImageAsset:
    id: str
    file: str  # relative to the project folder, posix separators
    sha256: str
    width: int  # displayed size: EXIF orientation applied
    height: int
    crop: Crop
    label: str = ""
    url_tags: str = ""
    approval: Approval = field(default_factory=Approval)
    adlabels: tuple[str, ...] = ()  # the names customization rules point at (asset_customization_rules)

    @property
    def display_name(self) -> str:
        return self.label or self.file.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class VideoFacts:
    """What probing a video file found. Sizes are the displayed ones (rotation applied), as an
    image's are after EXIF orientation."""

    width: int
    height: int
    duration: float  # seconds
    fps: float  # average frames per second
    codec: str  # FFmpeg's decoder name: h264, hevc, vp9, av1 ...
    size_bytes: int
    rotation: int = 0  # degrees the display matrix turns the coded picture (0, 90, 180, 270)
    variable_fps: bool = False
    audio: str = ""  # the audio codec, "" for a silent video

    @property
    def ratio(self) -> float:
        return self.width / self.height if self.height else 0.0


@dataclass(frozen=True)
class VideoAsset:
    id: str
    file: str | None = None  # a local file to upload, or
    video_id: str | None = None  # a video already in the ad account
    thumbnail: str | None = None  # relative path of the poster: a JPEG in assets/ (or any image)
    sha256: str | None = None
    label: str = ""
    url_tags: str = ""
    approval: Approval = field(default_factory=Approval)
    adlabels: tuple[str, ...] = ()
    thumbnail_url: str = ""  # the feed's thumbnail for a video in the ad account: Meta needs one
    thumbnail_hash: str = ""
    facts: VideoFacts | None = None  # probed when the file was added; None for a video known by id
    poster_at: float | None = None  # the second of the video the poster was taken from

    @property
    def display_name(self) -> str:
        return self.label or (self.file.rsplit("/", 1)[-1] if self.file else f"video {self.video_id}")


@dataclass(frozen=True)
class TextAsset:
    """A title (headline), body (primary text) or description."""

    id: str
    text: str
    label: str = ""
    url_tags: str = ""
    approval: Approval = field(default_factory=Approval)
    adlabels: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return self.label or self.text


@dataclass(frozen=True)
class CtaAsset:
    id: str
    type: str  # a value of the platform's call-to-action enum, e.g. SHOP_NOW
    label: str = ""
    approval: Approval = field(default_factory=Approval)
    adlabels: tuple[str, ...] = ()
    # The call to action's value as the feed gives it ({"lead_gen_form_id": ...}, {"link": ...}):
    # kept whole, since a lead ad without its form is refused (3390001).
    value: dict = field(default_factory=dict, hash=False)

    @property
    def display_name(self) -> str:
        from dcstudio.core.values.meta_enums import cta_label

        return self.label or cta_label(self.type) or self.type


@dataclass(frozen=True)
class LinkAsset:
    id: str
    website_url: str
    display_url: str = ""
    deeplink_url: str = ""
    label: str = ""
    approval: Approval = field(default_factory=Approval)
    adlabels: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return self.label or self.display_url or self.website_url


Asset = ImageAsset | VideoAsset | TextAsset | CtaAsset | LinkAsset

# Pool name -> (asset class, id prefix). The order is the order of the combination dimensions.
POOLS: dict[str, tuple[type, str]] = {
    "images": (ImageAsset, "img"),
    "videos": (VideoAsset, "vid"),
    "titles": (TextAsset, "title"),
    "bodies": (TextAsset, "body"),
    "descriptions": (TextAsset, "desc"),
    "call_to_actions": (CtaAsset, "cta"),
    "link_urls": (LinkAsset, "link"),
}
TEXT_POOLS = ("titles", "bodies", "descriptions")
# How the studio heads each pool.
POOL_TITLES = {
    "images": "Images", "videos": "Videos", "titles": "Headlines", "bodies": "Primary texts",
    "descriptions": "Descriptions", "call_to_actions": "Calls to action", "link_urls": "Links",
}


def with_changes(asset: Asset, **changes) -> Asset:
    return replace(asset, **changes)
