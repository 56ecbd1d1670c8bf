"""The wrapped labels of an evidence card: size answers that lay no text out twice.

``QLabel.minimumSizeHint`` (which ``sizeHint`` also runs) lays a word-wrapped
label's text out three times for every new text — at no width, at the widest
and at a guessed one (up to five times for plain text, six document layouts
for rich text) — and every layout item asks for both hints as soon as the
text changes; ``heightForWidth`` lays it out again for each width asked.  A
claim switch gives the cards' labels new texts, and those layouts were a
fifth of a switch's instructions (callgrind).

Nothing on the board needs the hints exactly: the columns share the board's
width by stretch, so a column's least width is the only width that counts,
and the card layouts take every label's height from ``heightForWidth``.  A
card label therefore gives as its least width the width of its widest
unbreakable word (measured for its few longest words only) and one line's
height, and as its preferred size an estimate from the average character
width; ``heightForWidth`` is Qt's own, remembered per width until the text,
the font or the style changes.  The label knows when its text changes
because only :meth:`setText` sets it: the remembered answers are dropped
there, not recomputed from a key at each of the hundreds of questions a
switch's layout passes ask (building that key in Python cost more than the
answer).  Labels with a frame or an indent keep Qt's own hints.
"""

from __future__ import annotations

import html
import math
import re

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtGui import Qt as QtGuiNamespace  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import QLabel, QWidget

#: How many of a text's longest words (by characters) are measured for its widest word.
WORDS_MEASURED = 4
#: Qt's guess for a wrapped label's preferred width: this many average characters.
PREFERRED_CHARS = 80
#: Widths whose heights a label remembers (a resize drag asks many; a switch's passes ask a few).
WIDTHS_KEPT = 8
#: Words whose widths are remembered, per font (source names, kinds and counts recur on many cards).
ADVANCES_KEPT = 4096

_advances: dict[tuple[str, str], float] = {}  # (font key, word) -> width in pixels

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"[ \t\n]+|(?<=[-/\u2010\u2013\u2014])")


def plain_words(text: str, rich: bool) -> list[str]:
    """The unbreakable pieces of ``text`` as a wrapped label breaks it (at spaces, after dashes
    and slashes; a no-break space joins), from rich text's visible words when ``rich``."""
    if rich:
        text = html.unescape(_TAG.sub(" ", text))
    return [w for w in _BREAK.split(text) if w]


class CardLabel(QLabel):
    """A word-wrapped card label (see module docstring).  Set its text with :meth:`setText` only."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}
        self._hints: tuple[QSize, QSize] | None = None

    def _forget(self) -> None:
        self._heights = {}
        self._hints = None

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        if text != self.text():
            super().setText(text)
            self._forget()

    def setTextFormat(self, fmt: Qt.TextFormat) -> None:  # noqa: N802 - Qt override
        super().setTextFormat(fmt)
        self._forget()

    def setWordWrap(self, on: bool) -> None:  # noqa: N802 - Qt override
        super().setWordWrap(on)
        if hasattr(self, "_heights"):
            self._forget()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange,
                            QEvent.Type.ContentsRectChange):
            self._forget()  # a style sheet's font, padding or border changes the room the text has
        super().changeEvent(event)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        h = self._heights.get(width)
        if h is None:
            if len(self._heights) >= WIDTHS_KEPT:
                self._heights = {}
            h = self._heights[width] = super().heightForWidth(width)
        return h

    def _own_hints(self) -> tuple[QSize, QSize] | None:
        """(least, preferred) size for the current text, or None where Qt's own are needed."""
        hints = self._hints
        if hints is not None:
            return hints
        if self.frameWidth() or self.indent() > 0 or not self.wordWrap():
            return None
        text, fmt = self.text(), self.textFormat()
        rich = fmt == Qt.TextFormat.RichText or (
            fmt == Qt.TextFormat.AutoText and QtGuiNamespace.mightBeRichText(text))
        fm = self.fontMetrics()
        words = plain_words(text, rich)
        longest = sorted(words, key=len, reverse=True)[:WORDS_MEASURED]
        widest = math.ceil(max(_word_widths(self.font(), longest), default=0.0))
        m = self.contentsMargins()
        hextra = 2 * self.margin() + m.left() + m.right()
        vextra = 2 * self.margin() + m.top() + m.bottom()
        line = fm.height() if text else 0
        chars = sum(len(w) + 1 for w in words)
        average = fm.averageCharWidth()
        width = max(widest, min(chars, PREFERRED_CHARS) * average)
        lines = max(1, math.ceil(chars * average / width)) if width else 1
        least = QSize(widest + hextra, line + vextra).expandedTo(self.minimumSize())
        preferred = QSize(width + hextra, lines * line + vextra).expandedTo(self.minimumSize())
        self._hints = (least, preferred)
        return self._hints

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hints = self._hints or self._own_hints()
        return hints[0] if hints is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hints = self._hints or self._own_hints()
        return hints[1] if hints is not None else super().sizeHint()


def _word_widths(font: QFont, words: list[str]) -> list[float]:
    """The widths of ``words`` in ``font``, remembered: measuring a word shapes it, and a switch's
    new cards mostly show words earlier cards showed (their source names, kinds and counts)."""
    key = font.key()
    out = []
    fmf: QFontMetricsF | None = None
    for w in words:
        width = _advances.get((key, w))
        if width is None:
            if len(_advances) >= ADVANCES_KEPT:
                _advances.clear()
            if fmf is None:
                fmf = QFontMetricsF(font)
            width = _advances[(key, w)] = fmf.horizontalAdvance(w)
        out.append(width)
    return out


def preferred_size(widget: QWidget) -> QSize:
    """``widget``'s preferred size from its layout's, without the height for that width.

    ``QWidget.sizeHint`` of a widget whose layout has a height for width asks
    that layout for its height at the preferred width — a width the board
    never shows (columns share the board by stretch), at which every card
    label below lays its text out once more.  The board's layouts take
    heights from ``heightForWidth`` at the real widths, so the cards, the
    columns and the row of columns answer with this instead.
    """
    layout = widget.layout()
    if layout is None:
        return QSize(0, 0)
    m = widget.contentsMargins()
    s = layout.sizeHint()
    return QSize(s.width() + m.left() + m.right(), s.height() + m.top() + m.bottom())
