"""Benchmark of the project-wide views on a large project.

An editor opens the matrix or the overview to see the whole project, and
re-grades a source while looking at it; both must feel immediate on the
L project of ``benchmarks/synth.py`` (2,000 claims, 1,000 sources, 10,000
evidence items, 200 documents).  Targets: opening the overview, the matrix
or the sources manager (built, shown and painted once) under 0.5 s each; a
grade edit reaching every view under 100 ms: the service write, the store
refresh, all three views updating their models, and the view on screen (the
matrix, as in the window, which shows one view at a time) repainted.  The
same edit with all three views on screen at once is reported too, and each
edit is split into the part before the context's ``changed`` signal (write
and store) and the views' part.

Also reported, without targets: opening the project context (store load and
every assessment, paid once before any view), the settings dialog's preview
of every claim under candidate settings, and a Find in Project over all 200
documents, cold and warm.

Usage: ``.venv/bin/python benchmarks/bench_views.py [--quick]``.  Works
headless (``QT_QPA_PLATFORM=offscreen`` is set when there is no display).
Grade edits go to a private copy of the cached project, never to the cache.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common  # benchmarks/common.py: puts the repository on sys.path
from common import median_time, timed

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _large_project(folder: Path) -> Path:
    """A private copy of synth's L project (or, without synth, one built here)."""
    try:
        import synth  # benchmarks/synth.py, written by the benchmark suite

        source = synth.project_path("L")
    except ImportError:  # pragma: no cover - a tree without synth.py
        source = _build_fallback(folder / "built.db")
    target = folder / "L.db"
    shutil.copyfile(source, target)
    return target


