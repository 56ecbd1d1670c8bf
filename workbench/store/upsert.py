"""Writing validated exchange data: upserts in dependency order, and deletes.

New rows are built in one step each (:mod:`workbench.store.newrows`) and inserted in one
executemany; existing rows are updated field by field. The same object dicts serve as the
service's undo/redo patches, so there is one code path that turns data into rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Date, Table, func, insert, select
from sqlalchemy.orm import Session

from workbench.documents.anchoring import make_selector
from workbench.documents.canonical import canonical_text, text_sha256
from workbench.store import newrows
from workbench.store.fields import MODELS, Row
from workbench.store.model import Base, utcnow_iso
from workbench.store.rows import KINDS
from workbench.store.validation import Context, Lookup, prefetch


class _NextPositions(dict[str, int]):
    """The next free position per kind, read only for the kinds that get a new row.

    An edit of existing rows (most writes) then costs no ``max(position)``
    scan; that matters on a server, where every query is a round trip.
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session

    def __missing__(self, kind: str) -> int:
        value = (self._session.scalar(select(func.max(MODELS[kind].position))) or 0) + 1
        self[kind] = value
        return value


def _next_positions(session: Session) -> dict[str, int]:
    return _NextPositions(session)


def _set_anchor(row: Any, obj: dict[str, Any], texts: Context, is_claim: bool) -> None:
    """Store the span and its W3C-style context, computed from the document's stored text."""
    if not {"document", "start", "end"} & set(obj):
        return
    if row.document_id is None or row.start is None or row.end is None:
        row.prefix = row.suffix = row.anchor = None
        if is_claim:
            row.exact = None
        return
    row.anchor = obj.get("anchor") or "ok"
    if row.anchor == "orphaned" and "prefix" in obj:
        row.prefix, row.suffix = obj.get("prefix"), obj.get("suffix")
        if is_claim and "exact" in obj:
            row.exact = obj["exact"]
        return
    text = texts.text_of(row.document_id)
    sel = make_selector(text, row.start, row.end)
    row.prefix, row.suffix = sel.prefix, sel.suffix
    if is_claim:
        row.exact = text[row.start:row.end]
    elif not row.quote:
        row.quote = text[row.start:row.end]


def apply(session: Session, objects: dict[str, dict[str, dict[str, Any]]], stamp: str,
          lookup: Lookup | None = None) -> None:
    """Upsert validated objects in dependency order (documents, sources, claims, evidence).

    With the ``lookup`` validation filled, no stored row is read again; it then holds the written
    rows: the updated ORM rows in ``rows``, the new ones as exchange data in ``created``.
    """
    positions = _next_positions(session)
    ctx = Context.sharing(session, {k: objects.get(k, {}) for k in KINDS}, lookup)
    if lookup is None:  # else validation looked up every object and every row they name
        prefetch(ctx)
    imported_at = utcnow_iso()
    text_of = ctx.text_of
    for kind in KINDS:
        new_rows: list[tuple[Any, ...]] = []
        created = lookup.created.setdefault(kind, {}) if lookup is not None else {}
        ready = lookup.built.get(kind, {}) if lookup is not None and lookup.stamp == stamp else {}
        free = 0  # the next free position, once a new row needs one
        objs = objects.get(kind, {})
        if ready and len(ready) == len(objs) and lookup is not None \
                and lookup.numbered_from.get(kind) == positions[kind] and ready.keys() == objs.keys():
            # Every object is new and was checked and built by validation, which numbered them
            # from the same free position as the loop below would: inserted as built, without
            # visiting each (a load into a new project; the loop took each row as it was).
            created.update({oid: built[0] for oid, built in ready.items()})
            objs = {}
            new_rows = [built[1] for built in ready.values()]
        for oid, obj in objs.items():
            # Validation built a row only for an id it found no stored row for (and the
            # rows it looked up are not read again): no lookup for those.
            ready_row = ready.get(oid) if ready else None
            row = None if ready_row is not None else ctx.row(kind, oid)
            if row is None:
                # New objects are built in one step each (newrows) and inserted in one
                # executemany below: loading a large exchange file is mostly new rows,
                # and building ORM objects for them cost several times the insert.
                if not free:
                    free = positions[kind]
                position = obj.get("position") or free
                free = (free if free > position else position) + 1
                if ready_row is not None and ready_row[1][1] == position:
                    built = ready_row  # checked and built by validation
                elif kind == "evidence":
                    built = newrows.evidence(obj, position, stamp, text_of)
                elif kind == "claims":
                    built = newrows.claim(obj, position, stamp, text_of)
                elif kind == "sources":
                    built = newrows.source(obj, position, stamp)
                else:
                    built = newrows.document(obj, position, stamp, imported_at, text_of)
                created[oid] = built[0]
                new_rows.append(built[1])
                continue
            row.version = (row.version or 0) + 1
            if "position" in obj:
                row.position = obj["position"]
            _assign(kind, row, obj, ctx)
            row.changed_at = stamp
        session.flush()
        if new_rows:
            _insert_many(session, _table(MODELS[kind]), newrows.COLUMNS[kind], new_rows)


