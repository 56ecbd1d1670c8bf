"""Merging a colleague's copy of a project into yours.

Two copies of a project share their past: every write leaves an audit
event with a stable id, and copies carry the whole log. So the common
ancestor does not need to be stored; it is inferred from the logs:

* events present in both files (same ``Event.id``) are shared history;
* events only in one file are that side's changes since the copies
  diverged, and their ``details["ids"]`` say which objects the side touched.

With that, each object (matched by id) is decided on its own: an object
only one side touched takes that side's state; an object both sides touched
and left different is a *conflict*, field by field, for a person to decide;
a deletion is honoured only when the other side did not change the object.
A value that differs although neither log explains it is also a conflict:
nothing is ever resolved silently.

Events written by earlier merges are not counted as touches: a merge only
adopts changes whose own events travel with it, so counting it again would
turn every later edit of the same object into a false conflict.

The colleague's events are copied into this project in the same
transaction as the changes, so merging the same copy twice finds no new
events and changes nothing. The whole merge is one ``apply_patch`` call: one
transaction, one undo step, one ``merge`` event in the history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from workbench import jsonsafe
from workbench.service import Changes, Patch, Progress, ProjectService
from workbench.store import exchange
from workbench.store.exchange import KINDS, MODELS, ROW_DICT, ExchangeError
from workbench.store.model import Document, Event, ProjectInfo
from workbench.store.projectfile import ProjectFile, ProjectFileError, open_project

Side = Literal["into", "from"]
ConflictKey = tuple[str, str, str]  # (kind, object id, field); kind "project" with id ""
Objects = dict[str, dict[str, dict[str, Any]]]  # kind -> id -> object dict

MERGE_ACTION = "merge"
#: Undoing or redoing a merge: bookkeeping of the merge itself, not an edit of either side.
MERGE_BOOKKEEPING = frozenset({MERGE_ACTION, "undo_merge", "redo_merge"})

# Fields that only make sense together are one conflict: a span taken from
# one side and its quote from the other would not even validate.
_SPAN = ("document", "start", "end", "anchor", "prefix", "suffix")
FIELD_GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "documents": {"text": ("text", "sha256", "page_starts")},
    "claims": {"span": _SPAN},
    "evidence": {"span": ("quote", *_SPAN)},
}
SETTINGS_FIELDS = ("half_life_days", "as_of")
# Which project fields an event with these actions may have changed.
PROJECT_ACTIONS = {"set_title": ("title",), "set_settings": ("settings",), "set_publisher": ("publishing",),
                   "set_verdicts": ("publishing",), "set_publishing": ("publishing",)}
PUBLISHING_FIELDS = ("publisher", "verdicts")
#: Steps :func:`merge_projects` reports: read FROM, read INTO, both sides' new events, decide.
PREPARE_STEPS = 5
#: Within a long step, the progress callback is called again every this many events (so a
#: cancel raised from it stops a comparison of 300,000 events within a fraction of a second).
TICK_EVENTS = 10_000
#: Called every TICK_EVENTS events of a long step.
Tick = Callable[[], None]


def _area(field: str) -> str:
    """The part of the project a field belongs to: "title", "publishing" or "settings"."""
    return field if field == "title" else ("publishing" if field in PUBLISHING_FIELDS else "settings")


class MergeError(ProjectFileError):
    """A merge cannot be prepared or applied; one line naming the file and the reason."""


@dataclass(frozen=True)
class Conflict:
    """One field both sides changed to different values."""

    kind: str  # "documents", "sources", "claims", "evidence" or "project"
    id: str
    field: str
    into_value: Any
    from_value: Any
    label: str  # what the object is, in words a person recognises

    @property
    def key(self) -> ConflictKey:
        return (self.kind, self.id, self.field)

    def value(self, side: Side) -> Any:
        return self.into_value if side == "into" else self.from_value


@dataclass(frozen=True)
class LoggedEvent:
    """An audit event as read from a file (copied as is when merged)."""

    id: str
    seq: int
    at: str
    who: str
    action: str
    summary: str
    details: str


@dataclass
class MergeResult:
    """What merging ``from_path`` would do; nothing is written until :func:`apply_merge`."""

    from_path: Path
    added: dict[str, list[str]]
    updated: dict[str, list[str]]
    deleted: dict[str, list[str]]
    kept: dict[str, list[str]]  # deleted in FROM, kept here: changed here or needed by what stays
    restored: dict[str, list[str]]  # deleted here, brought back: changed in FROM or needed by it
    project: dict[str, Any]  # project fields taken from FROM
    conflicts: list[Conflict]
    events: list[LoggedEvent]  # FROM's events this project does not have yet
    theirs: Objects = field(repr=False, default_factory=dict)  # FROM's objects that may be written
    into_head: tuple[int, str | None] = (0, None)  # INTO's log when prepared (stale check)

    @property
    def nothing_to_do(self) -> bool:
        """True when applying would change nothing (e.g. the same copy merged again)."""
        return not (self.events or self.conflicts or self.project
                    or any(self.added.values()) or any(self.updated.values())
                    or any(self.deleted.values()) or any(self.restored.values()))

    def authors(self) -> list[str]:
        """Who made the changes being merged, in order of first appearance."""
        return list(dict.fromkeys(e.who for e in self.events if e.who))


# --------------------------------------------------------------------------- reading a side


@dataclass
class _Side:
    """One file's objects, project fields and audit log, read in one transaction."""

    objects: Objects
    project: dict[str, Any]
    events: dict[str, LoggedEvent]


