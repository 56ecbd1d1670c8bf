"""The memo as a PDF: Qt's rich-text engine laid out on A4, page by page.

This is the one core module allowed to import Qt (QtGui only). Each part of
the memo (cover, summary, each claim, sources, method) is laid out as its own
``QTextDocument`` at the size of the page body and placed on the pages in
turn, so a claim's heading and judgement can move to the next page instead
of being split, at a cost that grows linearly with the memo. Every page is
then painted with ``QPainter``: the parts' slices, a running header and a
"Page N of M" footer (``QTextDocument.print_`` can only add a bare number).
Fonts come from ``resources/fonts`` and are named explicitly, so the PDF
embeds the same fonts on any machine, with or without Korean or Cyrillic
fonts installed. The file is written next to its destination and moved into
place with ``os.replace``: a reader never sees a half-written memo, and a
failure leaves any previous memo untouched.
"""

from __future__ import annotations

import math
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from workbench import __version__
from workbench.memo.fonts import BODY_FAMILIES, font_paths
from workbench.memo.html import ACCENT, BASE_STYLE, MUTED, RULE, HtmlPart, memo_html_parts
from workbench.memo.model import Memo, format_long_date

#: Page geometry in millimetres (A4): body margins and where header/footer sit.
MARGIN_LEFT_MM = 20.0
MARGIN_RIGHT_MM = 20.0
MARGIN_TOP_MM = 24.0
MARGIN_BOTTOM_MM = 22.0
HEADER_BASELINE_MM = 14.0
FOOTER_BASELINE_MM = 12.0  # from the bottom edge
RESOLUTION_DPI = 300

_app: QGuiApplication | None = None
_loaded_fonts: dict[str, int] = {}


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication, or a new off-screen one for headless use.

    Fonts and text layout need a GUI application object; the command line
    has none, and needs no display to write a PDF, so it gets the
    ``offscreen`` platform unless ``QT_QPA_PLATFORM`` says otherwise.
    """
    global _app
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        raise RuntimeError("a non-GUI QCoreApplication is running; the memo PDF needs a QGuiApplication")
    argv = ["verification-workbench"]
    if not os.environ.get("QT_QPA_PLATFORM"):
        argv += ["-platform", "offscreen"]
    _app = QGuiApplication(argv)
    return _app


def load_bundled_fonts() -> list[str]:
    """Register every bundled font with Qt once; return the families loaded.

    Raises RuntimeError when a file cannot be loaded: a memo silently drawn
    with substitute fonts could lose its Hangul or Cyrillic text.
    """
    ensure_gui_application()
    families: list[str] = []
    for path in font_paths():
        key = str(path)
        if key not in _loaded_fonts:
            font_id = QFontDatabase.addApplicationFont(key)
            if font_id < 0:
                raise RuntimeError(f"{path}: Qt could not load this font")
            _loaded_fonts[key] = font_id
        families.extend(QFontDatabase.applicationFontFamilies(_loaded_fonts[key]))
    return sorted(set(families))


def _font(point_size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(list(BODY_FAMILIES))
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def _mm(writer: QPdfWriter, mm: float) -> float:
    return mm / 25.4 * writer.resolution()


def body_rect(writer: QPdfWriter) -> QRectF:
    """The page body (inside the margins), in the writer's device pixels."""
    page = writer.pageLayout().fullRectPixels(writer.resolution())
    return QRectF(
        _mm(writer, MARGIN_LEFT_MM),
        _mm(writer, MARGIN_TOP_MM),
        page.width() - _mm(writer, MARGIN_LEFT_MM + MARGIN_RIGHT_MM),
        page.height() - _mm(writer, MARGIN_TOP_MM + MARGIN_BOTTOM_MM),
    )


@dataclass
class _Placed:
    """One part of the memo, laid out, and where its first page falls."""

    doc: QTextDocument
    first_page: int
    pages: int


