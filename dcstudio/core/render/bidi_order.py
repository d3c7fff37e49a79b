"""Right-to-left ordering for the previews and for the contact sheet's text layer.

The Unicode bidi algorithm (UAX #9) resolves every character's embedding level: runs, digits,
neutrals, brackets, and explicit embeddings, overrides and isolates (LRE/RLE/LRO/RLO/PDF,
LRI/RLI/FSI/PDI) and marks (LRM/RLM/ALM). python-bidi (the unicode-bidi crate) does that part;
what is left here is per line, after line breaking, as UAX #9 asks: rule L1 (trailing
whitespace back to the paragraph's level) and rule L2 (reversal by level). The previews need
the levels themselves, not only the reordered string, because each piece of a line is drawn
with its own font and shaped by raqm in its own direction.
"""
from __future__ import annotations

import bidi
from bidi.wrapper import get_display_inner

# Bidi_Control: invisible, and not written to the text layer either (a viewer reading the
# seen-order text would apply an embedding mark a second time).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Rule L1: sequences of these before a segment separator or at the end of the line go back to
# the paragraph's level (BN and the explicit codes X9 removes count as whitespace here).
_TRAILING = frozenset({"WS", "FSI", "LRI", "RLI", "PDI", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"})


def base_is_rtl(text: str) -> bool:
    """The paragraph's direction (rules P2, P3: the first strong character outside isolates)."""
    return bool(text) and bidi.get_base_level(text) == 1


def _resolved(text: str, base_level: int) -> tuple[list[str], list[int]]:
    """Each character's bidi class and its level after rules X1-I2, from python-bidi.

    Its Rust wrapper reports the levels only through its debug output (one line per UTF-8 byte,
    in a fixed layout): read back here, with a check that every character got one."""
    info = get_display_inner(text, "R" if base_level else "L", True).split("\n")
    classes_at = info.index("    original_classes: [")
    levels_at = info.index("    levels: [", classes_at)
    classes = [ln.strip().rstrip(",") for ln in info[classes_at + 1:levels_at - 1]]
    levels_end = info.index("    paragraphs: [", levels_at)
    levels = [int(ln.strip().rstrip(",")) for ln in info[levels_at + 1:levels_end] if ln.strip().rstrip(",").isdigit()]
    size = len(text.encode("utf-8"))
    if len(classes) != size or len(levels) != size:
        raise RuntimeError(f"python-bidi {bidi.VERSION} reports its levels in a layout this version of dcstudio "
                           "cannot read")
    starts, offset = [], 0
    for ch in text:
        starts.append(offset)
        offset += len(ch.encode("utf-8"))
    return [classes[s] for s in starts], [levels[s] for s in starts]


def line_levels(text: str, rtl: bool) -> list[int]:
    """The embedding level of each character of one laid-out line (rules X1-L1), in a
    paragraph of direction ``rtl``."""
    if not text:
        return []
    base = 1 if rtl else 0
    classes, levels = _resolved(text, base)
    at_end = True  # walking backwards: inside a run of whitespace at the end or before S/B
    for i in range(len(text) - 1, -1, -1):
        if classes[i] in ("S", "B"):
            levels[i], at_end = base, True
        elif at_end and classes[i] in _TRAILING:
            levels[i] = base
        else:
            at_end = False
    return levels


def reorder(levels: list[int]) -> list[int]:
    """Rule L2: the indices of items with these levels in the order they are seen, left to
    right (from the highest level down to the lowest odd one, every run at or above it is
    reversed)."""
    order = list(range(len(levels)))
    lowest_odd = min((lv for lv in levels if lv % 2), default=None)
    if lowest_odd is None:
        return order
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j
    return order


def seen_order(text: str, rtl: bool | None = None) -> str:
    """One line's characters left to right as they are seen, without the invisible bidi
    controls; ``rtl`` None: the line's own first strong character decides."""
    if rtl is None:
        rtl = base_is_rtl(text)
    return "".join(text[i] for i in reorder(line_levels(text, rtl)) if text[i] not in BIDI_CONTROLS)
