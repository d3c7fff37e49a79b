"""The bundle's rules without a build: Qt modules, GPL checks, licences file, size budget."""
from __future__ import annotations

import importlib.metadata as metadata
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# av.libs of PyAV's av-18.1.0-cp311-abi3-manylinux_2_28_x86_64.whl, as `pip download av` gives it.
AV_LIBS = """libSvtAv1Enc-9393c086.so.4.1.0 libXau-154567c4.so.6.0.0 libasound-c7818c60.so.2.0.0
libavcodec-5e6b81c2.so.62.28.102 libavdevice-d91b4e17.so.62.3.102 libavfilter-b5da520e.so.11.14.102
libavformat-4639def2.so.62.12.102 libavutil-5809ad29.so.60.26.102 libdav1d-f4b27961.so.7.0.0
libdrm-b0291a67.so.2.4.0 libgmp-8c6c054f.so.10.5.0 libgnutls-71454fd1.so.30.42.0 libhogweed-006f41d4.so.6.11
libmp3lame-8f9e436f.so.0.0.0 libnettle-71a806b4.so.8.11 libopencore-amrnb-d72c52e2.so.0.0.5
libopencore-amrwb-1b0ca122.so.0.0.5 libopus-114e2b1a.so.0.11.1 libsharpyuv-48a062bd.so.0.1.2
libswresample-f0bc92fc.so.6.3.102 libswscale-88e9f973.so.9.5.102 libunistring-09f6121d.so.5.2.1
libvpl-e4e9cae8.so.2.16 libvpx-edb6de90.so.12.0.0 libwebp-0c5118d0.so.7.2.0 libwebpmux-e1880640.so.3.1.2
libx264-d6533a8d.so.165 libx265-f5385bb8.so.216 libxcb-5ddf6756.so.1.1.0 libxcb-shape-7716c890.so.0.0.0
libxcb-shm-0be6dfbf.so.0.0.0 libxcb-xfixes-6de855b8.so.0.0.0""".split()


def test_the_qt_modules_the_spec_keeps_are_the_ones_the_studio_imports(rules):
    imported = set()
    for source in (ROOT / "dcstudio").rglob("*.py"):
        imported |= set(re.findall(r"^\s*(?:from|import) PySide6\.(Qt\w+)", source.read_text(encoding="utf-8"),
                                   re.MULTILINE))
    assert imported == set(rules.QT_MODULES), (
        "dcstudio imports other Qt modules than bundle_rules.QT_MODULES keeps in the bundle: "
        f"{sorted(imported ^ set(rules.QT_MODULES))}")


def test_every_other_installed_qt_module_is_excluded(rules):
    import PySide6

    installed = rules.installed_qt_modules(Path(PySide6.__file__).parent)
    assert set(rules.QT_MODULES) <= set(installed)
    excluded = rules.excluded_qt_modules(installed)
    assert {f"PySide6.{m}" for m in installed} - set(excluded) == {f"PySide6.{m}" for m in rules.QT_MODULES}
    assert rules.excluded_qt_modules(["QtCore", "QtGui", "QtWidgets", "QtQml", "QtWebEngineCore"]) == [
        "PySide6.QtQml", "PySide6.QtWebEngineCore"]


def test_the_gpl_pattern_takes_pyav_s_x264_and_x265_and_nothing_else_of_its_libraries(rules):
    assert [n for n in AV_LIBS if rules.is_gpl_library(n)] == ["libx264-d6533a8d.so.165", "libx265-f5385bb8.so.216"]


@pytest.mark.parametrize("name", ["av.libs/libx264-d6533a8d.so.165", "libx265.so", "libx264-164.dll",
                                  "libx264.164.dylib", "x264-164-0a1b2c3d.dll",
                                  "libx265-0a1b2c3d.215.dylib", "av/.dylibs/libx265.215.dylib",
                                  "libpostproc-3f1a2b4c.so.58",
                                  "libxvidcore.so.4", "librubberband.so.2", "libfdk-aac.so.2"])
def test_gpl_library_names_on_each_system(rules, name):
    assert rules.is_gpl_library(name)


@pytest.mark.parametrize("name", ["libavcodec-5e6b81c2.so.62.28.102", "libQt6Core.so.6", "libx26.so",
                                  "x264.py", "libx264-notes.txt", "libxcb-xfixes-6de855b8.so.0.0.0"])
def test_other_names_are_not_gpl_libraries(rules, name):
    assert not rules.is_gpl_library(name)


