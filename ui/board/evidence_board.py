"""The evidence board: the current claim's evidence, for and against, side by side.

Three columns of cards (corroborating, contradicting, context), so an
imbalance is visible before any number is read.  The board rebuilds only
when the current claim changes or a ``StoreDelta`` touches its evidence,
its sources or its assessment.  Actions (add, edit, delete) are signals: the
window's claim actions open the forms and run the writes.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.board.evidence_card import EvidenceCard
from ui.board.support import thin_support
from ui.session.context import ProjectContext
from ui.session.store import StoreDelta
from ui.widgets.colors import STANCE_LABEL, band_hex, is_dark, set_tone, text_on
from ui.widgets.fit_scroll import FitScrollArea
from workbench.analysis.confidence import NO_ASSESSMENT, STANCES, ItemBreakdown

CARD_CACHE_SIZE = 300  # cards kept for claims visited lately (a few MB of widgets)

#: The least height of the cards' area: a typical card whole (source, grade, a three-line quote, counts).
CARDS_MIN_HEIGHT = 230
NO_CLAIM_TEXT = "Select a claim in the Project list, or click a highlighted passage in the document."
NO_CLAIMS_TEXT = ("No claims yet — select the words of a claim in the document and press Ctrl+M "
                  "to mark it. Its evidence will appear here, for and against side by side.")
NO_EVIDENCE_TEXT = ("No evidence yet — select words in the document and press Ctrl+E, "
                    "or Add Evidence… to record a source that is not in this document.")


class _Column(QWidget):
    """One stance column: a heading with a count, then cards."""

    def __init__(self, stance: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stance = stance
        self.setAccessibleName(f"{STANCE_LABEL[stance]} evidence")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        self.heading = QLabel()
        self.heading.setObjectName("columnHeading")
        self.heading.setProperty("stance", stance)  # coloured by the app's style sheet
        lay.addWidget(self.heading)
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(8)
        lay.addLayout(self.cards_layout)
        self.none_label = QLabel("None recorded")
        self.none_label.setStyleSheet("font-style: italic;")
        set_tone(self.none_label, "muted")
        lay.addWidget(self.none_label)
        lay.addStretch(1)

    def set_count(self, n: int) -> None:
        self.heading.setText(f"{STANCE_LABEL[self.stance]} ({n})")
        self.none_label.setVisible(n == 0)


class EvidenceBoard(QWidget):
    """Cards for the current claim's evidence (see module docstring)."""

    addRequested = Signal()
    editRequested = Signal(str)
    deleteRequested = Signal(str)
    quoteRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Evidence board")
        self.ctx: ProjectContext | None = None
        self._thumbnails: dict[str, QPixmap] = {}  # media sha256 -> card-sized picture
        self.claim_id = ""
        self.cards: dict[str, EvidenceCard] = {}
        self._card_cache: OrderedDict[str, tuple[tuple[Any, ...], EvidenceCard]] = OrderedDict()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        head = QFrame()
        head.setObjectName("boardHead")
        hl = QVBoxLayout(head)
        hl.setContentsMargins(12, 10, 12, 10)
        hl.setSpacing(6)
        row = QHBoxLayout()
        caption = QLabel("Claim")
        caption.setObjectName("sectionHeading")
        self.chip = QLabel()
        self.chip.setObjectName("likelihoodChip")
        self.chip.setAccessibleName("Likelihood of the claim")
        self.thin_label = QLabel("⚠ thin support")
        self.thin_label.setObjectName("thinSupport")  # framed in the warning colour by the style sheet
        self.thin_label.setAccessibleName("Thin support")
        self.thin_label.hide()
        row.addWidget(caption)
        row.addStretch(1)
        row.addWidget(self.thin_label)
        row.addWidget(self.chip)
        hl.addLayout(row)
        self.claim_label = QLabel()
        self.claim_label.setObjectName("boardClaim")
        self.claim_label.setWordWrap(True)
        self.claim_label.setAccessibleName("Claim being checked")
        self.claim_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hl.addWidget(self.claim_label)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add Evidence…")
        self.add_button.setAccessibleName("Add evidence")
        self.add_button.setToolTip("Record evidence for this claim (Ctrl+Shift+E)")
        self.add_button.clicked.connect(self.addRequested.emit)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        set_tone(self.hint, "muted")
        self.hint.setAccessibleName("Evidence hint")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.hint, 1)
        hl.addLayout(buttons)
        outer.addWidget(head)

        self.scroll_area = FitScrollArea()
        self.scroll_area.setAccessibleName("Evidence cards")
        # Room for a whole card, even with more panels (Suggestions, History) docked below the board.
        self.scroll_area.setMinimumHeight(CARDS_MIN_HEIGHT)
        body = QWidget()
        body.setObjectName("boardBody")
        body_lay = QVBoxLayout(body)
        body_lay.setContentsMargins(10, 10, 10, 10)
        self.columns_widget = QWidget()
        cols = QHBoxLayout(self.columns_widget)
        cols.setContentsMargins(0, 0, 0, 0)
        cols.setSpacing(10)
        self.columns = {s: _Column(s) for s in STANCES}
        for s in STANCES:
            cols.addWidget(self.columns[s], 1)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("font-size: 11pt; padding: 24px;")
        set_tone(self.empty_label, "muted")
        self.empty_label.setAccessibleName("What to do next")
        body_lay.addWidget(self.columns_widget)
        body_lay.addWidget(self.empty_label)
        body_lay.addStretch(1)
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._dark = is_dark(self.palette())
        self._show_claim()

    def sizeHint(self) -> QSize:  # noqa: N802 - the dock's first size
        return QSize(600, 440)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """A switch to or from dark mode rebuilds the cards: their provenance
        markers are rich text with colours for one scheme."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            dark = is_dark(self.palette())
            if dark != getattr(self, "_dark", dark):
                self._dark = dark
                if self.cards:
                    self._show_claim()
        super().changeEvent(event)

    # ------------------------------------------------------------------ wiring

    def set_context(self, ctx: ProjectContext | None) -> None:
        if self.ctx is not None:
            self.ctx.claimSelected.disconnect(self._claim_selected)
            self.ctx.evidenceSelected.disconnect(self._evidence_selected)
            self.ctx.changed.disconnect(self._changed)
        self.ctx = ctx
        self._forget_cards()
        if ctx is not None:
            ctx.claimSelected.connect(self._claim_selected)
            ctx.evidenceSelected.connect(self._evidence_selected)
            ctx.changed.connect(self._changed)
        self.claim_id = ctx.current_claim if ctx else ""
        self._show_claim()

    def _claim_selected(self, claim_id: str) -> None:
        self.claim_id = claim_id
        self._show_claim()
        self.scroll_area.verticalScrollBar().setValue(0)  # a new claim's cards start at the top

    def _evidence_selected(self, evidence_id: str) -> None:
        for eid, card in self.cards.items():
            card.set_selected(eid == evidence_id)
        chosen = self.cards.get(evidence_id)
        if chosen is not None:
            # After a rebuild the card has no geometry yet: scroll once laid out.
            QTimer.singleShot(0, lambda c=chosen: self.scroll_area.ensureWidgetVisible(c, 10, 10))

    def _changed(self, delta: StoreDelta) -> None:
        ctx = self.ctx
        if ctx is None or not self.claim_id:
            if ctx is not None and ctx.current_claim != self.claim_id:
                self._claim_selected(ctx.current_claim)
            return
        mine = {e["source"] for e in ctx.store.evidence_for(self.claim_id)} if self.claim_id in ctx.store.claims \
            else set()
        # Evidence edits re-assess their claim, so ``reassessed`` covers them.
        if (self.claim_id in delta.reassessed or self.claim_id in delta.any("claims")
                or mine & delta.any("sources")):
            self._show_claim()

    # ------------------------------------------------------------------ building

    def _clear(self) -> None:
        """Take the cards off the board; unchanged ones wait in the cache for the next visit."""
        for card in self.cards.values():
            card.hide()  # its column keeps it (hidden) while it waits in the cache
            for column in self.columns.values():
                column.cards_layout.removeWidget(card)
        self.cards = {}

    def _forget_cards(self) -> None:
        """Drop every cached card (a new project, a new colour scheme)."""
        self._clear()
        for _sig, card in self._card_cache.values():
            card.setParent(None)
            card.deleteLater()
        self._card_cache.clear()

    def _picture(self, e: dict[str, Any]) -> tuple[QPixmap, list[str]] | None:
        """The photo an evidence item quotes (its document is a picture), as a card-sized thumbnail."""
        ctx = self.ctx
        doc = ctx.store.documents.get(str(e.get("document"))) if ctx is not None else None
        media = (doc or {}).get("media") or {}
        if ctx is None or doc is None or media.get("type") not in ("photo", "image"):
            return None
        from ui.document.media_view import media_lines

        sha = str(media.get("sha256") or "")
        pixmap = self._thumbnails.get(sha)
        if pixmap is None:
            pixmap = QPixmap()
            data = ctx.service.media_data(sha) if sha else None
            if data:
                pixmap.loadFromData(data)
            if not pixmap.isNull():
                pixmap = pixmap.scaled(260, 180, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)
            self._thumbnails[sha] = pixmap
        lines = [line for line in media_lines(doc) if not line.startswith(("Text recognised", "Same picture"))]
        return pixmap, lines

    def _card(self, e: dict[str, Any], source: dict[str, Any] | None, b: ItemBreakdown | None,
              names: dict[str, str], ev_sources: dict[str, str], read_only: bool,
              column: _Column) -> EvidenceCard:
        """The card for ``e``: the cached one when nothing it shows has changed, else a new one.

        Building a card (labels, style polish, first show) is most of what a
        claim switch costs; a fact-checker goes back and forth between the
        claims of one article, so cards are kept by what they show.
        """
        df = e.get("derives_from") or {}
        related = (df.get("evidence"), df.get("source"), b.same_origin_as if b else None)
        shown_names = tuple(names.get(ev_sources.get(r, r) if r else "", "") for r in related)
        sig = (tuple(sorted((k, repr(v)) for k, v in e.items())),
               tuple(sorted((source or {}).items())), b, shown_names, read_only,
               is_dark(self.palette()), column.stance)
        cached = self._card_cache.pop(e["id"], None)
        if cached is not None and cached[0] == sig:
            card = cached[1]
        else:
            if cached is not None:
                cached[1].setParent(None)
                cached[1].deleteLater()
            card = EvidenceCard(e, source, b, names, ev_sources, read_only, column, picture=self._picture(e))
            card.activated.connect(self._card_activated)
            card.editRequested.connect(self.editRequested.emit)
            card.deleteRequested.connect(self.deleteRequested.emit)
            card.quoteRequested.connect(self.quoteRequested.emit)
            card.linkActivated.connect(self._link)
        self._card_cache[e["id"]] = (sig, card)
        while len(self._card_cache) > CARD_CACHE_SIZE:
            oid = next(iter(self._card_cache))
            if oid in self.cards:
                self._card_cache.move_to_end(oid)
                continue
            _sig, old = self._card_cache.pop(oid)
            old.setParent(None)
            old.deleteLater()
        return card

    def _show_claim(self) -> None:
        self._clear()
        ctx = self.ctx
        claim = ctx.store.claims.get(self.claim_id) if ctx and self.claim_id else None
        read_only = bool(ctx and ctx.read_only)
        self.add_button.setEnabled(claim is not None and not read_only)
        self.thin_label.hide()
        if claim is None or ctx is None:
            self.claim_label.setText("No claim selected")
            self.chip.hide()
            self.hint.setText("")
            self.empty_label.setText("Open a project to see the evidence for its claims." if ctx is None else
                                     NO_CLAIM_TEXT if ctx.store.claims else NO_CLAIMS_TEXT)
            self.empty_label.show()
            self.columns_widget.hide()
            self.scroll_area.refit()
            return
        self.empty_label.hide()
        self.columns_widget.show()
        self.claim_label.setText(claim["text"])
        a = ctx.store.assessment(self.claim_id)
        word = a.likelihood if a else NO_ASSESSMENT
        self.chip.setText(f" {word} ")
        self.chip.setAccessibleName(f"Likelihood of the claim: {word}")
        sheet = (f"background: {band_hex(word)}; color: {text_on(word).name()}; "
                 "border-radius: 4px; padding: 2px 6px; font-weight: 600;")
        if self.chip.styleSheet() != sheet:  # parsing and polishing a sheet costs more than comparing it
            self.chip.setStyleSheet(sheet)
        self.chip.show()
        thin = thin_support(a, ctx.store.sources) if a else None
        if thin is not None:  # a "likely" on one weak or anonymous origin, said beside the word
            self.thin_label.setToolTip(thin.sentence)
            self.thin_label.setAccessibleDescription(thin.sentence)
            self.thin_label.show()
        evidence = ctx.store.evidence_for(self.claim_id)
        self.hint.setText(NO_EVIDENCE_TEXT if not evidence else
                          "Select words in the document and press Ctrl+E to quote more evidence.")
        breakdown = {b.id: b for b in a.evidence} if a else {}
        names = ctx.store.source_names()
        ev_sources = {e["id"]: e["source"] for e in evidence}
        counts = dict.fromkeys(STANCES, 0)
        for e in evidence:
            stance = e.get("stance", "context")
            column = self.columns.get(stance, self.columns["context"])
            card = self._card(e, ctx.store.sources.get(e["source"]), breakdown.get(e["id"]), names,
                              ev_sources, read_only, column)
            card.set_selected(e["id"] == ctx.current_evidence)
            column.cards_layout.addWidget(card)
            card.show()  # now, not on the next pass: the page is sized from the shown cards
            self.cards[e["id"]] = card
            counts[column.stance] += 1
        for s, col in self.columns.items():
            col.set_count(counts[s])
        self.scroll_area.refit()

    # ------------------------------------------------------------------ card events

    def _card_activated(self, evidence_id: str) -> None:
        if self.ctx is not None:
            self.ctx.select_evidence(evidence_id)

    def _link(self, link: str) -> None:
        """A provenance link on a card: go to the origin card or show the source."""
        kind, _, oid = link.partition(":")
        if self.ctx is None:
            return
        if kind == "evidence":
            self.ctx.select_evidence(oid)
            card = self.cards.get(oid)
            if card is not None:
                card.setFocus(Qt.FocusReason.OtherFocusReason)
        elif kind == "source":
            self.ctx.show_source(oid)

    def focus_first_card(self) -> bool:
        for card in self.cards.values():
            card.setFocus(Qt.FocusReason.TabFocusReason)
            self._card_activated(card.evidence_id)
            return True
        self.add_button.setFocus()
        return False
