"""The live counters' limits: the project's profile's (dcstudio.core.values.profiles, which the
linter reads too), so a counter and the rule it warns about always say the same number.

Past the recommended length the counter turns amber (the text is truncated in feeds), past the
hard limit red (the platform refuses it); a pool the profile does not send is only counted.
"""
from __future__ import annotations

from PySide6.QtGui import QColor

from dcstudio.core.values.profiles import DEFAULT_PROFILE, TextLimit, text_limit

STATE_COLORS = {"ok": QColor("#6b7280"), "long": QColor("#b7791f"), "over": QColor("#c53030")}


def limit_for(project, pool: str) -> TextLimit | None:
    """The length limit of ``pool`` under the project's profile (None: the profile does not send it)."""
    return text_limit(project.profile if project is not None else DEFAULT_PROFILE, pool)


def state_of(limit: TextLimit | None, length: int) -> str:
    return "ok" if limit is None else limit.state(length)


def describe(limit: TextLimit | None, length: int) -> str:
    if limit is None:
        return f"{length} characters (the project's profile does not send these texts)"
    return limit.describe(length)


def counter_text(limit: TextLimit | None, length: int) -> str:
    if limit is None:
        return str(length)
    return f"{length}/{limit.recommended}" if length <= limit.hard else f"{length}/{limit.hard}"
