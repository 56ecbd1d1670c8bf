"""Stored rows as exchange data: one function per kind, over any row with the table's column names
as attributes (an ORM object, a SQLAlchemy result row, or a plain sqlite3 row of
:mod:`workbench.reader`), so every reader of a project gives the same dicts.

No SQLAlchemy here. May import: workbench.jsonsafe only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from workbench import jsonsafe

#: The four exchanged kinds, in dependency order, and how one of each is named.
KINDS = ("documents", "sources", "claims", "evidence")
SINGULAR = {"documents": "document", "sources": "source", "claims": "claim", "evidence": "evidence"}


def _iso(value: dt.date | str | None) -> str | None:
    """A date as ISO text; stored text (a plain sqlite3 row) is read as a date first, as the ORM does."""
    if not value:
        return None
    return (dt.date.fromisoformat(value) if isinstance(value, str) else value).isoformat()


def document_dict(d: Any, with_text: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"id": d.id, "title": d.title}
    if with_text:
        out["text"] = d.text
    out.update(url=d.url, author=d.author, published=_iso(d.published),
               original_name=d.original_name, format=d.format,
               page_starts=jsonsafe.loads(d.page_starts or "[]"), sha256=d.sha256)
    out.update(media=jsonsafe.loads(d.media) if d.media else None,
               ocr=jsonsafe.loads(d.ocr) if d.ocr else None, captured=d.captured)
    if with_text:
        out["page_text"] = d.page_text
    return out


def source_dict(s: Any) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "kind": s.kind, "reliability": s.reliability,
            "confidential": bool(s.confidential), "notes": s.notes, "url": s.url}


def _anchor_part(out: dict[str, Any], row: Any, is_claim: bool) -> None:
    """Add the anchor fields of a claim or evidence row (an ORM object or a plain result row) to ``out``."""
    out["document"], out["start"], out["end"] = row.document_id, row.start, row.end
    if row.anchor:
        if is_claim:  # an orphaned claim keeps the words it was anchored to
            out["exact"] = row.exact
        out["anchor"], out["prefix"], out["suffix"] = row.anchor, row.prefix, row.suffix


def claim_dict(c: Any) -> dict[str, Any]:
    """A claim row (ORM object or result row with the claim table's columns) as exchange data."""
    out: dict[str, Any] = {"id": c.id, "text": c.text}
    _anchor_part(out, c, True)
    out["base_rate"], out["status"], out["note"], out["claimant"] = c.base_rate, c.status, c.note, c.claimant
    out["review"] = jsonsafe.loads(c.review) if c.review else None
    return out


def evidence_dict(e: Any) -> dict[str, Any]:
    """An evidence row (ORM object or result row with the evidence table's columns) as exchange data."""
    derives: dict[str, str] | None = None
    if e.derives_from_evidence_id:
        derives = {"evidence": e.derives_from_evidence_id}
    elif e.derives_from_source_id:
        derives = {"source": e.derives_from_source_id}
    out: dict[str, Any] = {
        "id": e.id, "claim": e.claim_id, "source": e.source_id, "stance": e.stance,
        "credibility": e.credibility, "diagnosticity": e.diagnosticity,
        "interested": bool(e.interested), "derives_from": derives, "date": _iso(e.date),
        "quote": e.quote,
    }
    _anchor_part(out, e, False)
    out["note"], out["url"], out["archived_url"] = e.note, e.url, e.archived_url
    return out


ROW_DICT: dict[str, Callable[[Any], dict[str, Any]]] = {
    "documents": document_dict, "sources": source_dict, "claims": claim_dict, "evidence": evidence_dict}


# ---------------------------------------------------------------------- compact records

#: Fields of listed rows with few distinct values (shared by :func:`share_repeats`).
REPEATED: dict[str, tuple[str, ...]] = {
    "claims": ("document", "status", "anchor", "base_rate", "changed_at"),
    "sources": ("kind", "reliability"),
    "evidence": ("claim", "source", "stance", "diagnosticity", "document", "anchor", "date"),
}

#: One empty class per distinct key sequence: its instances' dicts share one keys table.
_RECORD_TYPES: dict[tuple[str, ...], type] = {}
#: CPython shares an instance dict's keys table for up to 30 keys.
_SHARED_KEYS_MAX = 30


def record(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` as an equal plain dict that shares its keys table with every record of the same keys.

    An open project keeps every listed row for as long as it is open (20,000 claims on the XL
    project), and a dict of 16 keys is 464 bytes, most of it its own copy of the keys' hash
    table.  CPython lets the ``__dict__`` of instances of one class share that table and keep
    only the values (192 bytes for a claim): a record is such a ``__dict__``, of an instance of
    a class made once per key sequence and dropped at once.  It is a ``dict`` like any other
    (``type(record(r)) is dict``, equal to ``r``, same key order, copyable, JSON-encodable,
    writable; a key added out of order just makes it an ordinary dict again), so no reader of
    the rows can tell; only the memory differs.
    """
    keys = tuple(row)
    make = _RECORD_TYPES.get(keys)
    if make is None:
        if len(keys) > _SHARED_KEYS_MAX or not all(k.__class__ is str for k in keys):
            return row
        make = _RECORD_TYPES[keys] = type("Record", (), {})
    out: dict[str, Any] = make().__dict__
    for key, value in row.items():
        out[key] = value
    return out


#: The keys of an evidence record (:func:`evidence_dict`), without and with an anchor's details.
_EVIDENCE_KEYS = ("id", "claim", "source", "stance", "credibility", "diagnosticity", "interested", "derives_from",
                  "date", "quote", "document", "start", "end", "note", "url", "archived_url")
_ANCHORED_KEYS = (*_EVIDENCE_KEYS[:13], "anchor", "prefix", "suffix", *_EVIDENCE_KEYS[13:])


def evidence_record(e: Any) -> dict[str, Any]:
    """``record(evidence_dict(e))``, written straight into the record.

    A switch into another document reads about a hundred evidence rows, and
    building each one's dict and then copying it into its record took a
    third of the read's time on the XL project.
    """
    anchor = e.anchor
    keys = _ANCHORED_KEYS if anchor else _EVIDENCE_KEYS
    make = _RECORD_TYPES.get(keys)
    if make is None:
        make = _RECORD_TYPES[keys] = type("Record", (), {})
    out: dict[str, Any] = make().__dict__
    out["id"], out["claim"], out["source"], out["stance"] = e.id, e.claim_id, e.source_id, e.stance
    out["credibility"], out["diagnosticity"] = e.credibility, e.diagnosticity
    out["interested"] = bool(e.interested)
    if e.derives_from_evidence_id:
        out["derives_from"] = {"evidence": e.derives_from_evidence_id}
    elif e.derives_from_source_id:
        out["derives_from"] = {"source": e.derives_from_source_id}
    else:
        out["derives_from"] = None
    date = e.date
    out["date"] = _iso(date) if date else None
    out["quote"], out["document"], out["start"], out["end"] = e.quote, e.document_id, e.start, e.end
    if anchor:
        out["anchor"], out["prefix"], out["suffix"] = anchor, e.prefix, e.suffix
    out["note"], out["url"], out["archived_url"] = e.note, e.url, e.archived_url
    return out


def share_repeats(rows: list[dict[str, Any]], fields: Sequence[str]) -> list[dict[str, Any]]:
    """The rows (changed in place) with one object per distinct value of ``fields``, and a claim's
    quoted ``exact`` text the same object as its ``text`` when they are equal (they are, unless
    edited).

    The driver returns a new string (or float) per cell and the window keeps every listed row
    while the project is open: on 20,000 claims the copies were about 8 MiB of the 28 the list
    takes.  Floats are shared by type and value except zeros (-0.0 equals 0.0).
    """
    same: dict[tuple[type, Any], Any] = {}
    for row in rows:
        for key in fields:
            value = row.get(key)
            cls = value.__class__
            if cls is str or (cls is float and value):
                row[key] = same.setdefault((cls, value), value)
        exact = row.get("exact")
        if exact is not None and exact == row.get("text"):
            row["exact"] = row["text"]
    return rows


#: The most claims one document reading asks for (one ``IN (...)`` list).
READING_CLAIMS = 500


def document_reading(document: Any, evidence_rows: Iterable[Any], doc_id: str, wanted: Sequence[str],
                     saw: Callable[[Any, dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    """A document reading from its row and the evidence rows selected for it (anchored in
    ``doc_id``, or evidence for a ``wanted`` claim, in position order): ``{"document",
    "evidence", "by_claim"}``, each row made one record shared by both lists.  ``saw`` remembers
    the row's version for the reader or service that read it and returns the record.  The
    service and the start-up reader read with different drivers; this keeps what they give alike."""
    by_claim: dict[str, list[dict[str, Any]]] = {c: [] for c in wanted}
    anchored: list[dict[str, Any]] = []
    for e in evidence_rows:
        obj = saw(e, evidence_record(e))
        if e.document_id == doc_id:
            anchored.append(obj)
        if e.claim_id in by_claim:
            by_claim[e.claim_id].append(obj)
    share_repeats(anchored, REPEATED["evidence"])
    return {"document": document_dict(document), "evidence": anchored, "by_claim": by_claim}
