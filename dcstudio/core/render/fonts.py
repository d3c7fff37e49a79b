"""The bundled fonts, which characters each one covers, and splitting text into font runs.

Fallback is per character: a run is a stretch of text drawn with one font. Neutral characters
(spaces, punctuation, digits, combining marks) stay in the run they follow, so an Arabic
sentence is one run that the shaper (raqm) can join and order. Emoji clusters (ZWJ sequences,
skin tones, flags, keycaps) are runs of their own, drawn from the colour emoji font.

Coverage comes from each font's ``cmap`` table, read by the small parser below: Pillow has no
"does this font have a glyph for X" call, and formats 4 and 12 are all these fonts use, so a
60-line reader beats adding fontTools as a run-time dependency.
"""
from __future__ import annotations

import struct
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, lru_cache

from PIL import ImageFont

from dcstudio.core.values.resources import resource

# Fallback chains, tried in order. Droid Sans Fallback covers CJK (and has no bold face).
TEXT_CHAINS = {
    "regular": ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf",
                "DroidSansFallbackFull.ttf"),
    "bold": ("NotoSans-Bold.ttf", "NotoSansArabic-Bold.ttf", "NotoSansHebrew-Bold.ttf",
             "DroidSansFallbackFull.ttf"),
}
EMOJI_FONT = "NotoColorEmoji.ttf"
EMOJI = "emoji"  # the font name of an emoji run
# Colour bitmap (CBDT) fonts only exist at their strike size; we draw at it and scale.
EMOJI_STRIKE_PX = 109

_ZWJ, _VS15, _VS16, _KEYCAP = 0x200D, 0xFE0E, 0xFE0F, 0x20E3
_NEUTRAL_BIDI = {"WS", "ON", "CS", "ES", "ET", "EN", "AN", "BN", "NSM", "S", "B"}


def font_path(name: str):
    return resource("fonts", name)


@cache
def coverage(name: str) -> frozenset[int]:
    """The code points the font maps to a glyph. Only the font's cmap table is read (a few KB),
    not the file: the colour emoji font alone is 10 MB."""
    with open(font_path(name), "rb") as f:
        return frozenset(_read_cmap(_cmap_table(f)))


def _cmap_table(f) -> bytes:
    """The bytes of the ``cmap`` table of the open font file ``f``."""
    header = f.read(12)
    num_tables = struct.unpack_from(">H", header, 4)[0]
    directory = f.read(16 * num_tables)
    for i in range(num_tables):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", directory, 16 * i)
        if tag == b"cmap":
            f.seek(offset)
            return f.read(length)
    raise ValueError("no cmap table")


def _read_cmap(cmap: bytes) -> set[int]:
    """The code points of a cmap table (offsets inside it are relative to its start)."""
    count = struct.unpack_from(">H", cmap, 2)[0]
    subtables = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        subtables[(platform, encoding)] = offset
    for key in ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3)):  # full Unicode first, then BMP
        if key in subtables:
            start = subtables[key]
            fmt = struct.unpack_from(">H", cmap, start)[0]
            if fmt == 12:
                return _cmap_format12(cmap, start)
            if fmt == 4:
                return _cmap_format4(cmap, start)
    raise ValueError("no Unicode cmap of format 4 or 12")


def _cmap_format12(data: bytes, start: int) -> set[int]:
    groups = struct.unpack_from(">I", data, start + 12)[0]
    out: set[int] = set()
    for i in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * i)
        out.update(range(first + (1 if glyph == 0 else 0), last + 1))
    return out


def _cmap_format4(data: bytes, start: int) -> set[int]:
    seg_count = struct.unpack_from(">H", data, start + 6)[0] // 2
    ends = struct.unpack_from(f">{seg_count}H", data, start + 14)
    starts = struct.unpack_from(f">{seg_count}H", data, start + 16 + 2 * seg_count)
    deltas = struct.unpack_from(f">{seg_count}h", data, start + 16 + 4 * seg_count)
    range_at = start + 16 + 6 * seg_count
    range_offsets = struct.unpack_from(f">{seg_count}H", data, range_at)
    out: set[int] = set()
    for i in range(seg_count):
        first, last = starts[i], ends[i]
        if first == 0xFFFF:
            continue
        if range_offsets[i] == 0:
            # Every code point maps to (c + delta) mod 65536; only one of them can hit glyph 0.
            out.update(range(first, last + 1))
            unmapped = (-deltas[i]) & 0xFFFF
            if first <= unmapped <= last:
                out.discard(unmapped)
            continue
        for c in range(first, last + 1):
            at = range_at + 2 * i + range_offsets[i] + 2 * (c - first)
            if struct.unpack_from(">H", data, at)[0]:
                out.add(c)
    return out


