"""Documents entering a project: imports, and new versions that re-anchor highlights.

Kept apart from ``service.py`` so the service stays a list of intents; the
service's ``import_document`` and ``replace_document`` delegate here. A new
version re-anchors every claim and quote of the document from its stored
selector (position, exact words, 32 characters either side) — the text is
never re-extracted from the original file — and an item that cannot be
found again is marked orphaned, never attached to look-alike text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.anchoring import Selector, reanchor_many
from workbench.importers import ImportedDocument

if TYPE_CHECKING:
    from workbench.service import Changes, ProjectService


@dataclass(frozen=True)
class ReanchorReport:
    """What a new version did to the anchors of its document."""

    ok: int
    moved: int
    orphaned: int
    orphans: tuple[str, ...]


def document_fields(doc: ImportedDocument) -> dict[str, Any]:
    """The exchange fields of an imported document."""
    return {"title": doc.title, "text": doc.text, "url": doc.url, "author": doc.author,
            "published": doc.published.isoformat() if doc.published else None,
            "original_name": doc.original_name, "format": doc.format,
            "page_starts": list(doc.page_starts)}


def import_document(svc: "ProjectService", doc: ImportedDocument) -> "Changes":
    fields = document_fields(doc)
    title = fields.pop("title")
    text = fields.pop("text")
    return svc.add_document(title, text, **fields)


def _selector(item: dict[str, Any], old_text: str) -> Selector:
    start, end = item["start"], item["end"]
    if item.get("anchor") != "orphaned":
        exact = old_text[start:end]
    else:  # the words it was last anchored to: a quote's text, a claim's stored span
        exact = item.get("quote") or item.get("exact") or ""
    return Selector(start=start, end=end, exact=exact, prefix=item.get("prefix") or "",
                    suffix=item.get("suffix") or "")


def reanchor_patch(old_text: str, new_text: str, items: Sequence[tuple[str, dict[str, Any]]]
                   ) -> tuple[dict[str, list[dict[str, Any]]], ReanchorReport]:
    """Compute new anchors for ``items`` ((kind, object dict)) in ``new_text``."""
    sels = [_selector(obj, old_text) for _kind, obj in items]
    results = reanchor_many(sels, new_text, old_text=old_text)
    upsert: dict[str, list[dict[str, Any]]] = {"claims": [], "evidence": []}
    counts = {"ok": 0, "moved": 0, "orphaned": 0}
    orphans: list[str] = []
    for (kind, obj), sel, res in zip(items, sels, results):
        counts[res.status] += 1
        patch: dict[str, Any] = {"id": obj["id"], "anchor": res.status}
        if res.status == "orphaned":
            patch.update(prefix=sel.prefix, suffix=sel.suffix)
            if kind == "claims":
                patch["exact"] = sel.exact
            orphans.append(obj["id"])
        else:
            patch.update(start=res.start, end=res.end)
            if kind == "evidence":
                patch["quote"] = new_text[res.start:res.end]
        patch["document"] = obj["document"]
        upsert[kind].append(patch)
    report = ReanchorReport(counts["ok"], counts["moved"], counts["orphaned"], tuple(orphans))
    return upsert, report


def replace_document(svc: "ProjectService", doc_id: str, doc: ImportedDocument
                     ) -> tuple["Changes", ReanchorReport]:
    """Store a new version of a document and re-anchor its claims and quotes: one action."""
    old = svc.document(doc_id)
    if old is None:
        raise KeyError(f"no document with id {doc_id!r}")
    items: list[tuple[str, dict[str, Any]]] = []
    items += [("claims", c) for c in svc.list_claims(doc_id) if c.get("start") is not None]
    items += [("evidence", e) for e in svc.list_evidence(doc_id) if e.get("start") is not None]
    upsert, report = reanchor_patch(old["text"], doc.text, items)
    fields = document_fields(doc)
    upsert["documents"] = [{"id": doc_id, **fields}]
    changes = svc.apply_patch({"upsert": upsert, "delete": {}}, "replace_document",
                              f"Replaced {old['title']!r} with a new version "
                              f"({report.moved} moved, {report.orphaned} orphaned)")
    return changes, report


def reattach(svc: "ProjectService", kind: str, item_id: str, start: int, end: int) -> "Changes":
    """Re-attach an orphaned claim or quote to words the user selected."""
    obj = svc.claim(item_id) if kind == "claims" else svc.evidence(item_id)
    if obj is None or obj.get("document") is None:
        raise KeyError(f"no anchored {kind} item {item_id!r}")
    text = (svc.document(obj["document"]) or {}).get("text", "")
    patch: dict[str, Any] = {"id": item_id, "start": start, "end": end, "anchor": "ok"}
    if kind == "evidence":
        patch["quote"] = text[start:end]
    return svc.apply_patch({"upsert": {kind: [patch]}, "delete": {}}, "reattach",
                           "Re-attached an orphaned highlight")
