"""The breakdown table: how each evidence item entered the assessment.

One row per :class:`~workbench.analysis.confidence.ItemBreakdown`, in the claim's
evidence order: who said it, its stance, whether it was counted, absorbed
("same origin as …") or context, its trust t, age factor τ, weight e, share
of all weight and ΔP (how far P would move without its cluster).  Numbers are
shown to 2–3 places; SortRole carries the unrounded values.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication

from ui.widgets.colors import MUTED_HEX, is_dark, stance_color
from ui.widgets.rows_model import IdRole, SortRole
from workbench.analysis.confidence import Assessment, ItemBreakdown

Index = QModelIndex | QPersistentModelIndex

COL_SOURCE, COL_STANCE, COL_ROLE, COL_TRUST, COL_AGE, COL_WEIGHT, COL_SHARE, COL_DELTA = range(8)
RoleRole = Qt.ItemDataRole.UserRole + 30   # "counted" | "absorbed" | "context"

_HEADERS = ("Source", "Stance", "Role", "Trust", "Age", "Weight", "Share", "ΔP")
_HEADER_TIPS = (
    "Who the evidence comes from",
    "Corroborates, contradicts or context",
    "Counted, or absorbed by another item from the same origin, or context (never counts)",
    "t = credibility × reliability of the chain × diagnosticity × interest (at most 0.95)",
    "τ: how much the item's age discounts it (1 = not aged)",
    "e = τ · 2 · t / (1 − t): the item's weight of evidence",
    "This item's share of all counted weight",
    "How far the probability would move without this item's origin",
)
_STANCE_SHORT = {"corroborates": "for", "contradicts": "against", "context": "context"}


class BreakdownModel(QAbstractTableModel):
    """Rows of one claim's assessment breakdown (see module docstring)."""

    COLUMNS = _HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: tuple[ItemBreakdown, ...] = ()
        self._names: dict[str, str] = {}

    def set_assessment(self, assessment: Assessment | None, source_names: dict[str, str]) -> None:
        self.beginResetModel()
        self._items = assessment.evidence if assessment else ()
        self._names = source_names
        self.endResetModel()

    def item(self, row: int) -> ItemBreakdown | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        b = self.item(index.row())
        if b is None or not 0 <= index.column() < len(_HEADERS):
            return None
        D = Qt.ItemDataRole
        col = index.column()
        if role == IdRole:
            return b.id
        if role == RoleRole:
            return b.role
        counted = b.role == "counted"
        if role == SortRole:
            return (self._names.get(b.source, b.source).casefold(), b.stance, b.role, b.trust,
                    b.age_factor, b.weight, b.share, b.delta_p)[col]
        if role == D.TextAlignmentRole and col >= COL_TRUST:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == D.ForegroundRole:
            # Read at paint time, so a switch to or from dark mode repaints in the new colours.
            dark = is_dark(QGuiApplication.palette())
            if col == COL_STANCE:
                return stance_color(b.stance, dark)
            if not counted and col >= COL_ROLE:
                return QColor(MUTED_HEX[dark])
            return None
        if role == D.ToolTipRole:
            return self._tooltip(b)
        if role not in (D.DisplayRole, D.AccessibleTextRole):
            return None
        if col == COL_SOURCE:
            return self._names.get(b.source, b.source) + (" (interested)" if b.interested else "")
        if col == COL_STANCE:
            return _STANCE_SHORT.get(b.stance, b.stance)
        if col == COL_ROLE:
            if b.role == "absorbed" and role == D.AccessibleTextRole:
                return f"absorbed: same origin as {self._names.get(self._source_of(b.same_origin_as), '')}"
            return b.role
        if b.role == "context":
            return "—" if role == D.DisplayRole else "not applicable"
        if col == COL_TRUST:
            return f"{b.trust:.3f}"
        if col == COL_AGE:
            return f"{b.age_factor:.2f}"
        if col == COL_WEIGHT:
            return f"{b.weight:.2f}"
        if col == COL_SHARE:
            return f"{b.share:.0%}" if counted else "—"
        if col == COL_DELTA:
            return f"{b.delta_p:+.3f}".replace("-", "\u2212") if counted else "—"  # a true minus, as on the cards
        return None

    def _source_of(self, evidence_id: str | None) -> str:
        for b in self._items:
            if b.id == evidence_id:
                return b.source
        return evidence_id or ""

    def _tooltip(self, b: ItemBreakdown) -> str:
        name = self._names.get(b.source, b.source)
        if b.role == "context":
            return f"{name}: context — recorded for the reader, never counts."
        lines = [f"{name} ({b.reliability}{b.credibility}), {b.stance}",
                 f"trust {b.trust:.3f} = credibility {b.credibility_factor:.2f} × reliability of the chain "
                 f"{b.reliability_path:.3f} × diagnosticity {b.diagnosticity_factor:.2f} × interest "
                 f"{b.interested_factor:.2f}"]
        if b.age_factor != 1.0:
            lines.append(f"aged by {b.age_factor:.2f}")
        if b.role == "absorbed":
            other = self._names.get(self._source_of(b.same_origin_as), b.same_origin_as or "")
            lines.append(f"Absorbed: same origin as the item from {other}, which weighs more; this one adds nothing.")
        return "\n".join(lines)


__all__ = ["BreakdownModel", "COL_SOURCE", "COL_STANCE", "COL_ROLE", "COL_TRUST", "COL_AGE",
           "COL_WEIGHT", "COL_SHARE", "COL_DELTA", "IdRole", "SortRole", "RoleRole"]
