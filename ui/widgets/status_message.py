"""The status bar's message: a label whose new text repaints only itself.

A plain ``QLabel`` in a ``QStatusBar`` asks for a new layout at every
``setText`` (its size hint follows the text), and ``QStatusBar`` answers every
layout request by repainting the whole bar, the keyboard hints included.  The
window sets the message at each claim switch, so that was a relayout and a
full status-bar paint per switch.  Here the label sits alone in a slot that
holds it at exactly the slot's size: a widget of fixed size never passes its
layout requests on, so a new text only repaints the label's own rectangle.

The slot answers the size hints a free label would have (a fixed-size label
widens its hints to its size, so a hidden twin with the same text, style and
font is asked), so the bar lays it out as it did the label.  A new text asks
the bar for a new layout only when that layout could differ: when the old or
the new text is not narrower than the slot (a narrow window, where the bar
gives the message no more than its width and that width moves the hints) or
the height changed.  Otherwise the bar's remembered
hint is out of date but gives the same layout; it is brought up to date just
after the slot's next resize or show, the only times the bar lays the slot out
again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget


class StatusMessage(QLabel):
    """The message label; setting the text it already shows does nothing."""

    def __init__(self, slot: StatusMessageSlot) -> None:
        super().__init__(slot)
        self._slot = slot

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        if text == self.text():  # the same summary again: most switches between like claims
            return
        super().setText(text)
        self._slot.text_changed(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A new style or font may change the label's size: the twin follows, the bar is asked again."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._slot.style_changed(self)


class StatusMessageSlot(QWidget):
    """Holds a :class:`StatusMessage` at its own size (see module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._twin = QLabel(self)  # hidden: its requests go nowhere; measures the free label's hints
        self._twin.hide()
        self.label = StatusMessage(self)
        self.label.setFixedSize(0, 0)
        self._stale = False

    def text_changed(self, text: str) -> None:
        """Relayout the bar only if the message's new size hint can move anything (module docstring)."""
        old = self._twin.sizeHint()
        self._twin.setText(text)
        new = self._twin.sizeHint()
        if old == new:
            return
        width = self.width()
        if old.height() != new.height() or old.width() >= width or new.width() >= width:
            self.updateGeometry()
        else:
            self._stale = True

    def style_changed(self, label: QLabel) -> None:
        if self._twin.styleSheet() != label.styleSheet():
            self._twin.setStyleSheet(label.styleSheet())
        if self._twin.font() != label.font():
            self._twin.setFont(label.font())
        self.updateGeometry()

    def _refresh(self) -> None:
        if self._stale:
            # Called while the bar lays the slot out, which would ignore a new request:
            # ask once that layout is done.
            self._stale = False
            QTimer.singleShot(0, self, self.updateGeometry)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._twin.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._twin.minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.label.setFixedSize(event.size())
        self._refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._refresh()
