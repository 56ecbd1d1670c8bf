"""The window stays responsive at the sizes the app accepts.

Each test builds a real project file through the service API with content
at (or near) what the app accepts, drives the window as a user would, and
watches the GUI event loop with a ticking timer (:mod:`tests.ui.ticks`):
the longest time the GUI thread spent without returning to its loop must
stay well under a second (the old code took tens of seconds).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import open_window
from tests.ui.ticks import TickWatch
from ui.board.evidence_board import PAGE
from workbench.merge import PREPARE_STEPS
from workbench.service import ProjectService
from workbench.store.exchange import FORMAT

#: The GUI thread may spend at most this much CPU between two turns of its loop.
MAX_CPU_GAP_S = 1.0
#: Wall-clock bound, generous for a loaded machine (7 s was seen at load 15 with 0.9 s of CPU):
#: it catches waits the CPU clock does not see; the old code stalled for a minute and more.
MAX_WALL_GAP_S = 20.0

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
            qtbot.waitUntil(lambda: all(c.shown == PAGE for c in board.columns.values()), timeout=60_000)
            qtbot.wait(100)
        assert_responsive(watch)
        assert watch.ticks >= 3, watch  # the page filled a batch per turn of the event loop
        per_column = -(-ITEMS // 3)
        for column in board.columns.values():
            # The heading counts every item; the column shows a page and says what is left.
            assert column.heading.text().endswith(f"({len(column.items)})")
            assert len(column.items) in (per_column, per_column - 1)
            assert column.shown == PAGE
            assert column.more_button.isVisible()
            assert column.more_button.text() == f"Show {PAGE} more"
            assert column.more_button.toolTip() == f"{len(column.items) - PAGE} of {len(column.items)} not shown yet"
        assert len(board.cards) == 3 * PAGE
        if cycle:
            return  # paging on is the same for a cycle; once is enough for the suite's time

        corroborating = board.columns["corroborates"]
        with TickWatch() as watch:
            qtbot.mouseClick(corroborating.more_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: corroborating.shown == 2 * PAGE, timeout=60_000)
            qtbot.wait(100)
        assert_responsive(watch)
        assert corroborating.shown == 2 * PAGE
        assert corroborating.items[2 * PAGE - 1]["id"] in board.cards

        # An item far down the column, selected elsewhere (the document, the breakdown): its page is shown.
        last = corroborating.items[-1]["id"]
        with TickWatch() as watch:
            w.ctx.select_evidence(last)
            qtbot.waitUntil(lambda: last in board.cards, timeout=60_000)  # a batch per turn of the loop
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


# --------------------------------------------------------------------------- merging a long history

HISTORY = 40_000  # above SQLite's 32,766 bound values per statement, which undo once exceeded


def copy_with_long_history(alice: ProjectService, bob: Path) -> None:
    """Bob's copy of Alice's open project: a long history (one edit each) and one new claim."""
    import json
    import uuid

    alice.save_copy(bob)
    svc = ProjectService.open(bob, analyst="Bob")
    try:
        claim = svc.list_claims()[0]["id"]
        details = json.dumps({"ids": {"claims": [claim]}})
        base = svc.last_event_seq()
        events = [{"id": str(uuid.uuid4()), "seq": base + 1 + i, "at": "2026-01-01T00:00:00Z", "who": "Bob",
                   "action": "update_claim", "summary": f"Edited a claim ({i})", "details": details}
                  for i in range(HISTORY)]
        svc.apply_patch({"upsert": {}, "delete": {}}, "import_history", "Earlier history", extra_rows=events)
        svc.add_claim("Bob's new claim")
    finally:
        svc.close()


class Progress:
    """Every ``Task.progress`` call of the merge's workers, from whatever thread."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from ui.session import workers

        self.calls: list[tuple[int, int, str]] = []
        self.pause_at: str | None = None  # block the worker at the first report with this text...
        self.reached = threading.Event()
        self.go_on = threading.Event()    # ...until the test has pressed Cancel
        original = workers.Task.progress

        def progress(task: Any, done: int, total: int = 0, text: str = "") -> None:
            self.calls.append((done, total, text))
            original(task, done, total, text)
            if self.pause_at and text.startswith(self.pause_at) and 0 < done < total and not self.reached.is_set():
                self.reached.set()
                self.go_on.wait(30)

        monkeypatch.setattr(workers.Task, "progress", progress)


def event_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM event").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def alice(qtbot: Any, tmp_path: Path) -> Any:
    from workbench.demo import write_demo

    w = open_window(qtbot, write_demo(tmp_path / "alice.db", analyst="setup"), analyst="Alice")
    yield w
    w.set_context(None)


