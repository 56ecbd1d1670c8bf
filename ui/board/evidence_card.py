"""One evidence item as a card on the board.

A card says who (source name and kind), how good (the grade as analysts
write it, "B3": source reliability then information credibility), when, what
(the quote) and the provenance markers that change how it counts: an
interested party, what it relays (a link to the origin), and whether the
model absorbed it into another item from the same origin.  Cards are
focusable: Enter edits, Delete deletes, and the menu key opens the menu.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QFocusEvent, QKeyEvent, QMouseEvent, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QSizePolicy, QVBoxLayout, QWidget

from ui.board.card_label import CardLabel, preferred_size
from ui.widgets.colors import INTERESTED_HEX, is_dark, muted
from ui.widgets.dates import format_iso
from workbench.analysis.confidence import ItemBreakdown

QUOTE_CHARS = 160  # about five lines in a card; the whole quote is in the tooltip and the document
DIAGNOSTICITY_WORDS = {"high": "", "medium": "medium diagnosticity", "low": "low diagnosticity"}


def grade(source: dict[str, Any] | None, evidence: dict[str, Any]) -> str:
    """"B3": the source's reliability letter and the item's credibility digit."""
    return f"{(source or {}).get('reliability', '?')}{evidence.get('credibility', '?')}"


def _clip(text: str, n: int = QUOTE_CHARS) -> str:
    """At most ``n`` characters, cut at a word boundary ("3,000 North…", not "North K…")."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    space = cut.rfind(" ")
    if space > n * 2 // 3:  # a very long word is cut inside rather than losing a third of the quote
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def _signed(x: float) -> str:
    """+0.11 / −0.06 with a true minus sign."""
    return f"{x:+.2f}".replace("-", "\u2212")


def _plain(html: str) -> str:
    """Marker HTML as words, for screen readers."""
    return " ".join(re.sub(r"<[^>]+>", "", html).replace("&nbsp;", " ").replace("&amp;", "&").split())


