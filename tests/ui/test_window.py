"""The window driven as a user would: open the demo, mark a claim, add evidence,
see the likelihood move, undo and redo, delete a source and undo, click a
highlight to switch claims."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCursor

from tests.ui.conftest import accept_with
from ui.board.evidence_card import EvidenceCard
from ui.dialogs.claim_dialog import ClaimDialog
from ui.dialogs.evidence_form import EvidenceForm
from ui.document.highlights import drawn_once

CTRL = Qt.KeyboardModifier.ControlModifier


def board_counts(w: Any) -> tuple[int, ...]:
    """Cards in the corroborating, contradicting and context columns."""
    cols = w.board.columns
    return tuple(sum(1 for c in w.board.cards.values() if cols[s].isAncestorOf(c))
                 for s in ("corroborates", "contradicts", "context"))


def select_words(w: Any, words: str) -> tuple[int, int]:
    """Select ``words`` in the document as a user would, by dragging the cursor."""
    view = w.document_pane.view
    text = view.toPlainText()
    start = text.index(words)
    view.setFocus()
    view.select_span(start, start + len(words))
    return start, start + len(words)


def test_opens_the_demo_with_the_first_claim_selected(window: Any) -> None:
    w = window
    assert w.windowTitle().startswith("demo.db") and "read-only" not in w.windowTitle()
    assert w.ctx.current_claim == "c1"
    assert w.navigator.claims_view.currentIndex().data() == \
        "Russia is forming a unit of about 3,000 North Korean soldiers"
    assert board_counts(w) == (2, 3, 1)
    assert w.panel.word_label.text() == "Roughly even chance"
    assert w.panel.confidence_label.text() == "Low confidence"
    assert w.panel.bar.probability == pytest.approx(0.496671, abs=1e-6)
    assert "roughly even chance (45–55%)" in w.panel.sentences_label.text()
    # Claims and evidence are drawn over the text; the text itself is untouched.
    spans = w.document_pane.view.spans
    assert {s.id for s in spans if s.kind == "claim"} == {f"c{i}" for i in range(1, 7)}
    assert len(w.document_pane.view.extraSelections()) == len(drawn_once(spans))
    assert w.document_pane.view.toPlainText() == w.ctx.store.document_text("d1")


def test_overlapping_highlights_are_both_drawn(window: Any) -> None:
    spans = window.document_pane.view.spans
    c1 = next(s for s in spans if s.id == "c1")
    e1 = next(s for s in spans if s.id == "e1")
    assert e1.start < c1.start < c1.end <= e1.end  # the quote contains the claim
    at = window.document_pane.view
    assert [s.id for s in at.claims_at(c1.start + 3)] == ["c1"]
    assert "e1" in [s.id for s in at.evidence_at(c1.start + 3)]


def test_select_text_and_mark_a_claim(window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    w = window
    words = "Russia faces significant troop shortages, this development"
    start, end = select_words(w, "Analysts question the feasibility of integrating large numbers")

    def fill(d: ClaimDialog) -> None:
        assert d.text_edit.toPlainText().startswith("Analysts question")
        d.text_edit.setPlainText("Integrating North Korean soldiers into Russian units is hard")
    seen = accept_with(monkeypatch, ClaimDialog, fill)
    assert w.menu_actions.mark_claim.isEnabled()
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        qtbot.keyClick(w.document_pane.view, Qt.Key.Key_M, CTRL)
    assert len(seen) == 1
    new = w.ctx.current_claim
    claim = w.ctx.store.claims[new]
    assert claim["text"] == "Integrating North Korean soldiers into Russian units is hard"
    assert (claim["start"], claim["end"]) == (start, end)
    assert w.navigator.claims_view.currentIndex().data() == claim["text"]
    assert new in {s.id for s in w.document_pane.view.spans}
    assert w.board.hint.text().startswith("No evidence yet — select words in the document and press Ctrl+E")
    assert w.panel.word_label.text() == "No assessment"
    assert words  # the rest of the article is untouched
    assert w.undo_action.text() == "&Undo Mark claim"


def _add_strong_evidence(w: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Quote Andrei Lankov (graded B) as independent B2 support for claim c1."""
    select_words(w, "Experts like Andrei Lankov, director of the Korea Risk Group")

    def fill(form: EvidenceForm) -> None:
        assert form.quote.toPlainText().startswith("Experts like Andrei Lankov")
        form.source_combo.setCurrentIndex(form.source_combo.findData("s-lankov"))
        form.stance_buttons["corroborates"].setChecked(True)
        form.credibility.setCurrentIndex(form.credibility.findData(2))
        form.date_edit.setText("10 Oct 2024")
        assert form.date_echo.text() == "Read as: 10 Oct 2024"
        assert form.ok_button.isEnabled()
    accept_with(monkeypatch, EvidenceForm, fill)
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        qtbot.keyClick(w.document_pane.view, Qt.Key.Key_E, CTRL)


