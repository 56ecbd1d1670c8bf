"""Statements of the open document that bear on the selected claim of
another document: evidence across documents, below the Suggestions list.

When a second report of an event is imported, the claims already in the
project are the questions; this box lists, for the selected claim, the
sentences of the new document about the same event (same actors, numbers,
places, time — :mod:`workbench.assist.crossdoc`), each with its stance hint
and speaking source. A or Enter links the current one as evidence for that
claim with its quote anchored in this document — the claim is named in the
box's title, so nothing goes to a claim the analyst did not see — in one
undo step (``link_evidence``, or ``add_source_and_evidence`` for a speaker
who is not a source yet).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.document.suggestion_marks import short
from ui.session.context import ProjectContext
from workbench.service import SOURCE_KINDS

_KIND = {"person": "person", "organisation": "organisation", "outlet": "outlet", "anonymous": "person"}


class _List(QListWidget):
    acceptRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_A, Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.acceptRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class CrossSuggestionsBox(QWidget):
    """The cross-document suggestions for the selected claim (see module docstring)."""

    #: A line for the panel's status.
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: ProjectContext | None = None
        self.doc_id = ""
        self.all: list[dict[str, Any]] = []
        self.claim_id = ""
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Statements bearing on the selected claim")
        self.list = _List()
        self.list.setAccessibleName("Statements of this document bearing on the selected claim")
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(170)
        lay.addWidget(self.title)
        lay.addWidget(self.list)
        self.list.acceptRequested.connect(lambda: self.accept_current())
        self.list.itemActivated.connect(lambda _i: self.accept_current())

    def set_results(self, ctx: ProjectContext | None, doc_id: str, cross: list[dict[str, Any]]) -> None:
        self.ctx, self.doc_id, self.all = ctx, doc_id, cross
        self.show_for(ctx.current_claim if ctx is not None else "")

    def show_for(self, claim_id: str) -> None:
        """List the statements bearing on ``claim_id`` (a claim of another document)."""
        ctx = self.ctx
        self.claim_id = claim_id if ctx is not None and claim_id in ctx.store.claims else ""
        self.list.clear()
        claims_hit = len({c["claim"] for c in self.all})
        if not self.claim_id or ctx is None:
            self.title.setText(f"Across documents: {len(self.all)} statements here bear on "
                               f"{claims_hit} claims of other documents. Select one of those claims to see them."
                               if self.all else "Across documents: nothing here bears on claims of other documents.")
            self.setVisible(bool(self.all))
            return
        claim = ctx.store.claims[self.claim_id]
        if claim.get("document") == self.doc_id:
            self.title.setText("Across documents: select a claim of another document to see what this one says "
                               f"about it ({len(self.all)} statements bear on {claims_hit} claims).")
            self.setVisible(bool(self.all))
            return
        mine = [c for c in self.all if c["claim"] == self.claim_id]
        self.setVisible(True)
        self.title.setText(f"Across documents — bearing on “{short(claim.get('text', ''), 80)}”: "
                           f"{len(mine) or 'nothing'}")
        linked = {(e.get("document"), e.get("start"), e.get("end")) for e in ctx.store.evidence_for(self.claim_id)}
        for c in mine:
            done = (self.doc_id, c["start"], c["end"]) in linked
            who = c["speaker"] or "the article"
            item = QListWidgetItem(f"{'✓ ' if done else ''}{c['stance_hint']} · {who}: “{short(c['quote'], 140)}”")
            item.setToolTip("; ".join(c["reasons"]))
            item.setData(Qt.ItemDataRole.UserRole, {**c, "linked": done})
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def accept_current(self) -> bool:
        """Link the current statement as evidence for the claim named above."""
        ctx, item = self.ctx, self.list.currentItem()
        if ctx is None or item is None or not self.claim_id:
            return False
        if ctx.read_only:
            self.message.emit("This project is open read-only: save a copy to record suggestions.")
            return False
        c: dict[str, Any] = item.data(Qt.ItemDataRole.UserRole)
        if c.get("linked"):
            self.message.emit("Already evidence for this claim.")
            return False
        text = ctx.store.document_text(self.doc_id)
        fields: dict[str, Any] = {"stance": c["stance_hint"], "credibility": 6, "quote": text[c["start"]:c["end"]],
                                  "document": self.doc_id, "start": c["start"], "end": c["end"]}
        title = ctx.store.documents.get(self.doc_id, {}).get("title", "") or "this document"
        speaker = c["speaker"] or title
        sid = next((s for s, n in ctx.store.source_names().items() if n.casefold() == speaker.casefold()), None)
        cid = self.claim_id
        if sid is not None:
            f = dict(fields)
            st, cred = f.pop("stance"), f.pop("credibility")
            changes = ctx.run("Link evidence from another document",
                              lambda: ctx.service.link_evidence(cid, sid, st, cred, **f))
        else:
            kind = _KIND.get(c.get("speaker_kind") or "", "document" if not c["speaker"] else "other")
            src = {"name": speaker, "kind": kind if kind in SOURCE_KINDS else "other", "reliability": "F",
                   "confidential": c.get("speaker_kind") == "anonymous", "notes": ""}
            changes = ctx.run("Link evidence from another document",
                              lambda: ctx.service.add_source_and_evidence(src, {"claim": cid, **fields}))
        if changes is None:
            return False
        claim = ctx.store.claims.get(cid, {}).get("text", "")
        self.message.emit(f"Linked {speaker} as {fields['stance']} evidence for “{short(claim, 50)}”.")
        self.show_for(cid)
        return True
