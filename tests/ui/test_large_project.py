"""A project too large to assess whole at open: claims are assessed on first
use, and every claim in the background, off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from ui.views.claims_model import COL_LIKELIHOOD
from workbench.service import ProjectService
from workbench.store.exchange import FORMAT

N = 260  # above ui.session.store._ASSESS_AT_OPEN


def make_project(path: Path) -> Path:
    words = [f"claim{i:03d}" for i in range(N)]
    text = " ".join(words)
    claims, evidence = [], []
    for i, w in enumerate(words):
        start = text.index(w)
        claims.append({"id": f"c{i}", "text": f"Statement {i}", "document": "d", "start": start,
                       "end": start + len(w)})
        if i % 2:
            evidence.append({"id": f"e{i}", "claim": f"c{i}", "source": "s", "stance": "corroborates",
                             "credibility": 1 + i % 5})
    svc = ProjectService.create(path, "Large")
    try:
        svc.load_exchange({"format": FORMAT, "documents": [{"id": "d", "title": "Doc", "text": text}],
                           "sources": [{"id": "s", "name": "Wire", "kind": "outlet", "reliability": "B"}],
                           "claims": claims, "evidence": evidence})
    finally:
        svc.close()
    return path


def test_assessed_on_first_use_then_all_in_the_background(qtbot: Any, tmp_path: Path) -> None:
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.projectChanged, timeout=5000):
        assert w.open_path(make_project(tmp_path / "large.db"), remember=False)
    store = w.ctx.store
    assert store.assessment("c1") is not None  # on demand
    qtbot.waitUntil(lambda: store.all_assessed, timeout=10_000)
    assert len(store.assessments) == N
    assert store.assessments["c3"].likelihood != "no assessment"
    proxy = w.navigator.claims_proxy
    w.navigator.claims_view.setColumnHidden(COL_LIKELIHOOD, False)
    w.navigator.claims_view.sortByColumn(COL_LIKELIHOOD, Qt.SortOrder.DescendingOrder)
    top = proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1)
    assert store.assessments[top].probability == max(a.probability for a in store.assessments.values())
    w.set_context(None)
