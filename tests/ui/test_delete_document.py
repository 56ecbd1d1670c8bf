"""File ▸ Delete Document…: a confirmation that says what stays and what goes, one write, one undo step
that brings back the document, its claims' and quotes' anchors and its picture; refused (and disabled)
where the project may not lose documents: read-only, a server reader or editor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests import fixtures_images as I
from tests.conftest import run_vwb
from tests.ui.conftest import open_window


def _dump(path: Path | str) -> dict[str, Any]:
    """``vwb dump`` in its own process, as a script would read the project the window has open."""
    res = run_vwb("dump", path)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _add_picture(path: Path, tmp_path: Path) -> tuple[str, str]:
    """Import a photo into the project file (before a window opens it): its id and the sha of its bytes."""
    from workbench.documents.importers import import_file
    from workbench.service import ProjectService

    photo = I.save(I.photo(31, (480, 360)), tmp_path / "checkpoint.jpg", exif=I.exif_bytes(), quality=92)
    svc = ProjectService.open(path)
    try:
        doc_id = svc.import_document(import_file(photo)).new_id
        assert doc_id is not None
        return doc_id, svc.document(doc_id)["media"]["sha256"]
    finally:
        svc.close()


def test_deleting_the_article_says_what_stays_and_one_undo_brings_everything_back(
        qtbot: Any, demo_path: Path, dialogs: Any) -> None:
    before = _dump(demo_path)
    w = open_window(qtbot, demo_path)  # with the extensions: the File menu as users see it
    try:
        ctx, a = w.ctx, w.menu_actions
        texts = [act.text() for act in w.menus["file"].actions()]
        assert (texts.index("&Import Document…") < texts.index("&Replace with New Version…")
                < texts.index("Dele&te Document…") < texts.index("Save a &Copy…"))
        assert ctx.current_document == "d1" and a.delete_document.isEnabled()
        steps = ctx.undo_stack.count()
        a.delete_document.trigger()
        (text,) = dialogs.confirms
        assert text.startswith("Delete the document “North Korean Troops Allegedly Deploying")
        assert ("6 claims highlighted in it stay in the project with their evidence, status and notes, "
                "but will no longer be highlighted in any document.") in text
        assert "16 evidence items quoting it keep the quoted words, but will no longer point into a document." in text
        assert "picture" not in text and "Ctrl+Z" in text
        assert dialogs.errors == []
        assert ctx.undo_stack.count() == steps + 1  # one undo step
        assert "d1" not in ctx.store.documents and w.navigator.documents_model.rowCount() == 0
        assert len(ctx.store.claims) == 6 and all(c["document"] is None for c in ctx.store.claims.values())
        assert w.navigator.claims_model.rowCount() == 6  # the claims are still listed
        assert w.document_pane.doc_id == ""  # nothing left to show
        assert w.undo_action.text() == "&Undo Delete document"
        after = _dump(demo_path)
        assert after["documents"] == [] and len(after["claims"]) == 6
        assert {e["id"] for e in after["evidence"]} == {e["id"] for e in before["evidence"]}

        w.undo_action.trigger()
        assert dialogs.errors == []
        assert _dump(demo_path) == before  # the document, every anchor, as it was
        assert "d1" in ctx.store.documents and ctx.store.claims["c1"]["document"] == "d1"
        assert w.navigator.documents_model.rowCount() == 1
        ctx.select_document("d1")
        assert w.document_pane.doc_id == "d1"
        assert {sp.id for sp in w.document_pane.view.spans if sp.kind == "claim"} == set(ctx.store.claims)
        w.redo_action.trigger()
        assert "d1" not in ctx.store.documents
    finally:
        w.set_context(None)


def test_the_delete_key_in_the_documents_list_deletes_a_picture_and_undo_brings_its_bytes_back(
        qtbot: Any, demo_path: Path, tmp_path: Path, dialogs: Any) -> None:
    doc_id, sha = _add_picture(demo_path, tmp_path)
    before = _dump(demo_path)
    w = open_window(qtbot, demo_path, extensions=False)
    try:
        ctx = w.ctx
        ctx.select_document(doc_id)
        view = w.navigator.documents_view
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(view.hasFocus, timeout=2000)
        assert w.navigator.current_document() == doc_id
        qtbot.keyClick(view, Qt.Key.Key_Delete)
        (text,) = dialogs.confirms
        assert "No claim is highlighted in it and no evidence quotes it." in text
        assert "Its picture is removed from the project file." in text
        assert doc_id not in ctx.store.documents and "d1" in ctx.store.documents
        assert ctx.service.media_data(sha) is None
        assert len(ctx.store.claims) == 6 and ctx.store.claims["c1"]["document"] == "d1"  # the article untouched
        ctx.undo_stack.undo()
        assert ctx.service.media_data(sha) is not None
        assert _dump(demo_path) == before
        assert doc_id in ctx.store.documents
    finally:
        w.set_context(None)


def test_cancelling_the_confirmation_changes_nothing(qtbot: Any, window: Any, demo_path: Path,
                                                     dialogs: Any) -> None:
    before = _dump(demo_path)
    dialogs.confirm_answer = False
    steps = window.ctx.undo_stack.count()
    assert window.claim_actions.delete_document("d1") is False
    assert len(dialogs.confirms) == 1
    assert window.ctx.undo_stack.count() == steps and "d1" in window.ctx.store.documents
    assert _dump(demo_path) == before


def _row_menu(w: Any, monkeypatch: Any) -> list[Any]:
    """The documents list's row menu on its first row, as (text, enabled, tooltip) of each entry."""
    from PySide6.QtWidgets import QMenu

    from ui.window import navigator

    shown: list[Any] = []

    class Recorded(QMenu):
        def exec(self, *_a: Any) -> None:  # type: ignore[override]  # never modal in a test
            shown.extend((act.text(), act.isEnabled(), act.toolTip()) for act in self.actions())

    monkeypatch.setattr(navigator, "QMenu", Recorded)
    view = w.navigator.documents_view
    w.navigator._document_menu(view.visualRect(view.model().index(0, 0)).center())
    return shown


