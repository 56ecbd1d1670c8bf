"""The evidence board: the current claim's evidence, for and against, side by side.

Three columns of cards (corroborating, contradicting, context), so an
imbalance is visible before any number is read.  The board rebuilds only
when the current claim changes or a ``StoreDelta`` touches its evidence,
its sources or its assessment.  Actions (add, edit, delete) are signals: the
window's claim actions open the forms and run the writes.

A claim may carry a thousand items, and each card is a dozen widgets: a
column shows its first :data:`PAGE` cards and a "Show more" button for the
next page, so switching to such a claim costs a page of cards, not all of
them (the column heading still counts every item).  Cards are added while
the columns are hidden and shown in one go: Qt lays out every ancestor each
time a widget is shown in a visible parent, so showing cards one by one
cost time quadratic in their number.  A page fills :data:`BATCH` cards per
column per turn of the event loop.  Selecting an item that is not shown
yet (from the document or the breakdown) pages its column on to it.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.board.board_parts import PAGE, Column, Head, Page, Row
from ui.board.evidence_card import EvidenceCard
from ui.board.support import thin_support
from ui.session.context import ProjectContext
from ui.session.store import StoreDelta
from ui.widgets.colors import band_hex, is_dark, set_tone, text_on
from ui.widgets.fit_scroll import FitScrollArea
from workbench.analysis.confidence import NO_ASSESSMENT, STANCES, ItemBreakdown

CARD_CACHE_SIZE = 300  # cards kept for claims visited lately (a few MB of widgets)
#: The cards of the claims shown last stay as they are, for going back; older idle cards of a
#: column are filled with another item of it instead of building a new card.
CARDS_KEPT_AS_THEY_ARE = 40
#: Cards added to each column per turn of the event loop while a page fills.
BATCH = 10

#: The least height of the cards' area: a typical card whole (source, grade, a three-line quote, counts).
CARDS_MIN_HEIGHT = 230
NO_CLAIM_TEXT = "Select a claim in the Project list, or click a highlighted passage in the document."
NO_CLAIMS_TEXT = ("No claims yet — select the words of a claim in the document and press Ctrl+M "
                  "to mark it. Its evidence will appear here, for and against side by side.")
NO_EVIDENCE_TEXT = ("No evidence yet — select words in the document and press Ctrl+E, "
                    "or Add Evidence… to record a source that is not in this document.")


@dataclass
class _BuildInputs:
    """What the current claim's cards are built from, kept for the next page."""

    breakdown: dict[str, ItemBreakdown]
    names: dict[str, str]
    ev_sources: dict[str, str]
    read_only: bool


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
        self._build: _BuildInputs | None = None  # what the current claim's cards are made from
        self._built_claim = ""
        self._want: dict[str, int] = {}  # cards each column is filling up to
        self._filling = False  # the next batch is due on the next turn of the event loop
        self._target: tuple[str, str] | None = None  # (claim, item): scroll to it once its card exists
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        head = Head()
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
        body = Page()
        body.setObjectName("boardBody")
        body_lay = QVBoxLayout(body)
        body_lay.setContentsMargins(10, 10, 10, 10)
        self.columns_widget = Row()
        cols = QHBoxLayout(self.columns_widget)
        cols.setContentsMargins(0, 0, 0, 0)
        cols.setSpacing(10)
        self.columns = {s: Column(s) for s in STANCES}
        for s in STANCES:
            cols.addWidget(self.columns[s], 1)
            self.columns[s].more_button.clicked.connect(lambda _c=False, st=s: self.show_more(st))
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
        # Opaque in the window colour that showed through it: Qt repaints a changed widget from
        # its nearest opaque ancestor down, and the claim, its likelihood chip and the cards change
        # at every switch: a transparent board and page repainted the scroll area, the board, its
        # dock's title bar and the main window under them each time.
        self.setAutoFillBackground(True)
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
        if evidence_id and evidence_id not in self.cards:
            self._page_to(evidence_id)
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
              column: Column) -> EvidenceCard:
        """The card for ``e``: the cached one when nothing it shows has changed, else a new one.

        Building a card (labels, style polish, first show) is most of what a
        claim switch costs; a fact-checker goes back and forth between the
        claims of one article, so cards are kept by what they show.
        """
        df = e.get("derives_from") or {}
        related = (df.get("evidence"), df.get("source"), b.same_origin_as if b else None)
        shown_names = tuple(names.get(ev_sources.get(r, r) if r else "", "") for r in related)
        dark = is_dark(self.palette())
        sig = (tuple(sorted((k, repr(v)) for k, v in e.items())),
               tuple(sorted((source or {}).items())), b, shown_names, read_only, dark, column.stance)
        cached = self._card_cache.pop(e["id"], None)
        if cached is not None and cached[0] == sig:
            card = cached[1]
        else:
            picture = self._picture(e)
            reuse: EvidenceCard | None = None
            if cached is not None:
                if picture is None and self._fits(cached[1], column, dark):
                    reuse = cached[1]  # this item, changed: the same card shows it anew
                else:
                    cached[1].deleteLater()  # taken off its layout already; no re-parenting (costly)
            if reuse is None and picture is None:
                reuse = self._idle_card(column, e["id"], dark)
            if reuse is not None:
                card = reuse
                card.fill(e, source, b, names, ev_sources, read_only)
            else:
                card = self._new_card(EvidenceCard(e, source, b, names, ev_sources, read_only, column,
                                                   picture=picture))
            card.scheme_dark = dark  # type: ignore[attr-defined]
        self._card_cache[e["id"]] = (sig, card)
        excess = len(self._card_cache) - CARD_CACHE_SIZE
        if excess > 0:  # the least recently shown cards that are not on the board (nor this one)
            idle = [oid for oid in self._card_cache if oid not in self.cards and oid != e["id"]][:excess]
            for oid in idle:
                self._card_cache.pop(oid)[1].deleteLater()
        return card

    def _new_card(self, card: EvidenceCard) -> EvidenceCard:
        card.activated.connect(self._card_activated)
        card.editRequested.connect(self.editRequested.emit)
        card.deleteRequested.connect(self.deleteRequested.emit)
        card.quoteRequested.connect(self.quoteRequested.emit)
        card.linkActivated.connect(self._link)
        return card

    @staticmethod
    def _fits(card: EvidenceCard, column: Column, dark: bool) -> bool:
        """Whether ``card`` may show another item of ``column``: no picture, already in that column
        (no re-parenting), and drawn for the current colour scheme (its markers carry colours)."""
        return card.reusable and card.parent() is column and getattr(card, "scheme_dark", None) == dark

    def _idle_card(self, column: Column, evidence_id: str, dark: bool) -> EvidenceCard | None:
        """A card of ``column`` that is off the board and older than the last
        :data:`CARDS_KEPT_AS_THEY_ARE` shown (taken out of the cache), or None."""
        idle = len(self._card_cache) - len(self.cards)
        if idle <= CARDS_KEPT_AS_THEY_ARE:
            return None
        for oid, (_sig, card) in self._card_cache.items():  # least recently shown first
            if idle <= CARDS_KEPT_AS_THEY_ARE:
                return None
            if oid in self.cards or oid == evidence_id:
                continue
            idle -= 1
            if self._fits(card, column, dark):
                del self._card_cache[oid]
                return card
        return None

    def _show_claim(self) -> None:
        same_claim = self._built_claim == self.claim_id
        self._built_claim = self.claim_id
        self._build = None
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
            for column in self.columns.values():
                column.items, column.shown = [], 0
                column.show_more_text()
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
        self._build = _BuildInputs(
            breakdown={b.id: b for b in a.evidence} if a else {}, names=ctx.store.source_names(),
            ev_sources={e["id"]: e["source"] for e in evidence}, read_only=read_only)
        keep = self._want if same_claim else {}
        self._target = None
        for column in self.columns.values():
            column.items = []
            column.shown = 0
        for e in evidence:
            column = self.columns.get(e.get("stance", "context"), self.columns["context"])
            column.items.append(e)
        for col in self.columns.values():
            col.set_count(len(col.items))
        # A rebuild of the same claim (an edit) keeps the pages the user opened.
        self._want = {s: max(PAGE, keep.get(s, 0)) for s in self.columns}
        self._fill()

    def _fill(self) -> None:
        """Add up to :data:`BATCH` cards to each column that has fewer than it wants, then come back.

        The first batch is built at once (it fills the visible part of the
        board); the rest follow a batch per turn of the event loop, so no
        single step of a switch to a large claim keeps the window from
        painting for long.
        """
        self._filling = False
        if self._build is None:
            return
        want = {s: min(self._want.get(s, 0), len(c.items)) for s, c in self.columns.items()}
        if any(c.shown < want[s] for s, c in self.columns.items()):
            self._add_cards({s: min(want[s], c.shown + BATCH) for s, c in self.columns.items()})
        if any(c.shown < want[s] for s, c in self.columns.items()):
            self._filling = True
            QTimer.singleShot(0, self, self._fill)
            return
        self._reach_target()

    def _add_cards(self, upto: dict[str, int]) -> None:
        """Give each column's items up to ``upto[stance]`` their cards, with the columns hidden meanwhile.

        Showing a card in a visible board lays out every ancestor at once, so
        a page shown card by card costs time quadratic in its length; hidden,
        the columns are laid out once when shown again.
        """
        ctx, build = self.ctx, self._build
        if ctx is None or build is None:
            return
        focused = next((eid for eid, c in self.cards.items() if c.hasFocus()), "")
        visible = self.columns_widget.isVisibleTo(self)
        self.columns_widget.hide()
        for stance, column in self.columns.items():
            end = min(len(column.items), upto.get(stance, 0))
            for e in column.items[column.shown:end]:
                card = self._card(e, ctx.store.sources.get(e["source"]), build.breakdown.get(e["id"]),
                                  build.names, build.ev_sources, build.read_only, column)
                card.set_selected(e["id"] == ctx.current_evidence)
                column.cards_layout.addWidget(card)
                if card.width() != column.width():
                    # Showing a card lays it out at its own width: the column's spares its labels a
                    # text layout at a width they are never given (a new card is 100 pixels wide).
                    card.resize(column.width(), card.height())
                card.show()  # shown with the columns below, in one layout pass
                self.cards[e["id"]] = card
            column.shown = max(column.shown, end)
            column.show_more_text()
        self.columns_widget.setVisible(visible)
        if focused in self.cards:  # hiding the columns took the keyboard focus away from the card
            self.cards[focused].setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_area.refit()

    def show_more(self, stance: str) -> None:
        """The column's "Show more": its next :data:`PAGE` cards; a keyboard user lands on the first of them."""
        column = self.columns[stance]
        first = column.shown
        from_button = column.more_button.hasFocus()
        self._want[stance] = max(self._want.get(stance, 0), column.shown) + PAGE
        self._fill()
        card = self.cards.get(column.items[first]["id"]) if first < len(column.items) else None
        if card is not None and from_button:
            card.setFocus(Qt.FocusReason.OtherFocusReason)

    def _page_to(self, evidence_id: str) -> None:
        """Fill the column holding ``evidence_id`` up to its page (it was selected elsewhere), then scroll to it."""
        for stance, column in self.columns.items():
            for i, e in enumerate(column.items):
                if e["id"] == evidence_id:
                    self._want[stance] = max(self._want.get(stance, 0), (i // PAGE + 1) * PAGE)
                    self._target = (self._built_claim, evidence_id)
                    self._fill()
                    return

    def _reach_target(self) -> None:
        """The item selected elsewhere has its card now: mark it and scroll to it."""
        target, ctx = self._target, self.ctx
        self._target = None
        if target is None or ctx is None or target[0] != self._built_claim or ctx.current_evidence != target[1]:
            return  # nothing asked, or the user moved on meanwhile
        card = self.cards.get(target[1])
        if card is not None:
            card.set_selected(True)
            QTimer.singleShot(0, self, lambda c=card: self.scroll_area.ensureWidgetVisible(c, 10, 10))

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
