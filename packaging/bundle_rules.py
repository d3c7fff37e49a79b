"""What goes into the desktop bundle and what may not: the Qt modules, the GPL libraries left out,
the licences file and the size budget. Plain functions, so the rules are unit-tested without a build
(tests/packaging/); dcstudio.spec and build.py apply them.

This folder is not a package (its name would hide PyPI's ``packaging``): the spec and the tests load
this file by path.
"""
from __future__ import annotations

import importlib.metadata as metadata
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

APP_ID = "io.github.dcstudio.DcStudio"  # reverse-DNS: the .desktop, metainfo, icon and macOS bundle id
APP_NAME = "dcstudio"

# The only Qt modules the studio imports (tests/packaging checks this against dcstudio/'s imports);
# every other PySide6 module is excluded by name, so no hook pulls in QtQml, QtWebEngine and kin.
QT_MODULES = ("QtCore", "QtGui", "QtWidgets")
# Never imported by the studio; the standard library's GUI and test kits would add megabytes. Nor
# is Pillow's AVIF codec (5 MB with its libavif): the studio takes JPEG, PNG, GIF, WebP, BMP and
# TIFF images (dcstudio/core/model/images.py SUPPORTED_FORMATS), and Pillow's AVIF plugin reads
# as unsupported without it.
OTHER_EXCLUDES = ("tkinter", "_tkinter", "unittest", "pydoc_data", "lib2to3", "idlelib", "test", "PIL._avif")

# Shared libraries under a GPL (not LGPL) that wheels vendor: FFmpeg's optional encoders as
# PyAV's wheels ship them (av.libs/libx264-<hash>.so.165, libx265-...), and their kin. Matched
# on the file name, whatever version and hash auditwheel, delocate or delvewheel put in it.
GPL_LIBRARY = re.compile(
    r"^(lib)?(x264|x265|xvidcore|postproc|rubberband|vidstab|fdk-aac|davs2|xavs2?)"
    r"([.-][0-9a-z]+)*\.(so(\.[0-9]+)*|dylib|dll)$",
    re.IGNORECASE,
)

# Issue 20: the build fails above 300 MB unpacked on Linux. What keeps it under (377 MB before):
# Babel's data pruned to the prices' needs (babel_data.py), the unused libraries below shimmed, the
# Qt plugins below left out, and the binaries stripped (dcstudio.spec).
LINUX_SIZE_LIMIT = 300 * 2**20

# Libraries that a library the studio uses links (DT_NEEDED) but that it never calls into: each is
# replaced on Linux by a shim of ours whose every function aborts with a message naming it
# (elf_shims.py), and what only it linked goes too. Matched on the bundle path, whatever the hash.
# - numpy's OpenBLAS (and, through it, libgfortran): the insights draw and summarise samples
#   (random, quantile, argmax), which never reach BLAS or LAPACK; library_checks.py runs them.
# - PyAV's FFmpeg: the encoders (SVT-AV1, LAME, opencore-AMR, libwebp), TLS for network streams
#   (GnuTLS and its nettle, gmp, libunistring), ALSA capture and Intel's oneVPL. The studio only
#   decodes local files, with FFmpeg's own h264, hevc, vp9, aac and opus decoders and dav1d for AV1
#   (kept); library_checks.py decodes each of those with the bundle's libraries. libvpx stays:
#   libavcodec asks it for its VP9 encoder's capabilities as it loads.
# - Pillow's libxcb (and its libXau): only ImageGrab's X11 screen grab calls it, which the studio
#   never does.
UNUSED_LIBRARY = re.compile(
    r"(^|/)(numpy\.libs/libscipy_openblas\w*|pillow\.libs/libxcb"
    r"|av\.libs/lib(SvtAv1Enc|mp3lame|opencore-amr(nb|wb)|webp|webpmux|gnutls|asound|vpl))"
    r"[-.][^/]*\.so[^/]*$"
)

