"""A claim's history (who, when, how its likelihood moved) and the analyst name it shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor

from tests.ui.conftest import accept_with, open_window
from ui.board.history_panel import COL_LIKELIHOOD, COL_WHAT, COL_WHO, HistoryPanel
from ui.session.preferences import (
    PreferencesDialog,
    analyst_name,
    ask_analyst_name_once,
    edit_analyst_name,
    set_analyst_name,
)
from ui.widgets.colors import band_hex
from workbench.demo import write_demo
from workbench.merge import apply_merge, merge_projects
from workbench.service import ProjectService, default_analyst


def _rows(panel: HistoryPanel) -> list[list[str]]:
    return [[panel.list.topLevelItem(i).text(c) for c in range(4)] for i in range(panel.list.topLevelItemCount())]


def test_shows_who_changed_the_evidence_and_how_the_likelihood_moved(qtbot: Any, demo_service: Any) -> None:
    svc = demo_service
    svc.analyst = "Alice"
    svc.link_evidence("c1", "s-bbc", "corroborates", 2)
    svc.analyst = "Bob"
    svc.link_evidence("c1", "s-peskov", "contradicts", 2)
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.show_claim(svc, "c1")

    rows = _rows(panel)
    assert [r[COL_WHO] for r in rows[:2]] == ["Bob", "Alice"], "newest first"
    assert rows[0][COL_WHAT].startswith("Linked evidence (contradicts)")
    assert rows[0][COL_LIKELIHOOD].startswith("▼ ") and rows[1][COL_LIKELIHOOD].startswith("▲ ")
    history = svc.history("c1")
    latest = history[0]["assessment"]
    assert f"{latest['likelihood']} ({round(latest['probability'] * 100)}%)" in rows[0][COL_LIKELIHOOD]
    assert "Alice" in panel.heading.text() and "Bob" in panel.heading.text()

    steps = panel.steps()
    assert [s.who for s in steps[-2:]] == ["Alice", "Bob"] and steps[-1].probability < steps[-2].probability
    assert "judgements" in panel.chart.accessibleDescription()


def test_the_chart_draws_each_judgement_at_its_probability_in_its_band_colour(qtbot: Any,
                                                                            demo_service: Any) -> None:
    demo_service.link_evidence("c1", "s-bbc", "corroborates", 2)
    demo_service.link_evidence("c1", "s-sk-minister", "corroborates", 2)
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.resize(500, 400)
    panel.show_claim(demo_service, "c1")
    panel.show()
    qtbot.waitExposed(panel)

    chart = panel.chart
    steps = [s for s in panel.steps() if s.assessed]
    points = chart.points()
    assert len(points) == len(steps)
    assert points[-1].y() < points[0].y(), "a higher probability is drawn higher"
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    pixel = image.pixelColor(int(points[-1].x() * ratio), int(points[-1].y() * ratio))
    expected = QColor(band_hex(steps[-1].likelihood))
    assert max(abs(pixel.red() - expected.red()), abs(pixel.green() - expected.green()),
               abs(pixel.blue() - expected.blue())) < 40


def test_a_colleagues_merged_changes_appear_under_their_name(qtbot: Any, tmp_path: Path) -> None:
    alice = ProjectService.open(write_demo(tmp_path / "alice.db", analyst="setup"), analyst="Alice")
    alice.save_copy(tmp_path / "bob.db")
    bob = ProjectService.open(tmp_path / "bob.db", analyst="Bob")
    bob.link_evidence("c2", "s-bbc", "contradicts", 2)
    bob.close()
    apply_merge(alice, merge_projects(alice, tmp_path / "bob.db"), {})
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.show_claim(alice, "c2")
    alice.close()
    rows = _rows(panel)
    # Newest first: Alice's merge came after Bob's change, and the service
    # records the merge's own event after the colleague's events it copies in.
    assert [r[COL_WHO] for r in rows[:2]] == ["Alice", "Bob"]
    assert rows[0][COL_WHAT].startswith("Merged bob.db (changes by Bob)")
    assert rows[1][COL_WHAT].startswith("Linked evidence (contradicts)")
    assert rows[1][COL_LIKELIHOOD].startswith("▼ "), "Bob's contradicting evidence moved it down"
    assert "Bob" in panel.heading.text()


def test_the_history_dock_follows_the_selected_claim_and_its_edits(qtbot: Any, demo_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """View ▸ History: the selected claim's changes, refreshed after each edit, undo and switch."""
    from PySide6.QtWidgets import QDockWidget

    from ui.dialogs.evidence_form import EvidenceForm

    w = open_window(qtbot, demo_path)
    ctx = w.ctx
    ctx.service.analyst = "Alice"
    dock = w.findChild(QDockWidget, "historyDock")
    panel = dock.widget()
    assert dock.isHidden() and dock.toggleViewAction() in w.menus["view"].actions()
    dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: panel.list.topLevelItemCount() > 0, timeout=5000)
    assert panel.heading.text().startswith(f"“{ctx.store.claims['c1']['text']}”")
    count = panel.list.topLevelItemCount()

    def fill(form: EvidenceForm) -> None:
        form.source_combo.setCurrentIndex(form.source_combo.findData("s-lankov"))
        form.stance_buttons["corroborates"].setChecked(True)
        form.credibility.setCurrentIndex(form.credibility.findData(2))
        form.quote.setPlainText("Experts like Andrei Lankov agree.")
    accept_with(monkeypatch, EvidenceForm, fill)
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        w.menu_actions.add_evidence.trigger()
    rows = _rows(panel)
    assert len(rows) == count + 1
    assert rows[0][COL_WHO] == "Alice" and rows[0][COL_WHAT].startswith("Linked evidence (corroborates)")
    assert rows[0][COL_LIKELIHOOD].startswith("▲ likely (71%)"), "the list shows the move up"
    assert "Alice" in panel.heading.text()

    ctx.run("Grade source", lambda: ctx.service.set_reliability("s-lankov", "E"))  # evidence's source regraded
    assert _rows(panel)[0][COL_WHAT] == "Graded a source E" and _rows(panel)[0][COL_LIKELIHOOD].startswith("▼ ")

    ctx.select_claim("c2")
    assert panel.heading.text().startswith(f"“{ctx.store.claims['c2']['text']}”")
    assert all(r[COL_WHAT] != "Graded a source E" for r in _rows(panel)), "c2 has no evidence from Lankov"
    ctx.select_claim("c1")
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        w.undo_action.trigger()
    assert _rows(panel)[0][COL_WHAT] == "Undo: Graded a source E" and _rows(panel)[0][COL_WHO] == "Alice"
    w.set_context(None)
    assert panel.list.topLevelItemCount() == 0


