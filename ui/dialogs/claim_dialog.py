"""Mark a claim: phrase the selected words as a checkable statement.

The passage stays as the anchor (what the document says); the claim text is
how the analyst phrases it ("Russia is forming a unit of about 3,000 North
Korean soldiers"), prefilled with the selection so Enter alone is enough.
The same dialog edits an existing claim.

Given the project's sources and verdict labels, it also holds what a
published fact-check needs of the claim (interfaces.md, "Additions"): the
claimant (a source of the project), the review's web address and date, and
a verdict that overrides the one the publisher's scale maps from the
assessment ("Automatic" keeps the mapping).  They are checked as typed,
with one sentence naming the field, and saved with the rest of the claim:
one write, one undo step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.colors import set_tone
from ui.widgets.keys import submit_on_enter
from workbench.service import CLAIM_STATUSES
from workbench.store.exchange import is_web_url

STATUS_WORDS = {"open": "Open", "in_review": "In review", "verified": "Verified", "disputed": "Disputed",
                "closed": "Closed"}
#: Review dates are written as the exchange file and ClaimReview carry them.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PUBLISHABLE = ("verified", "disputed", "closed")


def review_problem(url: str, published: str) -> str:
    """One sentence naming what is wrong with a review's address or date ("" when both are fine)."""
    if url and not is_web_url(url):
        return (f"Review address: “{url[:80]}” is not a web address; it must start with http:// or "
                "https:// and name a site, e.g. https://factdesk.example.org/checks/1234.")
    if published:
        try:
            if not _ISO_DATE.fullmatch(published):
                raise ValueError
            dt.date.fromisoformat(published)
        except ValueError:
            return (f"Review date: “{published[:40]}” is not a date; write it as year-month-day, "
                    f"e.g. {dt.date.today().isoformat()}.")
    return ""


