"""The exchange JSON: one project as data (interfaces.md, "Exchange file").

``dump`` writes the whole project; ``validate`` checks a (possibly partial)
exchange dict against itself and the objects already in the project, and
``apply`` upserts it. Loading always validates everything first, so an
invalid file writes nothing. The same object dicts serve as the undo/redo
patches of the service layer, so there is one code path that turns data
into rows.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Date, Table, bindparam, func, insert, select
from sqlalchemy.orm import Session

from workbench import jsonsafe
from workbench.analysis.confidence import (
    CREDIBILITY_GRADES,
    DIAGNOSTICITY,
    RELIABILITY_GRADES,
    STANCES,
    ConfidenceInputError,
    Settings,
)
from workbench.analysis.verdicts import VerdictError, default_verdicts, parse_verdicts
from workbench.documents.anchoring import make_selector
from workbench.documents.canonical import canonical_text, text_sha256
from workbench.store import newrows
from workbench.store.model import (
    ANCHOR_STATES,
    CLAIM_STATUSES,
    MAX_CHARS,
    MAX_JSON_CHARS,
    MAX_POSITION,
    MAX_SPAN,
    MAX_TEXT_BYTES,
    SOURCE_KINDS,
    Base,
    Claim,
    Document,
    Evidence,
    ProjectInfo,
    Setting,
    Source,
    utcnow_iso,
)
from workbench.store.rows import KINDS as KINDS
from workbench.store.rows import ROW_DICT as ROW_DICT
from workbench.store.rows import SINGULAR as SINGULAR
from workbench.store.rows import claim_dict as claim_dict
from workbench.store.rows import document_dict as document_dict
from workbench.store.rows import evidence_dict as evidence_dict
from workbench.store.rows import source_dict as source_dict
from workbench.store.rules import EMPTY_PUBLISHER as EMPTY_PUBLISHER
from workbench.store.rules import PUBLISHER_KEYS as PUBLISHER_KEYS
from workbench.store.rules import ExchangeError as ExchangeError
from workbench.store.rules import check_publisher as check_publisher
from workbench.store.rules import check_stored_setting as check_stored_setting
from workbench.store.rules import is_web_url as is_web_url

FORMAT = "verification-workbench/1"
#: A row of one of the four exchanged kinds.
Row = Document | Source | Claim | Evidence
MODELS: dict[str, type[Row]] = {"documents": Document, "sources": Source, "claims": Claim, "evidence": Evidence}

FIELDS: dict[str, frozenset[str]] = {
    "documents": frozenset({"id", "title", "text", "url", "author", "published", "original_name",
                            "format", "page_starts", "sha256", "position", "media", "ocr", "captured",
                            "page_text"}),
    "sources": frozenset({"id", "name", "kind", "reliability", "confidential", "notes", "position", "url"}),
    "claims": frozenset({"id", "text", "document", "start", "end", "base_rate", "status", "note",
                         "anchor", "exact", "prefix", "suffix", "position", "claimant", "review"}),
    "evidence": frozenset({"id", "claim", "source", "stance", "credibility", "diagnosticity",
                           "interested", "derives_from", "date", "quote", "document", "start", "end",
                           "note", "anchor", "prefix", "suffix", "position", "url", "archived_url"}),
}
# The keys an object-valued field may hold (interfaces.md, "Additions").
MEDIA_KEYS = frozenset({"type", "sha256", "width", "height", "taken", "gps", "camera", "near_duplicates", "phash"})
OCR_KEYS = frozenset({"engine", "languages", "mean_confidence", "low_confidence"})
REVIEW_KEYS = frozenset({"url", "published", "verdict"})
PROJECT_FIELDS = frozenset({"title", "half_life_days", "as_of", "settings", "publisher", "verdicts"})


# --------------------------------------------------------------------------- rows -> dicts


def read_settings(session: Session) -> dict[str, Any]:
    """The project's stored scoring settings, complete (defaults filled in)."""
    row = session.get(Setting, "scoring")
    stored = jsonsafe.loads(row.value) if row else {}
    return Settings.from_json(stored).to_json()


