"""The claims overview as a table: every claim of the project on one row.

A thin adapter over the store (rows are the store's claim dicts and
assessments, looked up when Qt asks), with a small per-claim summary cache
(items for and against) that is dropped for exactly the claims a
``StoreDelta`` re-assessed.  Sorting uses :data:`SortRole` so the likelihood
column sorts by probability and the date column by time, not by their words;
:class:`OverviewProxy` filters by status, confidence, flag and text at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ui.session.store import ProjectStore, StoreDelta
from ui.views.common import (
    CONFIDENCE_ORDER,
    FLAG_SHORT,
    STATUS_LABEL,
    ForwardSortProxy,
    StoreTableModel,
    band_icon,
    format_changed,
    percent,
    refilter,
)
from ui.widgets.colors import NO_ASSESSMENT_HEX, band_hex
from ui.widgets.rows_model import IdRole, SortRole
from workbench.analysis.confidence import FLAG_TEXT, NO_ASSESSMENT, Assessment, likelihood_label

(COL_CLAIM, COL_DOCUMENT, COL_LIKELIHOOD, COL_PROBABILITY, COL_CONFIDENCE, COL_FOR, COL_AGAINST,
 COL_FLAGS, COL_STATUS, COL_CHANGED) = range(10)

#: The raw value behind a cell, for filters and tests (status key, flag tuple …).
ValueRole = Qt.ItemDataRole.UserRole + 30

_HEADER_TIPS = {
    COL_LIKELIHOOD: "How likely the claim is, in the words of intelligence analysis (ICD 203)",
    COL_PROBABILITY: "The model's probability that the claim is true",
    COL_CONFIDENCE: "Analytic confidence: how much the evidence supports the judgement",
    COL_FOR: "Evidence items corroborating the claim",
    COL_AGAINST: "Evidence items contradicting the claim",
    COL_FLAGS: "Warnings about the evidence (hover a row for the full text)",
    COL_CHANGED: "When the claim itself was last edited",
}

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of one claim's evidence, by stance and by independent origin."""

    for_items: int
    against_items: int
    context_items: int
    for_origins: int
    against_origins: int


def summarise(a: Assessment | None) -> Summary:
    if a is None:
        return Summary(0, 0, 0, 0, 0)
    f = g = c = fo = go = 0
    for b in a.evidence:
        if b.stance == "corroborates":
            f += 1
            fo += b.role == "counted"
        elif b.stance == "contradicts":
            g += 1
            go += b.role == "counted"
        else:
            c += 1
    return Summary(f, g, c, fo, go)


