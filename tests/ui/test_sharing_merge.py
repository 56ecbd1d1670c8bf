"""File ▸ Merge a Colleague's Copy…, driven as a user would.

Alice has the project open in the window and saves a copy for Bob (File ▸
Save a Copy…); both edit, and both grade the BBC differently: one conflict.
Alice merges Bob's copy back, picks a side, and can undo the whole merge in
one step.  A damaged or hostile copy is refused in one line and changes
nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from tests.ui.conftest import accept_with, open_window
from ui.sharing import sharing_actions
from ui.sharing.merge_dialog import MergeDialog
from workbench.demo import write_demo
from workbench.service import ProjectService

WAIT_MS = 15000


@pytest.fixture
def alice(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    """Alice's window on alice.db, with every extension (the sharing menu among them) installed."""
    w = open_window(qtbot, write_demo(tmp_path / "alice.db", analyst="setup"), analyst="Alice")
    yield w
    w.set_context(None)


@pytest.fixture
def informed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the information boxes the merge would show."""
    seen: list[str] = []
    monkeypatch.setattr(sharing_actions, "inform", lambda _parent, _title, text: seen.append(text))
    return seen


def save_copy_for_bob(w: Any, qtbot: Any, dialogs: Any, tmp_path: Path) -> Path:
    """File ▸ Save a Copy… as bob.db, waiting for the worker to finish."""
    bob = tmp_path / "bob.db"
    dialogs.save_path = str(bob)
    w.menu_actions.save_copy.trigger()
    qtbot.waitUntil(lambda: "Saved a copy as bob.db" in w.status_label.text(), timeout=WAIT_MS)
    return bob


def bob_edits(bob: Path) -> None:
    """Bob, in his own copy: grades the BBC C, adds a claim, contradicts claim c2."""
    svc = ProjectService.open(bob, analyst="Bob")
    try:
        svc.set_reliability("s-bbc", "C")
        svc.add_claim("Bob's new claim")
        svc.link_evidence("c2", "s-bbc", "contradicts", 2)
    finally:
        svc.close()


def both_grade_the_bbc(w: Any, qtbot: Any, dialogs: Any, tmp_path: Path) -> Path:
    """Bob's edited copy, with Alice grading the BBC A meanwhile: one conflict to settle."""
    bob = save_copy_for_bob(w, qtbot, dialogs, tmp_path)
    bob_edits(bob)
    assert w.ctx.run("Grade source", lambda: w.ctx.service.set_reliability("s-bbc", "A"))  # Alice, meanwhile
    return bob


def merge(w: Any, dialogs: Any, path: Path) -> None:
    dialogs.open_path = str(path)
    sharing = w.extensions["sharing"]
    assert sharing.merge_action.isEnabled()
    sharing.merge_action.trigger()