def _bounded_json(text: str, path: Path, what: str) -> Any:
    """JSON we did not necessarily write: parsed by ``jsonsafe`` (depth-bounded), refused in one line."""
    try:
        return jsonsafe.loads(text or "{}")
    except jsonsafe.UnsafeJson as exc:
        raise MergeError(path, f"damaged project file ({what}: {exc})") from None


def _project_fields(s: Session) -> dict[str, Any]:
    """Title and settings flattened to the fields a conflict can name."""
    info = s.scalars(select(ProjectInfo)).first()
    out: dict[str, Any] = {"title": info.title if info else ""}
    settings = exchange.read_settings(s)  # depth-bounded (jsonsafe); UnsafeJson is a ValueError
    for key in SETTINGS_FIELDS:
        out[key] = settings.get(key)
    for table, value in settings["settings"].items():
        out[f"settings.{table}"] = value
    out.update(exchange.read_publishing(s))  # the publisher and the verdict scale, each as one field
    return out


def _no_tick() -> None:
    """The default :data:`Tick`: nothing to report."""


def _read_side(s: Session, tick: Tick = _no_tick) -> _Side:
    # Plain rows, not ORM objects: the exchange's row -> dict functions only read
    # attributes named like the columns, and skipping the identity map makes
    # reading a 12,000-object project several times faster.
    objects: Objects = {}
    for kind in KINDS:
        table = MODELS[kind].__table__
        columns = [c for c in table.columns if c.name != "text"] if kind == "documents" else list(table.columns)
        rows = s.execute(select(*columns).order_by(table.c.position, table.c.id))
        if kind == "documents":  # compared by sha256; texts are read only when needed
            objects[kind] = {r.id: exchange.document_dict(r, with_text=False) for r in rows}
        else:
            objects[kind] = {r.id: ROW_DICT[kind](r) for r in rows}
    events: dict[str, LoggedEvent] = {}
    for i, r in enumerate(s.execute(select(Event.id, Event.seq, Event.at, Event.who, Event.action,
                                           Event.summary, Event.details).order_by(Event.seq))):
        events[r.id] = LoggedEvent(r.id, r.seq, r.at, r.who, r.action, r.summary, r.details)
        if i % TICK_EVENTS == TICK_EVENTS - 1:
            tick()
    return _Side(objects, _project_fields(s), events)


