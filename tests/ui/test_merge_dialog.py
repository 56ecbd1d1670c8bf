"""The merge dialog: each conflict with both values side by side, one choice each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import accept_with
from ui.sharing.merge_dialog import COL_FROM, COL_INTO, ConflictModel, MergeDialog, resolve_conflicts
from workbench.demo import write_demo
from workbench.merge import MergeResult, apply_merge, merge_projects
from workbench.service import ProjectService


@pytest.fixture
def prepared(tmp_path: Path) -> Any:
    """Alice's project open, and the prepared merge of Bob's copy with two conflicts."""
    alice = ProjectService.open(write_demo(tmp_path / "alice.db", analyst="alice"), analyst="alice")
    alice.save_copy(tmp_path / "bob.db")
    bob = ProjectService.open(tmp_path / "bob.db", analyst="bob")
    alice.update_claim("c1", text="Alice's wording")
    bob.update_claim("c1", text="Bob's wording")
    alice.set_reliability("s-bbc", "A")
    bob.set_reliability("s-bbc", "C")
    bob.add_claim("Bob's new claim")
    bob.close()
    result = merge_projects(alice, tmp_path / "bob.db")
    yield alice, result
    alice.close()


def _row(model: ConflictModel, kind: str, oid: str) -> int:
    for row in range(model.rowCount()):
        key = model.data(model.index(row, 0), Qt.ItemDataRole.UserRole + 1)
        if key[:2] == (kind, oid):
            return row
    raise AssertionError(f"no conflict row for {kind} {oid}")


def _checked(model: ConflictModel, row: int, col: int) -> bool:
    return model.data(model.index(row, col), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_each_conflict_is_listed_with_both_values_and_mine_chosen(qtbot: Any, prepared: Any) -> None:
    _, result = prepared
    dialog = MergeDialog(result, "alice.db", "bob.db")
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == len(result.conflicts) == 2
    text = _row(model, "claims", "c1")
    assert model.data(model.index(text, COL_INTO)) == "Alice's wording"
    assert model.data(model.index(text, COL_FROM)) == "Bob's wording"
    grade = _row(model, "sources", "s-bbc")
    assert (model.data(model.index(grade, COL_INTO)), model.data(model.index(grade, COL_FROM))) == ("A", "C")
    assert model.data(model.index(grade, 1)) == "reliability grade"
    assert all(_checked(model, r, COL_INTO) and not _checked(model, r, COL_FROM) for r in range(2))
    assert "alice.db" in model.headerData(COL_INTO, Qt.Orientation.Horizontal)
    assert "1 claim" in dialog.summary.text() and "bob" in dialog.summary.text()


def test_clicking_a_value_picks_it_and_unpicks_the_other(qtbot: Any, prepared: Any) -> None:
    _, result = prepared
    dialog = MergeDialog(result, "alice.db", "bob.db")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    model, table = dialog.model, dialog.table
    row = _row(model, "claims", "c1")
    rect = table.visualRect(model.index(row, COL_FROM))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _checked(model, row, COL_FROM) and not _checked(model, row, COL_INTO)
    assert dialog.choices()[("claims", "c1", "text")] == "from"
    other = _row(model, "sources", "s-bbc")
    assert dialog.choices()[model.data(model.index(other, 0), Qt.ItemDataRole.UserRole + 1)] == "into"


def test_space_bar_picks_the_current_value(qtbot: Any, prepared: Any) -> None:
    _, result = prepared
    dialog = MergeDialog(result, "alice.db", "bob.db")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    row = _row(dialog.model, "sources", "s-bbc")
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.model.index(row, COL_FROM))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.choices()[("sources", "s-bbc", "reliability")] == "from"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # a radio choice stays chosen
    assert dialog.choices()[("sources", "s-bbc", "reliability")] == "from"


def test_take_all_theirs_and_keep_all_mine(qtbot: Any, prepared: Any) -> None:
    _, result = prepared
    dialog = MergeDialog(result, "alice.db", "bob.db")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.take_theirs, Qt.MouseButton.LeftButton)
    assert set(dialog.choices().values()) == {"from"}
    qtbot.mouseClick(dialog.keep_mine, Qt.MouseButton.LeftButton)
    assert set(dialog.choices().values()) == {"into"}


def test_the_returned_choices_settle_the_merge(qtbot: Any, prepared: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    alice, result = prepared

    def pick(dialog: MergeDialog) -> None:
        dialog.model.choose(_row(dialog.model, "claims", "c1"), "from")

    accept_with(monkeypatch, MergeDialog, pick)
    choices = resolve_conflicts(None, result, "alice.db", "bob.db")
    assert choices == {("claims", "c1", "text"): "from", ("sources", "s-bbc", "reliability"): "into"}
    apply_merge(alice, result, choices)
    assert alice.claim("c1")["text"] == "Bob's wording"
    assert alice.source("s-bbc")["reliability"] == "A"
    assert any(c["text"] == "Bob's new claim" for c in alice.list_claims())


def test_cancel_returns_nothing(qtbot: Any, prepared: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _, result = prepared
    from PySide6.QtWidgets import QDialog

    monkeypatch.setattr(MergeDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert resolve_conflicts(None, result, "alice.db", "bob.db") is None


def test_without_conflicts_the_dialog_says_so(qtbot: Any, tmp_path: Path) -> None:
    empty = MergeResult(tmp_path / "bob.db", *({k: [] for k in ("documents", "sources", "claims", "evidence")}
                                               for _ in range(5)), {}, [], [])
    dialog = MergeDialog(empty, "alice.db", "bob.db")
    qtbot.addWidget(dialog)
    assert "No conflicts" in dialog.prompt.text()
    assert dialog.table.isHidden() and dialog.merge_button.isDefault()
    assert "Nothing new" in dialog.summary.text()
    assert dialog.choices() == {}


def test_conflict_model_is_a_well_behaved_qt_model(qtmodeltester: Any, prepared: Any) -> None:
    _, result = prepared
    qtmodeltester.check(ConflictModel(result.conflicts, "alice.db", "bob.db"))
