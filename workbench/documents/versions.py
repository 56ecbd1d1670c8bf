"""Documents entering a project: imports, and new versions that re-anchor highlights.

Pure functions: the service's ``import_document``, ``replace_document`` and
``reattach`` compute their patches here and write them as one action, so this
module never needs the service. A new
version re-anchors every claim and quote of the document from its stored
selector (position, exact words, 32 characters either side) — the text is
never re-extracted from the original file — and an item that cannot be
found again is marked orphaned, never attached to look-alike text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.documents.anchoring import Selector, reanchor_many

if TYPE_CHECKING:
    from workbench.documents.importers import ImportedDocument


@dataclass(frozen=True)
class ReanchorReport:
    """What a new version did to the anchors of its document."""

    ok: int
    moved: int
    orphaned: int
    orphans: tuple[str, ...]
    #: Evidence whose quoted words read differently in the new version: (id, quoted, new wording).
    #: The quote follows the document (it must match its anchor); the note keeps the words as quoted.
    requoted: tuple[tuple[str, str, str], ...] = ()


def document_fields(doc: ImportedDocument) -> dict[str, Any]:
    """The exchange fields of an imported document."""
    return {"title": doc.title, "text": doc.text, "url": doc.url, "author": doc.author,
            "published": doc.published.isoformat() if doc.published else None,
            "original_name": doc.original_name, "format": doc.format,
            "page_starts": list(doc.page_starts), "page_text": doc.page_text,
            "media": dict(doc.media) if doc.media else None, "ocr": dict(doc.ocr) if doc.ocr else None,
            "captured": doc.captured}


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
    requoted: list[tuple[str, str, str]] = []
    for (kind, obj), sel, res in zip(items, sels, results, strict=True):
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
                before = obj.get("quote") or sel.exact
                after = new_text[res.start:res.end]
                if " ".join(before.split()) != " ".join(after.split()):
                    # A stealth edit: what the source was quoted as saying must not vanish.
                    requoted.append((obj["id"], before, after))
                    note = (obj.get("note") or "").rstrip()
                    patch["note"] = (note + "\n" if note else "") + f"Quoted before the new version: “{before}”"
                patch["quote"] = after
        patch["document"] = obj["document"]
        upsert[kind].append(patch)
    report = ReanchorReport(counts["ok"], counts["moved"], counts["orphaned"], tuple(orphans), tuple(requoted))
    return upsert, report