def test_add_evidence_moves_the_likelihood_then_undo_and_redo(window: Any, qtbot: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    w = window
    assert w.ctx.current_claim == "c1"
    _add_strong_evidence(w, qtbot, monkeypatch)
    assert w.panel.word_label.text() == "Likely"
    assert w.panel.bar.probability == pytest.approx(0.7056, abs=1e-3)
    assert board_counts(w) == (3, 3, 1)
    new_id = w.ctx.current_evidence
    assert w.board.cards[new_id].selected and "B2" in w.board.cards[new_id].grade_label.text()
    assert w.ctx.store.evidence(new_id)["date"] == "2024-10-10"
    colour_before = next(s for s in w.document_pane.view.spans if s.id == "c1").word
    assert colour_before == "likely"

    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)
    assert w.panel.word_label.text() == "Roughly even chance"
    assert board_counts(w) == (2, 3, 1)
    assert next(s for s in w.document_pane.view.spans if s.id == "c1").word == "roughly even chance"

    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        qtbot.keyClick(w, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert w.panel.word_label.text() == "Likely"
    assert board_counts(w) == (3, 3, 1)


def test_new_source_created_in_place_is_one_undo_step(window: Any, qtbot: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    w = window

    def fill(form: EvidenceForm) -> None:
        form.new_source_box.setChecked(True)
        form.source_fields.name.setText("Reuters")
        form.source_fields.reliability.setCurrentIndex(form.source_fields.reliability.findData("A"))
        form.stance_buttons["contradicts"].setChecked(True)
        form.credibility.setCurrentIndex(form.credibility.findData(2))
        form.date_edit.setText("late 2024")
        form.quote.setPlainText("No unit has been seen.")
    accept_with(monkeypatch, EvidenceForm, fill)
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        w.menu_actions.add_evidence.trigger()
    names = [s["name"] for s in w.ctx.store.sources.values()]
    assert "Reuters" in names and board_counts(w) == (2, 4, 1)
    assert w.panel.word_label.text() == "Unlikely"
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        w.undo_action.trigger()
    assert "Reuters" not in [s["name"] for s in w.ctx.store.sources.values()]
    assert board_counts(w) == (2, 3, 1) and not w.undo_action.isEnabled()


def test_delete_a_source_with_its_evidence_and_undo(window: Any, qtbot: Any, dialogs: Any) -> None:
    w = window
    nav = w.navigator
    nav.sources_view.setFocus()
    nav.show_source("s-bbc")
    assert nav.current_source() == "s-bbc"
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        qtbot.keyClick(nav.sources_view, Qt.Key.Key_Delete)
    assert "3 evidence items" in dialogs.confirms[0]
    assert "s-bbc" not in w.ctx.store.sources
    assert board_counts(w) == (1, 2, 1)  # e1 and e2 went with the BBC
    assert nav.sources_model.rowCount() == 11
    moved = w.panel.bar.probability
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)
    assert "s-bbc" in w.ctx.store.sources and nav.sources_model.rowCount() == 12
    assert board_counts(w) == (2, 3, 1)
    assert w.panel.bar.probability == pytest.approx(0.496671, abs=1e-6) != moved
    assert {e["id"] for e in w.ctx.service.evidence_for_claim("c2")} == {"e7", "e8"}


def test_click_a_highlight_to_switch_claims(window: Any, qtbot: Any) -> None:
    w = window
    view = w.document_pane.view
    c4 = w.ctx.store.claims["c4"]
    view.reveal(c4["start"], c4["end"])
    cur = QTextCursor(view.document())
    cur.setPosition(view.offsets.to_qt(c4["start"] + 12))
    rect = view.cursorRect(cur)
    with qtbot.waitSignal(w.ctx.claimSelected, timeout=2000) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == ["c4"]
    assert w.board.claim_label.text() == "Kim Jong Un called Vladimir Putin his “closest comrade”"
    assert w.navigator.claims_view.currentIndex().data() == w.board.claim_label.text()
    assert next(s for s in view.spans if s.id == "c4").current
    # A second click on the current claim's own quote selects that evidence item.
    e11 = next(s for s in view.spans if s.id == "e11")
    cur.setPosition(view.offsets.to_qt(e11.start + 3))
    with qtbot.waitSignal(w.ctx.evidenceSelected, timeout=2000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cur).center())
    assert w.ctx.current_evidence == "e11" and w.board.cards["e11"].selected


