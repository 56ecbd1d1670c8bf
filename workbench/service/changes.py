"""What a write returns (:class:`Changes`, with its undo and redo patches) and how one is refused.

The small shared vocabulary of the service package: every other module of it
imports these, and the app and ``vwb`` import them through
:mod:`workbench.service`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.analysis.confidence import Settings
    from workbench.store.stores import Store

Patch = dict[str, Any]  # {"upsert": {kind: [obj]}, "delete": {kind: [id]}, "project": {...}}


#: ``progress(done, total)`` of a long write; raising from it cancels the write (nothing changes).
Progress = Callable[[int, int], None]
#: Audit events written or forgotten per statement in a long write (and between progress reports).
EVENT_CHUNK = 5000


@dataclass(frozen=True)
class Changes:
    """What one write did: the objects it touched and how to undo or redo it."""

    action: str
    summary: str
    ids: Mapping[str, frozenset[str]]
    created: Mapping[str, frozenset[str]]
    reassessed: frozenset[str]
    settings: bool
    undo: Patch
    redo: Patch
    event_id: str

    def touched(self, kind: str) -> frozenset[str]:
        return self.ids.get(kind, frozenset())

    @property
    def new_id(self) -> str | None:
        """The id of the single object this write created, if it created one."""
        for ids in self.created.values():
            if len(ids) == 1:
                return next(iter(ids))
        return None



class ReadOnlyError(RuntimeError):
    """A write was attempted on a project opened read-only."""



class ServiceState:
    """The state every part of :class:`~workbench.service.ProjectService` works on.

    Declared here (and defined by the ``ProjectService`` dataclass) so the
    reads, the writes and the transaction machinery, each in a module of its
    own, type-check against the same fields.
    """

    pf: Store
    analyst: str
    _settings: Settings | None
    # The version of each object as this client last read or wrote it: an edit
    # names it, so a colleague's change in between is a conflict, never overwritten.
    _seen: dict[tuple[str, str], int]

    @property
    def on_server(self) -> bool:
        """True when colleagues may write at the same time (a server project)."""
        return self.pf.login is not None

    @property
    def read_only(self) -> bool:
        return self.pf.read_only


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= n else text[: n - 1] + "…")
