"""The probability on a bar divided into the seven ICD 203 likelihood bands.

Custom painted so the band boundaries are exact (5, 20, 45, 55, 80, 95 %),
the colours are the same scale as the highlights, and the marker shows where
this claim's probability falls, so "roughly even chance" visibly sits between
"unlikely" and "likely" rather than being just a word.  The bands other than
the claim's own are dimmed toward the background, whichever scheme is in
use; marker and labels take the palette's text colours.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.widgets.colors import BAND_WORDS, FAINT_HEX, band_hex, blend, is_dark, muted

#: The upper edge of each band, as confidence.md step 5 decides the word.
EDGES: tuple[float, ...] = (0.0, 0.05, 0.20, 0.45, 0.55, 0.80, 0.95, 1.0)


class ProbabilityBar(QWidget):
    """A band-coloured bar with a marker at the probability (None: no marker)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._p: float | None = None
        self._word = ""
        self.setMinimumHeight(56)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Probability bar")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, 56)

    def set_probability(self, p: float | None, word: str = "") -> None:
        self._p = p
        self._word = word
        if p is None:
            self.setAccessibleDescription("No assessment yet")
            self.setToolTip("No corroborating or contradicting evidence yet")
        else:
            self.setAccessibleDescription(f"Probability {p:.0%}: {word}")
            self.setToolTip(f"P = {p:.3f}: {word}")
        self.update()

    @property
    def probability(self) -> float | None:
        return self._p

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        dark = is_dark(pal)
        ink = pal.color(QPalette.ColorRole.WindowText)
        behind = pal.color(QPalette.ColorRole.Window)
        margin = 8.0
        top, height = 14.0, 16.0
        width = self.width() - 2 * margin
        bar = QRectF(margin, top, width, height)
        clip = QPainterPath()
        clip.addRoundedRect(bar, 4, 4)
        p.save()
        p.setClipPath(clip)
        for i, word in enumerate(BAND_WORDS):
            x0 = margin + EDGES[i] * width
            x1 = margin + EDGES[i + 1] * width
            color = QColor(band_hex(word))
            if self._word and word != self._word:
                color = blend(color, behind, 0.45 if dark else 0.4)
            p.fillRect(QRectF(x0, top, x1 - x0, height), color)
        p.restore()
        p.setPen(QPen(QColor(FAINT_HEX[dark]), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(bar, 4, 4)

        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        p.setFont(small)
        p.setPen(muted(pal))
        fm = p.fontMetrics()
        for edge in EDGES[1:-1]:
            x = margin + edge * width
            p.drawLine(QPointF(x, top + height), QPointF(x, top + height + 4))
            label = f"{edge * 100:.0f}%"
            p.drawText(QPointF(x - fm.horizontalAdvance(label) / 2, top + height + 5 + fm.ascent()), label)

        if self._p is not None:
            x = margin + max(0.0, min(1.0, self._p)) * width
            p.setPen(QPen(ink, 2))
            p.drawLine(QPointF(x, top - 3), QPointF(x, top + height + 3))
            tri = QPainterPath()
            tri.moveTo(x - 6, top - 10)
            tri.lineTo(x + 6, top - 10)
            tri.lineTo(x, top - 3)
            tri.closeSubpath()
            p.fillPath(tri, ink)
        p.end()