def test_card_links_go_to_the_origin(window: Any, qtbot: Any) -> None:
    w = window
    card = w.board.cards["e1"]
    assert "interested party" in card.markers_label.text()
    assert 'href="source:s-ukr-intel"' in card.markers_label.text()
    with qtbot.waitSignal(w.ctx.sourceShown, timeout=2000):
        card.markers_label.linkActivated.emit("source:s-ukr-intel")
    assert w.navigator.current_source() == "s-ukr-intel"


def test_delete_claim_with_evidence_is_one_step(window: Any, qtbot: Any, dialogs: Any) -> None:
    w = window
    w.navigator.claims_view.setFocus()
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        w.menu_actions.delete.trigger()
    assert "6 evidence items" in dialogs.confirms[0]
    assert "c1" not in w.ctx.store.claims and w.ctx.current_claim == "c2"
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        w.undo_action.trigger()
    assert "c1" in w.ctx.store.claims and len(w.ctx.store.evidence_for("c1")) == 6


def test_delete_key_on_a_card_deletes_that_evidence(window: Any, qtbot: Any) -> None:
    w = window
    card: EvidenceCard = w.board.cards["e3"]
    card.setFocus()
    assert card.hasFocus()
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        w.menu_actions.delete.trigger()
    assert board_counts(w) == (2, 2, 1)
    assert "c1" in w.ctx.store.claims


def test_errors_are_shown_not_raised(window: Any, dialogs: Any) -> None:
    w = window
    result = w.ctx.run("Link evidence", lambda: w.ctx.service.link_evidence("c1", "no-such-source", "corroborates", 2))
    assert result is None
    title, message = dialogs.errors[0]
    assert title == "Could not link evidence" and "no-such-source" in message
    assert not w.undo_action.isEnabled()


def test_read_only_project(qtbot: Any, demo_path: Any) -> None:
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    assert w.open_path(demo_path, read_only=True, remember=False)
    assert "(read-only)" in w.windowTitle()
    assert not w.menu_actions.add_evidence.isEnabled() and not w.menu_actions.mark_claim.isEnabled()
    assert not w.board.add_button.isEnabled()
    w.set_context(None)


def test_project_in_use_is_offered_read_only(qtbot: Any, demo_path: Any, dialogs: Any) -> None:
    from ui.window.main_window import MainWindow
    from workbench.service import ProjectService

    holder = ProjectService.open(demo_path)
    try:
        w = MainWindow(restore_layout=False, extensions=False)
        qtbot.addWidget(w)
        assert w.open_path(demo_path, remember=False)
        assert w.ctx.read_only and "(read-only)" in w.windowTitle()
        w.set_context(None)
    finally:
        holder.close()


