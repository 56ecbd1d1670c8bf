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
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from workbench.analysis.verdicts import Verdict, VerdictScale, default_verdicts, parse_verdicts
from workbench.analysis.words import NO_ASSESSMENT
from workbench.memo.model import ClaimSection, EvidenceRow, SourceNamer, build_memo

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # prefix/suffix length of TextQuoteSelector
_WS = re.compile(r"\s+")


def _urn(kind: str, ident: str) -> str:
    return f"urn:vwb:{kind}:{ident}"


#: Claim statuses whose review may be published (interfaces.md, "Additions").
PUBLISHABLE_STATUSES = ("verified", "disputed", "closed")
CLAIM_REVIEWED_MAX = 75  # search engines show about this much on a phone


class PublishingError(ValueError):
    """The project cannot be published as asked; the message says what is missing."""


def missing_publisher(project: dict[str, Any]) -> list[str]:
    """What ClaimReview needs of the publisher and the project lacks ("name", "web address")."""
    publisher = (project.get("project") or {}).get("publisher") or {}
    missing = []
    if not str(publisher.get("name") or "").strip():
        missing.append("name")
    if not is_web_url(publisher.get("url")):
        missing.append("web address")
    return missing


def is_web_url(value: object) -> bool:
    """An absolute http(s) address with a host."""
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def short_claim(text: str, limit: int = CLAIM_REVIEWED_MAX) -> str:
    """The claim on one line, cut at a word boundary to at most ``limit`` characters (with "…")."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def publishable_claims(project: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Claims ClaimReview may include, and how many were left out for each reason."""
    out: list[dict[str, Any]] = []
    left: dict[str, int] = {"not yet verified, disputed or closed": 0, "no review web address": 0}
    for claim in project.get("claims") or []:
        review = claim.get("review") or {}
        if claim.get("status") not in PUBLISHABLE_STATUSES:
            left["not yet verified, disputed or closed"] += 1
        elif not is_web_url(review.get("url")):
            left["no review web address"] += 1
        else:
            out.append(claim)
    return out, {k: v for k, v in left.items() if v}


def claimreview_summary(project: dict[str, Any], data: dict[str, Any]) -> str:
    """One line for the user: how many reviews were written and why others were not."""
    _claims, left = publishable_claims(project)
    n = len(data.get("@graph") or [])
    text = f"{n} fact-check{'s' if n != 1 else ''} written"
    if left:
        text += "; left out: " + ", ".join(f"{v} {k}" for k, v in left.items())
    graph = data.get("@graph") or []
    gaps = (
        (sum(1 for r in graph if "datePublished" not in r), "without a review date"),
        (sum(1 for r in graph if "author" not in r["itemReviewed"]), "without a claimant"),
        (sum(1 for r in graph if not any(isinstance(a, dict) and a.get("url")
                                         for a in r["itemReviewed"].get("appearance") or [])),
         "without the web address where the claim appeared"),
    )
    for count, what in gaps:
        if count:
            text += f"; {count} {what}"
    return text


def _person_or_org(source: dict[str, Any], namer: SourceNamer) -> dict[str, Any]:
    sid = str(source.get("id"))
    kind = "Person" if source.get("kind") == "person" else "Organization"
    out: dict[str, Any] = {"@type": kind, "name": namer.name(sid)}
    if not namer.hidden(sid) and is_web_url(source.get("url")):
        out["url"] = source["url"]
    return out


