"""Benchmarks of the desktop window (ui/): start-up, claim switch, repaint, memory.

Figures (each the median of several runs; ``--quick`` runs fewer):

* **start to painted window** — a child process runs
  ``python -m ui.app PROJECT --benchmark-startup`` (offscreen); the time is
  from spawning it to the line it prints once the loaded window has painted.
  For the demo project (S) and the large one (L: 2,000 claims, 1,000
  sources, 10,000 evidence items, 200 documents of ~30,000 characters, built
  once by ``synth.py`` through ``ProjectService.load_exchange`` and cached
  under /tmp).  ``--demo`` (which first writes a fresh demo copy) is timed
  too.  Floor: a bare PySide6 process showing an empty 1440×900 QMainWindow,
  timed the same way.  Targets: demo < 0.6 s, L < 1.5 s.
* **peak memory** of those processes (VmHWM via ``wait4``'s ru_maxrss).
  Target: demo < 150 MiB; floor: the bare window.
* **claim switch** — in this process, the L project in a real window (after
  the background job that assesses every claim has finished; its time from
  opening is reported too):
  selecting a claim (board, confidence panel, highlights, navigator) up to
  the painted window; claims in the same document and in other documents
  (which loads that document's text).  Target < 50 ms.
* **repaint with 200 highlights** — a 30,000-character document view with
  200 claim/evidence highlights, one synchronous repaint of the viewport.
  Floor: the same view without highlights.  Target < 40 ms.

Usage: ``.venv/bin/python benchmarks/bench_ui.py [--quick]``; ``run(quick)``
returns rows {"name", "value", "unit", "floor", "ratio", "target", ...}.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common  # benchmarks/common.py: puts the repository on sys.path
import synth  # benchmarks/synth.py: the cached S and L projects
from common import ROOT, median_time

BARE_WINDOW = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.resize(1440, 900)
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is w:
            w.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False
def done():
    print("startup", flush=True)
    app.quit()
watch = Watch()
w.installEventFilter(watch)
w.show()
app.exec()
"""


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp / "config"),
               XDG_DATA_HOME=str(tmp / "data"))
    return env


def time_to_line(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds from spawn to the "startup" line, peak RSS in MiB of the child)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT, text=True)
    elapsed = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("startup"):
            elapsed = time.perf_counter() - t0
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if elapsed is None or proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode} without painting")
    return elapsed, usage.ru_maxrss / 1024  # Linux: KiB


def median_run(cmd: list[str], runs: int, tmp: Path, project: Path | None = None) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(runs):
        full = list(cmd)
        if project is not None:  # a fresh copy each run: the app holds a writer lock on it
            work = tmp / "work.db"
            shutil.copy(project, work)
            full.insert(len(cmd) - 1, str(work))
        t, peak = time_to_line(full, _env(tmp))
        times.append(t)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def startup_rows(quick: bool) -> list[dict[str, Any]]:
    runs = 3 if quick else 7
    app = [sys.executable, "-m", "ui.app", "--benchmark-startup"]
    rows = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        median_run([sys.executable, "-c", BARE_WINDOW], 1, tmp)  # warm the file cache
        floor, floor_peak = median_run([sys.executable, "-c", BARE_WINDOW], runs, tmp)
        demo, demo_peak = median_run(app, runs, tmp, synth.project_path("S"))
        fresh, fresh_peak = median_run([*app[:-1], "--demo", "--benchmark-startup"], runs, tmp)
        large, large_peak = median_run(app, runs, tmp, synth.project_path("L"))
    for name, value, target in (("start to painted window, demo project", demo, 0.6),
                                ("start to painted window, --demo (writes a fresh copy)", fresh, 0.6),
                                ("start to painted window, L (2,000 claims, 200 documents)", large, 1.5)):
        rows.append(_row(name, value, "s", floor, target))
    for name, value, target in (("peak memory, demo project", demo_peak, 150.0),
                                ("peak memory, --demo", fresh_peak, 150.0),
                                ("peak memory, L", large_peak, None)):
        rows.append(_row(name, value, "MiB", floor_peak, target))
    return rows


def _row(name: str, value: float, unit: str, floor: float | None, target: float | None) -> dict[str, Any]:
    return {"name": name, "value": value, "unit": unit, "floor": floor,
            "ratio": (value / floor) if floor else None, "target": target, "target_of": "value"}


