#!/usr/bin/env python3
"""Draws the demo project's product images and writes resources/demo (run from the repo root).

The images are drawn here, not downloaded, so the demo carries no third-party rights.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _backdrop(size, top, bottom):
    w, h = size
    im = Image.new("RGB", size, top)
    d = ImageDraw.Draw(im)
    for y in range(h):
        t = y / max(1, h - 1)
        d.line([(0, y), (w, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=False)))
    return im


def _shadow(im, box, radius=40):
    layer = Image.new("L", im.size, 0)
    ImageDraw.Draw(layer).ellipse(box, fill=110)
    layer = layer.filter(ImageFilter.GaussianBlur(radius))
    im.paste((0, 0, 0), (0, 0), layer)


def sneaker(size=(1080, 1080)):
    im = _backdrop(size, (255, 183, 77), (245, 124, 0))
    _shadow(im, (200, 760, 900, 840))
    d = ImageDraw.Draw(im)
    d.polygon([(190, 740), (230, 560), (420, 520), (560, 600), (760, 640), (900, 700), (900, 770), (190, 770)],
              fill=(250, 250, 250), outline=(40, 40, 40), width=6)
    d.polygon([(190, 740), (900, 740), (900, 790), (190, 790)], fill=(55, 71, 79))
    d.polygon([(420, 520), (560, 600), (520, 660), (400, 600)], fill=(3, 169, 244))
    for i in range(5):
        d.line([(450 + i * 35, 560 + i * 12), (480 + i * 35, 600 + i * 12)], fill=(40, 40, 40), width=6)
    d.arc((230, 540, 430, 700), 200, 330, fill=(3, 169, 244), width=14)
    return im


def mug(size=(1080, 1080)):
    im = _backdrop(size, (128, 203, 196), (0, 121, 107))
    _shadow(im, (300, 800, 780, 870))
    d = ImageDraw.Draw(im)
    d.ellipse((640, 420, 860, 700), outline=(236, 239, 241), width=44)
    d.rounded_rectangle((300, 330, 700, 830), 60, fill=(236, 239, 241))
    d.ellipse((300, 300, 700, 370), fill=(207, 216, 220))
    d.ellipse((320, 310, 680, 360), fill=(93, 64, 55))
    d.rounded_rectangle((360, 520, 640, 640), 20, fill=(0, 150, 136))
    for i in range(3):
        x = 420 + i * 80
        d.arc((x, 180, x + 60, 300), 90, 270, fill=(255, 255, 255), width=8)
    return im


def backpack(size=(1080, 1080)):
    im = _backdrop(size, (255, 241, 118), (251, 192, 45))
    _shadow(im, (300, 860, 780, 930))
    d = ImageDraw.Draw(im)
    d.arc((430, 150, 650, 330), 180, 360, fill=(121, 85, 72), width=26)
    d.rounded_rectangle((320, 240, 760, 900), 110, fill=(121, 85, 72))
    d.rounded_rectangle((380, 560, 700, 860), 50, fill=(141, 110, 99))
    d.line([(380, 610), (700, 610)], fill=(62, 39, 35), width=8)
    d.rounded_rectangle((520, 620, 560, 680), 8, fill=(255, 213, 79))
    d.rectangle((300, 420, 330, 720), fill=(93, 64, 55))
    d.rectangle((750, 420, 780, 720), fill=(93, 64, 55))
    return im


def watch(size=(1200, 1500)):
    im = _backdrop(size, (63, 81, 181), (26, 35, 126))
    w, h = size
    cx, cy = w // 2, h // 2
    _shadow(im, (cx - 260, cy + 330, cx + 260, cy + 400))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((cx - 110, cy - 620, cx + 110, cy + 620), 40, fill=(33, 33, 33))
    d.rounded_rectangle((cx - 230, cy - 270, cx + 230, cy + 270), 90, fill=(66, 66, 66))
    d.rounded_rectangle((cx - 200, cy - 240, cx + 200, cy + 240), 70, fill=(10, 10, 10))
    d.arc((cx - 140, cy - 140, cx + 140, cy + 140), -90, 160, fill=(76, 175, 80), width=22)
    d.arc((cx - 100, cy - 100, cx + 100, cy + 100), -90, 60, fill=(244, 67, 54), width=22)
    d.rectangle((cx + 230, cy - 60, cx + 260, cy + 20), fill=(97, 97, 97))
    return im


def headphones(size=(1080, 1080)):
    im = _backdrop(size, (248, 187, 208), (216, 27, 96))
    _shadow(im, (260, 830, 820, 900))
    d = ImageDraw.Draw(im)
    d.arc((250, 170, 830, 750), 180, 360, fill=(38, 50, 56), width=50)
    d.line([(275, 460), (275, 560)], fill=(38, 50, 56), width=50)
    d.line([(805, 460), (805, 560)], fill=(38, 50, 56), width=50)
    for x in (190, 700):
        d.rounded_rectangle((x, 520, x + 190, 820), 70, fill=(236, 64, 122))
        d.rounded_rectangle((x + 30, 550, x + 160, 790), 50, fill=(38, 50, 56))
    for i in range(3):
        r = 60 + i * 45
        d.arc((540 - r, 600 - r, 540 + r, 600 + r), -40, 40, fill=(255, 255, 255), width=6)
    return im


PRODUCTS = [
    ("trail-sneaker.jpg", "Trail sneaker", sneaker),
    ("ceramic-mug.jpg", "Ceramic mug", mug),
    ("canvas-backpack.jpg", "Canvas backpack", backpack),
    ("smart-watch.jpg", "Smart watch", watch),
    ("wireless-headphones.jpg", "Wireless headphones", headphones),
]


def main(out: Path = ROOT / "resources" / "demo") -> None:
    import shutil
    import tempfile
    from decimal import Decimal

    from dcstudio.core.model.assets import CtaAsset, LinkAsset, TextAsset
    from dcstudio.core.model.campaign import Budget, CampaignSettings
    from dcstudio.core.model.project import ExportSettings, Project
    from dcstudio.core.model.project_folder import import_image, save_project
    from dcstudio.core.values.meta_enums import ENHANCEMENT_FEATURES

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    enhancements = {f: "OPT_OUT" for f in ENHANCEMENT_FEATURES}
    enhancements.update(adapt_to_placement="OPT_IN", image_brightness_and_contrast="OPT_IN")
    project = Project("Spring Essentials", folder=out, enhancements=enhancements, campaign=CampaignSettings(
        objective="OUTCOME_SALES", optimization_goal="OFFSITE_CONVERSIONS", billing_event="IMPRESSIONS",
        budget=Budget("daily", Decimal("40.00"), "USD"),
        start_time="2026-12-01T09:00:00+0000", end_time="2026-12-21T09:00:00+0000",
        targeting={"geo_locations": {"countries": ["US", "CA"]}, "age_min": 18, "age_max": 65},
        promoted_object={"pixel_id": "1122334455667788", "custom_event_type": "PURCHASE"},
        page_id="104857600012345"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, label, draw in PRODUCTS:
            src = Path(tmp) / name
            draw().save(src, "JPEG", quality=88, optimize=True, progressive=True)
            project.add_asset("images", import_image(project, src, label=label))
    for text in ("Gear up for spring", "New season, new favourites", "Made to go further"):
        project.add_asset("titles", TextAsset("", text))
    for text in (
        "Fresh picks for every day outdoors. Free shipping on orders over $50 🌿",
        "Our spring collection is here: light, tough and built to last. Find your new favourite today.",
        "Designed in small batches, tested on real trails. Free returns within 30 days.",
    ):
        project.add_asset("bodies", TextAsset("", text))
    for text in ("Free shipping over $50", "Free 30-day returns"):
        project.add_asset("descriptions", TextAsset("", text))
    for cta in ("SHOP_NOW", "LEARN_MORE"):
        project.add_asset("call_to_actions", CtaAsset("", cta))
    project.add_asset("link_urls", LinkAsset("", "https://shop.example.com/spring", "shop.example.com"))
    # Export templates: names that sort by date, and url_tags that tell analytics which image and
    # headline a click came from (Meta appends each shown asset's url_tags to the link).
    project.set_export_settings(ExportSettings(
        naming_template="{project}-{objective}-{date}",
        url_tags_template="utm_source=meta&utm_medium=paid&utm_campaign={project}&utm_content={image}&utm_term={title}"))
    save_project(project)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
