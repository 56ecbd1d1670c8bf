"""The claim assistant's panel, driven by keyboard as an analyst would:
move to Peskov's denial, accept it as evidence, undo; accept a claim;
dismiss a suggestion and find it still dismissed after reopening."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCharFormat

from tests.ui.conftest import accept_with
from tests.ui.test_import_ui import Host, unnamed_controls
from ui.dialogs.evidence_form import EvidenceForm
from ui.document.highlights import drawn_once
from ui.document.suggestion_marks import MARK_HEX
from ui.document.suggestions_panel import SuggestionsPanel, install_suggestions_panel

FAR_LESS_TEXT = "However, the numbers are said to be far less than the speculated 3,000."


def peskov_key(panel: SuggestionsPanel) -> str:
    """The assistant's reading of "Kremlin spokesman Dmitry Peskov refuted claims …"."""
    return next(s["key"] for s in panel.model.items
                if s["kind"] == "attribution" and s["speaker"] == "Dmitry Peskov" and s["verb"] == "refuted")


def far_less_key(panel: SuggestionsPanel) -> str:
    return next(s["key"] for s in panel.model.items if s["kind"] == "claim" and s["text"] == FAR_LESS_TEXT)


@pytest.fixture
def host(qtbot: Any, demo_path: Path) -> Iterator[Host]:
    # c2 (troops at Ussuriysk) has no evidence from Peskov yet.
    h = Host(qtbot, demo_path, claim="c2")
    yield h
    h.close()


def ready(qtbot: Any, host: Host) -> SuggestionsPanel:
    panel, _dock = install_suggestions_panel(host.window, host.ctx, host.view)
    host.window.show()
    qtbot.waitUntil(lambda: bool(panel.model.items), timeout=10000)
    return panel


def move_to(qtbot: Any, panel: SuggestionsPanel, key: str) -> None:
    """Press Down (or Up) until ``key`` is the current suggestion."""
    panel.list.setFocus()
    target = panel.model.row_of(key)
    assert target >= 0, f"{key} is not listed"
    for _ in range(len(panel.model.items)):
        row = panel.list.currentIndex().row()
        if row == target:
            return
        qtbot.keyClick(panel.list, Qt.Key.Key_Down if row < target else Qt.Key.Key_Up)
    assert panel.current_key() == key


def test_lists_peskovs_denial_and_accepts_it_as_evidence_by_keyboard(host: Host, qtbot: Any) -> None:
    panel = ready(qtbot, host)
    assert unnamed_controls(panel) == []
    peskov_id = peskov_key(panel)
    peskov = panel.model.items[panel.model.row_of(peskov_id)]
    assert peskov["stance_hint"] == "contradicts" and not peskov["recorded"]
    assert "Dmitry Peskov (Kremlin spokesman) refuted: “This is not only British intelligence" in \
        panel.model.index(panel.model.row_of(peskov_id)).data()
    before = {e["id"] for e in host.ctx.store.evidence_for("c2")}
    steps = host.ctx.undo_stack.count()

    move_to(qtbot, panel, peskov_id)
    with qtbot.waitSignal(host.ctx.changed, timeout=3000):
        qtbot.keyClick(panel.list, Qt.Key.Key_A)

    new = [e for e in host.ctx.store.evidence_for("c2") if e["id"] not in before]
    assert len(new) == 1
    ev = new[0]
    text = host.ctx.store.document_text("d1")
    assert (ev["source"], ev["stance"], ev["document"]) == ("s-peskov", "contradicts", "d1")
    qs, qe = peskov["quote_start"], peskov["quote_end"]
    assert text[qs:qe].startswith("This is not only British intelligence")
    assert (ev["start"], ev["end"]) == (qs, qe) and ev["quote"] == text[qs:qe]
    assert ev["anchor"] == "ok"
    assert host.ctx.undo_stack.count() == steps + 1
    assert host.ctx.current_evidence == ev["id"]
    assert panel.model.items[panel.model.row_of(peskov_id)]["recorded"] == "Already evidence for the selected claim"
    assert panel.current_key() != peskov_id  # moved on to the next one to review
    assert "Recorded Kremlin spokesman Dmitry Peskov as contradicts evidence" in panel.status.text()

    host.ctx.undo_stack.undo()
    assert {e["id"] for e in host.ctx.store.evidence_for("c2")} == before
    assert not panel.model.items[panel.model.row_of(peskov_id)]["recorded"]


