"""Desktop integration and the keyboard: icon, desktop entry name, files
handed over by macOS, F6 through every visible pane, live evidence cards,
and the confidence explained one reason per line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QDockWidget, QListWidget

from tests.conftest import ROOT
from ui.board.confidence_panel import confidence_reasons
from ui.board.evidence_card import EvidenceCard
from ui.widgets.theme import DESKTOP_FILE_NAME, app_icon

_PROBE = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from ui import app
code = app.main(["--demo", "--screenshot", sys.argv[1]])
from PySide6.QtWidgets import QApplication
q = QApplication.instance()
print(json.dumps({"code": code, "desktop": q.desktopFileName(),
                  "icon": sorted(s.width() for s in q.windowIcon().availableSizes())}))
"""


def test_the_desktop_entry_name_and_icon_are_set_at_start_up(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-c", _PROBE, str(tmp_path / "shot.png")], capture_output=True,
                            text=True, timeout=120, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-800:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["code"] == 0 and (tmp_path / "shot.png").stat().st_size > 10_000
    assert found["desktop"] == DESKTOP_FILE_NAME
    assert {16, 32, 48, 256} <= set(found["icon"])


def test_the_desktop_name_is_the_packaged_desktop_file() -> None:
    entries = [p.stem for p in (ROOT / "packaging" / "linux").glob("*.desktop")]
    assert entries == [DESKTOP_FILE_NAME]
    text = (ROOT / "packaging" / "linux" / f"{DESKTOP_FILE_NAME}.desktop").read_text(encoding="utf-8")
    assert f"Icon={DESKTOP_FILE_NAME}" in text


def test_the_window_has_the_app_icon(window: Any) -> None:
    assert not app_icon().isNull()
    sizes = {s.width() for s in window.windowIcon().availableSizes()}
    assert {16, 32, 64, 128, 512} <= sizes


def test_a_file_handed_over_by_the_system_opens(qtbot: Any, qapp: Any, window: Any, tmp_path: Path) -> None:
    """macOS: double-clicking a project sends QEvent.FileOpen to the running
    app, possibly before the window is ready."""
    from ui.app import FileOpenHandler
    from workbench.demo import write_demo

    other = write_demo(tmp_path / "second project.db", analyst="tester")
    handler = FileOpenHandler(qapp)
    try:
        QCoreApplication.postEvent(qapp, QFileOpenEvent(str(other)))
        qapp.processEvents()
        assert handler.pending == [str(other)]  # kept until the window can open it
        handler.set_target(lambda p: window.open_path(p, remember=False))
        qtbot.waitUntil(lambda: window.ctx is not None and window.ctx.path == other)
        assert handler.pending == []
        first = window.ctx
        QCoreApplication.postEvent(qapp, QFileOpenEvent(QUrl.fromLocalFile(str(other))))
        qtbot.waitUntil(lambda: window.ctx is not first)
        assert window.ctx.path == other
    finally:
        qapp.removeEventFilter(handler)
        handler.deleteLater()


def test_f6_reaches_the_suggestions_and_orphans_lists_only_while_they_are_shown(qtbot: Any, demo_path: Path
                                                                                ) -> None:
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False)
    qtbot.addWidget(w)
    assert w.open_path(demo_path, remember=False)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: "suggestions" in w.extensions)
    base = [w.navigator.claims_view, w.document_pane.view, w.board, w.panel.table]
    assert w.panes() == base  # their docks start hidden
    suggestions = w.extensions["suggestions"].list
    dock = w.findChild(QDockWidget, "suggestionsDock")
    dock.show()
    qtbot.waitUntil(suggestions.isVisible)
    assert w.panes() == [*base, suggestions]
    w.panel.table.setFocus()
    qtbot.keyClick(w, Qt.Key.Key_F6)
    assert suggestions.hasFocus()
    qtbot.keyClick(w, Qt.Key.Key_F6)
    assert w.navigator.claims_view.hasFocus()  # round again
    qtbot.keyClick(w, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert suggestions.hasFocus()

    orphans = QListWidget()
    orphans.setAccessibleName("Orphaned claims and quotes")
    real = w.extensions.get("orphans")
    assert real is not None and not real.list.isVisible()  # the demo has no orphans: skipped
    w.extensions["orphans"] = SimpleNamespace(list=orphans)
    try:
        assert orphans not in w.panes()
        dock.setWidget(orphans)  # on screen now
        qtbot.waitUntil(orphans.isVisible)
        assert w.panes()[-1] is orphans
    finally:
        w.extensions["orphans"] = real
    w.set_context(None)


def test_cards_answer_the_mouse_and_the_keys(window: Any, qtbot: Any) -> None:
    """Enter edits, Space shows the quote, a click selects (these handlers
    were once unreachable, nested by mistake in a helper function)."""
    w = window
    card: EvidenceCard = next(c for c in w.board.cards.values() if c.evidence_id != w.ctx.current_evidence)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert w.ctx.current_evidence == card.evidence_id and card.selected
    edits: list[str] = []
    quotes: list[str] = []
    card.editRequested.disconnect()
    card.quoteRequested.disconnect()
    card.editRequested.connect(edits.append)
    card.quoteRequested.connect(quotes.append)
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Return)
    qtbot.keyClick(card, Qt.Key.Key_Space)
    assert edits == [card.evidence_id] and quotes == [card.evidence_id]


def test_low_confidence_is_explained_one_reason_per_line(window: Any) -> None:
    panel = window.panel
    assert panel.confidence_label.text() == "Low confidence"
    assert panel.reasons_label.isVisible()
    html = panel.reasons_label.text()
    assert "Low confidence because:" in html
    for reason in ("no single origin carries substantive weight on its own",
                   "the two sides nearly balance (the weaker weighs 97% of the stronger)",
                   "uncertainty is high (0.56)"):
        assert f"•&nbsp;&nbsp;{reason}</p>" in html
    assert panel.reasons_label.accessibleDescription().startswith("We have low confidence in this judgement")
    assert "roughly even chance (45–55%)" in panel.sentences_label.text()


def test_the_confidence_sentence_splits_only_when_it_has_the_known_shape() -> None:
    lead, reasons = confidence_reasons(
        "We have moderate confidence in this judgement because two independent origins of substantive "
        "weight support the claim, at least one of them is graded A or B and has no stake in the outcome, "
        "nothing weighs on the other side and uncertainty is low (0.20).")
    assert lead == "Moderate confidence because:"
    assert reasons == ["two independent origins of substantive weight support the claim",
                       "at least one of them is graded A or B and has no stake in the outcome",
                       "nothing weighs on the other side", "uncertainty is low (0.20)"]
    whole = "We have low confidence in this judgement because no evidence has been weighed yet."
    assert confidence_reasons(whole) == (whole, [])


def test_long_quotes_on_cards_are_cut_between_words() -> None:
    from ui.board.evidence_card import QUOTE_CHARS, _clip

    quote = ("A Ukrainian military intelligence source has informed the BBC that Russia’s military is "
             "reportedly establishing a unit comprised of approximately 3,000 North Korean soldiers")
    short = _clip(quote)
    assert len(short) <= QUOTE_CHARS and short.endswith("North…")
    assert _clip("word " * 10) == "word " * 9 + "word"  # short enough: whole, spaces tidied
    assert len(_clip("x" * 400)) == QUOTE_CHARS  # one endless word: cut inside it
