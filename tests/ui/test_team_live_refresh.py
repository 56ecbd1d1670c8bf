"""A colleague's change arriving while the user works (NOTIFY, then a refresh of only what changed)
keeps what the user was in the middle of: the selected claim and evidence, the words selected in the
document, the scroll positions of the document, the claims list and the evidence board, and text
typed into a form not yet saved. Two logins on a real PostgreSQL; bob's app window, carol's service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit

from tests.ui.conftest import open_window
from workbench.service import ProjectService


def _prepare(team_server: Any, project: str) -> None:
    """Enough claims on the demo's document for the claims list to scroll."""
    lena = ProjectService.open(team_server.url("lena", project))
    try:
        doc = lena.list_documents()[0]["id"]
        for i in range(40):
            lena.add_claim(f"Extra claim {i} for the list to scroll", doc, 10 * i, 10 * i + 8)
    finally:
        lena.close()


def _state(w: Any) -> dict[str, Any]:
    span = w.document_pane.view.selected_span()
    return {
        "claim": w.ctx.current_claim, "evidence": w.ctx.current_evidence, "document": w.ctx.current_document,
        "text selection": span[:2] if span else None,
        "document scroll": w.document_pane.view.verticalScrollBar().value(),
        "claims list scroll": w.navigator.claims_view.verticalScrollBar().value(),
        "board scroll": w.board.scroll_area.verticalScrollBar().value(),
        "claims list row": w.navigator.claims_view.currentIndex().row(),
    }


