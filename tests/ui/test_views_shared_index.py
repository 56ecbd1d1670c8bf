"""One evidence index for the matrix and the sources manager, kept fresh by the store.

A 100,000-item project held the index twice (37 MiB each); now the store
builds it for the first view that asks and updates it before the views hear
of a write. These tests check that the shared index is the one both views
read, that after every kind of write it equals an index built from scratch,
and that the two views show the same figures.
"""

from __future__ import annotations

import gc

from tests.ui.test_views_matrix import _synthetic
from ui.session.context import ProjectContext
from ui.session.evidence_index import EvidenceIndex
from ui.views.matrix import MatrixView
from ui.views.matrix_model import MatrixModel
from ui.views.sources_view import SourcesView
from ui.views.sources_view_model import COL_CLAIMS, COL_ITEMS, COL_WEIGHT, SourcesTableModel


def _contents(index: EvidenceIndex) -> tuple[object, ...]:
    """Everything a view reads from an index, order of dict keys aside."""
    def nonempty(table: dict) -> dict:
        return {k: dict(v) for k, v in table.items() if v}
    sources = set(index.by_source) | set(index.origin_of)
    by_source = {sid: sorted(items) for sid, items in index.by_source.items() if items}
    return (dict(index.by_claim), by_source, nonempty(index.origin_of),
            nonempty(index.relays), nonempty(index.relayed_by),
            {s: (round(index.weight(s), 12), index.item_count(s), index.claims_of(s)) for s in sources})


def _agree(ctx: ProjectContext, matrix: MatrixView, sources: SourcesView) -> None:
    """The shared index is as fresh as a new one, and both views show its figures."""
    index = ctx.store.evidence_index()
    assert matrix.model.index_ is index and sources.model.index_ is index
    assert _contents(index) == _contents(EvidenceIndex(lambda: ctx.store.assessments))
    m = matrix.model
    s = sources.model
    for sid in ctx.store.sources:
        r = s.row_of(sid)
        items = s.index(r, COL_ITEMS).data()
        claims = s.index(r, COL_CLAIMS).data()
        weight = float(s.index(r, COL_WEIGHT).data())
        assert items == index.item_count(sid) and claims == len(index.claims_of(sid))
        assert weight == round(index.weight(sid), 2) or abs(weight - index.weight(sid)) < 0.006
        col = m.index_of_source(sid)
        # The matrix has a column for exactly the sources that bear on some claim, with the same reach.
        assert (col >= 0) == bool(claims), sid
        if col >= 0:
            filled = sum(m.cell_at(r2, col) is not None for r2 in range(m.rowCount()))
            assert filled == claims, sid


def test_the_matrix_and_the_sources_manager_agree_after_every_kind_of_write(qtbot, tmp_path):
    svc = _synthetic(tmp_path / "synth.db")
    ctx = ProjectContext(svc)
    try:
        matrix = MatrixView(ctx)
        sources = SourcesView(ctx)
        qtbot.addWidget(matrix)
        qtbot.addWidget(sources)
        _agree(ctx, matrix, sources)
        ctx.run("Grade", lambda: svc.set_reliability(
            "s7", "A" if ctx.store.sources["s7"]["reliability"] != "A" else "E"))
        _agree(ctx, matrix, sources)
        ctx.run("Relay", lambda: svc.update_evidence("e9", derives_from={"source": "s3"}))
        _agree(ctx, matrix, sources)
        ctx.run("Delete", lambda: svc.delete_evidence("e5"))
        _agree(ctx, matrix, sources)
        ctx.run("Merge", lambda: svc.merge_sources("s1", "s2"))
        _agree(ctx, matrix, sources)
        ctx.run("Settings", lambda: svc.set_settings({"settings": {"reliability": {"C": 0.2}}}))
        _agree(ctx, matrix, sources)
        for _ in range(5):
            ctx.undo_stack.undo()
            _agree(ctx, matrix, sources)
        ctx.undo_stack.redo()
        _agree(ctx, matrix, sources)
    finally:
        ctx.undo_stack.clear()
        svc.close()


def test_the_index_is_built_once_and_let_go_with_the_last_view(qtbot, tmp_path, monkeypatch):
    svc = _synthetic(tmp_path / "synth.db", claims=30, sources=15, items=120)
    ctx = ProjectContext(svc)
    built: list[int] = []  # one entry per build (not the index: the list would keep it alive)
    real_rebuild = EvidenceIndex.rebuild

    def counting_rebuild(self: EvidenceIndex) -> None:
        built.append(1)
        real_rebuild(self)
    monkeypatch.setattr(EvidenceIndex, "rebuild", counting_rebuild)
    try:
        first = MatrixModel(ctx.store)
        second = SourcesTableModel(ctx.store)
        assert len(built) == 1 and first.index_ is second.index_
        ctx.run("Grade", lambda: svc.set_reliability("s4", "A" if ctx.store.sources["s4"]["reliability"] != "A"
                                                     else "F"))
        assert len(built) == 1  # a write updates the shared index, it does not rebuild it
        del first, second
        gc.collect()
        # No view left: the index goes (its memory with it) and a write no longer touches it.
        assert ctx.store._index is not None and ctx.store._index() is None
        ctx.run("Delete", lambda: svc.delete_evidence("e3"))
        again = MatrixModel(ctx.store)
        assert len(built) == 2
        monkeypatch.undo()
        assert _contents(again.index_) == _contents(EvidenceIndex(lambda: ctx.store.assessments))
    finally:
        ctx.undo_stack.clear()
        svc.close()
