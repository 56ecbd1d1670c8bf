"""The colour key under the document title: what each highlight colour means.

Seven swatches in band order, each with its ICD 203 word and range, plus the
two underline styles.  Drawn with the same colours as the highlights, so the
key is never out of step with the document.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from ui.widgets.colors import BAND_WORDS, FAINT_HEX, band_hex, is_dark, set_tone, stance_color
from ui.widgets.flow_layout import FlowLayout
from workbench.analysis.confidence import likelihood_label

_SHORT = {
    "almost no chance": "almost no chance", "very unlikely": "very unlikely", "unlikely": "unlikely",
    "roughly even chance": "even chance", "likely": "likely", "very likely": "very likely",
    "almost certain": "almost certain",
}


class _Swatch(QWidget):
    """A small filled box (a band) or an underline sample (evidence).

    ``color`` is a band colour (the same in both schemes) or, for underlines,
    a stance ("corroborates", "contradicts") or "other", looked up in the
    current scheme at paint time so the key matches the document.
    """

    def __init__(self, color: str, underline: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._color = color
        self._underline = underline
        self.setFixedSize(QSize(14 if not underline else 22, 14))

    def color(self) -> QColor:
        if not self._underline:
            return QColor(self._color)
        dark = is_dark(self.palette())
        return QColor(FAINT_HEX[dark]) if self._color == "other" else stance_color(self._color, dark)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = self.color()
        if self._underline:
            pen = QPen(color, 2 if self._underline == "solid" else 1.4)
            if self._underline == "dotted":
                pen.setStyle(Qt.PenStyle.DotLine)
            p.setPen(pen)
            p.drawLine(1, 11, self.width() - 1, 11)
        else:
            p.setPen(QPen(color.darker(130), 1))
            p.setBrush(color)
            p.drawRoundedRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1), 3, 3)
        p.end()


class _Keyed(QWidget):
    """A swatch and its word, kept together when the key wraps."""

    def __init__(self, swatch: QWidget, text: str, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        label = QLabel(text)
        set_tone(label, "muted")
        row.addWidget(swatch)
        row.addWidget(label)
        self.setToolTip(tip)


class LikelihoodLegend(QWidget):
    """The key to the highlight colours (see module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Colour key")
        self.setAccessibleDescription("Claim highlights are coloured from orange (unlikely) through grey "
                                      "(roughly even chance) to blue (likely). Evidence quotes are underlined.")
        flow = FlowLayout(self, spacing=8)
        flow.addWidget(self._muted("Claims:"))
        for word in BAND_WORDS:
            flow.addWidget(_Keyed(_Swatch(band_hex(word)), _SHORT[word], f"{word} ({likelihood_label(word)})"))
        flow.addWidget(self._muted("   Evidence:"))
        flow.addWidget(_Keyed(_Swatch("corroborates", "solid"), "for", "A quote for the selected claim"))
        flow.addWidget(_Keyed(_Swatch("contradicts", "solid"), "against", "A quote against the selected claim"))
        flow.addWidget(_Keyed(_Swatch("other", "dotted"), "other claims", "A quote for another claim"))
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)

    @staticmethod
    def _muted(text: str) -> QLabel:
        lab = QLabel(text)
        set_tone(lab, "muted")
        return lab