def export_claimreview(project: dict[str, Any], assessments: dict[str, Any]) -> dict[str, Any]:
    """schema.org ClaimReview JSON-LD for the claims ready to publish, as search engines expect it.

    Only claims verified, disputed or closed that have a review address go
    out, always in the external edition (a confidential source is never
    named). The rating is the publisher's own label (``alternateName``),
    mapped from our likelihood and confidence by the project's verdict
    scale unless the claim's review overrides it; the explanation keeps
    both ICD 203 judgements, so the confidence travels with the label.
    Raises PublishingError when the publisher's name or web address is
    missing: a review must say who stands behind it.
    """
    missing = missing_publisher(project)
    if missing:
        raise PublishingError("ClaimReview needs the publisher's " + " and ".join(missing)
                              + "; set them in File > Publishing")
    info = project.get("project") or {}
    publisher = info["publisher"]
    scale = parse_verdicts(info.get("verdicts") or default_verdicts())
    memo = build_memo(project, assessments, external=True)
    sections = {s.claim_id: s for s in memo.claims}
    namer = SourceNamer(project.get("sources") or [], external=True)
    sources = {str(s["id"]): s for s in project.get("sources") or []}
    docs = {str(d["id"]): d for d in project.get("documents") or []}
    author: dict[str, Any] = {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]}
    if is_web_url(publisher.get("logo")):
        author["logo"] = {"@type": "ImageObject", "url": publisher["logo"]}
    claims, _left = publishable_claims(project)
    reviews = []
    for claim in claims:
        section = sections[str(claim["id"])]
        review_info = claim.get("review") or {}
        verdict = scale.verdict(section.likelihood, section.confidence)
        if review_info.get("verdict"):
            verdict = scale.find(review_info["verdict"]) or Verdict(str(review_info["verdict"]), None)
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "url": review_info["url"],
            "identifier": section.claim_id,
            "claimReviewed": short_claim(section.text),
            "author": author,
            "reviewRating": _rating(verdict, scale, section),
            "itemReviewed": _claim_item(section, claim, docs, sources, namer),
            "reviewBody": f"{section.likelihood_sentence} {section.confidence_sentence}".strip(),
        }
        if review_info.get("published"):
            review["datePublished"] = str(review_info["published"])
        reviews.append(review)
    return {"@context": "https://schema.org", "@graph": reviews}


def _rating(verdict: Verdict, scale: VerdictScale, section: ClaimSection) -> dict[str, Any]:
    if section.likelihood in (NO_ASSESSMENT, ""):
        judged = "No assessment was made (no evidence recorded)."
    else:
        judged = (f"We assess the claim {section.likelihood} ({section.band}), "
                  f"with {section.confidence} confidence.")
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label, "name": verdict.label,
                              "ratingExplanation": f"{judged} {section.confidence_sentence}".strip()}
    if verdict.rating is not None and scale.best is not None and scale.worst is not None:
        rating.update(ratingValue=verdict.rating, bestRating=scale.best, worstRating=scale.worst)
    return rating


def _claim_item(section: ClaimSection, claim: dict[str, Any], docs: dict[str, dict[str, Any]],
                sources: dict[str, dict[str, Any]], namer: SourceNamer) -> dict[str, Any]:
    """The Claim reviewed: its full words, who made it, where and when it appeared."""
    item: dict[str, Any] = {"@type": "Claim", "text": section.text}
    claimant = sources.get(str(claim.get("claimant")))
    if claimant is not None:
        item["author"] = _person_or_org(claimant, namer)
    doc = docs.get(str(claim.get("document")))
    if doc is not None:
        work: dict[str, Any] = {"@type": "CreativeWork",
                                "headline": namer.scrub(str(doc.get("title") or ""))}
        if is_web_url(doc.get("url")):
            work["url"] = doc["url"]
        if doc.get("published"):
            work["datePublished"] = str(doc["published"])
            item["datePublished"] = str(doc["published"])
        if doc.get("author"):
            work["author"] = {"@type": "Person", "name": namer.scrub(str(doc["author"]))}
        item["appearance"] = [work]
        item["firstAppearance"] = work
    return item


def _quote_selector(text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "type": "TextQuoteSelector",
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT_CHARS):start],
        "suffix": text[end:end + CONTEXT_CHARS],
    }


def _anchor(obj: dict[str, Any], docs: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], int, int] | None:
    """The document and offsets of an anchored object, if they are usable."""
    doc = docs.get(str(obj.get("document")))
    start, end = obj.get("start"), obj.get("end")
    if doc is None or obj.get("anchor") == "orphaned" or not isinstance(start, int) or not isinstance(end, int):
        return None
    if not 0 <= start < end <= len(str(doc.get("text") or "")):
        return None
    return doc, start, end


