"""What reviewing a suggestion writes: accepting one as a claim or as evidence (with the claim dialog,
the stance question or the evidence form on the way), and dismissing one as an undoable command.

The suggestions panel (:mod:`ui.document.suggestions_panel`) keeps the list and the
selection and calls these with itself as the :class:`Reviewer`; they sit apart from its
widgets and its analysis worker.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QDialog, QWidget

from ui.dialogs.claim_dialog import ClaimDialog
from ui.dialogs.evidence_form import NO_SOURCE, EvidenceForm
from ui.dialogs.stance_question import StanceQuestion
from ui.document.suggestion_marks import Item, quote_span, short, source_for
from ui.session.context import ProjectContext
from workbench.service import SOURCE_KINDS


class Reviewer(Protocol):
    """What these need of the panel: its document and analysis, its claim target, its status line."""

    doc_id: str
    result: dict[str, Any]

    def window(self) -> QWidget: ...

    def say(self, text: str) -> None: ...

    def target_claim(self) -> str: ...

    def dismissal_changed(self, ctx: ProjectContext, doc_id: str, key: str, dismissed: bool) -> None: ...


class DismissCommand(QUndoCommand):
    """Dismiss a suggestion in a document; undo restores it (both are audited writes)."""

    def __init__(self, panel: Reviewer, ctx: ProjectContext, doc_id: str, key: str, label: str) -> None:
        super().__init__(f"Dismiss suggestion “{short(label, 40)}”")
        self.panel, self.ctx, self.doc_id, self.key = panel, ctx, doc_id, key

    def redo(self) -> None:
        self._set(True)

    def undo(self) -> None:
        self._set(False)

    def _set(self, dismissed: bool) -> None:
        try:
            self.ctx.service.dismiss_suggestion(self.doc_id, self.key, dismissed)
        except Exception as exc:  # noqa: BLE001 - shown by the window, never a crash
            self.setObsolete(True)
            self.ctx.failed.emit("Could not " + ("dismiss" if dismissed else "restore") + " the suggestion", exc)
            return
        self.panel.dismissal_changed(self.ctx, self.doc_id, self.key, dismissed)


def accept_claim(panel: Reviewer, ctx: ProjectContext, s: Item, edit: bool) -> bool:
    """Mark the suggested claim at its span (after the claim dialog with ``edit``); True if marked."""
    doc, start, end = panel.doc_id, s["start"], s["end"]
    fields: dict[str, Any] = {"text": " ".join(s["text"].split())}
    if edit:
        dialog = ClaimDialog(panel.window(), s["text"], passage=s["text"])
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        fields = dialog.values()
    text = fields.pop("text")
    changes = ctx.run("Accept suggested claim", lambda: ctx.service.add_claim(text, doc, start, end, **fields))
    if changes is None or not changes.new_id:
        return False
    ctx.select_claim(changes.new_id)
    panel.say(f"Marked the claim “{short(text, 60)}”. Attributions now become its evidence.")
    return True


def accept_attribution(panel: Reviewer, ctx: ProjectContext, s: Item, edit: bool) -> bool:
    """Record the attribution as evidence for the panel's target claim, from the matched source or a new
    one (after the evidence form with ``edit``, else asking for a stance the hint does not give)."""
    claim_id = panel.target_claim()
    if not claim_id:
        panel.say("Select a claim first: an accepted attribution becomes evidence for a claim of this "
                 "document, or for the claim chosen under “Evidence for”.")
        return False
    qs, qe = quote_span(s)
    text = ctx.store.document_text(panel.doc_id)
    stance = s.get("stance_hint") if s.get("stance_hint") in ("corroborates", "contradicts") else ""
    if not stance and not edit:
        question = StanceQuestion(panel.window(), s.get("speaker", ""), short(text[qs:qe], 160),
                                  short(ctx.store.claims[claim_id].get("text", ""), 100))
        if question.exec() != QDialog.DialogCode.Accepted or not question.stance:
            panel.say("Nothing recorded: no stance chosen.")
            return False
        stance = question.stance
    stance = stance or "context"
    fields: dict[str, Any] = {"stance": stance, "credibility": 6, "quote": text[qs:qe],
                              "document": panel.doc_id, "start": qs, "end": qe, "date": s.get("date")}
    src = source_for(s, panel.result.get("sources", [])) or {}
    source_id = src.get("existing_source_id") if src.get("existing_source_id") in ctx.store.sources else None
    new_source = None if source_id else {
        "name": s["speaker"], "kind": src.get("kind") if src.get("kind") in SOURCE_KINDS else "other",
        "reliability": "F", "confidential": bool(src.get("confidential") or s.get("speaker_kind") == "anonymous"),
        "notes": s.get("speaker_role") or ""}
    if edit:
        form = evidence_form(panel, ctx, claim_id, source_id, new_source, fields)
        if form.exec() != QDialog.DialogCode.Accepted:
            return False
        v = form.values()
        source_id, new_source, fields = v.source_id, v.new_source, dict(v.fields)
    cid = claim_id
    if new_source is not None:
        ev = {"claim": cid, **fields}
        changes = ctx.run("Accept suggested evidence",
                          lambda: ctx.service.add_source_and_evidence(new_source, ev))
    elif source_id is not None:
        chosen = str(source_id)
        f = dict(fields)
        st, cred = f.pop("stance"), f.pop("credibility")
        changes = ctx.run("Accept suggested evidence",
                          lambda: ctx.service.link_evidence(cid, chosen, st, cred, **f))
    else:
        panel.say(NO_SOURCE)
        return False
    if changes is None:
        return False
    new_ev = next(iter(changes.created.get("evidence", ())), None)
    if new_ev:
        ctx.select_evidence(new_ev)
    who = new_source["name"] if new_source else ctx.store.source_name(source_id)
    claim = ctx.store.claims.get(cid, {}).get("text", "")
    panel.say(f"Recorded {who} as {fields.get('stance', stance)} evidence for “{short(claim, 50)}”.")
    return True


def evidence_form(panel: Reviewer, ctx: ProjectContext, claim_id: str, source_id: str | None,
                  new_source: dict[str, Any] | None, fields: dict[str, Any]) -> EvidenceForm:
    """The evidence form filled in from the suggestion (a new source's fields included)."""
    claim = ctx.store.claims.get(claim_id, {})
    form = EvidenceForm(panel.window(), claim_text=claim.get("text", ""),
                        sources=list(ctx.store.sources.values()),
                        claim_evidence=ctx.store.evidence_for(claim_id),
                        prefill={**fields, "source": source_id},
                        document_titles={d: r.get("title", "") for d, r in ctx.store.documents.items()})
    if new_source is not None:
        form.new_source_box.setChecked(True)
        sf = form.source_fields
        sf.name.setText(new_source["name"])
        sf.kind.setCurrentIndex(max(0, sf.kind.findData(new_source["kind"])))
        sf.confidential.setChecked(new_source["confidential"])
        sf.notes.setText(new_source["notes"])
    return form
