"""What the Claim menu, the cards and the navigator's row menus do.

Each handler gathers plain values (from the document selection or a
dialog), then performs exactly one service write through
:meth:`ui.session.context.ProjectContext.run`, so it is one undo step and every view
hears of it through the one ``changed`` signal.  Dialogs are created by
small factory methods so tests can replace them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from ui.session import messages
from ui.session.context import ProjectContext

if TYPE_CHECKING:
    from ui.dialogs.evidence_form import EvidenceForm
    from workbench.service import Changes

# The dialogs are imported when first opened, not with the window: they pull in
# the core service (SQLAlchemy), which the first paint does not wait for.

SpanGetter = Callable[[], "tuple[str, int, int, str] | None"]  # (document id, start, end, text)


class ClaimActions(QObject):
    """Handlers for claim, evidence, source and document edits (see module docstring)."""

    def __init__(self, window: QWidget, selection: SpanGetter) -> None:
        super().__init__(window)
        self.window = window
        self.ctx: ProjectContext | None = None
        self._selection = selection

    def set_context(self, ctx: ProjectContext | None) -> None:
        self.ctx = ctx

    def _writable(self) -> ProjectContext | None:
        return messages.writable(self.window, self.ctx, "make changes")

    # ------------------------------------------------------------------ claims

    def mark_claim(self) -> str | None:
        """Mark the selected words as a claim (Ctrl+M); returns the new claim's id."""
        ctx = self._writable()
        if ctx is None:
            return None
        span = self._selection()
        if span is None:
            messages.show_error(self.window, "Mark Claim", "Select the words of the claim in the document first.")
            return None
        doc_id, start, end, text = span
        from ui.dialogs.claim_dialog import ClaimDialog

        dialog = ClaimDialog(self.window, text, passage=text, **_publishing_choices(ctx, None))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        v = dialog.values()
        fields = {key: value for key, value in v.items() if key != "text"}
        changes = ctx.run("Mark claim", lambda: ctx.service.add_claim(v["text"], doc_id, start, end, **fields))
        if changes is None:
            return None
        new_id = next(iter(changes.created.get("claims", ())), None)
        if new_id:
            ctx.select_claim(new_id)
        return new_id

    def edit_claim(self, claim_id: str | None = None) -> None:
        ctx = self._writable()
        claim_id = claim_id or (ctx.current_claim if ctx else "")
        if ctx is None or not claim_id:
            return
        claim = ctx.store.claims.get(claim_id)
        if claim is None:
            return
        from ui.dialogs.claim_dialog import ClaimDialog

        dialog = ClaimDialog(self.window, claim["text"], claim=claim, **_publishing_choices(ctx, claim_id))
        opened = _opened(ctx, "claims", claim_id, claim)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        # Text, status and the published review together: one write, one undo step.
        write = opened.write(dialog.values(), ctx.service.update_claim)
        if write is not None:
            ctx.run("Edit claim", write)

    def delete_claim(self, claim_id: str | None = None) -> None:
        ctx = self._writable()
        claim_id = claim_id or (ctx.current_claim if ctx else "")
        if ctx is None or not claim_id or claim_id not in ctx.store.claims:
            return
        n = len(ctx.store.evidence_for(claim_id))
        if n and not messages.confirm(self.window, "Delete Claim",
                                      f"Delete this claim and its {n} evidence item{'s' if n != 1 else ''}?\n"
                                      "You can undo this (Ctrl+Z) until the project is closed."):
            return
        ctx.run("Delete claim", lambda: ctx.service.delete_claim(claim_id))

    # ------------------------------------------------------------------ evidence

    def add_evidence(self, prefill: dict[str, Any] | None = None) -> str | None:
        """Open the evidence form for the current claim; returns the new item's id."""
        ctx = self._writable()
        if ctx is None:
            return None
        if not ctx.current_claim:
            messages.show_error(self.window, "Add Evidence", "Select a claim first: evidence is always for a claim.")
            return None
        form = self._evidence_form(ctx, None, prefill)
        if form.exec() != QDialog.DialogCode.Accepted:
            return None
        v = form.values()
        cid = ctx.current_claim
        new_source, source_id = v.new_source, v.source_id
        if new_source is not None:
            changes = ctx.run("Add source and evidence", lambda: ctx.service.add_source_and_evidence(
                new_source, {"claim": cid, **v.fields}))
        elif source_id is not None:
            fields = dict(v.fields)
            stance, credibility = fields.pop("stance"), fields.pop("credibility")
            changes = ctx.run("Add evidence", lambda: ctx.service.link_evidence(
                cid, source_id, stance, credibility, **fields))
        else:
            from ui.dialogs.evidence_form import NO_SOURCE

            messages.show_error(self.window, "Add Evidence", NO_SOURCE)
            return None
        if changes is None:
            return None
        new_id = next(iter(changes.created.get("evidence", ())), None)
        if new_id:
            ctx.select_evidence(new_id)
        return new_id

    def quote_as_evidence(self) -> str | None:
        """Use the selected words as the quote of new evidence (Ctrl+E)."""
        span = self._selection()
        if span is None:
            messages.show_error(self.window, "Use Selection as Evidence",
                                "Select the quoted words in the document first.")
            return None
        doc_id, start, end, text = span
        return self.add_evidence({"quote": text, "document": doc_id, "start": start, "end": end})

    def edit_evidence(self, evidence_id: str) -> None:
        ctx = self._writable()
        if ctx is None:
            return
        row = ctx.store.evidence(evidence_id)
        if row is None:
            return
        form = self._evidence_form(ctx, row, None)
        opened = _opened(ctx, "evidence", evidence_id, row)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        v = form.values()
        fields = dict(v.fields)
        if v.source_id and v.source_id != row["source"]:
            fields["source"] = v.source_id
        write = opened.write(fields, ctx.service.update_evidence)
        if write is not None:
            ctx.run("Edit evidence", write)

    def delete_evidence(self, evidence_id: str) -> None:
        ctx = self._writable()
        if ctx is None or not evidence_id:
            return
        ctx.run("Delete evidence", lambda: ctx.service.delete_evidence(evidence_id))

    def _evidence_form(self, ctx: ProjectContext, evidence: dict[str, Any] | None,
                       prefill: dict[str, Any] | None) -> EvidenceForm:
        claim_id = evidence["claim"] if evidence else ctx.current_claim
        claim = ctx.store.claims.get(claim_id, {})
        from ui.dialogs.evidence_form import EvidenceForm

        return EvidenceForm(self.window, claim_text=claim.get("text", ""),
                            sources=list(ctx.store.sources.values()),
                            claim_evidence=ctx.store.evidence_for(claim_id), evidence=evidence,
                            prefill=prefill,
                            document_titles={d: r.get("title", "") for d, r in ctx.store.documents.items()},
                            same_picture=_same_picture(ctx, evidence, prefill))

    # ------------------------------------------------------------------ sources

    def edit_source(self, source_id: str) -> None:
        ctx = self._writable()
        if ctx is None or source_id not in (ctx.store.sources if ctx else {}):
            return
        from ui.dialogs.source_dialog import SourceDialog

        dialog = SourceDialog(self.window, ctx.store.sources[source_id])
        opened = _opened(ctx, "sources", source_id, ctx.store.sources[source_id])
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        write = opened.write(dialog.values(), ctx.service.update_source)
        if write is not None:
            ctx.run("Edit source", write)

    def delete_source(self, source_id: str) -> None:
        """Delete a source and, in the same undo step, the evidence it gave."""
        ctx = self._writable()
        if ctx is None or source_id not in ctx.store.sources:
            return
        # No per-source query in the service yet: count from the evidence list.
        n = sum(1 for e in ctx.service.list_evidence() if e["source"] == source_id)
        name = ctx.store.sources[source_id]["name"]
        text = (f"Delete “{name}” and the {n} evidence item{'s' if n != 1 else ''} it gave?" if n else
                f"Delete “{name}”?") + "\nYou can undo this (Ctrl+Z) until the project is closed."
        if not messages.confirm(self.window, "Delete Source", text):
            return
        ctx.run("Delete source", lambda: ctx.service.delete_source(source_id))

    # ------------------------------------------------------------------ documents

    def delete_document(self, doc_id: str | None = None) -> bool:
        """Delete a document (File ▸ Delete Document…, the documents list's menu or Delete key)
        after a confirmation saying what goes with it; one write, one undo step.

        Returns True when it was deleted.
        """
        ctx = self.ctx
        doc_id = doc_id or (ctx.current_document if ctx else "")
        if ctx is None or not doc_id:
            return False
        refusal = ctx.why_not_delete_documents()
        if refusal:
            messages.show_error(self.window, "Delete Document", refusal)
            return False
        usage = ctx.service.document_usage(doc_id)
        if usage is None:  # a colleague deleted it meanwhile
            return False
        if not messages.confirm(self.window, "Delete Document", delete_document_text(usage),
                                "Delete Document"):
            return False
        return ctx.run("Delete document", lambda: ctx.service.delete_document(doc_id)) is not None

    def paste_document(self, text: str = "") -> str | None:
        """Add a document from pasted text (the no-file way to start)."""
        ctx = self._writable()
        if ctx is None:
            return None
        from ui.document.paste_dialog import paste_as_document

        added = paste_as_document(self.window, ctx, text)
        return added[0] if added else None