def test_a_claim_without_history(qtbot: Any) -> None:
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.set_events([])
    assert panel.list.topLevelItemCount() == 0
    assert "no changes recorded" in panel.heading.text().lower()
    assert panel.chart.description() == "No judgement recorded yet."
    panel.chart.grab()  # paints without judgements


def test_a_change_without_a_judgement_is_listed_but_not_charted(qtbot: Any) -> None:
    events = [
        {"at": "2024-10-16T10:00:00+00:00", "who": "Bob", "action": "update_claim", "summary": "Edited a claim",
         "assessment": None},
        {"at": "2024-10-15T09:00:00+00:00", "who": "Alice", "action": "add_claim", "summary": "Marked claim",
         "assessment": {"probability": 0.5, "likelihood": "roughly even chance", "confidence": "low"}},
    ]
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.set_events(events, "Ships were seen")
    assert [r[COL_LIKELIHOOD] for r in _rows(panel)] == ["—", "roughly even chance (50%)"]
    assert len(panel.chart.points()) == 1
    assert panel.heading.text().startswith("“Ships were seen”: 2 changes")


# ----------------------------------------------------------------- the analyst name


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)


def test_analyst_name_defaults_to_the_system_user_and_is_remembered(settings: QSettings) -> None:
    assert analyst_name(settings) == default_analyst()
    assert set_analyst_name("  Alice   Smith ", settings) == "Alice Smith"
    reread = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    assert analyst_name(reread) == "Alice Smith"
    set_analyst_name("", settings)
    assert analyst_name(settings) == default_analyst()


def test_the_name_is_asked_once_and_recorded_with_changes(qtbot: Any, settings: QSettings, demo_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shown = accept_with(monkeypatch, PreferencesDialog, lambda d: d.name_edit.setText("Alice Smith"))
    assert ask_analyst_name_once(None, settings) == "Alice Smith"
    assert ask_analyst_name_once(None, settings) == "Alice Smith"
    assert len(shown) == 1, "asked once, then remembered"
    accept_with(monkeypatch, PreferencesDialog, lambda d: d.name_edit.setText("A. Smith"))
    assert edit_analyst_name(None, settings) == "A. Smith"  # changed later from Preferences

    svc = ProjectService.open(demo_path, analyst=analyst_name(settings))
    try:
        svc.update_claim("c3", note="checked")
        panel = HistoryPanel()
        qtbot.addWidget(panel)
        panel.show_claim(svc, "c3")
        assert _rows(panel)[0][COL_WHO] == "A. Smith"
    finally:
        svc.close()


def test_a_cancelled_question_is_not_asked_again(settings: QSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QDialog

    calls: list[int] = []

    def reject(self: Any) -> int:
        calls.append(1)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PreferencesDialog, "exec", reject)
    assert ask_analyst_name_once(None, settings) == default_analyst()
    assert ask_analyst_name_once(None, settings) == default_analyst()
    assert calls == [1]