@pytest.mark.parametrize("licence,gpl", [
    ("GPL-3.0-only", True), ("GPL-2.0-or-later", True), ("AGPL-3.0-only", True), ("GPL-2.0+", True),
    ("Apache-2.0 AND GPL-3.0-only", True), ("GNU General Public License v2 (GPLv2)", True), ("GPLv3", True),
    ("GNU Affero General Public License v3", True),
    ("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only", False), ("LGPL-2.1-only", False), ("MIT", False),
    ("(MIT OR GPL-3.0-only)", False), ("GNU Library or Lesser General Public License (LGPL)", False),
    ("Apache Software License OR GNU General Public License v2 (GPLv2)", False), ("MPL-2.0", False),
    ("not declared (see the licence files below)", False),
])
def test_gpl_only_reads_each_alternative(rules, licence, gpl):
    assert rules.is_gpl_only(licence) is gpl


def test_the_gpl_check_names_the_distribution_and_lets_pyinstaller_s_bootloader_pass(rules):
    found = rules.gpl_only([
        rules.Licence("somecodec", "1.0", "GPL-3.0-only"),
        rules.Licence("PySide6_Essentials", "6.11.3", "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only"),
        rules.Licence("pyinstaller", "6.22.3", "GPLv2-or-later with a special exception"),
    ])
    assert found == ["somecodec 1.0 (GPL-3.0-only)"]


def test_what_the_studio_runs_on_has_no_gpl_only_distribution(rules):
    dists = rules.distributions_of_modules(["PySide6.QtWidgets", "shiboken6", "PIL.Image", "requests", "keyring",
                                            "platformdirs", "jsonschema_rs", "bidi", "certifi"])
    names = {rules.normal_name(d.metadata["Name"]) for d in dists}
    assert {"pyside6-essentials", "shiboken6", "pillow", "requests", "keyring", "python-bidi"} <= names
    assert "pytest" not in names
    assert rules.gpl_only([rules.licence_of(d) for d in dists]) == []


def _dist(tmp_path, name, meta_lines, files):
    info = tmp_path / f"{name}-1.0.dist-info"
    (info / "licenses").mkdir(parents=True)
    for rel, text in files.items():
        (info / rel).write_text(text, encoding="utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.4\nName: " + name + "\nVersion: 1.0\n"
                                   + "".join(line + "\n" for line in meta_lines), encoding="utf-8")
    (info / "RECORD").write_text("".join(f"{info.name}/{rel},,\n" for rel in [*files, "METADATA"]), encoding="utf-8")
    return metadata.PathDistribution(info)


def test_a_licence_comes_from_the_expression_and_the_licence_files(rules, tmp_path):
    dist = _dist(tmp_path, "tinylib", ["License-Expression: BSD-3-Clause", "License-File: LICENSE"],
                 {"licenses/LICENSE": "Copyright tiny authors. Redistribution permitted...", "licenses/NOTICE": "N"})
    lic = rules.licence_of(dist)
    assert (lic.name, lic.version, lic.licence) == ("tinylib", "1.0", "BSD-3-Clause")
    assert dict(lic.files) == {"licenses/LICENSE": "Copyright tiny authors. Redistribution permitted...",
                               "licenses/NOTICE": "N"}


def test_a_licence_without_expression_reads_the_classifiers(rules, tmp_path):
    dist = _dist(tmp_path, "oldlib", ["Classifier: License :: OSI Approved :: GNU General Public License v3 (GPLv3)"],
                 {"COPYING": "GNU GENERAL PUBLIC LICENSE Version 3"})
    lic = rules.licence_of(dist)
    assert lic.licence == "GNU General Public License v3 (GPLv3)"
    assert rules.gpl_only([lic]) == ["oldlib 1.0 (GNU General Public License v3 (GPLv3))"]


def test_the_third_party_licenses_file_lists_each_distribution_with_its_texts(rules):
    text = rules.third_party_licenses([rules.Licence("zlib-thing", "2.0", "Zlib", (("LICENSE", "zlib text"),)),
                                       rules.Licence("Alpha", "1.2", "MIT")], notes=["libx264 is shimmed."])
    assert text.index("- Alpha 1.2: MIT") < text.index("- zlib-thing 2.0: Zlib")
    assert "--- LICENSE ---\n\nzlib text" in text and "libx264 is shimmed." in text
    assert "(no licence file in the distribution's metadata)" in text  # Alpha's