# Distributions whose licence reads as GPL but that may ship in a proprietary or MIT program,
# each with the reason. PyInstaller's bootloader and run-time modules carry its exception.
GPL_EXCEPTIONS = {
    "pyinstaller": "GPL-2.0-or-later with PyInstaller's bootloader exception: a program it builds "
                   "may carry the bootloader under any licence",
}


def is_gpl_library(file_name: str) -> bool:
    return bool(GPL_LIBRARY.match(Path(file_name).name))


def is_unused_library(bundle_path: str) -> bool:
    return bool(UNUSED_LIBRARY.search(bundle_path.replace("\\", "/")))


# The functions of an unused library that something calls all the same, as it loads: numpy's
# import checks its BLAS with float32 ones(2).dot(ones(2)) (numpy/__init__.py _sanity_check). They
# get a plain implementation in the shim (reference BLAS semantics, ILP64 integers as numpy's
# scipy-openblas64 takes them); every other function of the library still aborts.
_DOT = """
{real} scipy_cblas_{p}dot64_(long n, const {real} *x, long incx, const {real} *y, long incy) {{
    {real} sum = 0;
    long ix = incx < 0 ? (1 - n) * incx : 0, iy = incy < 0 ? (1 - n) * incy : 0;
    for (long i = 0; i < n; i++, ix += incx, iy += incy) sum += x[ix] * y[iy];
    return sum;
}}
"""
SHIM_BODIES = {f"scipy_cblas_{p}dot64_": _DOT.format(real=real, p=p) for p, real in (("s", "float"), ("d", "double"))}


def excluded_qt_modules(installed: Iterable[str]) -> list[str]:
    """``PySide6.<name>`` for every installed Qt module the studio does not import."""
    return sorted(f"PySide6.{name}" for name in set(installed) - set(QT_MODULES) if name.startswith("Qt"))


def is_qt_translation(bundle_path: str) -> bool:
    return "/translations/" in bundle_path.replace("\\", "/") and bundle_path.startswith("PySide6")


def installed_qt_modules(pyside_dir: Path) -> list[str]:
    """The Qt modules of a PySide6 installation, from its extension files (QtCore.abi3.so,
    QtCore.pyd, QtCore.cpython-311-darwin.so)."""
    names = {p.name.split(".")[0] for p in pyside_dir.iterdir() if p.suffix in (".so", ".pyd")}
    return sorted(n for n in names if n.startswith("Qt"))


# Qt plugins left out of the Linux bundle. The GTK 3 platform theme links the host's GTK stack
# (GTK itself is never bundled, but atk, cairo, pango, gdk-pixbuf, gio would be, from the build
# machine): mixed with the user's own GTK it can crash at start. Without it Qt uses its
# xdg-desktop-portal theme, whose file dialogs are the desktop's own.
# The platforms for a desktop without X11 or Wayland (eglfs and its device integrations, linuxfb,
# vkkhrdisplay, VNC) and their input plugins (evdev, TUIO) go too: the studio is a desktop app on
# xcb or wayland (offscreen and minimal stay for headless runs). So do the image formats nothing
# reads: the studio decodes images with Pillow, Qt only draws them (icns, tga, wbmp).
LEFT_OUT_PLUGINS = re.compile(
    r"(^|/)plugins/("
    r"platformthemes/libqgtk3\.so"
    r"|platforms/libq(eglfs|linuxfb|minimalegl|vkkhrdisplay|vnc)\.so"
    r"|egldeviceintegrations/[^/]+\.so"
    r"|generic/[^/]+\.so"
    r"|imageformats/libq(icns|tga|wbmp)\.so"
    r")$"
)


def is_left_out_plugin(bundle_path: str) -> bool:
    return bool(LEFT_OUT_PLUGINS.search(bundle_path.replace("\\", "/")))


def only_linked(path: str) -> bool:
    """A wheel's library (by its bundle or source path) that only the dynamic linker loads, as
    another one's DT_NEEDED: auditwheel's vendored folders (av.libs/, numpy.libs/) and Qt's own
    lib/. Not a Python extension module nor a Qt plugin, which are loaded by name, so never dropped
    for want of a library that links them."""
    return bool(re.search(r"(^|/)([^/]+\.libs|PySide6/Qt/lib)/[^/]+$", str(path).replace("\\", "/")))


