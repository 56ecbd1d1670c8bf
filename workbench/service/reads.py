"""The service's reads: lists and single objects as exchange dicts, assessments, history and provenance.

Every read notes the version of what it returned, so a later edit of it names
that version (see :mod:`workbench.service.conflicts`). The lists read plain
rows, not ORM objects: listing 20,000 claims at open costs a third as much.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, undefer

from workbench import jsonsafe
from workbench.analysis.confidence import Assessment, Settings
from workbench.service.transactions import Transactions
from workbench.store import exchange
from workbench.store.model import Claim, Document, Event, Evidence, Media, ProjectInfo, Setting, Source
from workbench.store.rows import (
    READING_CLAIMS,
    REPEATED,
    document_reading,
    evidence_record,
    record,
    share_repeats,
)

# The tables behind the lists: read as plain rows (no ORM objects) where only data is wanted.
CLAIMS = Claim.__table__
SOURCES = Source.__table__
EVIDENCE = Evidence.__table__
DOCUMENTS = Document.__table__


def _details(ev: Event) -> Any:
    """An audit event's details, or ``{}`` when they are not safe JSON (history still lists the event)."""
    try:
        return jsonsafe.loads(ev.details or "{}") or {}
    except jsonsafe.UnsafeJson:
        return {}


def _event_dict(ev: Event) -> dict[str, Any]:
    details = _details(ev)
    return {"event": ev.id, "seq": ev.seq, "who": ev.who, "when": ev.at, "action": ev.action,
            "summary": ev.summary, "ids": details.get("ids", {}), "project": details.get("project", []),
            "reassessed": sorted(details.get("assessments", {}))}


