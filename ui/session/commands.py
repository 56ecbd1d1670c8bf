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
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:  # loaded after the first paint (ui.session.loading); a command exists only after a write
    from workbench.service import Changes, ConflictError, Patch, ProjectService

Announce = Callable[["Changes"], None]
Report = Callable[[str, BaseException], None]
#: An undo or redo met a colleague's change: (what, the ConflictError, the patch it tried).
Conflict = Callable[[str, "ConflictError", "Patch"], None]


class ServiceCommand(QUndoCommand):
    """One user action: already performed once; undo/redo apply its patches."""

    def __init__(self, service: ProjectService, changes: Changes, announce: Announce,
                 report: Report, text: str | None = None, conflict: Conflict | None = None) -> None:
        super().__init__(text or changes.summary)
        self._service = service
        self.changes = changes
        self._announce = announce
        self._report = report
        self._conflict = conflict
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
        from workbench.service import ConflictError

        try:
            result = self._service.apply_patch(patch, action, summary)
        except ConflictError as exc:
            # A colleague changed what this undo would restore: nothing was written. The step
            # leaves the stack (it no longer describes the project); the user chooses, as for
            # any stale write, and keeping theirs own is a new step of its own.
            self.setObsolete(True)
            if self._conflict is not None:
                self._conflict(f"{action.capitalize()} “{self.text()}”", exc, patch)
            else:
                self._report(f"Could not {action} “{self.changes.summary}”", exc)
            return
        except Exception as exc:  # noqa: BLE001 - reported to the user, never a crash
            self.setObsolete(True)
            self._report(f"Could not {action} “{self.changes.summary}”", exc)
            return
        self._announce(result)
