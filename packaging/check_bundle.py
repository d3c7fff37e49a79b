#!/usr/bin/env python3
"""Runs the built bundle's own `dcstudio` on the parts a pruned bundle could break: a project with
videos (PyAV: probe and poster of H.264, HEVC, VP9 and AV1 clips), a catalog project (DuckDB:
`catalog import`; Babel: `catalog preview-text` in several locales, compared with the prices the
build machine's full Babel gives) and, with --screenshot, the video project in the window.

    python packaging/check_bundle.py [--bundle dist/dcstudio] [--screenshot FILE]

.ci/run calls it after packaging/build.py, with --screenshot under Xvfb. Exits 1 naming what failed.
The clips are made with the build machine's PyAV (library_checks.make_clips), whose encoders the
bundle leaves out.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import library_checks  # noqa: E402

FEED = ("id,title,description,price,link,brand,image_link,availability,condition\n"
        "A1,organic banana,Ripe,1234.50 EUR,https://shop.test/a1,acme,https://shop.test/a1.jpg,in stock,new\n"
        "B2,green tea,Loose leaf,1500 JPY,https://shop.test/b2,leafy,https://shop.test/b2.jpg,in stock,new\n")
LOCALES = ("de_DE", "de_CH", "es_LA", "ar_AR", "ja_JP", "en_US")


class Failed(Exception):
    pass


def run(bundle: Path, *args: str, env: dict, timeout: float = 300) -> str:
    done = subprocess.run([str(bundle / "dcstudio"), *args], capture_output=True, text=True, env=env,
                          timeout=timeout)
    if done.returncode != 0:
        raise Failed(f"dcstudio {' '.join(args)} exited {done.returncode}: "
                     f"{(done.stderr or done.stdout).strip()[-800:]}")
    return done.stdout


def check_video_project(bundle: Path, tmp: Path, env: dict) -> Path:
    clips = library_checks.make_clips(tmp)
    folder = tmp / "video"
    args = ["new", str(folder), "--ad-format", "SINGLE_VIDEO", "--title", "Hello", "--body", "A video",
            "--link", "https://shop.test/"]
    for path, _ in clips:
        args += ["--video", str(path)]
    run(bundle, *args, env=env)
    project = json.loads((folder / "dcstudio.json").read_text(encoding="utf-8"))
    videos = project["assets"]["videos"]
    found = json.dumps(videos)
    for path, (codec, _) in clips:
        plain = codec.removeprefix("lib").replace("dav1d", "av1")
        if plain not in found:
            raise Failed(f"the bundle's project does not record {path.name} as {plain}: {found[:600]}")
    posters = [p for p in folder.rglob("*") if p.is_file() and "poster" in p.name.lower()]
    if len(videos) != len(clips):
        raise Failed(f"{len(clips)} videos given, the project holds {len(videos)}")
    info = run(bundle, "info", str(folder), "--json", env=env)
    print(f"check_bundle: the bundle imported {len(videos)} videos "
          f"({', '.join(p.name for p, _ in clips)}; {len(posters)} poster files); info: {len(info)} bytes")
    return folder


def expected_prices(locale: str) -> list[str]:
    from dcstudio.core.catalog.prices import format_price

    return [format_price(Decimal("1234.50"), "EUR", locale), format_price(Decimal("1500"), "JPY", locale)]


def check_catalog_project(bundle: Path, tmp: Path, env: dict) -> None:
    folder = tmp / "shop"
    run(bundle, "new", str(folder), env=env)
    (tmp / "feed.csv").write_text(FEED, encoding="utf-8")
    print("check_bundle: " + run(bundle, "catalog", "import", str(folder), str(tmp / "feed.csv"), env=env).strip())
    if not list((folder / "catalog").glob("products-*.duckdb")):
        raise Failed("catalog import made no catalog/products-<key>.duckdb")
    run(bundle, "catalog", "template", str(folder), "--message", "{{product.name | titleize}}",
        "--description", "{{product.price}}", env=env)
    for locale in LOCALES:
        got = []
        for product in ("A1", "B2"):
            out = run(bundle, "catalog", "preview-text", str(folder), "--product", product, "--locale", locale, env=env)
            got += [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("description: ")]
        if got != expected_prices(locale):
            raise Failed(f"catalog preview-text --locale {locale}: the bundle says {got}, "
                         f"the full Babel {expected_prices(locale)}")
        print(f"check_bundle: prices in {locale}: {' / '.join(got)}")
    done = subprocess.run([str(bundle / "dcstudio"), "catalog", "preview-text", str(folder), "--locale", "haw_US"],
                          capture_output=True, text=True, env=env, timeout=120)
    if done.returncode != 2 or "unknown locale 'haw_US'" not in done.stderr:
        raise Failed(f"a locale of no Meta language: exit {done.returncode}, {done.stderr.strip()[-300:]}")


def check_screenshot(bundle: Path, project: Path, shot: Path, env: dict) -> None:
    from PIL import Image

    run(bundle, "--screenshot", str(shot), str(project), env=env)
    im = Image.open(shot)
    colours = len(im.convert("L").resize((64, 36)).getcolors(4096))
    if im.width < 900 or im.height < 500 or colours <= 8:
        raise Failed(f"the screenshot of the video project looks empty: {im.size}, {colours} greys")
    print(f"check_bundle: the bundle drew the video project's window, {im.size} ({shot})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", default=str(ROOT / "dist" / "dcstudio"), help="the built bundle's folder")
    parser.add_argument("--screenshot", metavar="FILE", help="also open the video project in the window")
    args = parser.parse_args(argv)
    bundle = Path(args.bundle)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # A home of its own: the bundle reads and writes no one's settings, autosaves or caches.
        env = dict(os.environ, HOME=str(tmp), XDG_CONFIG_HOME=str(tmp / "config"),
                   XDG_STATE_HOME=str(tmp / "state"), XDG_CACHE_HOME=str(tmp / "cache"))
        try:
            project = check_video_project(bundle, tmp, env)
            check_catalog_project(bundle, tmp, env)
            if args.screenshot:
                check_screenshot(bundle, project, Path(args.screenshot), env)
        except (Failed, subprocess.TimeoutExpired) as problem:
            print(f"check_bundle: {problem}", file=sys.stderr)
            return 1
    print("check_bundle: the bundle's PyAV, DuckDB and Babel work")
    return 0


if __name__ == "__main__":
    sys.exit(main())
