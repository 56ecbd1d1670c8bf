"""Benchmark of the memo PDF (workbench.memo.render_pdf) against WeasyPrint's bare floor.

The memo pays for a running header, a "Page N of M" footer, the tag tree
(headings, tables, figures), bookmarks and metadata on top of WeasyPrint's
own layout. The floor is what WeasyPrint itself needs for the same HTML with
the same bundled fonts: ``HTML(string).write_pdf`` with no print stylesheet
and no tags. Target: memo time under 1.5x the floor, for the fixture/demo
project and for 500 claims with 5,000 evidence items. Building the memo and
its HTML (pure Python) is timed separately, and so is the app's cancellable
render (the same memo made in a child process, see ``render_pdf``), whose
extra cost is the child's start and WeasyPrint's import.

Times are CPU seconds (this process's threads plus the children it waited
for), not wall time: the development machine is shared. Each figure is the
best and the median of several runs after a warm-up run; the ratio is the
best against the best (the median ratio is printed beside it).

Usage: ``.venv/bin/python benchmarks/bench_memo.py [--quick]``. :func:`run`
returns rows {"name", "value", "unit", "floor", "ratio", "target"}
(``--quick``: fewer runs, and a 50-claim project instead of 500).
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

import common  # noqa: E402 - benchmarks/common.py: puts the repository on sys.path
from common import cpu_times  # noqa: E402

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


def _rows_for(label: str, project: dict, folder: Path, repeats: int, child: bool) -> list[dict]:
    assessments = fx.assess(project)
    memo_holder: list[Memo] = []

    def build() -> None:
        memo_holder.clear()
        memo_holder.append(build_memo(project, assessments, analyst="Benchmark", file_sha256="0" * 64))
        memo_to_html(memo_holder[0])

    built = min(cpu_times(build, repeats))
    memo = memo_holder[0]
    html = memo_to_html(memo)
    pages: list[int] = []
    memo_runs = cpu_times(lambda: pages.append(render_pdf(memo, folder / "memo.pdf")), repeats)
    bare_runs = cpu_times(lambda: render_bare(html, folder / "bare.pdf"), repeats)
    best, floor = min(memo_runs), min(bare_runs)
    median_ratio = statistics.median(memo_runs) / statistics.median(bare_runs)
    rows = [
        {"name": f"build memo + HTML, {label} (CPU)", "value": built, "unit": "s", "floor": None, "ratio": None,
         "target": None},
        {"name": f"memo PDF, {label}, {pages[-1]} pages (CPU, best of {repeats}; median ratio "
                 f"{median_ratio:.2f}×)", "value": best, "unit": "s", "floor": floor, "ratio": best / floor,
         "target": TARGET_RATIO},
    ]
    if child:  # the app's export: the same render in a child process a cancel can kill
        child_runs = cpu_times(lambda: render_pdf(memo, folder / "child.pdf", check=lambda: None), repeats)
        rows.append({"name": f"memo PDF in a child process (the app's cancellable export), {label} (CPU)",
                     "value": min(child_runs), "unit": "s", "floor": best, "ratio": min(child_runs) / best,
                     "target": None})
    return rows


def run(quick: bool = False) -> list[dict]:
    """Measure and return the rows (value and floor in seconds; target is a ratio)."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, project in _projects(quick):
            small = len(project["claims"]) < 100
            rows.extend(_rows_for(label, project, folder, (3 if quick else 7) if small else (1 if quick else 2),
                                  child=small))
    return rows


if __name__ == "__main__":
    raise SystemExit(common.main(run, __doc__, "one run, 50 claims instead of 500"))
