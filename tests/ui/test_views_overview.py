"""The claims overview, driven as a user would: sort, filter, jump, and follow edits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import show_widget
from ui.session.context import ProjectContext
from ui.views import TITLES, VIEWS
from ui.views.overview import OverviewView
from ui.views.overview_model import (
    COL_AGAINST,
    COL_CHANGED,
    COL_CLAIM,
    COL_CONFIDENCE,
    COL_DOCUMENT,
    COL_FLAGS,
    COL_FOR,
    COL_LIKELIHOOD,
    COL_PROBABILITY,
    COL_STATUS,
    IdRole,
    OverviewModel,
    SortRole,
)


@pytest.fixture
def view(qtbot, ctx) -> OverviewView:
    return show_widget(qtbot, VIEWS["overview"](ctx, None), 1200, 700)


def shown_ids(v: OverviewView) -> list[str]:
    return [v.proxy.index(r, 0).data(IdRole) for r in range(v.proxy.rowCount())]


def test_registry_names_every_view_and_builds_widgets(qtbot, ctx):
    assert set(VIEWS) == {"overview", "matrix", "sources", "provenance"} == set(TITLES)
    for factory in VIEWS.values():
        w = factory(ctx, None)
        qtbot.addWidget(w)
        assert w.accessibleName()
        assert hasattr(w, "jumpRequested")


def test_models_pass_the_model_tester(qtmodeltester, view):
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_every_claim_with_its_judgement(view, ctx):
    assert view.model.rowCount() == len(ctx.store.claims) == 6
    assert view.count_label.text() == "6 claims"
    row = view.model.row_of("c1")
    m = view.model
    a = ctx.store.assessments["c1"]
    assert m.index(row, COL_CLAIM).data() == ctx.store.claims["c1"]["text"]
    assert m.index(row, COL_LIKELIHOOD).data() == a.likelihood == "roughly even chance"
    assert m.index(row, COL_PROBABILITY).data() == f"{a.probability * 100:.0f}%"
    assert m.index(row, COL_CONFIDENCE).data() == a.confidence
    assert (m.index(row, COL_FOR).data(), m.index(row, COL_AGAINST).data()) == (2, 3)
    assert m.index(row, COL_STATUS).data() == "Open"
    assert m.index(row, COL_CHANGED).data()  # "25 Nov 2026, 01:30"-style local time
    c2 = m.row_of("c2")
    assert m.index(c2, COL_FLAGS).data() == "single origin"
    assert "one origin" in m.index(c2, COL_FLAGS).data(Qt.ItemDataRole.ToolTipRole)


def test_sorting_by_likelihood_uses_the_probability(view, ctx):
    view.table.header().setSortIndicator(COL_LIKELIHOOD, Qt.SortOrder.DescendingOrder)
    ids = shown_ids(view)
    probs = [ctx.store.assessments[c].probability for c in ids]
    assert probs == sorted(probs, reverse=True)
    assert ids[0] == "c3"  # 80 %: the best-supported claim comes first
    view.table.header().setSortIndicator(COL_CLAIM, Qt.SortOrder.AscendingOrder)
    texts = [ctx.store.claims[c]["text"].casefold() for c in shown_ids(view)]
    assert texts == sorted(texts)


def test_filters_by_status_confidence_flag_and_text(qtbot, view, ctx):
    ctx.run("Mark verified", lambda: ctx.service.update_claim("c6", status="verified"))
    view.status_combo.setCurrentIndex(view.status_combo.findData("verified"))
    assert shown_ids(view) == ["c6"]
    assert view.count_label.text() == "1 of 6 claims"
    assert view.clear_button.isVisibleTo(view)
    view.clear_filters()
    view.confidence_combo.setCurrentIndex(view.confidence_combo.findData("moderate"))
    assert shown_ids(view) == ["c3"]
    view.clear_filters()
    view.flag_combo.setCurrentIndex(view.flag_combo.findData("single_origin"))
    assert sorted(shown_ids(view)) == ["c2", "c4", "c5"]
    view.flag_combo.setCurrentIndex(view.flag_combo.findData("none"))
    assert sorted(shown_ids(view)) == ["c1", "c3", "c6"]
    view.clear_filters()
    qtbot.keyClicks(view.filter_edit, "TROOP short")
    assert shown_ids(view) == ["c6"]
    view.clear_filters()
    assert len(shown_ids(view)) == 6 and not view.clear_button.isVisibleTo(view)


def test_band_strip_filters_one_likelihood(qtbot, view):
    strip = view.strip
    seg = next(s for s, w in strip._segments if w == "roughly even chance")
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=seg.center().toPoint())
    assert shown_ids(view) == ["c1"]
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=seg.center().toPoint())
    assert len(shown_ids(view)) == 6


def test_selecting_a_row_selects_the_claim_everywhere(qtbot, view, ctx):
    row = view.proxy.mapFromSource(view.model.index(view.model.row_of("c4"), COL_CLAIM))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(row).center())
    assert ctx.current_claim == "c4"
    ctx.select_claim("c2")  # and a claim selected elsewhere is selected here
    assert view.current_claim() == "c2"


def test_double_click_and_enter_jump_to_the_claim_in_its_document(qtbot, view, ctx):
    ctx.select_document("")
    index = view.proxy.mapFromSource(view.model.index(view.model.row_of("c5"), COL_CLAIM))
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.jumpRequested) as blocker:  # a double-click follows a press, as with a mouse
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["c5"]
    assert ctx.current_claim == "c5" and ctx.current_document == "d1"
    view.table.setFocus()
    view.table.setCurrentIndex(view.proxy.mapFromSource(view.model.index(view.model.row_of("c3"), 0)))
    with qtbot.waitSignal(view.jumpRequested) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == ["c3"]
    assert view.jump_button.isEnabled()
    with qtbot.waitSignal(view.jumpRequested) as blocker:
        qtbot.mouseClick(view.jump_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["c3"]


def test_a_grade_change_updates_only_the_claims_it_moves(qtbot, view, ctx):
    m = view.model
    before = {c: m.index(m.row_of(c), COL_PROBABILITY).data() for c in ctx.store.claims}
    changed_rows: set[int] = set()
    m.dataChanged.connect(lambda a, b, _roles=(): changed_rows.update(range(a.row(), b.row() + 1)))
    ctx.run("Grade", lambda: ctx.service.set_reliability("s-poltava-missile", "E"))
    after = {c: m.index(m.row_of(c), COL_PROBABILITY).data() for c in ctx.store.claims}
    assert before["c3"] != after["c3"]
    assert {c for c in before if before[c] != after[c]} == {"c3"}
    assert changed_rows == {m.row_of("c3")}
    ctx.undo_stack.undo()
    assert m.index(m.row_of("c3"), COL_PROBABILITY).data() == before["c3"]


def test_new_and_deleted_claims_come_and_go_without_a_reset(qtbot, view, ctx):
    resets: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(1))
    changes = ctx.run("Add", lambda: ctx.service.add_claim("Pyongyang denies sending troops", "d1"))
    new = changes.new_id
    assert new in shown_ids(view) and view.count_label.text() == "7 claims"
    assert view.model.index(view.model.row_of(new), COL_CHANGED).data()  # remembered, though the row lacks it
    ctx.run("Delete", lambda: ctx.service.delete_claim(new))
    assert new not in shown_ids(view) and not resets
    assert view.model.rowCount() == 6


def test_sort_role_orders_no_assessment_last(qtbot, view, ctx):
    changes = ctx.run("Add", lambda: ctx.service.add_claim("A claim without evidence yet"))
    row = view.model.row_of(changes.new_id)
    assert view.model.index(row, COL_PROBABILITY).data() == "—"
    assert view.model.index(row, COL_PROBABILITY).data(SortRole) == -1.0
    assert view.model.index(row, COL_LIKELIHOOD).data() == "no assessment"
    view.table.header().setSortIndicator(COL_PROBABILITY, Qt.SortOrder.AscendingOrder)
    assert shown_ids(view)[0] == changes.new_id


def test_model_alone_on_an_empty_project(qtmodeltester, empty_service):
    ctx = ProjectContext(empty_service)
    model = OverviewModel(ctx.store)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_a_sorted_table_stays_sorted_and_keeps_the_selection(qtbot, view, ctx):
    view.table.header().setSortIndicator(COL_PROBABILITY, Qt.SortOrder.DescendingOrder)
    ctx.select_claim("c5")
    assert view.current_claim() == "c5"
    ctx.run("Grade", lambda: ctx.service.set_reliability("s-article", "A"))  # c4 and c5 rise
    probs = [ctx.store.assessments[c].probability for c in shown_ids(view)]
    assert probs == sorted(probs, reverse=True)
    assert view.current_claim() == "c5"
    view.table.header().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    assert shown_ids(view) == list(ctx.store.claims)  # back to project order


def test_columns_give_way_when_the_view_is_narrow(qtbot, view):
    header = view.table.header()
    assert header.isSectionHidden(COL_DOCUMENT)  # one document: the column says nothing
    assert not header.isSectionHidden(COL_CHANGED)
    view.resize(700, 600)
    qtbot.waitUntil(lambda: header.isSectionHidden(COL_CHANGED))
    assert not header.isSectionHidden(COL_LIKELIHOOD)
    assert header.sectionSize(COL_CLAIM) >= 200
    view.resize(1400, 600)
    qtbot.waitUntil(lambda: not header.isSectionHidden(COL_CHANGED))
