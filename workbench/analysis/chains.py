"""Relay chains: following each evidence item's ``derives_from`` links back to its root (confidence.md step 1).

One walk over the reversed links visits every item once, carrying the
chain's distinct sources, whether anyone on it is interested, and its
earliest date; reporting loops are found and scored as their weakest link.
The engine calls :func:`provenance_all` only for a claim where an item relays
another.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import date

from workbench.analysis.inputs import EvidenceInfo, SourceInfo

# Up to this many distinct sources on a chain, ρ_path is the product in source-id order exactly as
# confidence.md's reference walk computes it; beyond it (only hostile or generated projects get
# there) the same product is taken per grade, so a 20,000-source chain stays linear.
EXACT_SOURCES = 64

Provenance = tuple[str, str, float, bool, int | None, bool]

def _ordinal(d: date | None) -> int | None:
    return d.toordinal() if d is not None else None


def _earliest(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a < b else b


def provenance_all(by_id: Mapping[str, EvidenceInfo], sources: Mapping[str, SourceInfo],
                    rho: Mapping[str, float]) -> dict[str, Provenance]:
    """Follow ``derives_from`` to the root for every item at once (confidence.md step 1).

    Each item relays at most one other, so the links form a functional graph:
    trees hanging off a root item or off one reporting loop.  One walk from
    each root (and each loop) outwards over the reversed links visits every
    item once, carrying the chain's distinct sources, interested* and date*;
    walking each item's chain on its own was quadratic (20,000 items relaying
    one another on one claim took minutes).

    Returns per item (root, root grade, ρ_path, interested*, date* as an
    ordinal, circular).  ρ_path multiplies the distinct sources on the chain;
    in a loop the loop's sources together contribute only their lowest ρ (the
    loop is no stronger than its weakest link), and the root is named after
    the loop's smallest source id so every item feeding it shares one root.
    The ρ factors are multiplied in a canonical order (loop factor first, then
    sources by id) so that a relay, whose chain only adds factors ≤ 1, can
    never come out a rounding error *above* the item it relays, and equal
    chains give equal bits whatever the order of the evidence."""
    relayed_by: dict[str, list[str]] = {}
    for ev in by_id.values():
        if ev.derives_from_evidence is not None:
            relayed_by.setdefault(ev.derives_from_evidence, []).append(ev.id)
    out: dict[str, Provenance] = {}

    # Loops: walk each item's links until an item seen before; meeting one of this walk's own is a loop.
    seen: dict[str, bool] = {}  # id -> still on the current walk
    for start in by_id:
        if start in seen:
            continue
        walk: list[str] = []
        cur: str | None = start
        while cur is not None and cur not in seen:
            seen[cur] = True
            walk.append(cur)
            cur = by_id[cur].derives_from_evidence
        if cur is not None and seen[cur]:
            loop = walk[walk.index(cur):]
            loop_sources = {by_id[i].source for i in loop}
            weakest = min(loop_sources, key=lambda sid: (rho[sources[sid].reliability], sid))
            grade = sources[weakest].reliability
            interested = any(by_id[i].interested for i in loop)
            first: int | None = None
            for i in loop:
                first = _earliest(first, _ordinal(by_id[i].date))
            value: Provenance = ("cycle:" + min(loop_sources), grade, rho[grade], interested, first, True)
            members = set(loop)
            for i in loop:
                out[i] = value
            for i in loop:
                _walk_out([j for j in relayed_by.get(i, ()) if j not in members], i, by_id, relayed_by,
                          sources, rho, out, loop_sources, (), rho[grade])
        for i in walk:
            seen[i] = False

    for ev in by_id.values():
        if ev.derives_from_evidence is None and ev.id in relayed_by:
            root = ev.derives_from_source if ev.derives_from_source is not None else ev.source
            _walk_out([ev.id], None, by_id, relayed_by, sources, rho, out, frozenset(), (root,), 1.0)
    return out


def _walk_out(starts: list[str], parent: str | None, by_id: Mapping[str, EvidenceInfo],
              relayed_by: Mapping[str, list[str]], sources: Mapping[str, SourceInfo],
              rho: Mapping[str, float], out: dict[str, Provenance], excluded: Set[str],
              extra: tuple[str, ...], base: float) -> None:
    """Depth-first from ``starts`` (items relaying ``parent``, or a root item when ``parent`` is None)
    outwards along the reversed links, without recursion (chains are as long as a claim's evidence).

    ``excluded`` are a loop's sources (already in ``base``, the loop factor); ``extra`` is a root
    item's recorded origin, part of every chain below it."""
    if extra:
        root, circular = extra[0], False
        grade = sources[root].reliability
        top: Provenance = (root, grade, base * rho[grade], False, None, False)
    else:
        assert parent is not None
        top = out[parent]
        root, grade, circular = top[0], top[1], True
    on_path: dict[str, int] = {}   # source id -> items on the current path from it
    distinct: set[str] = set(extra)
    grades: dict[str, int] = {}
    for sid in distinct:
        grades[sources[sid].reliability] = grades.get(sources[sid].reliability, 0) + 1
    # (item, state of the item it relays, entering?)
    stack: list[tuple[str, Provenance, bool]] = [(s, top, True) for s in reversed(starts)]
    while stack:
        iid, above, entering = stack.pop()
        ev = by_id[iid]
        sid = ev.source
        counted = sid not in excluded and sid not in extra
        if not entering:
            if counted:
                on_path[sid] -= 1
                if not on_path[sid]:
                    del on_path[sid]
                    distinct.discard(sid)
                    grades[sources[sid].reliability] -= 1
            continue
        r = above[2]
        if counted:
            n = on_path.get(sid, 0)
            on_path[sid] = n + 1
            if n == 0:
                distinct.add(sid)
                g = sources[sid].reliability
                grades[g] = grades.get(g, 0) + 1
                if len(distinct) <= EXACT_SOURCES:
                    r = base
                    for s in sorted(distinct):
                        r *= rho[sources[s].reliability]
                else:
                    r = base
                    for g2 in sorted(grades):
                        r *= rho[g2] ** grades[g2]
                    r = min(r, above[2])
        mine: Provenance = (root, grade, r, above[3] or ev.interested,
                             _earliest(above[4], _ordinal(ev.date)), circular)
        out[iid] = mine
        stack.append((iid, mine, False))
        for child in relayed_by.get(iid, ()):
            stack.append((child, mine, True))
