"""Window geometry that fits the screen the user has.

A window manager adds a title bar and borders *outside* the size we ask
for, and panels (task bars, docks) take part of the screen: on a 1440×900
screen a 1440×900 window puts its status bar below the edge.  So the first
size is the default size shrunk to the screen's available area (its work
area) less the frame, centred in that area; and a remembered geometry that
no longer fits (a smaller screen, a changed resolution, a monitor removed)
is brought back inside the work area the same way, as are floating panels
left off-screen.  Before the window is shown the frame is unknown, so a
typical title bar is assumed (:data:`FRAME_ALLOWANCE`).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QWidget

#: The frame a window manager typically adds (a title bar of up to 38 pixels and thin borders).
FRAME_ALLOWANCE = QMargins(2, 38, 2, 2)


def _frame(frame: QMargins | None) -> QMargins:
    """The larger of the known frame and the allowance, edge by edge."""
    f = frame or QMargins()
    a = FRAME_ALLOWANCE
    return QMargins(max(f.left(), a.left()), max(f.top(), a.top()), max(f.right(), a.right()),
                    max(f.bottom(), a.bottom()))


def fitted(available: QRect, wanted: QSize, frame: QMargins | None = None,
           at: QPoint | None = None) -> tuple[QPoint, QSize]:
    """(frame position, client size) of a window of ``wanted`` size inside ``available``.

    The size shrinks to fit with its frame; the window is centred, or kept at
    ``at`` (a frame position) when it fits there whole.
    """
    m = _frame(frame)
    size = QSize(min(wanted.width(), available.width() - m.left() - m.right()),
                 min(wanted.height(), available.height() - m.top() - m.bottom()))
    outer = QSize(size.width() + m.left() + m.right(), size.height() + m.top() + m.bottom())
    if at is not None and QRect(at, outer).intersected(available) == QRect(at, outer):
        return at, size
    if at is not None:  # keep what the user chose as far as the screen allows
        x = min(max(at.x(), available.left()), available.right() + 1 - outer.width())
        y = min(max(at.y(), available.top()), available.bottom() + 1 - outer.height())
        return QPoint(x, y), size
    return QPoint(available.x() + (available.width() - outer.width()) // 2,
                  available.y() + (available.height() - outer.height()) // 2), size


def work_area(widget: QWidget) -> QRect:
    """The available geometry of the screen the widget is on (the primary screen if none)."""
    centre = widget.frameGeometry().center()
    screen = QGuiApplication.screenAt(centre) or widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_margins(widget: QWidget) -> QMargins:
    """The frame the window manager gave ``widget`` (zero before it is shown)."""
    outer, inner = widget.frameGeometry(), widget.geometry()
    return QMargins(inner.left() - outer.left(), inner.top() - outer.top(),
                    outer.right() - inner.right(), outer.bottom() - inner.bottom())


def place(window: QWidget, wanted: QSize, available: QRect | None = None, keep_position: bool = False) -> None:
    """Size and place ``window`` to fit ``available`` (default: its screen's work area)."""
    area = available if available is not None else work_area(window)
    pos, size = fitted(area, wanted, frame_margins(window), window.pos() if keep_position else None)
    window.resize(size)
    window.move(pos)


def fits(window: QWidget, available: QRect | None = None) -> bool:
    """True when the window, with its (assumed) frame, lies wholly inside the work area."""
    area = available if available is not None else work_area(window)
    m = _frame(frame_margins(window))
    outer = QRect(window.pos(), QSize(window.width() + m.left() + m.right(),
                                      window.height() + m.top() + m.bottom()))
    return area.contains(outer)


def bring_back_floating(window: QWidget, available: QRect | None = None) -> None:
    """Floating panels wholly or partly off the work area are moved (and shrunk) into it."""
    area = available if available is not None else work_area(window)
    for dock in window.findChildren(QDockWidget):
        if dock.isFloating() and not area.contains(dock.frameGeometry()):
            place(dock, dock.size(), area, keep_position=True)
