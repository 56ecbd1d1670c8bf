"""Paste as New Document: start checking text that is not in a file.

Prefilled from the clipboard; the title defaults to the text's first line,
as a reader would name it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ui.session.context import ProjectContext


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


def paste_as_document(window: QWidget, ctx: ProjectContext, text: str = "") -> tuple[str, str] | None:
    """Paste as New Document, the one way: the dialog, then the importer's checks, then one undo step.

    Returns (new document id, its title), or None when cancelled or refused
    (a refusal is shown to the user). Both the window and the import
    extension call this, so pasted text is always canonicalised and checked
    the same way as an imported file.
    """
    from ui.session import messages
    from workbench.documents.importers import DocumentImportError, import_text

    dialog = PasteDialog(window, text)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    title, body = dialog.values()
    try:
        doc = import_text(body, title)
    except DocumentImportError as exc:
        messages.show_error(window, "Could not paste as a new document", exc)
        return None
    changes = ctx.run("Paste as new document", lambda: ctx.service.import_document(doc))
    new_id = changes.new_id if changes is not None else None
    if not new_id:
        return None
    ctx.select_document(new_id)
    return new_id, doc.title
