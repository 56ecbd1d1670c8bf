"""The verification memo as a structured document.

The memo is built once, as plain frozen dataclasses, from the two public
dicts (the exchange file and the assessment), and every renderer (HTML,
Markdown, PDF) only lays it out. Keeping the facts in one place is what lets
the tests prove the formats say the same thing, and what makes the external
edition safe: confidential sources are replaced by "Source N (graded X)"
*here*, before any renderer sees a name, and every free-text note is left
out, so no layout code can leak one.

This module builds the memo (:func:`build_memo`); what it is made of (the
dataclasses, the source namer, the renderers' shared helpers) lives in
``workbench.memo.parts`` and is re-exported here, so renderers and exports
import everything from one place.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from workbench.memo.method import MethodAppendix, build_method, effective_settings
from workbench.memo.parts import (
    ClaimSection,
    EvidenceRow,
    Figure,
    HistoryEntry,
    Location,
    Memo,
    SourceEntry,
    SourceNamer,
    SummaryRow,
    TitlePage,
    elsewhere,
    evidence_tables,
    figures_line,
    provenance_lines,
)
from workbench.memo.words import (
    NO_ASSESSMENT,
    ConfidenceFacts,
    band_label,
    flag_text,
    format_delta,
    format_long_date,
    format_probability,
    judgement,
    reliability_words,
    safe_url,
)

__all__ = [
    "ClaimSection", "Figure", "EvidenceRow", "HistoryEntry", "Location", "Memo", "MethodAppendix",
    "SourceEntry", "SourceNamer", "SummaryRow", "TitlePage", "build_memo", "elsewhere", "evidence_tables",
    "figures_line", "format_delta", "format_long_date", "format_probability", "provenance_lines", "safe_url",
]


def _page_of(document: Mapping[str, Any], start: int | None) -> int | None:
    starts = document.get("page_starts") or []
    if start is None or not starts:
        return None
    return max(1, bisect.bisect_right(list(starts), int(start)))


def _location(obj: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]], namer: SourceNamer) -> Location | None:
    doc_id = obj.get("document")
    if not doc_id or doc_id not in docs:
        return None
    doc = docs[doc_id]
    return Location(
        document_title=namer.scrub(str(doc.get("title") or "")),
        url=namer.scrub(str(doc.get("url") or "")),
        page=_page_of(doc, obj.get("start")),
        published=str(doc.get("published") or ""),
        anchor=str(obj.get("anchor") or ""),
        document_id=str(doc_id),
    )


def _links(e: Mapping[str, Any], source_id: str, namer: SourceNamer) -> tuple[tuple[str, str], ...]:
    """The statement's link and its archived copy, web addresses only; none for a withheld
    source (a link would name it)."""
    if namer.hidden(source_id):
        return ()
    out = []
    for key, label in (("url", "Link"), ("archived_url", "Archived copy")):
        url = safe_url(str(e.get(key) or ""))
        if url:
            out.append((label, url))
    return tuple(out)


def _picture_line(e: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]], namer: SourceNamer) -> str:
    """"Photo taken …, camera …, GPS …" for a quote from a picture, from its EXIF."""
    doc = docs.get(str(e.get("document")))
    media = (doc or {}).get("media") or {}
    if not isinstance(media, Mapping) or media.get("type") not in ("photo", "image"):
        return ""
    bits = []
    if media.get("taken"):
        bits.append(f"taken {str(media['taken']).replace('T', ' ')}")
    if media.get("camera"):
        bits.append(f"camera {media['camera']}")
    gps = media.get("gps")
    if isinstance(gps, list | tuple) and len(gps) == 2:
        bits.append(f"GPS {float(gps[0]):.5f}, {float(gps[1]):.5f}")
    if not bits:
        return ""
    return namer.scrub("Picture " + ", ".join(bits))


def _quote(item: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]]) -> str:
    """The item's quote; for an anchored item without one, the anchored text."""
    quote = str(item.get("quote") or "")
    doc = docs.get(str(item.get("document")))
    if quote or doc is None or item.get("anchor") == "orphaned":
        return quote
    start, end = item.get("start"), item.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        return str(doc.get("text") or "")[start:end]
    return ""


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _provenance(
    item: Mapping[str, Any],
    breakdown: Mapping[str, Any],
    numbers: Mapping[str, str],
    evidence: Mapping[str, Mapping[str, Any]],
    counted_by_cluster: Mapping[tuple[str, str], str],
    namer: SourceNamer,
) -> str:
    """"relays E1 (BBC)", "relays Source 2 (graded C)", "same origin as E1"."""
    parts: list[str] = []
    derives = item.get("derives_from") or {}
    relayed = derives.get("evidence") if isinstance(derives, Mapping) else None
    relayed_source = derives.get("source") if isinstance(derives, Mapping) else None
    if relayed:
        target = evidence.get(str(relayed), {})
        who = namer.label(str(target.get("source", "")))
        parts.append(f"relays {numbers[relayed]} from {who}" if relayed in numbers else f"relays {who}")
    elif relayed_source:
        parts.append(f"relays {namer.label(str(relayed_source))}")
    origin = str(breakdown.get("origin") or "")
    if origin.startswith("cycle:"):
        parts.append("part of circular reporting")
    elif origin and origin != item.get("source") and not relayed_source:
        parts.append(f"origin: {namer.label(origin)}")
    if breakdown.get("role") == "absorbed":
        same = breakdown.get("same_origin_as") or counted_by_cluster.get((origin, str(item.get("stance"))))
        if isinstance(same, (list, tuple)):
            same = same[0] if same else None
        if same and str(same) in numbers:
            parts.append(f"absorbed: same origin as {numbers[str(same)]}, adds nothing")
        else:
            parts.append("absorbed: same origin as a stronger item, adds nothing")
    return "; ".join(parts)


