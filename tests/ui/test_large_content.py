"""The window stays responsive at the sizes the app accepts.

Each test builds a real project file through the service API with content
at (or near) what the app accepts, drives the window as a user would, and
watches the GUI event loop with a ticking timer (:mod:`tests.ui.ticks`):
the longest time the GUI thread spent without returning to its loop must
stay well under a second (the old code took tens of seconds).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import open_window
from tests.ui.ticks import TickWatch
from ui.board.evidence_board import PAGE
from workbench.service import ProjectService
from workbench.store.exchange import FORMAT

#: The GUI thread may spend at most this much CPU between two turns of its loop.
MAX_CPU_GAP_S = 1.0
#: Wall-clock bound, generous for a loaded machine: catches waits the CPU clock does not see.
MAX_WALL_GAP_S = 5.0

ITEMS = 1000
STANCES = ("corroborates", "contradicts", "context")


def board_project(path: Path, *, cycle: bool) -> Path:
    """A claim with 1,000 evidence items, each relaying the one before (a cycle when ``cycle``)."""
    text = "The minister said the bridge cost 3 million. " * 4
    sources = [{"id": f"s{i}", "name": f"Outlet {i}", "kind": "outlet", "reliability": "ABCDEF"[i % 6]}
               for i in range(50)]
    evidence = []
    for i in range(ITEMS):
        e: dict[str, Any] = {"id": f"e{i}", "claim": "c1", "source": f"s{i % 50}", "stance": STANCES[i % 3],
                             "credibility": 1 + i % 6, "quote": f"Report {i} on what the bridge cost."}
        if i or cycle:
            e["derives_from"] = {"evidence": f"e{(i - 1) % ITEMS}"}
        evidence.append(e)
    svc = ProjectService.create(path, "Large claim")
    try:
        svc.load_exchange({"format": FORMAT, "documents": [{"id": "d", "title": "Article", "text": text}],
                           "sources": sources, "evidence": evidence,
                           "claims": [{"id": "c0", "text": "Another claim"},
                                      {"id": "c1", "text": "The bridge cost 3 million", "document": "d",
                                       "start": 4, "end": 40}]})
    finally:
        svc.close()
    return path


def assert_responsive(watch: TickWatch) -> None:
    assert watch.ticks > 0, watch
    assert watch.max_cpu_gap < MAX_CPU_GAP_S, watch
    assert watch.max_wall_gap < MAX_WALL_GAP_S, watch


@pytest.mark.parametrize("cycle", [False, True], ids=["chain", "cycle"])
def test_a_claim_with_a_thousand_items_opens_a_page_at_a_time(qtbot: Any, tmp_path: Path, cycle: bool) -> None:
    w = open_window(qtbot, board_project(tmp_path / "big.db", cycle=cycle), extensions=False)
    try:
        w.ctx.select_claim("c0")
        qtbot.wait(50)
        board = w.board
        board._forget_cards()  # no card cached from the first claim shown at open: build them all now
        with TickWatch() as watch:
            w.ctx.select_claim("c1")
            qtbot.wait(300)
        assert_responsive(watch)
        per_column = -(-ITEMS // 3)
        for column in board.columns.values():
            # The heading counts every item; the column shows a page and says what is left.
            assert column.heading.text().endswith(f"({len(column.items)})")
            assert len(column.items) in (per_column, per_column - 1)
            assert column.shown == PAGE
            assert column.more_button.isVisible()
            assert column.more_button.text() == f"Show {PAGE} more ({len(column.items) - PAGE} not shown)"
        assert len(board.cards) == 3 * PAGE

        corroborating = board.columns["corroborates"]
        with TickWatch() as watch:
            qtbot.mouseClick(corroborating.more_button, Qt.MouseButton.LeftButton)
            qtbot.wait(100)
        assert_responsive(watch)
        assert corroborating.shown == 2 * PAGE
        assert corroborating.items[2 * PAGE - 1]["id"] in board.cards

        # An item far down the column, selected elsewhere (the document, the breakdown): its page is shown.
        last = corroborating.items[-1]["id"]
        with TickWatch() as watch:
            w.ctx.select_evidence(last)
            qtbot.waitUntil(lambda: last in board.cards, timeout=20_000)  # a page per turn of the loop
            qtbot.wait(100)
        assert_responsive(watch)
        assert watch.ticks >= 5, watch
        assert board.cards[last].selected and board.cards[last].isVisible()
        assert not corroborating.more_button.isVisible()
        # The breakdown table holds every item but stays a panel's height, scrolling itself.
        panel = w.panel
        assert panel.model.rowCount() == ITEMS
        assert panel.table.height() < 2000
    finally:
        w.set_context(None)
