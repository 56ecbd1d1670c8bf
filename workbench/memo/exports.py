"""Standard exports: ClaimReview JSON-LD, W3C Web Annotations, CSV.

Each export states the project in a format other tools already read:
schema.org ``ClaimReview`` for publishing judgements, the W3C Web Annotation
data model for where claims and quotes sit in the documents, and CSV for
spreadsheets. ClaimReview and CSV are built from the same
:class:`~workbench.memo.model.Memo` as the memo, so wording, numbering and the
masking of confidential sources are the memo's own. Annotations name a
confidential source only by its number and grade, always: an annotation
file is meant to travel.
"""

from __future__ import annotations

import csv
import os
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from workbench.memo.model import ClaimSection, EvidenceRow, SourceNamer, build_memo
from workbench.memo.words import likelihood_bands

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # prefix/suffix length of TextQuoteSelector


def _urn(kind: str, ident: str) -> str:
    return f"urn:vwb:{kind}:{ident}"


def _rating_scale() -> dict[str, int]:
    """ICD 203 words on a 1–7 scale, 1 = almost no chance, 7 = almost certain."""
    return {word: i for i, (word, _lo, _hi) in enumerate(likelihood_bands(), start=1)}


def export_claimreview(project: dict, assessments: dict, *, author: str = "",
                       date_published: date | None = None, external: bool = False) -> dict:
    """schema.org ClaimReview JSON-LD, one review per assessed claim.

    ``reviewRating`` puts the ICD 203 word on a 1–7 scale (``alternateName``
    is the word itself); the explanation carries both ICD sentences, so the
    confidence travels with the likelihood. Claims with no assessment are
    left out: a rating would claim a judgement we have not made.
    """
    memo = build_memo(project, assessments, external=external)
    scale = _rating_scale()
    published = (date_published or date.today()).isoformat()
    docs = {str(d["id"]): d for d in project.get("documents") or []}
    claims = {str(c["id"]): c for c in project.get("claims") or []}
    reviews = []
    for section in memo.claims:
        if section.likelihood not in scale:
            continue
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "@id": _urn("claimreview", section.claim_id),
            "identifier": section.claim_id,
            "claimReviewed": section.text,
            "datePublished": published,
            "reviewBody": f"{section.likelihood_sentence} {section.confidence_sentence}",
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": scale[section.likelihood],
                "worstRating": 1,
                "bestRating": len(scale),
                "alternateName": section.likelihood,
                "ratingExplanation": f"{section.likelihood} ({section.band}), {section.confidence} confidence. "
                                     f"{section.confidence_sentence}",
            },
            "itemReviewed": _claim_item(section, claims[section.claim_id], docs),
        }
        if author:
            review["author"] = {"@type": "Organization", "name": author}
        reviews.append(review)
    return {"@context": "https://schema.org", "@graph": reviews}


def _claim_item(section: ClaimSection, claim: dict, docs: dict[str, dict]) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim", "text": section.text}
    doc = docs.get(str(claim.get("document")))
    if doc is not None and section.location is not None:
        work: dict[str, Any] = {"@type": "CreativeWork", "headline": section.location.document_title}
        if section.location.url:
            work["url"] = section.location.url
        if doc.get("published"):
            work["datePublished"] = str(doc["published"])
        item["appearance"] = [work]
    return item


def _quote_selector(text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "type": "TextQuoteSelector",
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT_CHARS):start],
        "suffix": text[end:end + CONTEXT_CHARS],
    }


def _anchor(obj: dict, docs: dict[str, dict]) -> tuple[dict, int, int] | None:
    """The document and offsets of an anchored object, if they are usable."""
    doc = docs.get(str(obj.get("document")))
    start, end = obj.get("start"), obj.get("end")
    if doc is None or obj.get("anchor") == "orphaned" or not isinstance(start, int) or not isinstance(end, int):
        return None
    if not 0 <= start < end <= len(str(doc.get("text") or "")):
        return None
    return doc, start, end


def _target(doc: dict, start: int, end: int) -> dict[str, Any]:
    text = str(doc.get("text") or "")
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": _urn("document", str(doc["id"])),
        "selector": [_quote_selector(text, start, end),
                     {"type": "TextPositionSelector", "start": start, "end": end}],
    }
    if doc.get("url"):
        target["scope"] = str(doc["url"])
    return target


