"""Ask which way a piece of evidence points, one key per answer.

The assistant only hints a stance when the words say so (a denial, a
confirmation). For everything else ("X said Y") the fact-checker decides:
recording such evidence as "context" by default would make it count for
nothing without anyone having chosen that. Keys: C corroborates, T
contradicts, X context only, Esc cancels.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

#: key -> stance, and the button labels (mnemonic on the key's letter).
STANCE_KEYS = {Qt.Key.Key_C: "corroborates", Qt.Key.Key_T: "contradicts", Qt.Key.Key_X: "context"}
_LABELS = {"corroborates": "&Corroborates (C)", "contradicts": "Con&tradicts (T)",
           "context": "Conte&xt only (X)"}


class StanceQuestion(QDialog):
    """Modal question; ``stance`` is the answer after ``exec()`` (or "")."""

    def __init__(self, parent: QWidget | None, speaker: str, quote: str, claim: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Which way does this evidence point?")
        self.setAccessibleName("Stance of the evidence")
        self.stance = ""
        lay = QVBoxLayout(self)
        text = QLabel(f"<b>{_esc(speaker)}</b>: “{_esc(quote)}”<br><br>"
                      f"Does it corroborate or contradict the claim “{_esc(claim)}”?")
        text.setWordWrap(True)
        lay.addWidget(text)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for stance, label in _LABELS.items():
            b = QPushButton(label)
            b.setAccessibleName(f"Record as {stance}")
            b.setAutoDefault(False)
            b.clicked.connect(lambda _=False, st=stance: self.answer(st))
            row.addWidget(b)
            self.buttons[stance] = b
        cancel = QPushButton("Cancel (Esc)")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        row.addWidget(cancel)
        lay.addLayout(row)

    def answer(self, stance: str) -> None:
        self.stance = stance
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = Qt.Key(event.key())
        if key in STANCE_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.answer(STANCE_KEYS[key])
            return
        super().keyPressEvent(event)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
