"""Builders shared by the renderer tests: small deterministic pictures and projects (no tests here)."""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from dcstudio.core.model.assets import CtaAsset, ImageAsset, LinkAsset, TextAsset
from dcstudio.core.model.images import sha256_file
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import import_image
from dcstudio.core.values.crops import Crop

RED, GREEN, BLUE = (220, 30, 30), (30, 180, 60), (30, 60, 220)


def striped(path: Path, size=(300, 200), fmt="PNG") -> Path:
    """Left sixth red, right sixth blue, the rest green: a centred square crop is all green."""
    w, h = size
    im = Image.new("RGB", size, GREEN)
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, w // 6 - 1, h), fill=RED)
    draw.rectangle((w - w // 6, 0, w, h), fill=BLUE)
    im.save(path, fmt)
    return path


def picture(path: Path, color, size=(240, 240), mark=True) -> Path:
    """A plain picture with a white disc, so tiles are not flat."""
    im = Image.new("RGB", size, color)
    if mark:
        w, h = size
        ImageDraw.Draw(im).ellipse((w * 0.3, h * 0.3, w * 0.7, h * 0.7), fill=(250, 250, 250))
    im.save(path)
    return path


def make_project(folder: Path, images: list[Path], *, titles=("Gear up for spring",),
                 bodies=("Fresh picks for every day outdoors \U0001F33F",), descriptions=("Free shipping",),
                 ctas=("SHOP_NOW",), link="https://www.shop.example.com/spring", ad_format="SINGLE_IMAGE",
                 name="Spring Essentials") -> Project:
    folder.mkdir(parents=True, exist_ok=True)
    project = Project(name, folder=folder, ad_format=ad_format)
    for image in images:
        project.add_asset("images", import_image(project, image))
    for pool, texts in (("titles", titles), ("bodies", bodies), ("descriptions", descriptions)):
        for text in texts:
            project.add_asset(pool, TextAsset("", text))
    for cta in ctas:
        project.add_asset("call_to_actions", CtaAsset("", cta))
    if link:
        project.add_asset("link_urls", LinkAsset("", link))
    return project


def add_unchecked_image(project: Project, path: Path, width=200, height=200) -> ImageAsset:
    """Adds a file as an image asset without the import checks (as a hand-edited project would)."""
    rel = path.relative_to(project.folder).as_posix()
    asset = ImageAsset("", rel, sha256_file(path), width, height, Crop.centered(width, height))
    return project.add_asset("images", asset)


def colour_at(im: Image.Image, xy) -> tuple:
    return im.convert("RGB").getpixel(xy)


def close(a, b, tol=24) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=False))