def test_merge_a_colleagues_copy_with_one_conflict_then_undo_and_redo(
        alice: Any, qtbot: Any, dialogs: Any, tmp_path: Path, informed: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    w = alice
    ctx = w.ctx
    bob = both_grade_the_bbc(w, qtbot, dialogs, tmp_path)
    before = ctx.service.dump()
    steps = ctx.undo_stack.count()
    evidence_on_c2 = len(ctx.store.evidence_for("c2"))

    shown = accept_with(monkeypatch, MergeDialog, lambda d: d.take_all_theirs())
    merge(w, dialogs, bob)
    qtbot.waitUntil(lambda: bool(informed), timeout=WAIT_MS)

    dialog = shown[0]
    assert dialog.model.rowCount() == 1, "only the BBC's grade was changed on both sides"
    assert dialog.model.choices() == {("sources", "s-bbc", "reliability"): "from"}
    assert dialogs.errors == []
    assert ctx.store.sources["s-bbc"]["reliability"] == "C"
    assert "Bob's new claim" in [c["text"] for c in ctx.store.claims.values()]
    assert len(ctx.store.evidence_for("c2")) == evidence_on_c2 + 1
    status = w.status_label.text()
    assert "Merged bob.db (changes by Bob)" in status
    assert "2 added" in status and "0 updated" in status and "0 deleted" in status
    assert "1 conflict (1 settled with the copy's value)" in status
    assert "Conflicts resolved: 1 (1 took the copy's value" in informed[0]
    assert "New: 1 claim, 1 evidence item." in informed[0]
    assert ctx.undo_stack.count() == steps + 1, "the whole merge is one undo step"
    assert w.undo_action.text() == "&Undo Merge bob.db"
    assert any(h["who"] == "Bob" and h["action"] == "link_evidence" for h in ctx.service.history("c2"))

    with qtbot.waitSignal(ctx.changed, timeout=WAIT_MS):
        w.undo_action.trigger()
    assert ctx.service.dump() == before
    assert ctx.store.sources["s-bbc"]["reliability"] == "A"
    assert "Bob's new claim" not in [c["text"] for c in ctx.store.claims.values()]
    assert len(ctx.store.evidence_for("c2")) == evidence_on_c2

    with qtbot.waitSignal(ctx.changed, timeout=WAIT_MS):
        w.redo_action.trigger()
    assert ctx.store.sources["s-bbc"]["reliability"] == "C"
    assert "Bob's new claim" in [c["text"] for c in ctx.store.claims.values()]


def test_keeping_my_value_in_the_conflict(alice: Any, qtbot: Any, dialogs: Any, tmp_path: Path,
                                          informed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    w = alice
    ctx = w.ctx
    bob = both_grade_the_bbc(w, qtbot, dialogs, tmp_path)
    accept_with(monkeypatch, MergeDialog, lambda d: None)  # accept as shown: this project's value stays
    merge(w, dialogs, bob)
    qtbot.waitUntil(lambda: bool(informed), timeout=WAIT_MS)
    assert ctx.store.sources["s-bbc"]["reliability"] == "A"
    assert "Bob's new claim" in [c["text"] for c in ctx.store.claims.values()]
    assert "0 took the copy's value, 1 kept the value in alice.db" in informed[0]


def test_cancelling_the_conflict_dialog_changes_nothing(alice: Any, qtbot: Any, dialogs: Any, tmp_path: Path,
                                                        informed: list[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    w = alice
    ctx = w.ctx
    bob = both_grade_the_bbc(w, qtbot, dialogs, tmp_path)
    before, steps, history = ctx.service.dump(), ctx.undo_stack.count(), ctx.service.history()
    asked: list[int] = []

    def cancel(_dialog: Any) -> int:
        asked.append(1)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(MergeDialog, "exec", cancel)
    merge(w, dialogs, bob)
    qtbot.waitUntil(lambda: "cancelled" in w.statusBar().currentMessage(), timeout=WAIT_MS)
    assert asked == [1]
    assert w.statusBar().currentMessage() == "Merge of bob.db cancelled; nothing was changed."
    assert ctx.service.dump() == before and ctx.service.history() == history
    assert ctx.undo_stack.count() == steps and informed == [] and dialogs.errors == []


def test_a_copy_with_nothing_new_says_so(alice: Any, qtbot: Any, dialogs: Any, tmp_path: Path,
                                         informed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    w = alice
    bob = save_copy_for_bob(w, qtbot, dialogs, tmp_path)
    w.ctx.run("Grade source", lambda: w.ctx.service.set_reliability("s-bbc", "A"))  # only Alice changed
    steps = w.ctx.undo_stack.count()
    monkeypatch.setattr(MergeDialog, "exec", lambda _d: pytest.fail("no conflict, no dialog"))
    merge(w, dialogs, bob)
    qtbot.waitUntil(lambda: bool(informed), timeout=WAIT_MS)
    assert informed == ["Nothing to merge: bob.db has no changes that alice.db does not already have."]
    assert "Nothing to merge" in w.statusBar().currentMessage()
    assert w.ctx.undo_stack.count() == steps and w.ctx.store.sources["s-bbc"]["reliability"] == "A"


def test_merging_the_same_copy_twice_finds_nothing_the_second_time(alice: Any, qtbot: Any, dialogs: Any,
                                                                    tmp_path: Path, informed: list[str]) -> None:
    w = alice
    bob = save_copy_for_bob(w, qtbot, dialogs, tmp_path)
    bob_edits(bob)
    merge(w, dialogs, bob)  # no conflict: Alice did not touch the BBC
    qtbot.waitUntil(lambda: len(informed) == 1, timeout=WAIT_MS)
    assert w.ctx.store.sources["s-bbc"]["reliability"] == "C"
    merge(w, dialogs, bob)
    qtbot.waitUntil(lambda: len(informed) == 2, timeout=WAIT_MS)
    assert informed[1].startswith("Nothing to merge")


def _hostile_copy(tmp_path: Path) -> Path:
    """A real project copy with a trigger added, as an attacker would."""
    path = write_demo(tmp_path / "hostile.db", analyst="mallory")
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TRIGGER wipe AFTER INSERT ON claim BEGIN DELETE FROM evidence; END")
        conn.commit()
    finally:
        conn.close()
    return path


@pytest.mark.parametrize("make, reason", [
    (lambda tmp: (tmp / "notes.db").write_text("not a project") and tmp / "notes.db",
     "not a Verification Workbench project"),
    (_hostile_copy, "unexpected trigger 'wipe' in the project file (refused for safety)"),
    (lambda tmp: tmp / "missing.db", "no such file"),
], ids=["not-a-project", "hostile-trigger", "missing"])
def test_a_damaged_or_hostile_copy_is_refused_in_one_line_and_changes_nothing(
        alice: Any, qtbot: Any, dialogs: Any, tmp_path: Path, informed: list[str], make: Any,
        reason: str) -> None:
    w = alice
    ctx = w.ctx
    bad = make(tmp_path)
    before_bytes = bad.read_bytes() if bad.exists() else None
    before, steps, history = ctx.service.dump(), ctx.undo_stack.count(), ctx.service.history()
    merge(w, dialogs, bad)
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=WAIT_MS)
    (title, message), = dialogs.errors
    assert title == f"Cannot merge {bad.name}"
    assert str(bad) in message and reason in message and "\n" not in message
    assert f"Nothing was merged from {bad.name}." == w.statusBar().currentMessage()
    assert ctx.service.dump() == before and ctx.service.history() == history
    assert ctx.undo_stack.count() == steps and informed == []
    assert (bad.read_bytes() if bad.exists() else None) == before_bytes, "the copy is only read"


def test_merging_the_project_into_itself_is_refused(alice: Any, qtbot: Any, dialogs: Any,
                                                    informed: list[str]) -> None:
    w = alice
    merge(w, dialogs, w.ctx.path)
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=WAIT_MS)
    assert "is this project itself" in dialogs.errors[0][1] and informed == []


def test_no_merge_into_a_read_only_project(qtbot: Any, demo_path: Path, dialogs: Any) -> None:
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False)
    qtbot.addWidget(w)
    w.install_extensions()
    sharing = w.extensions["sharing"]
    assert not sharing.merge_action.isEnabled(), "nothing to merge into without a project"
    assert w.open_path(demo_path, read_only=True, remember=False)
    assert not sharing.merge_action.isEnabled()
    sharing.merge_copy()  # a shortcut or script that slips past the disabled action
    assert dialogs.errors and "open read-only" in dialogs.errors[0][1]
    w.set_context(None)


def test_a_project_changed_while_the_merge_was_prepared_is_not_merged_blindly(
        alice: Any, qtbot: Any, dialogs: Any, tmp_path: Path, informed: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit slipped in between comparing and applying: refused with a reason, nothing merged."""
    from ui.sharing import merge_dialog

    w = alice
    ctx = w.ctx
    bob = both_grade_the_bbc(w, qtbot, dialogs, tmp_path)

    def edit_meanwhile(*_args: Any) -> dict:
        ctx.run("Edit claim", lambda: ctx.service.update_claim("c3", note="edited meanwhile"))
        return {}

    monkeypatch.setattr(merge_dialog, "resolve_conflicts", edit_meanwhile)
    merge(w, dialogs, bob)
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=WAIT_MS)
    (title, message), = dialogs.errors
    assert title == "Could not merge bob.db"
    assert "changed since the merge was prepared; prepare the merge again" in message
    assert "Bob's new claim" not in [c["text"] for c in ctx.store.claims.values()]
    assert ctx.store.claims["c3"]["note"] == "edited meanwhile" and informed == []
    assert w.undo_action.text() == "&Undo Edit claim"