def read_publishing(session: Session) -> dict[str, Any]:
    """The publisher and verdict scale (``project.publisher``/``verdicts``), defaults filled in."""
    row = session.get(Setting, "publisher")
    publisher = dict(EMPTY_PUBLISHER) | (jsonsafe.loads(row.value) if row else {})
    row = session.get(Setting, "verdicts")
    verdicts = parse_verdicts(jsonsafe.loads(row.value)).to_json() if row else default_verdicts()
    return {"publisher": publisher, "verdicts": verdicts}


def dump(session: Session) -> dict[str, Any]:
    """The whole project as an exchange dict, objects in their stable order."""
    info = session.scalars(select(ProjectInfo)).first()
    project: dict[str, Any] = {"title": info.title if info else ""}
    project.update(read_settings(session))
    project.update(read_publishing(session))
    out: dict[str, Any] = {"format": FORMAT, "project": project}
    for kind in KINDS:
        model = MODELS[kind]
        rows = session.scalars(select(model).order_by(model.position, model.id))
        out[kind] = [ROW_DICT[kind](r) for r in rows]
    return out


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a whole exchange file is loaded.

    A load allocates tens of thousands of row dicts and records that all stay
    alive until it commits; the collector would scan them again and again
    (about 200 collections, an eighth of the CPU time of loading the L file)
    without finding garbage. Reference cycles made meanwhile are collected by
    the next collection after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --------------------------------------------------------------------------- validation


@dataclass
class Lookup:
    """Stored rows read by id, once per write: validation, the upserts and the service's
    before and after snapshots share them (each used to read the same rows again).

    An id in ``looked_up`` that is not in ``rows`` is known not to exist; after
    :func:`apply`, ``rows`` holds every updated object as written (an ORM row)
    and ``created`` every new one (as exchange data).
    """

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    looked_up: dict[str, set[str]] = field(default_factory=dict)
    #: Documents' canonical texts by id, as validation found them (canonicalising a document
    #: is done once per write, not again by the upserts).
    texts: dict[str, str] = field(default_factory=dict)
    #: After :func:`apply`: each new row as exchange data with its ``position``, by kind and id.
    created: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)


@dataclass
class _Ctx:
    """What validation knows: existing rows merged with the incoming objects."""

    session: Session
    incoming: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    # Rows looked up in advance by ``prefetch``: an id in ``looked_up`` that is
    # not in ``rows`` is known not to exist, without asking the database again
    # (``Session.get`` of a missing id is a query each time).
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    looked_up: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def sharing(cls, session: Session, incoming: dict[str, dict[str, dict[str, Any]]],
                lookup: Lookup | None) -> _Ctx:
        if lookup is None:
            return cls(session, incoming)
        return cls(session, incoming, texts=lookup.texts, rows=lookup.rows, looked_up=lookup.looked_up)

    def row(self, kind: str, oid: str) -> Any:
        """The stored row of ``kind`` with id ``oid``, or None."""
        if oid in self.looked_up.get(kind, ()):
            return self.rows[kind].get(oid)
        return self.session.get(MODELS[kind], oid)

    def exists(self, kind: str, oid: str) -> bool:
        return oid in self.incoming[kind] or self.row(kind, oid) is not None

    def text_of(self, doc_id: str) -> str:
        if doc_id not in self.texts:
            given = self.incoming["documents"].get(doc_id, {})
            if "text" in given:
                self.texts[doc_id] = canonical_text(given["text"])
            else:
                row = self.row("documents", doc_id)
                self.texts[doc_id] = row.text if row else ""
        return self.texts[doc_id]

    def evidence_claim(self, eid: str) -> str | None:
        if eid in self.incoming["evidence"] and "claim" in self.incoming["evidence"][eid]:
            claim = self.incoming["evidence"][eid]["claim"]
            return None if claim is None else str(claim)
        row = self.row("evidence", eid)
        return row.claim_id if row else None


def _fail(kind: str, oid: Any, fld: str, reason: str) -> ExchangeError:
    return ExchangeError(f"{SINGULAR.get(kind, kind)} {oid!s}: {fld}: {reason}")


