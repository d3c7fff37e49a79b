"""The window's font is the bundled one, whatever fonts the machine has, and the bundled fonts
cover every symbol the panels show (no boxes)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QFontInfo, QRawFont
from PySide6.QtWidgets import QApplication

from dcstudio.core.values.resources import resource
from dcstudio.qt.ui_font import UI_FAMILY, UI_FONT_FILES, register_ui_fonts

QT_SOURCES = Path(__file__).resolve().parents[2] / "dcstudio" / "qt"


def test_the_application_font_is_the_bundled_one(qapp):
    font = QApplication.font()
    assert font.families()[0] == UI_FAMILY
    assert QFontInfo(font).family() == UI_FAMILY  # what Qt really draws with, not only what was asked
    assert {family for _, family in UI_FONT_FILES} <= set(font.families())


def test_registering_twice_registers_once(qapp):
    assert register_ui_fonts() == register_ui_fonts()


def _panel_characters() -> set[str]:
    chars = set()
    for source in QT_SOURCES.glob("*.py"):
        chars |= set(re.findall(r"[^\x00-\x7f]", source.read_text("utf-8")))
    return chars


def test_every_symbol_the_panels_show_is_in_a_bundled_font(qapp):
    fonts = [QRawFont(str(resource("fonts", name)), 12) for name, _ in UI_FONT_FILES]
    chars = _panel_characters() | {"\U0001F33F"}  # and an emoji, as ad texts have
    assert "⧉" in chars
    missing = sorted(c for c in chars if not any(f.supportsCharacter(ord(c)) for f in fonts))
    assert missing == [], f"no bundled font draws {missing}: add one to UI_FONT_FILES"


def test_the_studio_sets_the_bundled_font_at_start_up(tmp_path):
    # A fresh process, as `dcstudio studio` starts: the font comes from make_application itself.
    code = ("from dcstudio.qt.app import make_application\n"
            "from PySide6.QtGui import QFontInfo\n"
            "app = make_application()\n"
            "print(QFontInfo(app.font()).family())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == UI_FAMILY
