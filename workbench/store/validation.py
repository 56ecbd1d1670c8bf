"""Validation of exchange data: a (possibly partial) exchange dict checked against itself and the
objects already in the project, before anything is written, so that an invalid file writes nothing.

The stored rows it reads on the way (:class:`Lookup`) are shared with the upserts
(:mod:`workbench.store.upsert`) and the service, so each is read once per write.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import bindparam, func, select
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
from workbench.analysis.verdicts import VerdictError, parse_verdicts
from workbench.documents.canonical import canonical_text
from workbench.store import newrows
from workbench.store.fields import (
    FIELDS,
    FORMAT,
    MEDIA_KEYS,
    MODELS,
    OCR_KEYS,
    PROJECT_FIELDS,
    REVIEW_KEYS,
    Row,
)
from workbench.store.model import (
    ANCHOR_STATES,
    CLAIM_STATUSES,
    MAX_CHARS,
    MAX_JSON_CHARS,
    MAX_POSITION,
    MAX_SPAN,
    MAX_TEXT_BYTES,
    SOURCE_KINDS,
)
from workbench.store.rows import KINDS, ROW_DICT, SINGULAR
from workbench.store.rules import ExchangeError, check_publisher, is_web_url
from workbench.store.settings import merge_settings, read_settings


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
    #: The write's time stamp: with it, validation builds the new claims and evidence rows it
    #: checks (``newrows.checked_claim``, ``checked_evidence``) and :func:`apply` inserts them as built.
    stamp: str | None = None
    #: New rows built by validation, by kind and id (their position as :func:`apply` will give it).
    built: dict[str, dict[str, newrows.Built]] = field(default_factory=dict)
    #: The free position validation numbered each kind's new rows from (read once per kind).
    numbered_from: dict[str, int] = field(default_factory=dict)


@dataclass
class Context:
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
                lookup: Lookup | None) -> Context:
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


def _merged(ctx: Context, kind: str, obj: dict[str, Any]) -> dict[str, Any]:
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


def _check_span(ctx: Context, kind: str, oid: str, m: dict[str, Any], quote: str | None) -> None:
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


def _validate_object(ctx: Context, kind: str, obj: dict[str, Any]) -> None:
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


def _validate_evidence(ctx: Context, oid: str, obj: dict[str, Any], m: dict[str, Any]) -> None:
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


def prefetch(ctx: Context) -> None:
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
        known = ctx.looked_up.get(kind)
        # (an empty table has nothing to look up: its ids are not even listed)
        ids_list = [] if kind in empty else sorted(ids - known if known is not None else ids)
        found = ctx.rows.setdefault(kind, {})
        for i in range(0, len(ids_list), 500):
            rows = cast(Iterable[Row], session.scalars(by_ids(model), {"ids": ids_list[i:i + 500]}))
            for row in rows:
                found[row.id] = row
        if known is None:
            ctx.looked_up[kind] = ids  # this write's own set from here on (not used above again)
        else:
            known.update(ids)


def validate(session: Session, data: Any, lookup: Lookup | None = None, *,
             shaped: bool = False) -> dict[str, dict[str, dict[str, Any]]]:
    """Check a whole exchange dict; return its objects by kind and id, or raise ExchangeError.

    ``lookup`` keeps the stored rows read on the way, for :func:`apply` and the caller.
    ``shaped``: ``data`` holds only the kinds' lists and ``project``, made of objects that
    :func:`check_shape` passed (the service's load checks the file's shape before anything else).
    """
    items = {k: data.get(k, []) for k in KINDS} if shaped else check_shape(data)
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
    # ``check_shape`` refused a repeated id within a kind.
    ctx = Context.sharing(session, {k: {obj["id"]: obj for obj in items[k]} for k in KINDS}, lookup)
    prefetch(ctx)
    stamp = lookup.stamp if lookup is not None else None
    for kind in KINDS:
        if kind in _ONE_PASS and stamp is not None and lookup is not None:
            _validate_building(ctx, kind, stamp, lookup)
            continue
        for obj in ctx.incoming[kind].values():
            _validate_object(ctx, kind, obj)
    return ctx.incoming


#: The kinds whose new objects validation builds as it checks them.
_ONE_PASS = frozenset({"claims", "evidence"})


def _validate_building(ctx: Context, kind: str, stamp: str, lookup: Lookup) -> None:
    """Validate the incoming claims or evidence, building each new one's row on the way.

    A load is mostly new claims and evidence: checking an item and then
    building its row read every field twice. An ordinary new item is checked
    and built in one pass (``newrows.checked_evidence``, ``checked_claim``);
    any other goes through :func:`_validate_object`, which names the first
    problem as always. Positions are predicted as :func:`apply` gives them (it
    checks each before using a row).
    """
    incoming, text_of = ctx.incoming, _Texts(ctx).__getitem__
    built = lookup.built.setdefault(kind, {})
    checked = newrows.checked_evidence if kind == "evidence" else newrows.checked_claim
    free: int | None = None  # the next free position, read when the first new object needs it
    # ``ctx.row`` without a call per object: prefetch looked up every incoming id.
    looked, stored = ctx.looked_up.get(kind, set()), ctx.rows.get(kind, {})
    for oid, obj in incoming[kind].items():
        if (stored.get(oid) if oid in looked else ctx.row(kind, oid)) is None:
            given = obj.get("position")
            if given is None or given.__class__ is int:
                if free is None:
                    free = lookup.numbered_from[kind] = \
                        (ctx.session.scalar(select(func.max(MODELS[kind].position))) or 0) + 1
                position = given or free
                free = (free if free > position else position) + 1
                row = checked(obj, incoming, text_of, position, stamp)
                if row is not None:
                    built[oid] = row
                    continue
        _validate_object(ctx, kind, obj)


class _Texts(dict[str, str]):
    """``ctx.text_of`` as a dict lookup (``texts[doc_id]``): the one-pass checks ask for a
    document's text once per new placed item, and a method call cost more than the lookup."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.texts)
        self._ctx = ctx

    def __missing__(self, doc_id: str) -> str:
        text = self[doc_id] = self._ctx.text_of(doc_id)
        return text
