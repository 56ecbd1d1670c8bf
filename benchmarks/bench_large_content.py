"""Benchmark: the window at the largest content the app accepts (issue 19's freezes).

Each case drives a real window (offscreen) on a project built through the
service API, and watches the GUI event loop with a 10 ms timer
(``tests/ui/ticks.py``).  Figures, in CPU seconds of the GUI thread
(``time.thread_time``, not inflated by a loaded machine):

* **longest stall**: the most CPU the GUI thread spent between two turns of
  its event loop, i.e. the longest the window could not repaint or react;
* **GUI CPU, whole operation**: everything the GUI thread spent until the
  operation was complete (all pages laid out, the merge adopted).

Cases: selecting a claim with 1,000 evidence items (each relaying the one
before; and the same as a cycle), with no card cached; showing a document
that is one 11 MB paragraph (4 MB with ``--quick``) until it is laid out,
highlights drawn and the claim near its end scrolled to; merging a
colleague's copy that brings 300,000 history entries (40,000 with
``--quick``) and applying it.  Floor: the same operation on a small case
(a claim with 3 items; a 3,000-character document; a copy with 10 new
entries).  Target: longest stall < 0.25 s.

    .venv/bin/python benchmarks/bench_large_content.py [--quick]
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import common  # benchmarks/common.py: puts the repository on sys.path

STALL_TARGET_S = 0.25


_app = common.qt_app


def _window(path: Path, analyst: str | None = None) -> Any:
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=True)
    w.resize(1440, 900)
    assert w.open_path(path, remember=False)
    if analyst:
        w.ctx.service.analyst = analyst
    w.show()
    w.install_extensions()
    _spin(0.2)
    return w


def _spin(seconds: float, until: Any = None) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.perf_counter() + seconds
    while time.perf_counter() < end or (until is not None and not until()):
        QApplication.processEvents()
        time.sleep(0.002)
        if until is not None and until() and time.perf_counter() >= end:
            break


def _watched(start: Any, done: Any) -> tuple[float, float]:
    """(longest GUI-thread CPU stall, GUI-thread CPU in all) of ``start()`` until ``done()``."""
    from tests.ui.ticks import TickWatch

    cpu0 = time.thread_time()
    with TickWatch() as watch:
        start()
        _spin(0.1, done)
    return watch.max_cpu_gap, time.thread_time() - cpu0


def _board(folder: Path, items: int, cycle: bool) -> tuple[float, float]:
    from tests.ui import test_large_content as t

    saved = t.ITEMS
    t.ITEMS = items
    try:
        path = t.board_project(folder / f"board-{items}-{cycle}.db", cycle=cycle)
    finally:
        t.ITEMS = saved
    w = _window(path)
    try:
        w.ctx.select_claim("c0")
        _spin(0.1)
        w.board._forget_cards()
        columns = w.board.columns.values()
        full = 30 if items > 30 else 0  # the first page of each column (ui.board.evidence_board.PAGE)
        return _watched(lambda: w.ctx.select_claim("c1"),
                        lambda: all(len(getattr(c, "items", ())) < full or getattr(c, "shown", full) >= full
                                    for c in columns))
    finally:
        w.set_context(None)
        w.close()


def _document(folder: Path, chars: int) -> tuple[float, float]:
    from tests.ui.test_large_content import long_paragraph
    from workbench.service import ProjectService

    text = long_paragraph(chars)
    path = folder / f"doc-{chars}.db"
    svc = ProjectService.create(path, "Long text")
    try:
        svc.add_document("Short", "A short document.")
        doc = svc.add_document("Transcript", text).new_id
        claim = svc.add_claim(text[-300:-250], doc, len(text) - 300, len(text) - 250).new_id
        short = next(d["id"] for d in svc.list_documents() if d["title"] == "Short")
    finally:
        svc.close()
    w = _window(path)
    try:
        w.ctx.select_claim("")
        w.ctx.select_document(short)
        _spin(0.1)
        view = w.document_pane.view
        return _watched(lambda: w.ctx.select_claim(claim), lambda: getattr(view, "laid_out", True))
    finally:
        w.set_context(None)
        w.close()


def _merge(folder: Path, history: int) -> tuple[float, float]:
    from tests.ui import test_large_content as t
    from ui.session import messages
    from ui.sharing import sharing_actions
    from workbench.demo import write_demo

    alice = write_demo(folder / f"alice-{history}.db", analyst="setup")
    w = _window(alice, analyst="Alice")
    informed: list[str] = []
    saved = (sharing_actions.inform, messages.ask_open_path, t.HISTORY)
    sharing_actions.inform = lambda _p, _t, text: informed.append(text)
    bob = folder / f"bob-{history}.db"
    messages.ask_open_path = lambda *_a: str(bob)
    t.HISTORY = history
    try:
        t.copy_with_long_history(w.ctx.service, bob)
        return _watched(w.extensions["sharing"].merge_action.trigger, lambda: bool(informed))
    finally:
        sharing_actions.inform, messages.ask_open_path, t.HISTORY = saved
        w.set_context(None)
        w.close()


def run(quick: bool = False) -> list[dict[str, Any]]:
    _app()
    folder = Path(tempfile.mkdtemp(prefix="vwb-bench-large-"))
    rows: list[dict[str, Any]] = []
    try:
        small_board = _board(folder, 3, False)
        small_doc = _document(folder, 3_000)
        small_merge = _merge(folder, 10)
        chars, history = (4_000_000, 40_000) if quick else (11_000_000, 300_000)
        cases = [
            ("claim with 1,000 evidence items (chain)", _board(folder, 1000, False), small_board),
            ("claim with 1,000 evidence items (cycle)", _board(folder, 1000, True), small_board),
            (f"document of one {chars / 1e6:.0f} MB paragraph", _document(folder, chars), small_doc),
            (f"merge bringing {history:,} history entries", _merge(folder, history), small_merge),
        ]
        for name, (stall, total), (floor_stall, floor_total) in cases:
            rows.append({"name": f"{name}: longest GUI stall (CPU)", "value": stall, "unit": "s",
                         "floor": floor_stall, "ratio": stall / floor_stall if floor_stall else None,
                         "target": STALL_TARGET_S, "target_of": "value"})
            rows.append({"name": f"{name}: GUI CPU, whole operation", "value": total, "unit": "s",
                         "floor": floor_total, "ratio": total / floor_total if floor_total else None,
                         "target": None, "target_of": "value"})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


if __name__ == "__main__":
    raise SystemExit(common.main(run, __doc__, "4 MB document and 40,000 history entries"))
