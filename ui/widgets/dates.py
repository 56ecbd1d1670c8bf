"""Dates as people type them, stored as ISO dates, shown back unambiguously.

Analysts copy dates from articles ("10 Oct 2024", "October 10, 2024"), from
their notes ("10/10/24") or from memory ("late 2023").  The project stores an
ISO date (``evidence.date``), so the form parses what was typed and shows the
result back as "10 Oct 2024": a month written as a word cannot be misread,
whereas 03/04/2024 means March to some readers and April to others.

Pure functions (no Qt), so the rules are tested directly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["ParsedDate", "DateParseError", "parse_human_date", "format_date", "format_iso"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Vague parts of a year, resolved to the first day of the part.  Storing the
# start keeps ``date*`` (the earliest date on a chain) conservative.
_PARTS: dict[str, tuple[int, str]] = {
    "early": (1, "early"), "beginning of": (1, "early"), "start of": (1, "early"),
    "mid": (5, "mid"), "middle of": (5, "mid"),
    "late": (9, "late"), "end of": (9, "late"),
    "spring": (3, "spring"), "summer": (6, "summer"),
    "autumn": (9, "autumn"), "fall": (9, "autumn"), "winter": (12, "winter"),
    "q1": (1, "Q1"), "q2": (4, "Q2"), "q3": (7, "Q3"), "q4": (10, "Q4"),
    "first half of": (1, "first half"), "second half of": (7, "second half"),
}
_PART_RE = re.compile(
    r"^(?P<part>early|beginning of|start of|mid-?|middle of|late|end of|spring|summer|autumn|fall|"
    r"winter|q[1-4]|first half of|second half of)\s*(?:of\s+)?(?P<year>\d{4})$")
_YEAR_RE = re.compile(r"^(?P<year>\d{4})$")
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RELATIVE = {"today": 0, "yesterday": 1}


class DateParseError(ValueError):
    """The text is not a date we can read; the message says what would work."""


@dataclass(frozen=True)
class ParsedDate:
    """A parsed date and how precise the typed text was.

    ``precision`` is "day", "month", "part" (e.g. late 2023) or "year"; the
    stored value is always a whole ISO date, so a vaguer date is kept as the
    first day it can mean and ``shown`` says so ("1 Sep 2023 (late 2023)").
    """

    date: dt.date
    precision: str
    shown: str

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def format_date(value: dt.date) -> str:
    """"10 Oct 2024": day, English month abbreviation, year (locale-free)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_iso(iso: str | None) -> str:
    """An ISO date from the project shown as :func:`format_date`; "" for none."""
    if not iso:
        return ""
    try:
        return format_date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso


def parse_human_date(text: str, today: dt.date | None = None) -> ParsedDate | None:
    """Read a date as people write it; ``None`` for empty text.

    Day-first for all-number dates (10/11/2024 is 10 Nov 2024), as most of the
    world writes them; the unambiguous echo lets a US-trained user catch it.
    Raises :class:`DateParseError` for text that is not a date, and for dates
    in the future (evidence cannot come from tomorrow; usually a typo).
    """
    today = today or dt.date.today()
    raw = " ".join(text.strip().split())
    if not raw:
        return None
    low = raw.lower().rstrip(".")
    if low in _RELATIVE:
        d = today - dt.timedelta(days=_RELATIVE[low])
        return ParsedDate(d, "day", format_date(d))
    m = _PART_RE.match(low)
    if m:
        part = m.group("part")
        month, label = _PARTS["mid" if part.startswith("mid") else part]
        year = int(m.group("year"))
        d = dt.date(year, month, 1)
        return _checked(ParsedDate(d, "part", f"{format_date(d)} ({label} {year})"), today, raw)
    m = _YEAR_RE.match(low)
    if m:
        d = dt.date(int(m.group("year")), 1, 1)
        return _checked(ParsedDate(d, "year", f"{format_date(d)} (year {d.year})"), today, raw)
    if not any(ch.isdigit() for ch in low):
        raise DateParseError(f"{raw!r} is not a date: type e.g. 10 Oct 2024, 2024-10-10 or late 2023")
    from dateutil import parser as _dateparser  # here, not at start-up: only forms parse dates

    try:
        if _ISO_RE.match(low):
            d = dt.date.fromisoformat(low)
            return _checked(ParsedDate(d, "day", format_date(d)), today, raw)
        # Two different defaults reveal which parts the text actually gave.
        a = _dateparser.parse(raw, dayfirst=True, default=dt.datetime(today.year, 1, 1))
        b = _dateparser.parse(raw, dayfirst=True, default=dt.datetime(today.year - 1, 2, 2))
    except (ValueError, OverflowError) as exc:
        raise DateParseError(f"{raw!r} is not a date ({_reason(exc)}): type e.g. 10 Oct 2024") from None
    if a.year != b.year:  # no year given: the most recent such date, not a future one
        d = a.date()
        if d > today:
            d = d.replace(year=today.year - 1)
        return ParsedDate(d, "day", format_date(d))
    if a.day != b.day:  # month and year only
        d = a.date()
        return _checked(ParsedDate(d, "month", f"{_MONTHS[d.month - 1]} {d.year} (kept as {format_date(d)})"),
                        today, raw)
    d = a.date()
    return _checked(ParsedDate(d, "day", format_date(d)), today, raw)


def _checked(p: ParsedDate, today: dt.date, raw: str) -> ParsedDate:
    if p.date > today:
        raise DateParseError(f"{raw!r} is in the future ({format_date(p.date)})")
    return p


def _reason(exc: BaseException) -> str:
    msg = str(exc).split(":")[0].strip()
    return msg or "unreadable"