def only_needed_by(dropped: Iterable[str], needed: dict[str, set[str]], host: Iterable[str]) -> set[str]:
    """The libraries in ``host`` (bundle paths that nothing loads but the dynamic linker: copied
    from the build machine, or ``only_linked``) that only the dropped ones need, directly or through
    each other. ``needed`` maps each bundle path to the sonames it links (DT_NEEDED); a library is
    found by its file name, so PyInstaller's top-level symlink to ``av.libs/libfoo.so`` goes with
    it. A dropped library may be a shimmed one that others still link: what only the original
    linked goes all the same. A library anything else still needs stays."""
    links: dict[str, set[str]] = {}
    for path, sonames in needed.items():
        links.setdefault(Path(path).name, set()).update(sonames)

    def closure(starts: Iterable[str], avoid: set[str] = frozenset()) -> set[str]:
        seen, stack = set(), list(starts)
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            stack += [n for n in links.get(name, ()) if n in links and n not in avoid]
        return seen

    dropped_names = {Path(p).name for p in dropped}
    candidates = (closure(dropped_names) - dropped_names) & {Path(p).name for p in host}
    # What links a dropped library still loads (its shim, in the bundle), but not what the
    # original linked: the walk stops there.
    kept = closure(set(links) - candidates - dropped_names, avoid=dropped_names)
    return {path for path in needed if Path(path).name in candidates - kept}


# ---------------------------------------------------------------------------------------------
# Licences

@dataclass(frozen=True)
class Licence:
    name: str
    version: str
    licence: str                 # the SPDX expression, the License field or the classifiers
    files: tuple[tuple[str, str], ...] = field(default=())  # (file name, text)


_SPDX_GPL = re.compile(r"^A?GPL-", re.IGNORECASE)
_CLASSIFIER_PREFIX = "License :: OSI Approved :: "