def _touches(events: list[LoggedEvent], path: Path, tick: Tick = _no_tick) -> tuple[dict[str, set[str]], set[str]]:
    """Objects and project fields a side's own (non-merge) events touched.

    Every event's details are parsed with a depth bound, merge events too:
    they are copied into the other project, so nothing hostile may pass.
    """
    ids: dict[str, set[str]] = {k: set() for k in KINDS}
    project: set[str] = set()
    for i, ev in enumerate(events):
        if i % TICK_EVENTS == TICK_EVENTS - 1:
            tick()
        details = _bounded_json(ev.details, path, f"audit event {ev.id}")
        if ev.action in MERGE_BOOKKEEPING:
            continue
        touched = details.get("ids", {}) if isinstance(details, dict) else {}
        if not isinstance(touched, dict):
            raise MergeError(path, f"damaged project file (audit event {ev.id} has no id lists)")
        for kind in KINDS:
            values = touched.get(kind, [])
            if not isinstance(values, list):
                raise MergeError(path, f"damaged project file (audit event {ev.id} has no id lists)")
            ids[kind].update(v for v in values if isinstance(v, str))
        project.update(PROJECT_ACTIONS.get(ev.action, ()))
        extra = details.get("project") if isinstance(details, dict) else None
        if isinstance(extra, list):  # if the service ever records which project fields it set
            project.update(_area(str(f)) for f in extra)
    return ids, project


# --------------------------------------------------------------------------- deciding


