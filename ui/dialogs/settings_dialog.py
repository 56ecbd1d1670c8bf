"""Scoring settings: the project's model tables, with their effect shown before applying.

A scoring table is a policy decision ("how much do we trust a C source?"),
and changing it silently moves every judgement in the project.  So this
dialog shows, while the user edits, what each claim's likelihood would
become: it re-runs :func:`workbench.analysis.confidence.assess` in memory over the
project's current evidence with the candidate :class:`Settings` (nothing is
written), next to the likelihood the claim has now.  Apply is one undoable
write (``ProjectService.set_settings`` through ``ProjectContext.run``);
Restore Defaults puts back the model's default tables (it keeps the as-of
date, which dates the check rather than scores it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.session.context import ProjectContext
from ui.views.common import (
    CREDIBILITY_WORDS,
    RELIABILITY_WORDS,
    ForwardSortProxy,
    RowTable,
    SortedRows,
    band_icon,
    elide,
    percent,
    refilter,
)
from ui.widgets.colors import ERROR_HEX, is_dark
from ui.widgets.rows_model import IdRole, SortRole
from workbench.analysis.confidence import (
    CREDIBILITY_GRADES,
    DEFAULT_SETTINGS,
    DIAGNOSTICITY,
    NO_ASSESSMENT,
    RELIABILITY_GRADES,
    ConfidenceInputError,
    EvidenceInfo,
    Settings,
    SourceInfo,
    assess,
)

Index = QModelIndex | QPersistentModelIndex

#: Above this many evidence items the preview waits for a pause in typing.
_DEBOUNCE_ITEMS = 2000


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the preview needs of an assessment."""

    probability: float
    likelihood: str
    confidence: str


class Previewer:
    """The project's evidence, read once, re-assessed in memory under candidate settings."""

    def __init__(self, context: ProjectContext) -> None:
        store = context.store
        self.claims: dict[str, float] = {cid: float(c.get("base_rate") or 0.5) for cid, c in store.claims.items()}
        self.sources = {sid: SourceInfo(sid, s.get("reliability") or "F", s.get("name", ""))
                        for sid, s in store.sources.items()}
        self.evidence: dict[str, list[EvidenceInfo]] = {cid: [] for cid in self.claims}
        self.items = 0
        for e in context.service.list_evidence():
            df = e.get("derives_from") or {}
            when = dt.date.fromisoformat(e["date"]) if e.get("date") else None
            self.evidence.setdefault(e["claim"], []).append(EvidenceInfo(
                e["id"], e["source"], e["stance"], int(e["credibility"]), e.get("diagnosticity") or "high",
                bool(e.get("interested")), df.get("evidence"), df.get("source"), when))
            self.items += 1

    def assess_all(self, settings: Settings) -> dict[str, Judgement]:
        out = {}
        for cid, base in self.claims.items():
            a = assess(self.evidence.get(cid, ()), self.sources, base, settings)
            out[cid] = Judgement(a.probability, a.likelihood, a.confidence)
        return out


COL_CLAIM, COL_NOW, COL_NEW, COL_DELTA = range(4)


class PreviewModel(SortedRows, QAbstractTableModel):
    """Claims with their likelihood now and under the candidate settings.

    Sorted inside the model (:class:`~ui.views.common.SortedRows`): with
    2,000 claims a sorting proxy would spend a third of a second on every
    keystroke in the form."""

    COLUMNS = ("Claim", "Now", "With these settings", "Change")

    def __init__(self, texts: dict[str, str], now: dict[str, Judgement], parent: Any = None) -> None:
        super().__init__(parent)
        self._ids = list(texts)
        self._order = list(texts)
        self._reindex()
        self._texts = texts
        self._now = now
        self._new: dict[str, Judgement] = dict(now)

    def _reindex(self) -> None:
        self._pos = {oid: i for i, oid in enumerate(self._ids)}

    def natural_order(self) -> list[str]:
        return self._order

    def sort_value(self, oid: str, column: int) -> Any:
        return self.data(self.index(self._pos[oid], column), SortRole)

    def set_preview(self, new: dict[str, Judgement]) -> None:
        self._new = new
        if self._ids:
            self.dataChanged.emit(self.index(0, COL_NEW), self.index(len(self._ids) - 1, COL_DELTA))
        if self.sort_column >= 0:
            self.resort()

    def delta(self, cid: str) -> float:
        a, b = self._now.get(cid), self._new.get(cid)
        return (b.probability - a.probability) if a and b else 0.0

    def word_changed(self, cid: str) -> bool:
        a, b = self._now.get(cid), self._new.get(cid)
        return bool(a and b and a.likelihood != b.likelihood)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        D = Qt.ItemDataRole
        cid = self._ids[index.row()]
        col = index.column()
        if role == IdRole:
            return cid
        if col == COL_CLAIM:
            if role in (D.DisplayRole, D.ToolTipRole):
                return self._texts[cid]
            if role == SortRole:
                return self._texts[cid].casefold()
            return None
        if col in (COL_NOW, COL_NEW):
            j = (self._now if col == COL_NOW else self._new).get(cid)
            if j is None:
                return None
            if role == D.DisplayRole:
                return j.likelihood if j.likelihood == NO_ASSESSMENT else f"{j.likelihood} ({percent(j.probability)})"
            if role == D.DecorationRole:
                return band_icon(j.likelihood)
            if role == SortRole:
                return j.probability
            if role == D.ToolTipRole:
                return f"{j.likelihood}, {j.confidence} confidence (P = {j.probability:.3f})"
            if role == D.FontRole and col == COL_NEW and self.word_changed(cid):
                f = QFont()
                f.setBold(True)
                return f
            return None
        if col == COL_DELTA:
            d = self.delta(cid) * 100
            if role == D.DisplayRole:
                return "—" if abs(d) < 0.5 else f"{d:+.0f} pts".replace("-", "\u2212")
            if role == SortRole:
                return abs(d)
            if role == D.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == D.ToolTipRole:
                return f"{d:+.1f} percentage points"
        return None