def _insert_many(session: Session, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert new rows in one executemany. On SQLite straight through the driver (SQLAlchemy's
    per-row parameter processing cost twenty times the insert itself): dates go in as the ISO
    text SQLite stores, booleans as 0/1 as sqlite3 does. Elsewhere through SQLAlchemy, dates as dates."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        dated = [k for k in columns if isinstance(table.c[k].type, Date)]
        records = [dict(zip(columns, r, strict=True)) for r in rows]
        for rec in records:
            for k in dated:
                if rec[k] is not None:
                    rec[k] = dt.date.fromisoformat(rec[k])
        session.execute(insert(table), records)
        return
    names = ", ".join(f'"{table.c[k].name}"' for k in columns)
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    conn.exec_driver_sql(sql, rows)


def _table(model: type[Row]) -> Table:
    """The table a model is mapped to."""
    return Base.metadata.tables[model.__tablename__]


def _assign(kind: str, row: Any, obj: dict[str, Any], ctx: Context) -> None:
    get = obj.get
    if kind == "documents":
        if "text" in obj:
            row.text = canonical_text(obj["text"])
            row.sha256 = text_sha256(row.text)
            row.length = len(row.text)
            ctx.texts[row.id] = row.text
        for f in ("title", "url", "author", "original_name", "format", "captured", "page_text"):
            if f in obj:
                setattr(row, f, get(f) if f != "title" else (get(f) or ""))
        for f in ("media", "ocr"):
            if f in obj:
                setattr(row, f, json.dumps(obj[f]) if obj[f] is not None else None)
        if "published" in obj:
            row.published = dt.date.fromisoformat(obj["published"]) if obj["published"] else None
        if "page_starts" in obj:
            row.page_starts = json.dumps(obj["page_starts"])
    elif kind == "sources":
        source_defaults: tuple[tuple[str, object], ...] = (
            ("name", ""), ("kind", "other"), ("reliability", "F"), ("confidential", False), ("notes", ""))
        for f, default in source_defaults:
            if f in obj or getattr(row, f) is None:
                setattr(row, f, get(f, default))
        if "url" in obj:
            row.url = obj["url"]
    elif kind == "claims":
        claim_defaults: tuple[tuple[str, object], ...] = (
            ("text", ""), ("base_rate", 0.5), ("status", "open"), ("note", ""))
        for f, default in claim_defaults:
            if f in obj or getattr(row, f) is None:
                setattr(row, f, get(f, default))
        if "claimant" in obj:
            row.claimant = obj["claimant"]
        if "review" in obj:
            row.review = json.dumps(obj["review"]) if obj["review"] else None
        for f, col in (("document", "document_id"), ("start", "start"), ("end", "end")):
            if f in obj:
                setattr(row, col, obj[f])
        _set_anchor(row, obj, ctx, is_claim=True)
    else:
        row.claim_id = get("claim", row.claim_id)
        row.source_id = get("source", row.source_id)
        evidence_defaults: tuple[tuple[str, object], ...] = (
            ("stance", "context"), ("credibility", 6), ("diagnosticity", "high"),
            ("interested", False), ("quote", ""), ("note", ""))
        for f, default in evidence_defaults:
            if f in obj or getattr(row, f) is None:
                setattr(row, f, get(f, default))
        if "quote" in obj:
            row.quote = canonical_text(row.quote or "")
        for f in ("url", "archived_url"):
            if f in obj:
                setattr(row, f, obj[f])
        if "date" in obj:
            row.date = dt.date.fromisoformat(obj["date"]) if obj["date"] else None
        if "derives_from" in obj:
            df = obj["derives_from"] or {}
            row.derives_from_evidence_id = df.get("evidence")
            row.derives_from_source_id = df.get("source")
        for f, col in (("document", "document_id"), ("start", "start"), ("end", "end")):
            if f in obj:
                setattr(row, col, obj[f])
        _set_anchor(row, obj, ctx, is_claim=False)


def delete_objects(session: Session, ids: Mapping[str, Iterable[str]]) -> None:
    """Delete objects by kind, dependants first (evidence, claims, sources, documents)."""
    for kind in reversed(KINDS):
        for oid in ids.get(kind, ()):
            row = session.get(MODELS[kind], oid)
            if row is not None:
                session.delete(row)
        session.flush()