def _history(entries: Sequence[Mapping[str, Any]], external: bool, namer: SourceNamer) -> tuple[HistoryEntry, ...]:
    out = []
    for e in entries:
        when = e.get("when") or e.get("at") or e.get("date") or e.get("time") or ""
        note = "" if external else namer.scrub(str(e.get("note") or e.get("event") or e.get("reason") or ""))
        out.append(HistoryEntry(
            when=str(when)[:16].replace("T", " "),
            likelihood=str(e.get("likelihood") or ""),
            probability=_float(e.get("probability")),
            confidence=str(e.get("confidence") or ""),
            note=note,
            who=namer.scrub(str(e.get("who") or "")),
        ))
    return tuple(out)


def _interested_chain(item: Mapping[str, Any], evidence: Mapping[str, Mapping[str, Any]]) -> bool:
    """interested*: anyone on the item's relay chain has a stake in the outcome."""
    seen: set[str] = set()
    current: Mapping[str, Any] | None = item
    while current is not None and str(current.get("id")) not in seen:
        if current.get("interested"):
            return True
        seen.add(str(current.get("id")))
        derives = current.get("derives_from") or {}
        relayed = derives.get("evidence") if isinstance(derives, Mapping) else None
        current = evidence.get(str(relayed)) if relayed else None
    return False


def _facts(assessment: Mapping[str, Any], items: Sequence[Mapping[str, Any]], stance: Mapping[str, str],
           evidence: Mapping[str, Mapping[str, Any]], namer: SourceNamer, e_min: float) -> ConfidenceFacts:
    """Recover the quantities of the confidence rules (confidence.md step 6)."""
    r = float(assessment.get("corroborating_weight") or 0.0)
    s = float(assessment.get("contradicting_weight") or 0.0)
    if r > s:
        dominant: str | None = "corroborates"
        q = s / r
    elif s > r:
        dominant, q = "contradicts", r / s
    else:
        dominant, q = None, (1.0 if r + s > 0 else 0.0)
    by_id = {str(e["id"]): e for e in items}
    n, clean = 0, False
    for b in assessment.get("evidence") or []:
        eid = str(b.get("id"))
        if b.get("role") != "counted" or stance.get(eid) != dominant or float(b.get("weight") or 0) < e_min:
            continue
        n += 1
        origin = str(b.get("origin") or "")
        if (not origin.startswith("cycle:") and namer.grade(origin) in ("A", "B")
                and eid in by_id and not _interested_chain(by_id[eid], evidence)):
            clean = True
    return ConfidenceFacts(dominant, q, n, clean)


