"""The likelihood colour scale and the other colours the app draws with.

One diverging scale, orange (the claim is unlikely) through a neutral grey
(roughly even chance) to blue (the claim is likely): the orange arm is
ColorBrewer's PuOr and the blue arm its RdBu, both colour-blind safe.  Blue
against orange differs along the blue–yellow axis, which people with the
common red–green deficiencies (deuteranopia, protanopia) still see, and the
steps also differ in lightness so the scale reads in greyscale.  Red/green
"false/true" colouring is deliberately avoided.

Highlights in the document use light tints of these colours, translucent so
that overlapping claims show both (the overlap is darker) and black text stays
readable on every band.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from workbench.confidence import LIKELIHOOD_BANDS, NO_ASSESSMENT

#: Full-strength band colours, in LIKELIHOOD_BANDS order.
BAND_HEX: dict[str, str] = {
    "almost no chance": "#b35806",
    "very unlikely": "#e08214",
    "unlikely": "#fdb863",
    "roughly even chance": "#bdbdbd",
    "likely": "#92c5de",
    "very likely": "#4393c3",
    "almost certain": "#2166ac",
}
NO_ASSESSMENT_HEX = "#e0e0e0"
BAND_WORDS: tuple[str, ...] = tuple(word for word, *_ in LIKELIHOOD_BANDS)

#: Stance colours for evidence (Paul Tol's "bright" blue and orange-red are
#: avoided here: they would read as likelihood).  Tol "muted" teal and wine.
STANCE_HEX: dict[str, str] = {
    "corroborates": "#117733",
    "contradicts": "#882255",
    "context": "#777777",
}
STANCE_LABEL: dict[str, str] = {
    "corroborates": "Corroborating",
    "contradicts": "Contradicting",
    "context": "Context",
}

INK = "#1f2328"          # body text
MUTED_INK = "#57606a"    # secondary text
PAPER = "#ffffff"        # document page
CANVAS = "#f3f4f6"       # around the page and behind cards
ACCENT = "#0b5cad"       # focus and selection rings
BORDER = "#d0d7de"


def band_hex(word: str) -> str:
    """The full colour of a likelihood word (grey for no assessment)."""
    return BAND_HEX.get(word, NO_ASSESSMENT_HEX)


def band_color(word: str) -> QColor:
    return QColor(band_hex(word))


def highlight_color(word: str, current: bool = False) -> QColor:
    """A translucent tint for a claim highlight; stronger for the current claim."""
    c = QColor(band_hex(word))
    if word == NO_ASSESSMENT:
        c = QColor("#c8c8c8")
    c.setAlpha(150 if current else 80)
    return c


def text_on(word: str) -> QColor:
    """Black or white, whichever reads better on the full band colour."""
    c = QColor(band_hex(word))
    luminance = 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF()
    return QColor("#ffffff") if luminance < 0.45 else QColor(INK)


def stance_color(stance: str) -> QColor:
    return QColor(STANCE_HEX.get(stance, STANCE_HEX["context"]))
