"""The picture a document was made from, shown beside its recognised text.

A fact-checker must be able to check every recognised word against the
image: the panel shows the image (a scan's first page, rendered from the
PDF kept in the project), what its EXIF says (taken, camera, GPS) and how
sure the text recognition was. Words Tesseract was unsure of are underlined
in the text (:func:`uncertain_selections`, an overlay of the document view).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap, QResizeEvent, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QLabel, QScrollArea, QTextEdit, QVBoxLayout, QWidget

from ui.document.highlights import span_selection
from ui.widgets.colors import set_tone

#: Panel width as a share of the pane (the text stays the main thing).
SHARE = 0.42


def media_lines(doc: dict[str, Any]) -> list[str]:
    """What the card, the panel and the tooltip say about a picture: EXIF and recognition."""
    media = doc.get("media") or {}
    ocr = doc.get("ocr") or {}
    lines: list[str] = []
    if media.get("taken"):
        lines.append(f"Taken {str(media['taken']).replace('T', ' ')}")
    if media.get("camera"):
        lines.append(f"Camera {media['camera']}")
    gps = media.get("gps")
    if isinstance(gps, list | tuple) and len(gps) == 2:
        lines.append(f"GPS {gps[0]:.5f}, {gps[1]:.5f}")
    if media.get("width") and media.get("height"):
        lines.append(f"{media['width']} × {media['height']} pixels")
    if ocr.get("mean_confidence") is not None:
        n = len(ocr.get("low_confidence") or [])
        langs = "+".join(ocr.get("languages") or [])
        lines.append(f"Text recognised ({langs}), mean confidence {ocr['mean_confidence']:.0f}%"
                     + (f"; {n} uncertain word{'s' if n != 1 else ''} underlined" if n else ""))
    if media.get("near_duplicates"):
        k = len(media["near_duplicates"])
        lines.append(f"Same picture as {k} other document{'s' if k != 1 else ''} in the project")
    return lines


def picture_bytes(doc: dict[str, Any], load: Callable[[str], bytes | None]) -> bytes | None:
    """The image to show for a document (a scan: its first page, rendered), or ``None``."""
    media = doc.get("media") or {}
    sha = media.get("sha256")
    if not sha:
        return None
    data = load(sha)
    if not data:
        return None
    if media.get("type") == "scan":
        from workbench.documents.importers.pdf import PDFIUM_LOCK
        from workbench.documents.importers.scan import render_page

        try:
            return render_page(data, 0, PDFIUM_LOCK, dpi=110)
        except Exception:  # noqa: BLE001 - a picture we cannot draw leaves the text usable
            return None
    return data


def uncertain_selections(doc: QTextDocument, offsets: Any, spans: list[list[int]],
                         dark: bool = False) -> list[QTextEdit.ExtraSelection]:
    """Wavy orange underlines under the words text recognition was unsure of."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QColor("#f0a030" if dark else "#c25e00"))
    fmt.setToolTip("Text recognition was unsure of this word: check it against the picture")
    out = []
    for start, end in spans:
        try:
            out.append(span_selection(doc, offsets, int(start), int(end), fmt))
        except (ValueError, IndexError, TypeError):
            continue
    return out


class MediaPanel(QWidget):
    """The picture, scaled to the panel's width, with its details underneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mediaPanel")
        self.setAccessibleName("Picture the text was recognised from")
        self.pixmap = QPixmap()
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setAccessibleName("Picture")
        self.area = QScrollArea()
        self.area.setWidget(self.image)
        self.area.setWidgetResizable(True)
        self.area.setAccessibleName("Picture")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Picture details")
        set_tone(self.details, "muted")
        col = QVBoxLayout(self)
        col.setContentsMargins(8, 8, 8, 8)
        col.addWidget(self.area, 1)
        col.addWidget(self.details)

    def show_picture(self, data: bytes | None, lines: list[str]) -> bool:
        """Show ``data`` (any image Qt reads); ``False`` (and hidden) when there is none."""
        self.pixmap = QPixmap()
        if data:
            self.pixmap.loadFromData(data)
        self.details.setText("\n".join(lines))
        self.setVisible(not self.pixmap.isNull())
        self._fit()
        return not self.pixmap.isNull()

    def _fit(self) -> None:
        if self.pixmap.isNull():
            self.image.clear()
            return
        width = max(self.area.viewport().width() - 4, 64)
        self.image.setPixmap(self.pixmap.scaledToWidth(min(width, self.pixmap.width()),
                                                       Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()