class ClaimDialog(QDialog):
    """Claim text, prior (base rate), status and note; with ``sources``, its publishing fields.

    ``sources`` are the project's source rows (the claimant is one of them),
    ``verdicts`` the labels of the publisher's scale, and ``automatic`` the
    label the scale gives the claim as assessed now (shown on "Automatic").
    Without ``sources`` (a suggestion accepted in passing) the publishing
    fields are not shown and :meth:`values` leaves them out.
    """

    def __init__(self, parent: QWidget | None, text: str, passage: str | None = None,
                 claim: dict[str, Any] | None = None, *, sources: Sequence[dict[str, Any]] | None = None,
                 verdicts: Sequence[str] = (), automatic: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit Claim" if claim else "Mark Claim")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        if passage:
            quoted = QLabel(f"“{passage if len(passage) < 400 else passage[:399] + '…'}”")
            quoted.setWordWrap(True)
            quoted.setStyleSheet("font-style: italic;")
            set_tone(quoted, "muted")
            quoted.setAccessibleName("Selected passage")
            lay.addWidget(QLabel("The document says:"))
            lay.addWidget(quoted)
        form = QFormLayout()
        self.text_edit = QPlainTextEdit(" ".join(text.split()))
        self.text_edit.setAccessibleName("Claim text")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(80)
        self.text_edit.setToolTip("Phrase the claim as a statement that is either true or false.")
        form.addRow("&Claim:", self.text_edit)
        self.base_rate = QDoubleSpinBox()
        self.base_rate.setRange(0.01, 0.99)
        self.base_rate.setSingleStep(0.05)
        self.base_rate.setDecimals(2)
        self.base_rate.setValue(float((claim or {}).get("base_rate", 0.5)))
        self.base_rate.setAccessibleName("Base rate")
        self.base_rate.setToolTip("How likely the claim is before any evidence; 0.50 leans neither way.")
        form.addRow("&Base rate:", self.base_rate)
        self.status = QComboBox()
        for s in CLAIM_STATUSES:
            self.status.addItem(STATUS_WORDS.get(s, s), s)
        self.status.setCurrentIndex(max(0, self.status.findData((claim or {}).get("status", "open"))))
        self.status.setAccessibleName("Status")
        form.addRow("&Status:", self.status)
        self.note = QLineEdit((claim or {}).get("note", ""))
        self.note.setAccessibleName("Note")
        form.addRow("&Note:", self.note)
        lay.addLayout(form)
        self.publishing: QGroupBox | None = None
        if sources is not None:
            lay.addWidget(self._publishing_box(claim or {}, sources, verdicts, automatic))
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        set_tone(self.problem, "error")
        self.problem.hide()
        lay.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save Claim" if claim else "Mark Claim")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.text_edit.textChanged.connect(self._validate)
        # A claim is one sentence: Enter (or Ctrl+Enter) marks it, Shift+Enter breaks the line.
        submit_on_enter(self.text_edit, self._submit, plain_enter=True)
        self._validate()
        self.text_edit.setFocus()
        self.text_edit.selectAll()

    def _publishing_box(self, claim: dict[str, Any], sources: Sequence[dict[str, Any]],
                        verdicts: Sequence[str], automatic: str | None) -> QGroupBox:
        """Claimant, review address and date, verdict override (see the module docstring)."""
        review = claim.get("review") or {}
        box = QGroupBox("Published fact-check")
        box.setAccessibleName("Published fact-check")
        form = QFormLayout(box)
        self.claimant = QComboBox()
        self.claimant.setAccessibleName("Claimant")
        self.claimant.setToolTip("The source who made the claim (ClaimReview's claim author).")
        self.claimant.addItem("— nobody named —", None)
        for src in sorted(sources, key=lambda r: str(r.get("name", "")).casefold()):
            label = str(src.get("name") or src["id"])
            if src.get("confidential"):
                label += " (confidential: not named in exports)"
            self.claimant.addItem(label, src["id"])
        self.claimant.setCurrentIndex(max(0, self.claimant.findData(claim.get("claimant"))))
        form.addRow("Clai&mant:", self.claimant)
        self.review_url = QLineEdit(str(review.get("url") or ""))
        self.review_url.setAccessibleName("Review web address")
        self.review_url.setPlaceholderText("https://… (the published fact-check page)")
        form.addRow("Review &address:", self.review_url)
        self.review_date = QLineEdit(str(review.get("published") or ""))
        self.review_date.setAccessibleName("Review date")
        self.review_date.setPlaceholderText("YYYY-MM-DD")
        self.review_date.setMaxLength(40)
        today = QPushButton("Today")
        today.setAccessibleName("Review date: today")
        today.setAutoDefault(False)
        today.clicked.connect(lambda: self.review_date.setText(dt.date.today().isoformat()))
        row = QHBoxLayout()
        row.addWidget(self.review_date, 1)
        row.addWidget(today)
        date_label = QLabel("Review &date:")
        date_label.setBuddy(self.review_date)  # a row of two widgets gets no buddy by itself: Alt+D
        form.addRow(date_label, row)
        self.verdict = QComboBox()
        self.verdict.setAccessibleName("Verdict")
        self.verdict.addItem(f"Automatic ({automatic})" if automatic else "Automatic (from the verdict scale)", None)
        for label in verdicts:
            self.verdict.addItem(label, label)
        current = review.get("verdict")
        if current and self.verdict.findData(current) < 0:  # kept even when the scale no longer has it
            self.verdict.addItem(f"{current} (not on the verdict scale)", current)
        self.verdict.setCurrentIndex(max(0, self.verdict.findData(current)) if current else 0)
        self.verdict.setToolTip("The publisher's label for this claim; Automatic maps the likelihood and "
                                "confidence through the scale set in File > Publishing.")
        form.addRow("&Verdict:", self.verdict)
        self.publish_hint = QLabel("")
        self.publish_hint.setWordWrap(True)
        self.publish_hint.setAccessibleName("Publishing note")
        set_tone(self.publish_hint, "muted")
        form.addRow(self.publish_hint)
        for edit in (self.review_url, self.review_date):
            edit.textChanged.connect(self._validate)
        self.status.currentIndexChanged.connect(self._validate)
        self.verdict.currentIndexChanged.connect(self._validate)
        self.publishing = box
        return box

    def _submit(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            self.accept()

    def problem_text(self) -> str:
        """What stops the claim from being saved, in one sentence ("" when nothing does)."""
        if not self.text_edit.toPlainText().strip():
            return ""  # an empty claim only disables the button: the empty field says it
        if self.publishing is None:
            return ""
        return review_problem(self.review_url.text().strip(), self.review_date.text().strip())

    def _validate(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        ok = bool(self.text_edit.toPlainText().strip()) and not problem
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        if self.publishing is not None:
            url = self.review_url.text().strip()
            if url and self.status.currentData() not in PUBLISHABLE:
                hint = "ClaimReview publishes this review once the claim is verified, disputed or closed."
            elif not url and (self.review_date.text().strip() or self.verdict.currentData()):
                hint = "Without a review address the claim is left out of the ClaimReview export."
            else:
                hint = ""
            self.publish_hint.setText(hint)
            self.publish_hint.setVisible(bool(hint))

    def accept(self) -> None:
        if self.problem_text():  # Enter in a field must not bypass the check
            self._validate()
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        out = {"text": " ".join(self.text_edit.toPlainText().split()),
               "base_rate": round(self.base_rate.value(), 2),
               "status": self.status.currentData(),
               "note": self.note.text().strip()}
        if self.publishing is not None:
            review = {"url": self.review_url.text().strip() or None,
                      "published": self.review_date.text().strip() or None,
                      "verdict": self.verdict.currentData()}
            out["claimant"] = self.claimant.currentData()
            out["review"] = review if any(review.values()) else None
        return out
