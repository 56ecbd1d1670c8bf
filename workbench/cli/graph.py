"""``vwb graph``: the provenance graph of one claim or of the whole project, as SVG or PNG."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, _fail, _open

_SUFFIX_FORMAT = {".svg": "svg", ".png": "png"}


def cmd_graph(a: argparse.Namespace) -> int:
    from workbench.graph.model import assessments_json, build_claim_graph, build_project_graph
    from workbench.graph.render import GraphvizMissing, render

    out = Path(a.output)
    fmt = _SUFFIX_FORMAT.get(out.suffix.lower())
    if fmt is None:
        _fail(f"{a.output}: the output must end in .svg or .png")
    svc = _open(a.project, read_only=True)
    try:
        if a.claim and svc.claim(a.claim) is None:
            _fail(f"{a.project}: no claim with id {a.claim!r}")
        # The rows the graph reads, not the whole dump: a large project's
        # document texts and anchors would cost seconds and draw nothing.
        data = {"project": {"title": svc.title()}, "sources": svc.list_sources(),
                "claims": [svc.claim(a.claim)] if a.claim else svc.list_claims(),
                "evidence": svc.evidence_for_claim(a.claim) if a.claim else svc.list_evidence(),
                "documents": svc.list_documents()}
        assessments = assessments_json(svc.assess_claims([a.claim]) if a.claim else svc.assess_all())
    finally:
        svc.close()
    graph = build_claim_graph(data, assessments, a.claim) if a.claim else build_project_graph(data, assessments)
    try:
        picture = render(graph, fmt, a.scheme)
    except GraphvizMissing as exc:
        raise CliError(str(exc)) from None
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_bytes(picture)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CliError(f"{a.output}: cannot be written ({exc.strerror})") from None
    return 0


def register(sub: Any) -> None:
    s = sub.add_parser("graph", help="the provenance graph (who relays whom) as SVG or PNG")
    s.add_argument("project")
    s.add_argument("--claim", help="one claim's graph (default: the whole project)")
    s.add_argument("-o", "--output", required=True, help="OUT.svg or OUT.png")
    s.add_argument("--scheme", choices=("light", "dark"), default="light")


COMMANDS = {"graph": cmd_graph}
