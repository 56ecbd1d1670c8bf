"""A vertical scroll area whose page is always as tall as its wrapped text needs.

``QScrollArea.setWidgetResizable`` sizes the page from its size hint, which
for word-wrapped labels is computed at some other width: cards whose text
wraps onto more lines than the hint assumed were squeezed and their lines
overlapped.  This area sets the page to the viewport's width and to the
height the page's layout needs *at that width* (``heightForWidth``), after
every resize and whenever the content is rebuilt (:meth:`refit`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget


class FitScrollArea(QScrollArea):
    """Vertical scrolling only; the page follows its content's height-for-width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setProperty("focusFrame", True)  # an accent frame while it has the keyboard (style sheet)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._pending = False

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802
        super().setWidget(widget)
        widget.installEventFilter(self)
        self.refit()

    def refit(self) -> None:
        """Size the page for the current width (call after changing its content)."""
        page = self.widget()
        if page is None:
            return
        # No ``layout.activate()`` first: the height for a width is computed from a changed layout
        # as well, and activating it laid the page out at its old height before the resize below
        # laid it out again at the new one (two passes over every label, card and table).
        width = self.viewport().width()
        need = page.heightForWidth(width) if page.hasHeightForWidth() else page.sizeHint().height()
        height = max(self.viewport().height(), need, page.minimumSizeHint().height() if need < 0 else 0)
        if page.size().width() != width or page.size().height() != height:
            page.resize(width, height)

    def _refit_later(self) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._refit_now)  # dropped if this area is deleted first

    def _refit_now(self) -> None:
        self._pending = False
        self.refit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.refit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._refit_later()  # the page's content changed size
        return super().eventFilter(obj, event)


class WrapLabel(QLabel):
    """A word-wrapped label that remembers its height for the widths it was asked about.

    Qt lays a wrapped label's text out again (shaping every word) at each
    ``heightForWidth`` call, and a claim switch asks each label of the board
    and the confidence panel about a dozen times over its layout passes (284
    calls, a third of a switch's CPU): the answer depends only on the text,
    the font, the format and the margins.  The heights are kept by width
    alone and forgotten when any of those changes (the setters below, a font
    or style change, the first polish), because building a key from the
    label's text and margins at every call cost more than half of the
    answer's time (ten calls into Qt for each of the 284).
    """

    _KEEP = 8  # widths remembered per label (a resize drag asks many; the switch's passes ask a few)

    def __init__(self, text: str = "", parent: QWidget | None = None, fills_width: bool = False) -> None:
        super().__init__(text, parent)
        self._heights: dict[int, int] = {}
        self._text = text
        self._polished = False  # until the style sheet is applied its padding may still change
        self._fills_width = fills_width

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """A label made with ``fills_width`` sits alone in a row of a vertical layout that gives it
        the row's width and asks its height for that width: its size hints are then never used,
        and a wrapped label's cost Qt several layouts of its text each time it changes (at its
        natural width, at a width of 80 characters, at no width at all to find its longest word:
        for a rich-text label, its whole document each time).  Others answer as QLabel does."""
        if self._fills_width:
            return QSize(0, self.fontMetrics().height())
        return super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        if self._fills_width:
            return QSize(0, self.fontMetrics().height())
        return super().minimumSizeHint()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        h = self._heights.get(width)
        if h is None:
            if not self._polished:
                self._heights.clear()
                self._polished = self.testAttribute(Qt.WidgetAttribute.WA_WState_Polished)
            elif len(self._heights) >= self._KEEP:
                self._heights.clear()
            h = self._heights[width] = super().heightForWidth(width)
        elif not self._polished and self.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
            self._polished = True
            self._heights.clear()
            h = self._heights[width] = super().heightForWidth(width)
        return h

    def forget_heights(self) -> None:
        """Drop the remembered heights (anything that changes the room the text takes calls this)."""
        self._heights.clear()

    # The setters that change the text's height; Qt's own calls never change these.
    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        if text != self._text:
            self._text = text
            self._heights.clear()
        super().setText(text)

    def clear(self) -> None:
        self._text = ""
        self._heights.clear()
        super().clear()

    def setNum(self, num: float) -> None:  # noqa: N802 - Qt override
        self._heights.clear()
        super().setNum(num)
        self._text = super().text()

    def setTextFormat(self, fmt: Qt.TextFormat) -> None:  # noqa: N802 - Qt override
        self._heights.clear()
        super().setTextFormat(fmt)

    def setWordWrap(self, on: bool) -> None:  # noqa: N802 - Qt override
        self._heights.clear()
        super().setWordWrap(on)

    def setMargin(self, margin: int) -> None:  # noqa: N802 - Qt override
        self._heights.clear()
        super().setMargin(margin)

    def setIndent(self, indent: int) -> None:  # noqa: N802 - Qt override
        self._heights.clear()
        super().setIndent(indent)

    def setContentsMargins(self, *margins: Any) -> None:  # noqa: N802 - Qt override
        self._heights.clear()
        super().setContentsMargins(*margins)

    def setFrameStyle(self, style: int) -> None:  # noqa: N802 - Qt override
        self._heights.clear()
        super().setFrameStyle(style)

    def setFrameShape(self, shape: QFrame.Shape) -> None:  # noqa: N802 - Qt override
        self._heights.clear()
        super().setFrameShape(shape)

    def setLineWidth(self, width: int) -> None:  # noqa: N802 - Qt override
        self._heights.clear()
        super().setLineWidth(width)

    def setProperty(self, name: str, value: Any) -> bool:  # noqa: N802 - a style sheet may select on it
        self._heights.clear()
        return super().setProperty(name, value)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()  # a style sheet's padding or border changes the room the text has
        super().changeEvent(event)
