"""Lay out and draw a provenance graph with Graphviz.

Why Graphviz (through the ``graphviz`` Python binding and Debian's
``graphviz`` programs) rather than networkx layouts:

* ``dot`` draws exactly what the picture is about: a flow from the origins,
  through the relays, to the claim, with the items of one origin boxed
  together (clusters) and edge labels placed without overlaps. networkx has
  no layered layout with clusters or label placement of its own (its
  ``graphviz_layout`` calls Graphviz anyway).
* It is deterministic: the same DOT text gives the same picture, and the
  model sorts every node and edge, so the same project gives the same
  picture. Force layouts are seeded here too (``start``).
* It writes the SVG and PNG that ``vwb graph`` and the memo need itself,
  with tooltips and element ids the app uses for hit areas, and it handles
  a thousand nodes: the whole-project graph (sources only, a random-looking
  web of relays where layered crossing reduction would take minutes) is
  laid out with ``sfdp``, Graphviz's multilevel force layout, and its
  overlap removal.

Graphviz is a program, not a Python library: the binding runs ``dot`` or
``sfdp`` in a subprocess. :class:`GraphvizMissing` says so in one line when
it is not installed (``scripts/bootstrap.sh`` installs it).
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import graphviz

from workbench.graph.model import Node, ProvenanceGraph

__all__ = ["FORMATS", "SCHEMES", "GraphvizMissing", "Scheme", "dom_id", "node_for_dom_id", "render", "render_svgs",
           "to_dot"]

FORMATS = ("svg", "png")


class GraphvizMissing(RuntimeError):
    """The Graphviz programs are not installed (or failed)."""


@dataclass(frozen=True)
class Scheme:
    """Colours of one scheme; the stance colours are the app's (ui.widgets.colors)."""

    background: str
    ink: str
    muted: str
    fill: str
    claim_fill: str
    corroborates: str
    contradicts: str
    context: str
    error: str
    relay: str
    near_duplicate: str
    interested: str
    cluster: str

    def stance(self, stance: str) -> str:
        return {"corroborates": self.corroborates, "contradicts": self.contradicts}.get(stance, self.context)


SCHEMES: Mapping[str, Scheme] = {
    "light": Scheme(background="#ffffff", ink="#1f2328", muted="#57606a", fill="#f3f4f6", claim_fill="#e8eef7",
                    corroborates="#117733", contradicts="#882255", context="#6e6e6e", error="#a40e26",
                    relay="#0b5cad", near_duplicate="#6a3d9a", interested="#806600", cluster="#d0d7de"),
    "dark": Scheme(background="#1e1f22", ink="#e6edf3", muted="#a0a8b1", fill="#2b2d31", claim_fill="#263140",
                   corroborates="#44bb99", contradicts="#ee8899", context="#b0b0b0", error="#ff8e8a",
                   relay="#6cb6ff", near_duplicate="#c5a3ff", interested="#ddcc77", cluster="#4a4f57"),
}

_FONT = "DejaVu Sans"
#: Whole-project graphs up to this many sources get the compact overlap removal.
PRISM_MAX_NODES = 400
_FADE = "80"   # alpha appended to a colour for absorbed and context items


def dom_id(index: int) -> str:
    """The SVG element id of the node at ``index`` in ``graph.nodes`` (ids in
    the model may hold any character; SVG ids may not)."""
    return f"node-{index}"


