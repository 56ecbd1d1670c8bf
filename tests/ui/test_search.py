"""Find in Project: forgiving matching, snippets, and going to each kind of place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import show_widget
from ui.session.context import ProjectContext
from ui.views.search import (
    FIND_IN_PROJECT,
    HitsModel,
    ProjectSearch,
    compile_query,
    search_project,
)


@pytest.fixture
def panel(qtbot, ctx) -> ProjectSearch:
    return show_widget(qtbot, ProjectSearch(ctx), 500, 600)


def test_matching_forgives_case_spacing_quotes_and_dashes():
    pat = compile_query("russia's   FAR east")
    assert pat.search("in Russia’s\nFar East")
    assert compile_query('"closest comrade"').search("his “closest comrade.”") is None  # the full stop is inside
    assert compile_query('“closest comrade').search('his "closest comrade"')
    assert compile_query("2023-2024").search("from 2023–2024")
    assert compile_query("a.b").search("axb") is None  # regular-expression characters are literal
    assert compile_query("   ") is None


def test_search_project_orders_kinds_and_reports_offsets():
    pat = compile_query("alpha")
    text = "x alpha y ALPHA"
    hits, more = search_project(
        pat, documents=[("d", "Doc", text)], claims={"c": {"text": "Alpha claim", "note": "", "document": "d"}},
        evidence=[{"id": "e", "claim": "c", "quote": "an alpha quote", "note": "alpha note", "document": "d"}],
        sources={"s": {"name": "Alpha Agency", "notes": ""}})
    assert [h.kind for h in hits] == ["claim", "quote", "evidence_note", "document", "document", "source"]
    docs = [h for h in hits if h.kind == "document"]
    assert [text[h.start:h.end] for h in docs] == ["alpha", "ALPHA"]
    assert docs[0].before == "x " and docs[0].match == "alpha" and docs[0].after == " y ALPHA"
    assert hits[1].where == "Alpha claim" and not more
    capped, more = search_project(pat, documents=[("d", "Doc", "alpha " * 50)], limit=10)
    assert len(capped) == 10 and more


def test_model_passes_the_model_tester(qtmodeltester, panel):
    panel.run_query("Russia")
    assert panel.model.rowCount() > 5
    qtmodeltester.check(panel.model)


def test_claim_hit_jumps_to_the_claim(qtbot, panel, ctx):
    hits = panel.run_query("closest comrade")
    kinds = {h.kind for h in hits}
    assert {"claim", "quote", "document"} <= kinds
    assert "in claims" in panel.status.text() and "in document text" in panel.status.text()
    claim = next(i for i in range(panel.model.rowCount()) if panel.model.hits[i].kind == "claim")
    index = panel.model.index(claim, 0)
    with qtbot.waitSignal(panel.jumpRequested) as blocker:
        qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton,
                         pos=panel.results.visualRect(index).center())
    assert blocker.args == ["c4"] and ctx.current_claim == "c4" and ctx.current_document == "d1"


def test_quote_hit_selects_the_evidence(qtbot, panel, ctx):
    hits = panel.run_query("Poltava region")
    quote = next(h for h in hits if h.kind == "quote")
    with qtbot.waitSignal(panel.jumpRequested) as blocker:
        panel.open_hit(quote)
    assert blocker.args == ["c3"] and ctx.current_evidence == "e9"


def test_document_hit_reveals_the_passage(qtbot, panel, ctx):
    ctx.select_document("")
    hits = panel.run_query("Ussuriysk")
    doc = next(h for h in hits if h.kind == "document")
    panel.results.setCurrentIndex(panel.model.index(hits.index(doc), 0))
    panel.results.setFocus()
    with qtbot.waitSignal(panel.revealRequested) as blocker:
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    doc_id, start, end = blocker.args
    assert doc_id == "d1" and ctx.current_document == "d1"
    assert ctx.store.document_text("d1")[start:end] == "Ussuriysk"


def test_source_hit_shows_the_source(qtbot, panel, ctx):
    hits = panel.run_query("Korea Risk Group")
    src = next(h for h in hits if h.kind == "source")
    with qtbot.waitSignal(ctx.sourceShown) as blocker:
        panel.open_hit(src)
    assert blocker.args == ["s-lankov"]


def test_scope_limits_where_to_look(panel):
    panel.scope.setCurrentIndex(panel.scope.findData("evidence"))
    hits = panel.run_query("Russia")
    assert hits and {h.kind for h in hits} <= {"quote", "evidence_note"}
    panel.scope.setCurrentIndex(panel.scope.findData("sources"))
    assert {h.kind for h in panel.model.hits} == {"source"}


def test_results_follow_edits(qtbot, panel, ctx):
    assert panel.run_query("Pyongyang denies") == []
    assert panel.status.text() == "Not found."
    ctx.run("Add", lambda: ctx.service.add_claim("Pyongyang denies sending troops"))
    qtbot.waitUntil(lambda: any(h.kind == "claim" for h in panel.model.hits))
    ev = ctx.run("Note", lambda: ctx.service.update_evidence("e3", note="Pyongyang denies it too"))
    assert ev is not None
    hits = panel.run_query("Pyongyang denies")
    assert {h.kind for h in hits} == {"claim", "evidence_note"}


def test_typing_searches_after_a_pause_and_shortcut_is_ctrl_shift_f(qtbot, panel):
    assert FIND_IN_PROJECT.toString() == "Ctrl+Shift+F"
    panel.focus_query()
    qtbot.keyClicks(panel.edit, "Kremlin")
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    assert all("Kremlin" in h.match or "kremlin" in h.match.lower() for h in panel.model.hits)


def test_hits_model_alone():
    m = HitsModel()
    assert m.rowCount() == 0 and m.data(m.index(0, 0)) is None


def test_the_panel_follows_the_open_project(qtbot, ctx, empty_service):
    panel = ProjectSearch()
    qtbot.addWidget(panel)
    assert not panel.isEnabled() and panel.run_query("Russia") == []
    panel.set_context(ctx)
    assert panel.isEnabled() and panel.run_query("Russia")
    other = ProjectContext(empty_service)
    panel.set_context(other)                 # the query stays, the results are the new project's
    assert panel.edit.text() == "Russia" and panel.model.rowCount() == 0
    ctx.run("Add", lambda: ctx.service.add_claim("Russia again"))
    assert panel.model.rowCount() == 0       # the old project no longer reaches the panel
    panel.set_context(None)
    assert not panel.isEnabled() and panel.status.text() == "Open a project to search it."