class OverviewModel(StoreTableModel):
    """Every claim with its judgement and bookkeeping (see module docstring)."""

    COLUMNS = ("Claim", "Document", "Likelihood", "P", "Confidence", "For", "Against", "Flags",
               "Status", "Last change")
    HEADER_TIPS = _HEADER_TIPS
    CENTRED = frozenset((COL_PROBABILITY, COL_FOR, COL_AGAINST))

    def __init__(self, store: ProjectStore, parent: Any = None) -> None:
        super().__init__(lambda oid: store.claims.get(oid), parent)
        self.store = store
        self._summary: dict[str, Summary] = {}
        self._changed_at: dict[str, str] = {}
        self.reset(store.claims)

    # ------------------------------------------------------------------ cells

    def summary(self, cid: str) -> Summary:
        s = self._summary.get(cid)
        if s is None:
            s = self._summary[cid] = summarise(self.store.assessments.get(cid))
        return s

    def changed_at(self, cid: str, row: dict[str, Any]) -> str:
        """The claim's last change (ISO, UTC).  Remembered per claim, because
        the service's single-claim read does not carry ``changed_at``."""
        stamp = str(row.get("changed_at") or "")
        if stamp:
            self._changed_at[cid] = stamp
            return stamp
        return self._changed_at.get(cid, "")

    def review_words(self, cid: str, row: dict[str, Any]) -> str:
        """The status cell's tooltip: the published review, its verdict and the claimant, or their absence."""
        review = row.get("review") or {}
        verdict = self.store.verdict(cid)
        lines = [f"Review: {review['url']}" + (f", published {review['published']}" if review.get("published")
                                               else ", not dated")
                 if review.get("url") else "No review address: not in the ClaimReview export"]
        if verdict is not None and verdict[0]:
            lines.append(f"Verdict: {verdict[0]}" + (" (chosen by the analyst)" if verdict[1] else
                                                      " (from the verdict scale)"))
        if row.get("claimant"):
            lines.append(f"Claimant: {self.store.source_name(row['claimant'])}")
        return "\n".join(lines)

    def natural_order(self) -> list[str]:
        return list(self.store.claims)

    def cell(self, oid: str, row: dict[str, Any], column: int, role: int) -> Any:
        D = Qt.ItemDataRole
        a = self.store.assessments.get(oid)
        word = a.likelihood if a else NO_ASSESSMENT
        if column == COL_CLAIM:
            if role in (D.DisplayRole, D.AccessibleTextRole):
                return row["text"]
            if role == D.ToolTipRole:
                note = f"\n\nNote: {row['note']}" if row.get("note") else ""
                return f"{row['text']}{note}"
            if role in (SortRole, ValueRole):
                return row["text"].casefold()
        elif column == COL_DOCUMENT:
            doc = self.store.documents.get(row.get("document") or "")
            title = (doc.get("title") or "(untitled document)") if doc else "—"
            if role in (D.DisplayRole, D.ToolTipRole, D.AccessibleTextRole):
                return title if doc or role == D.DisplayRole else "Not in a document"
            if role == SortRole:
                return title.casefold()
            if role == ValueRole:
                return row.get("document")
        elif column == COL_LIKELIHOOD:
            if role == D.DisplayRole:
                return word
            if role == D.DecorationRole:
                return band_icon(word)
            if role == D.ToolTipRole:
                band = likelihood_label(word)
                return f"{word} ({band})" if band else "No evidence for or against yet: the base rate only"
            if role == D.AccessibleTextRole:
                return f"likelihood {word}"
            if role == SortRole:
                return a.probability if a and word != NO_ASSESSMENT else -1.0
            if role == ValueRole:
                return word
            if role == _SwatchRole:
                return band_hex(word) if a else NO_ASSESSMENT_HEX
        elif column == COL_PROBABILITY:
            probability = a.probability if a is not None and word != NO_ASSESSMENT else None
            if role == D.DisplayRole:
                return percent(probability) if probability is not None else "—"
            if role in (SortRole, ValueRole):
                return probability if probability is not None else -1.0
            if role == D.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == D.ToolTipRole and a is not None:
                return (f"Probability {a.probability:.3f}, uncertainty {a.uncertainty:.2f} "
                        f"(base rate {a.base_rate:g})")
        elif column == COL_CONFIDENCE:
            conf = a.confidence if a else ""
            if role in (D.DisplayRole, ValueRole, D.AccessibleTextRole):
                return conf
            if role == SortRole:
                return CONFIDENCE_ORDER.get(conf, -1)
        elif column in (COL_FOR, COL_AGAINST):
            s = self.summary(oid)
            items, origins = ((s.for_items, s.for_origins) if column == COL_FOR
                              else (s.against_items, s.against_origins))
            if role in (D.DisplayRole, SortRole, ValueRole):
                return items
            if role == D.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role in (D.ToolTipRole, D.AccessibleTextRole):
                side = "for" if column == COL_FOR else "against"
                return (f"{items} item{'s' if items != 1 else ''} {side}, from {origins} independent "
                        f"origin{'s' if origins != 1 else ''}")
        elif column == COL_FLAGS:
            flags = a.flags if a else ()
            if role == D.DisplayRole:
                return ", ".join(FLAG_SHORT.get(f, f) for f in flags)
            if role == D.ToolTipRole and flags:
                return "\n".join(f"• {FLAG_TEXT.get(f, f)}" for f in flags)
            if role == SortRole:
                return len(flags)
            if role == ValueRole:
                return flags
        elif column == COL_STATUS:
            status = row.get("status") or "open"
            if role in (D.DisplayRole, D.AccessibleTextRole):
                return STATUS_LABEL.get(status, status)
            if role == SortRole:
                return list(STATUS_LABEL).index(status) if status in STATUS_LABEL else 99
            if role == ValueRole:
                return status
            if role == D.ToolTipRole:
                return self.review_words(oid, row)
        elif column == COL_CHANGED:
            stamp = self.changed_at(oid, row)
            if role in (D.DisplayRole, D.AccessibleTextRole):
                return format_changed(stamp)
            if role in (SortRole, ValueRole):
                return stamp
        return None

    # ------------------------------------------------------------------ updates

    def apply(self, delta: StoreDelta) -> None:
        """Follow a StoreDelta: inserted and removed claims, changed rows only."""
        touched = delta.any("claims")
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        for cid in delta.updated.get("claims", set()) | delta.added.get("claims", set()):
            if not (self.store.claims.get(cid) or {}).get("changed_at"):
                self._changed_at[cid] = now
        for cid in touched | delta.reassessed:
            self._summary.pop(cid, None)
        docs = delta.any("documents")
        if docs:  # a renamed document changes the Document column of its claims
            touched |= {cid for cid, c in self.store.claims.items() if c.get("document") in docs}
        if delta.added.get("claims") or delta.removed.get("claims"):
            self.sync(list(self.store.claims), touched | delta.reassessed)
        else:
            self.refresh(touched | delta.reassessed)
        if self.sort_column >= 0 or delta.added.get("claims"):
            structural = delta.added.get("claims") or delta.removed.get("claims")
            self.resort(None if structural else touched | delta.reassessed)