def licence_of(dist: metadata.Distribution) -> Licence:
    meta = dist.metadata
    classifiers = [c.removeprefix(_CLASSIFIER_PREFIX) for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    text = (meta.get("License-Expression") or "").strip()
    declared = (meta.get("License") or "").strip()
    if not text and declared and "\n" not in declared and len(declared) < 200:
        text = declared  # a short License field is a name or an expression; a long one is the text itself
    if not text:
        text = " OR ".join(classifiers) if classifiers else "not declared (see the licence files below)"
    return Licence(meta["Name"], meta["Version"], text, tuple(_licence_files(dist, declared)))


def _licence_files(dist: metadata.Distribution, declared: str):
    wanted = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
    seen = set()
    for path in dist.files or ():
        parts = Path(str(path)).parts
        if not parts or not parts[0].endswith(".dist-info") or not wanted.search(parts[-1]):
            continue
        if parts[-1] in seen:
            continue
        try:
            body = Path(path.locate()).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        seen.add(parts[-1])
        yield "/".join(parts[1:]), body
    if not seen and declared and ("\n" in declared or len(declared) >= 200):
        yield "License (from the package metadata)", declared


def is_gpl_only(licence: str) -> bool:
    """True when every alternative of the licence is a GPL or AGPL (not LGPL): such a library
    cannot ship in an MIT program that links it. "LGPL-3.0-only OR GPL-2.0-only" offers LGPL,
    so it passes; classifiers joined by OR read the same way."""
    alternatives = re.split(r"\s+OR\s+", licence.replace("(", " ").replace(")", " "), flags=re.IGNORECASE)
    return all(_alternative_is_gpl(a) for a in alternatives if a.strip())


def _alternative_is_gpl(text: str) -> bool:
    words = text.strip()
    terms = re.split(r"\s+AND\s+", words, flags=re.IGNORECASE)
    return any(_term_is_gpl(t) for t in terms)


def _term_is_gpl(term: str) -> bool:
    term = term.strip()
    if _SPDX_GPL.match(term):
        return True
    lowered = term.lower()
    if "lesser" in lowered or "library" in lowered or "lgpl" in lowered:
        return False
    return ("gnu general public license" in lowered or "gnu affero" in lowered
            or bool(re.search(r"\bA?GPL(v?\d|\b)", term)))


def gpl_only(licences: Iterable[Licence]) -> list[str]:
    """The distributions that may not go into the bundle, each with its licence."""
    return [f"{lic.name} {lic.version} ({lic.licence})" for lic in licences
            if is_gpl_only(lic.licence) and normal_name(lic.name) not in GPL_EXCEPTIONS]


def normal_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def distributions_of_modules(modules: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions that provide these modules (dotted names or file paths inside
    the bundle, such as 'PIL.Image' or 'av.libs/libavcodec.so'), one each, sorted by name."""
    owners = metadata.packages_distributions()
    tops = {re.split(r"[./\\]", m, maxsplit=1)[0] for m in modules}
    tops |= {t.removesuffix(".libs") for t in tops}  # auditwheel's vendored-library folders
    names = {normal_name(d) for top in tops for d in owners.get(top, ())}
    found: dict[str, metadata.Distribution] = {}
    for dist in metadata.distributions():
        key = normal_name(dist.metadata["Name"])
        if key in names and key not in found:
            found[key] = dist
    return [found[k] for k in sorted(found)]


def host_library_licences(libraries: Iterable[Path]) -> list[Licence]:
    """The build machine's own libraries that PyInstaller copied in (libX11, libglib, libstdc++...),
    one entry per system package with its copyright file, where dpkg knows them (Debian, Ubuntu);
    elsewhere one entry naming the files."""
    import shutil
    import subprocess

    real = sorted({str(Path(lib).resolve()) for lib in libraries})
    if not real:
        return []
    owners: dict[str, list[str]] = {}
    if shutil.which("dpkg-query"):
        # Merged /usr: dpkg may know /lib/x/libfoo.so.1 or /bin/ls by their paths outside /usr.
        asked = sorted({*real, *(r.removeprefix("/usr") for r in real if r.startswith("/usr/"))})
        done = subprocess.run(["dpkg-query", "-S", *asked], capture_output=True, text=True)
        for line in done.stdout.splitlines():
            package, _, path = line.partition(": ")
            names = owners.setdefault(package.split(":")[0], [])
            if Path(path).name not in names:
                names.append(Path(path).name)
    found = {name for names in owners.values() for name in names}
    out = []
    for package, names in sorted(owners.items()):
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        files = ((("copyright (Debian)", copyright_file.read_text(encoding="utf-8", errors="replace")),)
                 if copyright_file.is_file() else ())
        out.append(Licence(f"{package} (system library: {', '.join(sorted(names))})", "from the build system",
                           "see the copyright file below", files))
    rest = sorted(Path(p).name for p in real if Path(p).name not in found)
    if rest:
        out.append(Licence(f"system libraries of the build machine: {', '.join(rest)}", "",
                           "see the build system's packages of these files"))
    return out


def third_party_licenses(licences: Iterable[Licence], *, notes: Iterable[str] = ()) -> str:
    """The THIRD-PARTY-LICENSES text: a summary line per distribution, then each one's licence
    files in full."""
    licences = sorted(licences, key=lambda lic: normal_name(lic.name))
    out = ["Third-party software in this dcstudio bundle", "=" * 44, "",
           "Generated at build time from the metadata of the installed Python distributions the",
           "bundle carries (name, version, licence, licence files).", ""]
    out += [f"- {lic.name} {lic.version}: {lic.licence}" for lic in licences]
    for note in notes:
        out += ["", note]
    for lic in licences:
        out += ["", "", "-" * 78, f"{lic.name} {lic.version}", f"Licence: {lic.licence}", "-" * 78]
        if not lic.files:
            out += ["", "(no licence file in the distribution's metadata)"]
        for name, text in lic.files:
            out += ["", f"--- {name} ---", "", text.rstrip()]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Size

def tree_size(folder: Path) -> int:
    """Bytes of the regular files under the folder (a symlink counts once, as its target)."""
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file() and not p.is_symlink())


def part_sizes(bundle: Path, inside: Path, smallest: int = 2**20) -> list[tuple[str, int]]:
    """(name, bytes) of each top-level file or folder of the bundle's library folder (and of the
    bundle itself), largest first; those under ``smallest`` are summed as one "others" row."""
    parts = {}
    for folder in {Path(bundle), Path(inside)}:
        for entry in Path(folder).iterdir():
            if entry == Path(inside) or entry.is_symlink():
                continue
            name = str(entry.relative_to(bundle)) + ("/" if entry.is_dir() else "")
            parts[name] = tree_size(entry) if entry.is_dir() else entry.stat().st_size
    big = sorted(((n, s) for n, s in parts.items() if s >= smallest), key=lambda p: (-p[1], p[0]))
    rest = [s for s in parts.values() if s < smallest]
    return big + ([(f"{len(rest)} others under {smallest / 2**20:.0f} MB", sum(rest))] if rest else [])


def size_problem(size: int, limit: int = LINUX_SIZE_LIMIT) -> str | None:
    if size <= limit:
        return None
    return (f"the bundle is {size / 2**20:.1f} MB unpacked, over the {limit / 2**20:.0f} MB limit: "
            "look for a Qt module or library that should be excluded in packaging/dcstudio.spec")


def gpl_files(folder: Path) -> list[Path]:
    """Files in a built bundle whose name is a GPL library's (whether shimmed or not: the caller
    tells them apart)."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and is_gpl_library(p.name))


