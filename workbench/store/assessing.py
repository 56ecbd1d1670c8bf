"""The confidence engine's inputs read from a project with three plain SQL statements.

Both readers of a project assess through this: the service (inside its own
transaction, so a write's new values are seen) and :mod:`workbench.reader`
(sqlite3 alone). Rows arrive as plain tuples from the database driver: for
100,000 evidence items, building result rows and parsing each date through
an ORM cost more than the assessments themselves.

No SQLAlchemy here. May import: workbench.analysis only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from workbench.analysis.confidence import Assessment, EvidenceInfo, Settings, SourceInfo, assess
from workbench.analysis.inputs import evidence_info

#: ``execute(sql, params)``: the rows of one statement as tuples.
Execute = Callable[[str, Sequence[Any]], Iterable[Sequence[Any]]]

_EVIDENCE = ("SELECT id, claim_id, source_id, stance, credibility, diagnosticity, interested, "
             "derives_from_evidence_id, derives_from_source_id, date FROM ")
#: Above this many claims, every row is read and the rest ignored (SQLite's limit on parameters).
_MAX_LISTED = 5_000


def assess_stored(execute: Execute, claim_ids: Iterable[str] | None, settings: Settings,
                  mark: str = "?", schema: str | None = None, *, explain: bool = True) -> dict[str, Assessment]:
    """The assessment of ``claim_ids`` (None: every claim), in project order; without the
    per-item breakdown when not ``explain`` (the figures alone, for the audit log).

    ``mark`` is the driver's parameter placeholder (``?`` for sqlite3, ``%s`` for psycopg);
    ``schema`` the schema holding the project's tables (a server project: ``p_NAME``).
    """
    def table(name: str) -> str:
        return f'"{schema}".{name}' if schema else name
    ids = None if claim_ids is None else list(dict.fromkeys(claim_ids))
    cq, eq, params = f"SELECT id, base_rate FROM {table('claim')}", _EVIDENCE + table("evidence"), []
    if ids is not None and len(ids) <= _MAX_LISTED:
        params = ids
        marks = ", ".join([mark] * len(ids))
        cq += f" WHERE id IN ({marks})" if ids else " WHERE 0 = 1"
        eq += f" WHERE claim_id IN ({marks})" if ids else " WHERE 0 = 1"
    wanted = set(ids) if ids is not None else None
    claims = [(cid, base_rate) for cid, base_rate in execute(cq + " ORDER BY position", params)
              if wanted is None or cid in wanted]
    by_claim: dict[str, list[EvidenceInfo]] = defaultdict(list)
    needed: set[str] = set()
    dates: dict[Any, dt.date] = {}  # a project has a few hundred distinct dates, not one per item
    # The driver returns a new string per cell; the assessments keep the item's id, source, stance and
    # diagnosticity for as long as the project is open, so each distinct value is kept once (a 100,000-item
    # project repeats 5,000 source ids and four stances: about 10 MiB of copies otherwise).
    same = _Shared()
    for eid, claim_id, source_id, stance, cred, diag, interested, dfe, dfs, date in execute(eq, params):
        if wanted is not None and claim_id not in wanted:
            continue
        source_id, stance, diag = same[source_id], same[stance], same[diag]
        if dfs:
            dfs = same[dfs]
        day = None
        if date:
            day = dates.get(date)
            if day is None:
                day = dates[date] = dt.date.fromisoformat(date) if isinstance(date, str) else date
        by_claim[claim_id].append(evidence_info(eid, source_id, stance, cred, diag, bool(interested), dfe, dfs, day))
        needed.add(source_id)
        if dfs:
            needed.add(dfs)
    sq, sparams = f"SELECT id, reliability, name FROM {table('source')}", []
    if ids is not None and len(needed) <= _MAX_LISTED:
        sparams = sorted(needed)
        sq += f" WHERE id IN ({', '.join([mark] * len(sparams))})" if sparams else " WHERE 0 = 1"
    sources = {sid: SourceInfo(sid, grade, name) for sid, grade, name in execute(sq, sparams)}
    floats: dict[float, float] = {}  # equal figures of the breakdowns as one object (see assess)
    return {cid: assess(by_claim.get(cid, ()), sources, base_rate, settings, explain=explain, shared=floats)
            for cid, base_rate in claims}


class _Shared(dict[Any, Any]):
    """``same[value]``: the first equal value seen (one object per distinct string)."""

    def __missing__(self, key: Any) -> Any:
        self[key] = key
        return key


def assess_written(claims: Iterable[Mapping[str, Any]], evidence: Iterable[Mapping[str, Any]],
                   sources: Mapping[str, Mapping[str, Any]], settings: Settings) -> dict[str, Assessment] | None:
    """The figures of ``claims`` (no breakdown) from the objects a write has just validated and
    written, as :func:`assess_stored` would read them back; None when that cannot be known here.

    For a write that created every claim and evidence item of the project (a load into a new
    project): ``claims`` and ``evidence`` are those objects in the order they were inserted (the
    order a table scan returns them), ``sources`` every source they name, by id. Claims are
    returned in project order: by position, which must then be distinct (the stored order of
    equal positions is the database's to choose). Validation checked every item as the engine
    would, so the engine only indexes them.
    """
    order = sorted(claims, key=_position)
    if len({c["position"] for c in order}) != len(order):
        return None
    by_claim: dict[str, list[EvidenceInfo]] = {c["id"]: [] for c in order}
    infos: dict[str, SourceInfo] = {}
    dates: dict[str, dt.date] = {}
    for ev in evidence:
        source_id, relays, date = ev["source"], ev["derives_from"], ev["date"]
        dfe = dfs = day = None
        if relays:
            dfe, dfs = relays.get("evidence"), relays.get("source")
            if dfs is not None and dfs not in infos and not _add_source(infos, sources, dfs):
                return None
        if source_id not in infos and not _add_source(infos, sources, source_id):
            return None
        if date:
            day = dates.get(date)
            if day is None:
                day = dates[date] = dt.date.fromisoformat(date)
        items = by_claim.get(ev["claim"])
        if items is None:
            return None
        items.append(evidence_info(ev["id"], source_id, ev["stance"], int(ev["credibility"]), ev["diagnosticity"],
                                   bool(ev["interested"]), dfe, dfs, day))
    return {cid: assess(by_claim[cid], infos, c["base_rate"], settings, explain=False, checked=True)
            for c in order if (cid := c["id"]) is not None}


def _add_source(infos: dict[str, SourceInfo], sources: Mapping[str, Mapping[str, Any]], sid: str) -> bool:
    """Put source ``sid`` into ``infos`` as the engine sees it; False if ``sources`` lacks it."""
    src = sources.get(sid)
    if src is None:
        return False
    infos[sid] = SourceInfo(sid, src["reliability"], src["name"])
    return True


def _position(obj: Mapping[str, Any]) -> int:
    return int(obj["position"])