def test_a_colleagues_changes_keep_selection_scroll_and_a_half_filled_form(
        qtbot: Any, team_server: Any, team_project: str, dialogs: Any) -> None:
    _prepare(team_server, team_project)
    w = open_window(qtbot, team_server.url("bob", team_project), extensions=False)
    carol = ProjectService.open(team_server.url("carol", team_project))
    try:
        w.resize(1100, 640)
        ctx = w.ctx
        busiest = max(ctx.store.claims, key=lambda c: len(ctx.store.evidence_for(c)))
        ctx.select_claim(busiest)
        items = ctx.store.evidence_for(busiest)
        ctx.select_evidence(items[-1]["id"])
        qtbot.wait(200)
        # The user scrolls each pane somewhere in the middle and selects words in the document.
        view = w.document_pane.view
        view.select_span(400, 430)
        for bar in (view.verticalScrollBar(), w.navigator.claims_view.verticalScrollBar(),
                    w.board.scroll_area.verticalScrollBar()):
            assert bar.maximum() > 4, ("the test needs every pane to scroll", bar.parent())
            bar.setValue(bar.maximum() // 2 + 7)
        qtbot.wait(100)
        before = _state(w)

        # Carol edits the selected claim, grades one of its sources, edits one of its evidence items
        # and marks a new claim in the document bob is reading.
        doc = ctx.current_document
        source = items[0]["source"]
        for write in (lambda: carol.update_claim(busiest, note="Carol: called the ministry"),
                      lambda: carol.set_reliability(source, "B" if carol.source(source)["reliability"] != "B"
                                                    else "C"),
                      lambda: carol.update_evidence(items[0]["id"], note="Carol: archived copy checked"),
                      lambda: carol.add_claim("Carol's claim", doc, 600, 640),
                      lambda: carol.dismiss_suggestion(doc, "claim:carol-dismissed-this")):
            carol.claim(busiest)
            write()
        qtbot.waitUntil(lambda: any(c["text"] == "Carol's claim" for c in ctx.store.claims.values()),
                        timeout=5000)
        qtbot.waitUntil(lambda: "Dismissed a suggestion" in w.status_label.text(), timeout=5000)
        qtbot.waitUntil(lambda: (ctx.store.evidence(items[0]["id"]) or {}).get("note")
                        == "Carol: archived copy checked", timeout=5000)
        qtbot.wait(300)  # let every view finish its refresh (queued layouts, deferred scrolls)
        assert ctx.store.claims[busiest]["note"] == "Carol: called the ministry"
        assert _state(w) == before
        assert not dialogs.errors

        # A half-filled evidence form: what the user typed survives carol's change, and is saved.
        typed = "Ministry spokesperson, on the record, 14:05"
        outcome: dict[str, Any] = {}

        def work_in_form() -> None:
            form = QApplication.activeModalWidget()
            if not isinstance(form, QDialog):
                QTimer.singleShot(20, work_in_form)
                return
            quote = next(e for e in form.findChildren(QPlainTextEdit) if e.isVisible())
            quote.setPlainText(typed)
            line = next(e for e in form.findChildren(QLineEdit) if e.isVisible() and e.isEnabled()
                        and not e.text())
            line.setText("yesterday")
            fields_before = {id(e): e.toPlainText() for e in form.findChildren(QPlainTextEdit)}
            carol.claim(busiest)
            carol.update_claim(busiest, note="Carol: second call")
            qtbot.waitUntil(lambda: ctx.store.claims[busiest]["note"] == "Carol: second call", timeout=5000)
            qtbot.wait(200)
            outcome["open"] = form.isVisible()
            outcome["kept"] = {id(e): e.toPlainText() for e in form.findChildren(QPlainTextEdit)} == fields_before
            outcome["line"] = line.text()
            outcome["window"] = _state(w)
            form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()

        QTimer.singleShot(0, work_in_form)
        w.claim_actions.add_evidence()
        assert outcome == {"open": True, "kept": True, "line": "yesterday", "window": before}, outcome
    finally:
        carol.close()
        w.set_context(None)


def test_saving_a_form_opened_before_a_colleagues_change_is_a_conflict_not_an_overwrite(
        qtbot: Any, team_server: Any, team_project: str, dialogs: Any, monkeypatch: Any) -> None:
    from ui.dialogs.claim_dialog import ClaimDialog
    from ui.session import messages

    w = open_window(qtbot, team_server.url("bob", team_project), extensions=False)
    carol = ProjectService.open(team_server.url("carol", team_project))
    try:
        ctx = w.ctx
        claim = ctx.current_claim
        status = ctx.store.claims[claim]["status"]
        carols = "disputed" if status != "disputed" else "verified"
        answers: list[str] = []

        def resolve(_parent: Any, what: str, exc: Any) -> bool:
            answers.append(f"{what}: {exc}")
            return len(answers) == 2  # Take Theirs the first time, Keep Mine the second

        monkeypatch.setattr(messages, "resolve_conflict", resolve)

        def fill(d: ClaimDialog) -> int:
            d.show()
            d.note.setText(f"Bob's note {len(answers)}")
            carol.claim(claim)
            carol.update_claim(claim, status=carols, note=f"Carol's note {len(answers)}")
            qtbot.waitUntil(lambda: ctx.store.claims[claim]["note"] == f"Carol's note {len(answers)}",
                            timeout=5000)
            assert d.isVisible() and d.note.text() == f"Bob's note {len(answers)}"  # typed text kept
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(ClaimDialog, "exec", fill)
        w.claim_actions.edit_claim(claim)
        qtbot.waitUntil(lambda: len(answers) == 1, timeout=3000)
        assert "carol" in answers[0] and "Bob's note 0" in answers[0] and "Carol's note 0" in answers[0]
        fresh = carol.claim(claim)
        assert (fresh["note"], fresh["status"]) == ("Carol's note 0", carols)  # nothing overwritten

        # Keep Mine writes only what bob changed in the form (the note), over carol's status.
        w.claim_actions.edit_claim(claim)
        qtbot.waitUntil(lambda: len(answers) == 2, timeout=3000)
        qtbot.waitUntil(lambda: carol.claim(claim)["note"] == "Bob's note 1", timeout=3000)
        assert carol.claim(claim)["status"] == carols
        assert not dialogs.errors
    finally:
        carol.close()
        w.set_context(None)
