"""Benchmark of the memo PDF (workbench.memo.render_pdf) against WeasyPrint's bare floor.

The memo pays for a running header, a "Page N of M" footer, the tag tree
(headings, tables, figures), bookmarks and metadata on top of WeasyPrint's
own layout. The floor is what WeasyPrint itself needs for the same HTML with
the same bundled fonts: ``HTML(string).write_pdf`` with no print stylesheet
and no tags. Target: memo time under 1.5x the floor, for the fixture/demo
project and for 500 claims with 5,000 evidence items. Building the memo and
its HTML (pure Python) is timed separately.

Usage: ``.venv/bin/python benchmarks/bench_memo.py [--quick]``. :func:`run`
returns rows {"name", "value", "unit", "floor", "ratio", "target"}; the
figures are the best of a few runs (``--quick``: one run of a 50-claim
project instead of 500).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import common  # noqa: E402 - benchmarks/common.py: puts the repository on sys.path
from common import best_time  # noqa: E402

from tests import memo_fixture as fx  # noqa: E402
from workbench.memo.html import memo_to_html  # noqa: E402
from workbench.memo.model import Memo, build_memo  # noqa: E402
from workbench.memo.render_pdf import render_bare, render_pdf  # noqa: E402

TARGET_RATIO = 1.5


def _projects(quick: bool) -> list[tuple[str, dict]]:
    projects = [("fixture (6 claims, 19 evidence)", fx.exchange())]
    try:
        from workbench.demo import demo_exchange
    except ImportError:  # the demo project is optional for this benchmark
        pass
    else:
        demo = demo_exchange()
        projects.append((f"demo ({len(demo['claims'])} claims, {len(demo['evidence'])} evidence)", demo))
    n = 50 if quick else 500
    projects.append((f"{n} claims, {n * 10:,} evidence", fx.large(n, 10)))
    return projects


def _rows_for(label: str, project: dict, folder: Path, repeats: int) -> list[dict]:
    assessments = fx.assess(project)
    memo_holder: list[Memo] = []

    def build() -> None:
        memo_holder.clear()
        memo_holder.append(build_memo(project, assessments, analyst="Benchmark", file_sha256="0" * 64))
        memo_to_html(memo_holder[0])

    built = best_time(build, repeats)
    memo = memo_holder[0]
    html = memo_to_html(memo)
    pages: list[int] = []
    memo_time = best_time(lambda: pages.append(render_pdf(memo, folder / "memo.pdf")), repeats)
    bare_time = best_time(lambda: render_bare(html, folder / "bare.pdf"), repeats)
    ratio = memo_time / bare_time
    return [
        {"name": f"build memo + HTML, {label}", "value": built, "unit": "s", "floor": None, "ratio": None,
         "target": None},
        {"name": f"memo PDF, {label}, {pages[-1]} pages", "value": memo_time, "unit": "s",
         "floor": bare_time, "ratio": ratio, "target": TARGET_RATIO},
    ]


def run(quick: bool = False) -> list[dict]:
    """Measure and return the rows (value and floor in seconds; target is a ratio)."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, project in _projects(quick):
            small = len(project["claims"]) < 100
            rows.extend(_rows_for(label, project, folder, (3 if quick else 5) if small else (1 if quick else 2)))
    return rows


if __name__ == "__main__":
    raise SystemExit(common.main(run, __doc__, "one run, 50 claims instead of 500"))