@dataclass(frozen=True)
class _Opened:
    """An object as an edit form showed it: its values and the version they were read at.

    A colleague's change that arrives while the form is open refreshes the
    views (and the version the service has seen), but the form still shows
    the old values: saving it must name the version the form was opened on,
    so that change is a conflict (both values, Keep Mine / Take Theirs)
    instead of being overwritten by the form's unchanged fields.  Only the
    fields the user changed are written, so Keep Mine leaves the colleague's
    other fields alone.
    """

    object_id: str
    values: dict[str, Any]
    version: int | None

    def write(self, values: dict[str, Any], update: Callable[..., Changes]) -> Callable[[], Changes] | None:
        """The write for the form's values, or None when the user changed nothing."""
        changed = {k: v for k, v in values.items() if self.values.get(k) != v}
        if not changed:
            return None
        tries: list[int | None] = [self.version]

        def write() -> Changes:
            # First the version the form was opened on; written again after Keep Mine, the one
            # the conflict has just read (the service's own), so a third change is again a conflict.
            return update(self.object_id, version=tries.pop() if tries else None, **changed)
        return write


def _opened(ctx: ProjectContext, kind: str, object_id: str, row: dict[str, Any]) -> _Opened:
    return _Opened(object_id, dict(row), ctx.service.version_of(kind, object_id))


