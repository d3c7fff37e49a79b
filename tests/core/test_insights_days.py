"""The days and ranges insights rows are kept by (dcstudio.core.insights.days)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from dcstudio.core.insights.days import check_day, day_span, days_before, halves, iso_day
from dcstudio.core.values.errors import BadInputError


def test_a_day_reads_as_iso_text_from_either_spelling():
    assert iso_day("2026-01-05") == "2026-01-05"
    assert iso_day("20260105") == "2026-01-05"  # GA4's Date column
    for bad in ("2026-02-30", "yesterday", "", None):
        with pytest.raises(ValueError):
            iso_day(bad)


def test_a_day_a_person_gives_is_refused_with_the_field_named():
    with pytest.raises(BadInputError, match=r"--since '2026-13-01': give a day as YYYY-MM-DD"):
        check_day("2026-13-01", "--since")


def test_a_span_counts_both_ends_and_a_cutoff_counts_back():
    assert day_span("2026-01-01", "2026-01-01") == 1
    assert day_span("2025-12-31", "2026-03-01") == 61
    assert days_before("2026-03-01", 7) == "2026-02-22"


@pytest.mark.parametrize("span", [2, 3, 28, 31, 90, 365])
def test_halves_meet_without_a_gap_or_an_overlap(span):
    since = date(2024, 2, 20)
    until = since + timedelta(days=span - 1)
    (a, b), (c, d) = halves(since.isoformat(), until.isoformat())
    assert a == since.isoformat() and d == until.isoformat()
    assert date.fromisoformat(c) - date.fromisoformat(b) == timedelta(days=1)
    assert day_span(a, b) == span // 2 and day_span(c, d) == span - span // 2
