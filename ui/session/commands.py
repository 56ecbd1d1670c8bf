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
#: Runs a long undo or redo off the GUI thread: (the command, its patch, action, summary).
Background = Callable[["ServiceCommand", "Patch", str, str], None]
#: An undo or redo moving more history entries than this (a large merge) runs in the background.
BACKGROUND_EVENTS = 2000


def is_long(patch: Patch) -> bool:
    """True for a patch that brings back or forgets a long history (undo or redo of a large merge)."""
    return len(patch.get("events_add", ())) + len(patch.get("events_forget", ())) > BACKGROUND_EVENTS


class ServiceCommand(QUndoCommand):
    """One user action: already performed once; undo/redo apply its patches."""

    def __init__(self, service: ProjectService, changes: Changes, announce: Announce,
                 report: Report, text: str | None = None, conflict: Conflict | None = None,
                 background: Background | None = None) -> None:
        super().__init__(text or changes.summary)
        self._service = service
        self.changes = changes
        self._announce = announce
        self._report = report
        self._conflict = conflict
        self._background = background
        self._first = True
        self._skip = False

    def redo(self) -> None:
        if self._first:  # performed by ProjectContext.run before the push
            self._first = False
            self._announce(self.changes)
            return
        self._apply(self.changes.redo, "redo", f"Redo: {self.changes.summary}")

    def undo(self) -> None:
        self._apply(self.changes.undo, "undo", f"Undo: {self.changes.summary}")

    def skip_once(self) -> None:
        """The next undo or redo only moves the stack: a background one failed or was cancelled,
        and the stack is put back where the project really is."""
        self._skip = True

    def announce(self, result: Changes) -> None:
        """A background undo or redo finished: tell the views, as a synchronous one does."""
        self._announce(result)

    def _apply(self, patch: Patch, action: str, summary: str) -> None:
        from workbench.service import ConflictError

        if self._skip:
            self._skip = False
            return
        if self._background is not None and is_long(patch):
            # Undoing a merge of 300,000 history entries takes seconds: written in a worker with
            # progress and Cancel (ProjectContext), announced when done.
            self._background(self, patch, action, summary)
            return
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