class _ChangedOnly(ForwardSortProxy):
    """Optionally hides claims whose probability does not move (the model sorts)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.changed_only = False

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not self.changed_only or not isinstance(model, PreviewModel):
            return True
        cid = model.index(source_row, 0).data(IdRole)
        return abs(model.delta(cid)) >= 0.005 or model.word_changed(cid)


def _spin(lo: float, hi: float, step: float, decimals: int = 3, name: str = "") -> QDoubleSpinBox:
    s = QDoubleSpinBox()
    s.setRange(lo, hi)
    s.setSingleStep(step)
    s.setDecimals(decimals)
    s.setAccessibleName(name)
    s.setKeyboardTracking(False)
    s.setMaximumWidth(120)
    return s


class SettingsDialog(QDialog):
    """The scoring settings with a live preview (see module docstring)."""

    def __init__(self, context: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        self.setWindowTitle("Scoring Settings")
        self.setAccessibleName("Scoring settings")
        self.resize(1120, 760)
        self.current = context.service.settings()
        self.previewer = Previewer(context)
        store = context.store
        now = {cid: Judgement(a.probability, a.likelihood, a.confidence) for cid, a in store.assessments.items()}
        self.preview_model = PreviewModel({cid: c.get("text", cid) for cid, c in store.claims.items()}, now, self)
        self.preview_proxy = _ChangedOnly(self)
        self.preview_proxy.setSourceModel(self.preview_model)
        self.candidate: Settings | None = self.current
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh_preview)

        form = QWidget()
        col = QVBoxLayout(form)
        self.reliability = {g: _spin(0, 1, 0.05, name=f"Reliability {g}") for g in RELIABILITY_GRADES}
        col.addWidget(self._group("Source reliability (ρ)", [(f"{g} — {RELIABILITY_WORDS[g]}", w)
                                                             for g, w in self.reliability.items()],
                                  "How far a source's word is trusted, by grade."))
        self.credibility = {g: _spin(0, 1, 0.05, name=f"Credibility {g}") for g in CREDIBILITY_GRADES}
        col.addWidget(self._group("Information credibility (κ)", [(f"{g} — {CREDIBILITY_WORDS[g]}", w)
                                                                  for g, w in self.credibility.items()],
                                  "Grade 1 is scored as grade 2: the model counts independent "
                                  "confirmation itself."))
        self.diagnosticity = {d: _spin(0, 1, 0.05, name=f"Diagnosticity {d}") for d in DIAGNOSTICITY}
        col.addWidget(self._group("Diagnosticity (δ)", [(d, w) for d, w in self.diagnosticity.items()],
                                  "How much an item tells this claim apart from its alternatives."))
        self.interested = _spin(0, 1, 0.05, name="Interested party factor")
        self.ageing = QCheckBox("Age evidence")
        self.ageing.setAccessibleName("Age evidence by its date")
        self.half_life = _spin(1, 36500, 5, 0, "Half-life in days")
        self.half_life.setSuffix(" days")
        self.fixed_date = QCheckBox("Judge as of")
        self.fixed_date.setAccessibleName("Judge as of a fixed date")
        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("d MMM yyyy")
        self.as_of.setAccessibleName("As-of date")
        age_row = QHBoxLayout()
        age_row.addWidget(self.ageing)
        age_row.addWidget(self.half_life, 1)
        date_row = QHBoxLayout()
        date_row.addWidget(self.fixed_date)
        date_row.addWidget(self.as_of, 1)
        other = QGroupBox("Interest and time")
        of = QFormLayout(other)
        lam = QLabel("Interested party factor (λ)")
        lam.setMinimumWidth(self.fontMetrics().horizontalAdvance("F — reliability cannot be judged") + 8)
        of.addRow(lam, self.interested)
        of.addRow(age_row)
        of.addRow(date_row)
        hint = QLabel("Without a date, ageing counts from today. Items older than the half-life weigh half.")
        hint.setWordWrap(True)
        of.addRow(hint)
        col.addWidget(other)
        self.prior_weight = _spin(0.1, 50, 0.5, name="Prior weight")
        self.t_max = _spin(0.5, 0.99, 0.01, name="Maximum trust")
        self.e_min = _spin(0, 20, 0.05, name="Minimum substantive weight")
        col.addWidget(self._group("Advanced", [("Prior weight (W)", self.prior_weight),
                                               ("Maximum trust of one item", self.t_max),
                                               ("Substantive weight (e min)", self.e_min)],
                                  "W is how much evidence it takes to move far from the base rate."))
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName("Scoring tables")
        scroll.setWidget(form)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(400)

        self.summary = QLabel()
        self.summary.setMinimumHeight(self.summary.fontMetrics().height() * 2 + 4)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Preview summary")
        self.changed_only = QCheckBox("Only claims that move")
        self.changed_only.setAccessibleName("Only claims that move")
        self.table = RowTable()
        t = self.table
        t.setModel(self.preview_proxy)
        t.header().setSortIndicator(COL_DELTA, Qt.SortOrder.DescendingOrder)  # biggest moves first
        t.setSortingEnabled(True)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAccessibleName("Likelihood of every claim, now and with these settings")
        h = t.header()
        h.setStretchLastSection(False)
        h.setSectionResizeMode(COL_CLAIM, QHeaderView.ResizeMode.Stretch)
        fm = t.fontMetrics()
        bold = QFont(t.font())
        bold.setBold(True)
        for c, w in ((COL_NOW, fm.horizontalAdvance("roughly even chance (50%)") + 40),
                     (COL_NEW, QFontMetrics(bold).horizontalAdvance("roughly even chance (50%)") + 40),
                     (COL_DELTA, fm.horizontalAdvance("+100 pts") + 20)):
            h.resizeSection(c, w)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Effect on every claim</b>"))
        top.addStretch(1)
        top.addWidget(self.changed_only)
        rl.addLayout(top)
        rl.addWidget(self.summary)
        rl.addWidget(t, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setSizes([380, 740])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.RestoreDefaults
                                        | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.Apply)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setDefault(True)
        self.reset_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        self.reset_button.setToolTip("The model's default tables, ageing off; the as-of date is kept")
        self.apply_button.clicked.connect(self.apply)
        self.reset_button.clicked.connect(self.reset_defaults)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        intro = QLabel("These tables turn grades into weights for every claim in this project. Changes are "
                       "previewed on the right and only take effect when you apply them (undo reverses them).")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        lay.addWidget(split, 1)
        lay.addWidget(self.buttons)

        self.load(self.current)
        for spin in self._spins():
            spin.valueChanged.connect(self._edited)
        for check in (self.ageing, self.fixed_date):
            check.toggled.connect(self._edited)
        self.as_of.dateChanged.connect(self._edited)
        self.changed_only.toggled.connect(self._show_changed_only)
        if context.read_only:
            self.apply_button.setEnabled(False)
            self.apply_button.setToolTip("This project is open read-only")
        self.refresh_preview()

    # ------------------------------------------------------------------ building

    def _group(self, title: str, rows: list[tuple[str, QWidget]], hint: str = "") -> QGroupBox:
        """A titled form whose fields line up with every other group's."""
        box = QGroupBox(title)
        form = QFormLayout(box)
        label_w = self.fontMetrics().horizontalAdvance("F — reliability cannot be judged") + 8
        for text, widget in rows:
            label = QLabel(text)
            label.setMinimumWidth(label_w)
            label.setBuddy(widget)
            form.addRow(label, widget)
        if hint:
            note = QLabel(hint)
            note.setWordWrap(True)
            form.addRow(note)
        return box

    def _spins(self) -> list[QDoubleSpinBox]:
        return [*self.reliability.values(), *self.credibility.values(), *self.diagnosticity.values(),
                self.interested, self.half_life, self.prior_weight, self.t_max, self.e_min]

    # ------------------------------------------------------------------ values

    def load(self, s: Settings, keep_date: bool = False) -> None:
        """Show these settings in the form (without previewing each field on the way)."""
        self._loading = True
        try:
            for grade, spin in self.reliability.items():
                spin.setValue(s.reliability[grade])
            for number, spin in self.credibility.items():
                spin.setValue(s.credibility[number])
            for level, spin in self.diagnosticity.items():
                spin.setValue(s.diagnosticity[level])
            self.interested.setValue(s.interested)
            self.ageing.setChecked(s.half_life_days is not None)
            self.half_life.setValue(s.half_life_days or 90)
            if not keep_date:
                self.fixed_date.setChecked(s.as_of is not None)
                day = s.as_of or dt.date.today()
                self.as_of.setDate(QDate(day.year, day.month, day.day))
            self.prior_weight.setValue(s.prior_weight)
            self.t_max.setValue(s.t_max)
            self.e_min.setValue(s.e_min)
        finally:
            self._loading = False
        self.half_life.setEnabled(self.ageing.isChecked())
        self.as_of.setEnabled(self.fixed_date.isChecked())

    def settings_from_form(self) -> Settings:
        """The candidate settings; raises ConfidenceInputError when a value is out of range."""
        q = self.as_of.date()
        return Settings(
            reliability={g: w.value() for g, w in self.reliability.items()},
            credibility={g: w.value() for g, w in self.credibility.items()},
            diagnosticity={d: w.value() for d, w in self.diagnosticity.items()},
            interested=self.interested.value(),
            half_life_days=self.half_life.value() if self.ageing.isChecked() else None,
            as_of=dt.date(q.year(), q.month(), q.day()) if self.fixed_date.isChecked() else None,
            prior_weight=self.prior_weight.value(), t_max=self.t_max.value(), e_min=self.e_min.value())

    def _edited(self, *_args: Any) -> None:
        self.half_life.setEnabled(self.ageing.isChecked())
        self.as_of.setEnabled(self.fixed_date.isChecked())
        if self._loading:
            return
        if self.previewer.items > _DEBOUNCE_ITEMS:
            self._timer.start()
        else:
            self.refresh_preview()

    def refresh_preview(self) -> None:
        """Re-assess every claim in memory under the form's settings and show the effect."""
        self._timer.stop()
        try:
            self.candidate = self.settings_from_form()
        except ConfidenceInputError as exc:
            self.candidate = None
            red = ERROR_HEX[is_dark(self.palette())]
            self.summary.setText(f"<span style='color:{red}'>Not a valid setting: {exc}</span>")
            self.apply_button.setEnabled(False)
            return
        new = self.previewer.assess_all(self.candidate)
        self.preview_model.set_preview(new)
        if self.preview_proxy.changed_only:
            refilter(self.preview_proxy)
        self.apply_button.setEnabled(not self.ctx.read_only)
        self.summary.setText(self._summary(new))

    def _summary(self, new: dict[str, Judgement]) -> str:
        m = self.preview_model
        ids = list(new)
        if self.candidate == self.current:
            return "These are the project's current settings."
        moved = [c for c in ids if abs(m.delta(c)) >= 0.005]
        words = [c for c in ids if m.word_changed(c)]
        if not moved:
            return "No claim's likelihood changes with these settings."
        top = max(moved, key=lambda c: abs(m.delta(c)))
        text = self.ctx.store.claims.get(top, {}).get("text", top)
        move = f"{m.delta(top) * 100:+.0f}".replace("-", "\u2212")
        return (f"{len(words)} of {len(ids)} claims change their likelihood word; {len(moved)} move. "
                f"Largest move: {move} points (“{elide(text, 60)}”).")

    def _show_changed_only(self, on: bool) -> None:
        self.preview_proxy.changed_only = on
        refilter(self.preview_proxy)

    # ------------------------------------------------------------------ buttons

    def reset_defaults(self) -> None:
        """The model's default tables and no ageing; the as-of date stays (it dates the check)."""
        self.load(DEFAULT_SETTINGS, keep_date=True)
        self.refresh_preview()

    def apply(self) -> bool:
        """Write the settings as one undoable step and close; False if refused or invalid."""
        self.refresh_preview()
        if self.candidate is None or self.ctx.read_only:
            return False
        if self.candidate == self.current:
            self.accept()
            return True
        data = self.candidate.to_json()
        if self.ctx.run("Change scoring settings", lambda: self.ctx.service.set_settings(data)) is None:
            return False
        self.accept()
        return True


def open_settings(context: ProjectContext, parent: QWidget | None = None) -> SettingsDialog:
    """Show the dialog window-modally and return it (the window's Settings action)."""
    dialog = SettingsDialog(context, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
