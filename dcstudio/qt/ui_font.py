"""The window's font ships with the app, as the previews' fonts do (resources/fonts).

With the system's default font the window's layout, and so its minimum width, changed with the
fonts a machine happens to have (DejaVu Sans is wider than Noto Sans). The UI uses Noto Sans,
with the bundled fonts behind it for what it lacks: the panels' symbols (⧉ ✕ ⏎ arrows) from
Noto Sans Symbols2 and Math, the ad texts' scripts (Arabic, Hebrew, CJK) and colour emoji.
The point size stays the platform's, which is the person's choice.

Only these files are registered, by path (Qt reads a font's tables when it first draws with
it): a few milliseconds at start-up.
"""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from dcstudio.core.values.resources import resource

UI_FAMILY = "Noto Sans"
# In fallback order; each entry is (file, family it registers).
UI_FONT_FILES = (
    ("NotoSans-Regular.ttf", UI_FAMILY),
    ("NotoSans-Bold.ttf", UI_FAMILY),
    ("NotoSansSymbols2-Regular.ttf", "Noto Sans Symbols2"),
    ("NotoSansMath-Regular.ttf", "Noto Sans Math"),
    ("NotoSansArabic-Regular.ttf", "Noto Sans Arabic"),
    ("NotoSansHebrew-Regular.ttf", "Noto Sans Hebrew"),
    ("DroidSansFallbackFull.ttf", "Droid Sans Fallback"),
    ("NotoColorEmoji.ttf", "Noto Color Emoji"),
)
EMOJI_FAMILY = "Noto Color Emoji"

_registered: list[str] = []


def register_ui_fonts() -> list[str]:
    """Registers the bundled UI fonts once per process; returns their families in fallback
    order. A file that cannot be registered is left out (then the system's font stands in)."""
    if not _registered:
        families: list[str] = []
        for name, _family in UI_FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
            for family in QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else ():
                if family not in families:
                    families.append(family)
        _registered.extend(families)
        if EMOJI_FAMILY in families:
            QFontDatabase.setApplicationEmojiFontFamilies([EMOJI_FAMILY])
    return list(_registered)


def ui_font(base: QFont) -> QFont:
    """``base`` (the platform's default, for its size) drawn with the bundled families."""
    font = QFont(base)
    font.setFamilies(register_ui_fonts())
    return font


def use_bundled_ui_font(app) -> QFont:
    """Makes the bundled font the application's font; call once, before any window is made."""
    font = ui_font(app.font())
    app.setFont(font)
    return font
