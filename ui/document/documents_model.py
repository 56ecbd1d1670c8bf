"""The documents list: title and how many claims each holds.

Lists come from ``list_documents()`` (no text), so a project with 200 long
documents opens without reading any of them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt

from ui.session.store import ProjectStore
from ui.widgets.dates import format_iso
from ui.widgets.rows_model import IdRole, RowsModel, SortRole

COL_TITLE, COL_CLAIMS = range(2)


class DocumentsModel(RowsModel):
    """Documents in project order with claim counts."""

    COLUMNS = ("Document", "Claims")

    def __init__(self, store: ProjectStore, parent: Any = None) -> None:
        super().__init__(lambda oid: store.documents.get(oid), parent)
        self.store = store
        self._counts: Counter[str] = Counter()
        self._recount()
        self.reset(store.documents)

    def _recount(self) -> None:
        self._counts = Counter(str(c["document"]) for c in self.store.claims.values() if c.get("document"))

    def cell(self, oid: str, row: dict[str, Any], column: int, role: int) -> Any:
        D = Qt.ItemDataRole
        if column == COL_TITLE:
            title = row.get("title") or "(untitled)"
            if role in (D.DisplayRole, D.AccessibleTextRole):
                return title
            if role == SortRole:
                return title.casefold()
            if role == D.ToolTipRole:
                bits = [title]
                if row.get("published"):
                    bits.append(f"Published {format_iso(row['published'])}")
                if row.get("original_name"):
                    bits.append(f"From {row['original_name']}")
                bits.append(f"{row.get('length', 0):,} characters")
                return "\n".join(bits)
        elif column == COL_CLAIMS:
            n = self._counts.get(oid, 0)
            if role in (D.DisplayRole, SortRole):
                return n
            if role == D.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == D.AccessibleTextRole:
                return f"{n} claims"
        return None

    def apply(self, delta: Any) -> None:
        if delta.any("claims"):
            self._recount()
            self.refresh(self.ids())
        touched = delta.any("documents")
        if delta.added.get("documents") or delta.removed.get("documents"):
            self.sync(list(self.store.documents), touched)
        else:
            self.refresh(touched)


__all__ = ["DocumentsModel", "COL_TITLE", "COL_CLAIMS", "IdRole", "SortRole"]
