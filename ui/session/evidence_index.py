"""Who says what about which claim, project-wide, read from the assessments.

The matrix and the sources manager need every evidence item of the project
with its role in the assessment (counted, absorbed, context), its weight and
its relay chain.  All of that is already in the store's assessments (one
:class:`~workbench.analysis.confidence.ItemBreakdown` per item), which the store keeps
fresh after every write — so this index reads nothing from the database,
and after a write it re-reads only the claims the ``StoreDelta`` re-assessed.
That is what keeps a grade change on a 10,000-item project instant.

One index serves every view of a project: the store builds it when the
first view asks (:meth:`ui.session.store.ProjectStore.evidence_index`) and
updates it in :meth:`~ui.session.store.ProjectStore.apply` before the views
hear of a write, so the matrix and the sources manager never disagree and a
100,000-item project holds its items once (37 MiB each otherwise).

No Qt here.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter
from typing import NamedTuple

from workbench.analysis.confidence import Assessment
from workbench.analysis.result import ItemBreakdown


class Item(NamedTuple):
    """One evidence item as the project-wide views need it: the assessment's own record of it
    (``b``, shared with the store's assessments, not copied) with the claim it bears on and its
    relay resolved.  100,000 of them on the XL project: nine fields copied from the record were
    120 bytes an item (11 MiB); five, the rest read through the record, are 80.  ``id`` comes
    first so that items order by id as before."""

    id: str
    claim: str
    b: ItemBreakdown
    relays_item: str | None   # derives_from an item of the same claim
    relays_source: str | None  # the source it passes on (resolved), if any

    @property
    def source(self) -> str:
        return self.b.source

    @property
    def stance(self) -> str:
        return self.b.stance

    @property
    def role(self) -> str:
        """counted | absorbed | context"""
        return self.b.role

    @property
    def credibility(self) -> int:
        return self.b.credibility

    @property
    def weight(self) -> float:
        """The weight it carries: the record's own weight if counted, else 0."""
        b = self.b
        return b.weight if b.role == "counted" else 0.0


_record = itemgetter(2)  # Item.b, for loops over many items

# A named tuple made straight from its values (100,000 of them for a large project's matrix).
_new_item = tuple.__new__


class EvidenceIndex:
    """Items by claim and by source, with relay edges (see module docstring)."""

    def __init__(self, assessments: Callable[[], Mapping[str, Assessment]]) -> None:
        # A getter, not the dict: the store replaces its dict after a project-wide re-assessment.
        self._assessments = assessments
        self.by_claim: dict[str, tuple[Item, ...]] = {}
        #: Every item of a source, flat (a dict of claims per source held 5,000 dicts and 100,000
        #: small tuples on XL: 13 MiB for what a filter on ``Item.claim`` answers).
        self.by_source: dict[str, list[Item]] = defaultdict(list)
        #: Claims a source bears on only as a named origin (derives_from a source).
        self.origin_of: dict[str, dict[str, tuple[Item, ...]]] = defaultdict(dict)
        self.relays: dict[str, Counter[str]] = defaultdict(Counter)      # sid -> sources it passes on
        self.relayed_by: dict[str, Counter[str]] = defaultdict(Counter)  # sid -> sources passing it on
        self._weight: dict[str, float] = {}
        #: Counts updates that gave some claim a cell in a new column or took one away.
        self.cells_generation = 0
        self.rebuild()

    # ------------------------------------------------------------------ building

    def rebuild(self) -> None:
        self.by_claim.clear()
        self.by_source.clear()
        self.origin_of.clear()
        self.relays.clear()
        self.relayed_by.clear()
        self._weight.clear()
        for cid in self._assessments():
            self._add(cid)

    def update(self, claim_ids: Iterable[str]) -> set[str]:
        """Re-read these claims' items; return the sources whose figures changed."""
        ids = list(dict.fromkeys(claim_ids))
        before = {cid: self.cell_sources(cid) for cid in ids}
        if len(ids) > max(64, len(self.by_claim) // 4):  # most of the project: build it again
            touched = set(self.by_source) | set(self.origin_of)
            self.rebuild()
            touched |= set(self.by_source) | set(self.origin_of)
        else:
            touched = set()
            gone: dict[str, set[str]] = defaultdict(set)  # source -> claims whose items leave its list
            for cid in ids:
                touched |= self._remove(cid, gone)
            for sid, cids in gone.items():  # one pass over each source's list
                kept = [it for it in self.by_source.get(sid, ()) if it.claim not in cids]
                if kept:
                    self.by_source[sid] = kept
                else:
                    self.by_source.pop(sid, None)
            for cid in ids:
                if cid in self._assessments():
                    touched |= self._add(cid)
        if any(self.cell_sources(cid) != cells for cid, cells in before.items()):
            self.cells_generation += 1
        for sid in touched:
            self._weight.pop(sid, None)
        return touched

    def _add(self, cid: str) -> set[str]:
        a = self._assessments()[cid]
        sources_of = {b.id: b.source for b in a.evidence}
        items = []
        for b in a.evidence:
            relays_item = relays_source = None
            if b.relays is not None:
                if b.relays in sources_of:
                    relays_item = b.relays
                    relays_source = sources_of[b.relays]
                else:
                    relays_source = b.relays
            items.append(_new_item(Item, (b.id, cid, b, relays_item, relays_source)))
        self.by_claim[cid] = tuple(items)
        own: dict[str, list[Item]] = {}
        relaying: dict[str, list[Item]] = {}
        for it in items:
            source = it.b.source
            own.setdefault(source, []).append(it)
            rs = it.relays_source
            if rs and rs != source:
                self.relays[source][rs] += 1
                self.relayed_by[rs][source] += 1
                if it.relays_item is None:
                    relaying.setdefault(rs, []).append(it)
        for sid, its in own.items():
            self.by_source[sid].extend(its)
        for sid, its in relaying.items():
            self.origin_of[sid][cid] = tuple(its)
        touched = set(own)
        touched.update(it.relays_source for it in items if it.relays_source and it.relays_source != it.b.source)
        return touched

    def _remove(self, cid: str, gone: dict[str, set[str]]) -> set[str]:
        """Forget a claim's items; its sources' lists are filtered afterwards, once (``gone``)."""
        items = self.by_claim.pop(cid, ())
        touched: set[str] = set()
        for it in items:
            gone[it.source].add(cid)
            touched.add(it.source)
            rs = it.relays_source
            if rs and rs != it.source:
                _decrement(self.relays, it.source, rs)
                _decrement(self.relayed_by, rs, it.source)
                touched.add(rs)
                origins = self.origin_of.get(rs)
                if origins is not None:
                    origins.pop(cid, None)
                    if not origins:
                        del self.origin_of[rs]
        return touched

    # ------------------------------------------------------------------ reading

    def cell_sources(self, cid: str) -> set[str]:
        """The sources with a matrix cell in a claim's row: its items' sources and the origins
        they name without an item of their own."""
        out: set[str] = set()
        for it in self.by_claim.get(cid, ()):
            out.add(it.source)
            if it.relays_item is None and it.relays_source and it.relays_source != it.source:
                out.add(it.relays_source)
        return out

    def weight(self, sid: str) -> float:
        """The weight a source carries across the project: its counted items' weights."""
        w = self._weight.get(sid)
        if w is None:
            # Read through the records, not Item.weight (a property: twice as long over 100,000 items).
            w = math.fsum([b.weight for b in map(_record, self.by_source.get(sid, ())) if b.role == "counted"])
            self._weight[sid] = w
        return w

    def claims_of(self, sid: str) -> set[str]:
        """Claims the source bears on: with an item of its own or as a named origin."""
        return self.claims_with_items(sid) | set(self.origin_of.get(sid, {}))

    def claims_with_items(self, sid: str) -> set[str]:
        """Claims the source has an item of its own on."""
        return {it.claim for it in self.by_source.get(sid, ())}

    def items_on(self, sid: str, cid: str) -> list[Item]:
        """The source's own items on one claim."""
        return [it for it in self.by_source.get(sid, ()) if it.claim == cid]

    def item_count(self, sid: str) -> int:
        return len(self.by_source.get(sid, ()))

    def items_of(self, sid: str) -> list[Item]:
        return list(self.by_source.get(sid, ()))

    def chains(self, sid: str) -> Counter[tuple[str, ...]]:
        """Relay chains through a source, origin first ("Agency → BBC → article"), counted.

        Follows ``derives_from`` within each claim the source bears on; a loop
        stops where it closes.  Chains of one source (no relaying) are left out.
        """
        out: Counter[tuple[str, ...]] = Counter()
        for cid in self.claims_of(sid):
            items = {it.id: it for it in self.by_claim.get(cid, ())}
            for it in items.values():
                path = [it.source]
                seen = {it.id}
                cur = it
                while cur.relays_item is not None and cur.relays_item not in seen:
                    seen.add(cur.relays_item)
                    nxt = items.get(cur.relays_item)
                    if nxt is None:
                        break
                    if nxt.source != path[-1]:
                        path.append(nxt.source)
                    cur = nxt
                if cur.relays_item is None and cur.relays_source and cur.relays_source != path[-1]:
                    path.append(cur.relays_source)
                if len(path) > 1 and sid in path:
                    out[tuple(reversed(path))] += 1
        return out


def _decrement(table: dict[str, Counter[str]], key: str, other: str) -> None:
    c = table.get(key)
    if c is None:
        return
    c[other] -= 1
    if c[other] <= 0:
        del c[other]
    if not c:
        del table[key]
