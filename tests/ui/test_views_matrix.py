"""The evidence matrix: cells, ordering, clicking through, and incremental updates."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from tests.ui.conftest import show_widget
from ui.session.context import ProjectContext
from ui.views import VIEWS
from ui.views.matrix import MatrixView
from ui.views.matrix_model import CellRole, MatrixModel
from workbench.service import ProjectService
from workbench.store.exchange import FORMAT


@pytest.fixture
def view(qtbot, ctx) -> MatrixView:
    return show_widget(qtbot, VIEWS["matrix"](ctx, None), 1300, 800)


def cell(model: MatrixModel, claim: str, source: str):
    r, c = model.index_of_claim(claim), model.index_of_source(source)
    assert r >= 0 and c >= 0, (claim, source)
    return model.index(r, c)


def snapshot(model: MatrixModel) -> tuple[dict, list[str], list[str]]:
    """Cells by (claim id, source id) with the display order: what the user sees."""
    cells = {}
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            got = model.cell_at(r, c)
            if got is not None:
                cells[(model.claim_at(r), model.source_at(c))] = got
    return (cells, [model.claim_at(r) for r in range(model.rowCount())],
            [model.source_at(c) for c in range(model.columnCount())])


def test_model_passes_the_model_tester(qtmodeltester, view):
    qtmodeltester.check(view.model)


def test_cells_show_stance_shape_and_grade(view, ctx):
    m = view.model
    assert (m.rowCount(), m.columnCount()) == (6, 12)
    assert len(m.cells) == m.filled() == 16          # sparse: only the filled cells exist
    assert cell(m, "c2", "s-fareast").data() == "▲ F3"
    assert cell(m, "c1", "s-peskov").data() == "▼ D4"
    assert cell(m, "c1", "s-miller").data() == "● B6"
    bbc = cell(m, "c1", "s-bbc").data(CellRole)     # the BBC is cited both for and against c1
    assert bbc.kind == "mixed" and bbc.symbol == "◆" and set(bbc.items) == {"e1", "e2"}
    origin = cell(m, "c1", "s-ukr-intel").data(CellRole)  # named origin of the BBC's report
    assert origin.kind == "origin" and origin.items == ("e1",)
    assert "relay" in cell(m, "c1", "s-ukr-intel").data(Qt.ItemDataRole.ToolTipRole)
    assert cell(m, "c3", "s-bbc").data() is None      # empty cells hold nothing
    assert "4 filled" not in view.count_label.text() and "16 filled cells" in view.count_label.text()


def test_absorbed_items_are_drawn_hollow(qtbot, ctx, view):
    # A weak relay of Lankov's analysis is the same origin: Lankov's own item counts, the relay not.
    ctx.run("Link", lambda: ctx.service.link_evidence("c6", "s-milblogs", "corroborates", 5, diagnosticity="low",
                                                      derives_from={"source": "s-lankov"}))
    got = cell(view.model, "c6", "s-milblogs").data(CellRole)
    assert got.absorbed and got.symbol == "△"
    assert got.details[0][2] == "absorbed"


def test_columns_sort_by_the_weight_a_source_carries(view, ctx):
    m = view.model
    weights = [m.index_.weight(m.source_at(c)) for c in range(m.columnCount())]
    assert weights == sorted(weights, reverse=True) and weights[0] > 0
    expected = {}
    for a in ctx.store.assessments.values():
        for b in a.evidence:
            if b.role == "counted":
                expected[b.source] = expected.get(b.source, 0.0) + b.weight
    assert m.index_.weight("s-bbc") == pytest.approx(expected["s-bbc"])
    view.source_order.setCurrentIndex(view.source_order.findData("name"))
    names = [ctx.store.sources[m.source_at(c)]["name"].casefold() for c in range(m.columnCount())]
    assert names == sorted(names)
    view.claim_order.setCurrentIndex(view.claim_order.findData("likelihood"))
    probs = [ctx.store.assessments[m.claim_at(r)].probability for r in range(m.rowCount())]
    assert probs == sorted(probs, reverse=True)


def test_filter_keeps_only_matching_claims_and_their_sources(qtbot, view):
    qtbot.keyClicks(view.filter_edit, "troop shortages")
    m = view.model
    assert [m.claim_at(r) for r in range(m.rowCount())] == ["c6"]
    assert {m.source_at(c) for c in range(m.columnCount())} == {"s-miller", "s-ryabykh", "s-lankov", "s-zelensky"}
    view.hide_empty.setChecked(False)
    assert m.columnCount() == 12
    view.filter_edit.clear()
    assert m.rowCount() == 6


def test_clicking_a_cell_opens_that_evidence(qtbot, view, ctx):
    index = cell(view.model, "c2", "s-fareast")
    view.grid.scrollTo(index)
    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=view.grid.visualRect(index).center())
    assert (ctx.current_claim, ctx.current_evidence) == ("c2", "e7")
    assert "Military sources in Russia" in view.detail.text()
    empty = cell(view.model, "c3", "s-bbc")
    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=view.grid.visualRect(empty).center())
    assert (ctx.current_claim, ctx.current_evidence) == ("c3", "")
    with qtbot.waitSignal(view.jumpRequested) as blocker:
        view.grid.setCurrentIndex(cell(view.model, "c6", "s-lankov"))
        qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    assert blocker.args == ["c6"] and ctx.current_evidence == "e15"


def test_evidence_selected_elsewhere_is_shown_in_the_grid(view, ctx):
    ctx.select_evidence("e3")
    assert view.grid.currentIndex() == cell(view.model, "c1", "s-peskov")


def test_source_header_click_asks_to_show_the_source(qtbot, view, ctx):
    col = view.model.index_of_source("s-bbc")
    with qtbot.waitSignal(ctx.sourceShown) as blocker:
        view.grid.horizontalHeader().sectionClicked.emit(col)
    assert blocker.args == ["s-bbc"]


def test_headers_have_fixed_uniform_sections(view):
    for header in (view.grid.horizontalHeader(), view.grid.verticalHeader()):
        assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    assert view.grid.horizontalHeader().height() >= 120  # room for names written upwards


def test_grade_edit_changes_the_cells_and_the_order(qtbot, view, ctx):
    before = cell(view.model, "c6", "s-miller").data()
    ctx.run("Grade", lambda: ctx.service.set_reliability("s-miller", "A"))
    assert before == "▲ B3" and cell(view.model, "c6", "s-miller").data() == "▲ A3"
    weights = [view.model.index_.weight(view.model.source_at(c)) for c in range(view.model.columnCount())]
    assert weights == sorted(weights, reverse=True)
    ctx.undo_stack.undo()
    assert cell(view.model, "c6", "s-miller").data() == "▲ B3"


def _synthetic(path, claims=120, sources=60, items=600, seed=3) -> ProjectService:
    """A mid-sized random project with relays, context items and duplicates of sources."""
    rng = random.Random(seed)
    srcs = [{"id": f"s{i}", "name": f"Source {i}", "kind": "outlet", "reliability": rng.choice("ABCDEF")}
            for i in range(sources)]
    cls = [{"id": f"c{i}", "text": f"Claim number {i}"} for i in range(claims)]
    ev = []
    for n in range(items):
        cid = f"c{rng.randrange(claims)}"
        e = {"id": f"e{n}", "claim": cid, "source": f"s{rng.randrange(sources)}",
             "stance": rng.choice(("corroborates", "corroborates", "contradicts", "context")),
             "credibility": rng.randint(1, 6)}
        same = [x for x in ev if x["claim"] == cid]
        if same and rng.random() < 0.25:
            e["derives_from"] = {"evidence": rng.choice(same)["id"]}
        elif rng.random() < 0.1:
            e["derives_from"] = {"source": f"s{rng.randrange(sources)}"}
        ev.append(e)
    svc = ProjectService.create(path, "Synthetic", analyst="tester")
    svc.load_exchange({"format": FORMAT, "sources": srcs, "claims": cls, "evidence": ev})
    return svc


def test_incremental_updates_match_a_fresh_model(qtbot, tmp_path):
    svc = _synthetic(tmp_path / "synth.db")
    try:
        ctx = ProjectContext(svc)
        v = MatrixView(ctx)
        qtbot.addWidget(v)
        v.filter_edit.setText("number 1")  # a filter and an order must survive every update too
        v.claim_order.setCurrentIndex(v.claim_order.findData("likelihood"))

        def same() -> None:
            fresh = MatrixModel(ctx.store)
            fresh.set_orders(claims="likelihood")
            fresh.set_filter("number 1")
            assert snapshot(v.model) == snapshot(fresh)

        same()
        ctx.run("Grade", lambda: svc.set_reliability(
            "s7", "A" if ctx.store.sources["s7"]["reliability"] != "A" else "E"))
        same()
        ctx.run("Delete", lambda: svc.delete_evidence("e5"))
        same()
        ctx.run("Merge", lambda: svc.merge_sources("s1", "s2"))
        same()
        ctx.run("Settings", lambda: svc.set_settings({"settings": {"reliability": {"C": 0.2}}}))
        same()
        for _ in range(4):
            ctx.undo_stack.undo()
            same()
        ctx.undo_stack.redo()
        same()
    finally:
        ctx.undo_stack.clear()
        svc.close()
