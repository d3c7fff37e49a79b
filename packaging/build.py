#!/usr/bin/env python3
"""Builds the desktop bundle for the system it runs on, checks it and archives it.

    pip install -e ".[packaging]" && python packaging/build.py

Linux: dist/dcstudio/ and dist/dcstudio-<version>-linux-<arch>.tar.gz (the bundle plus share/ with
the .desktop file, the metainfo and the icons). Windows: dist/dcstudio/ (dcstudio.exe, the window,
and dcstudio-cli.exe, the command line) and a .zip. macOS: dist/dcstudio.app and a .zip.

The build fails when a GPL-only distribution or an unshimmed GPL library is in the bundle, when
THIRD-PARTY-LICENSES is missing, when the bundle's PyAV or numpy no longer does what the studio
asks of it (library_checks.py), or on Linux when the bundle is over 300 MB unpacked. It prints the
time it took, the bundle's size and its largest parts. packaging/check_bundle.py then runs the
built bundle itself on a video project and a catalog project.
"""
from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bundle_rules as rules  # noqa: E402
import library_checks  # noqa: E402

LINUX, WINDOWS, MACOS = sys.platform.startswith("linux"), sys.platform == "win32", sys.platform == "darwin"


def run_pyinstaller(dist: Path, work: Path) -> None:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(HERE / "dcstudio.spec")],
                   check=True, cwd=ROOT)


def internal_dir(bundle: Path) -> Path:
    """Where PyInstaller put the libraries and data (onedir's _internal, or the .app's Frameworks)."""
    for candidate in (bundle / "_internal", bundle / "Contents" / "Frameworks"):
        if candidate.is_dir():
            return candidate
    return bundle


def check_bundle(bundle: Path) -> list[str]:
    problems = []
    inside = internal_dir(bundle)
    if not any(inside.rglob("THIRD-PARTY-LICENSES")) and not any(bundle.rglob("THIRD-PARTY-LICENSES")):
        problems.append("THIRD-PARTY-LICENSES is not in the bundle")
    if not any(bundle.rglob("user-guide.md")) or not any(bundle.rglob("NotoSans-Regular.ttf")):
        problems.append("the docs or the fonts are not in the bundle")
    for lib in rules.gpl_files(bundle):
        if not (LINUX and _is_shim(lib)):
            problems.append(f"a GPL library is in the bundle: {lib.relative_to(bundle)}")
    size = rules.tree_size(bundle)
    print(f"build.py: the bundle is {size / 2**20:.1f} MB unpacked ({bundle}); its parts:")
    for name, part in rules.part_sizes(bundle, inside):
        print(f"build.py: {part / 2**20:8.1f} MB  {name}")
    if LINUX and (too_big := rules.size_problem(size)):
        problems.append(too_big)
    return problems


def _is_shim(lib: Path) -> bool:
    import elf_shims

    return elf_shims.is_shim(lib)


def add_desktop_files(bundle: Path) -> None:
    """share/ as a Linux desktop expects it, for the README's install steps."""
    share = bundle / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    shutil.copy2(HERE / "linux" / f"{rules.APP_ID}.desktop", share / "applications")
    shutil.copy2(HERE / "linux" / f"{rules.APP_ID}.metainfo.xml", share / "metainfo")
    if (share / "icons").exists():
        shutil.rmtree(share / "icons")
    shutil.copytree(HERE / "linux" / "icons", share / "icons")


def archive(bundle: Path, version: str) -> Path:
    arch = platform.machine().lower().replace("amd64", "x86_64")
    system = "linux" if LINUX else "windows" if WINDOWS else "macos"
    stem = f"dcstudio-{version}-{system}-{arch}"
    if LINUX:
        target = bundle.parent / f"{stem}.tar.gz"
        with tarfile.open(target, "w:gz", compresslevel=6) as tar:
            tar.add(bundle, arcname=f"dcstudio-{version}")
        return target
    target = bundle.parent / f"{stem}.zip"
    target.unlink(missing_ok=True)
    if MACOS:  # ditto keeps the .app's symlinks and extended attributes, which zipfile drops
        subprocess.run(["ditto", "-c", "-k", "--keepParent", str(bundle), str(target)], check=True)
        return target
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(bundle.rglob("*")):
            zf.write(path, Path("dcstudio") / path.relative_to(bundle))
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="where the bundle and archive go")
    parser.add_argument("--work", default=str(ROOT / "build" / "pyinstaller"), help="PyInstaller's work folder")
    parser.add_argument("--no-archive", action="store_true", help="build and check the bundle only")
    args = parser.parse_args(argv)
    started = time.monotonic()
    dist, version = Path(args.dist), rules.project_version(ROOT / "pyproject.toml")
    try:
        run_pyinstaller(dist, Path(args.work))
    except subprocess.CalledProcessError:
        print("build.py: PyInstaller failed (its message is above)", file=sys.stderr)
        return 1
    bundle = dist / ("dcstudio.app" if MACOS else "dcstudio")
    if LINUX:
        add_desktop_files(bundle)
    problems = check_bundle(bundle)
    problems += library_checks.check_av(internal_dir(bundle)) + library_checks.check_numpy(internal_dir(bundle))
    built = time.monotonic() - started
    print(f"build.py: bundle built and checked in {built:.0f} s")
    for problem in problems:
        print(f"build.py: {problem}", file=sys.stderr)
    if problems:
        return 1
    if not args.no_archive:
        target = archive(bundle, version)
        print(f"build.py: {target} ({target.stat().st_size / 2**20:.1f} MB) "
              f"in {time.monotonic() - started:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
