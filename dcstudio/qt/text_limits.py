"""Character limits for the live counters: the platform's hard limit and its recommended length.

Past the recommended length the counter turns amber (the text is truncated in feeds), past the
hard limit red (the API refuses it). The linter reports the same limits; this module only colours
what a person is typing.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor


@dataclass(frozen=True)
class TextLimit:
    noun: str
    recommended: int
    hard: int

    def state(self, length: int) -> str:
        if length > self.hard:
            return "over"
        if length > self.recommended:
            return "long"
        return "ok"

    def describe(self, length: int) -> str:
        state = self.state(length)
        if state == "over":
            return f"{length} characters: over the hard limit of {self.hard}; the platform refuses it"
        if state == "long":
            return (f"{length} characters: longer than the recommended {self.recommended}; "
                    "people see it truncated")
        return f"{length} of {self.recommended} recommended characters (hard limit {self.hard})"


TEXT_LIMITS = {
    "titles": TextLimit("headline", 40, 255),
    "bodies": TextLimit("primary text", 125, 1024),
    "descriptions": TextLimit("description", 30, 255),
}

STATE_COLORS = {"ok": QColor("#6b7280"), "long": QColor("#b7791f"), "over": QColor("#c53030")}


def counter_text(limit: TextLimit, length: int) -> str:
    return f"{length}/{limit.recommended}" if length <= limit.hard else f"{length}/{limit.hard}"
