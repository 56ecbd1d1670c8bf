"""The likelihood colour scale and the other colours the app draws with.

One diverging scale, orange (the claim is unlikely) through a neutral grey
(roughly even chance) to blue (the claim is likely): the orange arm is
ColorBrewer's PuOr and the blue arm its RdBu, both colour-blind safe.  Blue
against orange differs along the blue–yellow axis, which people with the
common red–green deficiencies (deuteranopia, protanopia) still see, and the
steps also differ in lightness so the scale reads in greyscale.  Red/green
"false/true" colouring is deliberately avoided.  The full-strength band
colours are the same in both schemes: wherever they fill a shape (chips,
the probability bar, swatches) the text on them is chosen by
:func:`text_on`, so they read the same on a light or a dark window.

Everything drawn *on* the window's background has a light-scheme and a
dark-scheme value (``dark`` arguments, or the palette handed in): fixed
light colours (white cards, dark grey secondary text) would be glaring or
illegible in dark mode.  Highlights in the document are translucent tints
of the band colours, so that overlapping claims show both; in the dark
scheme they are fainter, because a tint over a near-black page gets lighter
as it gets stronger and the light text on it would lose contrast.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from workbench.analysis.confidence import LIKELIHOOD_BANDS, NO_ASSESSMENT

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

#: Stance colours for evidence, as text and lines on the window's background:
#: Paul Tol's "muted" green and wine (his "bright" blue and orange-red would
#: read as likelihood), darker in the light scheme and lighter in the dark
#: one, each at least 4.5:1 against the page, the cards and the window.
STANCE_LIGHT_HEX: dict[str, str] = {"corroborates": "#117733", "contradicts": "#882255", "context": "#6e6e6e",
                                    "mixed": "#806600", "origin": "#6e6e6e"}
STANCE_DARK_HEX: dict[str, str] = {"corroborates": "#44bb99", "contradicts": "#ee8899", "context": "#b0b0b0",
                                   "mixed": "#ddcc77", "origin": "#9a9a9a"}
#: The light-scheme stance colours (kept for callers written before dark mode).
STANCE_HEX: dict[str, str] = {k: STANCE_LIGHT_HEX[k] for k in ("corroborates", "contradicts", "context")}
STANCE_LABEL: dict[str, str] = {
    "corroborates": "Corroborating",
    "contradicts": "Contradicting",
    "context": "Context",
}

# The light scheme's page colours (ui.widgets.palette.LIGHT holds both schemes).
INK = "#1f2328"          # body text
MUTED_INK = "#57606a"    # secondary text
PAPER = "#ffffff"        # document page
CANVAS = "#f3f4f6"       # around the page and behind cards
ACCENT = "#0b5cad"       # focus and selection rings
BORDER = "#d0d7de"

#: Secondary text: at least 4.5:1 on the page, the cards and the window in its scheme.
MUTED_HEX: dict[bool, str] = {False: MUTED_INK, True: "#a0a8b1"}
#: Problems in forms (a red that is not a likelihood colour), per scheme.
ERROR_HEX: dict[bool, str] = {False: "#a40e26", True: "#ff8e8a"}
#: Faint lines: evidence of other claims, the outline of the probability bar.
FAINT_HEX: dict[bool, str] = {False: "#8c959f", True: "#7d8590"}
#: "interested party": a pale amber label (dark amber in the dark scheme) and its text.
INTERESTED_HEX: dict[bool, tuple[str, str]] = {False: ("#fff1c2", "#5c4400"), True: ("#4a3a05", "#ffe08a")}

#: Highlight opacity (0–255) by (dark scheme, current claim).
_HIGHLIGHT_ALPHA: dict[tuple[bool, bool], int] = {(False, False): 80, (False, True): 150,
                                                  (True, False): 44, (True, True): 84}


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark base (dark mode)."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def muted(palette: QPalette) -> QColor:
    """Secondary text for this palette (PlaceholderText is too faint on the window)."""
    return QColor(MUTED_HEX[is_dark(palette)])


def band_hex(word: str) -> str:
    """The full colour of a likelihood word (grey for no assessment)."""
    return BAND_HEX.get(word, NO_ASSESSMENT_HEX)


def band_color(word: str) -> QColor:
    return QColor(band_hex(word))


def highlight_color(word: str, current: bool = False, dark: bool = False) -> QColor:
    """A translucent tint for a claim highlight; stronger for the current claim."""
    c = QColor(band_hex(word))
    if word == NO_ASSESSMENT:
        c = QColor("#c8c8c8")
    c.setAlpha(_HIGHLIGHT_ALPHA[(dark, current)])
    return c


def text_on(word: str) -> QColor:
    """Black or white, whichever reads better on the full band colour."""
    c = QColor(band_hex(word))
    luminance = 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF()
    return QColor("#ffffff") if luminance < 0.45 else QColor(INK)


def stance_hex(stance: str, dark: bool = False) -> str:
    """The colour of a stance (text, stripes, underlines) in a scheme."""
    table = STANCE_DARK_HEX if dark else STANCE_LIGHT_HEX
    return table.get(stance, table["context"])


def stance_color(stance: str, dark: bool = False) -> QColor:
    return QColor(stance_hex(stance, dark))


def over(top: QColor, below: QColor) -> QColor:
    """``top`` (with its alpha) painted over an opaque ``below``: what the eye sees."""
    a = top.alphaF()
    return QColor.fromRgbF(top.redF() * a + below.redF() * (1 - a), top.greenF() * a + below.greenF() * (1 - a),
                           top.blueF() * a + below.blueF() * (1 - a))


def blend(color: QColor, toward: QColor, amount: float) -> QColor:
    """``color`` moved ``amount`` (0–1) of the way to ``toward``: a dimmed band on either scheme."""
    c = QColor(toward)
    c.setAlphaF(amount)
    return over(c, color)


def set_tone(widget: QWidget, tone: str) -> None:
    """Colour a label as secondary ("muted") or problem ("error") text.

    The colour itself comes from the app's style sheet (``ui.widgets.palette``),
    which has one value per scheme and is re-applied when the scheme
    changes; a per-widget ``color:`` would stay light-scheme grey in the dark.
    """
    if widget.property("tone") != tone:
        widget.setProperty("tone", tone)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
