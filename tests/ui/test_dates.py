"""Dates typed as people write them, shown back unambiguously."""

from __future__ import annotations

import datetime as dt

import pytest

from ui.widgets.dates import DateParseError, format_date, format_iso, parse_human_date

TODAY = dt.date(2024, 12, 1)


@pytest.mark.parametrize(("typed", "iso", "precision"), [
    ("10 Oct 2024", "2024-10-10", "day"),
    ("October 10, 2024", "2024-10-10", "day"),
    ("10th of October 2024", "2024-10-10", "day"),
    ("2024-10-10", "2024-10-10", "day"),
    ("10/11/24", "2024-11-10", "day"),          # day first
    ("Oct 2024", "2024-10-01", "month"),
    ("late 2023", "2023-09-01", "part"),
    ("early 2024", "2024-01-01", "part"),
    ("mid-2023", "2023-05-01", "part"),
    ("Q3 2023", "2023-07-01", "part"),
    ("spring of 2022", "2022-03-01", "part"),
    ("2021", "2021-01-01", "year"),
    ("yesterday", "2024-11-30", "day"),
    ("10 Oct", "2024-10-10", "day"),            # no year: the most recent one
    ("25 Dec", "2023-12-25", "day"),            # ... never a future date
])
def test_parses_what_people_type(typed: str, iso: str, precision: str) -> None:
    parsed = parse_human_date(typed, TODAY)
    assert parsed is not None
    assert (parsed.iso, parsed.precision) == (iso, precision)


def test_vague_dates_say_how_they_were_read() -> None:
    parsed = parse_human_date("late 2023", TODAY)
    assert parsed is not None and parsed.shown == "1 Sep 2023 (late 2023)"


def test_empty_is_no_date() -> None:
    assert parse_human_date("   ", TODAY) is None


@pytest.mark.parametrize("typed", ["banana", "31 Feb 2024", "32/10/2024", "2024-13-01", "2030", "next year"])
def test_refuses_non_dates_and_future_dates(typed: str) -> None:
    with pytest.raises(DateParseError) as err:
        parse_human_date(typed, TODAY)
    assert typed in str(err.value)


def test_shown_back_with_the_month_as_a_word() -> None:
    assert format_date(dt.date(2024, 10, 10)) == "10 Oct 2024"
    assert format_date(dt.date(2024, 3, 4)) == "4 Mar 2024"
    assert format_iso("2024-10-10") == "10 Oct 2024"
    assert format_iso(None) == "" and format_iso("not a date") == "not a date"