def _merged(ctx: _Ctx, kind: str, obj: dict[str, Any]) -> dict[str, Any]:
    """The object as it will be after loading: its existing values overlaid with the given ones."""
    row = ctx.row(kind, obj["id"])
    if row is None:  # a new object (most of a load): read only, so no copy is needed
        return obj
    base = ROW_DICT[kind](row)
    if kind == "documents" and row is not None and "text" not in obj:
        base.pop("text", None)
    base.update(obj)
    return base


def _check_date(kind: str, oid: str, fld: str, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise _fail(kind, oid, fld, "must be an ISO date string or null")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(kind, oid, fld, f"not an ISO date: {value!r}") from None


def _check_str(kind: str, oid: str, obj: dict[str, Any], fld: str, *, nullable: bool = True) -> None:
    if fld in obj and not (isinstance(obj[fld], str) or (nullable and obj[fld] is None)):
        raise _fail(kind, oid, fld, "must be a string")


def _check_object(kind: str, oid: str, obj: dict[str, Any], fld: str, keys: frozenset[str]) -> None:
    """An optional object-valued field: null, or an object with known keys and plain JSON values."""
    value = obj.get(fld)
    if value is None:
        return
    if not isinstance(value, dict):
        raise _fail(kind, oid, fld, "must be an object or null")
    unknown = set(value) - keys
    if unknown:
        raise _fail(kind, oid, f"{fld}.{sorted(unknown)[0]}", "unknown field")
    try:
        text = json.dumps(value, allow_nan=False)
        jsonsafe.loads(text, max_depth=4)
    except (ValueError, RecursionError, jsonsafe.UnsafeJson):
        raise _fail(kind, oid, fld, "must hold plain JSON values (no NaN, nesting at most 4 deep)") from None
    if len(text) > MAX_JSON_CHARS:
        raise _fail(kind, oid, fld, f"too large ({len(text):,} characters; at most {MAX_JSON_CHARS:,})")


_TABLE = {"documents": "document", "sources": "source", "claims": "claim", "evidence": "evidence",
          "project": "project"}


def _whole(kind: str, oid: str, fld: str, value: Any, *, nullable: bool = False) -> None:
    if value is None and nullable:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_POSITION:
        raise _fail(kind, oid, fld, f"must be a whole number from 0 to {MAX_POSITION}")


_LIMITS: dict[str, tuple[tuple[str, int], ...]] = {
    kind: tuple((col, limit) for (table, col), limit in MAX_CHARS.items() if table == _TABLE[kind])
    for kind in KINDS}


_LIMIT_OF: dict[str, dict[str, int]] = {kind: dict(limits) for kind, limits in _LIMITS.items()}


def _check_limits(kind: str, oid: str, obj: dict[str, Any]) -> None:
    """The stored-value limits (``model.MAX_CHARS`` and friends) every write path obeys."""
    get = obj.get
    limits = _LIMIT_OF[kind]
    for fld in limits.keys() & obj.keys():  # only the limited fields this object gives
        value = obj[fld]
        if isinstance(value, str) and len(value) > limits[fld]:
            for fld, limit in _LIMITS[kind]:  # name the first too long one, in a stable order
                value = get(fld)
                if isinstance(value, str) and len(value) > limit:
                    raise _fail(kind, oid, fld, f"too long ({len(value):,} characters; at most {limit:,})")
    text = get("text") if kind == "documents" else None
    # A code point takes at most 4 UTF-8 bytes: only a text that could be too large is encoded to measure it.
    if isinstance(text, str) and len(text) * 4 > MAX_TEXT_BYTES:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_TEXT_BYTES:
            raise _fail(kind, oid, "text", f"too large ({size // (1024 * 1024)} MB; "
                                           f"at most {MAX_TEXT_BYTES // (1024 * 1024)} MB)")
    position = get("position")
    if position is not None or "position" in obj:
        if position.__class__ is not int or not 0 <= position <= MAX_POSITION:
            _whole(kind, oid, "position", position)
    for fld in ("start", "end"):
        value = get(fld)
        if value is not None and (value.__class__ is not int or not 0 <= value <= MAX_POSITION):
            _whole(kind, oid, fld, value, nullable=True)


def _check_span(ctx: _Ctx, kind: str, oid: str, m: dict[str, Any], quote: str | None) -> None:
    doc, start, end = m.get("document"), m.get("start"), m.get("end")
    if doc is None:
        if start is not None or end is not None:
            raise _fail(kind, oid, "start", "offsets given without a document")
        return
    if not (doc.__class__ is str and doc in ctx.incoming["documents"]) and (
            not isinstance(doc, str) or not ctx.exists("documents", doc)):
        raise _fail(kind, oid, "document", f"no document with id {doc!r}")
    if start is None and end is None:
        return
    if start.__class__ is not int or end.__class__ is not int:
        for fld, v in (("start", start), ("end", end)):
            if not isinstance(v, int) or isinstance(v, bool):
                raise _fail(kind, oid, fld, "must be an integer offset")
    assert isinstance(start, int) and isinstance(end, int)  # checked just above
    if m.get("anchor") == "orphaned":
        return  # an orphan keeps its last known place, which may no longer fit
    text = ctx.text_of(doc)
    if not 0 <= start < end <= len(text):
        raise _fail(kind, oid, "start", f"offsets {start}-{end} outside the document (length {len(text)})")
    if end - start > MAX_SPAN:
        raise _fail(kind, oid, "end", f"the span covers {end - start:,} characters; at most {MAX_SPAN:,}")
    if quote and canonical_text(quote) != text[start:end]:
        raise _fail(kind, oid, "quote", f"does not match the document text at {start}-{end}")


def _validate_object(ctx: _Ctx, kind: str, obj: dict[str, Any]) -> None:
    oid = obj["id"]
    if not obj.keys() <= FIELDS[kind]:  # (no set built for the usual object, whose fields are all known)
        raise _fail(kind, oid, sorted(set(obj) - FIELDS[kind])[0], "unknown field")
    _check_limits(kind, oid, obj)
    m = _merged(ctx, kind, obj)
    if kind == "documents":
        if not isinstance(m.get("text"), str) and ctx.row("documents", oid) is None:
            raise _fail(kind, oid, "text", "required for a new document")
        for f in ("title", "text", "url", "author", "original_name", "format", "captured", "page_text"):
            _check_str(kind, oid, obj, f)
        _check_date(kind, oid, "published", obj.get("published"))
        _check_object(kind, oid, obj, "media", MEDIA_KEYS)
        _check_object(kind, oid, obj, "ocr", OCR_KEYS)
        ps = obj.get("page_starts", [])
        if not isinstance(ps, list) or len(ps) > MAX_SPAN or not all(
                isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= MAX_POSITION for p in ps):
            raise _fail(kind, oid, "page_starts", "must be a list of offsets")
    elif kind == "sources":
        if not isinstance(m.get("name"), str) or not m["name"].strip():
            raise _fail(kind, oid, "name", "required")
        if m.get("kind", "other") not in SOURCE_KINDS:
            raise _fail(kind, oid, "kind", f"unknown kind {m.get('kind')!r} (one of {', '.join(SOURCE_KINDS)})")
        if m.get("reliability", "F") not in RELIABILITY_GRADES:
            raise _fail(kind, oid, "reliability", f"unknown grade {m.get('reliability')!r} (A–F)")
        if not isinstance(m.get("confidential", False), bool):
            raise _fail(kind, oid, "confidential", "must be true or false")
        _check_str(kind, oid, obj, "notes", nullable=False)
        _check_str(kind, oid, obj, "url")
    elif kind == "claims":
        if not isinstance(m.get("text"), str) or not m["text"].strip():
            raise _fail(kind, oid, "text", "required")
        if m.get("status", "open") not in CLAIM_STATUSES:
            raise _fail(kind, oid, "status", f"unknown status {m.get('status')!r}")
        br = m.get("base_rate", 0.5)
        if not isinstance(br, (int, float)) or isinstance(br, bool) or not 0 < br < 1:
            raise _fail(kind, oid, "base_rate", "must be a number between 0 and 1 (exclusive)")
        if m.get("anchor") is not None and m["anchor"] not in ANCHOR_STATES:
            raise _fail(kind, oid, "anchor", f"unknown anchor state {m['anchor']!r}")
        claimant = m.get("claimant")
        if claimant is not None and (not isinstance(claimant, str) or not ctx.exists("sources", claimant)):
            raise _fail(kind, oid, "claimant", f"no source with id {claimant!r}")
        _check_object(kind, oid, obj, "review", REVIEW_KEYS)
        review = obj.get("review") or {}
        for f in ("url", "verdict"):
            if review.get(f) is not None and not isinstance(review[f], str):
                raise _fail(kind, oid, f"review.{f}", "must be a string or null")
        if review.get("url") and not is_web_url(review["url"]):
            raise _fail(kind, oid, "review.url", f"not a web address (http:// or https://): {review['url']!r}")
        if review.get("verdict") is not None and len(review["verdict"]) > 60:
            raise _fail(kind, oid, "review.verdict", "at most 60 characters")
        _check_date(kind, oid, "review.published", review.get("published"))
        _check_span(ctx, kind, oid, m, None)
    else:
        _validate_evidence(ctx, oid, obj, m)


def _validate_evidence(ctx: _Ctx, oid: str, obj: dict[str, Any], m: dict[str, Any]) -> None:
    kind = "evidence"
    get, incoming = m.get, ctx.incoming
    for fld, target in (("claim", "claims"), ("source", "sources")):
        ref = get(fld)
        if ref.__class__ is str and ref in incoming[target]:
            continue  # named in the same file: the common case, no lookup
        if not isinstance(ref, str) or not ctx.exists(target, ref):
            raise _fail(kind, oid, fld, f"no {SINGULAR[target]} with id {ref!r}")
    if get("stance") not in STANCES:
        raise _fail(kind, oid, "stance", f"unknown stance {get('stance')!r} (one of {', '.join(STANCES)})")
    cred = get("credibility", 6)
    if cred.__class__ is bool or cred not in CREDIBILITY_GRADES:
        raise _fail(kind, oid, "credibility", f"unknown grade {cred!r} (1–6)")
    if get("diagnosticity", "high") not in DIAGNOSTICITY:
        raise _fail(kind, oid, "diagnosticity", f"unknown value {get('diagnosticity')!r}")
    if get("interested", False).__class__ is not bool:
        raise _fail(kind, oid, "interested", "must be true or false")
    date = get("date")
    if date is not None:
        _check_date(kind, oid, "date", date)
    df = get("derives_from")
    if df is not None:
        if not isinstance(df, dict) or len(df) != 1 or not set(df) <= {"evidence", "source"}:
            raise _fail(kind, oid, "derives_from", 'must be null, {"evidence": ID} or {"source": ID}')
        if "evidence" in df:
            ref = df["evidence"]
            if ref == oid:
                raise _fail(kind, oid, "derives_from", "an item cannot relay itself")
            if not isinstance(ref, str) or not ctx.exists("evidence", ref):
                raise _fail(kind, oid, "derives_from", f"no evidence with id {ref!r}")
            if ctx.evidence_claim(ref) != m.get("claim"):
                raise _fail(kind, oid, "derives_from", f"evidence {ref} belongs to another claim")
        elif not isinstance(df["source"], str) or not ctx.exists("sources", df["source"]):
            raise _fail(kind, oid, "derives_from", f"no source with id {df['source']!r}")
    for fld, nullable in _EVIDENCE_TEXT:
        value = obj.get(fld, "")
        if value.__class__ is not str and not (nullable and value is None):
            _check_str(kind, oid, obj, fld, nullable=nullable)
    anchor = get("anchor")
    if anchor is not None and anchor not in ANCHOR_STATES:
        raise _fail(kind, oid, "anchor", f"unknown anchor state {anchor!r}")
    _check_span(ctx, kind, oid, m, get("quote"))


#: An evidence item's text fields, and whether each may be null.
_EVIDENCE_TEXT = (("quote", False), ("note", False), ("url", True), ("archived_url", True))


def check_shape(data: Any) -> dict[str, list[dict[str, Any]]]:
    """The cheap structural checks: a JSON object, known keys, lists of objects with ids."""
    if not isinstance(data, dict):
        raise ExchangeError("the file must hold a JSON object")
    if data.get("format", FORMAT) != FORMAT:
        raise ExchangeError(f"format: expected {FORMAT!r}, found {data.get('format')!r}")
    unknown = set(data) - {"format", "project", *KINDS}
    if unknown:
        raise ExchangeError(f"unknown top-level field {sorted(unknown)[0]!r}")
    if "project" in data and not isinstance(data["project"], dict):
        raise ExchangeError("project: must be an object")
    out: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        items = data.get(kind, [])
        if not isinstance(items, list):
            raise ExchangeError(f"{kind}: must be a list")
        for i, obj in enumerate(items):
            if obj.__class__ is not dict and not isinstance(obj, dict):
                raise ExchangeError(f"{kind}[{i}]: must be an object")
            oid = obj.get("id")
            if oid.__class__ is not str or not 0 < len(oid) <= 64:
                if not isinstance(oid, str) or not oid or len(oid) > 64:
                    raise ExchangeError(f"{kind}[{i}]: id: required (a string of at most 64 characters)")
        ids = [obj["id"] for obj in items]
        if len(set(ids)) != len(ids):  # only then find the first repeated id, to name it
            seen: set[str] = set()
            for oid in ids:
                if oid in seen:
                    raise _fail(kind, oid, "id", "duplicate id")
                seen.add(oid)
        out[kind] = items
    return out


_BY_IDS: dict[Any, Any] = {}


def by_ids(model: Any, *columns: Any) -> Any:
    """``SELECT model (or columns) WHERE id IN :ids``, built once: an expanding parameter takes any
    list of ids, and the statement compiles once (500 literal parameters compiled anew each time
    cost more than the query)."""
    key = (model, *columns)
    stmt = _BY_IDS.get(key)
    if stmt is None:
        stmt = _BY_IDS[key] = select(*(columns or (model,))).where(model.id.in_(bindparam("ids", expanding=True)))
    return stmt


_ANY_ROW = {kind: select(model.id).limit(1) for kind, model in MODELS.items()}


def _prefetch(ctx: _Ctx) -> None:
    """Load every row the validation and the writes will look at in a few queries (not one per object)."""
    session, incoming = ctx.session, ctx.incoming
    wanted: dict[str, set[str]] = {k: set(incoming.get(k, {})) for k in KINDS}
    # A large write into empty tables (a load into a new project) has nothing to look up:
    # one query per table says so, instead of collecting and asking for every id it names.
    empty = ({k for k in KINDS if session.scalar(_ANY_ROW[k]) is None}
             if sum(map(len, wanted.values())) > 500 else set())
    for obj in incoming.get("evidence", {}).values() if len(empty) < len(KINDS) else ():
        for fld, kind in (("claim", "claims"), ("source", "sources"), ("document", "documents")):
            if isinstance(obj.get(fld), str):
                wanted[kind].add(obj[fld])
        df = obj.get("derives_from")
        if isinstance(df, dict):
            for fld, kind in (("evidence", "evidence"), ("source", "sources")):
                if isinstance(df.get(fld), str):
                    wanted[kind].add(df[fld])
    for obj in incoming.get("claims", {}).values() if not {"documents", "sources"} <= empty else ():
        if isinstance(obj.get("document"), str):
            wanted["documents"].add(obj["document"])
        if isinstance(obj.get("claimant"), str):
            wanted["sources"].add(obj["claimant"])
    for kind, ids in wanted.items():
        model = MODELS[kind]
        ids_list = sorted(ids - ctx.looked_up.get(kind, set()))
        found = ctx.rows.setdefault(kind, {})
        if kind in empty:
            ids_list = []
        for i in range(0, len(ids_list), 500):
            rows = cast(Iterable[Row], session.scalars(by_ids(model), {"ids": ids_list[i:i + 500]}))
            for row in rows:
                found[row.id] = row
        ctx.looked_up.setdefault(kind, set()).update(ids)


def validate(session: Session, data: Any, lookup: Lookup | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """Check a whole exchange dict; return its objects by kind and id, or raise ExchangeError.

    ``lookup`` keeps the stored rows read on the way, for :func:`apply` and the caller.
    """
    items = check_shape(data)
    if "project" in data:
        project = data["project"]
        extra = set(project) - PROJECT_FIELDS
        if extra:
            raise ExchangeError(f"project: {sorted(extra)[0]}: unknown field")
        _check_str("project", "", project, "title")
        if isinstance(project.get("title"), str) and len(project["title"]) > MAX_CHARS[("project", "title")]:
            raise ExchangeError(f"project: title: too long ({len(project['title']):,} characters; "
                                f"at most {MAX_CHARS[('project', 'title')]:,})")
        if "publisher" in project:
            check_publisher(project["publisher"])
        if "verdicts" in project:
            try:
                parse_verdicts(project["verdicts"])
            except VerdictError as exc:
                raise ExchangeError(f"project: {exc}") from None
        try:
            Settings.from_json(merge_settings(read_settings(session), project))
        except ConfidenceInputError as exc:
            raise ExchangeError(f"project: settings: {exc}") from None
    ctx = _Ctx.sharing(session, {k: {} for k in KINDS}, lookup)
    for kind in KINDS:
        for obj in items[kind]:
            if obj["id"] in ctx.incoming[kind]:
                raise _fail(kind, obj["id"], "id", "duplicate id")
            ctx.incoming[kind][obj["id"]] = obj
    _prefetch(ctx)
    for kind in KINDS:
        for obj in ctx.incoming[kind].values():
            _validate_object(ctx, kind, obj)
    return ctx.incoming


def merge_settings(current: dict[str, Any], project: dict[str, Any]) -> dict[str, Any]:
    """Overlay a partial ``project`` object's settings onto the current complete ones."""
    out: dict[str, Any] = json.loads(json.dumps(current))
    for key in ("half_life_days", "as_of"):
        if key in project:
            out[key] = project[key]
    for table, values in (project.get("settings") or {}).items():
        if isinstance(values, dict) and isinstance(out["settings"].get(table), dict):
            out["settings"][table].update(values)
        else:
            out["settings"][table] = values
    return out


# --------------------------------------------------------------------------- applying


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


def _set_anchor(row: Any, obj: dict[str, Any], texts: _Ctx, is_claim: bool) -> None:
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
    ctx = _Ctx.sharing(session, {k: objects.get(k, {}) for k in KINDS}, lookup)
    if lookup is None:  # else validation looked up every object and every row they name
        _prefetch(ctx)
    imported_at = utcnow_iso()
    text_of = ctx.text_of
    for kind in KINDS:
        new_rows: list[tuple[Any, ...]] = []
        created = lookup.created.setdefault(kind, {}) if lookup is not None else {}
        for oid, obj in objects.get(kind, {}).items():
            row = ctx.row(kind, oid)
            if row is None:
                # New objects are built in one step each (newrows) and inserted in one
                # executemany below: loading a large exchange file is mostly new rows,
                # and building ORM objects for them cost several times the insert.
                position = obj.get("position") or positions[kind]
                positions[kind] = max(positions[kind], position) + 1
                if kind == "evidence":
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


def _assign(kind: str, row: Any, obj: dict[str, Any], ctx: _Ctx) -> None:
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


def apply_project(session: Session, project: dict[str, Any]) -> bool:
    """Apply the ``project`` object (title and settings); True when the scoring settings changed."""
    if "title" in project:
        info = session.scalars(select(ProjectInfo)).first()
        if info is None:
            info = ProjectInfo()
            session.add(info)
        info.title = project["title"] or ""
    for key, value in (("publisher", project.get("publisher")), ("verdicts", project.get("verdicts"))):
        if key not in project:
            continue
        stored = check_publisher(value) if key == "publisher" else parse_verdicts(value).to_json()
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=json.dumps(stored, ensure_ascii=False)))
        else:
            row.value = json.dumps(stored, ensure_ascii=False)
    if not {"half_life_days", "as_of", "settings"} & set(project):
        return False
    before = read_settings(session)
    after = Settings.from_json(merge_settings(before, project)).to_json()
    row = session.get(Setting, "scoring")
    if row is None:
        session.add(Setting(key="scoring", value=json.dumps(after)))
    else:
        row.value = json.dumps(after)
    return after != before


def delete_objects(session: Session, ids: Mapping[str, Iterable[str]]) -> None:
    """Delete objects by kind, dependants first (evidence, claims, sources, documents)."""
    for kind in reversed(KINDS):
        for oid in ids.get(kind, ()):
            row = session.get(MODELS[kind], oid)
            if row is not None:
                session.delete(row)
        session.flush()