#: The band colour of the likelihood cell, for the view's delegate.
_SwatchRole = Qt.ItemDataRole.UserRole + 31
SwatchRole = _SwatchRole

class OverviewProxy(ForwardSortProxy):
    """Sort by SortRole; keep rows matching every active filter (empty = any)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.status = ""
        self.confidence = ""
        self.flag = ""
        self.likelihood = ""
        self.text = ""

    def set_filters(self, **values: str) -> None:
        """Set any of status, confidence, flag, likelihood, text ("" = no filter)."""
        for key, value in values.items():
            if key not in ("status", "confidence", "flag", "likelihood", "text"):
                raise TypeError(f"unknown filter {key!r}")
            setattr(self, key, value.casefold() if key == "text" else value)
        refilter(self)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, OverviewModel):
            return True
        cid = model.id_at(source_row)
        row = model.store.claims.get(cid or "")
        if row is None:
            return False
        a = model.store.assessments.get(cid or "")
        if self.status and (row.get("status") or "open") != self.status:
            return False
        if self.confidence and (a.confidence if a else "") != self.confidence:
            return False
        if self.flag:
            flags = a.flags if a else ()
            if self.flag == "none" and flags:
                return False
            if self.flag == "any" and not flags:
                return False
            if self.flag not in ("none", "any") and self.flag not in flags:
                return False
        if self.likelihood and (a.likelihood if a else NO_ASSESSMENT) != self.likelihood:
            return False
        if self.text:
            doc = model.store.documents.get(row.get("document") or "") or {}
            hay = " ".join((row.get("text") or "", row.get("note") or "", doc.get("title") or "")).casefold()
            if self.text not in hay:
                return False
        return True


__all__ = [
    "COL_AGAINST",
    "COL_CHANGED",
    "COL_CLAIM",
    "COL_CONFIDENCE",
    "COL_DOCUMENT",
    "COL_FLAGS",
    "COL_FOR",
    "COL_LIKELIHOOD",
    "COL_PROBABILITY",
    "COL_STATUS",
    "IdRole",
    "OverviewModel",
    "OverviewProxy",
    "SortRole",
    "Summary",
    "SwatchRole",
    "ValueRole",
    "summarise",
]
