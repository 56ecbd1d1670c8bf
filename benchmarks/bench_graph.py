"""Benchmark of the provenance graph (workbench.graph): laying out and drawing it.

Targets (issue 16): the L project's busiest claim in ≤ 0.3 s and the whole L
project (1,000 sources) in ≤ 3 s, each from the exchange rows and the
assessments (already read, as the app and ``vwb graph`` have them) to the
finished SVG: building the model, writing the DOT text and running Graphviz
(``dot`` for a claim, ``sfdp`` for the project), which lays out and draws in
one go. The floor is Graphviz alone on the same DOT text (the program run in
a subprocess, as the binding does), so the ratio is what our own code adds.

Usage: ``.venv/bin/python benchmarks/bench_graph.py [--quick]``.
"""

from __future__ import annotations

import subprocess

import common  # benchmarks/common.py: puts the repository on sys.path
import synth  # benchmarks/synth.py
from common import median_time

from workbench.graph.model import assessments_json, build_claim_graph, build_project_graph
from workbench.graph.render import render, to_dot
from workbench.service import ProjectService


def _graphviz_alone(engine: str, source: str) -> None:
    subprocess.run([engine, "-Tsvg"], input=source.encode("utf-8"), stdout=subprocess.DEVNULL, check=True)


def _wide_claim(n: int) -> dict:
    """One claim with ``n`` sources, each with one item; every fourth relays an earlier item."""
    sources = [{"id": f"s{i}", "name": f"Source number {i}", "kind": "outlet", "reliability": "BCDF"[i % 4]}
               for i in range(n)]
    evidence = [{"id": f"e{i}", "claim": "w", "source": f"s{i}", "stance": ("corroborates", "contradicts")[i % 2],
                 "credibility": 2, "derives_from": {"evidence": f"e{i // 2}"} if i % 4 == 3 else None}
                for i in range(n)]
    return {"sources": sources, "claims": [{"id": "w", "text": "A claim many sources speak to"}],
            "evidence": evidence, "documents": []}


def run(quick: bool = False) -> list[dict]:
    repeats = 3 if quick else 7
    svc = ProjectService.open(synth.project_path("L"), read_only=True)
    try:
        data = {"project": {"title": svc.title()}, "sources": svc.list_sources(), "claims": svc.list_claims(),
                "evidence": svc.list_evidence(), "documents": svc.list_documents()}
        assessed = assessments_json(svc.assess_all())
    finally:
        svc.close()
    per_claim: dict[str, int] = {}
    for e in data["evidence"]:
        per_claim[e["claim"]] = per_claim.get(e["claim"], 0) + 1
    busiest = max(sorted(per_claim), key=lambda c: per_claim[c])

    def claim() -> bytes:
        return render(build_claim_graph(data, assessed, busiest), "svg")

    def project() -> bytes:
        return render(build_project_graph(data, assessed), "svg")

    claim_graph = build_claim_graph(data, assessed, busiest)
    claim_dot = to_dot(claim_graph).source
    project_graph = build_project_graph(data, assessed)
    project_dot = to_dot(project_graph).source
    rows = [
        {"name": f"graph of the busiest claim, L ({per_claim[busiest]} items, "
                 f"{len(claim_graph.nodes_of('source'))} sources): model + dot → SVG",
         "value": median_time(claim, repeats), "unit": "s",
         "floor": median_time(lambda: _graphviz_alone("dot", claim_dot), repeats),
         "target": "<= 0.3 s", "target_of": "value"},
        {"name": f"graph of the whole project, L ({len(project_graph.nodes)} sources, "
                 f"{len(project_graph.edges)} relay links): model + sfdp → SVG",
         "value": median_time(project, max(1, repeats // 2)), "unit": "s",
         "floor": median_time(lambda: _graphviz_alone("sfdp", project_dot), max(1, repeats // 2)),
         "target": "<= 3 s", "target_of": "value"},
        {"name": "provenance model of the whole project, L (no layout)",
         "value": median_time(lambda: build_project_graph(data, assessed), repeats), "unit": "s",
         "target": None},
    ]
    # Readability at scale: one claim that 200 sources speak to (a quarter relaying another).
    wide = _wide_claim(200)
    wide_graph = build_claim_graph(wide, {"claims": []}, "w")
    rows.append({"name": "graph of one claim with 200 sources (synthetic): model + dot → SVG",
                 "value": median_time(lambda: render(build_claim_graph(wide, {"claims": []}, "w"), "svg"),
                                      max(1, repeats // 2)), "unit": "s",
                 "floor": median_time(lambda: _graphviz_alone("dot", to_dot(wide_graph).source),
                                      max(1, repeats // 2)),
                 "target": None})
    for r in rows:
        if r.get("floor"):
            r["ratio"] = r["value"] / r["floor"]
    return rows


if __name__ == "__main__":
    raise SystemExit(common.main(run, __doc__, "fewer runs"))
