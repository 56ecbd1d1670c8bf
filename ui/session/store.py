"""Plain-dict caches of the open project, kept fresh from ``Changes`` records.

Views ask the store, never the database: lists (documents, claims, sources)
and every claim's assessment are read once when the project opens; document
texts and evidence lists are read on first use and kept, because a large
project has 200 documents of 30,000 characters that nobody opens at once.
After each write :meth:`ProjectStore.apply` re-reads only the objects the
``Changes`` names, so a view can refresh only what changed.  No Qt here.
"""

from __future__ import annotations

import gc
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ui.session.evidence_index import EvidenceIndex
from workbench.analysis.confidence import Assessment
from workbench.analysis.verdicts import VerdictScale, parse_verdicts

if TYPE_CHECKING:  # read through the reader until the service has loaded (ui.session.loading)
    from workbench.service import Changes, ProjectService

Row = dict[str, Any]

#: Above this many claims to re-assess, one project-wide pass beats many small queries.
_BULK_REASSESS = 40
#: Projects with at most this many claims are assessed whole when they open.
_ASSESS_AT_OPEN = 200
_TEXT_CACHE = 8  # documents whose text stays in memory
_ASSESS_AHEAD = 40  # claims assessed with one asked for (see ProjectStore.assessment)
#: Documents and claims whose evidence rows stay in memory: the ones visited lately. Keeping every
#: visited one held 200 documents' evidence (about 10,000 rows) after a long session on XL.
_EVIDENCE_DOCS = 24
_EVIDENCE_CLAIMS = 400
_EVIDENCE_AHEAD = 40  # other claims of a document whose evidence is read with one visited first


@dataclass
class StoreDelta:
    """What :meth:`ProjectStore.apply` changed, by kind: ids added, updated, removed."""

    added: dict[str, set[str]] = field(default_factory=dict)
    updated: dict[str, set[str]] = field(default_factory=dict)
    removed: dict[str, set[str]] = field(default_factory=dict)
    reassessed: set[str] = field(default_factory=set)
    documents_with_spans: set[str] = field(default_factory=set)  # highlights to redraw
    #: Sources whose project-wide figures (weight, items, relays) the shared evidence index changed.
    index_sources: set[str] = field(default_factory=set)
    changes: Changes | None = None  # the write behind this delta (set by the context)

    def any(self, kind: str) -> set[str]:
        return self.added.get(kind, set()) | self.updated.get(kind, set()) | self.removed.get(kind, set())