def test_an_attribution_needs_a_selected_claim(host: Host, qtbot: Any) -> None:
    panel = ready(qtbot, host)
    host.ctx.select_claim("")
    move_to(qtbot, panel, peskov_key(panel))
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert panel.status.text().startswith("Select a claim first")
    assert host.ctx.undo_stack.count() == 0


def test_accept_a_claim_suggestion_marks_it_at_its_span(host: Host, qtbot: Any) -> None:
    panel = ready(qtbot, host)
    far_less = far_less_key(panel)
    move_to(qtbot, panel, far_less)
    with qtbot.waitSignal(host.ctx.changed, timeout=3000):
        qtbot.keyClick(panel.list, Qt.Key.Key_Enter)
    claim = host.ctx.store.claims[host.ctx.current_claim]
    assert claim["text"] == FAR_LESS_TEXT
    start = host.ctx.store.document_text("d1").index(FAR_LESS_TEXT)
    assert (claim["document"], claim["start"], claim["end"], claim["anchor"]) == \
        ("d1", start, start + len(FAR_LESS_TEXT), "ok")
    assert panel.model.items[panel.model.row_of(far_less)]["recorded"] == "Already a claim"
    assert host.ctx.undo_stack.undoText() == "Accept suggested claim"
    host.ctx.undo_stack.undo()
    assert claim["id"] not in host.ctx.store.claims