def node_for_dom_id(graph: ProvenanceGraph, element_id: str) -> Node | None:
    m = re.fullmatch(r"node-(\d+)", element_id)
    if m is None or int(m.group(1)) >= len(graph.nodes):
        return None
    return graph.nodes[int(m.group(1))]


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _source_label(n: Node, s: Scheme, project: bool) -> str:
    badge_ink = s.background
    name = "<BR/>".join(_h(line) for line in _wrap(n.label, 34 if project else 26))
    rows = [f'<TR><TD BGCOLOR="{s.ink}" WIDTH="22"><FONT COLOR="{badge_ink}"><B>{_h(n.grade)}</B></FONT></TD>'
            f'<TD ALIGN="LEFT" BALIGN="LEFT">{name}</TD></TR>']
    marks = [n.source_kind]
    if n.unrecorded and not project:
        marks.append("origin, no item")
    if project:   # one line under the name: a thousand nodes must stay small
        marks += n.detail.splitlines()[1:]
    detail = [_h(" · ".join(m for m in marks if m))]
    colour = s.muted
    if n.interested and not project:
        detail.append(f'<FONT COLOR="{s.interested}"><B>interested party</B></FONT>')
    if n.single_point:
        detail.append(f'<FONT COLOR="{s.error}"><B>single point of failure</B></FONT>')
    rows.append(f'<TR><TD></TD><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{colour}">'
                + "<BR/>".join(detail) + "</FONT></TD></TR>")
    return _Html('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">' + "".join(rows) + "</TABLE>")


def _evidence_label(n: Node, s: Scheme) -> str:
    colour = s.stance(n.stance) + (_FADE if n.faded else "")
    lines = n.detail.splitlines()
    head = f'<FONT COLOR="{colour}"><B>{_h(n.label)}</B></FONT>'
    rest = "<BR/>".join(f'<FONT POINT-SIZE="9" COLOR="{s.muted}">{_h(x)}</FONT>' for x in lines)
    return _Html(f"{head}<BR/>{rest}")


class _Html(str):
    """An HTML-like label, written between ``<`` ``>`` without quoting."""


#: Graphviz refuses a quoted string longer than 16,384 bytes ("syntax error … scanning a quoted
#: string"): a claim of 20,000 characters, which a project may hold, failed every memo with a graph.
#: 3,000 characters stay under it even as four-byte UTF-8 with every quote escaped.
MAX_QUOTED = 3000


def _quote(value: str) -> str:
    """A DOT attribute value: HTML-like labels as they are, the rest quoted
    (quotes escaped; user text has had its backslashes doubled by :func:`_esc`,
    so the ``\\n`` line breaks we write ourselves stay line breaks)."""
    if isinstance(value, _Html):
        return f"<{value}>"
    if len(value) > MAX_QUOTED:
        value = value[:MAX_QUOTED]
        if (len(value) - len(value.rstrip("\\"))) % 2:  # never leave half of a doubled backslash
            value = value[:-1]
        value += "…"
    return '"' + value.replace('"', '\\"') + '"'


def _esc(text: str) -> str:
    """User text for a DOT string: a backslash stays a backslash."""
    return text.replace("\\", "\\\\")


