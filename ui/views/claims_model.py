"""The claims list: one row per claim with its likelihood at a glance.

A thin adapter over :class:`ui.session.store.ProjectStore`: rows are the store's claim
dicts and assessments; the likelihood column sorts by probability (not by the
word), and the colour swatch is the same scale as the document highlights.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ui.session.store import ProjectStore
from ui.widgets.colors import band_color
from ui.widgets.rows_model import IdRole, RowsModel, SortProxy, SortRole
from workbench.analysis.confidence import NO_ASSESSMENT

COL_CLAIM, COL_LIKELIHOOD, COL_CONFIDENCE, COL_EVIDENCE = range(4)
ProbabilityRole = Qt.ItemDataRole.UserRole + 10
DocumentRole = Qt.ItemDataRole.UserRole + 11
_CONFIDENCE_ORDER = {"low": 0, "moderate": 1, "high": 2}
_ROLES_USING_ASSESSMENT = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole, ProbabilityRole})


class ClaimsModel(RowsModel):
    """Claims in project order (see module docstring)."""

    COLUMNS = ("Claim", "Likelihood", "Confidence", "Evidence")

    def __init__(self, store: ProjectStore, parent: Any = None) -> None:
        super().__init__(lambda oid: store.claims.get(oid), parent)
        self.store = store
        self.reset(store.claims)

    def cell(self, oid: str, row: dict[str, Any], column: int, role: int) -> Any:
        D = Qt.ItemDataRole
        if role == SortRole and column != COL_CLAIM:
            a = self.store.assessments.get(oid)  # sorting needs every claim assessed
        elif role in _ROLES_USING_ASSESSMENT:
            a = self.store.assessment(oid)       # only the rows Qt asks about
        else:
            a = None
        word = a.likelihood if a else NO_ASSESSMENT
        if role == ProbabilityRole:
            return a.probability if a else None
        if role == DocumentRole:
            return row.get("document")
        if column == COL_CLAIM:
            if role in (D.DisplayRole, D.AccessibleTextRole):
                return row["text"] if role == D.DisplayRole else f"{row['text']}: {word}"
            if role == D.DecorationRole:
                return band_color(word)
            if role == D.ToolTipRole:
                return f"{row['text']}\n{word}" + (f", {a.confidence} confidence" if a else "")
            if role == SortRole:
                return row["text"].casefold()
        elif column == COL_LIKELIHOOD:
            if role in (D.DisplayRole, D.AccessibleTextRole):
                return word
            if role == SortRole:
                return a.probability if a and word != NO_ASSESSMENT else -1.0
        elif column == COL_CONFIDENCE:
            if role in (D.DisplayRole, D.AccessibleTextRole):
                return a.confidence if a else ""
            if role == SortRole:
                return _CONFIDENCE_ORDER.get(a.confidence, -1) if a else -1
        elif column == COL_EVIDENCE:
            n = len(a.evidence) if a else 0
            if role == D.DisplayRole:
                return n
            if role == SortRole:
                return n
            if role == D.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == D.AccessibleTextRole:
                return f"{n} evidence items"
        return None

    def apply(self, delta: Any) -> None:
        """Follow a StoreDelta: inserted and removed claims, changed rows."""
        touched = delta.any("claims")
        if delta.added.get("claims") or delta.removed.get("claims"):
            self.sync(list(self.store.claims), touched | delta.reassessed)
        else:
            self.refresh(touched | delta.reassessed)


class ClaimsProxy(SortProxy):
    """Sorts by SortRole and filters on the claim text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COL_CLAIM, parent)


__all__ = ["ClaimsModel", "ClaimsProxy", "COL_CLAIM", "COL_LIKELIHOOD", "COL_CONFIDENCE",
           "COL_EVIDENCE", "IdRole", "SortRole", "ProbabilityRole", "DocumentRole"]
