"""The one API the desktop app and the command line use.

Every write is an intent-named method (``add_claim``, ``link_evidence``,
``set_reliability`` …). Each one:

* validates through the exchange rules (so the app, ``vwb load`` and undo
  obey exactly the same checks),
* runs as one transaction,
* records an audit event (when, who, what, and the new likelihood of every
  claim it touched, so history can show how a judgement moved),
* returns a :class:`Changes` record naming what changed, which claims need
  re-assessment, and the patches that undo and redo it.

Undo is data, not code: a patch says "make these objects look like this and
delete those", and ``apply_patch`` applies it as a new write. The Qt undo
stack therefore only stores patches.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, func, insert, or_, select
from sqlalchemy import delete as sql_delete
from sqlalchemy.orm import Session

from workbench import jsonsafe
from workbench.analysis.confidence import Assessment, Settings
from workbench.store import exchange
from workbench.store.assessing import assess_stored
from workbench.store.exchange import KINDS, MODELS, ROW_DICT, Row
from workbench.store.model import CLAIM_STATUSES as CLAIM_STATUSES
from workbench.store.model import SOURCE_KINDS as SOURCE_KINDS
from workbench.store.model import (
    Claim,
    Document,
    Event,
    Evidence,
    Media,
    ProjectInfo,
    Setting,
    Source,
    new_id,
    utcnow_iso,
)
from workbench.store.projectfile import CheckedFile, open_checked
from workbench.store.projectfile import ProjectFileError as ProjectFileError
from workbench.store.projectfile import ProjectInUseError as ProjectInUseError
from workbench.store.projectfile import is_locked as is_locked
from workbench.store.rules import default_analyst as default_analyst
from workbench.store.server.address import with_project as with_project
from workbench.store.stores import Store, create_store, open_store
from workbench.store.stores import is_server_address as is_server_address

if TYPE_CHECKING:
    from workbench.documents.versions import ReanchorReport

# The tables behind the lists: read as plain rows (no ORM objects) where only data is wanted.
CLAIMS = Claim.__table__
SOURCES = Source.__table__
EVIDENCE = Evidence.__table__

Patch = dict[str, Any]  # {"upsert": {kind: [obj]}, "delete": {kind: [id]}, "project": {...}}


#: ``progress(done, total)`` of a long write; raising from it cancels the write (nothing changes).
Progress = Callable[[int, int], None]
#: Audit events written or forgotten per statement in a long write (and between progress reports).
EVENT_CHUNK = 5000

@dataclass(frozen=True)
class Changes:
    """What one write did: the objects it touched and how to undo or redo it."""

    action: str
    summary: str
    ids: Mapping[str, frozenset[str]]
    created: Mapping[str, frozenset[str]]
    reassessed: frozenset[str]
    settings: bool
    undo: Patch
    redo: Patch
    event_id: str

    def touched(self, kind: str) -> frozenset[str]:
        return self.ids.get(kind, frozenset())

    @property
    def new_id(self) -> str | None:
        """The id of the single object this write created, if it created one."""
        for ids in self.created.values():
            if len(ids) == 1:
                return next(iter(ids))
        return None


class ReadOnlyError(RuntimeError):
    """A write was attempted on a project opened read-only."""


class ConflictError(RuntimeError):
    """A write named a version of an object that a colleague has changed since: nothing was written.

    ``str()`` is one line with both values, who wrote the other one and when.
    """

    def __init__(self, kind: str, object_id: str, field: str | None, mine: Any, theirs: Any,
                 who: str, when: str, label: str = "") -> None:
        self.kind, self.id, self.field = kind, object_id, field
        self.mine, self.theirs, self.who, self.when = mine, theirs, who, when
        self.label = label or f"{exchange.SINGULAR.get(kind, kind)} {object_id}"
        if theirs is _DELETED:
            what = f"{self.label} was deleted by {who} at {when}"
        elif field is None:
            what = f"{self.label} was changed by {who} at {when}"
        else:
            what = (f"{self.label}: {field} was changed to {_show(theirs)} by {who} at {when}; "
                    f"yours was {_show(mine)}")
        super().__init__(f"conflict: {what}; nothing was overwritten")


_DELETED = object()


def server_projects(address: str, password: str | None = None) -> list[dict[str, Any]]:
    """The projects on a server that its login may open (``vwb server projects``)."""
    from workbench.store.server import admin
    from workbench.store.server.address import parse

    return [e.to_json() for e in admin.projects(parse(address, password=password))]


def _event_dict(ev: Event) -> dict[str, Any]:
    try:
        details = jsonsafe.loads(ev.details or "{}") or {}
    except jsonsafe.UnsafeJson:
        details = {}
    return {"event": ev.id, "seq": ev.seq, "who": ev.who, "when": ev.at, "action": ev.action,
            "summary": ev.summary, "ids": details.get("ids", {}), "project": details.get("project", []),
            "reassessed": sorted(details.get("assessments", {}))}


def _label(kind: str, obj: Mapping[str, Any]) -> str:
    name = obj.get("name") or obj.get("title") or obj.get("text") or obj.get("id")
    return f"{exchange.SINGULAR.get(kind, kind)} {_short(str(name), 40)}"


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:79] + "…"


@dataclass
class ProjectService:
    """An open project and every operation on it."""

    pf: Store
    analyst: str = field(default_factory=default_analyst)
    _settings: Settings | None = None
    # The version of each object as this client last read or wrote it: an edit
    # names it, so a colleague's change in between is a conflict, never overwritten.
    _seen: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, analyst: str | None = None,
             password: str | None = None) -> ProjectService:
        """Open a project address: a ``.db`` path or ``postgresql://…?project=NAME``.

        On a server, history records the server's login whatever ``analyst`` says.
        """
        store = open_store(path, read_only=read_only, password=password)
        return cls(store, store.login or analyst or default_analyst())

    @classmethod
    def from_checked(cls, checked: CheckedFile, *, analyst: str | None = None) -> ProjectService:
        """The service of a project file already checked (and locked) by ``check_and_lock``:
        the app checks and shows a file with sqlite3 alone, then hands it here (workbench.reader)."""
        return cls(open_checked(checked), analyst or default_analyst())

    @classmethod
    def create(cls, path: Path | str, title: str = "", analyst: str | None = None,
               password: str | None = None) -> ProjectService:
        store = create_store(path, title, password=password)
        return cls(store, store.login or analyst or default_analyst())

    def reopen(self, *, read_only: bool = True) -> ProjectService:
        """Another handle on the same project, e.g. for a worker thread (read-only by default)."""
        store = self.pf.reopen(read_only=read_only)
        return ProjectService(store, self.analyst)

    @property
    def path(self) -> Path:
        return self.pf.path

    @property
    def name(self) -> str:
        """The project's address as shown to people (a file path, or a server URL without password)."""
        return self.pf.name

    @property
    def on_server(self) -> bool:
        """True when colleagues may write at the same time (a server project)."""
        return self.pf.login is not None

    @property
    def read_only(self) -> bool:
        return self.pf.read_only

    @property
    def role(self) -> str | None:
        """The login's role on a server project (``vwb_reader``, ``vwb_editor`` or ``vwb_lead``), so
        the app can disable what the server would refuse (deleting documents, scoring settings:
        leads only); None for a file, where whoever may write it may do anything."""
        member = getattr(self.pf, "member", None)
        role = getattr(member, "role", None)
        return str(role) if role else None

    def close(self) -> None:
        self.pf.close()

    def save_copy(self, out: Path | str) -> Path:
        """A compact, clean ``.db`` copy for sharing (from a server: an offline copy), written atomically."""
        return self.pf.clean_copy(out)

    def copy_to(self, address: Path | str, *, password: str | None = None) -> None:
        """Copy the whole project (with its history) to a new ``.db`` file or a new server project.

        File to server publishes; server to file takes an offline copy; the
        ids stay the same, so the copies merge back with :mod:`workbench.merge`.
        """
        if is_server_address(address):
            from workbench.store.server.address import parse
            from workbench.store.server.transfer import publish

            publish(self.pf, parse(str(address), password=password, need_project=True))
        else:
            self.save_copy(address)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One audit event as ``vwb watch`` prints it: who, when, what and the ids it touched."""
        with self.pf.session() as s:
            ev = s.get(Event, event_id)
            return _event_dict(ev) if ev is not None else None

    def changes_of(self, event: Mapping[str, Any]) -> Changes:
        """What a colleague's write changed (from :meth:`event`), for the views to refresh only that.

        It cannot be undone here (empty patches): undo is each analyst's own.
        """
        ids = {k: frozenset(event.get("ids", {}).get(k, ())) for k in KINDS}
        empty: Patch = {"upsert": {}, "delete": {}}
        settings = bool({"half_life_days", "as_of", "settings"} & set(event.get("project", [])))
        if settings:
            self._settings = None
        return Changes(str(event.get("action", "")), str(event.get("summary", "")), ids,
                       {k: frozenset() for k in KINDS}, frozenset(event.get("reassessed", ())), settings,
                       empty, empty, str(event.get("event", "")))

    def others_here(self) -> list[str]:
        """Colleagues (server logins) who have this project open now; none for a file."""
        return self.pf.others_here()

    @property
    def short_name(self) -> str:
        """The project as a window title names it: a file's name, or the project and its server."""
        return self.pf.short_name

    def events_after(self, seq: int, limit: int = 1000) -> list[dict[str, Any]]:
        """Audit events numbered after ``seq``, oldest first (catching up after a lost connection)."""
        with self.pf.session() as s:
            q = select(Event).where(Event.seq > seq).order_by(Event.seq, Event.id).limit(limit)
            return [_event_dict(ev) for ev in s.scalars(q)]

    def last_event_seq(self) -> int:
        with self.pf.session() as s:
            return int(s.scalar(select(func.max(Event.seq))) or 0)

    def follow(self, on_event: Any, stop: Any, on_state: Any = None) -> None:
        """Call ``on_event(event_dict)`` for each committed write to a server project until ``stop`` is set.

        Blocks: run it off the GUI thread. ``on_state(False/True)`` reports a
        lost and recovered connection.
        """
        from workbench.store.stores import listen

        reader = self.reopen(read_only=True)
        last = [reader.last_event_seq()]

        def got(event_id: str) -> None:
            try:
                ev = reader.event(event_id)
            except Exception:  # noqa: BLE001 - the server went away between NOTIFY and read: caught up later
                return
            if ev is not None:
                last[0] = max(last[0], ev["seq"])
                on_event(ev)

        def state(up: bool) -> None:
            if on_state is not None:
                on_state(up)
            if up:  # what was committed while we could not listen
                try:
                    for ev in reader.events_after(last[0]):
                        last[0] = max(last[0], ev["seq"])
                        on_event(ev)
                except Exception:  # noqa: BLE001 - gone again: the next reconnect catches up
                    pass
        try:
            listen(self.pf, got, stop, state)
        finally:
            reader.close()

    # ----------------------------------------------------------------- reads

    def title(self) -> str:
        with self.pf.session() as s:
            info = s.scalars(select(ProjectInfo)).first()
            return info.title if info else ""

    def settings(self) -> Settings:
        if self._settings is None:
            with self.pf.session() as s:
                self._settings = Settings.from_json(exchange.read_settings(s))
        return self._settings

    def settings_json(self) -> dict[str, Any]:
        with self.pf.session() as s:
            return exchange.read_settings(s)

    def publishing(self) -> dict[str, Any]:
        """``{"publisher": {name, url, logo}, "verdicts": {scale, map}}``, defaults filled in."""
        with self.pf.session() as s:
            return exchange.read_publishing(s)

    def list_documents(self) -> list[dict[str, Any]]:
        """Documents without their text (cheap to list)."""
        with self.pf.session() as s:
            rows = s.scalars(select(Document).order_by(Document.position))
            return [exchange.document_dict(d, with_text=False) | {"length": d.length} for d in rows]

    def document(self, doc_id: str) -> dict[str, Any] | None:
        with self.pf.session() as s:
            d = s.get(Document, doc_id)
            return exchange.document_dict(d) if d else None

    def list_claims(self, document_id: str | None = None) -> list[dict[str, Any]]:
        with self.pf.session() as s:
            # Plain rows, not ORM objects: listing 20,000 claims at open costs a third as much.
            q = select(CLAIMS).order_by(CLAIMS.c.position)
            if document_id is not None:
                q = q.where(CLAIMS.c.document_id == document_id)
            return [self._saw("claims", c, exchange.claim_dict(c) | {"changed_at": c.changed_at})
                    for c in s.execute(q)]

    def claim(self, claim_id: str) -> dict[str, Any] | None:
        with self.pf.session() as s:
            c = s.get(Claim, claim_id)
            return self._saw("claims", c, exchange.claim_dict(c) | {"changed_at": c.changed_at}) if c else None

    def list_sources(self) -> list[dict[str, Any]]:
        with self.pf.session() as s:
            return [self._saw("sources", r, exchange.source_dict(r))
                    for r in s.execute(select(SOURCES).order_by(SOURCES.c.position))]

    def source(self, source_id: str) -> dict[str, Any] | None:
        with self.pf.session() as s:
            r = s.get(Source, source_id)
            return self._saw("sources", r, exchange.source_dict(r)) if r else None

    def evidence_for_claim(self, claim_id: str) -> list[dict[str, Any]]:
        with self.pf.session() as s:
            q = select(EVIDENCE).where(EVIDENCE.c.claim_id == claim_id).order_by(EVIDENCE.c.position)
            return [self._saw("evidence", e, exchange.evidence_dict(e)) for e in s.execute(q)]

    def evidence_for_source(self, source_id: str) -> list[dict[str, Any]]:
        """Evidence from a source, or relaying it as an origin (what deleting it would touch)."""
        with self.pf.session() as s:
            q = (select(Evidence).where(or_(Evidence.source_id == source_id,
                                            Evidence.derives_from_source_id == source_id))
                 .order_by(Evidence.position))
            return [exchange.evidence_dict(e) for e in s.scalars(q)]

    def evidence(self, evidence_id: str) -> dict[str, Any] | None:
        with self.pf.session() as s:
            e = s.get(Evidence, evidence_id)
            return self._saw("evidence", e, exchange.evidence_dict(e)) if e else None

    def list_evidence(self, document_id: str | None = None) -> list[dict[str, Any]]:
        with self.pf.session() as s:
            q = select(EVIDENCE).order_by(EVIDENCE.c.position)
            if document_id is not None:
                q = q.where(EVIDENCE.c.document_id == document_id)
            return [self._saw("evidence", e, exchange.evidence_dict(e)) for e in s.execute(q)]

    def _saw(self, kind: str, row: Any, obj: dict[str, Any]) -> dict[str, Any]:
        self._seen[(kind, row.id)] = row.version
        return obj

    def adopt_versions(self, seen: Mapping[tuple[str, str], int]) -> None:
        """Take the versions another reader of this project saw (rows read before this service
        existed), keeping any this service read or wrote since."""
        for key, version in seen.items():
            self._seen.setdefault(key, version)

    def version_of(self, kind: str, object_id: str) -> int | None:
        """The version of an object as this client last read or wrote it."""
        return self._seen.get((kind, object_id))

    def _expect(self, kind: str, object_id: str, fields: dict[str, Any]) -> dict[str, dict[str, int]]:
        """The version an edit names: given explicitly (``version=``), or the one last read."""
        version = fields.pop("version", None)
        if version is None:
            version = self._seen.get((kind, object_id))
        return {kind: {object_id: int(version)}} if version is not None else {}

    def dump(self) -> dict[str, Any]:
        with self.pf.session() as s:
            return exchange.dump(s)

    def history(self, claim_id: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
        """Audit events, newest first; for a claim, those touching it or its evidence."""
        with self.pf.session() as s:
            q = select(Event).order_by(Event.seq.desc()).limit(limit)
            if claim_id is not None:
                q = q.where(Event.details.contains(claim_id))
            out = []
            for ev in s.scalars(q):
                try:
                    details = jsonsafe.loads(ev.details or "{}") or {}
                except jsonsafe.UnsafeJson:
                    details = {}
                out.append({"at": ev.at, "who": ev.who, "action": ev.action, "summary": ev.summary,
                            "assessment": details.get("assessments", {}).get(claim_id) if claim_id else None})
            return out

    def provenance(self) -> dict[str, dict[str, str]]:
        """For every object the audit log names: who first wrote it and when, and when it last changed.

        Read in one pass over the log, oldest first (annotations' ``creator``,
        ``created`` and ``modified``).
        """
        out: dict[str, dict[str, str]] = {}
        with self.pf.session() as s:
            for who, at, details in s.execute(select(Event.who, Event.at, Event.details).order_by(Event.seq)):
                try:
                    ids = (jsonsafe.loads(details or "{}") or {}).get("ids") or {}
                except (jsonsafe.UnsafeJson, AttributeError):
                    continue
                if not isinstance(ids, dict):
                    continue
                for kind_ids in ids.values():
                    for oid in kind_ids if isinstance(kind_ids, list) else ():
                        entry = out.setdefault(str(oid), {"creator": who or "", "created": at})
                        entry["modified"] = at
        return out

    # ----------------------------------------------------------------- assessment

    def assess_claim(self, claim_id: str) -> Assessment:
        """One claim's assessment: two small queries, no project-wide work."""
        with self.pf.session() as s:
            return self._assess(s, [claim_id])[claim_id]

    def assess_claims(self, claim_ids: Iterable[str]) -> dict[str, Assessment]:
        """Several claims' assessments in two queries."""
        with self.pf.session() as s:
            return self._assess(s, list(claim_ids))

    def assess_all(self, settings: Settings | None = None) -> dict[str, Assessment]:
        """Every claim's assessment; with ``settings``, a preview under other tables (writes nothing)."""
        with self.pf.session() as s:
            return self._assess(s, None, settings)

    def _assess(self, s: Session, claim_ids: Iterable[str] | None,
                settings: Settings | None = None) -> dict[str, Assessment]:
        if settings is None:
            if self._settings is None:  # read through this session: it may hold the write lock
                self._settings = Settings.from_json(exchange.read_settings(s))
            settings = self._settings
        conn = s.connection()
        if conn.dialect.name == "sqlite":  # the driver's own cursor, inside this session's transaction
            raw: Any = conn.connection.driver_connection
            return assess_stored(raw.execute, claim_ids, settings)
        # Driver SQL is not schema-translated: name the server project's schema explicitly.
        schema = (conn.get_execution_options().get("schema_translate_map") or {}).get(None)
        return assess_stored(lambda sql, params: conn.exec_driver_sql(sql, tuple(params)), claim_ids, settings,
                             "%s" if conn.dialect.paramstyle in ("format", "pyformat") else "?", schema)

    # ----------------------------------------------------------------- writes

    def apply_patch(self, patch: Patch, action: str, summary: str, extra_rows: Sequence[Any] = (),
                    progress: Progress | None = None) -> Changes:
        """Apply a patch (undo, redo, merge) as one new write.

        ``extra_rows`` are rows added in the same transaction (a merge brings
        a colleague's audit events along with their changes): ORM objects, or
        dicts of ``event`` columns, which are inserted in bulk (a copy may
        bring 300,000 events; building an ORM object for each took most of a
        merge's time).  ``progress(done, total)`` is called as those events
        are written; if it raises (a cancelled merge), the whole write rolls
        back and nothing changes.
        """
        rows = list(extra_rows) + list(patch.get("events_add", []))  # event dicts: inserted in bulk
        rows += [Media(**m) for m in patch.get("media_add", [])]  # image bytes an undo or redo brings back
        action = patch.get("action", action)  # a patch may name itself (undoing a merge)
        return self._write(action, summary, patch.get("upsert", {}), patch.get("delete", {}),
                           patch.get("project"), rows, patch.get("events_forget", ()), patch.get("expect"),
                           patch.get("expect_state"), progress)

    def keep_mine(self, patch: Patch) -> Patch:
        """An undo or redo that met a colleague's change, as the user's knowing choice (Keep Mine).

        Only what the user's own write changed is put back (its fields, over the
        colleague's other values; an object the colleague deleted comes back
        whole), and the write names the versions this client has read since the
        conflict, so a third analyst's change in the meantime is again a conflict
        rather than overwritten unseen.
        """
        state = patch.get("expect_state") or {}
        ids = {k: {o["id"] for o in patch.get("upsert", {}).get(k, [])} | set(patch.get("delete", {}).get(k, []))
               for k in KINDS}
        with self.pf.session() as s:
            now = self._versions(s, ids)
        upsert: dict[str, list[dict[str, Any]]] = {}
        expect: dict[str, dict[str, int | None]] = {}
        for kind in KINDS:
            for obj in patch.get("upsert", {}).get(kind, []):
                oid = obj["id"]
                left = state.get(kind, {}).get(oid)
                if left is not None and oid in now[kind]:
                    obj = {"id": oid, **{f: v for f, v in obj.items() if f != "id" and left.get(f) != v}}
                upsert.setdefault(kind, []).append(obj)
            for oid in ids[kind]:
                if oid in now[kind]:
                    expect.setdefault(kind, {})[oid] = self._seen.get((kind, oid), now[kind][oid])
        out = {k: v for k, v in patch.items() if k not in ("upsert", "expect_state", "expect")}
        out["upsert"], out["expect"] = upsert, expect
        return out

    def load_exchange(self, data: Any) -> Changes:
        """Add or update everything an exchange dict lists (``vwb load``)."""
        upsert = exchange.check_shape(data)  # structure first, for a clear message
        return self._write("load", "Loaded an exchange file", upsert, {}, data.get("project"))

    def set_title(self, title: str) -> Changes:
        return self._write("set_title", f"Renamed the project to {title!r}", {}, {}, {"title": title})

    def set_settings(self, project_settings: dict[str, Any]) -> Changes:
        """Change scoring tables, half-life or as-of date (partial values allowed)."""
        return self._write("set_settings", "Changed the scoring settings", {}, {}, project_settings)

    def set_publisher(self, name: str, url: str | None = None, logo: str | None = None) -> Changes:
        """The organisation that publishes fact-checks from this project (ClaimReview's author)."""
        publisher = {"name": name, "url": url or None, "logo": logo or None}
        return self._write("set_publisher", f"Set the publisher to {name!r}", {}, {}, {"publisher": publisher})

    def set_verdicts(self, verdicts: dict[str, Any]) -> Changes:
        """The publisher's verdict labels and how likelihood and confidence map to them."""
        return self._write("set_verdicts", "Changed the verdict scale", {}, {}, {"verdicts": verdicts})

    def set_publishing(self, publisher: dict[str, Any], verdicts: dict[str, Any]) -> Changes:
        """Publisher and verdict scale together (the Publishing dialog's OK): one undo step."""
        return self._write("set_publishing", "Changed the publishing settings", {}, {},
                           {"publisher": publisher, "verdicts": verdicts})

    def set_claim_review(self, claim_id: str, *, claimant: str | None = None, url: str | None = None,
                         published: str | None = None, verdict: str | None = None) -> Changes:
        """Who made a claim and its published fact-check: page, date, verdict override (None: mapped)."""
        review = {"url": url or None, "published": published or None, "verdict": verdict or None}
        obj = {"id": claim_id, "claimant": claimant or None,
               "review": review if any(review.values()) else None}
        return self._write("set_claim_review", "Edited a claim's review", {"claims": [obj]}, {})

    def add_document(self, title: str, text: str, **meta: Any) -> Changes:
        obj = {"id": new_id(), "title": title, "text": text, **meta}
        return self._write("add_document", f"Added document {title!r}", {"documents": [obj]}, {})

    def import_document(self, doc: Any) -> Changes:
        """Add an imported document (``workbench.documents.importers.ImportedDocument``).

        An image or scan brings its bytes, stored once in the media table. A
        picture that looks like one already in the project (perceptual hash,
        and the same words if either has text) is marked as its near
        duplicate on both sides, in the same action.
        """
        from workbench.documents import versions  # the importers pull in lxml: not at start-up

        fields = versions.document_fields(doc)
        doc_id = new_id()
        obj = {"id": doc_id, **fields}
        upsert: dict[str, list[dict[str, Any]]] = {"documents": [obj]}
        rows: list[Any] = []
        media = fields.get("media")
        if isinstance(media, dict):
            earlier = self.near_duplicates(doc)
            media["near_duplicates"] = [d["id"] for d in earlier]
            for other in earlier:
                other_media = dict(other["media"])
                other_media["near_duplicates"] = sorted({*other_media.get("near_duplicates", []), doc_id})
                upsert["documents"].append({"id": other["id"], "media": other_media})
            data = getattr(doc, "media_data", None)
            if data and media.get("sha256") and self.media_data(media["sha256"]) is None:
                rows.append(Media(sha256=media["sha256"], mime=getattr(doc, "media_mime", "") or
                                  "application/octet-stream", data=data))
        return self._write("add_document", f"Added document {fields['title']!r}", upsert, {}, None, rows)

    def find_duplicate(self, doc: Any) -> dict[str, Any] | None:
        """The document already in the project with the same text (an image: the same bytes), if any."""
        from workbench.documents.canonical import canonical_text, text_sha256

        digest = text_sha256(canonical_text(doc.text))
        media_sha = (getattr(doc, "media", None) or {}).get("sha256")
        with self.pf.session() as s:
            # A picture is the same document only if it is the same file: two screenshots with
            # the same words are near duplicates (one origin), recorded as such, not refused.
            cond = Document.media.like(f'%"sha256": "{media_sha}"%') if media_sha else Document.sha256 == digest
            row = s.scalars(select(Document).where(cond).order_by(Document.position)).first()
            return exchange.document_dict(row, with_text=False) if row else None

    def near_duplicates(self, doc: Any) -> list[dict[str, Any]]:
        """Documents whose picture looks like ``doc``'s (earliest first), without their text."""
        from workbench.documents import likeness

        media = getattr(doc, "media", None) or {}
        if not media.get("phash"):
            return []
        with self.pf.session() as s:
            rows = s.scalars(select(Document).where(Document.media.like('%"phash"%')).order_by(Document.position))
            found = []
            for row in rows:
                other = jsonsafe.loads(row.media) if row.media else None
                if not isinstance(other, dict) or not likeness.looks_alike(media.get("phash"), other.get("phash")):
                    continue
                if likeness.same_words(doc.text, row.text, media, other):
                    found.append(exchange.document_dict(row, with_text=False))
            return found

    def media_data(self, sha256: str) -> bytes | None:
        """The bytes of an image or scan kept in the project (``documents[].media.sha256``)."""
        with self.pf.session() as s:
            row = s.get(Media, sha256)
            return bytes(row.data) if row is not None else None

    def replace_document(self, doc_id: str, doc: Any) -> tuple[Changes, ReanchorReport]:
        """A new version of a document; every claim and quote re-anchored (one action)."""
        from workbench.documents import versions

        old = self.document(doc_id)
        if old is None:
            raise KeyError(f"no document with id {doc_id!r}")
        items: list[tuple[str, dict[str, Any]]] = []
        items += [("claims", c) for c in self.list_claims(doc_id) if c.get("start") is not None]
        items += [("evidence", e) for e in self.list_evidence(doc_id) if e.get("start") is not None]
        upsert, report = versions.reanchor_patch(old["text"], doc.text, items)
        fields = versions.document_fields(doc)
        upsert["documents"] = [{"id": doc_id, **fields}]
        # A new picture or scan brings its bytes (the old ones leave with this write if unused).
        media, data = fields.get("media"), getattr(doc, "media_data", None)
        rows = [Media(sha256=media["sha256"], mime=getattr(doc, "media_mime", "") or "application/octet-stream",
                      data=data)] if data and isinstance(media, dict) and media.get("sha256") else []
        changes = self.apply_patch({"upsert": upsert, "delete": {}}, "replace_document",
                                   f"Replaced {old['title']!r} with a new version "
                                   f"({report.moved} moved, {report.orphaned} orphaned)", rows)
        return changes, report

    def reattach(self, kind: str, item_id: str, start: int, end: int) -> Changes:
        """Re-attach an orphaned claim (``kind="claims"``) or quote (``"evidence"``) to a selection."""
        obj = self.claim(item_id) if kind == "claims" else self.evidence(item_id)
        if obj is None or obj.get("document") is None:
            raise KeyError(f"no anchored {kind} item {item_id!r}")
        text = (self.document(obj["document"]) or {}).get("text", "")
        patch: dict[str, Any] = {"id": item_id, "start": start, "end": end, "anchor": "ok"}
        if kind == "evidence":
            patch["quote"] = text[start:end]
        return self.apply_patch({"upsert": {kind: [patch]}, "delete": {}}, "reattach",
                                "Re-attached an orphaned highlight")

    def document_usage(self, doc_id: str) -> dict[str, Any] | None:
        """What deleting a document takes with it (None: no such document).

        The confirmation in the app and ``vwb remove-document`` say it before
        anything changes, because a fact-checker must never lose claims
        without knowing: ``claims`` highlighted in it and ``evidence`` quoting
        it stay in the project, no longer anchored to any document (text,
        status, grades and links unchanged); ``picture`` is the sha256 of
        image bytes that leave the file with it (no other document shows
        them), else None; ``near_duplicates`` are the documents marked as
        showing the same picture, which stop naming it.
        """
        with self.pf.session() as s:
            doc = s.get(Document, doc_id)
            if doc is None:
                return None
            claims = list(s.scalars(select(Claim.id).where(Claim.document_id == doc_id).order_by(Claim.position)))
            evidence = list(s.scalars(select(Evidence.id).where(Evidence.document_id == doc_id)
                                      .order_by(Evidence.position)))
            media = jsonsafe.loads(doc.media) if doc.media else None
            sha = media.get("sha256") if isinstance(media, dict) else None
            if sha:
                shared = s.scalars(select(Document.id).where(Document.id != doc_id,
                                                             Document.media.like(f'%"sha256": "{sha}"%'))
                                   .limit(1)).first()
                if shared is not None or s.get(Media, sha) is None:
                    sha = None
            near = [o["id"] for o in self._naming_as_duplicate(s, doc_id)]
            return {"id": doc_id, "title": doc.title, "claims": claims, "evidence": evidence,
                    "picture": sha, "near_duplicates": near}

    @staticmethod
    def _naming_as_duplicate(s: Session, doc_id: str) -> list[dict[str, Any]]:
        """Other documents whose picture is marked as the same as ``doc_id``'s, each with its media
        minus that mark (what deleting ``doc_id`` writes to them)."""
        out: list[dict[str, Any]] = []
        rows = s.scalars(select(Document).where(Document.id != doc_id, Document.media.like(f'%"{doc_id}"%'))
                         .order_by(Document.position))
        for row in rows:
            media = jsonsafe.loads(row.media) if row.media else None
            if not isinstance(media, dict):
                continue
            dups = media.get("near_duplicates")
            if isinstance(dups, list) and doc_id in dups:
                out.append({"id": row.id, "media": {**media, "near_duplicates": [d for d in dups if d != doc_id]}})
        return out

    def delete_document(self, doc_id: str) -> Changes:
        """Delete a document in one write (one undo step); see :meth:`document_usage` for what goes with it.

        Its claims and the evidence quoting it are kept, unanchored (a claim
        can be typed in, evidence can come from outside the project), rather
        than deleted: the judgement on a claim is the analyst's work and
        outlives the copy of the article it was first marked in. Its picture's
        bytes leave the file in the same transaction unless another document
        shows them, and pictures marked as its near duplicates stop naming it;
        undo brings all of it back.
        """
        with self.pf.session() as s:
            doc = s.get(Document, doc_id)
            if doc is None:
                raise LookupError(f"no document with id {doc_id!r}")
            title = doc.title
            unmark = self._naming_as_duplicate(s, doc_id)
        return self._write("delete_document", f"Deleted document {_short(title, 40)}",
                           {"documents": unmark} if unmark else {}, {"documents": [doc_id]})

    def add_claim(self, text: str, document_id: str | None = None, start: int | None = None,
                  end: int | None = None, **fields: Any) -> Changes:
        obj = {"id": fields.pop("id", None) or new_id(), "text": text, "document": document_id,
               "start": start, "end": end, **fields}
        return self._write("add_claim", f"Marked claim {_short(text)}", {"claims": [obj]}, {})

    def update_claim(self, claim_id: str, **fields: Any) -> Changes:
        expect = self._expect("claims", claim_id, fields)
        return self._write("update_claim", "Edited a claim", {"claims": [{"id": claim_id, **fields}]}, {},
                           expect=expect)

    def delete_claim(self, claim_id: str) -> Changes:
        return self._write("delete_claim", "Deleted a claim and its evidence", {}, {"claims": [claim_id]})

    def add_source(self, name: str, kind: str = "other", reliability: str = "F", **fields: Any) -> Changes:
        obj = {"id": fields.pop("id", None) or new_id(), "name": name, "kind": kind,
               "reliability": reliability, **fields}
        return self._write("add_source", f"Added source {name!r}", {"sources": [obj]}, {})

    def update_source(self, source_id: str, **fields: Any) -> Changes:
        expect = self._expect("sources", source_id, fields)
        return self._write("update_source", "Edited a source", {"sources": [{"id": source_id, **fields}]}, {},
                           expect=expect)

    def set_reliability(self, source_id: str, grade: str, version: int | None = None) -> Changes:
        expect = self._expect("sources", source_id, {"version": version})
        return self._write("set_reliability", f"Graded a source {grade}",
                           {"sources": [{"id": source_id, "reliability": grade}]}, {}, expect=expect)

    def delete_source(self, source_id: str) -> Changes:
        return self._write("delete_source", "Deleted a source and its evidence", {}, {"sources": [source_id]})

    def link_evidence(self, claim_id: str, source_id: str, stance: str, credibility: int = 6,
                      **fields: Any) -> Changes:
        obj = {"id": fields.pop("id", None) or new_id(), "claim": claim_id, "source": source_id,
               "stance": stance, "credibility": credibility, **fields}
        return self._write("link_evidence", f"Linked evidence ({stance})", {"evidence": [obj]}, {})

    def add_source_and_evidence(self, source: dict[str, Any], evidence: dict[str, Any]) -> Changes:
        """Create a source in place and link evidence from it: one action, one undo step."""
        src = {"id": source.get("id") or new_id(), **source}
        ev = {"id": evidence.get("id") or new_id(), **evidence, "source": src["id"]}
        return self._write("link_evidence", f"Added source {src.get('name')!r} with evidence",
                           {"sources": [src], "evidence": [ev]}, {})

    def update_evidence(self, evidence_id: str, **fields: Any) -> Changes:
        expect = self._expect("evidence", evidence_id, fields)
        return self._write("update_evidence", "Edited evidence", {"evidence": [{"id": evidence_id, **fields}]}, {},
                           expect=expect)

    def delete_evidence(self, evidence_id: str) -> Changes:
        return self._write("delete_evidence", "Deleted evidence", {}, {"evidence": [evidence_id]})

    def merge_sources(self, keep_id: str, drop_id: str) -> Changes:
        """Fold a duplicate source into another: its evidence and relays move, then it goes."""
        with self.pf.session() as s:
            moved: list[dict[str, Any]] = [{"id": e.id, "source": keep_id} for e in
                     s.scalars(select(Evidence).where(Evidence.source_id == drop_id))]
            relays: list[dict[str, Any]] = [{"id": e.id, "derives_from": {"source": keep_id}} for e in
                      s.scalars(select(Evidence).where(Evidence.derives_from_source_id == drop_id))]
        by_id: dict[str, dict[str, Any]] = {}
        for obj in moved + relays:
            by_id.setdefault(obj["id"], {"id": obj["id"]}).update(obj)
        return self._write("merge_sources", "Merged two sources",
                           {"evidence": list(by_id.values())}, {"sources": [drop_id]})

    def dismissed_suggestions(self, doc_id: str) -> list[str]:
        """Keys (``kind:start:end``) of suggestions the user dismissed in a document."""
        with self.pf.session() as s:
            row = s.get(Setting, f"dismissed:{doc_id}")
            return list(jsonsafe.loads(row.value)) if row else []

    def dismiss_suggestion(self, doc_id: str, key: str, dismissed: bool = True) -> None:
        """Remember (or forget) a dismissed suggestion for a document: one transaction, audited."""
        if self.pf.read_only:
            raise ReadOnlyError(f"{self.pf.name}: opened read-only; save a copy to make changes")
        with self.pf.write_session("dismiss suggestions") as s:
            row = s.get(Setting, f"dismissed:{doc_id}")
            keys = set(json.loads(row.value)) if row else set()
            keys = keys | {key} if dismissed else keys - {key}
            if row is None:
                row = Setting(key=f"dismissed:{doc_id}", value="[]")
                s.add(row)
            row.value = json.dumps(sorted(keys))
            self.pf.serialise(s)  # history numbers in commit order
            seq = (s.scalar(select(func.max(Event.seq))) or 0) + 1
            s.add(Event(seq=seq, at=utcnow_iso(), who=self.analyst,
                        action="dismiss_suggestion" if dismissed else "restore_suggestion",
                        summary=f"{'Dismissed' if dismissed else 'Restored'} a suggestion",
                        details=json.dumps({"ids": {"documents": [doc_id]}, "key": key})))

    # ----------------------------------------------------------------- machinery

    def _cascade(self, s: Session, upsert: dict[str, list[dict[str, Any]]],
                 delete: dict[str, list[str]]) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[str]]]:
        """Make deletions explicit: dependants are deleted or unlinked in the same patch."""
        upsert = {k: [dict(o) for o in upsert.get(k, [])] for k in KINDS}
        delete = {k: list(dict.fromkeys(delete.get(k, []))) for k in KINDS}
        if not any(delete.values()):
            return upsert, delete
        del_claims, del_sources = set(delete["claims"]), set(delete["sources"])
        upserted_ev = {o["id"] for o in upsert["evidence"]}
        if del_claims or del_sources:
            q = select(Evidence.id).where(or_(Evidence.claim_id.in_(del_claims), Evidence.source_id.in_(del_sources)))
            for eid in s.scalars(q):
                if eid not in upserted_ev and eid not in delete["evidence"]:
                    delete["evidence"].append(eid)
        del_ev = set(delete["evidence"])
        patches: dict[str, dict[str, Any]] = {}
        if del_ev or del_sources:
            q = select(Evidence.id).where(or_(Evidence.derives_from_evidence_id.in_(del_ev),
                                              Evidence.derives_from_source_id.in_(del_sources)))
            for eid in s.scalars(q):
                if eid not in del_ev:
                    patches.setdefault(eid, {"id": eid})["derives_from"] = None
        if delete["documents"]:
            docs = set(delete["documents"])
            for model, kind in ((Claim, "claims"), (Evidence, "evidence")):
                for oid in s.scalars(select(model.id).where(model.document_id.in_(docs))):
                    if oid in del_ev or oid in del_claims:
                        continue
                    target = patches if kind == "evidence" else patches.setdefault("__claims__", {})
                    target.setdefault(oid, {"id": oid}).update(document=None, start=None, end=None)
        claim_patches = patches.pop("__claims__", {})
        if del_sources:  # a claim made by a deleted source no longer names a claimant
            for cid in s.scalars(select(Claim.id).where(Claim.claimant.in_(del_sources))):
                if cid not in del_claims:
                    claim_patches.setdefault(cid, {"id": cid})["claimant"] = None
        upsert["evidence"].extend(patches.values())
        upsert["claims"].extend(claim_patches.values())
        return upsert, delete

    def _snapshot(self, s: Session, ids: Mapping[str, set[str]],
                  lookup: exchange.Lookup | None = None) -> dict[str, dict[str, dict[str, Any] | None]]:
        """Object dicts of ``ids`` (None for absent ones): rows validation already read are taken
        from ``lookup``, the rest read with one query per kind and chunk."""
        snap: dict[str, dict[str, dict[str, Any] | None]] = {}
        for kind in KINDS:
            model = MODELS[kind]
            wanted = sorted(ids.get(kind, ()))
            snap[kind] = dict.fromkeys(wanted)
            known = lookup.looked_up.get(kind, set()) if lookup is not None else set()
            known_rows = lookup.rows.get(kind, {}) if lookup is not None else {}
            rest = []
            for oid in wanted:
                if oid not in known:
                    rest.append(oid)
                elif (row := known_rows.get(oid)) is not None:
                    snap[kind][oid] = ROW_DICT[kind](row) | {"position": row.position}
            for i in range(0, len(rest), 500):
                rows = cast(Iterable[Row], s.scalars(exchange.by_ids(model), {"ids": rest[i:i + 500]}))
                for row in rows:
                    snap[kind][row.id] = ROW_DICT[kind](row) | {"position": row.position}
        return snap

    @staticmethod
    def _written(ids: Mapping[str, set[str]], objects: Mapping[str, Mapping[str, Any]], lookup: exchange.Lookup
                 ) -> tuple[dict[str, dict[str, dict[str, Any] | None]], dict[str, dict[str, int]]]:
        """The objects and versions a write left, from the rows it wrote (not read back): the
        upserted ones as written, the deleted ones None."""
        after: dict[str, dict[str, dict[str, Any] | None]] = {}
        versions: dict[str, dict[str, int]] = {}
        for kind in KINDS:
            after[kind] = dict.fromkeys(sorted(ids.get(kind, ())))
            versions[kind] = {}
            rows = lookup.rows.get(kind, {})
            to_dict = ROW_DICT[kind]
            for oid in objects.get(kind, ()):
                row = rows[oid]
                after[kind][oid] = to_dict(row) | {"position": row.position}
                versions[kind][oid] = row.version
        return after, versions

    @staticmethod
    def _add_media(s: Session, rows: Sequence[Any]) -> list[dict[str, Any]]:
        """Store the image bytes among ``rows`` that the project lacks; what was stored, as patch data."""
        added: list[dict[str, Any]] = []
        for row in rows:
            if isinstance(row, Media) and s.get(Media, row.sha256) is None:
                s.add(row)
                added.append({"sha256": row.sha256, "mime": row.mime, "data": bytes(row.data)})
        return added

    @staticmethod
    def _remove_unused_media(s: Session, before: Mapping[str, Mapping[str, dict[str, Any] | None]],
                             after: Mapping[str, Mapping[str, dict[str, Any] | None]]) -> list[dict[str, Any]]:
        """Delete image bytes no document uses any more, in the write that stopped using them.

        The bytes of a deleted picture must leave the project file (with
        ``secure_delete`` they are zeroed on disk): a fact-checker who deletes a
        sensitive screenshot and sends the project on expects it gone. Undo
        must still bring the picture back, so the removed rows are returned and
        carried by the write's undo patch (``media_add``), and a redo of an
        import carries the bytes it added the same way. The alternative, a
        garbage collection once no undo step can need the bytes, would leave
        them in the file for as long as the app stays open, and the command
        line has no undo stack to ask. The price is memory: an undo step that
        deleted a picture holds its bytes (at most 50 MB) while it is on the
        undo stack.
        """
        shas: set[str] = set()
        for oid, old in before.get("documents", {}).items():
            media = (old or {}).get("media")
            sha = media.get("sha256") if isinstance(media, dict) else None
            new = (after.get("documents", {}).get(oid) or {}).get("media")
            if sha and (not isinstance(new, dict) or new.get("sha256") != sha):
                shas.add(sha)
        removed: list[dict[str, Any]] = []
        for sha in sorted(shas):
            if s.scalars(select(Document.id).where(Document.media.like(f'%"sha256": "{sha}"%')).limit(1)).first():
                continue
            row = s.get(Media, sha)
            if row is not None:
                removed.append({"sha256": row.sha256, "mime": row.mime, "data": bytes(row.data)})
                s.delete(row)
        s.flush()
        return removed

    def _versions(self, s: Session, ids: Mapping[str, set[str]]) -> dict[str, dict[str, int]]:
        """The row version of every present object among ``ids``."""
        out: dict[str, dict[str, int]] = {}
        for kind in KINDS:
            model: Any = MODELS[kind]
            wanted = sorted(ids.get(kind, ()))
            out[kind] = {}
            for i in range(0, len(wanted), 500):
                for oid, version in s.execute(exchange.by_ids(model, model.id, model.version),
                                              {"ids": wanted[i:i + 500]}):
                    out[kind][oid] = version
        return out

    def _lock_rows(self, s: Session, ids: Mapping[str, set[str]]) -> None:
        """Lock the existing rows an edit changes, kind by kind in id order (no deadlocks between
        edits), before their versions are checked: a colleague's edit of the same row waits for
        this one and then sees its new version (a conflict), never the old one.

        ``FOR NO KEY UPDATE`` leaves the key-share locks of foreign-key checks free, so
        evidence added to a claim someone is editing does not wait for that edit.
        """
        for kind in KINDS:
            model: Any = MODELS[kind]
            wanted = sorted(ids.get(kind, ()))
            for i in range(0, len(wanted), 500):
                s.execute(select(model.id).where(model.id.in_(wanted[i:i + 500]))
                          .order_by(model.id).with_for_update(key_share=True))

    def _check_versions(self, s: Session, expect: Mapping[str, Mapping[str, int | None]],
                        upsert: Mapping[str, list[dict[str, Any]]]) -> None:
        """Refuse the write if any object is not at the version it names (after taking the write lock)."""
        for kind, wanted in expect.items():
            if kind not in MODELS or not wanted:
                continue
            have = self._versions(s, {kind: set(wanted)})[kind]
            for oid, version in wanted.items():
                if version is None or have.get(oid) == version:
                    continue
                mine = next((o for o in upsert.get(kind, []) if o.get("id") == oid), {})
                row = s.get(MODELS[kind], oid)
                last = s.scalars(select(Event).where(Event.details.contains(oid))
                                 .order_by(Event.seq.desc()).limit(1)).first()
                who, when = (last.who, last.at) if last else ("someone", "an unknown time")
                if row is None:
                    raise ConflictError(kind, oid, None, None, _DELETED, who, when)
                current = ROW_DICT[kind](row)
                label = _label(kind, current)
                changed = [f for f in mine if f not in ("id", "position") and f in current and current[f] != mine[f]]
                fld = changed[0] if changed else None
                raise ConflictError(kind, oid, fld, mine.get(fld) if fld else None,
                                    current.get(fld) if fld else None, who, when, label)

    def _check_state(self, s: Session, expected: Mapping[str, Mapping[str, dict[str, Any] | None]],
                     current: Mapping[str, Mapping[str, dict[str, Any] | None]],
                     upsert: Mapping[str, list[dict[str, Any]]]) -> None:
        """Refuse an undo or redo when an object is no longer as this client's write left it.

        The conflict names, where it can, a field both changed, with the value
        the undo would set as "yours" and the colleague's as "theirs".
        """
        for kind, objs in expected.items():
            for oid, want in objs.items():
                have = current.get(kind, {}).get(oid)
                if have == want or (want is not None and have is not None
                                    and all(have.get(f) == v for f, v in want.items() if f != "position")):
                    continue
                last = s.scalars(select(Event).where(Event.details.contains(oid))
                                 .order_by(Event.seq.desc()).limit(1)).first()
                who, when = (last.who, last.at) if last else ("someone", "an unknown time")
                if have is None:
                    raise ConflictError(kind, oid, None, None, _DELETED, who, when)
                if want is None:
                    raise ConflictError(kind, oid, None, None, None, who, when, _label(kind, have))
                target = next((o for o in upsert.get(kind, []) if o.get("id") == oid), {})
                theirs = [f for f, v in want.items() if f != "position" and have.get(f) != v]
                fld = next((f for f in theirs if f in target and target[f] != want[f]), theirs[0])
                raise ConflictError(kind, oid, fld, target.get(fld, want.get(fld)), have.get(fld), who, when,
                                    _label(kind, have))

    def _affected_claims(self, s: Session, ids: Mapping[str, set[str]],
                         before: dict[str, dict[str, dict[str, Any] | None]],
                         after: dict[str, dict[str, dict[str, Any] | None]], all_claims: bool) -> set[str]:
        if all_claims:
            return set(s.scalars(select(Claim.id)))
        out = {c for c in ids.get("claims", ()) if after["claims"].get(c) is not None}
        for snap in (before, after):
            for ev in snap["evidence"].values():
                if ev is not None:
                    out.add(ev["claim"])
        if ids.get("sources"):
            src = ids["sources"]
            q = select(Evidence.claim_id).where(
                or_(Evidence.source_id.in_(src), Evidence.derives_from_source_id.in_(src)))
            out.update(s.scalars(q))
        present: set[str] = set()
        wanted = sorted(out)
        for i in range(0, len(wanted), 500):
            present.update(s.scalars(exchange.by_ids(Claim, Claim.id), {"ids": wanted[i:i + 500]}))
        return present

    def _write(self, action: str, summary: str, upsert: Mapping[str, list[dict[str, Any]]],
               delete: Mapping[str, list[str]], project: dict[str, Any] | None = None,
               extra_rows: Sequence[Any] = (), forget_events: Sequence[str] = (),
               expect: Mapping[str, Mapping[str, int | None]] | None = None,
               expect_state: Mapping[str, Mapping[str, dict[str, Any] | None]] | None = None,
               progress: Progress | None = None) -> Changes:
        if self.pf.read_only:
            raise ReadOnlyError(f"{self.pf.name}: opened read-only; save a copy to make changes")
        stamp = utcnow_iso()
        shared = (action in _SHARED and not any(delete.get(k) for k in delete) and not project
                  and not extra_rows and not forget_events and not upsert.get("documents"))
        with self.pf.write_session(_DOING.get(action, "make this change"), shared=shared) as s:
            if shared and self.on_server:
                self._lock_rows(s, {k: {str(o["id"]) for o in upsert.get(k, []) if o.get("id")} for k in KINDS})
            if expect:
                self._check_versions(s, expect, upsert)
            up, dele = self._cascade(s, dict(upsert), dict(delete))
            merged: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in KINDS}
            for kind in KINDS:
                for obj in up[kind]:
                    merged[kind].setdefault(obj["id"], {"id": obj["id"]}).update(obj)
            data: dict[str, Any] = {k: list(merged[k].values()) for k in KINDS}
            if project:
                data["project"] = project
            lookup = exchange.Lookup()
            objects = exchange.validate(s, data, lookup)
            for kind in KINDS:  # a deleted object must not be referenced by what stays
                for oid in dele[kind]:
                    objects[kind].pop(oid, None)
            ids = {k: set(objects[k]) | set(dele[k]) for k in KINDS}
            before = self._snapshot(s, ids, lookup)
            if expect_state:
                self._check_state(s, expect_state, before, upsert)
            settings_before = exchange.read_settings(s) | exchange.read_publishing(s) if project else None
            title_before = s.scalars(select(ProjectInfo.title)).first() if project and "title" in project else None
            if any(before[k].get(o) is None for k in KINDS for o in objects[k]):
                self.pf.serialise(s)  # new rows take positions: one writer at a time from here
            with s.no_autoflush:
                exchange.apply(s, objects, stamp, lookup)
            settings_changed = exchange.apply_project(s, project) if project else False
            exchange.delete_objects(s, dele)
            after, v_after = self._written(ids, objects, lookup)
            if _CHECK_WRITTEN:  # tests: what the write kept must be exactly what reading it back gives
                s.flush()
                assert after == self._snapshot(s, ids), "written rows differ from the stored ones"
                assert v_after == self._versions(s, ids), "written versions differ from the stored ones"
            if settings_changed:
                self._settings = None
            reassessed = self._affected_claims(s, ids, before, after, settings_changed)
            assessments = self._assess(s, reassessed) if reassessed else {}
            undo, redo = _patches(before, after)
            # Undo may only restore ``before`` over exactly ``after`` (and redo the reverse): a
            # colleague's change in between is a conflict, however often undo and redo alternate.
            undo["expect_state"] = after
            redo["expect_state"] = before
            if project:
                undo["project"] = dict(settings_before or {})
                redo["project"] = exchange.read_settings(s) | exchange.read_publishing(s)
                if "title" in project:
                    undo["project"]["title"] = title_before or ""
                    redo["project"]["title"] = project["title"]
            created = {k: frozenset(o for o in ids[k] if before[k].get(o) is None and after[k].get(o) is not None)
                       for k in KINDS}
            forget = list(forget_events)  # undoing a merge forgets the colleague's history it brought
            for i in range(0, len(forget), EVENT_CHUNK):  # SQLite binds at most 32,766 values per statement
                s.execute(sql_delete(Event).where(Event.id.in_(forget[i:i + EVENT_CHUNK])))
                if progress is not None:
                    progress(min(i + EVENT_CHUNK, len(forget)), len(forget))
            # Added first, so this action's event sorts after them.
            added_media = self._add_media(s, extra_rows)
            s.add_all([r for r in extra_rows if not isinstance(r, (Media, dict))])
            event_rows = [r for r in extra_rows if isinstance(r, dict)]
            for i in range(0, len(event_rows), EVENT_CHUNK):
                s.execute(insert(cast(Table, Event.__table__)), event_rows[i:i + EVENT_CHUNK])  # Core: no ORM work
                if progress is not None:
                    progress(min(i + EVENT_CHUNK, len(event_rows)), len(event_rows))
            s.flush()
            removed_media = self._remove_unused_media(s, before, after)
            if removed_media:
                undo["media_add"] = removed_media
            if added_media:
                redo["media_add"] = added_media
            self.pf.serialise(s)  # history numbers in commit order
            seq = (s.scalar(select(func.max(Event.seq))) or 0) + 1
            event = Event(seq=seq, at=stamp, who=self.analyst, action=action, summary=summary,
                          details=json.dumps({
                              "ids": {k: sorted(v) for k, v in ids.items() if v},
                              **({"project": sorted(project)} if project else {}),
                              "assessments": {c: {"probability": a.probability, "likelihood": a.likelihood,
                                                  "confidence": a.confidence} for c, a in assessments.items()},
                          }, ensure_ascii=False))
            s.add(event)
            info = s.scalars(select(ProjectInfo)).first()
            if info is not None:
                info.changed_at = stamp
        if settings_changed:
            self._settings = None
        for kind in KINDS:
            for oid in ids[kind]:
                if oid in v_after[kind]:
                    self._seen[(kind, oid)] = v_after[kind][oid]
                else:
                    self._seen.pop((kind, oid), None)
        return Changes(action, summary, {k: frozenset(v) for k, v in ids.items()}, created,
                       frozenset(reassessed), settings_changed, undo, redo, event.id)


