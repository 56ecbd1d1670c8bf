"""Links on sources and evidence (edited in the forms, openable on the card) and a photo on its card."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QLabel

from tests import fixtures_images as I
from ui.board.evidence_card import EvidenceCard
from ui.dialogs.evidence_form import EvidenceForm
from ui.dialogs.source_dialog import SourceFields
from workbench.documents.importers import import_file, import_text

SOURCES = [{"id": "s1", "name": "Daily", "kind": "outlet", "reliability": "B"}]


def _form(**kw: Any) -> EvidenceForm:
    return EvidenceForm(None, claim_text="The bridge will reopen", sources=SOURCES, **kw)


def test_evidence_form_edits_the_link_and_the_archived_copy(qtbot: Any) -> None:
    form = _form(claim_evidence=[], evidence={"id": "e1", "claim": "c1", "source": "s1", "stance": "corroborates",
                                              "url": "https://daily.example.com/a"})
    qtbot.addWidget(form)
    assert form.url.text() == "https://daily.example.com/a"
    form.archived_url.setText("ftp://old.example.com/a")
    assert not form.ok_button.isEnabled()
    assert "archived copy's link must be a web address" in form.error_label.text()
    form.archived_url.setText("https://web.archive.org/web/2024/https://daily.example.com/a")
    assert form.ok_button.isEnabled()
    values = form.values().fields
    assert values["url"] == "https://daily.example.com/a"
    assert values["archived_url"] == "https://web.archive.org/web/2024/https://daily.example.com/a"
    form.url.setText("")
    assert form.values().fields["url"] is None


def test_source_fields_carry_a_link(qtbot: Any) -> None:
    fields = SourceFields({"name": "Daily", "url": "https://daily.example.com"})
    qtbot.addWidget(fields)
    assert fields.values()["url"] == "https://daily.example.com"
    fields.url.setText("javascript:alert(1)")
    assert not fields.is_valid()


def test_the_card_links_open_and_only_web_addresses_are_links(qtbot: Any) -> None:
    ev = {"id": "e1", "claim": "c1", "source": "s1", "stance": "corroborates", "credibility": 2, "quote": "q",
          "url": "https://daily.example.com/a", "archived_url": "javascript:alert(1)"}
    card = EvidenceCard(ev, SOURCES[0], None, {}, {})
    qtbot.addWidget(card)
    assert card.links_label is not None
    assert card.links_label.openExternalLinks()
    assert card.links_label.text() == '<a href="https://daily.example.com/a">Link</a>'


def test_new_evidence_from_a_copy_of_a_picture_is_offered_the_earlier_one_as_origin(qtbot: Any) -> None:
    earlier = {"id": "e0", "claim": "c1", "source": "s1", "stance": "corroborates", "quote": "q", "document": "d0"}
    form = _form(claim_evidence=[earlier], prefill={"document": "d2", "start": 0, "end": 5},
                 document_titles={"d0": "Agency photo", "d2": "Outlet copy"}, same_picture=["d0"])
    qtbot.addWidget(form)
    assert form.relays.currentData() == {"evidence": "e0"}
    assert form.origin_hint.text().startswith("Same picture as “Agency photo”")


def test_a_photo_appears_on_its_evidence_card(qtbot: Any, tmp_path: Path) -> None:
    from ui.board.evidence_board import EvidenceBoard
    from ui.session.context import ProjectContext
    from workbench.service import ProjectService

    svc = ProjectService.create(tmp_path / "p.db", "P", analyst="t")
    text_doc = svc.import_document(import_text("The bridge will reopen in March, the minister said.")).new_id
    photo = svc.import_document(import_file(I.save(I.photo(5), tmp_path / "IMG_1.jpg",
                                                   exif=I.exif_bytes()))).new_id
    claim = svc.add_claim("the bridge will reopen in March", text_doc, 4, 35).new_id
    source = svc.add_source("Reader", "observation", "C").new_id
    svc.link_evidence(claim, source, "corroborates", 3, document=photo, start=0, end=5, quote="Photo")
    ctx = ProjectContext(svc)
    board = EvidenceBoard()
    qtbot.addWidget(board)
    board.set_context(ctx)
    ctx.select_claim(claim)
    QApplication.processEvents()
    (card,) = board.cards.values()
    assert card.picture_label is not None and not card.picture_label.pixmap().isNull()
    details = [w.text() for w in card.findChildren(type(card.quote_label)) if w.accessibleName() == "Picture details"]
    assert details and "Camera Canon EOS 5D Mark IV" in details[0] and "Taken 2024-10-09 14:03:27+03:00" in details[0]
    board.set_context(None)
    ctx.close()


def test_a_card_makes_its_links_and_note_when_an_item_has_them_in_their_place(qtbot: Any) -> None:
    """A card shows links and a note only for items that have them, and makes those labels then
    (most items have neither); once made they sit where a card made with them has them, in its
    column and among its children (the order screen readers follow), and a later item without
    them hides them."""
    plain = {"id": "e1", "claim": "c1", "source": "s1", "stance": "corroborates", "credibility": 2, "quote": "q"}
    full = dict(plain, id="e2", url="https://daily.example.com/a", note="Seen on the wire")
    card = EvidenceCard(plain, SOURCES[0], None, {}, {})
    qtbot.addWidget(card)
    card.show()
    assert card._links_label is None and card._note_label is None
    made = EvidenceCard(full, SOURCES[0], None, {}, {})  # made with both, for the order they take
    qtbot.addWidget(made)
    made.show()
    card.fill(full, SOURCES[0], None, {}, {})
    qtbot.wait(10)  # a label put into a shown card would be shown by its layout a turn later
    for c in (card, made):
        assert c.links_label.isVisible() and c.note_label.isVisible()
        assert c.links_label.text() == '<a href="https://daily.example.com/a">Link</a>'
        assert c.note_label.text() == "Note: Seen on the wire"

    def order(c: EvidenceCard) -> tuple[list[str], list[str]]:
        lay = c.layout()
        assert lay is not None
        in_column = [lay.itemAt(i).widget().accessibleName() or lay.itemAt(i).widget().objectName()
                     for i in range(lay.count()) if lay.itemAt(i).widget() is not None]
        children = [w.accessibleName() or w.objectName() for w in c.children() if isinstance(w, QLabel)]
        return in_column, children

    assert order(card) == order(made)
    card.fill(plain, SOURCES[0], None, {}, {})
    qtbot.wait(10)
    assert not card.links_label.isVisible() and not card.note_label.isVisible()
