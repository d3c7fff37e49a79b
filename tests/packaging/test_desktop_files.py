"""The Linux desktop files and icons agree with each other and with the project (the validators,
desktop-file-validate and appstreamcli, run in .ci/run)."""
from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

from tests.packaging.conftest import load

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"


def test_the_desktop_file_names_the_app_id_icon_and_command(rules):
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(LINUX / f"{rules.APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Icon"] == rules.APP_ID
    assert desktop["Exec"].split()[0] == rules.APP_NAME == desktop["TryExec"]
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"


def test_the_metainfo_matches_the_project(rules):
    component = ET.parse(LINUX / f"{rules.APP_ID}.metainfo.xml").getroot()
    assert component.findtext("id") == rules.APP_ID
    assert component.findtext("launchable") == f"{rules.APP_ID}.desktop"
    assert component.findtext("project_license") == "MIT"
    assert component.find("content_rating").get("type") == "oars-1.1"
    releases = [r.get("version") for r in component.find("releases")]
    assert releases[0] == rules.project_version(ROOT / "pyproject.toml")
    shots = [img.text for img in component.iter("image")]
    assert shots, "the metainfo has no screenshot"
    for url in shots:
        local = ROOT / url.split("/main/", 1)[1]
        assert local.is_file(), f"{url}: no such screenshot in the repository"
        with Image.open(local) as im:
            image = next(i for i in component.iter("image") if i.text == url)
            assert (int(image.get("width")), int(image.get("height"))) == im.size


def test_the_icons_are_the_drawing_at_every_size(rules):
    icon = load("icon")
    svg = icon.ICONS_DIR / "scalable" / "apps" / f"{rules.APP_ID}.svg"
    assert svg.read_text(encoding="utf-8") == icon.svg(), "run packaging/icon.py to rewrite the icons"
    for size in icon.PNG_SIZES:
        with Image.open(icon.ICONS_DIR / f"{size}x{size}" / "apps" / f"{rules.APP_ID}.png") as im:
            assert im.size == (size, size) and im.mode == "RGBA"
            assert im.getpixel((0, 0))[3] < 8 and im.getpixel((size // 2, size // 2))[3] == 255


def test_the_ico_and_icns_carry_the_sizes_windows_and_macos_use(tmp_path):
    icon = load("icon")
    with Image.open(icon.write_ico(tmp_path / "app.ico")) as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(icon.write_icns(tmp_path / "app.icns")) as icns:
        assert icns.size == (1024, 1024) or (512, 512, 2) in icns.info.get("sizes", ())
