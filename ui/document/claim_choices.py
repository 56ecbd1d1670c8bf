"""The claims an accepted attribution can become evidence for, as a list model for a combo box.

"No claim" first, then the claims of the document on show, then every other
claim with its document's title.  A project may hold 20,000 claims: the
suggestions panel filled its box item by item each time another document
was shown (a third of a second of a claim switch into another document on
the XL project) and compared every claim's text at every claim switch to
see whether to.  This model holds claim ids only, made into labels when Qt
shows a row, and finds a claim's row by a dict.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ui.document.suggestion_marks import short
from ui.session.store import ProjectStore

NO_CLAIM = "No claim: choose the claim evidence goes to"


class ClaimChoices(QAbstractListModel):
    """Rows: "" (no claim), this document's claims, the other claims; UserRole is the claim's id."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = [""]
        self._rows: dict[str, int] = {"": 0}
        self._here = 0
        self._store: ProjectStore | None = None

    def reset(self, store: ProjectStore | None, doc_id: str) -> None:
        """List the claims of ``store`` for the document ``doc_id`` on show."""
        self.beginResetModel()
        here = [c["id"] for c in store.claims_in(doc_id)] if store is not None else []
        others = [cid for cid, c in store.claims.items() if c.get("document") != doc_id] if store is not None else []
        self._ids = ["", *here, *others]
        self._rows = {cid: row for row, cid in enumerate(self._ids)}
        self._here = len(here)
        self._store = store
        self.endResetModel()

    def row_of(self, claim_id: str) -> int:
        """The row of ``claim_id`` (0, "no claim", when it is not listed)."""
        return self._rows.get(claim_id, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        cid = self._ids[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return cid
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if not cid or self._store is None:
            return NO_CLAIM
        claim = self._store.claims.get(cid, {})
        if index.row() <= self._here:
            return short(claim.get("text", ""), 70)
        title = self._store.documents.get(claim.get("document") or "", {}).get("title", "")
        return f"{short(claim.get('text', ''), 50)} (other document: {short(title, 30)})"