def test_the_documents_list_row_menu_offers_it(qtbot: Any, window: Any, monkeypatch: Any, dialogs: Any) -> None:
    ((text, enabled, _tip),) = _row_menu(window, monkeypatch)
    assert text == "Delete Document…" and enabled


def test_a_read_only_project_disables_the_action_and_refuses_with_a_clear_message(
        qtbot: Any, demo_path: Path, dialogs: Any, monkeypatch: Any) -> None:
    before = _dump(demo_path)
    w = open_window(qtbot, demo_path, read_only=True, extensions=False)
    try:
        a = w.menu_actions
        assert not a.delete_document.isEnabled()
        assert "open read-only" in a.delete_document.toolTip()
        ((text, enabled, tip),) = _row_menu(w, monkeypatch)
        assert text == "Delete Document…" and not enabled and "open read-only" in tip
        assert w.claim_actions.delete_document("d1") is False  # the Delete key or a row menu: refused
        assert dialogs.confirms == []
        ((title, message),) = dialogs.errors
        assert title == "Delete Document"
        assert message == (f"{demo_path.name} is open read-only: save a copy (File ▸ Save a Copy…) "
                           "to delete documents.")
        assert "d1" in w.ctx.store.documents
    finally:
        w.set_context(None)
    assert _dump(demo_path) == before


def test_on_a_server_only_a_lead_may_delete_documents(qtbot: Any, team_server: Any, team_project: str,
                                                      dialogs: Any) -> None:
    editor = open_window(qtbot, team_server.url("bob", team_project), extensions=False)
    lead = open_window(qtbot, team_server.url("lena", team_project), extensions=False)
    try:
        a = editor.menu_actions
        assert not a.delete_document.isEnabled()
        assert a.delete_document.toolTip() == ("On a team server only a project lead may delete documents; "
                                               "your login bob is an editor.")
        assert editor.claim_actions.delete_document("d1") is False
        assert dialogs.confirms == [] and "only a project lead" in dialogs.errors[-1][1]
        dialogs.errors.clear()

        assert lead.menu_actions.delete_document.isEnabled()
        lead.menu_actions.delete_document.trigger()
        assert dialogs.errors == [] and "6 claims highlighted in it" in dialogs.confirms[-1]
        assert "d1" not in lead.ctx.store.documents
        qtbot.waitUntil(lambda: "d1" not in editor.ctx.store.documents, timeout=3000)  # the colleague sees it go
        assert editor.ctx.store.claims["c1"]["document"] is None
        lead.undo_action.trigger()
        assert dialogs.errors == [] and "d1" in lead.ctx.store.documents
        qtbot.waitUntil(lambda: editor.ctx.store.claims["c1"]["document"] == "d1", timeout=3000)
    finally:
        editor.set_context(None)
        lead.set_context(None)


def test_the_confirmation_reads_right_for_one_of_each_and_names_every_consequence() -> None:
    from ui.board.claim_actions import delete_document_text

    text = delete_document_text({"title": "Ministry statement", "claims": ["c9"], "evidence": ["e9"],
                                 "picture": "ab" * 32, "near_duplicates": ["d7", "d8"]})
    assert text.splitlines()[0] == "Delete the document “Ministry statement”?"
    assert "1 claim highlighted in it stays in the project with its evidence, status and notes" in text
    assert "1 evidence item quoting it keeps the quoted words" in text
    assert "Its picture is removed from the project file." in text
    assert "2 other documents marked as showing the same picture will no longer name it." in text
    assert text.endswith("You can undo this (Ctrl+Z) until the project is closed.")