def test_the_runtime_licences_name_python_and_pyinstaller(rules):
    names = [lic.name.lower() for lic in rules.runtime_licences()]
    assert "python" in names
    if any(d.metadata["Name"].lower() == "pyinstaller" for d in metadata.distributions()):
        assert "pyinstaller" in names and rules.gpl_only(rules.runtime_licences()) == []


def test_the_size_limit(rules, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "lib.so").write_bytes(b"x" * 3000)
    (tmp_path / "b.txt").write_bytes(b"y" * 1000)
    (tmp_path / "link.so").symlink_to(tmp_path / "a" / "lib.so")
    assert rules.tree_size(tmp_path) == 4000
    assert rules.size_problem(4000, limit=4000) is None
    assert "over the" in rules.size_problem(4001, limit=4000)
    assert rules.size_problem(299 * 2**20) is None and rules.size_problem(301 * 2**20)
    assert "300 MB" in rules.size_problem(301 * 2**20)  # issue 20's limit


def test_the_size_of_each_part(rules, tmp_path):
    inside = tmp_path / "_internal"
    (inside / "babel").mkdir(parents=True)
    (inside / "babel" / "a.dat").write_bytes(b"x" * 3 * 2**20)
    (inside / "_duckdb.so").write_bytes(b"x" * 2 * 2**20)
    (inside / "small.so").write_bytes(b"x" * 10)
    (inside / "link.so").symlink_to(inside / "_duckdb.so")
    (tmp_path / "dcstudio").write_bytes(b"x" * 20)
    assert rules.part_sizes(tmp_path, inside) == [
        ("_internal/babel/", 3 * 2**20), ("_internal/_duckdb.so", 2 * 2**20), ("2 others under 1 MB", 30)]


def test_the_libraries_the_studio_never_calls_are_matched_by_folder(rules):
    unused = ["numpy.libs/libscipy_openblas64_-32a4b2a6.so", "av.libs/libSvtAv1Enc-9393c086.so.4.1.0",
              "av.libs/libgnutls-71454fd1.so.30.42.0", "av.libs/libwebp-0c5118d0.so.7.2.0",
              "av.libs/libopencore-amrnb-d72c52e2.so.0.0.5", "av.libs/libasound-c7818c60.so.2.0.0"]
    used = ["pillow.libs/libwebp-51b0b3f7.so.7.2.0",  # Pillow reads WebP images with it
            "av.libs/libavcodec-5e6b81c2.so.62.28.102", "av.libs/libdav1d-f4b27961.so.7.0.0",  # AV1
            "av.libs/libopus-114e2b1a.so.0.11.1", "av.libs/libvpx-edb6de90.so.12.0.0",
            "numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so",
            "libscipy_openblas64_-32a4b2a6.so"]  # PyInstaller's top-level symlink: the folder's file is the one
    assert [p for p in unused if not rules.is_unused_library(p)] == []
    assert [p for p in used if rules.is_unused_library(p)] == []