class ProjectStore:
    """Cached plain rows of one open project (see module docstring)."""

    def __init__(self, service: ProjectService) -> None:
        self.service = service
        self.title = service.title()
        self.documents: dict[str, Row] = {d["id"]: d for d in service.list_documents()}
        self.claims: dict[str, Row] = {c["id"]: c for c in service.list_claims()}
        self.sources: dict[str, Row] = {s["id"]: s for s in service.list_sources()}
        # Assessed on first use (0.6 ms a claim), or all at once when a view
        # needs every claim: opening a 2,000-claim project must not wait for all.
        self._assessments: dict[str, Assessment] = {}
        self._all_assessed = False
        self.generation = 0  # counts writes applied, so late background results can be checked
        self._by_document: dict[str | None, list[Row]] = {}  # claims_in's index, and when it was made
        self._by_document_key: tuple[int, int, int] | None = None
        self._names: dict[str, str] = {}  # source_names', and when it was made
        self._names_key: tuple[int, int, int] | None = None
        if len(self.claims) <= _ASSESS_AT_OPEN:
            self._assess_everything()
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._evidence_by_claim: OrderedDict[str, list[Row]] = OrderedDict()
        self._evidence_by_doc: OrderedDict[str, list[Row]] = OrderedDict()
        self._scale: VerdictScale | None = None  # the publisher's verdict scale, read on first use
        # The views' shared evidence index, kept while a view holds it (see evidence_index).
        self._index: weakref.ref[EvidenceIndex] | None = None

    # ------------------------------------------------------------------ reads

    def document_text(self, doc_id: str) -> str:
        text = self._texts.get(doc_id)
        if text is None:
            doc = self.service.document(doc_id)
            text = doc["text"] if doc else ""
            self._texts[doc_id] = text
            while len(self._texts) > _TEXT_CACHE:
                self._texts.popitem(last=False)
        else:
            self._texts.move_to_end(doc_id)
        return text

    def read_document(self, doc_id: str, first_claim: str = "") -> None:
        """Make sure the document's text, the evidence anchored in it and its claims' evidence
        (``first_claim`` first, then up to :data:`_EVIDENCE_AHEAD` others not read yet) are kept,
        reading what is missing in one read of the service (``document_reading``).

        Showing another document read them in three (the text, the document's evidence, then the
        selected claim's with its neighbours'): three transactions on a file, three sessions on a
        server, 7 ms of a switch on the XL project. Nothing is read for a document whose text and
        evidence are kept.
        """
        reading = getattr(self.service, "document_reading", None)
        if reading is None:
            return
        if doc_id in self._texts and doc_id in self._evidence_by_doc:
            return  # a document shown lately: a claim's evidence not kept is read as before (evidence_for)
        cache = self._evidence_by_claim
        ids = [c["id"] for c in self.claims_in(doc_id) if c["id"] not in cache]
        if first_claim in ids:
            ids.remove(first_claim)
            ids.insert(0, first_claim)
        ids = ids[:_EVIDENCE_AHEAD + 1]
        got = reading(doc_id, ids)
        if got is None:
            return
        self._texts[doc_id] = got["document"]["text"]
        self._texts.move_to_end(doc_id)
        while len(self._texts) > _TEXT_CACHE:
            self._texts.popitem(last=False)
        self._evidence_by_doc[doc_id] = got["evidence"]
        self._evidence_by_doc.move_to_end(doc_id)
        while len(self._evidence_by_doc) > _EVIDENCE_DOCS:
            self._evidence_by_doc.popitem(last=False)
        for cid in reversed(ids):  # the first claim the most recently used
            cache[cid] = got["by_claim"].get(cid, [])
            cache.move_to_end(cid)
        while len(cache) > _EVIDENCE_CLAIMS:
            cache.popitem(last=False)

    def claims_in(self, doc_id: str) -> list[Row]:
        """The claims of one document, in the project's order.

        From an index by document made once per write: a claim switch asks
        several times, and each scan of 20,000 claims (XL) took 3 ms.
        """
        key = (self.generation, id(self.claims), len(self.claims))
        if self._by_document_key != key:
            by_document: dict[str | None, list[Row]] = {}
            for c in self.claims.values():
                by_document.setdefault(c.get("document"), []).append(c)
            self._by_document, self._by_document_key = by_document, key
        return list(self._by_document.get(doc_id, ()))

    def evidence_for(self, claim_id: str) -> list[Row]:
        """A claim's evidence rows, kept for the claims visited lately.

        On a first visit the claim's evidence comes with that of up to
        :data:`_EVIDENCE_AHEAD` other claims of its document not read yet, in one
        query: a fact-checker goes through an article's claims one after another,
        and each claim read alone cost a query (a round trip on a server) at its switch.
        """
        cache = self._evidence_by_claim
        if claim_id not in cache and hasattr(self.service, "evidence_for_claims"):
            doc = self.claims.get(claim_id, {}).get("document")
            others = [c["id"] for c in self.claims_in(doc) if c["id"] not in cache and c["id"] != claim_id] \
                if doc else []
            read = self.service.evidence_for_claims([claim_id, *others[:_EVIDENCE_AHEAD]])
            for cid, rows in read.items():
                if cid != claim_id:
                    cache[cid] = rows
            cache[claim_id] = read.get(claim_id, [])  # the one asked for is the most recently used
            while len(cache) > _EVIDENCE_CLAIMS:
                cache.popitem(last=False)
        return _cached(cache, claim_id, self.service.evidence_for_claim, _EVIDENCE_CLAIMS)

    def evidence_in(self, doc_id: str) -> list[Row]:
        return _cached(self._evidence_by_doc, doc_id, self.service.list_evidence, _EVIDENCE_DOCS)

    def evidence(self, evidence_id: str) -> Row | None:
        for rows in self._evidence_by_claim.values():
            for e in rows:
                if e["id"] == evidence_id:
                    return e
        return self.service.evidence(evidence_id)

    def source_name(self, source_id: str | None) -> str:
        if not source_id:
            return ""
        src = self.sources.get(source_id)
        return src["name"] if src else source_id

    def source_names(self) -> dict[str, str]:
        """Every source's name by id: one dict per write, shared by its callers, who only read it
        (a claim switch asked twice, 1 ms each for the XL project's 5,000 sources)."""
        key = (self.generation, id(self.sources), len(self.sources))
        if self._names_key != key:
            self._names, self._names_key = {sid: s["name"] for sid, s in self.sources.items()}, key
        return self._names

    def verdict_scale(self) -> VerdictScale:
        """The publisher's verdict scale (File > Publishing), read once and again after it changes."""
        if self._scale is None:
            self._scale = parse_verdicts(self.service.publishing()["verdicts"])
        return self._scale

    def verdict(self, claim_id: str) -> tuple[str, bool] | None:
        """The label a published review of the claim carries and whether the analyst chose it
        (an override) rather than the scale; None for an unknown claim."""
        claim = self.claims.get(claim_id)
        if claim is None:
            return None
        chosen = (claim.get("review") or {}).get("verdict")
        if chosen:
            return str(chosen), True
        a = self.assessment(claim_id)
        return (self.verdict_scale().verdict(a.likelihood, a.confidence).label if a else ""), False

    @property
    def assessments(self) -> dict[str, Assessment]:
        """Every claim's assessment (computed on first access for a large project)."""
        if not self._all_assessed:
            self._assess_everything()
        return self._assessments

    def assessment(self, claim_id: str) -> Assessment | None:
        """One claim's assessment, computed and kept on first use, with the claims that follow it.

        A list asks for its rows one by one as it paints them: assessed one at a time, each was
        three queries (three round trips on a server, 36 for a navigator's first screen); the
        claim and up to :data:`_ASSESS_AHEAD` unassessed ones after it come in one batch.
        """
        a = self._assessments.get(claim_id)
        if a is None and claim_id in self.claims and not self._all_assessed:
            batch = [claim_id]
            seen = False
            for cid in self.claims:
                if seen and cid not in self._assessments:
                    batch.append(cid)
                    if len(batch) > _ASSESS_AHEAD:
                        break
                seen = seen or cid == claim_id
            self._assessments.update(self._assess_batch(batch))
            a = self._assessments.get(claim_id)
        return a

    @property
    def all_assessed(self) -> bool:
        return self._all_assessed

    def adopt_assessments(self, assessed: dict[str, Assessment], generation: int) -> set[str] | None:
        """Take every claim's assessment computed elsewhere (a background job
        that started at ``generation``).  Returns the claims newly known, or
        None when a write happened meanwhile and the result may be stale."""
        if generation != self.generation:
            return None
        new = {cid for cid in assessed if cid not in self._assessments}
        assessed.update(self._assessments)  # what the GUI computed since is as fresh
        self._assessments = {cid: a for cid, a in assessed.items() if cid in self.claims}
        self._all_assessed = True
        return new

    def assessments_of(self, claim_ids: list[str]) -> dict[str, Assessment | None]:
        """Several claims' assessments; the missing ones in one batch (a document's claims)."""
        missing = [c for c in claim_ids if c not in self._assessments and c in self.claims]
        if missing and not self._all_assessed:
            self._assessments.update(self._assess_batch(missing))
        return {c: self._assessments.get(c) for c in claim_ids}

    def _assess_batch(self, claim_ids: list[str]) -> dict[str, Assessment]:
        return self.service.assess_claims(claim_ids)

    def _assess_everything(self) -> None:
        self._assessments = self.service.assess_all()
        self._all_assessed = True

    def evidence_index(self) -> EvidenceIndex:
        """The project-wide evidence index every view shares: built on the first view's request
        (every claim assessed), updated by :meth:`apply` before the views hear of a write, and
        dropped when the last view holding it goes."""
        index = self._index() if self._index is not None else None
        if index is None:
            self.assessments  # noqa: B018 - every claim assessed first (outside the collector's pause)
            was = gc.isenabled()
            gc.disable()  # 100,000 long-lived items: the collector would walk them again and again
            try:
                index = EvidenceIndex(lambda: self.assessments)
            finally:
                if was:
                    gc.enable()
            self._index = weakref.ref(index)
        return index

    def first_claim(self, doc_id: str | None = None) -> str | None:
        for cid, c in self.claims.items():
            if doc_id is None or c.get("document") == doc_id:
                return cid
        return None

    # ------------------------------------------------------------------ updates

    def apply(self, changes: Changes) -> StoreDelta:
        """Re-read what ``changes`` touched; return what was added, updated, removed."""
        self.generation += 1
        delta = StoreDelta()
        docs = changes.touched("documents")
        if docs:
            fresh = {d["id"]: d for d in self.service.list_documents()}
            self._diff("documents", self.documents, fresh, docs, delta)
            self.documents = fresh
            for d in docs:
                self._texts.pop(d, None)
                self._evidence_by_doc.pop(d, None)
                delta.documents_with_spans.add(d)
        self._refresh_rows("claims", self.claims, changes.touched("claims"), delta)
        self._refresh_rows("sources", self.sources, changes.touched("sources"), delta)
        self._by_document_key = self._names_key = None  # made again from the rows as they are now
        ev_ids = changes.touched("evidence")
        if ev_ids:
            self._refresh_evidence(ev_ids, delta)
        for cid in delta.removed.get("claims", set()):
            self._assessments.pop(cid, None)
            self._evidence_by_claim.pop(cid, None)
        self._reassess(set(changes.reassessed) | delta.added.get("claims", set()), changes.settings, delta)
        if changes.touched("project") or changes.action in ("set_title", "load", "undo", "redo"):
            self.title = self.service.title()
        if "project" in changes.undo or "project" in changes.redo or not any(changes.ids.values()):
            self._scale = None  # the publishing settings may have changed: read them again
        index = self._index() if self._index is not None else None
        if index is not None:
            delta.index_sources = index.update(delta.reassessed | delta.any("claims"))
        return delta

    def _diff(self, kind: str, old: dict[str, Row], new: dict[str, Row], ids: frozenset[str],
              delta: StoreDelta) -> None:
        for oid in ids:
            if oid in new and oid not in old:
                delta.added.setdefault(kind, set()).add(oid)
            elif oid in old and oid not in new:
                delta.removed.setdefault(kind, set()).add(oid)
            elif oid in new:
                delta.updated.setdefault(kind, set()).add(oid)

    def _refresh_rows(self, kind: str, rows: dict[str, Row], ids: frozenset[str], delta: StoreDelta) -> None:
        if not ids:
            return
        resort = False
        fresh = self.service.objects(kind, ids)  # one query, not one per object (a round trip each on a server)
        for oid in ids:
            row = fresh.get(oid)
            old = rows.get(oid)
            if row is None:
                if old is not None:
                    del rows[oid]
                    delta.removed.setdefault(kind, set()).add(oid)
            elif old is None:
                rows[oid] = row
                delta.added.setdefault(kind, set()).add(oid)
                resort = True  # an undone delete comes back at its old position
            else:
                rows[oid] = row
                delta.updated.setdefault(kind, set()).add(oid)
            if kind == "claims":
                for r in (old, row):
                    if r and r.get("document"):
                        delta.documents_with_spans.add(r["document"])
        if resort:
            order = [r["id"] for r in (self.service.list_claims() if kind == "claims" else self.service.list_sources())]
            rows_copy = dict(rows)
            rows.clear()
            rows.update((oid, rows_copy[oid]) for oid in order if oid in rows_copy)

    def _refresh_evidence(self, ids: frozenset[str], delta: StoreDelta) -> None:
        claims: set[str] = set()
        for rows in self._evidence_by_claim.values():
            for e in rows:
                if e["id"] in ids:
                    claims.add(e["claim"])
                    if e.get("document"):
                        delta.documents_with_spans.add(e["document"])
        for rows in self._evidence_by_doc.values():
            for e in rows:
                if e["id"] in ids:
                    claims.add(e["claim"])
                    if e.get("document"):
                        delta.documents_with_spans.add(e["document"])
        fresh = self.service.objects("evidence", ids)
        for eid in ids:
            row = fresh.get(eid)
            if row is None:
                delta.removed.setdefault("evidence", set()).add(eid)
                continue
            claims.add(row["claim"])
            if row.get("document"):
                delta.documents_with_spans.add(row["document"])
            delta.updated.setdefault("evidence", set()).add(eid)
        for cid in claims:
            self._evidence_by_claim.pop(cid, None)
        for did in delta.documents_with_spans:
            self._evidence_by_doc.pop(did, None)

    def _reassess(self, claim_ids: set[str], all_claims: bool, delta: StoreDelta) -> None:
        claim_ids = {c for c in claim_ids if c in self.claims}
        if all_claims or len(claim_ids) > _BULK_REASSESS:
            if self._all_assessed:
                self._assess_everything()
            else:  # nothing assessed yet is stale: forget, recompute on use
                self._assessments.clear()
            delta.reassessed = set(self.claims) if all_claims else claim_ids
        else:
            known = [c for c in claim_ids if self._all_assessed or c in self._assessments]
            if known:
                self._assessments.update(self._assess_batch(known))
            delta.reassessed = claim_ids
        for cid in delta.reassessed:
            doc = self.claims.get(cid, {}).get("document")
            if doc:
                delta.documents_with_spans.add(doc)


def _cached(cache: OrderedDict[str, list[Row]], key: str, read: Any, keep: int) -> list[Row]:
    """``cache[key]``, read on a miss; the ``keep`` most recently used entries stay."""
    rows = cache.get(key)
    if rows is None:
        rows = cache[key] = read(key)
        while len(cache) > keep:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return rows
