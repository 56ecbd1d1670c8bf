"""Undo and redo on a server project after a colleague changed the same object: the conflict dialog
every stale write shows (both values, who and when; Keep Mine / Take Theirs), never an error and never
a silent overwrite. Two logins on a real PostgreSQL: bob in an app window, carol through the service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


@contextmanager
def bob_and_carol(qtbot: Any, team_server: Any, team_project: str,
                  monkeypatch: Any) -> Iterator[tuple[Any, ProjectService]]:
    """Bob's app window (with the real conflict dialog, which the ``dialogs`` fixture replaced) and
    carol's service on the same server project. Both are closed on leaving, inside the test: the
    window's server listener must stop before pytest-qt closes the window after the test."""
    monkeypatch.setattr(messages, "resolve_conflict", REAL_RESOLVE)
    w = open_window(qtbot, team_server.url("bob", team_project), extensions=False)
    carol = ProjectService.open(team_server.url("carol", team_project))
    try:
        yield w, carol
    finally:
        carol.close()
        w.set_context(None)


def _carol_grades(qtbot: Any, ctx: Any, carol: ProjectService, source: str, grade: str, notes: str) -> None:
    """Carol changes the source's grade and notes; bob's window shows her grade."""
    carol.update_source(source, reliability=grade, notes=notes)
    qtbot.waitUntil(lambda: ctx.store.sources[source]["reliability"] == grade, timeout=3000)


def _answer_conflict(qtbot: Any, button: str, step: Callable[[], None]) -> list[str]:
    """Undo or redo (``step``), answering the conflict dialog it shows with ``button``; its texts."""
    seen: list[str] = []
    _click_when_shown(qtbot, button, seen)
    step()
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    return seen


def test_undo_after_a_colleagues_change_shows_both_values_and_lets_the_user_choose(
        qtbot: Any, team_server: Any, team_project: str, dialogs: Any, monkeypatch: Any) -> None:
    with bob_and_carol(qtbot, team_server, team_project, monkeypatch) as (w, carol):
        ctx = w.ctx
        source = next(iter(ctx.store.sources))
        before = dict(ctx.store.sources[source])
        assert before["reliability"] != "A"
        assert ctx.run("Grade source", lambda: ctx.service.set_reliability(source, "A")) is not None
        # Carol, having seen bob's grade, changes it again and adds a note.
        carol.source(source)
        _carol_grades(qtbot, ctx, carol, source, "E", "Carol: their correction is out")

        # Undo: Take Theirs. Nothing written; the dialog said both values, who and when.
        seen = _answer_conflict(qtbot, "Take Theirs", ctx.undo_stack.undo)
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
        _carol_grades(qtbot, ctx, carol, source, "D", "Carol: second look")
        seen = _answer_conflict(qtbot, "Keep Mine", ctx.undo_stack.undo)
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


def test_redo_after_a_colleagues_change_shows_both_values_and_lets_the_user_choose(
        qtbot: Any, team_server: Any, team_project: str, dialogs: Any, monkeypatch: Any) -> None:
    """Redo goes through undo's conflict path; this checks it on its own: bob grades a source, undoes
    it, carol changes the grade, and bob's redo would overwrite hers."""
    with bob_and_carol(qtbot, team_server, team_project, monkeypatch) as (w, carol):
        ctx = w.ctx
        source = next(iter(ctx.store.sources))
        original = ctx.store.sources[source]["reliability"]
        assert original not in ("A", "B", "D", "E")
        assert ctx.run("Grade source", lambda: ctx.service.set_reliability(source, "A")) is not None
        ctx.undo_stack.undo()  # nobody in between: a plain undo
        assert carol.source(source)["reliability"] == original and ctx.undo_stack.canRedo()
        _carol_grades(qtbot, ctx, carol, source, "E", "Carol: graded from the wire copy")

        # Redo: Take Theirs. Nothing written; the dialog said both values and who changed it.
        seen = _answer_conflict(qtbot, "Take Theirs", ctx.undo_stack.redo)
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
        _carol_grades(qtbot, ctx, carol, source, "D", "Carol: second look")
        seen = _answer_conflict(qtbot, "Keep Mine", ctx.undo_stack.redo)
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
