"""Everything that leaves the building: the memo in three formats and the standard exports.

The memo and exports are built from the same two plain dicts every tool
sees (the exchange dump and the assessments), so what the memo prints is
exactly what ``vwb dump`` and ``vwb assess --json`` say.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from workbench import safeio

if TYPE_CHECKING:
    from workbench.analysis.result import Assessment
    from workbench.memo.model import Memo


class ProjectService(Protocol):
    """What the memo reads of an open project (``workbench.service.ProjectService`` is one).

    A protocol, so the memo sits below the service and never imports it.
    """

    @property
    def analyst(self) -> str: ...
    @property
    def path(self) -> Path: ...

    def list_claims(self, document_id: str | None = None) -> list[dict[str, Any]]: ...
    def assess_all(self) -> dict[str, Assessment]: ...
    def history(self, claim_id: str | None = None) -> list[dict[str, Any]]: ...
    def dump(self) -> dict[str, Any]: ...
    def provenance(self) -> dict[str, dict[str, str]]: ...

MEMO_FORMATS = ("pdf", "html", "md")
EXPORT_FORMATS = ("claimreview", "annotations", "csv")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def assessments_json(svc: ProjectService) -> dict[str, Any]:
    """The ``vwb assess --json`` object, with the extra breakdown fields the memo prints."""
    claims = {c["id"]: c for c in svc.list_claims()}
    out = []
    for cid, a in svc.assess_all().items():
        obj = a.to_json(cid, claims[cid]["text"])
        extra = {b.id: b for b in a.evidence}
        for item in obj["evidence"]:
            b = extra[item["id"]]
            item.update(stance=b.stance, same_origin_as=b.same_origin_as, relays=b.relays)
        out.append(obj)
    return {"claims": out}


def claim_history(svc: ProjectService, claim_id: str) -> list[dict[str, Any]]:
    """Earlier assessments of a claim from the audit log, oldest first."""
    rows = []
    for ev in reversed(svc.history(claim_id)):
        a = ev.get("assessment")
        if a:
            rows.append({"when": ev["at"], "who": ev["who"], "note": ev["summary"], **a})
    return rows


def build(svc: ProjectService, *, external: bool = False, with_history: bool = False,
          graphs: bool = False) -> Memo:
    from workbench.memo.model import build_memo

    history = {c["id"]: claim_history(svc, c["id"]) for c in svc.list_claims()} if with_history else None
    return build_memo(svc.dump(), assessments_json(svc), external=external, analyst=svc.analyst,
                      file_sha256=file_sha256(svc.path), history=history, graphs=graphs)


def _atomic_text(out: Path, text: str, project: Path) -> None:
    safeio.write_text(out, text, protected=(project,))


def write_memo(svc: ProjectService, out: Path | str, fmt: str = "pdf", *, external: bool = False,
               with_history: bool = False, progress: Callable[[int, int], None] | None = None,
               check: Callable[[], None] | None = None) -> Path:
    """Write the memo as PDF, HTML or Markdown (atomically).

    ``check`` makes a PDF cancellable at any moment (raising from it stops
    the render within 50 ms; see ``render_pdf``); nothing is written then.
    """
    out = safeio.check_output(out, protected=(svc.path,))  # refuse before the work, not after
    # The HTML and PDF memos carry each claim's provenance graph (an SVG
    # figure with its text alternative); the Markdown memo does not draw it.
    memo = build(svc, external=external, with_history=with_history, graphs=fmt in ("html", "pdf"))
    if fmt == "pdf":
        from workbench.memo.render_pdf import render_pdf

        def pdf(tmp: Path) -> None:
            tmp.touch()  # a folder we cannot write fails here, in one line, before the layout
            render_pdf(memo, tmp, progress=progress, check=check)

        safeio.write_atomically(out, pdf, protected=(svc.path,))
    elif fmt == "html":
        from workbench.memo.html import memo_to_html

        _atomic_text(out, memo_to_html(memo), svc.path)
    elif fmt == "md":
        from workbench.memo.markdown import memo_to_markdown

        _atomic_text(out, memo_to_markdown(memo), svc.path)
    else:
        raise ValueError(f"unknown memo format {fmt!r} (one of {', '.join(MEMO_FORMATS)})")
    return out


def write_export(svc: ProjectService, out: Path | str, fmt: str, *, external: bool = False) -> str:
    """ClaimReview JSON-LD, W3C Web Annotation JSON-LD or CSV; returns one line saying what was written.

    ClaimReview is always the external edition and raises
    ``exports.PublishingError`` (before writing anything) when the project
    has no publisher name or web address.
    """
    from workbench.memo import exports

    out = safeio.check_output(out, protected=(svc.path,))
    if fmt == "claimreview":
        project = svc.dump()
        data = exports.export_claimreview(project, assessments_json(svc))
        _atomic_text(out, json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n", svc.path)
        return exports.claimreview_summary(project, data)
    if fmt == "annotations":
        data = exports.export_annotations(svc.dump(), svc.provenance())
        _atomic_text(out, json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n", svc.path)
        return f"{data['total']} annotation{'s' if data['total'] != 1 else ''} written"
    if fmt == "csv":
        project, assessed = svc.dump(), assessments_json(svc)
        safeio.write_atomically(out, lambda tmp: exports.export_csv(project, assessed, tmp, external=external),
                                protected=(svc.path,))
        return "claims and evidence written as CSV" + (" (external edition)" if external else "")
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(EXPORT_FORMATS)})")