# ---------------------------------------------------------------------------------------------
# What the platforms read

def project_version(pyproject: Path) -> str:
    import tomllib

    return tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))["project"]["version"]


def runtime_licences() -> list[Licence]:
    """What every bundle carries besides the distributions: the Python interpreter, and
    PyInstaller's bootloader and run-time modules."""
    import platform
    import sys

    out = []
    base = Path(sys.base_prefix)
    for candidate in (base / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt",
                      base / "LICENSE.txt"):
        if candidate.is_file():
            out.append(Licence("Python", platform.python_version(), "PSF-2.0",
                               (("LICENSE.txt", candidate.read_text(encoding="utf-8", errors="replace")),)))
            break
    try:
        out.append(licence_of(metadata.distribution("pyinstaller")))
    except metadata.PackageNotFoundError:
        pass
    return out


def version_tuple(version: str) -> tuple[int, int, int, int]:
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    return tuple(numbers + [0] * (4 - len(numbers)))  # type: ignore[return-value]


def windows_version_info(version: str) -> str:
    """The version resource (PyInstaller's VSVersionInfo text) that Explorer's Details tab shows."""
    v = version_tuple(version)
    strings = {
        "CompanyName": "dcstudio", "FileDescription": "dcstudio, a desktop studio for dynamic creative",
        "FileVersion": version, "InternalName": APP_NAME, "LegalCopyright": "MIT licence",
        "OriginalFilename": f"{APP_NAME}.exe", "ProductName": "dcstudio", "ProductVersion": version,
    }
    entries = ",\n            ".join(f"StringStruct({k!r}, {val!r})" for k, val in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={v}, prodvers={v}, mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1,
                    subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
            {entries}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])]),
  ]
)
"""


def macos_info_plist(version: str) -> dict:
    return {
        "CFBundleName": "dcstudio",
        "CFBundleDisplayName": "dcstudio",
        "CFBundleIdentifier": APP_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSMinimumSystemVersion": "11.0",  # PySide6 6.6+ wheels need macOS 11
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follows the system's dark mode
        "LSApplicationCategoryType": "public.app-category.graphics-design",
        "NSHumanReadableCopyright": "MIT licence",
    }