def _groups(kind: str, obj_a: Mapping[str, Any], obj_b: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Conflict granularity: each field on its own, except the grouped ones."""
    grouped = FIELD_GROUPS.get(kind, {})
    in_group = {f for fields in grouped.values() for f in fields}
    out = dict(grouped)
    for f in (set(obj_a) | set(obj_b)) - in_group - {"id"}:
        out[f] = (f,)
    return out


def _group_value(obj: Mapping[str, Any], fields: tuple[str, ...]) -> Any:
    if len(fields) == 1:
        return obj.get(fields[0])
    return {f: obj[f] for f in fields if f in obj}


def _differs(obj_a: Mapping[str, Any], obj_b: Mapping[str, Any], fields: tuple[str, ...]) -> bool:
    return any(obj_a.get(f) != obj_b.get(f) for f in fields)


def _refs(kind: str, obj: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """The objects this one points at: they must exist after the merge."""
    if kind in ("claims", "evidence") and obj.get("document"):
        yield "documents", obj["document"]
    if kind == "evidence":
        if obj.get("claim"):
            yield "claims", obj["claim"]
        if obj.get("source"):
            yield "sources", obj["source"]
        derives = obj.get("derives_from") or {}
        for target, ref_kind in (("evidence", "evidence"), ("source", "sources")):
            if isinstance(derives, dict) and derives.get(target):
                yield ref_kind, derives[target]


def _label(kind: str, oid: str, obj: Mapping[str, Any], names: Mapping[str, Mapping[str, Any]]) -> str:
    def short(value: Any, n: int = 60) -> str:
        text = " ".join(str(value or "").split())
        return text if len(text) <= n else text[: n - 1] + "…"

    if kind == "claims":
        return f"claim “{short(obj.get('text'))}”"
    if kind == "sources":
        return f"source “{short(obj.get('name'))}”"
    if kind == "documents":
        return f"document “{short(obj.get('title') or oid)}”"
    source = names.get("sources", {}).get(obj.get("source", ""), {}).get("name", obj.get("source"))
    claim = names.get("claims", {}).get(obj.get("claim", ""), {}).get("text", obj.get("claim"))
    return f"evidence from “{short(source, 40)}” on “{short(claim, 40)}”"


@dataclass
class _Plan:
    """Decisions in progress; :func:`_close_references` completes them."""

    into: _Side
    frm: _Side
    added: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    updated: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    deleted: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    kept: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    restored: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    conflicted: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    conflicts: list[Conflict] = field(default_factory=list)

    def present_after(self, kind: str, oid: str) -> bool:
        if oid in self.into.objects[kind]:
            return oid not in self.deleted[kind]
        return oid in self.added[kind] or oid in self.restored[kind]


def _decide(plan: _Plan, touched_into: dict[str, set[str]], touched_from: dict[str, set[str]]) -> None:
    for kind in KINDS:
        mine, theirs = plan.into.objects[kind], plan.frm.objects[kind]
        ti, tf = touched_into[kind], touched_from[kind]
        for oid in list(mine) + [o for o in theirs if o not in mine]:
            a, b = mine.get(oid), theirs.get(oid)
            if a is not None and b is not None:
                if a == b or (oid in ti and oid not in tf):
                    continue
                if oid in tf and oid not in ti:
                    plan.updated[kind].append(oid)
                    continue
                for name, fields in sorted(_groups(kind, a, b).items()):
                    if _differs(a, b, fields):
                        plan.conflicted[kind].add(oid)
                        plan.conflicts.append(Conflict(kind, oid, name, _group_value(a, fields),
                                                       _group_value(b, fields),
                                                       _label(kind, oid, a, plan.into.objects)))
            elif b is not None:  # only in FROM
                if oid not in ti:
                    plan.added[kind].append(oid)
                elif oid in tf:  # deleted here, changed there: the change wins
                    plan.restored[kind].append(oid)
            elif a is not None and oid in tf:  # only here, and FROM deleted it
                if oid in ti:
                    plan.kept[kind].append(oid)
                else:
                    plan.deleted[kind].append(oid)


def _close_references(plan: _Plan) -> None:
    """Keep or restore whatever a surviving object points at (an added claim's document,
    evidence added on a claim the other side deleted…): no work is lost to a cascade."""
    work: list[tuple[str, Mapping[str, Any]]] = []
    for kind in KINDS:
        for oid, obj in plan.into.objects[kind].items():
            if oid not in plan.deleted[kind]:
                work.append((kind, obj))
        for group in (plan.added, plan.updated, plan.restored):
            work.extend((kind, plan.frm.objects[kind][oid]) for oid in group[kind])
        work.extend((kind, plan.frm.objects[kind][oid]) for oid in plan.conflicted[kind])
    while work:
        kind, item = work.pop()
        for ref_kind, ref in _refs(kind, item):
            if plan.present_after(ref_kind, ref):
                continue
            if ref in plan.deleted[ref_kind]:
                plan.deleted[ref_kind].remove(ref)
                plan.kept[ref_kind].append(ref)
                work.append((ref_kind, plan.into.objects[ref_kind][ref]))
            elif ref in plan.frm.objects[ref_kind]:
                plan.restored[ref_kind].append(ref)
                work.append((ref_kind, plan.frm.objects[ref_kind][ref]))


def _decide_project(into: _Side, frm: _Side, touched_into: set[str], touched_from: set[str],
                    conflicts: list[Conflict]) -> dict[str, Any]:
    """Title and settings follow the same rules as objects, field by field."""
    taken: dict[str, Any] = {}
    for name, mine in into.project.items():
        theirs = frm.project.get(name)
        if mine == theirs:
            continue
        area = _area(name)
        if area in touched_into and area not in touched_from:
            continue
        if area in touched_from and area not in touched_into:
            taken[name] = theirs
        else:
            conflicts.append(Conflict("project", "", name, mine, theirs, "project " + name.replace(".", " ")))
    return taken


def _project_patch(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Flattened project fields back into the exchange ``project`` shape."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name.startswith("settings."):
            out.setdefault("settings", {})[name.split(".", 1)[1]] = value
        else:
            out[name] = value
    return out


def _into_head(s: Session) -> tuple[int, str | None]:
    count = s.scalar(select(func.count()).select_from(Event)) or 0
    last = s.scalars(select(Event.id).order_by(Event.seq.desc(), Event.id.desc()).limit(1)).first()
    return count, last


def _open_from(into: ProjectService, from_path: Path) -> ProjectFile:
    from_path = Path(from_path)
    if from_path.exists() and from_path.resolve() == into.path.resolve():
        raise MergeError(from_path, "is this project itself; merge a colleague's copy instead")
    return open_project(from_path, read_only=True)


def merge_projects(into: ProjectService, from_path: Path | str, progress: Progress | None = None) -> MergeResult:
    """Work out what merging the copy at ``from_path`` into ``into`` would do.

    FROM is opened read-only with every project-file check (a hostile or
    damaged file is refused with a one-line :class:`ProjectFileError`) and is
    never written. Nothing is written to INTO either: see :func:`apply_merge`.
    ``progress(done, total)`` follows the steps (and the reading of each
    side's new events); an exception raised from it stops the comparison.
    """
    from_path = Path(from_path)
    report = progress or (lambda _done, _total: None)
    src = _open_from(into, from_path)
    try:
        with src.session() as s:
            report(0, PREPARE_STEPS)
            frm = _read_side(s, lambda: report(0, PREPARE_STEPS))  # a tick: a cancel is seen within 10,000
            report(1, PREPARE_STEPS)
            mine, head = _read_into(into)
            report(2, PREPARE_STEPS)
            mine_only = [e for e in mine.events.values() if e.id not in frm.events]
            from_only = [e for e in frm.events.values() if e.id not in mine.events]
            touched_into, project_into = _touches(mine_only, into.path, lambda: report(2, PREPARE_STEPS))
            report(3, PREPARE_STEPS)
            touched_from, project_from = _touches(from_only, from_path, lambda: report(3, PREPARE_STEPS))
            report(4, PREPARE_STEPS)
            plan = _Plan(mine, frm)
            _decide(plan, touched_into, touched_from)
            _close_references(plan)
            project = _decide_project(mine, frm, project_into, project_from, plan.conflicts)
            theirs = _objects_to_write(s, plan)
            report(PREPARE_STEPS, PREPARE_STEPS)
    except (SQLAlchemyError, RecursionError, ValueError) as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
        if "too big" in reason:
            reason = "a value is larger than the size limit for project files; refused for safety"
        raise MergeError(from_path, f"cannot be read for merging ({reason})") from None
    finally:
        src.close()
    return MergeResult(from_path, _plain(plan.added), _plain(plan.updated), _plain(plan.deleted),
                       _plain(plan.kept), _plain(plan.restored), project, plan.conflicts,
                       sorted(from_only, key=lambda e: (e.seq, e.id)), theirs, head)


def _read_into(into: ProjectService) -> tuple[_Side, tuple[int, str | None]]:
    """This project's side of a merge. A failure here names this project, not the copy being merged:
    the user must learn which of the two files is damaged."""
    try:
        with into.pf.session() as si:
            return _read_side(si), _into_head(si)
    except (SQLAlchemyError, RecursionError, ValueError) as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
        raise MergeError(into.path, f"damaged project file ({reason})") from None


def _objects_to_write(s: Session, plan: _Plan) -> Objects:
    """FROM's full objects that the merge may write, with document texts read now."""
    out: Objects = {k: {} for k in KINDS}
    for kind in KINDS:
        wanted = set(plan.added[kind]) | set(plan.updated[kind]) | set(plan.restored[kind]) | plan.conflicted[kind]
        for oid in wanted:
            out[kind][oid] = dict(plan.frm.objects[kind][oid])
    for oid, obj in out["documents"].items():
        obj["text"] = s.scalar(select(Document.text).where(Document.id == oid))
    return out


def _plain(groups: Mapping[str, list[str]]) -> dict[str, list[str]]:
    return {k: list(groups.get(k, [])) for k in KINDS}


# --------------------------------------------------------------------------- applying


def _resolve(result: MergeResult, choices: Mapping[ConflictKey, Side]) -> tuple[Objects, dict[str, Any]]:
    """The objects and project fields the chosen conflict sides add to the patch."""
    known = {c.key: c for c in result.conflicts}
    for key, side in choices.items():
        if key not in known:
            raise ValueError(f"no such conflict: {key!r}")
        if side not in ("into", "from"):
            raise ValueError(f"conflict {key!r}: choose 'into' or 'from', not {side!r}")
    objects: Objects = {k: {} for k in KINDS}
    project: dict[str, Any] = {}
    for c in result.conflicts:
        if choices.get(c.key, "into") != "from":
            continue
        if c.kind == "project":
            project[c.field] = c.from_value
            continue
        theirs = result.theirs[c.kind][c.id]
        fields = FIELD_GROUPS.get(c.kind, {}).get(c.field, (c.field,))
        obj = objects[c.kind].setdefault(c.id, {"id": c.id})
        obj.update({f: theirs.get(f) for f in fields})
    return objects, project


def _summary(result: MergeResult, taken: int) -> str:
    def count(groups: Mapping[str, list[str]]) -> int:
        return sum(len(v) for v in groups.values())

    parts = [f"{count(result.added)} added", f"{count(result.updated) + count(result.restored)} updated",
             f"{count(result.deleted)} deleted"]
    if result.conflicts:
        n = len(result.conflicts)
        parts.append(f"{n} {'conflict' if n == 1 else 'conflicts'} ({taken} settled with the copy's value)")
    who = ", ".join(result.authors())
    return f"Merged {result.from_path.name}" + (f" (changes by {who})" if who else "") + ": " + ", ".join(parts)


def _no_change() -> Changes:
    empty: Patch = {"upsert": {k: [] for k in KINDS}, "delete": {k: [] for k in KINDS}}
    none: dict[str, frozenset[str]] = {k: frozenset() for k in KINDS}
    return Changes(MERGE_ACTION, "Nothing to merge", none, none, frozenset(), False, empty, empty, "")


def apply_merge(into: ProjectService, result: MergeResult,
                choices: Mapping[ConflictKey, Side] | None = None, progress: Progress | None = None) -> Changes:
    """Write a prepared merge as one transaction (one undo step, one ``merge`` event).

    ``choices`` maps :attr:`Conflict.key` to ``"into"`` or ``"from"``; a
    conflict without a choice keeps this project's value. If anything fails,
    nothing is written. When there is nothing to merge, nothing is written
    and the returned :class:`Changes` has an empty ``event_id``.
    ``progress(done, total)`` follows the copying of the colleague's
    history; an exception raised from it (the user cancelled) rolls the
    whole merge back.
    """
    choices = dict(choices or {})
    resolved, project_choice = _resolve(result, choices)
    if result.nothing_to_do:
        return _no_change()
    with into.pf.session() as s:
        if _into_head(s) != result.into_head:
            raise MergeError(into.path, "changed since the merge was prepared; prepare the merge again")
        base_seq = s.scalar(select(func.max(Event.seq))) or 0
    upsert: Objects = {k: {} for k in KINDS}
    for kind in KINDS:
        for oid in result.added[kind] + result.updated[kind] + result.restored[kind]:
            upsert[kind][oid] = dict(result.theirs[kind][oid])
        for oid, obj in resolved[kind].items():
            upsert[kind].setdefault(oid, {}).update(obj)
    patch: dict[str, Any] = {
        "upsert": {k: list(upsert[k].values()) for k in KINDS},
        "delete": {k: list(result.deleted[k]) for k in KINDS},
    }
    project = _project_patch({**result.project, **project_choice})
    if project:
        patch["project"] = project
    # Copied events keep their order after INTO's own; the merge's event is numbered after them.
    # Plain dicts: the service inserts them in bulk (ORM objects cost most of a 300,000-event merge).
    rows = [{"id": e.id, "seq": base_seq + 1 + i, "at": e.at, "who": e.who, "action": e.action,
             "summary": e.summary, "details": e.details} for i, e in enumerate(result.events)]
    taken = sum(1 for c in result.conflicts if choices.get(c.key) == "from")
    try:
        changes = into.apply_patch(patch, MERGE_ACTION, _summary(result, taken), extra_rows=rows,
                                   progress=progress)
        # Undoing the merge also forgets the history it brought, so the same copy can be
        # merged again later; redoing it brings that history back.
        changes.undo["events_forget"] = [r["id"] for r in rows]
        changes.undo["action"], changes.redo["action"] = "undo_merge", "redo_merge"
        changes.redo["events_add"] = rows
        return changes
    except ExchangeError as exc:
        raise MergeError(into.path, f"the merge cannot be applied ({exc}); nothing was changed") from None
    except SQLAlchemyError as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
        raise MergeError(into.path, f"the merge failed ({reason}); nothing was changed") from None