def _build_fallback(path: Path) -> Path:  # pragma: no cover - used only without synth.py
    import random

    from workbench.service import ProjectService
    from workbench.store.exchange import FORMAT

    rng = random.Random(7)
    docs = [{"id": f"d{i}", "title": f"Report {i}", "text": "Lorem ipsum dolor sit amet. " * 1000}
            for i in range(200)]
    sources = [{"id": f"s{i}", "name": f"Source {i}", "kind": "outlet", "reliability": rng.choice("ABCDEF")}
               for i in range(1000)]
    claims = [{"id": f"c{i}", "text": f"Claim {i}", "document": f"d{i % 200}"} for i in range(2000)]
    evidence = [{"id": f"e{i}", "claim": f"c{i % 2000}", "source": f"s{rng.randrange(1000)}",
                 "stance": rng.choice(("corroborates", "contradicts", "context")),
                 "credibility": rng.randint(1, 6)} for i in range(10000)]
    svc = ProjectService.create(path, "Large", analyst="benchmark")
    try:
        svc.load_exchange({"format": FORMAT, "documents": docs, "sources": sources, "claims": claims,
                           "evidence": evidence})
    finally:
        svc.close()
    return path


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Measure and return rows {"name", "value", "unit", "target"} (target None: info)."""
    from PySide6.QtWidgets import QApplication

    from ui.dialogs.settings_dialog import Previewer
    from ui.session.context import ProjectContext
    from ui.views import VIEWS
    from ui.views.search import ProjectSearch
    from workbench.service import ProjectService

    app = QApplication.instance() or QApplication(sys.argv[:1])
    repeats = 3 if quick else 7
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="vwb-bench-views-") as tmp:
        path = _large_project(Path(tmp))
        svc = ProjectService.open(path, analyst="benchmark")
        try:
            start = time.perf_counter()
            ctx = ProjectContext(svc)
            rows.append({"name": "open the project context, L (lists; claims assessed on first use)",
                         "value": time.perf_counter() - start, "unit": "s", "target": None})
            n = (len(ctx.store.claims), len(ctx.store.sources))

            def open_view(name: str) -> float:
                t0 = time.perf_counter()
                w = VIEWS[name](ctx, None)
                w.resize(1440, 900)
                w.show()
                w.grab()            # the first complete paint, offscreen or not
                elapsed = time.perf_counter() - t0
                _dispose(app, w)
                return elapsed

            # The first view opened on a large project also assesses every claim (the
            # store assesses on first use; the window starts that in the background).
            def first_view(name: str) -> float:
                fresh = ProjectContext(svc)
                t0 = time.perf_counter()
                w = VIEWS[name](fresh, None)
                w.resize(1440, 900)
                w.show()
                w.grab()
                elapsed = time.perf_counter() - t0
                _dispose(app, w)
                fresh.deleteLater()
                return elapsed

            for name, label in (("overview", "claims overview"), ("matrix", "evidence matrix")):
                rows.append({"name": f"open the {label} first, assessing every claim on the way",
                             "value": statistics.median(first_view(name) for _ in range(repeats)), "unit": "s",
                             "target": None})
            ctx.store.assessments  # noqa: B018 - what the window's background job does

            for name, label in (("overview", "claims overview"), ("matrix", "evidence matrix"),
                                ("sources", "sources manager")):
                open_view(name)  # warm-up: imports and caches
                rows.append({"name": f"open the {label}, {n[0]:,} × {n[1]:,}",
                             "value": statistics.median(open_view(name) for _ in range(repeats)), "unit": "s",
                             "target": 0.5})

            # A grade edit with every view open and painted.  Time stamps: the
            # context's ``changed`` signal reaches a first slot (connected before
            # the views: the write and the store refresh are done) and a last one
            # (every view has taken the delta); then the event loop repaints.
            stamps: dict[str, float] = {}
            ctx.changed.connect(lambda _d: stamps.__setitem__("first", time.perf_counter()))
            views = [VIEWS[name](ctx, None) for name in VIEWS]
            ctx.changed.connect(lambda _d: stamps.__setitem__("last", time.perf_counter()))
            for w in views:
                w.resize(1440, 900)
            reach = {sid: len(views[2].model.index_.claims_of(sid)) for sid in ctx.store.sources}
            typical = sorted(reach, key=reach.get)[len(reach) // 2]
            busiest = max(reach, key=reach.get)

            def grade_edit(sid: str) -> tuple[float, float, float]:
                grade = "A" if ctx.store.sources[sid]["reliability"] != "A" else "E"
                t0 = time.perf_counter()
                ctx.run("Grade", lambda: svc.set_reliability(sid, grade))
                app.processEvents()  # every posted update: the views on screen repaint what changed
                end = time.perf_counter()
                return end - t0, stamps["first"] - t0, end - stamps["first"]

            # As in the window: every view alive and following the project, one on screen
            # (the matrix, the costliest to repaint); then all three on screen at once.
            for on_screen, cases in (("matrix on screen", ((typical, "typical"), (busiest, "busiest"))),
                                     ("all three on screen", ((typical, "typical"),))):
                for w in views:
                    if on_screen.startswith("all") or w is views[1]:
                        w.show()
                        w.grab()
                for sid, label in cases:
                    grade_edit(sid)
                    runs = [grade_edit(sid) for _ in range(repeats)]
                    target = 100.0 if (label, on_screen) == ("typical", "matrix on screen") else None
                    rows.append({"name": f"grade edit, {label} source ({reach[sid]} claims), every view "
                                         f"updated, {on_screen}",
                                 "value": statistics.median(r[0] for r in runs) * 1e3, "unit": "ms",
                                 "target": target})
                    rows.append({"name": "  of which the write and the store refresh",
                                 "value": statistics.median(r[1] for r in runs) * 1e3, "unit": "ms",
                                 "target": None})
                    rows.append({"name": "  of which the views' update and repaint",
                                 "value": statistics.median(r[2] for r in runs) * 1e3, "unit": "ms",
                                 "target": None})
            for w in views:
                _dispose(app, w)
            ctx.undo_stack.clear()

            t0 = time.perf_counter()
            previewer = Previewer(ctx)
            read = time.perf_counter() - t0
            settings = svc.settings()
            preview = median_time(lambda: previewer.assess_all(settings), repeats, warmup=0)
            rows.append({"name": "settings preview: read the evidence once", "value": read, "unit": "s",
                         "target": None})
            rows.append({"name": "settings preview: re-assess every claim", "value": preview, "unit": "s",
                         "target": None})

            search = ProjectSearch(ctx)
            cold = timed(lambda: search.run_query("troops"))
            warm = median_time(lambda: search.run_query("drones were"), repeats, warmup=0)
            rows.append({"name": "find in project, 200 documents (first search)", "value": cold, "unit": "s",
                         "target": None})
            rows.append({"name": "find in project, 200 documents (texts cached)", "value": warm, "unit": "s",
                         "target": None})
            search.deleteLater()
        finally:
            svc.close()
    return rows


def _dispose(app: Any, widget: Any) -> None:
    """Delete a view now: ``deleteLater`` alone waits for an event loop that never
    runs here, and a view left alive keeps following every later change."""
    from PySide6.QtCore import QEvent

    widget.close()
    widget.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    app.processEvents()


if __name__ == "__main__":
    raise SystemExit(common.main(run, __doc__, "fewer repeats"))