def _web(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://")) and " " not in value


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _set(label: QLabel, text: str) -> None:
    """Set a label's text only when it changes (a new text lays the label, and the card, out again)."""
    if label.text() != text:
        label.setText(text)


class EvidenceCard(QFrame):
    """A focusable card for one evidence item (see module docstring)."""

    activated = Signal(str)        # clicked or focused: select this item
    editRequested = Signal(str)
    deleteRequested = Signal(str)
    linkActivated = Signal(str)    # "evidence:<id>" or "source:<id>"
    quoteRequested = Signal(str)   # show the quote in the document

    def __init__(self, evidence: dict[str, Any], source: dict[str, Any] | None,
                 breakdown: ItemBreakdown | None, names: dict[str, str],
                 evidence_sources: dict[str, str], read_only: bool = False,
                 parent: QWidget | None = None, picture: tuple[QPixmap, list[str]] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._selected = False
        self.setProperty("selected", False)
        #: A card without a picture may show another item of its column later (:meth:`fill`): building
        #: and polishing a card's widgets is most of what a first visit to a claim costs.
        self.reusable = picture is None

        col = self._col = QVBoxLayout(self)
        col.setContentsMargins(9, 7, 8, 7)
        col.setSpacing(3)
        top = QHBoxLayout()
        top.setSpacing(6)
        self.name_label = CardLabel()
        self.name_label.setObjectName("cardSource")
        self.name_label.setWordWrap(True)
        self.grade_label = QLabel()
        self.grade_label.setObjectName("cardGrade")
        self.grade_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.name_label, 1)
        top.addWidget(self.grade_label, 0, Qt.AlignmentFlag.AlignTop)
        col.addLayout(top)
        self.details_label = CardLabel()
        self.details_label.setObjectName("cardDetails")
        self.details_label.setWordWrap(True)
        col.addWidget(self.details_label)
        self.quote_label = CardLabel()
        self.quote_label.setObjectName("cardQuote")
        self.quote_label.setWordWrap(True)
        col.addWidget(self.quote_label)
        self.picture_label: QLabel | None = None
        if picture is not None:
            # A photo quoted as evidence: the picture itself, and what its EXIF says.
            pixmap, lines = picture
            self.picture_label = QLabel()
            self.picture_label.setAccessibleName("Picture quoted as evidence")
            if not pixmap.isNull():
                self.picture_label.setPixmap(pixmap)
            col.addWidget(self.picture_label)
            if lines:
                exif = CardLabel(" · ".join(lines))
                exif.setObjectName("cardDetails")
                exif.setWordWrap(True)
                exif.setAccessibleName("Picture details")
                col.addWidget(exif)
        # The links and the note are made when an item first needs them (most have neither): a
        # card's labels are most of what building it costs, at the first visits to claims.
        self._links_label: QLabel | None = None
        self._note_label: CardLabel | None = None
        self.markers_label = CardLabel()
        self.markers_label.setObjectName("cardMarkers")
        self.markers_label.setWordWrap(True)
        self.markers_label.setTextFormat(Qt.TextFormat.RichText)
        self.markers_label.linkActivated.connect(self.linkActivated.emit)
        col.addWidget(self.markers_label)
        self.counted_label = CardLabel()
        self.counted_label.setObjectName("cardCounted")
        self.counted_label.setWordWrap(True)
        self.counted_label.setToolTip("Trust: how far this report is believed (at most 0.95).\n"
                                      "ΔP: how far the probability would move without this item's origin.")
        col.addWidget(self.counted_label)
        self.fill(evidence, source, breakdown, names, evidence_sources, read_only)

    def fill(self, evidence: dict[str, Any], source: dict[str, Any] | None,
             breakdown: ItemBreakdown | None, names: dict[str, str],
             evidence_sources: dict[str, str], read_only: bool = False) -> None:
        """Show ``evidence`` (what the card shows and says to a screen reader; a label is changed
        only when its text does, so a card shown again for the same words lays nothing out)."""
        self.evidence_id = evidence["id"]
        self.read_only = read_only
        stance = evidence.get("stance", "context")
        if self.property("stance") != stance:
            self.setProperty("stance", stance)  # coloured by the app's style sheet
            if self.reusable and self.isVisible():
                self._restyle()
        name = (source or {}).get("name", evidence.get("source", "?"))
        kind = (source or {}).get("kind", "")
        g = grade(source, evidence)
        _set(self.name_label, _esc(name))
        _set(self.grade_label, g)
        self.grade_label.setToolTip(f"Reliability {g[0]} (source), credibility {g[1:]} (this information)")
        details = [kind] if kind else []
        if evidence.get("date"):
            details.append(format_iso(evidence["date"]))
        diag = DIAGNOSTICITY_WORDS.get(evidence.get("diagnosticity", "high"), "")
        if diag:
            details.append(diag)
        _set(self.details_label, " · ".join(details))
        quote = evidence.get("quote") or ""
        _set(self.quote_label, f"“{_esc(_clip(quote))}”" if quote else "<i>No quote recorded</i>")
        self.quote_label.setToolTip(quote if len(quote) > QUOTE_CHARS else "")
        links = [(label, evidence.get(key)) for key, label in (("url", "Link"), ("archived_url", "Archived copy"))]
        shown = [f'<a href="{_esc(str(u))}">{label}</a>' for label, u in links if _web(u)]
        if shown or self._links_label is not None:
            _set(self.links_label, " · ".join(shown))
            self.links_label.setToolTip("\n".join(str(u) for _l, u in links if _web(u)))
            self.links_label.setVisible(bool(shown))
        markers = self._markers(evidence, breakdown, names, evidence_sources)
        _set(self.markers_label, " ".join(markers))
        self.markers_label.setVisible(bool(markers))
        counted = self._counted_text(breakdown)
        _set(self.counted_label, counted)
        self.counted_label.setVisible(bool(counted))
        note = evidence.get("note")
        if note or self._note_label is not None:
            _set(self.note_label, f"Note: {_esc(_clip(note, 140))}" if note else "")
            self.note_label.setVisible(bool(note))
        stance_word = {"corroborates": "corroborating", "contradicts": "contradicting"}.get(stance, "context")
        self.setAccessibleName(f"{stance_word} evidence from {name}, graded {g}")
        self.setAccessibleDescription(" ".join(filter(None, [quote[:200], _plain(" ".join(markers)), counted])))

    @property
    def links_label(self) -> QLabel:
        """The item's web links (made hidden the first time asked, in its place below the quote)."""
        if self._links_label is None:
            label = self._links_label = QLabel()
            label.setObjectName("cardDetails")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setOpenExternalLinks(True)  # opened by the system browser, on request only
            label.setAccessibleName("Links")
            self._insert(label, self.markers_label)
        return self._links_label

    @property
    def note_label(self) -> CardLabel:
        """The analyst's note (made hidden the first time asked, last on the card)."""
        if self._note_label is None:
            label = self._note_label = CardLabel()
            label.setWordWrap(True)
            label.setObjectName("cardDetails")
            self._insert(label, None)
        return self._note_label

    def _insert(self, label: QLabel, before: QWidget | None) -> None:
        """Put a label made late where it would have been made: just before ``before`` (None: last)
        in the card's column and among the card's children (the order screen readers follow)."""
        label.hide()  # explicitly: a new child of a shown card would be shown by its layout
        self._col.insertWidget(self._col.indexOf(before) if before is not None else -1, label)
        if before is not None:
            label.stackUnder(before)

    # ------------------------------------------------------------------ content helpers

    def _markers(self, ev: dict[str, Any], b: ItemBreakdown | None, names: dict[str, str],
                 ev_sources: dict[str, str]) -> list[str]:
        out: list[str] = []
        dark = is_dark(self.palette())
        if ev.get("interested"):
            bg, fg = INTERESTED_HEX[dark]
            out.append(f'<span style="background:{bg}; color:{fg};">&nbsp;interested party&nbsp;</span>')
        df = ev.get("derives_from") or {}
        if df.get("evidence"):
            who = names.get(ev_sources.get(df["evidence"], ""), df["evidence"])
            out.append(f'relays <a href="evidence:{df["evidence"]}">{_esc(who)}</a>')
        elif df.get("source"):
            who = names.get(df["source"], df["source"])
            out.append(f'relays <a href="source:{df["source"]}">{_esc(who)}</a>')
        if b is not None and b.role == "absorbed" and b.same_origin_as:
            who = names.get(ev_sources.get(b.same_origin_as, ""), b.same_origin_as)
            out.append(f'<span style="color:{muted(self.palette()).name()};">absorbed: same origin as</span> '
                       f'<a href="evidence:{b.same_origin_as}">{_esc(who)}</a>')
        return out

    @staticmethod
    def _counted_text(b: ItemBreakdown | None) -> str:
        if b is None:
            return ""
        nb = "\u00a0"  # keep "trust 0.17" and "ΔP −0.06" on one line each
        if b.role == "counted":
            return f"counted · trust{nb}{b.trust:.2f} · ΔP{nb}{_signed(b.delta_p)}"
        if b.role == "context":
            return "context: shown to the reader, never counted"
        return f"absorbed · trust{nb}{b.trust:.2f} · adds nothing"

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return preferred_size(self)  # no text laid out at a width the card is never given

    # ------------------------------------------------------------------ state

    def set_selected(self, selected: bool) -> None:
        if selected != self._selected:
            self._selected = selected
            self._restyle()

    @property
    def selected(self) -> bool:
        return self._selected

    def _restyle(self) -> None:
        """Selection is a dynamic property matched by the app's style sheet; only
        this card is re-polished (a style sheet per card made switching claims slow)."""
        self.setProperty("selected", self._selected)
        self.style().unpolish(self)
        self.style().polish(self)

    # ------------------------------------------------------------------ input

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit(self.evidence_id)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self.read_only:
            self.editRequested.emit(self.evidence_id)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.activated.emit(self.evidence_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and not self.read_only:
            self.editRequested.emit(self.evidence_id)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not self.read_only:
            self.deleteRequested.emit(self.evidence_id)
        elif key == Qt.Key.Key_Space:
            self.activated.emit(self.evidence_id)
            self.quoteRequested.emit(self.evidence_id)
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        self.activated.emit(self.evidence_id)
        menu = QMenu(self)
        edit = menu.addAction("Edit Evidence…", lambda: self.editRequested.emit(self.evidence_id))
        menu.addAction("Show Quote in Document", lambda: self.quoteRequested.emit(self.evidence_id))
        menu.addSeparator()
        delete = menu.addAction("Delete Evidence", lambda: self.deleteRequested.emit(self.evidence_id))
        edit.setEnabled(not self.read_only)
        delete.setEnabled(not self.read_only)
        menu.exec(event.globalPos())
        menu.deleteLater()
