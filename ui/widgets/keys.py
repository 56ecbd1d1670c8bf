"""Keys that finish a form from inside a multi-line text field.

A ``QPlainTextEdit`` eats Return (it inserts a new line) and ignores
Ctrl+Return, so a dialog whose first field is one cannot be finished from the
keyboard without tabbing to its button.  :func:`submit_on_enter` makes
Ctrl+Return (and, for one-sentence fields such as a claim, plain Return)
press the dialog's default action; Shift+Return still breaks the line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _SubmitFilter(QObject):
    def __init__(self, edit: QPlainTextEdit, submit: Callable[[], object], plain_enter: bool) -> None:
        super().__init__(edit)
        self._submit = submit
        self._plain_enter = plain_enter

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in _ENTER:
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if mods == Qt.KeyboardModifier.ControlModifier or (
                    self._plain_enter and mods == Qt.KeyboardModifier.NoModifier):
                self._submit()
                return True
        return False


def submit_on_enter(edit: QPlainTextEdit, submit: Callable[[], object], *, plain_enter: bool = False) -> None:
    """Ctrl+Return in ``edit`` calls ``submit``; with ``plain_enter``, Return does too
    (Shift+Return then inserts the line break)."""
    edit.installEventFilter(_SubmitFilter(edit, submit, plain_enter))