_CHECK_WRITTEN = bool(os.environ.get("VWB_CHECK_WRITTEN"))

#: Writes that only edit or add claims, evidence and sources (never delete, never documents or
#: settings): on a server they run side by side, each locking only its own rows.
_SHARED = frozenset({"update_claim", "update_source", "update_evidence", "set_reliability", "add_claim",
                     "add_source", "link_evidence", "set_claim_review",
                     "undo", "redo", "keep_mine"})

_DOING = {"set_settings": "change the scoring settings (leads only)",
          "set_title": "rename the project (leads only)",
          "delete_document": "delete documents (leads only)",
          "undo_merge": "undo a merge (leads only)"}


def _patches(before: dict[str, dict[str, dict[str, Any] | None]],
             after: dict[str, dict[str, dict[str, Any] | None]]) -> tuple[Patch, Patch]:
    """Undo restores ``before``; redo restores ``after``."""
    def make(state: dict[str, dict[str, dict[str, Any] | None]]) -> Patch:
        up: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
        dele: dict[str, list[str]] = {k: [] for k in KINDS}
        for kind in KINDS:
            for oid, obj in state[kind].items():
                if obj is None:
                    dele[kind].append(oid)
                else:
                    up[kind].append(obj)
        return {"upsert": up, "delete": dele}
    return make(before), make(after)


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= n else text[: n - 1] + "…")


def parse_iso_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
