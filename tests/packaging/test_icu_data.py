"""The bundle's trimmed ICU data (packaging/icu_data.py): Qt, loaded with it in a fresh interpreter,
sorts, maps case, converts and names time zones as with the full data. No bundle build."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.conftest import load

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("icupkg")
                                or not shutil.which("cc"), reason="ICU's data is trimmed on Linux with icupkg")

PROBE = r"""
import functools, json, sys
if sys.argv[1] != "-":
    sys.path.insert(0, sys.argv[1])
import PySide6
assert sys.argv[1] == "-" or PySide6.__file__.startswith(sys.argv[1]), PySide6.__file__
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
out = {}
for name, words in {"de_DE": ["Zebra", "Äpfel", "apfel", "Ob", "Öl"], "sv_SE": ["z", "ö", "a", "å", "ä"],
                    "ja_JP": ["カ", "か", "あ", "ア"], "ar_SA": ["ب", "أ", "ت"]}.items():
    collator = QCollator(QLocale(name))
    out[name] = sorted(words, key=functools.cmp_to_key(collator.compare))
out["upper"] = [QLocale("tr_TR").toUpper("istanbul"), QLocale("de_DE").toUpper("straße")]
out["converters"] = [QStringDecoder(n).isValid() for n in ("Shift_JIS", "GB18030", "KOI8-R", "windows-1252")]
out["zone"] = QTimeZone(b"Europe/Berlin").displayName(QTimeZone.StandardTime, QTimeZone.LongName, QLocale("de_DE"))
out["number"] = QLocale("de_DE").toString(1234567.5, "f", 2)
print(json.dumps(out))
"""


def test_qt_reads_the_trimmed_data_as_the_full(tmp_path):
    import PySide6
    import shiboken6

    icu_data = load("icu_data")
    original = Path(PySide6.__file__).parent / "Qt" / "lib"
    lib = next(original.glob("libicudata.so.*"))
    trimmed = icu_data.trimmed_library(lib, tmp_path / "icu")
    assert trimmed.stat().st_size < lib.stat().st_size * 0.7
    site = tmp_path / "site"
    shutil.copytree(Path(PySide6.__file__).parent, site / "PySide6", symlinks=True)
    shutil.copytree(Path(shiboken6.__file__).parent, site / "shiboken6", symlinks=True)
    shutil.copy(trimmed, site / "PySide6" / "Qt" / "lib" / lib.name)
    runs = [subprocess.run([sys.executable, "-I", "-c", PROBE, where], capture_output=True, text=True, timeout=120)
            for where in (str(site), "-")]
    for done in runs:
        assert done.returncode == 0, done.stderr[-1500:]
    assert "Could not create collator" not in runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert '"de_DE": ["apfel", "\\u00c4pfel", "Ob", "\\u00d6l", "Zebra"]' in runs[0].stdout


def test_only_qts_icu_data_library_is_trimmed():
    icu_data = load("icu_data")
    assert icu_data.is_icu_data("PySide6/Qt/lib/libicudata.so.73")
    assert not icu_data.is_icu_data("PySide6/Qt/lib/libicuuc.so.73")
    assert not icu_data.is_icu_data("libicudata.so.72")  # the host's, were one ever bundled