def test_bad_project_file_is_one_line(qtbot: Any, tmp_path: Any, dialogs: Any) -> None:
    from ui.window.main_window import MainWindow

    bad = tmp_path / "notes.db"
    bad.write_text("not a database")
    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    assert not w.open_path(bad, remember=False)
    title, message = dialogs.errors[0]
    assert title == "Cannot open project" and "notes.db" in message and "\n" not in message


def test_empty_project_says_what_to_do(qtbot: Any, empty_service: Any) -> None:
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    w.show_service(empty_service, remember=False)
    pane = w.document_pane
    assert pane.stack.currentWidget() is pane.empty
    assert "Import a document (Ctrl+I) or paste text" in pane.empty_text.text()
    assert w.board.claim_label.text() == "No claim selected"
    w.set_context(None)


def test_paste_a_document_into_an_empty_project(qtbot: Any, empty_service: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.document.paste_dialog import PasteDialog
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    w.show_service(empty_service, remember=False)
    accept_with(monkeypatch, PasteDialog, lambda d: d.text.setPlainText("Headline\r\n\r\nBody 😀 text."))
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        w.menu_actions.paste_document.trigger()
    pane = w.document_pane
    assert pane.stack.currentIndex() == 0 and pane.title_label.text() == "Headline"
    assert pane.view.toPlainText() == "Headline\n\nBody 😀 text."
    w.set_context(None)


def test_zoom_and_find_from_the_keyboard(window: Any, qtbot: Any) -> None:
    w = window
    view = w.document_pane.view
    size = view.point_size
    qtbot.keyClick(w, Qt.Key.Key_Equal, CTRL)
    assert view.point_size == size + 1
    qtbot.keyClick(w, Qt.Key.Key_Minus, CTRL)
    assert view.point_size == size
    qtbot.keyClick(w, Qt.Key.Key_F, CTRL)
    assert w.document_pane.find_bar.isVisible()
    qtbot.keyClicks(w.document_pane.find_bar.edit, "Ussuriysk")
    assert view.textCursor().selectedText() == "Ussuriysk"
    qtbot.keyClick(w.document_pane.find_bar.edit, Qt.Key.Key_Escape)
    assert not w.document_pane.find_bar.isVisible() and view.hasFocus()


def test_keyboard_moves_between_claims_and_panes(window: Any, qtbot: Any) -> None:
    w = window
    qtbot.keyClick(w, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert w.ctx.current_claim == "c2"
    w.navigator.claims_view.setFocus()
    qtbot.keyClick(w, Qt.Key.Key_F6)
    assert w.document_pane.view.hasFocus()
    qtbot.keyClick(w, Qt.Key.Key_F6)
    assert isinstance(w.focusWidget(), EvidenceCard)
    assert w.ctx.current_evidence == w.focusWidget().evidence_id


def test_every_focusable_control_has_an_accessible_name(window: Any) -> None:
    from PySide6.QtWidgets import QAbstractScrollArea, QWidget

    missing = []
    for widget in window.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(window):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
            continue  # the viewport belongs to its named scroll area
        if type(widget).__name__ in ("QLineEdit",) and type(parent).__name__ == "QComboBox":
            continue
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert missing == []


def test_views_switch_and_jump_back(window: Any) -> None:
    w = window
    for name in ("overview", "matrix", "sources", "document"):
        w.show_view(name)
        assert w.views.current_name == name and w.menu_actions.views[name].isChecked()


def test_layout_and_recent_files_are_remembered(qtbot: Any, demo_path: Any) -> None:
    from PySide6.QtCore import QSettings

    from ui.window.main_window import MainWindow
    from ui.window.project_io import recent_files

    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_path(demo_path)
    assert str(demo_path.resolve()) == recent_files()[0]
    w.panel_dock.hide()
    w.close()  # saves geometry and dock layout, closes the project
    assert QSettings().value("window/state") is not None

    again = MainWindow(restore_layout=True, extensions=False)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert not again.panel_dock.isVisible() and again.board_dock.isVisible()
    recent = again.menu_actions.recent_menu.actions()
    assert recent and recent[0].text().endswith("demo.db")
    again.menu_actions.reset_layout.trigger()
    assert again.panel_dock.isVisible()  # reset brings back the panel the user had closed
    QSettings().remove("window/state")


def test_extensions_plug_in_without_breaking_the_window(qtbot: Any, demo_path: Any, capfd: Any) -> None:
    from ui.window.extensions import EXTENSIONS, register_extension
    from ui.window.main_window import MainWindow

    calls: list[Any] = []

    class Probe:
        def set_context(self, ctx: Any) -> None:
            calls.append(ctx)

    def broken(_window: Any) -> None:
        raise ImportError("module still being written")

    saved = list(EXTENSIONS)
    register_extension("probe", lambda _w: Probe())
    register_extension("broken", broken)
    try:
        w = MainWindow(restore_layout=False)
        qtbot.addWidget(w)
        assert w.open_path(demo_path, remember=False)
        w.show()
        qtbot.waitUntil(lambda: bool(w.extensions))  # installed just after the first paint
        assert calls and calls[-1] is w.ctx          # told about the project
        assert "broken" not in w.extensions and "probe" in w.extensions
        assert "extension 'broken' skipped" in capfd.readouterr().err
        assert w.ctx.current_claim == "c1" and w.panel.word_label.text() == "Roughly even chance"
        shortcuts = [s.toString() for a in w.findChildren(QAction) for s in a.shortcuts()]
        dupes = {s for s in shortcuts if s and shortcuts.count(s) > 1}
        assert not dupes, f"one shortcut for two actions: {dupes}"
        w.set_context(None)
        assert calls[-1] is None
    finally:
        EXTENSIONS[:] = saved


def test_help_explains_the_model(window: Any, qtbot: Any) -> None:
    from ui.window.help_dialogs import ExplainDialog

    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialogs = [d for d in window.findChildren(ExplainDialog) if d.isVisible()]
    assert dialogs and "Reports from one origin count once" in dialogs[0].browser.toPlainText()
    dialogs[0].close()


def test_demo_copies_are_fresh_and_identical_to_write_demo(tmp_path: Any) -> None:
    from ui.window.project_io import write_demo_copy
    from workbench.demo import write_demo
    from workbench.service import ProjectService

    first = write_demo_copy(tmp_path)
    a = ProjectService.open(first)
    a.add_claim("Edited in the first session", "d1", 0, 5)
    a.close()
    second = write_demo_copy(tmp_path)  # the next start: the one working copy, fresh again
    assert second == first and len(list(tmp_path.glob("template-*.db"))) == 1
    reference = write_demo(tmp_path / "reference.db")
    for path in (second, reference):
        svc = ProjectService.open(path)
        try:
            dumped = svc.dump()
            assert [c["id"] for c in dumped["claims"]] == ["c1", "c2", "c3", "c4", "c5", "c6"]
            assert len(dumped["evidence"]) == 16
        finally:
            svc.close()


def test_marking_after_an_emoji_stores_code_point_offsets(qtbot: Any, empty_service: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.window.main_window import MainWindow

    text = "Headline 😀\n\nThe 𝔘nit has 3,000 soldiers, officials said."
    doc = empty_service.add_document("Headline", text).new_id
    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    w.show_service(empty_service, remember=False)
    select_words(w, "3,000 soldiers")
    accept_with(monkeypatch, ClaimDialog, lambda d: None)
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        w.menu_actions.mark_claim.trigger()
    claim = w.ctx.store.claims[w.ctx.current_claim]
    start = text.index("3,000 soldiers")
    assert (claim["document"], claim["start"], claim["end"]) == (doc, start, start + len("3,000 soldiers"))
    assert claim["text"] == "3,000 soldiers"
    span = next(s for s in w.document_pane.view.spans if s.id == claim["id"])
    sel = next(x for x in w.document_pane.view.extraSelections() if x.cursor.selectedText() == "3,000 soldiers")
    assert span.start == start and sel is not None
    w.set_context(None)


def test_board_reuses_unchanged_cards_and_refills_changed_ones(window: Any, qtbot: Any) -> None:
    """Going back to a claim shows the same card widgets; one whose item changed shows it anew."""
    w = window
    first = dict(w.board.cards)
    w.ctx.select_claim("c2")
    assert not set(first) & set(w.board.cards)
    assert all(not card.isVisible() for card in first.values())  # waiting in the cache, hidden
    w.ctx.select_claim("c1")
    assert board_counts(w) == (2, 3, 1)
    assert all(w.board.cards[eid] is card for eid, card in first.items())
    bbc = [eid for eid in first if w.ctx.store.evidence(eid)["source"] == "s-bbc"]
    assert bbc
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        w.ctx.run("Change a grade", lambda: w.ctx.service.update_source("s-bbc", reliability="E"))
    for eid in bbc:
        card = w.board.cards[eid]
        assert card.evidence_id == eid and card.grade_label.text().startswith("E")
        assert "graded E" in card.accessibleName()
    unchanged = [eid for eid in first if eid not in bbc and "relays" not in first[eid].markers_label.text()
                 and "same origin" not in first[eid].markers_label.text()]
    assert any(w.board.cards[eid] is first[eid] for eid in unchanged)


def test_an_older_card_shows_another_item_of_its_column_without_stale_parts(window: Any, monkeypatch: Any) -> None:
    """Past the cards kept for going back, an idle card is filled with another item of its column
    (issue 21: building cards was most of a first visit); nothing of its old item remains."""
    from ui.board import evidence_board

    monkeypatch.setattr(evidence_board, "CARDS_KEPT_AS_THEY_ARE", 0)
    w = window
    store = w.ctx.store
    old_cards = {eid: card for eid, card in w.board.cards.items()}
    w.ctx.select_claim("c2")
    reused = [card for eid, card in w.board.cards.items() if card in old_cards.values()]
    assert reused, "an idle card of the same column was filled instead of building one"
    for eid, card in w.board.cards.items():
        e = store.evidence(eid)
        source = store.sources[e["source"]]
        assert card.evidence_id == eid
        assert card.name_label.text() == source["name"].replace("&", "&amp;")
        assert card.grade_label.text() == f"{source['reliability']}{e['credibility']}"
        assert card.property("stance") == e["stance"]
        assert card.links_label.isVisibleTo(card) == bool(e.get("url") or e.get("archived_url"))
        assert card.note_label.isVisibleTo(card) == bool(e.get("note"))
        assert (e.get("quote") or "")[:20] in card.quote_label.text() or not e.get("quote")
    w.ctx.select_claim("c1")
    assert board_counts(w) == (2, 3, 1)
    assert all(card.evidence_id == eid for eid, card in w.board.cards.items())


def test_claim_switch_rebuilds_only_the_highlights_that_change(window: Any) -> None:
    """Highlights whose place and look stay the same keep their selection objects."""
    w = window
    view = w.document_pane.view
    cached = dict(view._selections)
    w.ctx.select_claim("c3")
    after = view._selections
    kept = [k for k in after if k in cached and after[k] is cached[k]]
    rebuilt = [k for k in after if k not in cached]
    assert kept and rebuilt  # the other claims stay; c1 and c3 change their look
    changed = {"c1", "c3"}
    drawn = drawn_once(view.spans)
    keys = {s: (s.start, s.end, s.kind, s.word, s.stance, s.current, s.selected) for s in drawn}
    assert all(after[k] is cached[k] for k in after if k in cached)
    # Built anew: the highlights of c1 and c3 and their quotes, and a quote no longer drawn over by another.
    assert {keys[s] for s in drawn if s.id not in changed and s.claim not in changed and keys[s] in cached} \
        <= set(kept)
    assert len(rebuilt) <= len([s for s in drawn if s.id in changed or s.claim in changed]) + 2
    assert len(view.extraSelections()) == len(drawn_once(view.spans))
