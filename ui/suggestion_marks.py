"""The claim assistant's suggestions drawn in the document: dotted violet underlines.

They are one more set of ``QTextEdit.ExtraSelection`` objects on top of the
claim and evidence highlights (:mod:`ui.highlights`), never a change to the
text.  Violet is used because the other colours already mean something
(likelihood orange–blue, stance teal/wine, grey dots for other claims'
quotes); the suggestion chosen in the panel also gets a faint violet wash.
The marks come *after* the highlights in the list, so they are painted last
and stay visible over a claim's background.

Two ways to reach the view:

* the hook: if the view has an ``overlays`` list (callables returning
  ExtraSelections, appended after the highlights by ``set_spans``), the marks
  register :meth:`SuggestionMarks.selections` there and redraw through
  ``set_spans`` — no flicker, no extra work;
* the fallback, for a view without the hook: the marks re-apply themselves
  (highlights rebuilt from ``view.spans`` plus the marks) right after the
  document pane redraws, which it does on the context's signals.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from ui.document_view import DocumentView
from ui.highlights import make_selections

MARK_HEX = "#8250df"


@dataclass(frozen=True)
class Mark:
    """One suggestion's span in code points; ``key`` is ``kind:start:end``."""

    key: str
    start: int
    end: int


def mark_format(current: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(QColor(MARK_HEX))
    if current:
        wash = QColor(MARK_HEX)
        wash.setAlpha(38)
        fmt.setBackground(wash)
    return fmt


class SuggestionMarks(QObject):
    """Dotted underlines for the listed suggestions of the document in ``view``."""

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.view = view
        self.marks: list[Mark] = []
        self.current = ""
        self._text_length = -1        # the text the marks were computed for
        overlays = getattr(view, "overlays", None)
        self.hooked = isinstance(overlays, list)
        if self.hooked:
            overlays.append(self.selections)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.apply)

    # ------------------------------------------------------------------ data

    def set_marks(self, marks: list[Mark], current: str = "", text_length: int | None = None) -> None:
        """Show ``marks`` (code points of the document now in the view)."""
        self.marks = list(marks)
        self.current = current
        self._text_length = self.view.offsets.length if text_length is None else text_length
        self.apply()

    def set_current(self, key: str) -> None:
        if key != self.current:
            self.current = key
            self.apply()

    def clear(self) -> None:
        if self.marks:
            self.marks = []
            self.current = ""
            self.apply()

    def selections(self) -> list[QTextEdit.ExtraSelection]:
        """The marks as ExtraSelections for the view's current text ([] if it changed)."""
        view = self.view
        if not self.marks or view.offsets.length != self._text_length:
            return []
        doc, offsets = view.document(), view.offsets
        plain, strong = mark_format(False), mark_format(True)
        out: list[QTextEdit.ExtraSelection] = []
        ordered = sorted(self.marks, key=lambda m: m.key == self.current)  # the current one on top
        for m in ordered:
            start, end = offsets.span_to_qt(m.start, m.end)
            cur = QTextCursor(doc)
            cur.setPosition(start)
            cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cur  # type: ignore[misc]
            sel.format = strong if m.key == self.current else plain  # type: ignore[misc]
            out.append(sel)
        return out

    # ------------------------------------------------------------------ drawing

    def apply(self) -> None:
        """Redraw highlights plus marks now."""
        view = self.view
        if self.hooked:
            view.set_spans(view.spans)
            return
        base = make_selections(view.spans, view.document(), view.offsets)
        view.setExtraSelections(base + self.selections())

    def schedule(self) -> None:
        """Re-apply after the current event (the pane redraws first, then the marks)."""
        if not self.hooked:
            self._timer.start()

    def detach(self) -> None:
        self.marks = []
        if self.hooked:
            overlays = getattr(self.view, "overlays", [])
            if self.selections in overlays:
                overlays.remove(self.selections)
        self.apply()
