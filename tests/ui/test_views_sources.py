"""The sources manager: figures, relay chains, grading in place and merging, with undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QComboBox

from tests.ui.conftest import show_widget
from ui.session.context import ProjectContext
from ui.views import VIEWS, sources_view
from ui.views.overview_model import COL_PROBABILITY
from ui.views.sources_view import MergeDialog, SourcesView
from ui.views.sources_view_model import (
    COL_CLAIMS,
    COL_GRADE,
    COL_ITEMS,
    COL_NAME,
    COL_RELAYED_BY,
    COL_RELAYS,
    COL_WEIGHT,
    IdRole,
    SourcesTableModel,
)


@pytest.fixture
def view(qtbot, ctx) -> SourcesView:
    return show_widget(qtbot, VIEWS["sources"](ctx, None), 1300, 700)


def row(v: SourcesView, sid: str, col: int):
    return v.model.index(v.model.row_of(sid), col)


def proxy_row(v: SourcesView, sid: str, col: int = COL_NAME):
    return v.proxy.mapFromSource(row(v, sid, col))


def test_models_pass_the_model_tester(qtmodeltester, view):
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_every_source_with_its_reach(view, ctx):
    assert view.model.rowCount() == 12 and view.count_label.text() == "12 sources"
    assert row(view, "s-bbc", COL_GRADE).data() == "B"
    assert row(view, "s-bbc", COL_CLAIMS).data() == 2
    assert row(view, "s-bbc", COL_ITEMS).data() == 3
    assert row(view, "s-bbc", COL_RELAYS).data() == "Ukrainian military intelligence source"
    assert row(view, "s-ukr-intel", COL_RELAYED_BY).data() == "BBC"
    assert row(view, "s-ukr-intel", COL_CLAIMS).data() == 1   # bears on c1 as the origin only
    assert row(view, "s-ukr-intel", COL_ITEMS).data() == 0
    first = view.proxy.index(0, COL_WEIGHT).data(Qt.ItemDataRole.UserRole + 2)
    assert first == max(view.model.index_.weight(s) for s in ctx.store.sources)  # heaviest first


def test_details_show_claims_and_relay_chains(qtbot, view):
    view.select_source("s-bbc")
    html = view.details.toPlainText()
    assert "Ukrainian military intelligence source → BBC" in html
    assert "Bears on 2 claims" in html
    assert "Russia is forming a unit" in html
    with qtbot.waitSignal(view.jumpRequested) as blocker:
        view.details.anchorClicked.emit(QUrl("claim:c2"))
    assert blocker.args == ["c2"]


def test_filter_by_name_kind_or_notes(qtbot, view):
    qtbot.keyClicks(view.filter_edit, "interested party")  # words of Peskov's notes
    assert view.proxy.rowCount() == 1
    assert view.proxy.index(0, COL_NAME).data(IdRole) == "s-peskov"
    assert view.count_label.text() == "1 of 12 sources"


def test_grade_edited_in_place_is_one_undo_step_and_moves_every_view(qtbot, ctx, view):
    overview = VIEWS["overview"](ctx, None)
    qtbot.addWidget(overview)
    p_before = overview.model.index(overview.model.row_of("c3"), COL_PROBABILITY).data()
    index = proxy_row(view, "s-poltava-missile", COL_GRADE)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    editor = view.table.findChild(QComboBox)
    assert editor is not None and editor.count() == 6 and editor.currentData() == "B"
    editor.setCurrentIndex(editor.findData("E"))
    editor.activated.emit(editor.currentIndex())      # the user picks "E — unreliable"
    assert ctx.store.sources["s-poltava-missile"]["reliability"] == "E"
    assert row(view, "s-poltava-missile", COL_GRADE).data() == "E"
    assert ctx.undo_stack.count() == 1 and ctx.undo_stack.undoText().startswith("Grade ")
    p_after = overview.model.index(overview.model.row_of("c3"), COL_PROBABILITY).data()
    assert p_after != p_before
    ctx.undo_stack.undo()
    assert row(view, "s-poltava-missile", COL_GRADE).data() == "B"
    assert overview.model.index(overview.model.row_of("c3"), COL_PROBABILITY).data() == p_before


def test_setting_the_same_grade_or_a_bad_one_writes_nothing(view, ctx):
    assert view.set_grade("s-bbc", "B")
    assert not view.set_grade("s-bbc", "Q")
    assert ctx.undo_stack.count() == 0


def test_merge_two_duplicates_and_undo(qtbot, monkeypatch, view, ctx):
    asked = []

    def keep_second(parent, store, first, second):
        asked.append((first, second))
        return second

    monkeypatch.setattr(sources_view, "choose_keeper", keep_second)
    sel = view.table.selectionModel()
    view.table.clearSelection()
    for sid in ("s-fareast", "s-milblogs"):
        sel.select(proxy_row(view, sid), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
    assert view.merge_button.isEnabled()
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and set(asked[0]) == {"s-fareast", "s-milblogs"}
    keep = asked[0][1]
    drop = asked[0][0]
    assert drop not in ctx.store.sources and keep in ctx.store.sources
    assert view.model.rowCount() == 11
    moved = {"e5", "e7"} if drop == "s-fareast" else {"e10"}
    assert all(ctx.store.evidence(e)["source"] == keep for e in moved)
    assert row(view, keep, COL_ITEMS).data() == 3
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert view.model.rowCount() == 12 and drop in ctx.store.sources
    assert all(ctx.store.evidence(e)["source"] == drop for e in moved)
    assert row(view, "s-fareast", COL_ITEMS).data() == 2 and row(view, "s-milblogs", COL_ITEMS).data() == 1
    ctx.undo_stack.redo()
    assert drop not in ctx.store.sources


def test_merge_cancelled_or_with_a_wrong_selection_does_nothing(monkeypatch, view, ctx):
    monkeypatch.setattr(sources_view, "choose_keeper", lambda *a: None)
    sel = view.table.selectionModel()
    sel.select(proxy_row(view, "s-bbc"), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
    assert not view.merge_button.isEnabled() and not view.merge_selected()
    sel.select(proxy_row(view, "s-lankov"), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
    assert not view.merge_selected()
    assert ctx.undo_stack.count() == 0 and len(ctx.store.sources) == 12


def test_merge_dialog_offers_both_and_keeps_the_checked_one(qtbot, ctx):
    d = MergeDialog(ctx.store, "s-bbc", "s-article")
    qtbot.addWidget(d)
    assert d.keeper() == "s-bbc"
    d.group.button(1).setChecked(True)
    assert d.keeper() == "s-article"
    d.reject()


def test_source_shown_elsewhere_is_selected_here(view, ctx):
    ctx.show_source("s-lankov")
    assert view.selected_sources() == ["s-lankov"]


def test_read_only_project_offers_no_edits(qtbot, demo_path):
    from workbench.service import ProjectService

    svc = ProjectService.open(demo_path, read_only=True, analyst="tester")
    try:
        ctx = ProjectContext(svc)
        v = SourcesView(ctx)
        qtbot.addWidget(v)
        assert not (v.model.flags(row(v, "s-bbc", COL_GRADE)) & Qt.ItemFlag.ItemIsEditable)
        assert not v.set_grade("s-bbc", "A")
        model = SourcesTableModel(ctx.store)
        assert model.rowCount() == 12
    finally:
        svc.close()
