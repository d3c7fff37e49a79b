"""A toy AdSpace: a list of hand-made AdContents over a folder of pictures (no project, no pools).

It stands for the product space of a later issue (a catalog-ad template x catalog rows): the
tests hand it to the grid, the tile loader, the batch render and the contact sheet to show that
they need nothing of a CombinationSpace. Module-level classes, so worker processes can unpickle it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from dcstudio.core.model.ad_content import AdContent
from dcstudio.core.model.assets import ImageAsset
from dcstudio.core.model.images import sha256_file
from dcstudio.core.values.crops import Crop


@dataclass(frozen=True)
class ListItem:
    index: int
    name: str
    ids: tuple[str, ...]

    def slug(self) -> str:
        return self.name

    def asset_ids(self) -> tuple[str, ...]:
        return self.ids

    def as_dict(self) -> dict:
        return {"row": self.name, "media": list(self.ids)}


@dataclass(frozen=True)
class FolderSources:
    folder: Path
    file_problems: dict = field(default_factory=dict)

    def resolve(self, relative: str) -> Path:
        return self.folder / relative


class ListSpace:
    def __init__(self, name: str, ads: list[tuple[str, AdContent]], sources: FolderSources,
                 indexes: list[int] | None = None):
        self.name, self.sources, self._ads = name, sources, ads
        self._indexes = list(range(len(ads))) if indexes is None else indexes

    def __len__(self) -> int:
        return len(self._indexes)

    def __getitem__(self, index: int) -> ListItem:
        k = self._indexes[index]
        slug, content = self._ads[k]
        return ListItem(k, slug, tuple(m.id for m in content.media))

    def containing(self, asset_id: str) -> ListSpace:
        return ListSpace(self.name, self._ads, self.sources,
                         [k for k in self._indexes if asset_id in (m.id for m in self._ads[k][1].media)])

    def invalidated_by(self, asset_id: str) -> tuple[str, ...]:
        return (asset_id,)

    def content(self, item: ListItem, placement: str) -> AdContent:
        return self._ads[item.index][1]

    def tile_ids(self, item: ListItem, placement: str) -> tuple[str, ...]:
        return item.ids + (f"row:{item.name}",)

    def file_slug(self, item: ListItem) -> str:
        return item.name

    def caption(self, item: ListItem) -> tuple[str, str]:
        return f"#{item.index + 1}  {item.name}", ", ".join(item.ids)

    def name_of(self, asset_id: str) -> str:
        return asset_id.upper()


def picture(folder: Path, asset_id: str, colour, size=(240, 180)) -> ImageAsset:
    path = folder / f"{asset_id}.png"
    Image.new("RGB", size, colour).save(path)
    return ImageAsset(asset_id, path.name, sha256_file(path), size[0], size[1], Crop.centered(*size))


def toy_space(folder: Path) -> ListSpace:
    """Three products: a red mug, a green lamp, a blue chair (with the red mug as a second card)."""
    folder.mkdir(parents=True, exist_ok=True)
    red, green, blue = (picture(folder, "pic1", (200, 30, 30)), picture(folder, "pic2", (30, 180, 60)),
                        picture(folder, "pic3", (30, 60, 220)))

    def ad(title, media, price):
        return AdContent(page_name="Toy Shop", media=media, title=title, body=f"Only {price} this week",
                         description=price, cta="Shop now", display_url="toy.example.com")

    ads = [("red-mug", ad("Red mug", (red,), "9 EUR")), ("green-lamp", ad("Green lamp", (green,), "29 EUR")),
           ("blue-chair", ad("Blue chair", (blue, red), "99 EUR"))]
    return ListSpace("Toy Shop", ads, FolderSources(folder))
