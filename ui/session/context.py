"""The open project as the views see it: service, store, undo stack, dispatcher.

Every write goes through :meth:`ProjectContext.run`: it calls the service
(one transaction), pushes one undo command, refreshes the store from the
returned ``Changes`` and emits :attr:`ProjectContext.changed` once with a
:class:`~ui.session.store.StoreDelta`, so each view refreshes only what changed
(Anki's ``OpChanges`` pattern).  Undo and redo come back through the same
signal.  The current claim, evidence item and document are also held here,
so that selecting a claim anywhere selects it everywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from ui.session.commands import ServiceCommand
from ui.session.store import ProjectStore, StoreDelta
from ui.session.workers import Task, Worker, run_with_progress
from workbench.analysis.confidence import Assessment

if TYPE_CHECKING:  # the service's modules load after the first paint (ui.session.loading)
    from ui.session.loading import LoadingService
    from workbench.service import Changes, ConflictError, Patch, ProjectService

#: How a server role reads in a sentence ("your login bob is an editor").
_ROLE_WORDS = {"vwb_reader": "a reader", "vwb_editor": "an editor", "vwb_lead": "a lead"}
#: The exchanged kinds of objects (workbench.store.exchange.KINDS, without importing it).
KINDS = ("documents", "sources", "claims", "evidence")


class ProjectContext(QObject):
    """One open project (see module docstring)."""

    #: After a write, undo or redo: the store is already refreshed.
    changed = Signal(object)          # StoreDelta
    claimSelected = Signal(str)       # "" when none
    evidenceSelected = Signal(str)    # "" when none
    documentSelected = Signal(str)    # "" when none
    sourceShown = Signal(str)         # ask the navigator to reveal a source
    #: A write failed: (what the user tried, the error).  The window shows it.
    failed = Signal(str, object)
    #: A colleague's committed write on a server project, already shown: "bob: Edited a claim".
    colleagueChanged = Signal(str)
    #: A write met a colleague's newer change: (what, the ConflictError, the write to try again).
    #: The views already show the colleague's value when it is emitted.
    conflicted = Signal(str, object, object)
    #: The connection to the server was lost (False) or is back (True).
    connectionChanged = Signal(bool)
    #: A message for the status bar (a long undo or redo was cancelled).
    busy = Signal(str)

    def __init__(self, service: ProjectService | LoadingService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A LoadingService answers every ProjectService call (reads from the checked file until the
        # full service has loaded), so the rest of the app is typed against the service it stands for.
        self.service: ProjectService = cast("ProjectService", service)
        self.store = ProjectStore(self.service)
        signals = getattr(service, "signals", None)
        if signals is not None:  # a file shown from its reader: the service follows (ui.session.loading)
            signals.loaded.connect(self._service_loaded)
        self.undo_stack = QUndoStack(self)
        self._closed = False
        self._load_asked = False
        self.current_claim = ""
        self.current_evidence = ""
        self.current_document = ""
        self._prefetch: Worker | None = None
        self._own_events: set[str] = set()
        self._follow_stop: threading.Event | None = None
        self._bridge: _Bridge | None = None

    # ------------------------------------------------------------------ colleagues' writes

    def follow_colleagues(self) -> None:
        """On a server project, listen (off the GUI thread) for everyone's committed writes.

        Each one refreshes only what it changed through the same dispatch as
        our own writes, so selection, scroll and half-filled forms stay.
        """
        if not self.service.on_server or self._follow_stop is not None:
            return
        self._follow_stop = threading.Event()
        self._bridge = _Bridge(self)
        self._bridge.got.connect(self._colleague_event)
        self._bridge.state.connect(self._connection_state)
        bridge, stop = self._bridge, self._follow_stop
        threading.Thread(target=self.service.follow, args=(bridge.got.emit, stop, bridge.state.emit),
                         name="vwb-listen", daemon=True).start()

    def _colleague_event(self, event: dict[str, Any]) -> None:
        if self._closed or event.get("event") in self._own_events:
            return
        changes = self.service.changes_of(event)
        delta = self.store.apply(changes)
        delta.changes = changes
        self._fix_selection(changes)
        self.changed.emit(delta)
        self.colleagueChanged.emit(f"{event.get('who')}: {event.get('summary')}")

    def _connection_state(self, up: bool) -> None:
        if not self._closed:
            self.connectionChanged.emit(up)

    # ------------------------------------------------------------------ background assessment

    def prefetch_assessments(self) -> None:
        """Assess every claim off the GUI thread (large projects only).

        Claims are otherwise assessed when first shown; sorting by likelihood
        and the project-wide views need them all, and the claims list should
        not query row by row as it scrolls.  The job opens its own read-only
        connection; a result overtaken by a write is computed again.
        """
        if self._closed or self.store.all_assessed or self._prefetch is not None:
            return
        generation = self.store.generation
        worker = Worker(_assess_all_job, self.service)
        worker.signals.succeeded.connect(lambda result, g=generation: self._prefetched(result, g))
        worker.signals.finished.connect(self._prefetch_finished)
        self._prefetch = worker.start()

    def _prefetch_finished(self) -> None:
        self._prefetch = None

    def _prefetched(self, assessed: dict[str, Assessment], generation: int) -> None:
        if self.service is None or self._closed:
            return
        new = self.store.adopt_assessments(assessed, generation)
        if new is None:  # a write overtook the job: once more, from the new state
            self._prefetch = None
            self.prefetch_assessments()
            return
        if new:
            self.changed.emit(StoreDelta(reassessed=new))

    # ------------------------------------------------------------------ the service, loading

    def load_service_soon(self) -> None:
        """Start loading the full service off the GUI thread once the event loop is back (the
        window calls this when it paints); does nothing once asked or loaded."""
        if not self._load_asked and callable(getattr(self.service, "load_in_background", None)):
            self._load_asked = True
            QTimer.singleShot(0, self, self._load_service)

    def _load_service(self) -> None:
        load = getattr(self.service, "load_in_background", None)  # None once the service took over
        if load is not None and not self._closed:
            load()

    def _service_loaded(self) -> None:
        """The service took over from the reader: talk to it directly from now on."""
        if self._closed or not getattr(self.service, "loaded", False):
            return
        real = self.service.service  # type: ignore[attr-defined]  # the stand-in hands over the real service
        self.service = real
        self.store.service = real

    # ------------------------------------------------------------------ properties

    @property
    def path(self) -> Path:
        return self.service.path

    @property
    def read_only(self) -> bool:
        return self.service.read_only

    def why_not_delete_documents(self) -> str:
        """"" when this project's documents may be deleted here; else why not, in one sentence.

        A read-only project says so; on a team server only leads may (the
        server refuses editors), so the app disables the action instead of
        letting an editor meet the refusal.
        """
        if self.read_only:
            return (f"{self.service.short_name} is open read-only: save a copy (File ▸ Save a Copy…) "
                    "to delete documents.")
        if self.service.on_server:
            role = self.service.role
            if role != "vwb_lead":
                what = _ROLE_WORDS.get(role or "", "without a Workbench role")
                return (f"On a team server only a project lead may delete documents; "
                        f"your login {self.service.analyst} is {what}.")
        return ""

    # ------------------------------------------------------------------ writes

    def run(self, what: str, write: Callable[[], Changes]) -> Changes | None:
        """Perform one write as one undo step; report failures instead of raising.

        ``what`` names the action for the Undo menu ("Undo Add evidence").
        Returns the Changes, or None when the service refused the write.
        """
        from workbench.service import ConflictError  # loaded by now if the write needs it

        try:
            changes = write()
        except ConflictError as exc:  # nothing was written; show theirs, let the user choose
            self._take_theirs(exc.kind, exc.id)
            self.conflicted.emit(what, exc, write)
            return None
        except Exception as exc:  # noqa: BLE001 - every refusal is shown, none crashes
            self.failed.emit(f"Could not {what[:1].lower()}{what[1:]}", exc)
            return None
        self.undo_stack.push(ServiceCommand(self.service, changes, self._announce, self._report, what,
                                            self._undo_conflicted, self._in_background))
        return changes

    def adopt(self, what: str, changes: Changes) -> None:
        """A write already performed off the GUI thread (a merge in a worker) becomes one undo step."""
        self.undo_stack.push(ServiceCommand(self.service, changes, self._announce, self._report, what,
                                            self._undo_conflicted, self._in_background))

    def _in_background(self, command: ServiceCommand, patch: Patch, action: str, summary: str) -> None:
        """An undo or redo that moves a long history (a large merge) runs in a worker.

        The stack has already moved; the progress dialog is modal at once, so
        nothing else is written meanwhile.  If the write fails or is
        cancelled (its transaction rolls back), the stack is moved back
        without writing, so it again says where the project really is.
        """
        total = len(patch.get("events_add", ())) + len(patch.get("events_forget", ()))
        text = f"{action.capitalize()}: {total:,} history entries…"

        def job(task: Task) -> Changes:
            def step(done: int, n: int) -> None:
                task.check()  # raising inside the transaction rolls it back
                task.progress(done, n, text)

            task.progress(0, 0, text)
            result = self.service.apply_patch(patch, action, summary, progress=step)
            task.committed()
            return result

        def put_back() -> None:
            command.skip_once()
            (self.undo_stack.redo if action == "undo" else self.undo_stack.undo)()

        def failed(exc: BaseException) -> None:
            from workbench.service import ConflictError

            if self._closed:
                return
            put_back()
            if isinstance(exc, ConflictError):
                self._undo_conflicted(f"{action.capitalize()} “{command.text()}”", exc, patch)
            else:
                self.failed.emit(f"Could not {action} “{command.changes.summary}”", exc)

        def cancelled() -> None:
            if not self._closed:
                put_back()
                self.busy.emit(f"{action.capitalize()} of “{command.text()}” cancelled; nothing was changed.")

        def done(result: Changes) -> None:
            if not self._closed:
                command.announce(result)

        run_with_progress(None, f"{action.capitalize()} {command.text()}", job, done, failed,
                          min_duration_ms=0, on_cancel=cancelled)

    def _undo_conflicted(self, what: str, exc: ConflictError, patch: Patch) -> None:
        """Undo or redo met a colleague's change: show theirs, then the same choice as any stale write.

        Keep Mine puts back only what the user's own step changed, as a new
        step (undoable like any other); Take Theirs writes nothing.  The choice
        is asked once the undo stack has finished its own step (a step pushed
        from inside ``QUndoStack.undo`` would land on the redo side).
        """
        self._take_theirs(exc.kind, exc.id, {k: [o["id"] for o in patch.get("upsert", {}).get(k, [])]
                                             + list(patch.get("delete", {}).get(k, [])) for k in KINDS})

        def keep_mine() -> Changes:
            return self.service.apply_patch(self.service.keep_mine(patch), "keep_mine", what)

        def ask() -> None:
            if not self._closed:
                self.conflicted.emit(what, exc, keep_mine)
        QTimer.singleShot(0, self, ask)

    def _take_theirs(self, kind: str, object_id: str, more: dict[str, list[str]] | None = None) -> None:
        """Re-read what a colleague changed (one object, and ``more``), so the views and the next write
        have their values."""
        ids = {k: list(v) for k, v in (more or {}).items()}
        ids.setdefault(kind, []).append(object_id)
        changes = self.service.changes_of({"ids": ids, "action": "refresh", "summary": "A colleague's change"})
        delta = self.store.apply(changes)
        delta.changes = changes
        self._fix_selection(changes)
        self.changed.emit(delta)

    def _report(self, what: str, exc: BaseException) -> None:
        self.failed.emit(what, exc)

    def _announce(self, changes: Changes) -> None:
        self._own_events.add(changes.event_id)
        delta = self.store.apply(changes)
        delta.changes = changes
        self._fix_selection(changes)
        self.changed.emit(delta)

    def _fix_selection(self, changes: Changes) -> None:
        """Keep the selection valid: a deleted claim gives way to a neighbour."""
        store = self.store
        if self.current_document and self.current_document not in store.documents:
            self.select_document(next(iter(store.documents), ""))
        if self.current_claim and self.current_claim not in store.claims:
            self.select_claim(store.first_claim(self.current_document or None) or store.first_claim() or "")
        if self.current_evidence and changes.action in ("undo", "redo", "delete_evidence", "delete_source",
                                                        "delete_claim"):
            if self.current_evidence in changes.touched("evidence"):
                if all(e["id"] != self.current_evidence for e in store.evidence_for(self.current_claim)):
                    self.select_evidence("")

    # ------------------------------------------------------------------ selection

    def select_claim(self, claim_id: str) -> None:
        claim_id = claim_id or ""
        if claim_id == self.current_claim:
            return
        self.current_claim = claim_id
        self.current_evidence = ""
        doc = self.store.claims.get(claim_id, {}).get("document") if claim_id else None
        if doc and doc != self.current_document:
            self.select_document(doc)
        self.claimSelected.emit(claim_id)

    def select_evidence(self, evidence_id: str) -> None:
        evidence_id = evidence_id or ""
        if evidence_id == self.current_evidence:
            return
        if evidence_id:
            row = self.store.evidence(evidence_id)
            if row and row["claim"] != self.current_claim:
                self.select_claim(row["claim"])
        self.current_evidence = evidence_id
        self.evidenceSelected.emit(evidence_id)

    def select_document(self, doc_id: str) -> None:
        doc_id = doc_id or ""
        if doc_id == self.current_document:
            return
        self.current_document = doc_id
        self.documentSelected.emit(doc_id)

    def show_source(self, source_id: str) -> None:
        self.sourceShown.emit(source_id)

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Forget the undo history and close the file (undo lasts until close)."""
        self._closed = True
        if self._follow_stop is not None:
            self._follow_stop.set()
        if self._prefetch is not None:
            self._prefetch.cancel()
        self.undo_stack.clear()
        self.service.close()


class _Bridge(QObject):
    """Carries the listener thread's news to the GUI thread (queued signals)."""

    got = Signal(object)
    state = Signal(bool)


def _assess_all_job(task: Task) -> dict[str, Assessment]:
    """Worker job: every claim's assessment, through a connection of its own."""
    svc = task.open_service(read_only=True)
    try:
        task.check()
        return svc.assess_all()
    finally:
        svc.close()


def empty_delta() -> StoreDelta:
    """A delta that changes nothing (views use it to draw their first state)."""
    return StoreDelta()


#: (signal, slot) pairs: what a panel connects to one context.
Wiring = list[tuple[Any, Callable[..., Any]]]
#: A panel's connections to one context.
Connections = Callable[[ProjectContext], Wiring]


def rewire(old: ProjectContext | None, new: ProjectContext | None, connections: Connections) -> None:
    """Move a panel's connections from the context it followed to the next one (either may be None)."""
    if old is not None:
        for sig, slot in connections(old):
            sig.disconnect(slot)
    if new is not None:
        for sig, slot in connections(new):
            sig.connect(slot)