def export_annotations(project: dict) -> dict:
    """A W3C AnnotationCollection: one annotation per anchored claim and quote.

    Targets are the project's documents (``urn:vwb:document:<id>``, with the
    web page as ``scope``); offsets count code points of the stored NFC text,
    and the quote selector's ``exact`` is that text, so a client can re-find
    the passage even in a changed copy. Orphaned anchors are left out.
    """
    docs = {str(d["id"]): d for d in project.get("documents") or []}
    namer = SourceNamer(project.get("sources") or [], external=True)
    claims = {str(c["id"]): c for c in project.get("claims") or []}
    items: list[dict[str, Any]] = []
    for claim in project.get("claims") or []:
        anchor = _anchor(claim, docs)
        if anchor is None:
            continue
        items.append({
            "id": _urn("claim", str(claim["id"])),
            "type": "Annotation",
            "motivation": "questioning",
            "body": [{"type": "TextualBody", "purpose": "describing", "format": "text/plain",
                      "value": namer.scrub(str(claim.get("text") or ""))}],
            "target": _target(*anchor),
        })
    for item in project.get("evidence") or []:
        anchor = _anchor(item, docs)
        if anchor is None:
            continue
        claim = claims.get(str(item.get("claim")), {})
        source_id = str(item.get("source") or "")
        credibility = item.get("credibility")
        described = f"{namer.label(source_id)}, credibility {credibility}" if credibility else namer.label(source_id)
        items.append({
            "id": _urn("evidence", str(item["id"])),
            "type": "Annotation",
            "motivation": "linking",
            "body": [
                {"type": "TextualBody", "purpose": "classifying", "value": str(item.get("stance") or "")},
                {"type": "TextualBody", "purpose": "describing", "format": "text/plain",
                 "value": f"{item.get('stance')}: {namer.scrub(str(claim.get('text') or ''))} "
                          f"(source: {described})"},
                {"type": "SpecificResource", "purpose": "linking", "source": _urn("claim", str(item.get("claim")))},
            ],
            "target": _target(*anchor),
        })
    title = namer.scrub(str((project.get("project") or {}).get("title") or "Untitled project"))
    collection = _urn("annotations", uuid.uuid5(uuid.NAMESPACE_URL, title).hex)
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": f"{title}: claims and evidence",
        "total": len(items),
        "first": {"id": f"{collection}:page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


CSV_COLUMNS = (
    "record", "claim_id", "claim_no", "claim", "likelihood", "band", "probability", "uncertainty",
    "confidence", "flags", "evidence_id", "evidence_no", "stance", "role", "source", "grade", "date",
    "quote", "provenance", "delta_p", "weight", "document", "page", "note",
)
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str | int | float:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection).

    Numbers we computed stay numbers; any text that starts with = + - @ or a
    tab or carriage return is prefixed with an apostrophe, which spreadsheets
    show as text and hide.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return round(value, 6) if isinstance(value, float) else value
    text = str(value)
    return "'" + text if text.startswith(_DANGEROUS) else text


def _evidence_row(section: ClaimSection, r: EvidenceRow) -> dict[str, Any]:
    return {
        "record": "evidence", "claim_id": section.claim_id, "claim_no": section.number,
        "claim": section.text, "evidence_id": r.evidence_id, "evidence_no": r.number, "stance": r.stance,
        "role": r.role,
        "source": r.source, "grade": r.grade, "date": r.date, "quote": r.quote, "provenance": r.provenance,
        "delta_p": r.delta_p, "weight": r.weight,
        "document": r.location.document_title if r.location else "",
        "page": r.location.page if r.location else None, "note": r.note,
    }


def export_csv(project: dict, assessments: dict, out: Path, external: bool = False) -> None:
    """Claims and their evidence as one CSV table (UTF-8 with BOM, for Excel).

    One ``claim`` row per claim followed by its ``evidence`` rows. Written to
    a temporary file and moved into place, so a failed export leaves nothing
    half-written.
    """
    memo = build_memo(project, assessments, external=external)
    flags = {str(a.get("id")): " ".join(map(str, a.get("flags") or [])) for a in assessments.get("claims") or []}
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            for section in memo.claims:
                claim_row = {
                    "record": "claim", "claim_id": section.claim_id, "claim_no": section.number,
                    "claim": section.text, "likelihood": section.likelihood, "band": section.band,
                    "probability": section.probability, "uncertainty": section.uncertainty,
                    "confidence": section.confidence, "flags": flags.get(section.claim_id, ""),
                    "document": section.location.document_title if section.location else "",
                    "page": section.location.page if section.location else None, "note": section.note,
                }
                writer.writerow({k: safe_cell(claim_row.get(k)) for k in CSV_COLUMNS})
                rows = sorted(section.evidence_for + section.evidence_against + section.context,
                              key=lambda r: int(r.number[1:]))
                for r in rows:
                    row = _evidence_row(section, r)
                    writer.writerow({k: safe_cell(row.get(k)) for k in CSV_COLUMNS})
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