def test_edit_before_accepting(host: Host, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = ready(qtbot, host)

    def fill(form: EvidenceForm) -> None:
        assert form.selected_source_id() == "s-peskov"
        assert form.stance() == "contradicts"
        form.stance_buttons["context"].setChecked(True)
        form.credibility.setCurrentIndex(form.credibility.findData(4))
    seen = accept_with(monkeypatch, EvidenceForm, fill)
    move_to(qtbot, panel, peskov_key(panel))
    with qtbot.waitSignal(host.ctx.changed, timeout=3000):
        qtbot.keyClick(panel.list, Qt.Key.Key_E)
    assert len(seen) == 1
    ev = host.ctx.store.evidence(host.ctx.current_evidence)
    assert ev is not None and (ev["source"], ev["stance"], ev["credibility"]) == ("s-peskov", "context", 4)


def test_new_speaker_becomes_a_new_source_in_the_same_step(host: Host, qtbot: Any) -> None:
    panel = ready(qtbot, host)
    kim = next(s for s in panel.model.items if s.get("speaker") == "Kim Jong Un")
    move_to(qtbot, panel, kim["key"])
    sources = set(host.ctx.store.sources)
    _press_in_modal(qtbot, Qt.Key.Key_X)  # no stance hint: the panel asks
    with qtbot.waitSignal(host.ctx.changed, timeout=3000):
        qtbot.keyClick(panel.list, Qt.Key.Key_A)
    (new_source,) = set(host.ctx.store.sources) - sources
    assert host.ctx.store.sources[new_source]["name"] == "Kim Jong Un"
    assert host.ctx.undo_stack.count() == 1
    host.ctx.undo_stack.undo()
    assert set(host.ctx.store.sources) == sources


def test_dismiss_is_undoable_and_remembered_after_reopening(host: Host, qtbot: Any, demo_path: Path) -> None:
    panel = ready(qtbot, host)
    peskov_id, far_less = peskov_key(panel), far_less_key(panel)
    move_to(qtbot, panel, peskov_id)
    qtbot.keyClick(panel.list, Qt.Key.Key_D)
    assert panel.model.row_of(peskov_id) == -1
    assert host.ctx.service.dismissed_suggestions("d1") == [peskov_id]
    host.ctx.undo_stack.undo()
    assert panel.model.row_of(peskov_id) >= 0 and panel.current_key() == peskov_id
    assert host.ctx.service.dismissed_suggestions("d1") == []
    host.ctx.undo_stack.redo()
    assert panel.model.row_of(peskov_id) == -1
    panel.set_context(None)
    host.close()

    again = Host(qtbot, demo_path, claim="c2")
    try:
        panel2 = ready(qtbot, again)
        assert panel2.model.row_of(peskov_id) == -1
        assert panel2.model.row_of(far_less) >= 0
        assert "1 dismissed" in panel2.summary.text()
    finally:
        again.close()


def test_delete_key_dismisses_even_with_a_window_delete_shortcut(host: Host, qtbot: Any) -> None:
    panel = ready(qtbot, host)
    fired: list[bool] = []
    delete = QAction("Delete", host.window)
    delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    delete.triggered.connect(lambda: fired.append(True))
    host.window.addAction(delete)
    host.window.activateWindow()
    key = far_less_key(panel)
    move_to(qtbot, panel, key)
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert panel.model.row_of(key) == -1 and fired == []


def test_opinions_and_predictions_come_last_and_can_be_hidden(host: Host, qtbot: Any) -> None:
    panel = ready(qtbot, host)
    kinds = [s.get("statement") in ("opinion", "prediction") for s in panel.model.items]
    assert any(kinds) and kinds == sorted(kinds)  # all facts and attributions first
    panel.show_later.setChecked(False)
    assert panel.model.items and not any(s.get("statement") in ("opinion", "prediction")
                                         for s in panel.model.items)


def test_suggestions_are_dotted_underlines_over_the_highlights(host: Host, qtbot: Any) -> None:
    panel = ready(qtbot, host)
    pending = [s for s in panel.model.items if not s["recorded"]]
    assert pending and len(panel.marks.marks) == len(pending)
    marks = panel.marks.selections()
    assert all(m.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine for m in marks)
    assert all(m.format.underlineColor().name() == MARK_HEX for m in marks)
    view = host.view
    # Combined with the claim and evidence highlights, painted after them.
    qtbot.waitUntil(lambda: len(view.extraSelections()) == len(drawn_once(view.spans)) + len(marks), timeout=3000)
    # A redraw of the highlights (another claim selected) keeps the marks.
    host.ctx.select_claim("c1")
    qtbot.waitUntil(lambda: len(view.extraSelections()) == len(drawn_once(view.spans)) + len(panel.marks.selections()),
                    timeout=3000)
    last = view.extraSelections()[-1]
    assert last.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine


def test_a_hidden_panel_analyses_nothing_and_draws_no_marks(host: Host, qtbot: Any) -> None:
    panel, dock = install_suggestions_panel(host.window, host.ctx, host.view)
    dock.hide()
    host.window.show()
    host.ctx.select_document("d1")
    assert panel.worker is None and panel.model.items == [] and panel.marks.marks == []
    dock.show()
    qtbot.waitUntil(lambda: bool(panel.model.items), timeout=10000)
    assert panel.marks.marks
    dock.hide()
    assert panel.marks.marks == [] and len(host.view.extraSelections()) == len(drawn_once(host.view.spans))


def test_a_panel_in_a_background_tab_waits_for_its_tab(host: Host, qtbot: Any) -> None:
    from PySide6.QtWidgets import QDockWidget, QLabel

    other = QDockWidget("Evidence", host.window)
    other.setObjectName("otherDock")
    other.setWidget(QLabel("cards"))
    host.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, other)
    panel, dock = install_suggestions_panel(host.window, host.ctx, host.view)
    host.window.tabifyDockWidget(other, dock)
    other.raise_()
    host.window.show()
    qtbot.waitUntil(lambda: panel._active is False, timeout=3000)
    assert panel.worker is None and panel.model.items == [] and panel.marks.marks == []
    dock.raise_()
    qtbot.waitUntil(lambda: bool(panel.model.items), timeout=10000)
    assert panel.marks.marks
    other.raise_()
    qtbot.waitUntil(lambda: panel.marks.marks == [], timeout=3000)
    # A result arriving while the tab is at the back draws nothing either.
    with qtbot.waitSignal(panel.suggestionsReady, timeout=10000):
        panel._stale = False
        panel._active = True
        panel.reload()
        panel._active = False
    assert panel.marks.marks == [] and len(host.view.extraSelections()) == len(drawn_once(host.view.spans))


