"""The column values of a new row, built from one validated exchange object in one step.

Loading an exchange file into a new project is almost all new rows. Filling
each one field by field through the update path (``exchange._assign``: a
default record, then ``setattr`` per field, each default looked up again)
cost twice the insert itself; these builders make the whole record in one
dict literal, with the same values the update path gives a new row
(``tests/test_exchange.py`` loads one file both ways and compares the files).

Dates are kept as ISO text, as SQLite stores them (``rows._iso`` reads either).
An evidence quote validated against its span *is* the span's text, so it is
taken from the document instead of being canonicalised a second time.

No SQLAlchemy here. May import: workbench.documents (text canonicalisation, anchor context).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from workbench.documents.anchoring import CONTEXT_CHARS, make_selector
from workbench.documents.canonical import canonical_text, text_sha256

#: The text of a document by id (the incoming canonical text, or the stored one).
TextOf = Callable[[str], str]

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


def document(obj: dict[str, Any], position: int, stamp: str, imported_at: str, text_of: TextOf) -> dict[str, Any]:
    """A new document row (its canonical text as validation computed it, through ``text_of``)."""
    get = obj.get
    text = text_of(obj["id"]) if "text" in obj else ""
    return {
        "id": obj["id"], "position": position, "title": get("title") or "", "text": text,
        "sha256": text_sha256(text) if "text" in obj else "", "length": len(text),
        "url": get("url"), "author": get("author"), "published": iso_date(get("published")),
        "original_name": get("original_name"), "format": get("format"),
        "page_starts": json.dumps(obj["page_starts"]) if "page_starts" in obj else "[]",
        "imported_at": imported_at, "changed_at": stamp,
        "media": _json_or_none(get("media")), "ocr": _json_or_none(get("ocr")),
        "captured": get("captured"), "page_text": get("page_text"), "version": 1,
    }


def source(obj: dict[str, Any], position: int, stamp: str) -> dict[str, Any]:
    """A new source row."""
    get = obj.get
    return {
        "id": obj["id"], "position": position, "name": get("name", ""), "kind": get("kind", "other"),
        "reliability": get("reliability", "F"), "confidential": get("confidential", False),
        "notes": get("notes", ""), "changed_at": stamp, "url": get("url"), "version": 1,
    }


def _anchor(row: dict[str, Any], obj: dict[str, Any], text_of: TextOf, is_claim: bool) -> None:
    """The span's W3C-style context, as ``exchange._set_anchor`` stores it for a new row."""
    if "document" not in obj and "start" not in obj and "end" not in obj:
        return
    doc, start, end = row["document_id"], row["start"], row["end"]
    if doc is None or start is None or end is None:
        return  # the record's anchor fields are None already
    anchor = row["anchor"] = obj.get("anchor") or "ok"
    if anchor == "orphaned" and "prefix" in obj:
        row["prefix"], row["suffix"] = obj.get("prefix"), obj.get("suffix")
        if is_claim and "exact" in obj:
            row["exact"] = obj["exact"]
        return
    text = text_of(doc)
    if not 0 <= start < end <= len(text):
        make_selector(text, start, end)  # raises the same error the update path does
    row["prefix"] = text[start - CONTEXT_CHARS if start > CONTEXT_CHARS else 0:start]
    row["suffix"] = text[end:end + CONTEXT_CHARS]
    if is_claim:
        row["exact"] = text[start:end]
    elif not row["quote"]:
        row["quote"] = text[start:end]


def claim(obj: dict[str, Any], position: int, stamp: str, text_of: TextOf) -> dict[str, Any]:
    """A new claim row."""
    get = obj.get
    review = get("review")
    row = {
        "id": obj["id"], "position": position, "text": get("text", ""), "document_id": get("document"),
        "start": get("start"), "end": get("end"), "exact": None, "prefix": None, "suffix": None,
        "anchor": None, "status": get("status", "open"), "base_rate": get("base_rate", 0.5),
        "note": get("note", ""), "changed_at": stamp, "claimant": get("claimant"),
        "review": json.dumps(review) if review else None, "version": 1,
    }
    _anchor(row, obj, text_of, True)
    return row


def evidence(obj: dict[str, Any], position: int, stamp: str, text_of: TextOf) -> dict[str, Any]:
    """A new evidence row.

    A quote checked against its span (validation compares the canonical quote
    with the document's text there) is stored as that text, without
    canonicalising it again.
    """
    get = obj.get
    df = get("derives_from") or {}
    doc, start, end = get("document"), get("start"), get("end")
    quote = get("quote")
    if quote is None:
        quote = ""
    elif quote and doc is not None and start is not None and end is not None and get("anchor") != "orphaned":
        quote = text_of(doc)[start:end]  # validated: canonical_text(quote) == this
    else:
        quote = canonical_text(quote)
    row = {
        "id": obj["id"], "position": position, "claim_id": get("claim"), "source_id": get("source"),
        "stance": get("stance", "context"), "credibility": get("credibility", 6),
        "diagnosticity": get("diagnosticity", "high"), "interested": get("interested", False),
        "derives_from_evidence_id": df.get("evidence"), "derives_from_source_id": df.get("source"),
        "date": iso_date(get("date")), "quote": quote, "document_id": doc, "start": start, "end": end,
        "prefix": None, "suffix": None, "anchor": None, "note": get("note", ""), "changed_at": stamp,
        "url": get("url"), "archived_url": get("archived_url"), "version": 1,
    }
    _anchor(row, obj, text_of, False)
    return row
