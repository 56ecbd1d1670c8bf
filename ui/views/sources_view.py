"""Sources manager: every source, its grade, its reach, and who relays whom.

Grading sources is where a fact-check's judgement is made, and the same
outlet graded twice, or two entries for one person, quietly distort every
claim they touch.  This view lists every source with its kind, grade, the
claims it bears on, the weight it carries and its relay links; the panel on
the right shows the selected source's claims and relay chains ("Agency →
BBC → article") so an analyst can see what a re-grade will move.

Grades are edited in place (double-click the grade; one undo step through
``ProjectContext.run`` → ``set_reliability``), and two duplicates are merged
with "Merge…" (``merge_sources``, also one undo step).  Every view follows
through the context's ``changed`` signal; nothing here writes directly.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QUrl, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.session.context import ProjectContext
from ui.session.store import ProjectStore, StoreDelta
from ui.views.common import (
    ABSORBED_SYMBOL,
    CREDIBILITY_WORDS,
    RELIABILITY_WORDS,
    STANCE_SYMBOL,
    ColumnFitter,
    RowTable,
    elide,
    is_dark,
    muted,
    stance_color,
)
from ui.views.sources_view_model import (
    COL_CLAIMS,
    COL_GRADE,
    COL_ITEMS,
    COL_KIND,
    COL_NAME,
    COL_RELAYED_BY,
    COL_RELAYS,
    COL_WEIGHT,
    GradeDelegate,
    IdRole,
    SourcesTableModel,
    SourcesTableProxy,
)

_CLAIMS_SHOWN = 60


class MergeDialog(QDialog):
    """Asks which of two sources to keep; says what happens to the other."""

    def __init__(self, store: ProjectStore, first: str, second: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge Sources")
        self.setAccessibleName("Merge sources")
        self._ids = (first, second)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Keep which source?"))
        self.group = QButtonGroup(self)
        for n, sid in enumerate(self._ids):
            src = store.sources.get(sid) or {}
            b = QRadioButton(f"{src.get('name', sid)} — {src.get('kind', '')}, graded {src.get('reliability', '?')}")
            b.setChecked(n == 0)
            b.setAccessibleName(f"Keep {src.get('name', sid)}")
            self.group.addButton(b, n)
            lay.addWidget(b)
        note = QLabel("The other source's evidence, and every report naming it as the origin, move to the "
                      "one you keep; the other source is then deleted. Edit ▸ Undo reverses the merge.")
        note.setWordWrap(True)
        lay.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        ok.setAccessibleName("Merge")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def keeper(self) -> str:
        return self._ids[max(self.group.checkedId(), 0)]


def choose_keeper(parent: QWidget | None, store: ProjectStore, first: str, second: str) -> str | None:
    """The source to keep, or None if the user cancelled.  Tests replace this function."""
    dialog = MergeDialog(store, first, second, parent)
    return dialog.keeper() if dialog.exec() == QDialog.DialogCode.Accepted else None


class SourcesView(QWidget):
    """Sources table and the selected source's reach (see module docstring)."""

    #: The user wants to see this claim in its document.
    jumpRequested = Signal(str)

    def __init__(self, context: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        self.setAccessibleName("Sources manager")
        self.model = SourcesTableModel(context.store, None if context.read_only else self._set_grade, self)
        self.proxy = SourcesTableProxy(self)
        self.proxy.setSourceModel(self.model)

        heading = QLabel("Sources")
        f = heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        heading.setFont(f)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name, kind or notes…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter sources")
        self.count_label = QLabel()
        self.merge_button = QPushButton("Merge…")
        self.merge_button.setToolTip("Select two entries for the same source, then merge them into one")
        self.merge_button.setEnabled(False)
        self.merge_button.setAccessibleName("Merge the two selected sources")

        self.table = RowTable()
        t = self.table
        t.setModel(self.proxy)
        t.setAlternatingRowColors(True)
        t.header().setSortIndicator(COL_WEIGHT, Qt.SortOrder.DescendingOrder)  # heaviest first, one sort
        t.setSortingEnabled(True)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                          | QAbstractItemView.EditTrigger.SelectedClicked)
        t.setItemDelegateForColumn(COL_GRADE, GradeDelegate(t))
        t.setAccessibleName("Sources")
        self._size_columns()

        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setAccessibleName("Selected source")
        self.details.anchorClicked.connect(self._link)

        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(t)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([920, 480])

        bar = QHBoxLayout()
        bar.addWidget(heading)
        bar.addSpacing(16)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.count_label)
        bar.addSpacing(12)
        bar.addWidget(self.merge_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(8)
        lay.addLayout(bar)
        lay.addWidget(split, 1)

        self.filter_edit.textChanged.connect(self._filter)
        self.merge_button.clicked.connect(self.merge_selected)
        t.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        context.changed.connect(self._changed)
        context.sourceShown.connect(self.select_source)
        self._update_count()
        self._selection_changed()

    def _size_columns(self) -> None:
        fm = self.table.fontMetrics()
        em = fm.horizontalAdvance("M")
        widths = {COL_KIND: fm.horizontalAdvance("organisation") + 16, COL_GRADE: fm.horizontalAdvance("Grade") + 28,
                  COL_CLAIMS: fm.horizontalAdvance("Claims") + 24, COL_ITEMS: fm.horizontalAdvance("Items") + 24,
                  COL_WEIGHT: fm.horizontalAdvance("Weight") + 44, COL_RELAYS: 11 * em, COL_RELAYED_BY: 11 * em}
        self.fitter = ColumnFitter(self.table, COL_NAME, widths,
                                   [COL_RELAYED_BY, COL_RELAYS, COL_ITEMS, COL_KIND, COL_CLAIMS], min_main=16 * em)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Details beside the table when there is room, below it when the view is narrow."""
        wide = event.size().width() >= 1100
        want = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.split.orientation() != want:
            self.split.setOrientation(want)
            total = event.size().width() if wide else event.size().height()
            self.split.setSizes([total * 3 // 5, total * 2 // 5])
        super().resizeEvent(event)

    # ------------------------------------------------------------------ writes

    def _set_grade(self, source_id: str, grade: str) -> bool:
        """One undoable write; every view updates from the context's ``changed``."""
        name = self.ctx.store.source_name(source_id)
        changes = self.ctx.run(f"Grade {elide(name, 40)} {grade}",
                               lambda: self.ctx.service.set_reliability(source_id, grade))
        return changes is not None

    def set_grade(self, source_id: str, grade: str) -> bool:
        """Change a source's grade through the table model (as the delegate does)."""
        r = self.model.row_of(source_id)
        return r >= 0 and self.model.setData(self.model.index(r, COL_GRADE), grade)

    def selected_sources(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows(COL_NAME)
        return [i.data(IdRole) for i in sorted(rows, key=lambda i: i.row()) if i.data(IdRole)]

    def merge_selected(self) -> bool:
        """Merge the two selected sources into the one the user keeps (one undo step)."""
        ids = self.selected_sources()
        if len(ids) != 2 or self.ctx.read_only:
            return False
        keep = choose_keeper(self, self.ctx.store, ids[0], ids[1])
        if not keep:
            return False
        drop = ids[1] if keep == ids[0] else ids[0]
        what = f"Merge {elide(self.ctx.store.source_name(drop), 30)} into {elide(self.ctx.store.source_name(keep), 30)}"
        if self.ctx.run(what, lambda: self.ctx.service.merge_sources(keep, drop)) is None:
            return False
        self.select_source(keep)
        return True

    # ------------------------------------------------------------------ selection

    def select_source(self, source_id: str) -> None:
        r = self.model.row_of(source_id)
        if r < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(r, COL_NAME))
        if not index.isValid():
            self.filter_edit.clear()
            index = self.proxy.mapFromSource(self.model.index(r, COL_NAME))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _selection_changed(self) -> None:
        ids = self.selected_sources()
        self.merge_button.setEnabled(len(ids) == 2 and not self.ctx.read_only)
        self._show_details(ids[0] if len(ids) == 1 else "", len(ids))

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{shown} of {total} sources" if shown != total else f"{total} sources")

    # ------------------------------------------------------------------ details

    def _show_details(self, sid: str, selected: int) -> None:
        store, idx = self.ctx.store, self.model.index_
        src = store.sources.get(sid)
        pal = self.palette()
        quiet = muted(pal).name()
        if src is None:
            hint = ("Two sources selected: “Merge…” folds one into the other." if selected == 2 else
                    "Select a source to see the claims it bears on and who relays whom. Double-click a "
                    "grade to change it; select two duplicates and choose “Merge…” to make them one.")
            self.details.setHtml(f"<p style='color:{quiet}'>{escape(hint)}</p>")
            return
        dark = is_dark(pal)
        grade = src.get("reliability") or "F"
        parts = [f"<h3 style='margin-bottom:2px'>{escape(src['name'])}</h3>",
                 f"<p style='color:{quiet}; margin-top:0'>{escape(src.get('kind', ''))} · graded <b>{grade}</b> "
                 f"({escape(RELIABILITY_WORDS.get(grade, ''))})"
                 + (" · confidential" if src.get("confidential") else "")
                 + f" · weight carried {idx.weight(sid):.2f}</p>"]
        if src.get("notes"):
            parts.append(f"<p>{escape(src['notes'])}</p>")
        chains = idx.chains(sid)
        if chains:
            parts.append("<p><b>Relay chains</b> (origin first)</p><ul>")
            for chain, n in chains.most_common(12):
                names = " → ".join(
                    (f"<b>{escape(store.source_name(s))}</b>" if s == sid else
                     f"<a href='source:{escape(s)}'>{escape(store.source_name(s))}</a>") for s in chain)
                parts.append(f"<li>{names}" + (f" <span style='color:{quiet}'>×{n}</span>" if n > 1 else "")
                             + "</li>")
            parts.append("</ul>")
        claims = sorted(idx.claims_of(sid), key=lambda c: list(store.claims).index(c) if c in store.claims else 0) \
            if len(idx.claims_of(sid)) <= _CLAIMS_SHOWN else list(idx.claims_of(sid))[:_CLAIMS_SHOWN]
        total = len(idx.claims_of(sid))
        parts.append(f"<p><b>Bears on {total} claim{'s' if total != 1 else ''}</b></p>")
        if claims:
            parts.append("<table cellspacing='0' cellpadding='2'>")
            for cid in claims:
                claim = store.claims.get(cid) or {}
                a = store.assessments.get(cid)
                marks = []
                for it in idx.items_on(sid, cid):
                    sym = (ABSORBED_SYMBOL if it.role == "absorbed" else STANCE_SYMBOL)[it.stance]
                    words = CREDIBILITY_WORDS.get(it.credibility, "")
                    tip = f"{it.stance}, {grade}{it.credibility} ({words}), {it.role}"
                    marks.append(f"<span style='color:{stance_color(it.stance, dark).name()}' title='{escape(tip)}'>"
                                 f"{sym}</span>&nbsp;{grade}{it.credibility}")
                if not marks:
                    marks.append(f"<span style='color:{quiet}'>◇ origin</span>")
                word = f"<span style='color:{quiet}'>{escape(a.likelihood)}</span>" if a else ""
                parts.append(f"<tr><td style='white-space:nowrap'>{' '.join(marks)}&nbsp;&nbsp;</td>"
                             f"<td><a href='claim:{escape(cid)}'>{escape(elide(claim.get('text', cid), 90))}</a>"
                             f"&nbsp; {word}</td></tr>")
            parts.append("</table>")
            if total > len(claims):
                parts.append(f"<p style='color:{quiet}'>…and {total - len(claims)} more</p>")
        self.details.setHtml("".join(parts))

    def _link(self, url: QUrl) -> None:
        kind, _, oid = url.toString().partition(":")
        if kind == "claim" and oid in self.ctx.store.claims:
            self.ctx.select_claim(oid)
            self.jumpRequested.emit(oid)
        elif kind == "source":
            self.select_source(oid)

    # ------------------------------------------------------------------ following the project

    def _changed(self, delta: StoreDelta) -> None:
        self.model.apply(delta)
        self._update_count()
        self._selection_changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._selection_changed()
        super().changeEvent(event)


def create(context: ProjectContext, parent: QWidget | None = None) -> SourcesView:
    """The registry's factory (see :mod:`ui.views`)."""
    return SourcesView(context, parent)