def _claim_section(
    index: int,
    claim: Mapping[str, Any],
    assessment: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
    docs: Mapping[str, Mapping[str, Any]],
    all_evidence: Mapping[str, Mapping[str, Any]],
    namer: SourceNamer,
    external: bool,
    history: Sequence[Mapping[str, Any]],
    e_min: float,
) -> ClaimSection:
    breakdown = {str(b.get("id")): b for b in assessment.get("evidence") or []}
    numbers = {str(e["id"]): f"E{i}" for i, e in enumerate(items, start=1)}
    stance = {str(e["id"]): str(breakdown.get(str(e["id"]), {}).get("stance") or e.get("stance")) for e in items}
    counted_by_cluster: dict[tuple[str, str], str] = {}
    for e in items:
        b = breakdown.get(str(e["id"]), {})
        if b.get("role") == "counted":
            counted_by_cluster[(str(b.get("origin") or ""), stance[str(e["id"])])] = str(e["id"])
    rows: dict[str, list[EvidenceRow]] = {"corroborates": [], "contradicts": [], "context": []}
    for e in items:
        eid = str(e["id"])
        b = breakdown.get(eid, {})
        source_id = str(e.get("source") or "")
        credibility = e.get("credibility")
        rows.setdefault(stance[eid], []).append(EvidenceRow(
            number=numbers[eid],
            evidence_id=eid,
            stance=stance[eid],
            source=namer.name(source_id),
            grade=f"{namer.grade(source_id)}{credibility if credibility is not None else ''}",
            date=str(e.get("date") or ""),
            quote=namer.scrub(_quote(e, docs)),
            location=_location(e, docs, namer),
            provenance=_provenance(e, b, numbers, all_evidence, counted_by_cluster, namer),
            role=str(b.get("role") or ("context" if stance[eid] == "context" else "")),
            delta_p=_float(b.get("delta_p")),
            weight=_float(b.get("weight")),
            note="" if external else str(e.get("note") or ""),
            links=_links(e, source_id, namer),
            picture=_picture_line(e, docs, namer),
        ))
    word = str(assessment.get("likelihood") or NO_ASSESSMENT)
    text = namer.scrub(str(claim.get("text") or assessment.get("text") or ""))
    strongest = ""
    counted = [b for b in breakdown.values() if b.get("role") == "counted"]
    if counted:
        top = max(counted, key=lambda b: float(b.get("weight") or 0.0))
        strongest = namer.origin(str(top.get("origin") or ""))
    flags = [str(f) for f in assessment.get("flags") or []]
    facts = _facts(assessment, items, stance, all_evidence, namer, e_min)
    first, second = judgement(assessment, text, facts, lambda i: stance.get(i, ""), strongest)
    return ClaimSection(
        number=f"C{index}",
        claim_id=str(claim["id"]),
        text=text,
        status=str(claim.get("status") or ""),
        location=_location(claim, docs, namer),
        likelihood=word,
        band=band_label(word),
        confidence=str(assessment.get("confidence") or "low"),
        probability=_float(assessment.get("probability")),
        uncertainty=_float(assessment.get("uncertainty")),
        corroborating_weight=float(assessment.get("corroborating_weight") or 0.0),
        contradicting_weight=float(assessment.get("contradicting_weight") or 0.0),
        base_rate=0.5 if claim.get("base_rate") is None else float(claim["base_rate"]),
        likelihood_sentence=first,
        confidence_sentence=second,
        caveats=tuple(flag_text(f) for f in flags),
        evidence_for=tuple(rows["corroborates"]),
        evidence_against=tuple(rows["contradicts"]),
        context=tuple(rows["context"]),
        note="" if external else namer.scrub(str(claim.get("note") or "")),
        history=_history(history, external, namer),
    )


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def build_memo(
    project: dict[str, Any],
    assessments: dict[str, Any],
    *,
    external: bool = False,
    analyst: str = "",
    as_of: date | None = None,
    file_sha256: str = "",
    generated: datetime | None = None,
    history: dict[str, list[dict[str, Any]]] | None = None,
    graphs: bool = False,
) -> Memo:
    """Assemble the memo from an exchange dict and an assessment dict.

    ``as_of`` defaults to the project's own ``as_of``, then to the day the
    memo is generated; ``history`` maps a claim id to earlier assessments
    (dicts with when/likelihood/probability/confidence/note), oldest first.
    ``graphs`` adds each claim's provenance graph as a :class:`Figure` (it runs
    Graphviz once for the whole memo).
    """
    generated = generated or datetime.now().astimezone().replace(microsecond=0)
    meta = project.get("project") or {}
    as_of = as_of or _as_date(meta.get("as_of")) or generated.date()
    sources = list(project.get("sources") or [])
    namer = SourceNamer(sources, external)
    docs = {str(d["id"]): d for d in project.get("documents") or []}
    evidence = list(project.get("evidence") or [])
    by_id = {str(e["id"]): e for e in evidence}
    by_claim: dict[str, list[Mapping[str, Any]]] = {}
    for e in evidence:
        by_claim.setdefault(str(e.get("claim")), []).append(e)
    assessed = {str(a.get("id")): a for a in assessments.get("claims") or []}
    history = history or {}
    e_min = float(effective_settings(meta.get("settings"))["e_min"])

    sections: list[ClaimSection] = []
    summary: list[SummaryRow] = []
    for i, claim in enumerate(project.get("claims") or [], start=1):
        cid = str(claim["id"])
        section = _claim_section(i, claim, assessed.get(cid, {}), by_claim.get(cid, []), docs, by_id,
                                 namer, external, history.get(cid, []), e_min)
        sections.append(section)
        summary.append(SummaryRow(
            number=section.number, claim_id=cid, text=section.text, likelihood=section.likelihood,
            band=section.band, confidence=section.confidence, probability=section.probability,
            n_for=len(section.evidence_for), n_against=len(section.evidence_against),
            n_context=len(section.context),
        ))

    if graphs:
        sections = _with_figures(sections, project, assessments, namer, by_claim)

    use: dict[str, tuple[int, set[str]]] = {}
    for e in evidence:
        n, claims = use.get(str(e.get("source")), (0, set()))
        claims.add(str(e.get("claim")))
        use[str(e.get("source"))] = (n + 1, claims)
    entries = []
    for s in sources:
        sid = str(s["id"])
        hidden = namer.hidden(sid)
        n_items, claims = use.get(sid, (0, set()))
        entries.append(SourceEntry(
            number=namer.number(sid), source_id=sid, name=namer.name(sid),
            kind="confidential" if hidden else str(s.get("kind") or ""),
            reliability=namer.grade(sid), reliability_words=reliability_words(namer.grade(sid)),
            confidential=bool(s.get("confidential")), items=n_items, claims=len(claims),
            notes="" if external else str(s.get("notes") or ""),
        ))

    title = namer.scrub(str(meta.get("title") or "Untitled project"))
    if external:
        notice = ("External edition. Confidential sources are identified only by number and grade, "
                  "and analysts' notes are left out.")
    else:
        notice = ("Internal edition. Names confidential sources and includes analysts' notes: "
                  "do not forward outside the team.")
    page = TitlePage(
        title=title, subtitle="Verification memo", analyst=namer.scrub(analyst), generated=generated,
        as_of=as_of, file_sha256=file_sha256, edition="External" if external else "Internal",
        notice=notice,
    )
    method = build_method(meta, as_of)
    header = f"{title} · Verification memo · {page.edition}"
    return Memo(page, tuple(summary), tuple(sections), tuple(entries), method, external, header)




