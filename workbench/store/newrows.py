"""A new row built from one validated exchange object in one step: its column values and its
object as the project will dump it.

Loading an exchange file into a new project is almost all new rows. Filling
each one field by field through the update path (``upsert._assign``: a
default record, then ``setattr`` per field, each default looked up again)
and then turning the record back into exchange data for the redo patch
(``rows.evidence_dict``) cost more than the insert itself; these builders
make both at once: the values go to ``executemany`` in :data:`COLUMNS`
order, the object is the write's "after" state. A test loads one file both
ways and compares the files, another compares every write's after state
with the file (``VWB_CHECK_WRITTEN``).

Dates are stored as ISO text, as SQLite stores them. An evidence quote
validated against its span *is* the span's text, so it is taken from the
document instead of being canonicalised a second time.

A new evidence item can also be checked and built in the same pass
(:func:`checked_evidence`): validation hands it over when the item is
ordinary and takes it back, to name the problem, when it is not.

No SQLAlchemy here. May import: workbench.jsonsafe, workbench.documents (text canonicalisation,
anchor context), workbench.analysis.inputs and workbench.store.rules (the grades and limits checked).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from typing import Any

from workbench import jsonsafe
from workbench.analysis.inputs import CREDIBILITY_GRADES, DIAGNOSTICITY, STANCES
from workbench.documents.anchoring import CONTEXT_CHARS, make_selector
from workbench.documents.canonical import canonical_text, text_sha256
from workbench.store.rules import ANCHOR_STATES, CLAIM_STATUSES, MAX_CHARS, MAX_POSITION, MAX_SPAN

#: The text of a document by id (the incoming canonical text, or the stored one).
TextOf = Callable[[str], str]
#: A new row: its object as exchange data (with ``position``) and its column values.
Built = tuple[dict[str, Any], tuple[Any, ...]]

#: The columns each builder fills, in the order of its values (every column of the table).
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("id", "position", "title", "text", "sha256", "length", "url", "author", "published",
                  "original_name", "format", "page_starts", "imported_at", "changed_at", "media", "ocr",
                  "captured", "page_text", "version"),
    "sources": ("id", "position", "name", "kind", "reliability", "confidential", "notes", "changed_at", "url",
                "version"),
    "claims": ("id", "position", "text", "document_id", "start", "end", "exact", "prefix", "suffix", "anchor",
               "status", "base_rate", "note", "changed_at", "claimant", "review", "version"),
    "evidence": ("id", "position", "claim_id", "source_id", "stance", "credibility", "diagnosticity",
                 "interested", "derives_from_evidence_id", "derives_from_source_id", "date", "quote",
                 "document_id", "start", "end", "prefix", "suffix", "anchor", "note", "changed_at", "url",
                 "archived_url", "version"),
}

_ISO_DATES: dict[str, str] = {}


def iso_date(value: str | None) -> str | None:
    """A validated date as SQLite stores it: ``fromisoformat`` then ``isoformat`` (a few hundred
    distinct dates in a large file: each is parsed once)."""
    if not value:
        return None
    out = _ISO_DATES.get(value)
    if out is None:
        out = dt.date.fromisoformat(value).isoformat()
        if len(_ISO_DATES) < 100_000:
            _ISO_DATES[value] = out
    return out


def _json_or_none(value: Any) -> str | None:
    return json.dumps(value) if value is not None else None


def _loads(text: str | None) -> Any:
    """A stored JSON column read back as the dump reads it (a fresh object, never the caller's)."""
    return jsonsafe.loads(text) if text else None


def document(obj: dict[str, Any], position: int, stamp: str, imported_at: str, text_of: TextOf) -> Built:
    """A new document (its canonical text as validation computed it, through ``text_of``)."""
    get = obj.get
    text = text_of(obj["id"]) if "text" in obj else ""
    sha256 = text_sha256(text) if "text" in obj else ""
    title, url, author, published = get("title") or "", get("url"), get("author"), iso_date(get("published"))
    original_name, fmt, captured, page_text = get("original_name"), get("format"), get("captured"), get("page_text")
    page_starts = json.dumps(obj["page_starts"]) if "page_starts" in obj else "[]"
    media, ocr = _json_or_none(get("media")), _json_or_none(get("ocr"))
    out = {"id": obj["id"], "title": title, "text": text, "url": url, "author": author, "published": published,
           "original_name": original_name, "format": fmt, "page_starts": jsonsafe.loads(page_starts),
           "sha256": sha256, "media": _loads(media), "ocr": _loads(ocr), "captured": captured,
           "page_text": page_text, "position": position}
    return out, (obj["id"], position, title, text, sha256, len(text), url, author, published, original_name,
                 fmt, page_starts, imported_at, stamp, media, ocr, captured, page_text, 1)


def source(obj: dict[str, Any], position: int, stamp: str) -> Built:
    """A new source."""
    get = obj.get
    name, kind, reliability = get("name", ""), get("kind", "other"), get("reliability", "F")
    confidential, notes, url = get("confidential", False), get("notes", ""), get("url")
    out = {"id": obj["id"], "name": name, "kind": kind, "reliability": reliability,
           "confidential": bool(confidential), "notes": notes, "url": url, "position": position}
    return out, (obj["id"], position, name, kind, reliability, confidential, notes, stamp, url, 1)


def _anchor(obj: dict[str, Any], doc: Any, start: Any, end: Any, text_of: TextOf
            ) -> tuple[str | None, str | None, str | None, str | None]:
    """``(anchor, prefix, suffix, exact)`` of a new span, as ``upsert._set_anchor`` stores them:
    the W3C-style context from the document's text, or an orphan's own."""
    if "document" not in obj and "start" not in obj and "end" not in obj:
        return None, None, None, None
    if doc is None or start is None or end is None:
        return None, None, None, None
    anchor = obj.get("anchor") or "ok"
    if anchor == "orphaned" and "prefix" in obj:
        return anchor, obj.get("prefix"), obj.get("suffix"), obj.get("exact")
    text = text_of(doc)
    if not 0 <= start < end <= len(text):
        make_selector(text, start, end)  # raises the same error the update path does
    return (anchor, text[start - CONTEXT_CHARS if start > CONTEXT_CHARS else 0:start],
            text[end:end + CONTEXT_CHARS], text[start:end])


def claim(obj: dict[str, Any], position: int, stamp: str, text_of: TextOf) -> Built:
    """A new claim."""
    get = obj.get
    text, doc, start, end = get("text", ""), get("document"), get("start"), get("end")
    status, base_rate, note, claimant = get("status", "open"), get("base_rate", 0.5), get("note", ""), get("claimant")
    review = get("review")
    review_text = json.dumps(review) if review else None
    anchor, prefix, suffix, exact = _anchor(obj, doc, start, end, text_of)
    out: dict[str, Any] = {"id": obj["id"], "text": text, "document": doc, "start": start, "end": end}
    if anchor:
        out["exact"], out["anchor"], out["prefix"], out["suffix"] = exact, anchor, prefix, suffix
    out["base_rate"], out["status"], out["note"], out["claimant"] = base_rate, status, note, claimant
    out["review"], out["position"] = _loads(review_text), position
    return out, (obj["id"], position, text, doc, start, end, exact, prefix, suffix, anchor, status, base_rate,
                 note, stamp, claimant, review_text, 1)


def evidence(obj: dict[str, Any], position: int, stamp: str, text_of: TextOf) -> Built:
    """A new evidence item.

    A quote checked against its span (validation compares the canonical quote
    with the document's text there) is stored as that text, without
    canonicalising it again; an empty quote of a span is filled from it.
    """
    get = obj.get
    oid, claim_id, source_id = obj["id"], get("claim"), get("source")
    doc, start, end = get("document"), get("start"), get("end")
    quote = get("quote")
    if quote is None:
        quote = ""
    elif quote and doc is not None and start is not None and end is not None and get("anchor") != "orphaned":
        quote = text_of(doc)[start:end]  # validated: canonical_text(quote) == this
    else:
        quote = canonical_text(quote)
    anchor, prefix, suffix, exact = _anchor(obj, doc, start, end, text_of)
    if anchor and not quote and exact is not None and (anchor != "orphaned" or "prefix" not in obj):
        quote = exact  # the span's own words
    stance, credibility, diagnosticity = get("stance", "context"), get("credibility", 6), get("diagnosticity", "high")
    interested, date, note = get("interested", False), iso_date(get("date")), get("note", "")
    url, archived_url = get("url"), get("archived_url")
    df = get("derives_from")
    relays: dict[str, str] | None = None
    dfe = dfs = None
    if df:
        dfe, dfs = df.get("evidence"), df.get("source")
        if dfe:
            relays = {"evidence": dfe}
        elif dfs:
            relays = {"source": dfs}
    out: dict[str, Any] = {
        "id": oid, "claim": claim_id, "source": source_id, "stance": stance, "credibility": credibility,
        "diagnosticity": diagnosticity, "interested": bool(interested), "derives_from": relays, "date": date,
        "quote": quote, "document": doc, "start": start, "end": end}
    if anchor:
        out["anchor"], out["prefix"], out["suffix"] = anchor, prefix, suffix
    out["note"], out["url"], out["archived_url"], out["position"] = note, url, archived_url, position
    return out, (oid, position, claim_id, source_id, stance, credibility, diagnosticity, interested, dfe, dfs,
                 date, quote, doc, start, end, prefix, suffix, anchor, note, stamp, url, archived_url, 1)


# --------------------------------------------------------------------------- checked and built in one pass

#: What a new claim or evidence item may name in the same file: the incoming objects by kind and id.
Incoming = dict[str, dict[str, dict[str, Any]]]

_EVIDENCE_FIELDS = frozenset({"id", "claim", "source", "stance", "credibility", "diagnosticity",
                              "interested", "derives_from", "date", "quote", "document", "start", "end",
                              "note", "anchor", "prefix", "suffix", "position", "url", "archived_url"})
_CLAIM_FIELDS = frozenset({"id", "text", "document", "start", "end", "base_rate", "status", "note",
                           "anchor", "exact", "prefix", "suffix", "position", "claimant", "review"})
_STANCES = frozenset(STANCES)
_CREDIBILITY = frozenset(CREDIBILITY_GRADES)
_DIAGNOSTICITY = frozenset(DIAGNOSTICITY)
_STATUSES = frozenset(CLAIM_STATUSES)
_PLACED = frozenset(a for a in ANCHOR_STATES if a != "orphaned")
_EV_LIMITS = tuple((f, MAX_CHARS[("evidence", f)]) for f in ("prefix", "suffix"))
_CLAIM_LIMITS = tuple((f, MAX_CHARS[("claim", f)]) for f in ("exact", "prefix", "suffix"))
_QUOTE_MAX, _EV_NOTE_MAX = MAX_CHARS[("evidence", "quote")], MAX_CHARS[("evidence", "note")]
_EV_URL_MAX, _EV_ARCHIVED_MAX = MAX_CHARS[("evidence", "url")], MAX_CHARS[("evidence", "archived_url")]
_CLAIM_TEXT_MAX, _CLAIM_NOTE_MAX = MAX_CHARS[("claim", "text")], MAX_CHARS[("claim", "note")]


def _within_limits(obj: dict[str, Any], limits: tuple[tuple[str, int], ...]) -> bool:
    """Whether ``obj``'s anchor texts are within ``limits`` and its position, if given, is a
    position: what the one-pass check of a claim and of an evidence item both ask beyond their own
    fields (anything else goes to the full check)."""
    get = obj.get
    for fld, limit in limits:
        value = get(fld)
        if value.__class__ is str and len(value) > limit:
            return False
    given = get("position")
    return not ((given is not None or "position" in obj)
                and (given.__class__ is not int or not 0 <= given <= MAX_POSITION))


#: Whether a text is in a Unicode normal form (bound once: called for every new placed item).
_is_nfc = unicodedata.is_normalized

#: A placed span's ``(exact, prefix, suffix)``.
Placed = tuple[str, str, str]
_UNPLACED = (True, None)
_REFUSED = (False, None)


def _place(doc: Any, start: Any, end: Any, incoming: Incoming, text_of: TextOf) -> tuple[bool, Placed | None]:
    """``(ok, (exact, prefix, suffix))`` of a new item's span as ``exchange._check_span`` accepts
    it and ``_anchor`` stores it (``ok`` False: let the full check decide; None: not placed)."""
    if doc is None:
        return _UNPLACED if start is None and end is None else _REFUSED
    if doc.__class__ is not str or doc not in incoming["documents"]:
        return _REFUSED
    if start is None and end is None:
        return _UNPLACED
    if start.__class__ is not int or end.__class__ is not int:
        return _REFUSED
    text = text_of(doc)
    if not 0 <= start < end <= len(text) or end - start > MAX_SPAN:
        return _REFUSED
    before = text[start - CONTEXT_CHARS:start] if start > CONTEXT_CHARS else text[:start]
    return True, (text[start:end], before, text[end:end + CONTEXT_CHARS])


def checked_evidence(obj: dict[str, Any], incoming: Incoming, text_of: TextOf, position: int, stamp: str
                     ) -> Built | None:
    """A new evidence item checked and built in one pass, or None to leave it to the full
    validation (``exchange._validate_evidence``) and builder (:func:`evidence`).

    Accepts only what the full validation accepts, and builds exactly what :func:`evidence`
    builds; anything unusual (a reference to a stored row, an orphan, a malformed value) is
    left to the full path, which names the first problem in its fixed order. Loading a large
    file then reads each field of an item once instead of once to check it and again to build it.
    """
    if not obj.keys() <= _EVIDENCE_FIELDS:
        return None
    get = obj.get
    oid, claim_id, source_id = obj["id"], get("claim"), get("source")
    if claim_id.__class__ is not str or claim_id not in incoming["claims"] \
            or source_id.__class__ is not str or source_id not in incoming["sources"]:
        return None
    stance, credibility, diagnosticity = get("stance"), get("credibility", 6), get("diagnosticity", "high")
    interested, date, note, quote = get("interested", False), get("date"), get("note", ""), get("quote", "")
    if stance.__class__ is not str or stance not in _STANCES or credibility.__class__ is not int \
            or credibility not in _CREDIBILITY or diagnosticity.__class__ is not str \
            or diagnosticity not in _DIAGNOSTICITY or interested.__class__ is not bool:
        return None
    if quote.__class__ is not str or len(quote) > _QUOTE_MAX or note.__class__ is not str \
            or len(note) > _EV_NOTE_MAX:
        return None
    url, archived_url = get("url"), get("archived_url")
    if url is not None and (url.__class__ is not str or len(url) > _EV_URL_MAX):
        return None
    if archived_url is not None and (archived_url.__class__ is not str or len(archived_url) > _EV_ARCHIVED_MAX):
        return None
    if ("prefix" in obj or "suffix" in obj or "position" in obj) and not _within_limits(obj, _EV_LIMITS):
        return None
    if date is not None:
        if date.__class__ is not str or not date:
            return None
        iso = _ISO_DATES.get(date)  # (iso_date's own cache, without the call)
        if iso is None:
            try:
                iso = iso_date(date)
            except ValueError:
                return None
        date = iso
    df = get("derives_from")
    dfe = dfs = None
    relays: dict[str, str] | None = None
    if df is not None:
        if df.__class__ is not dict or len(df) != 1:
            return None
        dfe, dfs = df.get("evidence"), df.get("source")
        if dfe is not None:
            relayed = incoming["evidence"].get(dfe) if dfe.__class__ is str else None
            if dfe == oid or relayed is None or relayed.get("claim") != claim_id:
                return None
            relays = {"evidence": dfe}
        elif dfs.__class__ is str and dfs in incoming["sources"]:
            relays = {"source": dfs}
        else:
            return None
    anchor = get("anchor")
    if anchor is not None and (anchor.__class__ is not str or anchor not in _PLACED):
        return None  # an orphan, or an unknown state: the full path
    doc, start, end = get("document"), get("start"), get("end")
    ok, placed = _place(doc, start, end, incoming, text_of)
    if not ok:
        return None
    prefix = suffix = None
    if placed is not None:
        span, prefix, suffix = placed
        if quote and quote != span and canonical_text(quote) != span:
            return None
        # Whether ``canonical_text(span) == span``: a slice of canonical text nearly always is (no
        # carriage return can be in it), but a leading BOM or a cut through a composed sequence can
        # make the full check's ``canonical_text(quote)`` differ: then let it decide.
        if span[:1] == "\ufeff" or not _is_nfc("NFC", span):
            return None
        quote = span  # the quote checked against it, or the span's own words for an empty one
        anchor = anchor or "ok"
    else:
        anchor = None
        if quote:
            quote = canonical_text(quote)
    out: dict[str, Any] = {
        "id": oid, "claim": claim_id, "source": source_id, "stance": stance, "credibility": credibility,
        "diagnosticity": diagnosticity, "interested": interested, "derives_from": relays, "date": date,
        "quote": quote, "document": doc, "start": start, "end": end}
    if anchor:
        out["anchor"], out["prefix"], out["suffix"] = anchor, prefix, suffix
    out["note"], out["url"], out["archived_url"], out["position"] = note, url, archived_url, position
    return out, (oid, position, claim_id, source_id, stance, credibility, diagnosticity, interested, dfe, dfs,
                 date, quote, doc, start, end, prefix, suffix, anchor, note, stamp, url, archived_url, 1)


def checked_claim(obj: dict[str, Any], incoming: Incoming, text_of: TextOf, position: int, stamp: str
                  ) -> Built | None:
    """A new claim checked and built in one pass, or None to leave it to the full validation
    (``exchange._validate_object``) and builder (:func:`claim`); as :func:`checked_evidence`."""
    if not obj.keys() <= _CLAIM_FIELDS:
        return None
    get = obj.get
    oid, text, note = obj["id"], get("text"), get("note", "")
    status, base_rate, claimant = get("status", "open"), get("base_rate", 0.5), get("claimant")
    if text.__class__ is not str or len(text) > _CLAIM_TEXT_MAX or not text.strip() \
            or note.__class__ is not str or len(note) > _CLAIM_NOTE_MAX:
        return None
    if status.__class__ is not str or status not in _STATUSES \
            or (base_rate.__class__ is not float and base_rate.__class__ is not int) or not 0 < base_rate < 1:
        return None
    if claimant is not None and (claimant.__class__ is not str or claimant not in incoming["sources"]):
        return None
    if get("review") is not None:
        return None  # a review object: the full check
    if ("exact" in obj or "prefix" in obj or "suffix" in obj or "position" in obj) \
            and not _within_limits(obj, _CLAIM_LIMITS):
        return None
    anchor = get("anchor")
    if anchor is not None and (anchor.__class__ is not str or anchor not in _PLACED):
        return None
    doc, start, end = get("document"), get("start"), get("end")
    ok, placed = _place(doc, start, end, incoming, text_of)
    if not ok:
        return None
    out: dict[str, Any] = {"id": oid, "text": text, "document": doc, "start": start, "end": end}
    exact: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    if placed is not None:
        exact, prefix, suffix = placed
        anchor = anchor or "ok"
        out["exact"], out["anchor"], out["prefix"], out["suffix"] = exact, anchor, prefix, suffix
    else:
        anchor = None
    out["base_rate"], out["status"], out["note"], out["claimant"] = base_rate, status, note, claimant
    out["review"], out["position"] = None, position
    return out, (oid, position, text, doc, start, end, exact, prefix, suffix, anchor, status, base_rate,
                 note, stamp, claimant, None, 1)
