"""A source's fields (name, kind, reliability, confidential, notes).

:class:`SourceFields` is reused inside the evidence form ("create a source in
place"), and :class:`SourceDialog` edits an existing source.  Reliability
grades carry their Admiralty words so nobody needs the table at hand.  The
mnemonics (Na&me, &Kind, Rel&iability, Not&es) are chosen not to clash with
the evidence form's own (Source, New source, Corroborates, Contradicts,
Context, Credibility, Diagnosticity, Relays, Date, Quote, Note): a letter
used twice only moves the focus between its owners.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.views.sources_model import RELIABILITY_WORDS
from workbench.service import SOURCE_KINDS


def is_link(text: str) -> bool:
    """Empty, or a web address a reader can open (the memo links only http and https)."""
    text = text.strip()
    return not text or bool(re.match(r"(?i)^https?://[^\s/]+\S*$", text))



class SourceFields(QWidget):
    """Editable fields of one source."""

    changed = Signal()

    def __init__(self, source: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        source = source or {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit(source.get("name", ""))
        self.name.setAccessibleName("Source name")
        self.name.setPlaceholderText("e.g. BBC, Kremlin spokesman Dmitry Peskov")
        form.addRow("Na&me:", self.name)
        self.kind = QComboBox()
        for k in SOURCE_KINDS:
            self.kind.addItem(k, k)
        self.kind.setCurrentIndex(max(0, self.kind.findData(source.get("kind", "other"))))
        self.kind.setAccessibleName("Source kind")
        form.addRow("&Kind:", self.kind)
        self.reliability = QComboBox()
        for g, words in RELIABILITY_WORDS.items():
            self.reliability.addItem(f"{g} — {words}", g)
        self.reliability.setCurrentIndex(max(0, self.reliability.findData(source.get("reliability", "F"))))
        self.reliability.setAccessibleName("Source reliability")
        self.reliability.setToolTip("How reliable this source has been in the past (Admiralty grade A–F).")
        form.addRow("Rel&iability:", self.reliability)
        self.confidential = QCheckBox("Confidential (named only by number in external memos)")
        self.confidential.setChecked(bool(source.get("confidential")))
        self.confidential.setAccessibleName("Confidential source")
        form.addRow("", self.confidential)
        self.url = QLineEdit(source.get("url") or "")
        self.url.setAccessibleName("Source link")
        self.url.setPlaceholderText("https://… the source's page or profile")
        form.addRow("&URL:", self.url)
        self.notes = QLineEdit(source.get("notes", ""))
        self.notes.setAccessibleName("Source notes")
        form.addRow("Not&es:", self.notes)
        self.name.textChanged.connect(lambda _text: self.changed.emit())
        self.url.textChanged.connect(lambda _text: self.changed.emit())

    def is_valid(self) -> bool:
        return bool(self.name.text().strip()) and is_link(self.url.text())

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text().strip(), "kind": self.kind.currentData(),
                "reliability": self.reliability.currentData(),
                "confidential": self.confidential.isChecked(), "notes": self.notes.text().strip(),
                "url": self.url.text().strip() or None}


class SourceDialog(QDialog):
    """Edit one source."""

    def __init__(self, parent: QWidget | None, source: dict[str, Any]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit Source")
        self.setAccessibleName("Edit Source")
        self.setMinimumWidth(480)
        lay = QVBoxLayout(self)
        self.fields = SourceFields(source)
        lay.addWidget(self.fields)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.fields.changed.connect(
            lambda: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.fields.is_valid()))

    def values(self) -> dict[str, Any]:
        return self.fields.values()
