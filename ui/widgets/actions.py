"""Window actions with their shortcuts and tips, made one way everywhere.

The window's menus and every area that adds its own actions (import,
sharing, memo export, search) make them here, so shortcuts, tooltips and
status tips behave alike and work even while a menu is hidden.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow


def make_action(window: QMainWindow, text: str, shortcut: QKeySequence.StandardKey | str | list[str] | None = None,
                tip: str = "") -> QAction:
    """An action of ``window`` with its shortcut(s) (a key string, a standard key or a list of
    key strings) and ``tip`` as tooltip and status tip; the extensions make theirs here too."""
    a = QAction(text, window)
    if isinstance(shortcut, list):
        a.setShortcuts([QKeySequence(s) for s in shortcut])
    elif isinstance(shortcut, QKeySequence.StandardKey):
        a.setShortcuts(shortcut)
    elif shortcut:
        a.setShortcut(QKeySequence(shortcut))
    if tip:
        a.setToolTip(tip)
        a.setStatusTip(tip)
    window.addAction(a)  # shortcuts work even when a menu is hidden
    return a