def _attr_list(attrs: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={_quote(v)}" for k, v in attrs.items())


class Dot:
    """DOT text for one graph: the few statements we need, written directly.

    ``graphviz.Digraph`` quotes every name and value through regular
    expressions, which took longer than the layout itself for a thousand
    nodes; the binding still runs the programs (:func:`graphviz.pipe`)."""

    def __init__(self, name: str, engine: str, lines: list[str] | None = None, depth: int = 0) -> None:
        self.name = name
        self.engine = engine
        self._lines = lines if lines is not None else []
        self._depth = depth

    def _put(self, text: str) -> None:
        self._lines.append("  " * (self._depth + 1) + text)

    def attr(self, kind: str | None = None, **attrs: str) -> None:
        if kind is None:
            for k, v in attrs.items():
                self._put(f"{k}={_quote(v)}")
        else:
            self._put(f"{kind} [{_attr_list(attrs)}]")

    def node(self, name: str, **attrs: str) -> None:
        self._put(f'"{name}" [{_attr_list(attrs)}]')

    def edge(self, tail: str, head: str, **attrs: str) -> None:
        self._put(f'"{tail}" -> "{head}" [{_attr_list(attrs)}]')

    @contextmanager
    def subgraph(self, name: str) -> Iterator[Dot]:
        self._put(f'subgraph "{name}" {{')
        yield Dot(name, self.engine, self._lines, self._depth + 1)
        self._put("}")

    @property
    def source(self) -> str:
        return f'digraph "{self.name}" {{\n' + "\n".join(self._lines) + "\n}\n"


def to_dot(g: ProvenanceGraph, scheme: str = "light") -> Dot:
    """The graph as Graphviz source, coloured for ``scheme`` ("light" or "dark")."""
    s = SCHEMES[scheme]
    project = g.scope == "project"
    dot = Dot("provenance", "sfdp" if project else "dot")
    dot.attr(bgcolor=s.background, fontname=_FONT, fontcolor=s.ink, fontsize="11")
    if project:
        # Force layout: seeded, straight lines, no overlapping nodes, components packed.
        # Overlaps are removed by nudging nodes apart ("prism": compact, keeps the
        # shape) up to PRISM_MAX_NODES sources; above that by scaling the whole
        # picture up ("scale": half the time at 1,000 sources, but sparser, so
        # the view zooms in). quadtree="fast" approximates far-away repulsion.
        overlap = "prism" if len(g.nodes) <= PRISM_MAX_NODES else "scale"
        dot.attr(start="7", overlap=overlap, overlap_scaling="6", quadtree="fast", splines="false",
                 outputorder="edgesfirst", pack="true", sep="+6")
    else:
        dot.attr(rankdir="LR", nodesep="0.25", ranksep="0.5", newrank="true", outputorder="edgesfirst")
    dot.attr("node", fontname=_FONT, fontsize="10", fontcolor=s.ink, color=s.muted, fillcolor=s.fill,
             style="filled", penwidth="1")
    dot.attr("edge", fontname=_FONT, fontsize="9", fontcolor=s.muted, color=s.muted, arrowsize="0.7")
    index = {n.id: i for i, n in enumerate(g.nodes)}
    in_cluster: dict[str, int] = {}
    for ci, c in enumerate(g.clusters):
        for m in c.members:
            in_cluster.setdefault(m, ci)

    def add_node(target: Dot, n: Node) -> None:
        attrs: dict[str, str] = {"id": dom_id(index[n.id]), "tooltip": _esc(n.tooltip or n.label)}
        if n.kind == "source":
            attrs.update(shape="box", style="rounded,filled", label=_source_label(n, s, project), margin="0.05,0.03")
            if n.interested and not project:
                attrs.update(color=s.interested, peripheries="2", penwidth="1.5")
            if n.in_loop:
                attrs.update(color=s.error, penwidth="2")
            if n.single_point:
                attrs.update(color=s.error, penwidth="3")
            if n.relay_only:
                attrs.update(style="rounded,filled,dashed")
        elif n.kind == "evidence":
            colour = s.stance(n.stance)
            attrs.update(shape="box", style="rounded,filled", label=_evidence_label(n, s), color=colour,
                         margin="0.06,0.03")
            if n.role == "counted":
                attrs.update(penwidth="2.5")
            elif n.faded:
                attrs.update(style="rounded,filled,dashed", color=colour + _FADE)
            if n.in_loop:
                attrs.update(color=s.error)
        else:
            text = "\\n".join(_esc(line) for line in _wrap(n.label, 30)) + "\\n" + _esc(n.detail)
            attrs.update(shape="note", label=text, fillcolor=s.claim_fill, color=s.ink, penwidth="1.5",
                         fontsize="11")
        target.node(dom_id(index[n.id]), **attrs)

    for ci, c in enumerate(g.clusters):
        with dot.subgraph(name=f"cluster_{ci}") as sub:
            colour = s.error if c.circular else s.cluster
            sub.attr(label=_esc(c.label), labeljust="l", fontcolor=s.error if c.circular else s.muted, fontsize="10",
                     color=colour, style="rounded,dashed" if not c.circular else "rounded,bold", penwidth="1.5",
                     bgcolor="transparent")
            for m in c.members:
                if in_cluster.get(m) == ci:
                    add_node(sub, g.node(m))
    for n in g.nodes:
        if n.id not in in_cluster:
            add_node(dot, n)

    for e in g.edges:
        attrs: dict[str, str] = {}
        if e.kind == "states":
            attrs.update(arrowhead="none", color=s.muted + (_FADE if e.faded else ""))
        elif e.kind == "bears_on":
            colour = s.stance(e.stance) + (_FADE if e.faded else "")
            attrs.update(color=colour, penwidth="1" if e.faded else "1.6",
                         style="dashed" if e.stance == "context" else "solid")
        elif e.kind == "relays":
            colour = s.error if e.in_loop else s.relay
            attrs.update(color=colour, fontcolor=colour, penwidth="2" if e.in_loop else "1.3")
            if e.label:
                attrs["label"] = e.label
            if project:   # a thousand relay lines: faint, so the sources stay readable
                attrs["penwidth"] = str(min(3.0, 0.5 + 0.4 * (e.count - 1)) if not e.in_loop else 2.0)
                if not e.in_loop:
                    attrs.update(color=s.relay + "66", fontcolor=s.relay)
        elif e.kind == "near_duplicate":
            attrs.update(color=s.near_duplicate, fontcolor=s.near_duplicate, style="dotted", dir="both",
                         arrowhead="odiamond", arrowtail="odiamond", constraint="false", label=e.label)
        if e.kind == "relays" and not project:
            # Drawn from the origin so that dot ranks origins first (left) and
            # the relays after them; the arrow still points at the origin.
            dot.edge(dom_id(index[e.head]), dom_id(index[e.tail]), dir="back", **attrs)
        else:
            dot.edge(dom_id(index[e.tail]), dom_id(index[e.head]), **attrs)
    return dot


def render(g: ProvenanceGraph, fmt: str = "svg", scheme: str = "light") -> bytes:
    """The laid-out graph as SVG or PNG bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r} (one of {', '.join(FORMATS)})")
    dot = to_dot(g, scheme)
    try:
        if fmt == "png":
            # A bitmap of a thousand sources would be tens of thousands of pixels
            # wide (and take seconds per megapixel): cap it; the SVG is the full-size one.
            dot.attr(dpi="96", size="40,40" if g.scope == "project" else "80,80")
            png: bytes = graphviz.pipe(dot.engine, "png", dot.source.encode("utf-8"), renderer="cairo", quiet=True)
            return png
        svg: bytes = graphviz.pipe(dot.engine, "svg", dot.source.encode("utf-8"), quiet=True)
        return svg
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing("Graphviz is not installed (the 'dot' program was not found); "
                              "install the graphviz package") from None
    except graphviz.CalledProcessError as exc:
        err = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise GraphvizMissing(f"Graphviz failed: {err[-1] if err else exc}") from None


def render_svgs(graphs: list[ProvenanceGraph], scheme: str = "light") -> list[bytes]:
    """Several layered (per-claim) graphs as SVG, laid out by one ``dot`` run:
    a memo of many claims pays for starting Graphviz once, not once a claim."""
    claim_graphs = [g for g in graphs if g.scope != "project"]
    if len(claim_graphs) != len(graphs):
        raise ValueError("render_svgs lays out per-claim graphs only")
    if not graphs:
        return []
    source = "\n".join(to_dot(g, scheme).source for g in graphs)
    try:
        out: bytes = graphviz.pipe("dot", "svg", source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing("Graphviz is not installed (the 'dot' program was not found); "
                              "install the graphviz package") from None
    except graphviz.CalledProcessError as exc:
        err = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise GraphvizMissing(f"Graphviz failed: {err[-1] if err else exc}") from None
    head = b"<?xml"
    pieces = [head + chunk for chunk in out.split(head) if chunk.strip()]
    if len(pieces) != len(graphs):
        raise GraphvizMissing(f"Graphviz returned {len(pieces)} pictures for {len(graphs)} graphs")
    return pieces