def _px_scale(writer: QPdfWriter) -> float:
    """Device pixels per CSS pixel: Qt counts CSS px at 96 per inch."""
    return writer.logicalDpiY() / 96.0


def _part_document(html: str, writer: QPdfWriter, body: QRectF, offset: float) -> QTextDocument:
    """A part laid out on pages of the body's size, its content starting ``offset`` down page 0.

    The offset is a first line of fixed height: Qt drops the top margin of a
    page's first block, but not the height of a line.
    """
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(_font(9.5))
    doc.setDocumentMargin(0)
    doc.setUseDesignMetrics(True)
    doc.setDefaultStyleSheet(BASE_STYLE)
    doc.setPageSize(QSizeF(body.width(), body.height()))  # before the HTML: one layout, not two
    if offset > 0:
        line = offset / _px_scale(writer)
        html = (f'<p style="margin: 0px; font-size: 1pt; line-height: {line:.3f}px; '
                f'-qt-line-height-type: fixed;">&nbsp;</p>') + html
    doc.setHtml(html)
    return doc


def _content_bottom(doc: QTextDocument) -> float:
    """Where the part's content ends, in its own (paginated) coordinates."""
    layout = doc.documentLayout()
    frames = doc.rootFrame().childFrames()
    bottom = layout.frameBoundingRect(frames[-1]).bottom() if frames else 0.0
    last = doc.lastBlock()
    if last.length() > 1 and last.isVisible():
        bottom = max(bottom, layout.blockBoundingRect(last).bottom())
    return bottom


def _head_bottom(doc: QTextDocument) -> float:
    """Bottom of a claim part's heading table and the figures line under it."""
    layout = doc.documentLayout()
    frames = doc.rootFrame().childFrames()
    if not frames:
        return 0.0
    head = frames[0]
    after = doc.findBlock(head.lastPosition() + 1)
    bottom = layout.frameBoundingRect(head).bottom()
    return max(bottom, layout.blockBoundingRect(after).bottom()) if after.isValid() else bottom


