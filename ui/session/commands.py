"""Undo commands: thin wrappers around one service write and its patches.

The service already records how to undo and redo each write (``Changes.undo``
and ``Changes.redo`` are data), so a command only stores the ``Changes`` of
its first run.  Undo and redo are themselves new writes (``apply_patch``),
which keeps the audit log honest: an undo is an event like any other.

The first run happens *before* the command is pushed (see
:meth:`ui.session.context.ProjectContext.run`), so a write the service refuses never
reaches the stack; ``redo()`` on push only announces the result.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from workbench.service import Changes, Patch, ProjectService

Announce = Callable[[Changes], None]
Report = Callable[[str, BaseException], None]


class ServiceCommand(QUndoCommand):
    """One user action: already performed once; undo/redo apply its patches."""

    def __init__(self, service: ProjectService, changes: Changes, announce: Announce,
                 report: Report, text: str | None = None) -> None:
        super().__init__(text or changes.summary)
        self._service = service
        self.changes = changes
        self._announce = announce
        self._report = report
        self._first = True

    def redo(self) -> None:
        if self._first:  # performed by ProjectContext.run before the push
            self._first = False
            self._announce(self.changes)
            return
        self._apply(self.changes.redo, "redo", f"Redo: {self.changes.summary}")

    def undo(self) -> None:
        self._apply(self.changes.undo, "undo", f"Undo: {self.changes.summary}")

    def _apply(self, patch: Patch, action: str, summary: str) -> None:
        try:
            result = self._service.apply_patch(patch, action, summary)
        except Exception as exc:  # noqa: BLE001 - reported to the user, never a crash
            self.setObsolete(True)
            self._report(f"Could not {action} “{self.changes.summary}”", exc)
            return
        self._announce(result)
