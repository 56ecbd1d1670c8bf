"""Mark a claim: phrase the selected words as a checkable statement.

The passage stays as the anchor (what the document says); the claim text is
how the analyst phrases it ("Russia is forming a unit of about 3,000 North
Korean soldiers"), prefilled with the selection so Enter alone is enough.
The same dialog edits an existing claim.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.colors import set_tone
from ui.widgets.keys import submit_on_enter
from workbench.service import CLAIM_STATUSES

STATUS_WORDS = {"open": "Open", "in_review": "In review", "verified": "Verified", "disputed": "Disputed",
                "closed": "Closed"}


class ClaimDialog(QDialog):
    """Claim text, prior (base rate), status and note."""

    def __init__(self, parent: QWidget | None, text: str, passage: str | None = None,
                 claim: dict[str, Any] | None = None) -> None:
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

    def _submit(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            self.accept()

    def _validate(self) -> None:
        ok = bool(self.text_edit.toPlainText().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def values(self) -> dict[str, Any]:
        return {"text": " ".join(self.text_edit.toPlainText().split()),
                "base_rate": round(self.base_rate.value(), 2),
                "status": self.status.currentData(),
                "note": self.note.text().strip()}
