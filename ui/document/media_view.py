"""The picture a document was made from, shown beside its recognised text.

A fact-checker must be able to check every recognised word against the
image: the panel shows the image (a scan page by page, rendered from the PDF
kept in the project, with Previous/Next page buttons — Alt+Page Up and
Alt+Page Down wherever the focus is in the document pane — and the page following
the text as it scrolls), what its EXIF says (taken, camera, GPS) and how sure
the text recognition was. Words Tesseract was unsure of are underlined
in the text (:func:`uncertain_selections`, an overlay of the document view).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPixmap, QResizeEvent, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QTextEdit, QToolButton, QVBoxLayout, QWidget

from ui.document.highlights import span_selection
from ui.widgets.colors import set_tone

#: Panel width as a share of the pane (the text stays the main thing).
SHARE = 0.42
#: Turning a scan's page from the keyboard. Alt+Up/Down step through claims and Page Up/Down
#: scroll the text, so Alt+Page Up/Down: free everywhere in the app, and not taken by text fields.
PREVIOUS_PAGE_KEY, NEXT_PAGE_KEY = "Alt+PgUp", "Alt+PgDown"


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


def picture_bytes(doc: dict[str, Any], load: Callable[[str], bytes | None], page: int = 0) -> bytes | None:
    """The image to show for a document (a scan: page ``page``, rendered), or ``None``."""
    media = doc.get("media") or {}
    sha = media.get("sha256")
    if not sha:
        return None
    data = load(sha)
    if not data:
        return None
    if media.get("type") == "scan":
        return render_scan_page(data, page)
    return data


def render_scan_page(data: bytes, page: int) -> bytes | None:
    """One page of a scanned PDF as PNG bytes at screen resolution, or ``None``."""
    from workbench.documents.importers.scan import render_page

    try:
        return render_page(data, page, dpi=110)
    except Exception:  # noqa: BLE001 - a picture we cannot draw leaves the text usable
        return None


def scan_page_count(data: bytes) -> int:
    """How many pages a scanned PDF has (0 if PDFium cannot read it)."""
    from workbench.documents.importers.scan import page_count

    try:
        return page_count(data)
    except Exception:  # noqa: BLE001 - as above
        return 0


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


def _native(key: str) -> str:
    """A key as this platform writes it (Alt+PgUp reads "Alt+PgUp" here, "⌥PgUp" on a Mac)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class MediaPanel(QWidget):
    """The picture, scaled to the panel's width, with its details underneath.

    A scan of several pages gets a page bar (Previous, "Page 2 of 5", Next);
    pages are rendered when first shown and a few are kept.
    :attr:`pageChosen` tells the document pane that the user turned the page,
    so the text can follow; :meth:`show_page` is how the text's scrolling
    turns the page here (without the signal, so the two never chase each
    other).
    """

    #: The user turned to this page (0-based) with the page bar.
    pageChosen = Signal(int)

    #: Rendered pages kept in memory.
    CACHE_PAGES = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mediaPanel")
        self.setAccessibleName("Picture the text was recognised from")
        self.pixmap = QPixmap()
        self.page = 0
        self.pages = 1
        self._scan: bytes | None = None
        self._cache: OrderedDict[int, QPixmap] = OrderedDict()
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setAccessibleName("Picture")
        self.area = QScrollArea()
        self.area.setWidget(self.image)
        self.area.setWidgetResizable(True)
        self.area.setAccessibleName("Picture")
        self.page_bar = QWidget()
        bar = QHBoxLayout(self.page_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.previous_button = QToolButton()
        self.previous_button.setText("◀")
        self.previous_button.setToolTip(f"Previous page of the scan ({_native(PREVIOUS_PAGE_KEY)})")
        self.previous_button.setAccessibleName("Previous page")
        self.previous_button.setAccessibleDescription(f"Shortcut: {_native(PREVIOUS_PAGE_KEY)}")
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip(f"Next page of the scan ({_native(NEXT_PAGE_KEY)})")
        self.next_button.setAccessibleName("Next page")
        self.next_button.setAccessibleDescription(f"Shortcut: {_native(NEXT_PAGE_KEY)}")
        self.page_label = QLabel()
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setAccessibleName("Page shown")
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label, 1)
        bar.addWidget(self.next_button)
        self.previous_button.clicked.connect(lambda: self._turn(-1))
        self.next_button.clicked.connect(lambda: self._turn(1))
        # The keys turn the page wherever the focus is in the widget these actions are added to
        # (the document pane: reading the text, the keyboard is in the text, not on the buttons).
        self.previous_action = self._page_action("Previous Page of the Scan", PREVIOUS_PAGE_KEY, -1)
        self.next_action = self._page_action("Next Page of the Scan", NEXT_PAGE_KEY, 1)
        self.page_bar.hide()
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Picture details")
        set_tone(self.details, "muted")
        col = QVBoxLayout(self)
        col.setContentsMargins(8, 8, 8, 8)
        col.addWidget(self.page_bar)
        col.addWidget(self.area, 1)
        col.addWidget(self.details)

    def _page_action(self, text: str, key: str, step: int) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({_native(key)})")
        action.setEnabled(False)
        action.triggered.connect(lambda: self._turn(step))
        return action

    def page_actions(self) -> list[QAction]:
        """Previous and Next page as keyboard actions, for the widget around the text to add."""
        return [self.previous_action, self.next_action]

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt override: a hidden scan turns no pages
        super().setVisible(visible)
        self._update_actions()

    def show_picture(self, data: bytes | None, lines: list[str]) -> bool:
        """Show ``data`` (any image Qt reads); ``False`` (and hidden) when there is none."""
        self._scan, self.pages, self.page = None, 1, 0
        self._cache.clear()
        self.page_bar.hide()
        self.pixmap = QPixmap()
        if data:
            self.pixmap.loadFromData(data)
        return self._finish(lines)

    def show_document(self, doc: dict[str, Any], load: Callable[[str], bytes | None], lines: list[str]) -> bool:
        """Show a document's picture; a scan opens at its first page with the page bar."""
        media = doc.get("media") or {}
        data = load(media["sha256"]) if media.get("sha256") else None
        if media.get("type") != "scan" or not data:
            return self.show_picture(picture_bytes(doc, lambda _sha: data), lines)
        if data != self._scan:
            self._scan, self._cache = data, OrderedDict()
            self.pages = max(scan_page_count(data), 1)
            self.page = 0
        self.page = min(self.page, self.pages - 1)
        self.pixmap = self._rendered(self.page)
        self._update_bar()
        return self._finish(lines)

    def show_page(self, page: int) -> None:
        """Turn to ``page`` (0-based) of the scan on show; nothing for a single picture."""
        if self._scan is None or not 0 <= page < self.pages or page == self.page:
            return
        self.page = page
        self.pixmap = self._rendered(page)
        self._update_bar()
        self._fit()

    def _turn(self, step: int) -> None:
        if self.isHidden():
            return
        before = self.page
        self.show_page(self.page + step)
        if self.page != before:
            self.pageChosen.emit(self.page)

    def _rendered(self, page: int) -> QPixmap:
        if page in self._cache:
            self._cache.move_to_end(page)
            return self._cache[page]
        pixmap = QPixmap()
        png = render_scan_page(self._scan, page) if self._scan is not None else None
        if png:
            pixmap.loadFromData(png)
        self._cache[page] = pixmap
        while len(self._cache) > self.CACHE_PAGES:
            self._cache.popitem(last=False)
        return pixmap

    def _update_bar(self) -> None:
        self.page_bar.setVisible(self.pages > 1)
        self.page_label.setText(f"Page {self.page + 1} of {self.pages}")
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < self.pages - 1)
        self._update_actions()

    def _update_actions(self) -> None:
        scan = self._scan is not None and self.pages > 1 and not self.isHidden()
        self.previous_action.setEnabled(scan and self.page > 0)
        self.next_action.setEnabled(scan and self.page < self.pages - 1)

    def _finish(self, lines: list[str]) -> bool:
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