def _publishing_choices(ctx: ProjectContext, claim_id: str | None) -> dict[str, Any]:
    """What the claim dialog offers for publishing: the sources, the scale's labels, today's mapped label."""
    scale = ctx.store.verdict_scale()
    a = ctx.store.assessment(claim_id) if claim_id else None
    automatic = scale.verdict(a.likelihood, a.confidence).label if a is not None else None
    return {"sources": list(ctx.store.sources.values()), "verdicts": [v.label for v in scale.labels],
            "automatic": automatic}


def _same_picture(ctx: ProjectContext, evidence: dict[str, Any] | None,
                  prefill: dict[str, Any] | None) -> list[str]:
    """Documents showing the same picture as the one new evidence quotes (offered as its origin)."""
    doc_id = (prefill or {}).get("document") if evidence is None else None
    media = (ctx.store.documents.get(str(doc_id), {}) or {}).get("media") or {} if doc_id else {}
    return list(media.get("near_duplicates") or [])


def delete_document_text(usage: dict[str, Any]) -> str:
    """The confirmation of a document's deletion: what stays, what goes, and that undo brings it back.

    A fact-checker must never lose claims without knowing: the service keeps
    the claims highlighted in the document and the evidence quoting it, and
    this says so with their numbers.
    """
    title = usage.get("title") or "(untitled)"
    n_claims, n_evidence = len(usage.get("claims", ())), len(usage.get("evidence", ()))
    lines: list[str] = []
    if n_claims:
        stay, its = ("stays", "its") if n_claims == 1 else ("stay", "their")
        lines.append(f"{_count(n_claims, 'claim')} highlighted in it {stay} in the project with {its} evidence, "
                     "status and notes, but will no longer be highlighted in any document.")
    if n_evidence:
        keep = "keeps" if n_evidence == 1 else "keep"
        lines.append(f"{_count(n_evidence, 'evidence item')} quoting it {keep} the quoted words, but will no "
                     "longer point into a document.")
    if not n_claims and not n_evidence:
        lines.append("No claim is highlighted in it and no evidence quotes it.")
    if usage.get("picture"):
        lines.append("Its picture is removed from the project file.")
    near = len(usage.get("near_duplicates", ()))
    if near:
        lines.append(f"{_count(near, 'other document')} marked as showing the same picture will no longer name it.")
    lines.append("You can undo this (Ctrl+Z) until the project is closed.")
    return f"Delete the document “{title}”?\n\n" + "\n\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