# -- font objects ---------------------------------------------------------------------------
# FreeType faces must not be shared between threads, so each thread keeps its own, a bounded
# number of them (a window that zooms through many sizes must not collect faces forever).
_local = threading.local()
FONTS_PER_THREAD = 64


def get_font(name: str, px: int) -> ImageFont.FreeTypeFont:
    fonts = getattr(_local, "fonts", None)
    if fonts is None:
        fonts = _local.fonts = OrderedDict()
    key = (name, px)
    font = fonts.get(key)
    if font is None:
        font = fonts[key] = ImageFont.truetype(str(font_path(name)), px,
                                               layout_engine=ImageFont.Layout.RAQM)
        if len(fonts) > FONTS_PER_THREAD:
            fonts.popitem(last=False)
    else:
        fonts.move_to_end(key)
    return font


def emoji_font() -> ImageFont.FreeTypeFont:
    return get_font(EMOJI_FONT, EMOJI_STRIKE_PX)


# -- runs ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    text: str
    font: str  # a font file name, or EMOJI

    @property
    def is_emoji(self) -> bool:
        return self.font == EMOJI


def _is_regional(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _is_modifier(cp: int) -> bool:
    return 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F


def _emoji_cluster_end(cps: list[int], i: int, chain_cover: frozenset[int]) -> int:
    """If an emoji cluster starts at i, the index after it; else i."""
    cp = cps[i]
    nxt = cps[i + 1] if i + 1 < len(cps) else 0
    emoji = coverage(EMOJI_FONT)
    if cp not in emoji or nxt == _VS15:
        return i
    if cp < 0x80:  # digits, # and *: emoji only as keycaps
        if nxt != _VS16 and nxt != _KEYCAP:
            return i
    elif cp in chain_cover and nxt != _VS16 and not _is_modifier(nxt) and not _is_regional(cp):
        return i  # e.g. (c) or a check mark: text unless the emoji style is asked for
    j = i + 1
    if _is_regional(cp) and j < len(cps) and _is_regional(cps[j]):
        return j + 1
    while j < len(cps):
        c = cps[j]
        if c in (_VS16, _KEYCAP) or _is_modifier(c):
            j += 1
        elif c == _ZWJ and j + 1 < len(cps):
            j += 2
        else:
            break
    return j


@lru_cache(maxsize=1)
def _chain_union(weight: str) -> frozenset[int]:
    out: set[int] = set()
    for name in TEXT_CHAINS[weight][:-1]:  # the CJK fallback's symbols should not beat emoji
        out |= coverage(name)
    return frozenset(out)


def split_runs(text: str, weight: str = "regular") -> list[Run]:
    """Splits ``text`` into runs of one font each (per-character fallback)."""
    chain = TEXT_CHAINS[weight]
    chain_cover = _chain_union(weight)
    cps = [ord(ch) for ch in text]
    runs: list[Run] = []
    current: str | None = None
    buf: list[str] = []

    def flush():
        if buf:
            runs.append(Run("".join(buf), current))
            buf.clear()

    i = 0
    while i < len(cps):
        end = _emoji_cluster_end(cps, i, chain_cover)
        if end > i:
            if current != EMOJI:
                flush()
                current = EMOJI
            buf.append(text[i:end])
            i = end
            continue
        cp, ch = cps[i], text[i]
        neutral = unicodedata.bidirectional(ch) in _NEUTRAL_BIDI or cp in (_VS15, _VS16, _ZWJ)
        if current not in (None, EMOJI) and (cp in coverage(current) and neutral
                                             or unicodedata.combining(ch) or cp in (_VS15, _VS16)):
            buf.append(ch)
        else:
            # A font's coverage is read when a character first gets that far down the chain:
            # Latin text never reads the CJK fallback's 28,000-entry cmap.
            name = next((n for n in chain if cp in coverage(n)), chain[0])
            if name != current:
                flush()
                current = name
            buf.append(ch)
        i += 1
    flush()
    return runs