# -- the claim an acceptance goes to, and the stance asked when not hinted --

def _other_document_claim(host: Host) -> str:
    """A claim in a second article, selected as if the analyst had just been there."""
    svc = host.ctx.service
    doc = host.ctx.run("Add document", lambda: svc.add_document(
        "Other article", "Officials said a second convoy reached the border on Monday.")).new_id
    claim = host.ctx.run("Add claim", lambda: svc.add_claim(
        "A second convoy reached the border", doc, 0, 60)).new_id
    host.ctx.select_claim(claim)       # the analyst worked on the other article,
    host.ctx.select_document("d1")     # then came back to this one: the claim stays selected
    return claim


def test_the_panel_names_the_claim_evidence_goes_to(host: Host, qtbot: Any) -> None:
    panel = ready(qtbot, host)
    c2 = host.ctx.store.claims["c2"]["text"]
    assert panel.target_claim() == "c2"
    assert panel.claim_box.currentText().rstrip("…") in c2


def test_the_claim_box_lists_every_claim_and_is_listed_again_only_after_a_write(host: Host, qtbot: Any) -> None:
    """This document's claims first, then the others' with their document's title; a claim switch only
    moves the box to the claim (a project may hold 20,000 claims), a write lists them again."""
    panel = ready(qtbot, host)
    box = panel.claim_box
    here = [c["id"] for c in host.ctx.store.claims_in("d1")]
    assert [box.itemData(i) for i in range(box.count())] == ["", *here]
    resets: list[int] = []
    box.model().modelReset.connect(lambda: resets.append(1))
    host.ctx.select_claim(here[-1])
    assert box.currentData() == here[-1] and box.currentText().rstrip("…") in host.ctx.store.claims[here[-1]]["text"]
    assert resets == []
    other = _other_document_claim(host)
    qtbot.waitUntil(lambda: [box.itemData(i) for i in range(box.count())] == ["", *here, other], timeout=10000)
    assert resets
    assert box.itemText(box.count() - 1) == "A second convoy reached the border (other document: Other article)"


def test_a_claim_selected_in_another_document_is_not_used_silently(host: Host, qtbot: Any) -> None:
    panel = ready(qtbot, host)
    other = _other_document_claim(host)
    assert host.ctx.current_claim == other
    qtbot.waitUntil(lambda: panel.doc_id == "d1" and bool(panel.model.items), timeout=10000)
    assert panel.target_claim() == ""
    assert panel.claim_box.currentData() == ""
    before = host.ctx.undo_stack.count()
    move_to(qtbot, panel, peskov_key(panel))
    qtbot.keyClick(panel.list, Qt.Key.Key_A)
    assert panel.status.text().startswith("Select a claim first")
    assert host.ctx.undo_stack.count() == before
    assert host.ctx.store.evidence_for(other) == []

    # chosen explicitly in the box, it is used
    panel.claim_box.setCurrentIndex(panel.claim_box.findData(other))
    panel.claim_box.activated.emit(panel.claim_box.currentIndex())
    assert panel.target_claim() == other
    move_to(qtbot, panel, peskov_key(panel))
    with qtbot.waitSignal(host.ctx.changed, timeout=3000):
        qtbot.keyClick(panel.list, Qt.Key.Key_A)
    [ev] = host.ctx.store.evidence_for(other)
    assert ev["stance"] == "contradicts"