class Reads(Transactions):
    """What the app and ``vwb`` read of an open project."""

    def title(self) -> str:
        with self.pf.session() as s:
            info = s.scalars(select(ProjectInfo)).first()
            return info.title if info else ""

    def settings(self) -> Settings:
        if self._settings is None:
            with self.pf.session() as s:
                self._settings = Settings.from_json(exchange.read_settings(s))
        return self._settings

    def settings_json(self) -> dict[str, Any]:
        with self.pf.session() as s:
            return exchange.read_settings(s)

    def publishing(self) -> dict[str, Any]:
        """``{"publisher": {name, url, logo}, "verdicts": {scale, map}}``, defaults filled in."""
        with self.pf.session() as s:
            return exchange.read_publishing(s)

    def list_documents(self) -> list[dict[str, Any]]:
        """Documents without their text (cheap to list)."""
        with self.pf.session() as s:
            rows = s.scalars(select(Document).order_by(Document.position))
            return [record(exchange.document_dict(d, with_text=False) | {"length": d.length}) for d in rows]

    def document(self, doc_id: str) -> dict[str, Any] | None:
        with self.pf.session() as s:
            # The deferred text and page text in the same query: loaded on first access they were
            # two more queries (round trips on a server) on every switch into another document.
            d = s.get(Document, doc_id, options=[undefer(Document.text), undefer(Document.page_text)])
            return exchange.document_dict(d) if d else None

    def list_claims(self, document_id: str | None = None) -> list[dict[str, Any]]:
        with self.pf.session() as s:
            # Plain rows, not ORM objects: listing 20,000 claims at open costs a third as much.
            q = select(CLAIMS).order_by(CLAIMS.c.position)
            if document_id is not None:
                q = q.where(CLAIMS.c.document_id == document_id)
            # Compact records with repeated values shared: the window keeps them while the project is open.
            return share_repeats([self._saw("claims", c, record(exchange.claim_dict(c) | {"changed_at": c.changed_at}))
                                  for c in s.execute(q)], REPEATED["claims"])

    def claim(self, claim_id: str) -> dict[str, Any] | None:
        with self.pf.session() as s:
            c = s.get(Claim, claim_id)
            return self._saw("claims", c, exchange.claim_dict(c) | {"changed_at": c.changed_at}) if c else None

    def list_sources(self) -> list[dict[str, Any]]:
        with self.pf.session() as s:
            return share_repeats([self._saw("sources", r, record(exchange.source_dict(r)))
                                  for r in s.execute(select(SOURCES).order_by(SOURCES.c.position))],
                                 REPEATED["sources"])

    def source(self, source_id: str) -> dict[str, Any] | None:
        with self.pf.session() as s:
            r = s.get(Source, source_id)
            return self._saw("sources", r, exchange.source_dict(r)) if r else None

    def evidence_for_claim(self, claim_id: str) -> list[dict[str, Any]]:
        with self.pf.session() as s:
            q = select(EVIDENCE).where(EVIDENCE.c.claim_id == claim_id).order_by(EVIDENCE.c.position)
            return share_repeats([self._saw("evidence", e, evidence_record(e)) for e in s.execute(q)],
                                 REPEATED["evidence"])

    def evidence_for_claims(self, claim_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Each claim's evidence as :meth:`evidence_for_claim` gives it, in one query per 500 claims:
        the claims of a document read together (on a server, one round trip instead of one each)."""
        wanted = sorted(set(claim_ids))
        out: dict[str, list[dict[str, Any]]] = {c: [] for c in wanted}
        with self.pf.session() as s:
            for i in range(0, len(wanted), 500):
                q = (select(EVIDENCE).where(EVIDENCE.c.claim_id.in_(wanted[i:i + 500]))
                     .order_by(EVIDENCE.c.position))
                for e in s.execute(q):
                    out[e.claim_id].append(self._saw("evidence", e, exchange.evidence_dict(e)))
        return out

    def document_reading(self, doc_id: str, claim_ids: Iterable[str] = ()) -> dict[str, Any] | None:
        """What showing a document reads, in one session: the document as :meth:`document` gives it,
        the evidence anchored in it as :meth:`list_evidence` does, and ``claim_ids``' evidence as
        :meth:`evidence_for_claims` does (``{"document", "evidence", "by_claim"}``); None for an
        unknown document.

        A switch into another document made three reads (three transactions; on a server three
        sessions and their round trips), and the ORM's ``get`` of the text cost more than the rest.
        Both evidence sets come from one statement (an item anchored in the document is usually
        evidence for one of its claims), each row made into one record shared by both.
        """
        wanted = sorted(set(claim_ids))[:READING_CLAIMS]
        with self.pf.session() as s:
            row = s.execute(select(DOCUMENTS).where(DOCUMENTS.c.id == doc_id)).first()
            if row is None:
                return None
            cond = EVIDENCE.c.document_id == doc_id
            if wanted:
                cond = or_(cond, EVIDENCE.c.claim_id.in_(wanted))
            evidence = s.execute(select(EVIDENCE).where(cond).order_by(EVIDENCE.c.position)).all()  # one fetch
            return document_reading(row, evidence, doc_id, wanted, lambda e, obj: self._saw("evidence", e, obj))

    def evidence_for_source(self, source_id: str) -> list[dict[str, Any]]:
        """Evidence from a source, or relaying it as an origin (what deleting it would touch)."""
        with self.pf.session() as s:
            q = (select(Evidence).where(or_(Evidence.source_id == source_id,
                                            Evidence.derives_from_source_id == source_id))
                 .order_by(Evidence.position))
            return [exchange.evidence_dict(e) for e in s.scalars(q)]

    def evidence(self, evidence_id: str) -> dict[str, Any] | None:
        with self.pf.session() as s:
            e = s.get(Evidence, evidence_id)
            return self._saw("evidence", e, exchange.evidence_dict(e)) if e else None

    def objects(self, kind: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The present ``kind`` objects (claims, sources or evidence) among ``ids``, as :meth:`claim`,
        :meth:`source` and :meth:`evidence` give them, in one query per 500 ids: refreshing a
        write's objects one query each was a round trip per object on a server."""
        table = {"claims": CLAIMS, "sources": SOURCES, "evidence": EVIDENCE}[kind]
        to_dict = exchange.ROW_DICT[kind]
        wanted = sorted(set(ids))
        out: dict[str, dict[str, Any]] = {}
        with self.pf.session() as s:
            for i in range(0, len(wanted), 500):
                for r in s.execute(select(table).where(table.c.id.in_(wanted[i:i + 500]))):
                    obj = to_dict(r) | ({"changed_at": r.changed_at} if kind == "claims" else {})
                    out[r.id] = self._saw(kind, r, record(obj))
        return out

    def list_evidence(self, document_id: str | None = None) -> list[dict[str, Any]]:
        with self.pf.session() as s:
            q = select(EVIDENCE).order_by(EVIDENCE.c.position)
            if document_id is not None:
                q = q.where(EVIDENCE.c.document_id == document_id)
            return share_repeats([self._saw("evidence", e, evidence_record(e)) for e in s.execute(q)],
                                 REPEATED["evidence"])

    def dump(self) -> dict[str, Any]:
        with self.pf.session() as s:
            return exchange.dump(s)

    def history(self, claim_id: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
        """Audit events, newest first; for a claim, those touching it or its evidence."""
        with self.pf.session() as s:
            q = select(Event).order_by(Event.seq.desc()).limit(limit)
            if claim_id is not None:
                q = q.where(Event.details.contains(claim_id))
            out = []
            for ev in s.scalars(q):
                details = _details(ev)
                out.append({"at": ev.at, "who": ev.who, "action": ev.action, "summary": ev.summary,
                            "assessment": details.get("assessments", {}).get(claim_id) if claim_id else None})
            return out

    def provenance(self) -> dict[str, dict[str, str]]:
        """For every object the audit log names: who first wrote it and when, and when it last changed.

        Read in one pass over the log, oldest first (annotations' ``creator``,
        ``created`` and ``modified``).
        """
        out: dict[str, dict[str, str]] = {}
        with self.pf.session() as s:
            for who, at, details in s.execute(select(Event.who, Event.at, Event.details).order_by(Event.seq)):
                try:
                    ids = (jsonsafe.loads(details or "{}") or {}).get("ids") or {}
                except (jsonsafe.UnsafeJson, AttributeError):
                    continue
                if not isinstance(ids, dict):
                    continue
                for kind_ids in ids.values():
                    for oid in kind_ids if isinstance(kind_ids, list) else ():
                        entry = out.setdefault(str(oid), {"creator": who or "", "created": at})
                        entry["modified"] = at
        return out

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One audit event as ``vwb watch`` prints it: who, when, what and the ids it touched."""
        with self.pf.session() as s:
            ev = s.get(Event, event_id)
            return _event_dict(ev) if ev is not None else None

    def events_after(self, seq: int, limit: int = 1000) -> list[dict[str, Any]]:
        """Audit events numbered after ``seq``, oldest first (catching up after a lost connection)."""
        with self.pf.session() as s:
            q = select(Event).where(Event.seq > seq).order_by(Event.seq, Event.id).limit(limit)
            return [_event_dict(ev) for ev in s.scalars(q)]

    def last_event_seq(self) -> int:
        with self.pf.session() as s:
            return int(s.scalar(select(func.max(Event.seq))) or 0)

    def assess_claim(self, claim_id: str) -> Assessment:
        """One claim's assessment: two small queries, no project-wide work."""
        with self.pf.session() as s:
            return self._assess(s, [claim_id])[claim_id]

    def assess_claims(self, claim_ids: Iterable[str]) -> dict[str, Assessment]:
        """Several claims' assessments in two queries."""
        with self.pf.session() as s:
            return self._assess(s, list(claim_ids))

    def assess_all(self, settings: Settings | None = None) -> dict[str, Assessment]:
        """Every claim's assessment; with ``settings``, a preview under other tables (writes nothing)."""
        with self.pf.session() as s:
            return self._assess(s, None, settings)

    def find_duplicate(self, doc: Any) -> dict[str, Any] | None:
        """The document already in the project with the same text (an image: the same bytes), if any."""
        from workbench.documents.canonical import canonical_text, text_sha256

        digest = text_sha256(canonical_text(doc.text))
        media_sha = (getattr(doc, "media", None) or {}).get("sha256")
        with self.pf.session() as s:
            # A picture is the same document only if it is the same file: two screenshots with
            # the same words are near duplicates (one origin), recorded as such, not refused.
            cond = Document.media.like(f'%"sha256": "{media_sha}"%') if media_sha else Document.sha256 == digest
            row = s.scalars(select(Document).where(cond).order_by(Document.position)).first()
            return exchange.document_dict(row, with_text=False) if row else None

    def near_duplicates(self, doc: Any) -> list[dict[str, Any]]:
        """Documents whose picture looks like ``doc``'s (earliest first), without their text."""
        from workbench.documents import likeness

        media = getattr(doc, "media", None) or {}
        if not media.get("phash"):
            return []
        with self.pf.session() as s:
            rows = s.scalars(select(Document).where(Document.media.like('%"phash"%')).order_by(Document.position))
            found = []
            for row in rows:
                other = jsonsafe.loads(row.media) if row.media else None
                if not isinstance(other, dict) or not likeness.looks_alike(media.get("phash"), other.get("phash")):
                    continue
                if likeness.same_words(doc.text, row.text, media, other):
                    found.append(exchange.document_dict(row, with_text=False))
            return found

    def media_data(self, sha256: str) -> bytes | None:
        """The bytes of an image or scan kept in the project (``documents[].media.sha256``)."""
        with self.pf.session() as s:
            row = s.get(Media, sha256)
            return bytes(row.data) if row is not None else None

    def document_usage(self, doc_id: str) -> dict[str, Any] | None:
        """What deleting a document takes with it (None: no such document).

        The confirmation in the app and ``vwb remove-document`` say it before
        anything changes, because a fact-checker must never lose claims
        without knowing: ``claims`` highlighted in it and ``evidence`` quoting
        it stay in the project, no longer anchored to any document (text,
        status, grades and links unchanged); ``picture`` is the sha256 of
        image bytes that leave the file with it (no other document shows
        them), else None; ``near_duplicates`` are the documents marked as
        showing the same picture, which stop naming it.
        """
        with self.pf.session() as s:
            doc = s.get(Document, doc_id)
            if doc is None:
                return None
            claims = list(s.scalars(select(Claim.id).where(Claim.document_id == doc_id).order_by(Claim.position)))
            evidence = list(s.scalars(select(Evidence.id).where(Evidence.document_id == doc_id)
                                      .order_by(Evidence.position)))
            media = jsonsafe.loads(doc.media) if doc.media else None
            sha = media.get("sha256") if isinstance(media, dict) else None
            if sha:
                shared = s.scalars(select(Document.id).where(Document.id != doc_id,
                                                             Document.media.like(f'%"sha256": "{sha}"%'))
                                   .limit(1)).first()
                if shared is not None or s.get(Media, sha) is None:
                    sha = None
            near = [o["id"] for o in self._naming_as_duplicate(s, doc_id)]
            return {"id": doc_id, "title": doc.title, "claims": claims, "evidence": evidence,
                    "picture": sha, "near_duplicates": near}

    @staticmethod
    def _naming_as_duplicate(s: Session, doc_id: str) -> list[dict[str, Any]]:
        """Other documents whose picture is marked as the same as ``doc_id``'s, each with its media
        minus that mark (what deleting ``doc_id`` writes to them)."""
        out: list[dict[str, Any]] = []
        rows = s.scalars(select(Document).where(Document.id != doc_id, Document.media.like(f'%"{doc_id}"%'))
                         .order_by(Document.position))
        for row in rows:
            media = jsonsafe.loads(row.media) if row.media else None
            if not isinstance(media, dict):
                continue
            dups = media.get("near_duplicates")
            if isinstance(dups, list) and doc_id in dups:
                out.append({"id": row.id, "media": {**media, "near_duplicates": [d for d in dups if d != doc_id]}})
        return out

    def dismissed_suggestions(self, doc_id: str) -> list[str]:
        """Keys (``kind:start:end``) of suggestions the user dismissed in a document."""
        with self.pf.session() as s:
            row = s.get(Setting, f"dismissed:{doc_id}")
            return list(jsonsafe.loads(row.value)) if row else []
