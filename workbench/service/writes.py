"""The service's writes: one intent-named method per user action (``add_claim``, ``link_evidence`` …).

Each builds the objects it changes and hands them to the transaction
machinery (:mod:`workbench.service.transactions`): one transaction, one audit
event, one undo step.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from workbench.service.changes import Changes, ReadOnlyError, _short
from workbench.service.reads import Reads
from workbench.store import exchange
from workbench.store.model import Document, Event, Evidence, Media, Setting, new_id, utcnow_iso

if TYPE_CHECKING:
    from workbench.documents.versions import ReanchorReport


class Writes(Reads):
    """Every change the app and ``vwb`` make to a project, each one audited transaction."""

    def load_exchange(self, data: Any) -> Changes:
        """Add or update everything an exchange dict lists (``vwb load``)."""
        upsert = exchange.check_shape(data)  # structure first, for a clear message
        with exchange.collector_paused():
            return self._write("load", "Loaded an exchange file", upsert, {}, data.get("project"), shaped=True)

    def set_title(self, title: str) -> Changes:
        return self._write("set_title", f"Renamed the project to {title!r}", {}, {}, {"title": title})

    def set_settings(self, project_settings: dict[str, Any]) -> Changes:
        """Change scoring tables, half-life or as-of date (partial values allowed)."""
        return self._write("set_settings", "Changed the scoring settings", {}, {}, project_settings)

    def set_publisher(self, name: str, url: str | None = None, logo: str | None = None) -> Changes:
        """The organisation that publishes fact-checks from this project (ClaimReview's author)."""
        publisher = {"name": name, "url": url or None, "logo": logo or None}
        return self._write("set_publisher", f"Set the publisher to {name!r}", {}, {}, {"publisher": publisher})

    def set_verdicts(self, verdicts: dict[str, Any]) -> Changes:
        """The publisher's verdict labels and how likelihood and confidence map to them."""
        return self._write("set_verdicts", "Changed the verdict scale", {}, {}, {"verdicts": verdicts})

    def set_publishing(self, publisher: dict[str, Any], verdicts: dict[str, Any]) -> Changes:
        """Publisher and verdict scale together (the Publishing dialog's OK): one undo step."""
        return self._write("set_publishing", "Changed the publishing settings", {}, {},
                           {"publisher": publisher, "verdicts": verdicts})

    def set_claim_review(self, claim_id: str, *, claimant: str | None = None, url: str | None = None,
                         published: str | None = None, verdict: str | None = None) -> Changes:
        """Who made a claim and its published fact-check: page, date, verdict override (None: mapped)."""
        review = {"url": url or None, "published": published or None, "verdict": verdict or None}
        obj = {"id": claim_id, "claimant": claimant or None,
               "review": review if any(review.values()) else None}
        return self._write("set_claim_review", "Edited a claim's review", {"claims": [obj]}, {})

    def add_document(self, title: str, text: str, **meta: Any) -> Changes:
        obj = {"id": new_id(), "title": title, "text": text, **meta}
        return self._write("add_document", f"Added document {title!r}", {"documents": [obj]}, {})

    def import_document(self, doc: Any) -> Changes:
        """Add an imported document (``workbench.documents.importers.ImportedDocument``).

        An image or scan brings its bytes, stored once in the media table. A
        picture that looks like one already in the project (perceptual hash,
        and the same words if either has text) is marked as its near
        duplicate on both sides, in the same action.
        """
        from workbench.documents import versions  # the importers pull in lxml: not at start-up

        fields = versions.document_fields(doc)
        doc_id = new_id()
        obj = {"id": doc_id, **fields}
        upsert: dict[str, list[dict[str, Any]]] = {"documents": [obj]}
        rows: list[Any] = []
        media = fields.get("media")
        if isinstance(media, dict):
            earlier = self.near_duplicates(doc)
            media["near_duplicates"] = [d["id"] for d in earlier]
            for other in earlier:
                other_media = dict(other["media"])
                other_media["near_duplicates"] = sorted({*other_media.get("near_duplicates", []), doc_id})
                upsert["documents"].append({"id": other["id"], "media": other_media})
            data = getattr(doc, "media_data", None)
            if data and media.get("sha256") and self.media_data(media["sha256"]) is None:
                rows.append(Media(sha256=media["sha256"], mime=getattr(doc, "media_mime", "") or
                                  "application/octet-stream", data=data))
        return self._write("add_document", f"Added document {fields['title']!r}", upsert, {}, None, rows)

    def replace_document(self, doc_id: str, doc: Any) -> tuple[Changes, ReanchorReport]:
        """A new version of a document; every claim and quote re-anchored (one action)."""
        from workbench.documents import versions

        old = self.document(doc_id)
        if old is None:
            raise KeyError(f"no document with id {doc_id!r}")
        items: list[tuple[str, dict[str, Any]]] = []
        items += [("claims", c) for c in self.list_claims(doc_id) if c.get("start") is not None]
        items += [("evidence", e) for e in self.list_evidence(doc_id) if e.get("start") is not None]
        upsert, report = versions.reanchor_patch(old["text"], doc.text, items)
        fields = versions.document_fields(doc)
        upsert["documents"] = [{"id": doc_id, **fields}]
        # A new picture or scan brings its bytes (the old ones leave with this write if unused).
        media, data = fields.get("media"), getattr(doc, "media_data", None)
        rows = [Media(sha256=media["sha256"], mime=getattr(doc, "media_mime", "") or "application/octet-stream",
                      data=data)] if data and isinstance(media, dict) and media.get("sha256") else []
        changes = self.apply_patch({"upsert": upsert, "delete": {}}, "replace_document",
                                   f"Replaced {old['title']!r} with a new version "
                                   f"({report.moved} moved, {report.orphaned} orphaned)", rows)
        return changes, report

    def reattach(self, kind: str, item_id: str, start: int, end: int) -> Changes:
        """Re-attach an orphaned claim (``kind="claims"``) or quote (``"evidence"``) to a selection."""
        obj = self.claim(item_id) if kind == "claims" else self.evidence(item_id)
        if obj is None or obj.get("document") is None:
            raise KeyError(f"no anchored {kind} item {item_id!r}")
        text = (self.document(obj["document"]) or {}).get("text", "")
        patch: dict[str, Any] = {"id": item_id, "start": start, "end": end, "anchor": "ok"}
        if kind == "evidence":
            patch["quote"] = text[start:end]
        return self.apply_patch({"upsert": {kind: [patch]}, "delete": {}}, "reattach",
                                "Re-attached an orphaned highlight")

    def delete_document(self, doc_id: str) -> Changes:
        """Delete a document in one write (one undo step); see :meth:`document_usage` for what goes with it.

        Its claims and the evidence quoting it are kept, unanchored (a claim
        can be typed in, evidence can come from outside the project), rather
        than deleted: the judgement on a claim is the analyst's work and
        outlives the copy of the article it was first marked in. Its picture's
        bytes leave the file in the same transaction unless another document
        shows them, and pictures marked as its near duplicates stop naming it;
        undo brings all of it back.
        """
        with self.pf.session() as s:
            doc = s.get(Document, doc_id)
            if doc is None:
                raise LookupError(f"no document with id {doc_id!r}")
            title = doc.title
            unmark = self._naming_as_duplicate(s, doc_id)
        return self._write("delete_document", f"Deleted document {_short(title, 40)}",
                           {"documents": unmark} if unmark else {}, {"documents": [doc_id]})

    def add_claim(self, text: str, document_id: str | None = None, start: int | None = None,
                  end: int | None = None, **fields: Any) -> Changes:
        obj = {"id": fields.pop("id", None) or new_id(), "text": text, "document": document_id,
               "start": start, "end": end, **fields}
        return self._write("add_claim", f"Marked claim {_short(text)}", {"claims": [obj]}, {})

    def update_claim(self, claim_id: str, **fields: Any) -> Changes:
        return self._update_one("claims", claim_id, fields, "update_claim", "Edited a claim")

    def delete_claim(self, claim_id: str) -> Changes:
        return self._delete_one("claims", claim_id, "delete_claim", "Deleted a claim and its evidence")

    def add_source(self, name: str, kind: str = "other", reliability: str = "F", **fields: Any) -> Changes:
        obj = {"id": fields.pop("id", None) or new_id(), "name": name, "kind": kind,
               "reliability": reliability, **fields}
        return self._write("add_source", f"Added source {name!r}", {"sources": [obj]}, {})

    def update_source(self, source_id: str, **fields: Any) -> Changes:
        return self._update_one("sources", source_id, fields, "update_source", "Edited a source")

    def set_reliability(self, source_id: str, grade: str, version: int | None = None) -> Changes:
        return self._update_one("sources", source_id, {"reliability": grade, "version": version},
                                "set_reliability", f"Graded a source {grade}")

    def delete_source(self, source_id: str) -> Changes:
        return self._delete_one("sources", source_id, "delete_source", "Deleted a source and its evidence")

    def link_evidence(self, claim_id: str, source_id: str, stance: str, credibility: int = 6,
                      **fields: Any) -> Changes:
        obj = {"id": fields.pop("id", None) or new_id(), "claim": claim_id, "source": source_id,
               "stance": stance, "credibility": credibility, **fields}
        return self._write("link_evidence", f"Linked evidence ({stance})", {"evidence": [obj]}, {})

    def add_source_and_evidence(self, source: dict[str, Any], evidence: dict[str, Any]) -> Changes:
        """Create a source in place and link evidence from it: one action, one undo step."""
        src = {"id": source.get("id") or new_id(), **source}
        ev = {"id": evidence.get("id") or new_id(), **evidence, "source": src["id"]}
        return self._write("link_evidence", f"Added source {src.get('name')!r} with evidence",
                           {"sources": [src], "evidence": [ev]}, {})

    def update_evidence(self, evidence_id: str, **fields: Any) -> Changes:
        return self._update_one("evidence", evidence_id, fields, "update_evidence", "Edited evidence")

    def delete_evidence(self, evidence_id: str) -> Changes:
        return self._delete_one("evidence", evidence_id, "delete_evidence", "Deleted evidence")

    def _update_one(self, kind: str, object_id: str, fields: dict[str, Any], action: str, summary: str) -> Changes:
        """Change some fields of one object, naming the version the edit was made on (``version`` in
        ``fields``, else the one last read), so a colleague's change in between is a conflict."""
        expect = self._expect(kind, object_id, fields)
        return self._write(action, summary, {kind: [{"id": object_id, **fields}]}, {}, expect=expect)

    def _delete_one(self, kind: str, object_id: str, action: str, summary: str) -> Changes:
        """Delete one object in one write (one undo step)."""
        return self._write(action, summary, {}, {kind: [object_id]})

    def merge_sources(self, keep_id: str, drop_id: str) -> Changes:
        """Fold a duplicate source into another: its evidence and relays move, then it goes."""
        with self.pf.session() as s:
            moved: list[dict[str, Any]] = [{"id": e.id, "source": keep_id} for e in
                     s.scalars(select(Evidence).where(Evidence.source_id == drop_id))]
            relays: list[dict[str, Any]] = [{"id": e.id, "derives_from": {"source": keep_id}} for e in
                      s.scalars(select(Evidence).where(Evidence.derives_from_source_id == drop_id))]
        by_id: dict[str, dict[str, Any]] = {}
        for obj in moved + relays:
            by_id.setdefault(obj["id"], {"id": obj["id"]}).update(obj)
        return self._write("merge_sources", "Merged two sources",
                           {"evidence": list(by_id.values())}, {"sources": [drop_id]})

    def dismiss_suggestion(self, doc_id: str, key: str, dismissed: bool = True) -> None:
        """Remember (or forget) a dismissed suggestion for a document: one transaction, audited."""
        if self.pf.read_only:
            raise ReadOnlyError(f"{self.pf.name}: opened read-only; save a copy to make changes")
        with self.pf.write_session("dismiss suggestions") as s:
            row = s.get(Setting, f"dismissed:{doc_id}")
            keys = set(json.loads(row.value)) if row else set()
            keys = keys | {key} if dismissed else keys - {key}
            if row is None:
                row = Setting(key=f"dismissed:{doc_id}", value="[]")
                s.add(row)
            row.value = json.dumps(sorted(keys))
            self.pf.serialise(s)  # history numbers in commit order
            seq = (s.scalar(select(func.max(Event.seq))) or 0) + 1
            s.add(Event(seq=seq, at=utcnow_iso(), who=self.analyst,
                        action="dismiss_suggestion" if dismissed else "restore_suggestion",
                        summary=f"{'Dismissed' if dismissed else 'Restored'} a suggestion",
                        details=json.dumps({"ids": {"documents": [doc_id]}, "key": key})))