def test_merging_a_copy_with_a_long_history_runs_in_a_worker(
        alice: Any, qtbot: Any, dialogs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.sharing import sharing_actions

    informed: list[str] = []
    monkeypatch.setattr(sharing_actions, "inform", lambda _p, _t, text: informed.append(text))
    progress = Progress(monkeypatch)
    w, bob = alice, tmp_path / "bob.db"
    copy_with_long_history(w.ctx.service, bob)
    events_before, steps = event_count(w.ctx.path), w.ctx.undo_stack.count()
    dialogs.open_path = str(bob)
    with TickWatch() as watch:
        w.extensions["sharing"].merge_action.trigger()
        qtbot.waitUntil(lambda: bool(informed), timeout=120_000)
    assert_responsive(watch)
    assert watch.ticks >= 10, watch
    assert dialogs.errors == []
    assert "Bob's new claim" in [c["text"] for c in w.ctx.store.claims.values()]
    assert event_count(w.ctx.path) == events_before + HISTORY + 2 + 1  # Bob's events and the merge's own
    # Progress: the comparison by steps, then the history copied chunk by chunk up to all of it.
    comparing = [c for c in progress.calls if c[2].startswith("Comparing")]
    copying = [c for c in progress.calls if c[2].startswith("Copying")]
    assert comparing and comparing[-1][0] == comparing[-1][1] > 0
    assert len(copying) >= 4 and copying[-1][:2] == (HISTORY + 2, HISTORY + 2)
    assert [c[0] for c in copying] == sorted(c[0] for c in copying)
    assert w.ctx.undo_stack.count() == steps + 1 and w.undo_action.text() == "&Undo Merge bob.db"

    # Undo forgets the 40,002 events it brought (once "too many SQL variables"), redo brings them
    # back: both in a worker, with progress.
    with TickWatch() as watch:
        with qtbot.waitSignal(w.ctx.changed, timeout=60_000):
            w.undo_action.trigger()
    assert_responsive(watch)
    assert any(c[2].startswith("Undo: 40,002 history entries") and c[0] == c[1] > 0 for c in progress.calls)
    assert dialogs.errors == [] and event_count(w.ctx.path) == events_before + 2  # the merge and the undo
    assert "Bob's new claim" not in [c["text"] for c in w.ctx.store.claims.values()]
    assert w.redo_action.text() == "&Redo Merge bob.db"
    with TickWatch() as watch:
        with qtbot.waitSignal(w.ctx.changed, timeout=60_000):
            w.redo_action.trigger()
    assert_responsive(watch)
    assert dialogs.errors == [] and event_count(w.ctx.path) == events_before + HISTORY + 2 + 3
    assert "Bob's new claim" in [c["text"] for c in w.ctx.store.claims.values()]

    # Cancelling a long undo rolls it back and puts the stack back: the merge can still be undone.
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    progress.pause_at = "Undo:"
    progress.reached.clear()
    progress.go_on.clear()
    counted = event_count(w.ctx.path)
    w.undo_action.trigger()
    qtbot.waitUntil(progress.reached.is_set, timeout=60_000)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in QApplication.topLevelWidgets()
                                if isinstance(d, QProgressDialog)), timeout=10_000)
    dialog = next(d for d in QApplication.topLevelWidgets() if isinstance(d, QProgressDialog) and d.isVisible())
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    progress.go_on.set()
    qtbot.waitUntil(lambda: "cancelled" in w.statusBar().currentMessage(), timeout=60_000)
    assert "nothing was changed" in w.statusBar().currentMessage()
    assert event_count(w.ctx.path) == counted and dialogs.errors == []
    assert w.undo_action.text() == "&Undo Merge bob.db" and w.ctx.undo_stack.count() == steps + 1


