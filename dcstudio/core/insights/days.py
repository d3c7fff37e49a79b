"""The days insights rows are kept by (``YYYY-MM-DD`` text, which sorts as the days do) and the
ranges of them: one home for the fetch's ranges, the imports' day columns and the judging."""
from __future__ import annotations

from datetime import date, timedelta

from dcstudio.core.values.errors import BadInputError


def iso_day(text: str) -> str:
    """``text`` as YYYY-MM-DD (it may be written YYYYMMDD, as GA4 does); ValueError if it is no day."""
    if not isinstance(text, str):
        raise ValueError(f"not a day: {text!r}")
    return date.fromisoformat(text).isoformat()


def check_day(value: str, what: str) -> str:
    """A day a person gave (``--since``, a date field), or a message that names ``what``."""
    try:
        return iso_day(value)
    except ValueError:
        raise BadInputError(f"{what} {value!r}: give a day as YYYY-MM-DD") from None


def day_span(first: str, last: str) -> int:
    """How many days ``first`` to ``last`` covers, both counted."""
    return (date.fromisoformat(last) - date.fromisoformat(first)).days + 1


def days_before(day: str, n: int) -> str:
    return (date.fromisoformat(day) - timedelta(days=n)).isoformat()


def halves(since: str, until: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """A range of two days or more cut in two ranges that meet (the first the shorter by a day
    when the span is odd)."""
    middle = date.fromisoformat(since) + timedelta(days=day_span(since, until) // 2 - 1)
    return (since, middle.isoformat()), ((middle + timedelta(days=1)).isoformat(), until)
