"""A visible focus marker on every control, whatever the style sheet does.

Qt's style-sheet style stops drawing the platform's focus frame on buttons,
check boxes, radio buttons and combo boxes as soon as any rule touches them
(ours colour the stance buttons and pad the push buttons), so a keyboard
user could not see where the focus was.  Lists, text fields and scrolling
panes get an accent border from the style sheet, evidence cards a tint; every
other focusable control gets this ring: a 2-pixel accent rounded rectangle
painted just inside the control, after the control has painted itself.  One
:class:`FocusRing` serves the whole application; it follows
``QApplication.focusChanged`` (:func:`install_focus_ring`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QTabBar,
    QWidget,
)

#: Controls that have no focus marker of their own under the app's style sheet.
RINGED = (QAbstractButton, QComboBox, QAbstractSpinBox, QAbstractSlider, QTabBar)
_INSTALLED = "vwbFocusRing"


class FocusRing(QObject):
    """Paints the ring on the focused control (see module docstring)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.target: QWidget | None = None
        app.focusChanged.connect(self.follow)

    def follow(self, old: QWidget | None, new: QWidget | None) -> None:
        previous, self.target = self.target, None
        if previous is not None:
            try:
                previous.removeEventFilter(self)
                previous.update()
            except RuntimeError:  # deleted with its window
                pass
        if isinstance(new, RINGED):
            self.target = new
            new.installEventFilter(self)
            new.update()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.Paint or obj is not self.target or not isinstance(obj, QWidget):
            return False
        obj.event(event)  # the control paints itself first…
        p = QPainter(obj)  # …then the ring goes on top, inside its edges
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(obj.palette().color(QPalette.ColorRole.Accent), 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(QRectF(obj.rect()).adjusted(1, 1, -1, -1), 4, 4)
        p.end()
        return True


def install_focus_ring(app: QApplication) -> FocusRing | None:
    """Follow the application's focus with one ring; idempotent."""
    if app.property(_INSTALLED):
        return None
    app.setProperty(_INSTALLED, True)
    return FocusRing(app)
