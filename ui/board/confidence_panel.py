"""The confidence panel: the current claim's judgement and why.

Likelihood and analytic confidence are two separate judgements (ICD 203), so
they are shown apart: the probability on the band bar with its ICD word, then
the confidence level, then the two sentences a memo would print, each flag
in plain words, and the breakdown table (each item's trust, weight, share
and ΔP, counted or absorbed).  It refreshes when the claim's id is in a
``StoreDelta``'s ``reassessed`` set, i.e. as soon as its evidence changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.board.breakdown_model import (
    COL_AGE,
    COL_DELTA,
    COL_ROLE,
    COL_SHARE,
    COL_SOURCE,
    COL_STANCE,
    COL_TRUST,
    COL_WEIGHT,
    BreakdownModel,
)
from ui.board.card_label import preferred_size
from ui.board.support import thin_support
from ui.session.context import ProjectContext
from ui.session.store import StoreDelta
from ui.widgets.colors import band_hex, set_tone, text_on
from ui.widgets.fit_scroll import FitScrollArea, WrapLabel
from ui.widgets.probability_bar import ProbabilityBar
from ui.widgets.rows_model import IdRole, SortProxy
from workbench.analysis.confidence import FLAG_TEXT, NO_ASSESSMENT, judgement_sentences, likelihood_label

FLAG_TITLES: dict[str, str] = {
    "no_evidence": "No evidence weighed yet",
    "single_origin": "Single origin",
    "circular_reporting": "Circular reporting",
    "credibility_1_scored_as_2": "Grade 1 scored as 2",
    "origin_conflict": "Same origin on both sides",
    "undated": "Undated evidence",
}
CONFIDENCE_WORDS = {
    "low": "Low confidence: the judgement could easily change with more evidence.",
    "moderate": "Moderate confidence: credible evidence, but not enough to rule out other readings.",
    "high": "High confidence: several independent, reliable origins agree.",
}


def confidence_reasons(sentence: str) -> tuple[str, list[str]]:
    """Split the confidence sentence ("We have low confidence in this judgement
    because A, B and uncertainty is high (0.56).") into its lead and reasons,
    so the panel can list them one per line.  ([], unchanged) when the
    sentence is not of that shape: it is then shown whole.

    The reasons never contain ", " and the last is always the uncertainty
    (``workbench.analysis.words.judgement_sentences``), which is what makes
    the split safe even though a reason may contain " and ".
    """
    head, sep, tail = sentence.partition(" in this judgement because ")
    if not sep or not tail.endswith("."):
        return sentence, []
    rest, sep, uncertainty = tail[:-1].rpartition(" and uncertainty is ")
    if not sep:
        return sentence, []
    reasons = [r for r in rest.split(", ") if r] + [f"uncertainty is {uncertainty}"]
    level = head.removeprefix("We have ")
    return f"{level[:1].upper()}{level[1:]} because:", reasons


def _set_style(widget: QWidget, sheet: str) -> None:
    """Set a style sheet only when it differs: each new sheet is parsed and polished again."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def _strip_tags(html: str) -> str:
    return html.replace("<b>", "").replace("</b>", "").replace("&lt;", "<").replace("&gt;", ">").replace(
        "&amp;", "&")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: The breakdown table grows with its rows up to this many, then scrolls itself.
MAX_TABLE_ROWS = 30
#: The widest text each column but the source's can show (breakdown_model's formats: trust at most
#: 0.95, weight e = 2t/(1 - t) at most 38): the columns get fixed widths from these and their headings.
WIDEST_CELLS: dict[int, tuple[str, ...]] = {
    COL_STANCE: ("for", "against", "context"), COL_ROLE: ("counted", "absorbed", "context"),
    COL_TRUST: ("0.950",), COL_AGE: ("1.00",), COL_WEIGHT: ("88.88",), COL_SHARE: ("100%",),
    COL_DELTA: ("\u22120.888", "+0.888"),
}
#: Room around a cell's text (the view's margins and focus frame: Qt's own size hint adds 12 pixels).
CELL_PADDING = 12


class _FitTable(QTableView):
    """A table as tall as its rows, so the panel scrolls as one page.

    A claim with a thousand items would make that page 30,000 pixels tall and
    lay out every row on each switch: beyond :data:`MAX_TABLE_ROWS` rows the
    table keeps that height and scrolls on its own.
    """

    def fit(self) -> None:
        rows = self.model().rowCount() if self.model() else 0
        h = self.horizontalHeader().height() + 2 * self.frameWidth()
        for r in range(min(rows, MAX_TABLE_ROWS)):
            h += self.rowHeight(r)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if rows > MAX_TABLE_ROWS
                                        else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if self.minimumHeight() != h + 2 or self.maximumHeight() != h + 2:
            self.setFixedHeight(h + 2)  # a new height lays the whole panel out again: only when it changes


class _Page(QWidget):
    """The panel's page: preferred size without heights at a width it is never given.

    The page sits in a scroll area that sizes it from its height for the
    viewport's width (:class:`FitScrollArea`); only Qt's scroll bar update asks
    its preferred size, and a layout's answer includes the height at its
    preferred width: each wrapped label's new text laid out once more (for
    rich text, its whole document twice) at every claim switch.
    """

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return preferred_size(self)


class _Header(QHeaderView):
    """The breakdown table's header, which measures its sections once per look.

    The model is reset at every claim switch, and Qt then measures every
    heading again (their texts, fonts and the style's margins: about 2% of a
    switch) for a height that only the headings decide; they never change,
    so the answer is kept until the font, the style, the sort indicator or the
    hidden columns change.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)  # as the header QTableView makes for itself
        self.setHighlightSections(True)
        self._hint: tuple[tuple[Any, ...], QSize] | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        key = (self.count(), self.hiddenSectionCount(), self.sortIndicatorSection(), self.sortIndicatorOrder(),
               self.isSortIndicatorShown())
        if self._hint is None or self._hint[0] != key:
            self._hint = (key, super().sizeHint())
        return QSize(self._hint[1])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._hint = None
        super().changeEvent(event)


class ConfidencePanel(QWidget):
    """Likelihood, confidence, reasons and breakdown (see module docstring)."""

    explainRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Confidence panel")
        # Opaque in the window colour that showed through it: Qt repaints a changed widget from
        # its nearest opaque ancestor, and the scroll bar that follows the page's height at every
        # claim switch repainted the dock's title bar and the main window under the panel.
        self.setAutoFillBackground(True)
        self.ctx: ProjectContext | None = None
        self.claim_id = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = FitScrollArea()
        scroll.setAccessibleName("Confidence details")
        self.scroll_area = scroll
        outer.addWidget(scroll)
        body = _Page()
        col = QVBoxLayout(body)
        self._body_layout = col
        col.setContentsMargins(14, 10, 14, 12)
        col.setSpacing(8)
        scroll.setWidget(body)

        top = QHBoxLayout()
        self.word_label = QLabel()
        self.word_label.setObjectName("likelihoodWord")
        self.word_label.setAccessibleName("Likelihood")
        self.confidence_label = QLabel()
        self.confidence_label.setObjectName("confidenceLevel")
        self.confidence_label.setAccessibleName("Analytic confidence")
        top.addWidget(self.word_label)
        top.addStretch(1)
        top.addWidget(self.confidence_label)
        col.addLayout(top)
        self.numbers_label = QLabel()
        set_tone(self.numbers_label, "muted")
        self.numbers_label.setAccessibleName("Probability and uncertainty")
        col.addWidget(self.numbers_label)
        self.thin_label = WrapLabel(fills_width=True)
        self.thin_label.setObjectName("thinSupport")
        self.thin_label.setWordWrap(True)
        self.thin_label.setAccessibleName("Thin support")
        self.thin_label.hide()
        col.addWidget(self.thin_label)
        self.bar = ProbabilityBar()
        col.addWidget(self.bar)
        self.sentences_label = WrapLabel(fills_width=True)
        self.sentences_label.setWordWrap(True)
        self.sentences_label.setObjectName("judgement")
        self.sentences_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentences_label.setAccessibleName("Judgement in words")
        col.addWidget(self.sentences_label)
        self.reasons_label = WrapLabel(fills_width=True)
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setObjectName("confidenceReasons")
        self.reasons_label.setTextFormat(Qt.TextFormat.RichText)
        self.reasons_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons_label.setAccessibleName("Why this confidence")
        col.addWidget(self.reasons_label)
        self.flags_label = WrapLabel(fills_width=True)
        self.flags_label.setWordWrap(True)
        self.flags_label.setTextFormat(Qt.TextFormat.RichText)
        self.flags_label.setAccessibleName("Warnings about this judgement")
        col.addWidget(self.flags_label)
        self.publishing_label = WrapLabel(fills_width=True)
        self.publishing_label.setObjectName("publishedReview")
        self.publishing_label.setWordWrap(True)
        self.publishing_label.setTextFormat(Qt.TextFormat.RichText)
        self.publishing_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.publishing_label.setAccessibleName("Published fact-check")
        set_tone(self.publishing_label, "muted")
        col.addWidget(self.publishing_label)
        self.table_heading = QLabel("How each item counts")
        self.table_heading.setObjectName("sectionHeading")
        col.addWidget(self.table_heading)
        self.model = BreakdownModel(self)
        self.proxy = SortProxy(parent=self)
        self.proxy.setSourceModel(self.model)
        self.table = _FitTable()
        self.table.setHorizontalHeader(_Header(self.table))
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Breakdown of the assessment")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh.setSectionResizeMode(COL_SOURCE, QHeaderView.ResizeMode.Stretch)
        self._size_columns()
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.table.clicked.connect(self._row_clicked)
        self.table.activated.connect(self._row_clicked)
        col.addWidget(self.table)
        self.how_label = QLabel('<a href="#explain">How is this computed?</a>')
        self.how_label.setAccessibleName("How is this computed?")
        self.how_label.linkActivated.connect(lambda _l: self.explainRequested.emit())
        col.addWidget(self.how_label)
        col.addStretch(1)
        self._show()

    def sizeHint(self) -> QSize:  # noqa: N802 - the dock's first size
        return QSize(600, 440)

    def _size_columns(self) -> None:
        """Fixed widths for the columns of numbers and words, from their headings and widest cells.

        Sized to their contents, the columns were measured again at every claim
        switch (the model is reset, Qt asks every sampled cell for its text,
        font and colours): 1.5 ms of a switch, for widths that only the
        headings decided.  The source column takes the rest.
        """
        hh = self.table.horizontalHeader()
        fm = self.table.fontMetrics()
        for col, texts in WIDEST_CELLS.items():
            cells = max(fm.horizontalAdvance(t) for t in texts) + CELL_PADDING
            hh.resizeSection(col, max(cells, hh.sectionSizeHint(col)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_columns()
        super().changeEvent(event)

    # ------------------------------------------------------------------ wiring

    def set_context(self, ctx: ProjectContext | None) -> None:
        if self.ctx is not None:
            self.ctx.claimSelected.disconnect(self._claim_selected)
            self.ctx.changed.disconnect(self._changed)
            self.ctx.evidenceSelected.disconnect(self._evidence_selected)
        self.ctx = ctx
        if ctx is not None:
            ctx.claimSelected.connect(self._claim_selected)
            ctx.changed.connect(self._changed)
            ctx.evidenceSelected.connect(self._evidence_selected)
        self.claim_id = ctx.current_claim if ctx else ""
        self._show()

    def _claim_selected(self, claim_id: str) -> None:
        self.claim_id = claim_id
        self._show()

    def _changed(self, delta: StoreDelta) -> None:
        settings_only = delta.changes is not None and not any(delta.changes.ids.values())
        if self.claim_id and (self.claim_id in delta.reassessed or self.claim_id in delta.any("claims")
                              or delta.any("sources") or settings_only):
            self._show()
        elif self.ctx is not None and self.ctx.current_claim != self.claim_id:
            self._claim_selected(self.ctx.current_claim)

    def _evidence_selected(self, evidence_id: str) -> None:
        if not evidence_id:  # nothing to look for among a thousand rows
            self.table.clearSelection()
            return
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(IdRole) == evidence_id:
                self.table.selectRow(r)
                return
        self.table.clearSelection()

    def _row_clicked(self, index: QModelIndex) -> None:
        eid = index.data(IdRole)
        if eid and self.ctx is not None:
            self.ctx.select_evidence(eid)

    # ------------------------------------------------------------------ showing

    def _show(self) -> None:
        """Refill the panel for the current claim, with one layout pass of its page.

        Showing a label inside a shown page lays the page's layout out at once
        (Qt activates the layouts of its shown ancestors), so each label shown
        or hidden here cost a pass over every label and the table, at the old
        size, before the page was sized for its new content and laid out
        again.  The page's layout is switched off while its widgets change and
        laid out once when the page is sized (:meth:`FitScrollArea.refit`).
        """
        layout = self._body_layout
        layout.setEnabled(False)
        try:
            self._fill()
        finally:
            layout.setEnabled(True)
        self.scroll_area.refit()
        if self.ctx is not None:
            self._evidence_selected(self.ctx.current_evidence)

    def _fill(self) -> None:
        ctx = self.ctx
        claim = ctx.store.claims.get(self.claim_id) if ctx and self.claim_id else None
        a = ctx.store.assessment(self.claim_id) if claim and ctx else None
        if claim is None or a is None or ctx is None:
            self.thin_label.hide()
            self.word_label.setText("No claim selected")
            self.word_label.setAccessibleName("Likelihood: no claim selected")
            self.confidence_label.setAccessibleName("Analytic confidence")
            _set_style(self.word_label, "font-size: 15pt; font-weight: 600;")
            self.confidence_label.setText("")
            self.confidence_label.hide()
            self.numbers_label.setText("")
            self.bar.set_probability(None)
            self.sentences_label.setText(
                "Open a project, then select a claim to see how likely it is, how confident we can be, and "
                "which evidence moves the judgement." if ctx is None else
                "Select a claim to see how likely it is, how confident we can be, and which evidence moves "
                "the judgement.")
            self.flags_label.setText("")
            self.publishing_label.setText("")
            self.publishing_label.hide()
            self.reasons_label.hide()
            self.model.set_assessment(None, {})
            self.table.fit()
            self._details_visible(False)
            return
        self._details_visible(True)
        word = a.likelihood
        self.word_label.setText(word[:1].upper() + word[1:])
        # A screen reader reads the name: the result itself, not only what the label is.
        self.word_label.setAccessibleName(f"Likelihood: {word}")
        self.confidence_label.setAccessibleName(f"Analytic confidence: {a.confidence}")
        _set_style(self.word_label,
                   f"font-size: 15pt; font-weight: 700; background: {band_hex(word)}; "
                   f"color: {text_on(word).name()}; border-radius: 5px; padding: 2px 8px;")
        self.confidence_label.setText(f"{a.confidence.capitalize()} confidence")
        self.confidence_label.setToolTip(CONFIDENCE_WORDS.get(a.confidence, ""))
        self.confidence_label.show()  # its framed look is in the app's style sheet
        band = likelihood_label(word)
        if word == NO_ASSESSMENT:
            self.numbers_label.setText(f"Base rate {a.base_rate:.2f} · no evidence weighed yet")
            self.bar.set_probability(None)
        else:
            self.numbers_label.setText(
                f"P = {a.probability:.2f} (band {band}) · uncertainty {a.uncertainty:.2f} · "
                f"for {a.corroborating_weight:.2f} / against {a.contradicting_weight:.2f}")
            self.bar.set_probability(a.probability, word)
        thin = thin_support(a, ctx.store.sources)
        if thin is not None:
            self.thin_label.setText(f"⚠ {thin.sentence}")
        self.thin_label.setVisible(thin is not None)
        first, second = judgement_sentences(a, claim["text"])
        lead, reasons = confidence_reasons(second)
        self.sentences_label.setAccessibleDescription(first)
        self.thin_label.setAccessibleDescription(self.thin_label.text() if thin is not None else "")
        if reasons:  # one line per reason: what would have to change for more confidence
            self.sentences_label.setText(first)
            self.reasons_label.setText(f"<b>{_esc(lead)}</b>" + "".join(
                f"<p style='margin:2px 0 0 14px; text-indent:-12px'>•&nbsp;&nbsp;{_esc(r)}</p>" for r in reasons))
            self.reasons_label.setAccessibleDescription(second)
            self.reasons_label.show()
        else:
            self.sentences_label.setText(f"{first} {second}")
            self.reasons_label.hide()
        self.flags_label.setText(self._flags_html(a.flags))
        self.flags_label.setVisible(bool(a.flags))
        self._show_publishing(claim, ctx)
        self.model.set_assessment(a, ctx.store.source_names())
        # The age column only matters when the project ages its evidence.
        hide_age = ctx.service.settings().half_life_days is None
        if self.table.isColumnHidden(COL_AGE) != hide_age:  # setting it lays the header out again (1 ms)
            self.table.setColumnHidden(COL_AGE, hide_age)
        self.table.fit()

    def _show_publishing(self, claim: dict[str, Any], ctx: ProjectContext) -> None:
        """The verdict a published review carries, who made the claim, and the review's page and date."""
        verdict = ctx.store.verdict(claim["id"])
        review = claim.get("review") or {}
        parts = []
        if verdict is not None and verdict[0]:
            how = "chosen by the analyst" if verdict[1] else "from the verdict scale"
            parts.append(f"Verdict for publishing: <b>{_esc(verdict[0])}</b> ({how})")
        if claim.get("claimant"):
            parts.append(f"Claimant: {_esc(ctx.store.source_name(claim['claimant']))}")
        if review.get("url"):
            when = f", published {_esc(str(review['published']))}" if review.get("published") else ", not dated"
            parts.append(f"Review: {_esc(str(review['url']))}{when}")
        else:
            parts.append("No review address: not in the ClaimReview export")
        text = " · ".join(parts)
        self.publishing_label.setText(text)
        self.publishing_label.setAccessibleDescription(_strip_tags(text))
        self.publishing_label.setVisible(bool(parts))

    def _details_visible(self, on: bool) -> None:
        for w in (self.bar, self.table, self.table_heading, self.numbers_label):
            w.setVisible(on)

    @staticmethod
    def _flags_html(flags: tuple[str, ...]) -> str:
        items = []
        for f in flags:
            title = FLAG_TITLES.get(f, f.replace("_", " "))
            items.append(f"<p style='margin:0 0 4px 0'><b>⚠ {title}.</b> {FLAG_TEXT.get(f, '')}</p>")
        return "".join(items)
