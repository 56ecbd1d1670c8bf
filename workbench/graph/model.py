"""The provenance graph as plain data: nodes, edges, origin clusters and reporting loops.

Built from the two dicts every tool shares (the exchange dump and the
assessments, as ``vwb assess --json`` plus ``stance``/``same_origin_as``/
``relays``), so the view, ``vwb graph`` and the memo draw the same thing.
Nothing here scores anything: who is counted, who is absorbed ("same origin
as …"), each item's origin, trust and weight all come from the confidence
engine's breakdown. The model only adds structure the engine does not
return as such: which relays form a loop (to draw and label it) and, for the
whole project, which origins many claims lean on.

Node ids are prefixed by kind so one namespace holds them all:
``s:<source id>``, ``e:<evidence id>``, ``c:<claim id>``. Every list is
sorted, so the same project always gives the same graph (and, through
:mod:`workbench.graph.render`, the same picture).

Edge directions follow what the picture says: ``states`` runs from a source
to its item, ``bears_on`` from an item to the claim, ``relays`` from the
relaying item (or, project-wide, source) toward its origin, and
``near_duplicate`` joins two items whose documents are near-duplicate images
(``documents[].media.near_duplicates``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.analysis.result import Assessment

__all__ = [
    "Cluster", "Edge", "Loop", "Node", "ProvenanceGraph", "SINGLE_POINT_MIN_CLAIMS",
    "assessments_json", "build_claim_graph", "build_project_graph",
]

#: An origin is a "single point of failure" when it is the only origin behind
#: at least this many claims' assessments (the engine's ``single_origin`` flag
#: with this source as the root): if it is wrong, all of them fall together.
SINGLE_POINT_MIN_CLAIMS = 2

GRADE_WORDS = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}
CREDIBILITY_WORDS = {
    1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable",
    6: "cannot be judged",
}


@dataclass(frozen=True)
class Node:
    """One thing drawn: a source, an evidence item or the claim."""

    id: str
    kind: str                       # "source" | "evidence" | "claim"
    ref: str                        # the source, evidence or claim id
    label: str                      # first line: a name, "#3 corroborates", the claim text
    detail: str = ""                # further lines
    tooltip: str = ""
    grade: str = ""                 # source: reliability A–F; evidence: "B3" (source grade, credibility)
    source_kind: str = ""           # person · organisation · outlet · document · observation · other
    stance: str = ""
    role: str = ""                  # evidence: counted | absorbed | context
    origin: str = ""                # evidence: the engine's root ("s1" or "cycle:s1")
    same_origin_as: str = ""        # evidence (absorbed): the counted item's node id
    trust: float | None = None
    weight: float | None = None
    interested: bool = False        # source: an interested party; evidence: marked interested
    unrecorded: bool = False        # source: only named as an origin, no item of its own here
    relay_only: bool = False        # source (project): every item it gave relays another
    origin_of: int = 0              # source (project): claims with a counted cluster rooted here
    sole_origin_of: int = 0         # source (project): claims for which it is the only origin
    single_point: bool = False      # source (project): sole origin of SINGLE_POINT_MIN_CLAIMS or more
    in_loop: bool = False           # part of a circular-reporting loop
    faded: bool = False             # absorbed or context: drawn but counts for nothing


@dataclass(frozen=True)
class Edge:
    """One line: see the module docstring for the kinds and their directions."""

    tail: str
    head: str
    kind: str                       # "states" | "bears_on" | "relays" | "near_duplicate"
    stance: str = ""
    label: str = ""
    count: int = 1                  # project: how many items relay along this edge
    in_loop: bool = False
    faded: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.tail, self.head, self.kind)


@dataclass(frozen=True)
class Cluster:
    """Items that trace back to one origin (the engine's root), drawn as one group.
    The engine counts one item per (origin, stance); ``counted`` holds those,
    ``absorbed`` the rest (context items never join a cluster)."""

    id: str
    origin: str
    label: str
    members: tuple[str, ...]
    counted: tuple[str, ...]
    absorbed: tuple[str, ...]
    circular: bool = False


@dataclass(frozen=True)
class Loop:
    """A circular-reporting loop: items that relay each other round to the start."""

    claim: str
    items: tuple[str, ...]          # evidence ids, each relaying the next (the last relays the first)
    sources: tuple[str, ...]        # their sources, in the same order
    label: str                      # "Circular reporting: A → B → A"


@dataclass(frozen=True)
class ProvenanceGraph:
    """A whole graph, per claim (``scope == "claim"``) or for the project."""

    scope: str
    title: str
    claim: str | None
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...] = ()
    loops: tuple[Loop, ...] = ()
    _index: dict[str, Node] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((n.id, n) for n in self.nodes)

    def node(self, node_id: str) -> Node:
        return self._index[node_id]

    def has(self, node_id: str) -> bool:
        return node_id in self._index

    def nodes_of(self, kind: str) -> list[Node]:
        return [n for n in self.nodes if n.kind == kind]

    def edges_of(self, kind: str) -> list[Edge]:
        return [e for e in self.edges if e.kind == kind]

    def neighbours(self, node_id: str) -> list[str]:
        """Nodes joined to ``node_id`` by any edge, in the graph's order."""
        out: list[str] = []
        for e in self.edges:
            if e.tail == node_id and e.head not in out:
                out.append(e.head)
            elif e.head == node_id and e.tail not in out:
                out.append(e.tail)
        return out

    def describe(self) -> str:
        """A text alternative to the picture: what a reader of the figure would see."""
        return describe(self)


# --------------------------------------------------------------------------- inputs


def assessments_json(assessments: Mapping[str, Assessment], texts: Mapping[str, str] | None = None
                     ) -> dict[str, Any]:
    """The assessments dict the graph (and the memo) reads, from the engine's
    :class:`Assessment` objects keyed by claim id."""
    out = []
    for cid in sorted(assessments):
        a = assessments[cid]
        obj = a.to_json(cid, (texts or {}).get(cid, ""))
        extra = {b.id: b for b in a.evidence}
        for item in obj["evidence"]:
            b = extra[item["id"]]
            item.update(stance=b.stance, same_origin_as=b.same_origin_as, relays=b.relays)
        out.append(obj)
    return {"claims": out}


def _clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class _Project:
    """The exchange dict indexed the way the builders read it."""

    def __init__(self, project: Mapping[str, Any], assessments: Mapping[str, Any],
                 name_of: Callable[[str], str] | None) -> None:
        self.sources = {str(s["id"]): s for s in project.get("sources") or []}
        self.claims = {str(c["id"]): c for c in project.get("claims") or []}
        self.evidence = {str(e["id"]): e for e in project.get("evidence") or []}
        self.by_claim: dict[str, list[Mapping[str, Any]]] = {}
        for e in project.get("evidence") or []:
            self.by_claim.setdefault(str(e.get("claim")), []).append(e)
        self.assessed = {str(a.get("id")): a for a in assessments.get("claims") or []}
        self.near: dict[str, set[str]] = {}
        for d in project.get("documents") or []:
            media = d.get("media") if isinstance(d, Mapping) else None
            dups = media.get("near_duplicates") if isinstance(media, Mapping) else None
            for other in dups or ():
                a, b = str(d["id"]), str(other)
                if a != b:
                    self.near.setdefault(a, set()).add(b)
                    self.near.setdefault(b, set()).add(a)
        self._name_of = name_of

    def name(self, sid: str) -> str:
        if self._name_of is not None:
            return self._name_of(sid)
        s = self.sources.get(sid)
        return str(s.get("name") or sid) if s else sid

    def grade(self, sid: str) -> str:
        s = self.sources.get(sid)
        return str(s.get("reliability") or "F") if s else "F"

    def kind(self, sid: str) -> str:
        s = self.sources.get(sid)
        return str(s.get("kind") or "other") if s else "other"

    def origin_name(self, origin: str) -> str:
        if origin.startswith("cycle:"):
            return f"a reporting loop around {self.name(origin[len('cycle:'):])}"
        return self.name(origin)


def _derives(e: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(evidence id, source id) this item relays; at most one is set."""
    df = e.get("derives_from")
    if not isinstance(df, Mapping):
        return None, None
    ev, src = df.get("evidence"), df.get("source")
    return (str(ev) if ev else None), (str(src) if src else None)


def find_loops(items: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    """The cycles among one claim's ``derives_from`` evidence links, each as
    item ids in relay order starting from its smallest id, sorted. Each item
    relays at most one other, so the links form a functional graph: walking
    from every item finds every cycle once."""
    nxt: dict[str, str] = {}
    for e in items:
        ev, _src = _derives(e)
        if ev is not None:
            nxt[str(e["id"])] = ev
    done: set[str] = set()
    loops: list[list[str]] = []
    for start in sorted(nxt):
        path: list[str] = []
        pos: dict[str, int] = {}
        cur: str | None = start
        while cur is not None and cur not in done and cur not in pos:
            pos[cur] = len(path)
            path.append(cur)
            cur = nxt.get(cur)
        if cur is not None and cur in pos:
            cyc = path[pos[cur]:]
            i = cyc.index(min(cyc))
            loops.append(cyc[i:] + cyc[:i])
        done.update(path)
    return sorted(loops)


# --------------------------------------------------------------------------- one claim


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def source_tooltip(name: str, kind: str, grade: str, extra: Iterable[str] = ()) -> str:
    lines = [f"{name} ({kind})", f"Reliability {grade}: {GRADE_WORDS.get(grade, '')}", *extra]
    return "\n".join(line for line in lines if line)


def build_claim_graph(project: Mapping[str, Any], assessments: Mapping[str, Any], claim_id: str,
                      *, name_of: Callable[[str], str] | None = None,
                      numbering: Mapping[str, str] | None = None) -> ProvenanceGraph:
    """The graph of one claim: its sources, its evidence items, the relays
    toward each origin, the origin clusters and any reporting loop.

    ``name_of`` names a source (the memo's external edition passes its
    "Source N (graded X)" namer); ``numbering`` labels items (evidence id →
    "L1"), else items are numbered #1… in the order the project lists them.
    Raises KeyError for an unknown claim."""
    # Index only this claim's rows: a project has thousands of claims, and the
    # view redraws one claim's graph on every selection.
    mine = [e for e in project.get("evidence") or [] if str(e.get("claim")) == claim_id]
    ours = [a for a in assessments.get("claims") or [] if str(a.get("id")) == claim_id]
    p = _Project({**project, "evidence": mine, "claims": [c for c in project.get("claims") or []
                                                          if str(c["id"]) == claim_id]},
                 {"claims": ours}, name_of)
    claim = p.claims[claim_id]
    items = sorted(p.by_claim.get(claim_id, []), key=lambda e: str(e["id"]))
    listed = [str(e["id"]) for e in p.by_claim.get(claim_id, [])]
    number = {eid: (numbering or {}).get(eid) or f"#{i}" for i, eid in enumerate(listed, start=1)}
    breakdown = {str(b.get("id")): b for b in (p.assessed.get(claim_id) or {}).get("evidence") or []}
    loops_ids = find_loops(items)
    in_loop_items = {eid for cyc in loops_ids for eid in cyc}
    loop_edges = {(cyc[i], cyc[(i + 1) % len(cyc)]) for cyc in loops_ids for i in range(len(cyc))}

    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    cid = f"c:{claim_id}"

    # Which sources are interested parties here, and which have items of their own.
    speaking: dict[str, list[str]] = {}
    interested_src: set[str] = set()
    for e in items:
        sid = str(e["source"])
        speaking.setdefault(sid, []).append(str(e["id"]))
        if e.get("interested"):
            # The party with the motive is the speaker: the item's own source,
            # or the origin it passes on when that origin has no item of its own.
            _ev, src = _derives(e)
            interested_src.add(src if src is not None else sid)
    loop_sources = {str(p.evidence[eid]["source"]) for eid in in_loop_items if eid in p.evidence}

    # Evidence items.
    for e in items:
        eid = str(e["id"])
        sid = str(e["source"])
        b = breakdown.get(eid, {})
        stance = str(e.get("stance") or b.get("stance") or "context")
        role = str(b.get("role") or ("context" if stance == "context" else ""))
        cred = int(e.get("credibility") or 6)
        grade = p.grade(sid)
        trust = b.get("trust")
        weight = b.get("weight")
        origin = str(b.get("origin") or "")
        same = b.get("same_origin_as")
        same_id = f"e:{same}" if same else ""
        if role == "absorbed" and not same_id:
            same_id = ""
        role_words = {"counted": "counted",
                      "absorbed": f"absorbed (same origin as {number.get(str(same), str(same))})",
                      "context": "context, not scored"}.get(role, role or "not assessed")
        lines = [f"{number[eid]} · {p.name(sid)} · {stance}",
                 f"Source reliability {grade}: {GRADE_WORDS.get(grade, '')}",
                 f"Credibility {cred}: {CREDIBILITY_WORDS.get(cred, '')}",
                 f"Diagnosticity {e.get('diagnosticity') or 'high'}"
                 + (" · interested party" if e.get("interested") else "")]
        if role != "context" and trust is not None:
            lines.append(f"Trust {float(trust):.3f} · weight {float(weight or 0):.3f}")
            if origin:
                lines.append(f"Origin: {p.origin_name(origin)}")
        lines.append(f"Role: {role_words}")
        if eid in in_loop_items:
            lines.append("Part of a circular-reporting loop")
        detail = f"{grade}{cred}"
        if role != "context" and trust is not None:
            detail += f" · trust {_fmt(trust)} · weight {_fmt(weight)}"
        detail += f"\n{role_words}"
        nodes[f"e:{eid}"] = Node(
            id=f"e:{eid}", kind="evidence", ref=eid, label=f"{number[eid]} {stance}", detail=detail,
            tooltip="\n".join(lines), grade=f"{grade}{cred}", stance=stance, role=role, origin=origin,
            same_origin_as=same_id, trust=None if trust is None else float(trust),
            weight=None if weight is None else float(weight), interested=bool(e.get("interested")),
            in_loop=eid in in_loop_items, faded=role in ("absorbed", "context"))

    # Sources: the speakers and the unrecorded origins they relay.
    unrecorded: set[str] = set()
    for e in items:
        _ev, src = _derives(e)
        if src is not None and src not in speaking:
            unrecorded.add(src)
    for sid in sorted(set(speaking) | unrecorded):
        grade, kind = p.grade(sid), p.kind(sid)
        extra = []
        if sid in unrecorded:
            extra.append("Named as an origin; no evidence item of its own")
        if sid in interested_src:
            extra.append("Interested party: has a motive to say it whether or not it is true")
        if sid in loop_sources:
            extra.append("Part of a circular-reporting loop")
        nodes[f"s:{sid}"] = Node(
            id=f"s:{sid}", kind="source", ref=sid, label=p.name(sid), detail=f"{grade} · {kind}",
            tooltip=source_tooltip(p.name(sid), kind, grade, extra), grade=grade, source_kind=kind,
            interested=sid in interested_src, unrecorded=sid in unrecorded, in_loop=sid in loop_sources)

    a = p.assessed.get(claim_id) or {}
    likelihood = str(a.get("likelihood") or "not assessed")
    confidence = str(a.get("confidence") or "")
    prob = a.get("probability")
    verdict = likelihood + (f" ({float(prob):.0%})" if isinstance(prob, (int, float)) else "")
    if confidence:
        verdict += f" · {confidence} confidence"
    nodes[cid] = Node(id=cid, kind="claim", ref=claim_id, label=_clip(str(claim.get("text") or ""), 120),
                      detail=verdict, tooltip=f"{claim.get('text') or ''}\n{verdict}")

    # Edges.
    for e in items:
        eid = str(e["id"])
        node = nodes[f"e:{eid}"]
        edges.append(Edge(f"s:{e['source']}", f"e:{eid}", "states", stance=node.stance, faded=node.faded))
        edges.append(Edge(f"e:{eid}", cid, "bears_on", stance=node.stance, faded=node.faded))
        ev, src = _derives(e)
        if ev is not None and f"e:{ev}" in nodes:
            circ = (eid, ev) in loop_edges
            edges.append(Edge(f"e:{eid}", f"e:{ev}", "relays", label="circular" if circ else "relays",
                              in_loop=circ))
        elif src is not None:
            edges.append(Edge(f"e:{eid}", f"s:{src}", "relays", label="relays"))
    docs = {str(e["id"]): str(e.get("document")) for e in items if e.get("document")}
    for e1 in sorted(docs):
        for e2 in sorted(docs):
            if e1 < e2 and docs[e2] in p.near.get(docs[e1], ()):
                edges.append(Edge(f"e:{e1}", f"e:{e2}", "near_duplicate", label="near-duplicate image"))

    # Origin clusters: items sharing the engine's root, two or more of them.
    by_origin: dict[str, list[str]] = {}
    for n in nodes.values():
        if n.kind == "evidence" and n.origin and n.role in ("counted", "absorbed"):
            by_origin.setdefault(n.origin, []).append(n.id)
    loops: list[Loop] = []
    loop_label: dict[str, str] = {}
    for cyc in loops_ids:
        srcs = tuple(str(p.evidence[x]["source"]) for x in cyc)
        names = [p.name(s) for s in srcs]
        label = "Circular reporting: " + " → ".join([*names, names[0]])
        loops.append(Loop(claim=claim_id, items=tuple(cyc), sources=srcs, label=label))
        for x in cyc:
            root = str(breakdown.get(x, {}).get("origin") or "")
            if root:
                loop_label.setdefault(root, label)
    clusters: list[Cluster] = []
    for origin in sorted(by_origin):
        members = sorted(by_origin[origin])
        circular = origin.startswith("cycle:")
        if len(members) < 2 and not circular:
            continue
        counted = tuple(m for m in members if nodes[m].role == "counted")
        absorbed = tuple(m for m in members if nodes[m].role == "absorbed")
        if circular:
            label = loop_label.get(origin) or f"Circular reporting around {p.origin_name(origin)}"
        else:
            label = f"Same origin: {p.name(origin)} (counted once per stance)"
        extra_members: list[str] = []
        if not circular and origin in unrecorded:
            extra_members.append(f"s:{origin}")
        clusters.append(Cluster(id=f"origin:{origin}", origin=origin, label=label,
                                members=tuple(extra_members + members), counted=counted, absorbed=absorbed,
                                circular=circular))
    return ProvenanceGraph(
        scope="claim", title=_clip(str(claim.get("text") or claim_id), 90), claim=claim_id,
        nodes=tuple(sorted(nodes.values(), key=_node_order)), edges=tuple(sorted(edges, key=lambda e: e.key)),
        clusters=tuple(clusters), loops=tuple(loops))


def _node_order(n: Node) -> tuple[int, str]:
    return ({"claim": 0, "source": 1, "evidence": 2}.get(n.kind, 3), n.id)


# --------------------------------------------------------------------------- the whole project


def build_project_graph(project: Mapping[str, Any], assessments: Mapping[str, Any], *,
                        name_of: Callable[[str], str] | None = None) -> ProvenanceGraph:
    """Every source, with who relays whom across all claims: an edge A → B
    when an item of A relays an item of B (or names B as its origin), drawn
    once with the number of such relays; loops marked; origins that many
    claims lean on, and sources that only ever relay, marked."""
    p = _Project(project, assessments, name_of)
    rel: dict[tuple[str, str], int] = {}
    loop_pairs: set[tuple[str, str]] = set()
    loops: list[Loop] = []
    loop_sources: set[str] = set()
    gave: dict[str, int] = {}
    relayed: dict[str, int] = {}
    interested: set[str] = set()
    for claim_id in sorted(p.by_claim):
        items = p.by_claim[claim_id]
        for e in items:
            sid = str(e["source"])
            if e.get("interested"):
                interested.add(sid)
            if e.get("stance") == "context":
                continue
            gave[sid] = gave.get(sid, 0) + 1
            ev, src = _derives(e)
            target = str(p.evidence[ev]["source"]) if ev is not None and ev in p.evidence else src
            if ev is not None or src is not None:
                relayed[sid] = relayed.get(sid, 0) + 1
            if target is not None and target != sid:
                rel[(sid, target)] = rel.get((sid, target), 0) + 1
        for cyc in find_loops(items):
            srcs = tuple(str(p.evidence[x]["source"]) for x in cyc)
            names = [p.name(s) for s in srcs]
            loops.append(Loop(claim=claim_id, items=tuple(cyc), sources=srcs,
                              label="Circular reporting: " + " → ".join([*names, names[0]])))
            loop_sources.update(srcs)
            for i in range(len(srcs)):
                a, b = srcs[i], srcs[(i + 1) % len(srcs)]
                if a != b:
                    loop_pairs.add((a, b))

    # Origins: the roots of counted clusters, per claim (from the engine).
    origin_of: dict[str, set[str]] = {}
    sole_of: dict[str, set[str]] = {}
    for claim_id, a in p.assessed.items():
        roots = {str(b.get("origin")) for b in a.get("evidence") or []
                 if b.get("role") == "counted" and b.get("origin")}
        for r in roots:
            if not r.startswith("cycle:"):
                origin_of.setdefault(r, set()).add(claim_id)
        if "single_origin" in (a.get("flags") or []) and len(roots) == 1:
            (r,) = roots
            if not r.startswith("cycle:"):
                sole_of.setdefault(r, set()).add(claim_id)

    nodes = []
    for sid in sorted(p.sources):
        grade, kind, name = p.grade(sid), p.kind(sid), p.name(sid)
        n_origin = len(origin_of.get(sid, ()))
        n_sole = len(sole_of.get(sid, ()))
        relay_only = gave.get(sid, 0) > 0 and relayed.get(sid, 0) == gave.get(sid, 0)
        single = n_sole >= SINGLE_POINT_MIN_CLAIMS
        extra = []
        lines = [f"{grade} · {kind}"]
        if n_origin:
            extra.append(f"Origin behind {n_origin} claim{'s' if n_origin != 1 else ''}")
            lines.append(f"origin of {n_origin} claim{'s' if n_origin != 1 else ''}")
        if single:
            extra.append(f"Single point of failure: the only origin of {n_sole} claims")
            lines.append(f"sole origin of {n_sole}")
        if relay_only:
            extra.append("Only ever relays others")
            lines.append("relays only")
        if sid in interested:
            extra.append("Interested party in at least one claim")
        if sid in loop_sources:
            extra.append("Part of a circular-reporting loop")
        nodes.append(Node(
            id=f"s:{sid}", kind="source", ref=sid, label=name, detail="\n".join(lines),
            tooltip=source_tooltip(name, kind, grade, extra), grade=grade, source_kind=kind,
            interested=sid in interested, relay_only=relay_only, origin_of=n_origin, sole_origin_of=n_sole,
            single_point=single, in_loop=sid in loop_sources, unrecorded=gave.get(sid, 0) == 0 and n_origin > 0))
    edges = []
    for (a, b), n in sorted(rel.items()):
        circ = (a, b) in loop_pairs
        label = "circular" if circ else (f"relays ×{n}" if n > 1 else "")
        edges.append(Edge(f"s:{a}", f"s:{b}", "relays", label=label, count=n, in_loop=circ))
    for a, b in sorted(loop_pairs - set(rel)):   # loops whose edges were not counted (context items)
        edges.append(Edge(f"s:{a}", f"s:{b}", "relays", label="circular", in_loop=True))
    title = str((project.get("project") or {}).get("title") or "Project")
    return ProvenanceGraph(scope="project", title=title, claim=None, nodes=tuple(nodes),
                           edges=tuple(sorted(edges, key=lambda e: e.key)), loops=tuple(loops))


# --------------------------------------------------------------------------- words


def describe(g: ProvenanceGraph) -> str:
    """The graph in sentences, for screen readers and the memo's text alternative."""
    name = {n.id: n.label for n in g.nodes}
    out: list[str] = []
    if g.scope == "claim":
        items = g.nodes_of("evidence")
        srcs = g.nodes_of("source")
        out.append(f"Provenance of the claim: {len(srcs)} source{'s' if len(srcs) != 1 else ''}, "
                   f"{len(items)} evidence item{'s' if len(items) != 1 else ''}.")
        by_src = {e.head: e.tail for e in g.edges_of("states")}
        for n in items:
            line = f"{n.label.split(' ', 1)[0]}: {name.get(by_src.get(n.id, ''), '?')} ({n.grade}) {n.stance}"
            relays = [e.head for e in g.edges_of("relays") if e.tail == n.id]
            target = g.node(relays[0]) if relays and g.has(relays[0]) else None
            if target is not None and target.kind == "evidence":
                line += f", relays {target.label.split(' ', 1)[0]} ({name.get(by_src.get(target.id, ''), '?')})"
            elif target is not None:
                line += f", relays {target.label}"
            if n.role:
                line += f"; {n.detail.splitlines()[-1]}"
            out.append(line + ".")
        for c in g.clusters:
            if not c.circular:
                out.append(f"{c.label}: {len(c.counted)} counted, {len(c.absorbed)} absorbed.")
    else:
        out.append(f"Sources and who relays whom: {len(g.nodes)} sources, "
                   f"{len(g.edges_of('relays'))} relay links.")
        spof = [n for n in g.nodes if n.single_point]
        if spof:
            out.append("Single points of failure: " + "; ".join(
                f"{n.label} (only origin of {n.sole_origin_of} claims)" for n in spof) + ".")
        relay_only = [n.label for n in g.nodes if n.relay_only]
        if relay_only:
            out.append(f"{len(relay_only)} source{'s' if len(relay_only) != 1 else ''} only ever relay others.")
    for loop in g.loops:
        out.append(loop.label + ".")
    near = g.edges_of("near_duplicate")
    if near:
        out.append(f"{len(near)} pair{'s' if len(near) != 1 else ''} of items cite near-duplicate images.")
    return "\n".join(out)