def _with_figures(sections: list[ClaimSection], project: Mapping[str, Any], assessments: Mapping[str, Any],
                  namer: SourceNamer, by_claim: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[ClaimSection]:
    """Each claim's provenance graph, drawn from what this edition may show:
    withheld sources appear under their alias and kind "confidential", claim
    texts scrubbed, items numbered E1… as in the evidence tables."""
    from dataclasses import replace

    from workbench.graph.model import build_claim_graph
    from workbench.graph.render import render_svgs

    sources = [{**s, "name": namer.name(str(s["id"])), "notes": "",
                "kind": "confidential" if namer.hidden(str(s["id"])) else s.get("kind")}
               for s in project.get("sources") or []]
    claims = [{**c, "text": namer.scrub(str(c.get("text") or ""))} for c in project.get("claims") or []]
    shown = {**project, "sources": sources, "claims": claims}
    todo = [s for s in sections if by_claim.get(s.claim_id)]
    drawn = [build_claim_graph(shown, assessments, s.claim_id,
                               numbering={str(e["id"]): f"E{i}" for i, e in enumerate(by_claim[s.claim_id], 1)})
             for s in todo]
    pictures = dict(zip([s.claim_id for s in todo], render_svgs(drawn), strict=True))
    alts = {s.claim_id: g.describe() for s, g in zip(todo, drawn, strict=True)}
    return [replace(s, figure=Figure(svg=pictures[s.claim_id].decode("utf-8"), alt=alts[s.claim_id],
                                     caption=f"Provenance of {s.number}: who relays whom, "
                                             "and which origin each item traces back to"))
            if s.claim_id in pictures else s for s in sections]