# --------------------------------------------------------------------------- in-process figures

_app = common.qt_app


def claim_switch_rows(quick: bool) -> list[dict[str, Any]]:
    app = _app()
    from ui.window.main_window import MainWindow

    with tempfile.TemporaryDirectory() as d:
        work = Path(d) / "L.db"
        shutil.copy(synth.project_path("L"), work)
        w = MainWindow(restore_layout=False)
        t0 = time.perf_counter()
        w.open_path(work, remember=False)
        w.show()
        app.processEvents()
        ctx = w.ctx
        while not ctx.store.all_assessed and time.perf_counter() - t0 < 30:  # the background job
            app.processEvents()
            time.sleep(0.002)
        prefetch = time.perf_counter() - t0
        doc = ctx.current_document
        same = [c["id"] for c in ctx.store.claims_in(doc)][1:]
        other = [c["id"] for c in ctx.store.claims.values() if c.get("document") not in (doc, None)]
        n = 5 if quick else 12
        other = other[:: max(1, len(other) // n)][:n]

        def switch(cid: str) -> float:
            t = time.perf_counter()
            ctx.select_claim(cid)
            app.processEvents()   # deferred layout and the paint of everything that changed
            return time.perf_counter() - t

        same_times = [switch(c) for c in (same * 3)[: 2 * n]]
        other_times = [switch(c) for c in other]
        w.set_context(None)
        w.deleteLater()
        app.processEvents()
    return [
        _row("every claim assessed in the background, L (open to done)", prefetch, "s", None, None),
        _row("claim switch, same document (median)", statistics.median(same_times) * 1000, "ms", None, 50.0),
        _row("claim switch, same document (worst)", max(same_times) * 1000, "ms", None, None),
        _row("claim switch, other document (median)", statistics.median(other_times) * 1000, "ms", None, 50.0),
    ]


def repaint_rows(quick: bool) -> list[dict[str, Any]]:
    app = _app()
    import random

    from ui.document.document_view import DocumentView
    from ui.document.highlights import build_spans
    from workbench.analysis.confidence import LIKELIHOOD_BANDS
    from workbench.service import ProjectService

    svc = ProjectService.open(synth.project_path("L"), read_only=True)
    try:
        text = svc.document(svc.list_documents()[0]["id"])["text"]
    finally:
        svc.close()
    rng = random.Random(7)
    words = [w for w, *_ in LIKELIHOOD_BANDS]
    claims, evidence = [], []
    for i in range(200):  # 100 claims and 100 quotes, some overlapping, across the visible page and beyond
        start = rng.randrange(0, max(1, min(len(text) - 200, 6000 if i % 2 else len(text) - 200)))
        end = start + rng.randrange(20, 160)
        if i % 2:
            claims.append({"id": f"c{i}", "start": start, "end": end})
        else:
            evidence.append({"id": f"e{i}", "claim": "c1", "stance": rng.choice(["corroborates", "contradicts"]),
                             "start": start, "end": end})

    class _A:  # just the likelihood word, which is all a highlight needs
        def __init__(self, word: str) -> None:
            self.likelihood = word

    assessments = {c["id"]: _A(rng.choice(words)) for c in claims}
    view = DocumentView()
    view.resize(700, 800)
    view.set_text(text)
    view.show()
    app.processEvents()
    runs = 10 if quick else 30

    def paint() -> None:
        view.viewport().repaint()

    floor = median_time(paint, runs, warmup=3) * 1000
    spans = build_spans(claims, evidence, assessments, current_claim="c1")  # type: ignore[arg-type]
    t = time.perf_counter()
    view.set_spans(spans)
    set_time = (time.perf_counter() - t) * 1000
    value = median_time(paint, runs, warmup=3) * 1000
    view.deleteLater()
    app.processEvents()
    return [_row(f"repaint a 30,000-character document with {len(spans)} highlights", value, "ms", floor, 40.0),
            _row("set 200 highlights (build the overlay)", set_time, "ms", None, None)]


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Every figure above, as rows for benchmarks/run.py."""
    synth.project_path("S")
    synth.project_path("L")
    return startup_rows(quick) + claim_switch_rows(quick) + repaint_rows(quick)


if __name__ == "__main__":
    raise SystemExit(common.main(run, __doc__, "fewer runs"))
