"""The assets of a dynamic-creative pool, as immutable values.

Assets are frozen dataclasses: an edit replaces the value, so undo keeps the old one and
listeners can compare before and after.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Union

from dcstudio.core.crops import Crop

APPROVAL_STATES = ("draft", "approved", "rejected")


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

    @property
    def display_name(self) -> str:
        return self.label or self.file.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class VideoAsset:
    id: str
    file: str | None = None  # a local file to upload, or
    video_id: str | None = None  # a video already in the ad account
    thumbnail: str | None = None  # relative path of a thumbnail image
    sha256: str | None = None
    label: str = ""
    url_tags: str = ""
    approval: Approval = field(default_factory=Approval)

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

    @property
    def display_name(self) -> str:
        return self.label or self.text


@dataclass(frozen=True)
class CtaAsset:
    id: str
    type: str  # a value of the platform's call-to-action enum, e.g. SHOP_NOW
    label: str = ""
    approval: Approval = field(default_factory=Approval)

    @property
    def display_name(self) -> str:
        from dcstudio.core.meta_enums import cta_label

        return self.label or cta_label(self.type) or self.type


@dataclass(frozen=True)
class LinkAsset:
    id: str
    website_url: str
    display_url: str = ""
    deeplink_url: str = ""
    label: str = ""
    approval: Approval = field(default_factory=Approval)

    @property
    def display_name(self) -> str:
        return self.label or self.display_url or self.website_url


Asset = Union[ImageAsset, VideoAsset, TextAsset, CtaAsset, LinkAsset]

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


def with_changes(asset: Asset, **changes) -> Asset:
    return replace(asset, **changes)
