"""List rows drawn as a few short lines of rich text, wrapped to the list's width.

The suggestions and the orphaned highlights are both lists of small
paragraphs (a bold line over quieter ones); each row is laid out as a tiny
``QTextDocument`` in the palette's colours, so it follows the light or dark
scheme and the selection, and it is as tall as its wrapped text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex


class RichTextDelegate(QStyledItemDelegate):
    """Draws each row as the HTML :meth:`row_html` gives (see module docstring).

    ``ink`` is the text colour (the highlighted-text colour on a selected
    row), ``muted`` the colour of secondary lines (``ink`` again when
    selected); the document's body is in ``ink``. A row for which
    :meth:`faded` is true is drawn at 60% opacity.
    """

    def row_html(self, index: Index, ink: str, muted: str, selected: bool) -> str:
        raise NotImplementedError

    def faded(self, index: Index, selected: bool) -> bool:
        return False

    def document(self, option: QStyleOptionViewItem, index: Index, selected: bool) -> QTextDocument:
        pal = option.palette
        ink = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text).name()
        muted = ink if selected else pal.color(QPalette.ColorRole.PlaceholderText).name()
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(6)
        doc.setDefaultStyleSheet(f"body {{ color: {ink}; }}")
        doc.setHtml(self.row_html(index, ink, muted, selected))
        widget = option.widget
        width = option.rect.width() or (widget.viewport().width() if widget else 240)  # type: ignore[attr-defined]
        doc.setTextWidth(max(120, width))
        return doc

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        opt.text = ""
        widget = opt.widget
        if widget is not None:
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self.document(option, index, selected)
        painter.save()
        if self.faded(index, selected):
            painter.setOpacity(0.6)
        painter.translate(option.rect.topLeft())
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        doc = self.document(option, index, False)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2)
