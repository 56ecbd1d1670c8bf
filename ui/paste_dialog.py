"""Paste as New Document: start checking text that is not in a file.

Prefilled from the clipboard; the title defaults to the text's first line,
as a reader would name it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)


def first_line(text: str, limit: int = 120) -> str:
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


class PasteDialog(QDialog):
    """Title and text of a pasted document."""

    def __init__(self, parent: QWidget | None, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste as New Document")
        self.setAccessibleName(self.windowTitle())
        self.resize(640, 480)
        if not text:
            clip = QApplication.clipboard()
            text = clip.text() if clip is not None else ""
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit(first_line(text))
        self.title.setAccessibleName("Document title")
        self.text = QPlainTextEdit(text)
        self.text.setAccessibleName("Document text")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("Paste the article or statement here (Ctrl+V).")
        form.addRow("&Title:", self.title)
        form.addRow("Te&xt:", self.text)
        lay.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add Document")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.text.textChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        body = self.text.toPlainText()
        if not self.title.isModified():
            self.title.setText(first_line(body))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(body.strip()))

    def values(self) -> tuple[str, str]:
        body = self.text.toPlainText()
        return (self.title.text().strip() or first_line(body) or "Pasted text"), body