def _press_in_modal(qtbot: Any, key: Qt.Key) -> None:
    """Answer the modal question that the next action opens, by one key."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def answer() -> None:
        w = QApplication.activeModalWidget()
        if w is None:
            QTimer.singleShot(20, answer)
            return
        qtbot.keyClick(w, key)
    QTimer.singleShot(0, answer)


def _unhinted_key(panel: SuggestionsPanel) -> str:
    return next(s["key"] for s in panel.model.items
                if s["kind"] == "attribution" and not s.get("stance_hint") and not s.get("recorded"))


@pytest.mark.parametrize("key, stance", [(Qt.Key.Key_C, "corroborates"), (Qt.Key.Key_T, "contradicts"),
                                         (Qt.Key.Key_X, "context")])
def test_accepting_without_a_stance_hint_asks_for_the_stance(host: Host, qtbot: Any, key: Qt.Key,
                                                              stance: str) -> None:
    panel = ready(qtbot, host)
    before = {e["id"] for e in host.ctx.store.evidence_for("c2")}
    move_to(qtbot, panel, _unhinted_key(panel))
    _press_in_modal(qtbot, key)
    with qtbot.waitSignal(host.ctx.changed, timeout=5000):
        qtbot.keyClick(panel.list, Qt.Key.Key_A)
    [ev] = [e for e in host.ctx.store.evidence_for("c2") if e["id"] not in before]
    assert ev["stance"] == stance
    assert host.ctx.undo_stack.count() == 1


def test_escape_at_the_stance_question_records_nothing(host: Host, qtbot: Any) -> None:
    panel = ready(qtbot, host)
    before = len(host.ctx.store.evidence_for("c2"))
    move_to(qtbot, panel, _unhinted_key(panel))
    _press_in_modal(qtbot, Qt.Key.Key_Escape)
    qtbot.keyClick(panel.list, Qt.Key.Key_A)
    assert len(host.ctx.store.evidence_for("c2")) == before
    assert host.ctx.undo_stack.count() == 0
    assert "no stance" in panel.status.text()


# -- evidence across documents --

SECOND_REPORT = ("Troops seen in Russia's Far East.\n\n"
                 "Officials in Seoul said North Korean soldiers had arrived at a military base near Ussuriysk "
                 "last week. The Kremlin denied that any North Korean soldiers were at the Ussuriysk base. "
                 "The weather in Moscow was mild for the season.")


def test_an_imported_report_offers_its_statements_as_evidence_for_the_selected_claim(
        host: Host, qtbot: Any) -> None:
    panel = ready(qtbot, host)
    svc = host.ctx.service
    doc = host.ctx.run("Add document", lambda: svc.add_document("Second report", SECOND_REPORT)).new_id
    host.ctx.select_claim("c2")          # "North Koreans have arrived at a military base near Ussuriysk ..."
    host.ctx.select_document(doc)        # the analyst opens the new report; c2 stays selected
    qtbot.waitUntil(lambda: panel.doc_id == doc and panel.cross.list.count() > 0, timeout=15000)
    assert "North Koreans have arrived" in panel.cross.title.text()
    rows = [panel.cross.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.cross.list.count())]
    by_speaker = {r["speaker"]: r for r in rows}
    assert by_speaker["Officials in Seoul"]["stance_hint"] == "corroborates"
    kremlin = by_speaker["Kremlin"]
    assert kremlin["stance_hint"] == "contradicts"
    assert "Moscow" not in " ".join(r["quote"] for r in rows)

    before = {e["id"] for e in host.ctx.store.evidence_for("c2")}
    steps = host.ctx.undo_stack.count()
    panel.cross.list.setCurrentRow(rows.index(kremlin))
    panel.cross.list.setFocus()
    with qtbot.waitSignal(host.ctx.changed, timeout=3000):
        qtbot.keyClick(panel.cross.list, Qt.Key.Key_A)
    [ev] = [e for e in host.ctx.store.evidence_for("c2") if e["id"] not in before]
    assert ev["stance"] == "contradicts" and ev["document"] == doc
    assert SECOND_REPORT[ev["start"]:ev["end"]] == ev["quote"] == kremlin["quote"]
    assert host.ctx.undo_stack.count() == steps + 1
    host.ctx.undo_stack.undo()
    assert {e["id"] for e in host.ctx.store.evidence_for("c2")} == before
