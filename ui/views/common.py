"""Words, symbols and colours shared by the project-wide views.

The overview, the evidence matrix and the sources manager show the same
facts (stances, grades, flags, statuses) side by side, so they must say them
the same way.  Stances are told apart by *shape* first (▲ for, ▼ against,
● context) and by colour second, so nothing depends on colour vision; the
colours are Paul Tol's "muted" scheme, which stays distinct for the common
colour-vision deficiencies, in a darker variant on light backgrounds and a
lighter one on dark backgrounds (both keep at least 4.5:1 against the base).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap

from ui.colors import band_hex
from ui.dates import format_date

STATUS_LABEL: dict[str, str] = {
    "open": "Open", "in_review": "In review", "verified": "Verified",
    "disputed": "Disputed", "closed": "Closed",
}
CONFIDENCE_ORDER: dict[str, int] = {"low": 0, "moderate": 1, "high": 2}

#: Short flag names for a table cell; the full sentence (FLAG_TEXT) goes in the tooltip.
FLAG_SHORT: dict[str, str] = {
    "no_evidence": "no evidence",
    "single_origin": "single origin",
    "circular_reporting": "circular",
    "credibility_1_scored_as_2": "grade 1 as 2",
    "origin_conflict": "origin conflict",
    "undated": "undated",
}

STANCE_SYMBOL: dict[str, str] = {"corroborates": "▲", "contradicts": "▼", "context": "●"}
#: Absorbed items (same origin as a counted item) are drawn hollow: present, not counted.
ABSORBED_SYMBOL: dict[str, str] = {"corroborates": "△", "contradicts": "▽", "context": "○"}
ORIGIN_SYMBOL = "◇"
MIXED_SYMBOL = "◆"
STANCE_WORD: dict[str, str] = {"corroborates": "corroborates", "contradicts": "contradicts",
                               "context": "context"}

_STANCE_LIGHT = {"corroborates": "#117733", "contradicts": "#882255", "context": "#6e6e6e",
                 "mixed": "#806600", "origin": "#6e6e6e"}
_STANCE_DARK = {"corroborates": "#44bb99", "contradicts": "#ee8899", "context": "#b0b0b0",
                "mixed": "#ddcc77", "origin": "#9a9a9a"}

RELIABILITY_WORDS: dict[str, str] = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}
CREDIBILITY_WORDS: dict[int, str] = {
    1: "confirmed by other sources", 2: "probably true", 3: "possibly true",
    4: "doubtful", 5: "improbable", 6: "truth cannot be judged",
}


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark base (dark mode)."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def stance_color(stance: str, dark: bool) -> QColor:
    table = _STANCE_DARK if dark else _STANCE_LIGHT
    return QColor(table.get(stance, table["context"]))


def stance_tint(stance: str, dark: bool) -> QColor:
    """A faint background for a matrix cell: enough to scan a row, not to shout."""
    c = stance_color(stance, dark)
    c.setAlpha(70 if dark else 38)
    return c


def muted(palette: QPalette) -> QColor:
    """Secondary text that still reads on the palette's base (PlaceholderText is too faint)."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    return QColor((text.red() * 2 + base.red()) // 3, (text.green() * 2 + base.green()) // 3,
                  (text.blue() * 2 + base.blue()) // 3)


@lru_cache(maxsize=16)
def band_icon(word: str, size: int = 12) -> QIcon:
    """A small rounded swatch of a likelihood band's colour (same scale as the highlights)."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(band_hex(word))
    p.setPen(color.darker(135))
    p.setBrush(color)
    p.drawRoundedRect(0, 0, size - 1, size - 1, 3, 3)
    p.end()
    return QIcon(pm)


def format_changed(iso: str | None) -> str:
    """An ISO UTC time stamp shown in local time as "10 Oct 2024, 14:05"."""
    if not iso:
        return ""
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"{format_date(when.date())}, {when:%H:%M}"


def percent(p: float | None) -> str:
    """A probability as a whole percentage; "<1%" and ">99%" instead of 0 and 100."""
    if p is None:
        return ""
    v = p * 100
    if 0 < v < 1:
        return "<1%"
    if 99 < v < 100:
        return ">99%"
    return f"{v:.0f}%"


def elide(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def refilter(proxy: QSortFilterProxyModel) -> None:
    """Re-run a proxy's row filter (Qt 6.9 brackets the change; older Qt invalidates)."""
    begin = getattr(proxy, "beginFilterChange", None)
    if begin is not None:
        begin()
        proxy.endFilterChange()
    else:  # pragma: no cover - Qt < 6.9
        proxy.invalidateRowsFilter()