def layout_parts(parts: list[HtmlPart], writer: QPdfWriter, body: QRectF) -> tuple[list[_Placed], int]:
    """Place the memo's parts on pages; return them with the total page count.

    Each part is its own QTextDocument, laid out once (twice when a claim
    heading has to move), so the work grows linearly with the memo, and a
    claim's heading and judgement are never split across two pages: if they
    would be, the claim starts on the next page.
    """
    height = body.height()
    placed: list[_Placed] = []
    page, y = 0, 0.0
    for part in parts:
        if part.new_page and placed and y > 0:
            page, y = page + 1, 0.0
        doc = _part_document(part.html, writer, body, y)
        if part.keep_head and y > 0:
            head = _head_bottom(doc)
            if head > height and head - y < 0.8 * height:
                page, y = page + 1, 0.0
                doc = _part_document(part.html, writer, body, 0.0)
        end = _content_bottom(doc)
        placed.append(_Placed(doc, page, max(1, math.ceil(end / height))))
        page += int(end // height)
        y = end - (end // height) * height
    total = max((p.first_page + p.pages for p in placed), default=1)
    return placed, total


def new_writer(path: Path, memo: Memo | None = None) -> QPdfWriter:
    """An A4 PDF writer with no printer margins (the memo draws its own).

    Also makes sure a GUI application and the bundled fonts are there, which
    every later step (layout, painting) needs.
    """
    load_bundled_fonts()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    writer.setCreator(f"Verification Workbench {__version__}")
    if memo is not None:
        writer.setTitle(f"{memo.title_page.title} — verification memo")
        writer.setAuthor(memo.title_page.analyst)
    return writer


def _header_footer(painter: QPainter, writer: QPdfWriter, memo: Memo, page: int, pages: int) -> None:
    full = writer.pageLayout().fullRectPixels(writer.resolution())
    left = _mm(writer, MARGIN_LEFT_MM)
    right = full.width() - _mm(writer, MARGIN_RIGHT_MM)
    width = right - left
    small = _font(7.5)
    bold = _font(7.5, bold=True)
    metrics = QFontMetricsF(small, writer)

    header_y = _mm(writer, HEADER_BASELINE_MM)
    right_text = memo.title_page.edition.upper()
    painter.setFont(bold)
    painter.setPen(QColor(ACCENT))
    right_w = QFontMetricsF(bold, writer).horizontalAdvance(right_text)
    painter.drawText(QPointF(right - right_w, header_y), right_text)
    painter.setFont(small)
    painter.setPen(QColor(MUTED))
    title = metrics.elidedText(memo.running_header, Qt.TextElideMode.ElideRight, width - right_w - metrics.height())
    painter.drawText(QPointF(left, header_y), title)
    rule_y = header_y + metrics.descent() + _mm(writer, 1.5)
    painter.setPen(QPen(QColor(ACCENT), _mm(writer, 0.35)))
    painter.drawLine(QPointF(left, rule_y), QPointF(right, rule_y))

    footer_y = full.height() - _mm(writer, FOOTER_BASELINE_MM)
    painter.setPen(QPen(QColor(RULE), _mm(writer, 0.25)))
    line_y = footer_y - metrics.ascent() - _mm(writer, 1.5)
    painter.drawLine(QPointF(left, line_y), QPointF(right, line_y))
    painter.setPen(QColor(MUTED))
    painter.setFont(small)
    sha = memo.title_page.file_sha256
    left_text = f"Generated {format_long_date(memo.title_page.generated)}"
    if sha:
        left_text += f" · project file SHA-256 {sha[:16]}…"
    painter.drawText(QPointF(left, footer_y), left_text)
    counter = f"Page {page} of {pages}"
    painter.setFont(bold)
    painter.setPen(QColor("#1f2328"))
    painter.drawText(QPointF(right - QFontMetricsF(bold, writer).horizontalAdvance(counter), footer_y), counter)


def render_pdf(memo: Memo, out: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the memo to ``out`` as a PDF; return the number of pages.

    ``progress(done, total)`` is called after the layout (0, total) and after
    each page; raising from it (for example to cancel) aborts the render and
    leaves ``out`` as it was.
    """
    out = Path(out)
    load_bundled_fonts()
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex}.tmp")
    try:
        writer = new_writer(tmp, memo)
        body = body_rect(writer)
        placed, pages = layout_parts(memo_html_parts(memo), writer, body)
        if progress:
            progress(0, pages)
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"{out}: cannot write the PDF here")
        try:
            first = 0  # parts before this one have no content on the current page or later
            for index in range(pages):
                if index:
                    writer.newPage()
                while placed[first].first_page + placed[first].pages <= index:
                    first += 1
                for part in placed[first:]:
                    if part.first_page > index:
                        break
                    _paint_slice(painter, part.doc, body, index - part.first_page)
                _header_footer(painter, writer, memo, index + 1, pages)
                if progress:
                    progress(index + 1, pages)
        finally:
            painter.end()
        del painter, writer, placed
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return pages


def _paint_slice(painter: QPainter, doc: QTextDocument, body: QRectF, page: int) -> None:
    """Paint page ``page`` of a part's layout into the page body."""
    painter.save()
    painter.translate(body.left(), body.top() - page * body.height())
    doc.drawContents(painter, QRectF(0, page * body.height(), body.width(), body.height()))
    painter.restore()


def render_bare(html: str, out: Path) -> None:
    """Baseline for the benchmark: the same HTML, the same fonts, through a bare
    ``QTextDocument.print_`` (Qt paginates it and adds only page numbers)."""
    writer = new_writer(Path(out))
    doc = QTextDocument()
    doc.setDefaultFont(_font(9.5))
    doc.setHtml(html)
    doc.print_(writer)