def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def page_quote(doc: dict[str, Any], start: int, end: int) -> dict[str, Any]:
    """A TextQuoteSelector with the words as they stand on the original page.

    Our text is what was extracted (paragraphs apart, page furniture
    dropped); a browser-side annotation tool matches against the page's own
    text content, whitespace normalised as the W3C model asks. When the page's
    words were kept at import, the passage is found there (where it occurs
    more than once, the occurrence whose preceding words match ours best, then
    the one at the nearest relative place) and its prefix and suffix are the
    page's; otherwise our words are used with their whitespace normalised.
    """
    text = str(doc.get("text") or "")
    exact = _WS.sub(" ", text[start:end]).strip()
    page = doc.get("page_text")
    if isinstance(page, str) and exact:
        hits = [m.start() for m in re.finditer(re.escape(exact), page)]
        if hits:
            before = _WS.sub(" ", text[max(0, start - 4 * CONTEXT_CHARS):start])
            where = start / max(1, len(text))
            best = max(hits, key=lambda h: (_common_tail(page[max(0, h - 4 * CONTEXT_CHARS):h], before),
                                            -abs(h / max(1, len(page)) - where)))
            return _quote_selector(page, best, best + len(exact))
    return {"type": "TextQuoteSelector", "exact": exact,
            "prefix": _WS.sub(" ", text[max(0, start - CONTEXT_CHARS):start]).lstrip(),
            "suffix": _WS.sub(" ", text[end:end + CONTEXT_CHARS]).rstrip()}


def _target(doc: dict[str, Any], start: int, end: int) -> list[dict[str, Any]] | dict[str, Any]:
    """Where an annotation lands: the page itself when it has an address, and our stored copy.

    The page's target carries the page's words only (a browser tool matches
    them); our copy's target keeps the exact stored words and the position
    in code points of our canonical text, which only our copy can honour.
    """
    text = str(doc.get("text") or "")
    ours: dict[str, Any] = {
        "type": "SpecificResource",
        "source": _urn("document", str(doc["id"])),
        "selector": [_quote_selector(text, start, end),
                     {"type": "TextPositionSelector", "start": start, "end": end}],
    }
    if not is_web_url(doc.get("url")):
        return ours
    page = {"type": "SpecificResource", "source": str(doc["url"]), "selector": page_quote(doc, start, end)}
    return [page, ours]


def _w3c_time(stamp: str | None) -> str | None:
    """An audit timestamp as xsd:dateTime in UTC with a "Z", as the W3C model asks."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _lifecycle(oid: str, provenance: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """``creator``, ``created`` and ``modified`` from the audit log's first and last event for the object."""
    entry = provenance.get(oid) or {}
    out: dict[str, Any] = {}
    if entry.get("creator"):
        out["creator"] = {"type": "Person", "name": entry["creator"]}
    created, modified = _w3c_time(entry.get("created")), _w3c_time(entry.get("modified"))
    if created:
        out["created"] = created
    if modified and modified != created:
        out["modified"] = modified
    return out


def export_annotations(project: dict[str, Any],
                       provenance: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, Any]:
    """A W3C AnnotationCollection: one annotation per anchored claim and quote.

    Each annotation targets the web page the document came from (with the
    words as they stand on the page) and our stored copy (with exact offsets),
    or only our copy when the document has no address. ``provenance`` maps
    object ids to the audit log's ``creator``, ``created`` and ``modified``
    (``ProjectService.provenance()``). Orphaned anchors are left out.
    Confidential sources are named only by number and grade, always: an
    annotation file is meant to travel.
    """
    provenance = provenance or {}
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
            **_lifecycle(str(claim["id"]), provenance),
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
            **_lifecycle(str(item["id"]), provenance),
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
    "quote", "provenance", "delta_p", "weight", "document", "page", "note", "url", "archived_url",
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
        **{("url" if label == "Link" else "archived_url"): url for label, url in r.links},
    }


def export_csv(project: dict[str, Any], assessments: dict[str, Any], out: Path, external: bool = False) -> None:
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