@pytest.mark.parametrize("stage", ["Comparing", "Copying"])
def test_cancelling_a_long_merge_changes_nothing(
        alice: Any, qtbot: Any, dialogs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from ui.sharing import sharing_actions

    informed: list[str] = []
    monkeypatch.setattr(sharing_actions, "inform", lambda _p, _t, text: informed.append(text))
    progress = Progress(monkeypatch)
    progress.pause_at = stage  # the worker waits (comparing, or mid-transaction) for the test to press Cancel
    w, bob = alice, tmp_path / "bob.db"
    copy_with_long_history(w.ctx.service, bob)
    before, history, steps = w.ctx.service.dump(), w.ctx.service.history(), w.ctx.undo_stack.count()
    events_before, size_before = event_count(w.ctx.path), w.ctx.path.stat().st_size
    dialogs.open_path = str(bob)
    with TickWatch() as watch:
        w.extensions["sharing"].merge_action.trigger()
        qtbot.waitUntil(progress.reached.is_set, timeout=120_000)
        # The stage's own dialog, once the worker's queued progress has reached it (the previous
        # stage's dialog may still be on its way out).
        maximum = HISTORY + 2 if stage == "Copying" else PREPARE_STEPS

        def stage_dialog() -> QProgressDialog | None:
            return next((d for d in w.findChildren(QProgressDialog)
                         if d.isVisible() and d.maximum() == maximum and d.value() > 0), None)

        qtbot.waitUntil(lambda: stage_dialog() is not None, timeout=10_000)
        dialog = stage_dialog()
        assert dialog is not None and dialog.isModal()
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        progress.go_on.set()
        qtbot.waitUntil(lambda: "cancelled" in w.statusBar().currentMessage(), timeout=60_000)
    assert_responsive(watch)
    assert w.statusBar().currentMessage() == "Merge of bob.db cancelled; nothing was changed."
    assert w.ctx.service.dump() == before and w.ctx.service.history() == history
    assert event_count(w.ctx.path) == events_before and w.ctx.path.stat().st_size == size_before
    assert w.ctx.undo_stack.count() == steps and informed == [] and dialogs.errors == []
    # Nothing is left half-done: the same copy merges cleanly afterwards.
    progress.pause_at = None
    w.extensions["sharing"].merge_action.trigger()
    qtbot.waitUntil(lambda: bool(informed), timeout=120_000)
    assert event_count(w.ctx.path) == events_before + HISTORY + 3


# --------------------------------------------------------------------------- a very long paragraph

def long_paragraph(chars: int) -> str:
    """One paragraph of sentences (no line break at all), an emoji near the start."""
    words = "the minister said that bridge cost three million people report council year new".split()
    out, n, i = ["Opening 🌉 remarks."], 0, 0
    while n < chars:
        sentence = " ".join(words[(i + k) % len(words)] for k in range(11)).capitalize() + "."
        out.append(sentence)
        n += len(sentence) + 1
        i += 1
    return " ".join(out)


def test_display_pieces_keep_every_offset() -> None:
    from ui.document.document_view import LONG_PARAGRAPH, PIECE_CHARS, display_text

    text = long_paragraph(300_000) + "\nA short second paragraph."
    shown = display_text(text)
    assert len(shown) == len(text)
    changed = [i for i, (a, b) in enumerate(zip(text, shown, strict=True)) if a != b]
    assert changed and all(text[i] == " " and shown[i] == "\n" and text[i - 1] == "." for i in changed)
    pieces = shown.split("\n")
    assert all(len(p) <= LONG_PARAGRAPH for p in pieces)
    assert all(len(p) >= PIECE_CHARS for p in pieces[:-2])
    assert display_text("short. text") == "short. text"
    assert display_text("x" * 50_000) == "x" * 50_000  # no space to break at: left whole


def test_a_four_megabyte_paragraph_is_shown_while_it_is_laid_out(qtbot: Any, tmp_path: Path) -> None:
    text = long_paragraph(4_000_000)
    # A claim near the end, across a place where the view breaks the paragraph into pieces.
    from ui.document.document_view import display_text

    shown = display_text(text)
    cut = shown.rindex("\n")
    start, end = cut - 30, cut + 30
    path = tmp_path / "long.db"
    svc = ProjectService.create(path, "Long text")
    try:
        svc.add_document("Short", "A short document.")
        doc_id = svc.add_document("Transcript", text).new_id
        claim_id = svc.add_claim(text[start:end], doc_id, start, end).new_id
        short_id = next(d["id"] for d in svc.list_documents() if d["title"] == "Short")
    finally:
        svc.close()
    w = open_window(qtbot, path, extensions=False)
    try:
        w.ctx.select_claim("")
        w.ctx.select_document(short_id)
        qtbot.wait(50)
        view = w.document_pane.view
        assert view.text == "A short document." and view.laid_out
        progress: list[tuple[int, int]] = []
        view.layoutProgress.connect(lambda done, total: progress.append((done, total)))
        with TickWatch() as watch:
            w.ctx.select_claim(claim_id)  # shows the document and asks to scroll to the claim
            qtbot.waitUntil(lambda: view.laid_out, timeout=120_000)
            qtbot.wait(100)
        assert_responsive(watch)
        assert watch.ticks >= 5, watch
        assert view.text == text
        assert len(progress) >= 3 and progress[-1][0] == progress[-1][1] == len(text) + 1  # + one emoji unit
        assert [d for d, _t in progress] == sorted(d for d, _t in progress)
        assert not w.document_pane.layout_label.isVisible()

        # The claim's highlight is on exactly its characters (past the emoji, across the piece break).
        qs, qe = view.offsets.span_to_qt(start, end)
        highlight = [s for s in view.extraSelections() if s.cursor.selectionStart() == qs]
        assert highlight and highlight[0].cursor.selectionEnd() == qe
        assert highlight[0].cursor.selectedText().replace("\u2029", " ") == text[start:end]
        # It was scrolled to once laid out that far.
        rect = view.cursorRect(highlight[0].cursor)
        assert view.viewport().rect().intersects(rect)
        # Selecting and copying give the stored characters (a space where the view breaks the line).
        view.select_span(start, end)
        assert view.selected_span() == (start, end, text[start:end])
        assert view.createMimeDataFromSelection().text() == text[start:end]
    finally:
        w.set_context(None)