def test_only_vendored_and_qt_libraries_are_dropped_for_want_of_a_user(rules):
    assert rules.only_linked("numpy.libs/libgfortran-040039e1-0352e75f.so.5.0.0")
    assert rules.only_linked("/venv/site-packages/av.libs/libunistring-09f6121d.so.5.2.1")
    assert rules.only_linked("PySide6/Qt/lib/libQt6Network.so.6")
    assert not rules.only_linked("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert not rules.only_linked("numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so")


def test_what_only_a_shimmed_library_linked_goes_with_its_symlink(rules):
    needed = {
        "numpy.libs/libscipy_openblas64_-3.so": {"libgfortran-0.so.5"},
        "libscipy_openblas64_-3.so": set(),            # PyInstaller's top-level symlinks
        "libgfortran-0.so.5": set(),
        "numpy.libs/libgfortran-0.so.5": {"libquadmath-9.so.0"},
        "numpy.libs/libquadmath-9.so.0": set(),
        "numpy/_core/_multiarray_umath.so": {"libscipy_openblas64_-3.so"},
        "pillow.libs/libz-1.so": set(),
    }
    host = {p for p in needed if rules.only_linked(p)} | {"libgfortran-0.so.5", "libscipy_openblas64_-3.so"}
    assert rules.only_needed_by({"numpy.libs/libscipy_openblas64_-3.so"}, needed, host) == {
        "numpy.libs/libgfortran-0.so.5", "libgfortran-0.so.5", "numpy.libs/libquadmath-9.so.0"}


def test_gpl_files_in_a_built_tree(rules, tmp_path):
    (tmp_path / "_internal" / "av.libs").mkdir(parents=True)
    for name in ("libx264-d6533a8d.so.165", "libavcodec-5e6b81c2.so.62.28.102"):
        (tmp_path / "_internal" / "av.libs" / name).write_bytes(b"\x7fELF")
    assert [p.name for p in rules.gpl_files(tmp_path)] == ["libx264-d6533a8d.so.165"]


def test_platform_metadata(rules):
    import dcstudio

    version = rules.project_version(ROOT / "pyproject.toml")
    assert version == dcstudio.__version__
    plist = rules.macos_info_plist(version)
    assert plist["CFBundleIdentifier"] == rules.APP_ID and plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleShortVersionString"] == version
    assert rules.version_tuple("1.2") == (1, 2, 0, 0) and rules.version_tuple("0.1.0.dev3") == (0, 1, 0, 3)


def test_the_windows_version_resource_is_a_vsversioninfo_expression(rules):
    import ast

    tree = ast.parse(rules.windows_version_info("0.1.2"), mode="eval")
    assert tree.body.func.id == "VSVersionInfo"
    strings = {c.args[0].value: c.args[1].value for c in ast.walk(tree)
               if isinstance(c, ast.Call) and getattr(c.func, "id", "") == "StringStruct"}
    assert strings["ProductVersion"] == "0.1.2" and strings["OriginalFilename"] == "dcstudio.exe"
    assert "filevers=(0, 1, 2, 0)" in rules.windows_version_info("0.1.2")



def test_the_gtk3_theme_plugin_is_left_out_with_what_only_it_needs(rules):
    assert rules.is_left_out_plugin("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert not rules.is_left_out_plugin("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so")
    plugins = "PySide6/Qt/plugins/"
    for gone in ("platforms/libqvnc.so", "platforms/libqeglfs.so", "platforms/libqlinuxfb.so",
                 "egldeviceintegrations/libqeglfs-x11-integration.so", "generic/libqevdevmouseplugin.so",
                 "imageformats/libqicns.so"):
        assert rules.is_left_out_plugin(plugins + gone), gone
    for kept in ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                 "imageformats/libqsvg.so", "imageformats/libqjpeg.so", "iconengines/libqsvgicon.so",
                 "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
                 "wayland-shell-integration/libxdg-shell.so"):
        assert not rules.is_left_out_plugin(plugins + kept), kept
    needed = {
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so": {"libQt6Gui.so.6", "libatk-1.0.so.0", "libglib-2.0.so.0",
                                                          "libgtk-3.so.0"},
        "libatk-1.0.so.0": {"libgobject-2.0.so.0", "libglib-2.0.so.0"},
        "libgobject-2.0.so.0": {"libffi.so.8"},
        "libffi.so.8": set(),
        "libglib-2.0.so.0": set(),
        "libQt6Gui.so.6": {"libQt6Core.so.6"},
        "libQt6Core.so.6": {"libglib-2.0.so.0"},  # Qt needs glib itself: it stays
        "PIL/_imaging.so": {"libffi.so.8"},        # and so does libffi, for Pillow
    }
    host = {"libatk-1.0.so.0", "libgobject-2.0.so.0", "libffi.so.8", "libglib-2.0.so.0"}
    assert rules.only_needed_by({"PySide6/Qt/plugins/platformthemes/libqgtk3.so"}, needed, host) == {
        "libatk-1.0.so.0", "libgobject-2.0.so.0"}
    assert rules.only_needed_by(set(), needed, host) == set()
    # A wheel's own library stays even when only the dropped plugin links it.
    assert "libQt6Gui.so.6" not in rules.only_needed_by({"PySide6/Qt/plugins/platformthemes/libqgtk3.so"},
                                                        {**needed, "libQt6Core.so.6": set()}, host)


def test_host_libraries_are_listed_with_their_system_package_s_copyright(rules, tmp_path):
    import shutil

    stray = tmp_path / "libstray.so.1"
    stray.write_bytes(b"\x7fELF")
    if not shutil.which("dpkg-query"):
        pytest.skip("no dpkg on this system")
    ls = Path(shutil.which("ls")).resolve()
    found = rules.host_library_licences([ls, stray])
    assert found[0].name.startswith("coreutils (system library: ls)")
    assert dict(found[0].files)["copyright (Debian)"].strip()
    assert found[-1].name == "system libraries of the build machine: libstray.so.1"
    assert rules.host_library_licences([]) == []
