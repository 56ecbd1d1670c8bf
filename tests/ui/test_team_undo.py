"""Undo and redo on a server project after a colleague changed the same object: the conflict dialog
every stale write shows (both values, who and when; Keep Mine / Take Theirs), never an error and never
a silent overwrite. Two logins on a real PostgreSQL: bob in an app window, carol through the service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import open_window
from ui.session import messages
from workbench.service import ProjectService

REAL_RESOLVE = messages.resolve_conflict  # before the fixture replaces it: this test clicks the real dialog


def _click_when_shown(qtbot: Any, button: str, seen: list[str]) -> None:
    """Click ``button`` of the conflict dialog as soon as it is up (recording its text)."""
    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.windowTitle() == "Changed by a colleague":
            seen.append(box.text())
            next(b for b in box.buttons() if b.text() == button).click()
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def test_undo_after_a_colleagues_change_shows_both_values_and_lets_the_user_choose(
        qtbot: Any, team_server: Any, team_project: str, dialogs: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(messages, "resolve_conflict", REAL_RESOLVE)
    w = open_window(qtbot, team_server.url("bob", team_project), extensions=False)
    carol = ProjectService.open(team_server.url("carol", team_project))
    try:
        ctx = w.ctx
        source = next(iter(ctx.store.sources))
        before = dict(ctx.store.sources[source])
        assert before["reliability"] != "A"
        assert ctx.run("Grade source", lambda: ctx.service.set_reliability(source, "A")) is not None
        # Carol, having seen bob's grade, changes it again and adds a note.
        carol.source(source)
        carol.update_source(source, reliability="E", notes="Carol: their correction is out")
        qtbot.waitUntil(lambda: ctx.store.sources[source]["reliability"] == "E", timeout=3000)

        # Undo: Take Theirs. Nothing written; the dialog said both values, who and when.
        seen: list[str] = []
        _click_when_shown(qtbot, "Take Theirs", seen)
        ctx.undo_stack.undo()
        qtbot.waitUntil(lambda: bool(seen), timeout=3000)
        assert len(seen) == 1, dialogs.errors
        text = seen[0]
        assert "carol" in text and "'E'" in text and repr(before["reliability"]) in text, text
        assert carol.source(source)["reliability"] == "E"
        assert carol.source(source)["notes"] == "Carol: their correction is out"
        assert ctx.store.sources[source]["reliability"] == "E"
        assert not dialogs.errors  # a conflict, not an error message
        assert ctx.undo_stack.count() == 0  # the step no longer describes the project

        # Again, and this time Keep Mine: only what bob's own step changed goes back (the grade);
        # carol's note stays; it is a step of its own, and undoing that gives carol's grade back.
        ctx.service.source(source)
        assert ctx.run("Grade source", lambda: ctx.service.set_reliability(source, "B")) is not None
        carol.source(source)
        carol.update_source(source, reliability="D", notes="Carol: second look")
        qtbot.waitUntil(lambda: ctx.store.sources[source]["reliability"] == "D", timeout=3000)
        seen.clear()
        _click_when_shown(qtbot, "Keep Mine", seen)
        ctx.undo_stack.undo()
        qtbot.waitUntil(lambda: bool(seen), timeout=3000)
        assert len(seen) == 1 and "'D'" in seen[0] and "carol" in seen[0] and "yours was 'E'" in seen[0], seen
        fresh = carol.source(source)
        assert fresh["reliability"] == "E" and fresh["notes"] == "Carol: second look"
        assert ctx.store.sources[source]["reliability"] == "E"
        who = [(e["who"], e["action"]) for e in carol.history(limit=3)]
        assert who[0] == ("bob", "keep_mine"), who
        assert ctx.undo_stack.count() == 1 and ctx.undo_stack.canUndo()
        ctx.undo_stack.undo()  # nobody in between: a plain undo
        assert carol.source(source)["reliability"] == "D"
        assert not dialogs.errors
    finally:
        carol.close()
        w.set_context(None)


def test_redo_after_a_colleagues_change_shows_both_values_and_lets_the_user_choose(
        qtbot: Any, team_server: Any, team_project: str, dialogs: Any, monkeypatch: Any) -> None:
    """Redo goes through undo's conflict path; this checks it on its own: bob grades a source, undoes
    it, carol changes the grade, and bob's redo would overwrite hers."""
    monkeypatch.setattr(messages, "resolve_conflict", REAL_RESOLVE)
    w = open_window(qtbot, team_server.url("bob", team_project), extensions=False)
    carol = ProjectService.open(team_server.url("carol", team_project))
    try:
        ctx = w.ctx
        source = next(iter(ctx.store.sources))
        original = ctx.store.sources[source]["reliability"]
        assert original not in ("A", "B", "D", "E")
        assert ctx.run("Grade source", lambda: ctx.service.set_reliability(source, "A")) is not None
        ctx.undo_stack.undo()  # nobody in between: a plain undo
        assert carol.source(source)["reliability"] == original and ctx.undo_stack.canRedo()
        carol.update_source(source, reliability="E", notes="Carol: graded from the wire copy")
        qtbot.waitUntil(lambda: ctx.store.sources[source]["reliability"] == "E", timeout=3000)

        # Redo: Take Theirs. Nothing written; the dialog said both values and who changed it.
        seen: list[str] = []
        _click_when_shown(qtbot, "Take Theirs", seen)
        ctx.undo_stack.redo()
        qtbot.waitUntil(lambda: bool(seen), timeout=3000)
        assert len(seen) == 1, dialogs.errors
        assert seen[0].startswith("Redo “Grade source”"), seen[0]
        assert "carol" in seen[0] and "'E'" in seen[0] and "yours was 'A'" in seen[0], seen[0]
        fresh = carol.source(source)
        assert fresh["reliability"] == "E" and fresh["notes"] == "Carol: graded from the wire copy"
        assert ctx.store.sources[source]["reliability"] == "E"
        assert not dialogs.errors  # a conflict, not an error message
        assert ctx.undo_stack.count() == 0 and not ctx.undo_stack.canRedo()  # the step left the stack
        assert [e["who"] for e in carol.history(limit=1)] == ["carol"]  # Take Theirs wrote nothing

        # Again, and this time Keep Mine: only the grade (what bob's step changed) is written, as a
        # step of its own; carol's note stays, and undoing that step gives carol's grade back.
        ctx.service.source(source)
        assert ctx.run("Grade source", lambda: ctx.service.set_reliability(source, "B")) is not None
        ctx.undo_stack.undo()
        assert carol.source(source)["reliability"] == "E"
        carol.update_source(source, reliability="D", notes="Carol: second look")
        qtbot.waitUntil(lambda: ctx.store.sources[source]["reliability"] == "D", timeout=3000)
        seen.clear()
        _click_when_shown(qtbot, "Keep Mine", seen)
        ctx.undo_stack.redo()
        qtbot.waitUntil(lambda: bool(seen), timeout=3000)
        assert len(seen) == 1 and "'D'" in seen[0] and "carol" in seen[0] and "yours was 'B'" in seen[0], seen
        qtbot.waitUntil(lambda: ctx.store.sources[source]["reliability"] == "B", timeout=3000)
        fresh = carol.source(source)
        assert fresh["reliability"] == "B" and fresh["notes"] == "Carol: second look"
        who = [(e["who"], e["action"]) for e in carol.history(limit=3)]
        assert who[0] == ("bob", "keep_mine"), who
        assert ctx.undo_stack.count() == 1 and ctx.undo_stack.canUndo() and not ctx.undo_stack.canRedo()
        ctx.undo_stack.undo()  # nobody in between: a plain undo of the kept value
        assert carol.source(source)["reliability"] == "D"
        assert not dialogs.errors
    finally:
        carol.close()
        w.set_context(None)
