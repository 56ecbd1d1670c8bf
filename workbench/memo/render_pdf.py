"""The memo as a tagged PDF, laid out by WeasyPrint from the memo's own HTML.

WeasyPrint lays out the same HTML5 a browser shows (``workbench.memo.html``)
with a print stylesheet added here: A4 pages, a running header with the
edition, a "Page N of M" footer, and the bundled fonts as ``@font-face``
rules, so the PDF embeds the same Latin, Cyrillic and Hangul fonts on any
machine, with or without such fonts installed. What an accessible memo
needs comes from the HTML's structure: the PDF is tagged (headings, tables
with header cells, figures with their alternative text), says its language,
has a bookmark per part and per claim (the headings), shows its title in
the viewer's title bar (DisplayDocTitle), and names the analyst as author.
Ligatures are off, so every word searches and copies as its letters.

No Qt: the renderer runs in any thread (the app's export worker) without
the deadlocks of laying out Qt text documents off the GUI thread. Nothing
is fetched: only ``data:`` URLs and the bundled font files may be read.
The file is written next to its destination and moved into place with
``os.replace``: a reader never sees a half-written memo, and a failure
leaves any previous memo untouched.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench import __version__
from workbench.memo.fonts import BUNDLED_FONTS, fonts_dir
from workbench.memo.html import ACCENT, MUTED, RULE, memo_to_html
from workbench.memo.model import Memo, format_long_date

#: Page geometry in millimetres (A4): body margins.
MARGIN_TOP_MM = 24.0
MARGIN_RIGHT_MM = 20.0
MARGIN_BOTTOM_MM = 22.0
MARGIN_LEFT_MM = 20.0


class MemoFetchRefused(ValueError):
    """The memo's HTML named something outside the bundled fonts and data: URLs."""


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ")
    return f'"{escaped}"'


def font_faces() -> str:
    """``@font-face`` rules for every bundled font file (family, weight and style from the font list)."""
    folder = fonts_dir()
    rules = []
    for font in BUNDLED_FONTS:
        weight = "bold" if "Bold" in font.style else "normal"
        style = "italic" if "Italic" in font.style else "normal"
        rules.append(f"@font-face {{ font-family: '{font.family}'; src: url({(folder / font.filename).as_uri()}); "
                     f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


def print_style(memo: Memo) -> str:
    """The print stylesheet: fonts, A4 pages, running header and footer."""
    page = memo.title_page
    footer = f"Generated {format_long_date(page.generated)}"
    if page.file_sha256:
        footer += f" · project file SHA-256 {page.file_sha256[:16]}…"
    margin_box = "font-size: 7.5pt; font-family: 'Noto Sans', 'NanumGothic';"
    return f"""
{font_faces()}
@page {{
  size: A4;
  margin: {MARGIN_TOP_MM}mm {MARGIN_RIGHT_MM}mm {MARGIN_BOTTOM_MM}mm {MARGIN_LEFT_MM}mm;
  @top-left {{ content: {_css_string(memo.running_header)}; {margin_box} color: {MUTED};
              vertical-align: bottom; padding-bottom: 1.5mm; border-bottom: 0.35mm solid {ACCENT}; }}
  @top-right {{ content: {_css_string(page.edition.upper())}; {margin_box} font-weight: bold; color: {ACCENT};
               vertical-align: bottom; padding-bottom: 1.5mm; border-bottom: 0.35mm solid {ACCENT}; }}
  @bottom-left {{ content: {_css_string(footer)}; {margin_box} color: {MUTED};
                 vertical-align: top; padding-top: 1.5mm; border-top: 0.25mm solid {RULE}; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); {margin_box} font-weight: bold;
                  color: #1f2328; vertical-align: top; padding-top: 1.5mm; border-top: 0.25mm solid {RULE}; }}
}}
body {{ max-width: none; margin: 0; padding: 0; }}
section.part {{ break-before: page; }}
h2, h3, h4, caption {{ break-after: avoid; }}
"""


def _fetcher() -> Any:
    """A URL fetcher that reads data: URLs and the bundled fonts, and nothing else (never the network)."""
    from weasyprint.urls import URLFetcher

    allowed = fonts_dir().resolve().as_uri() + "/"
    fetcher = URLFetcher(allowed_protocols=("data", "file"))

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        if not (url.startswith("data:") or url.startswith(allowed)):
            raise MemoFetchRefused(f"the memo may not read {url[:80]!r}")
        return fetcher.fetch(url, *args, **kwargs)

    return fetch


def _html(memo: Memo) -> Any:
    from weasyprint import HTML

    return HTML(string=memo_to_html(memo), url_fetcher=_fetcher(), base_url=fonts_dir().as_uri() + "/")


def render_pdf(memo: Memo, out: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the memo to ``out`` as a tagged PDF; return the number of pages.

    ``progress(done, total)`` is called with (0, pages) once the memo is laid
    out and (pages, pages) when it is written; raising from it (for example
    to cancel) aborts the render and leaves ``out`` as it was.
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    out = Path(out)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex}.tmp")
    try:
        fonts = FontConfiguration()
        style = CSS(string=print_style(memo), font_config=fonts, url_fetcher=_fetcher())
        document = _html(memo).render(stylesheets=[style], font_config=fonts, pdf_tags=True)
        pages = len(document.pages)
        if progress:
            progress(0, pages)
        document.metadata.authors = [memo.title_page.analyst] if memo.title_page.analyst else []
        document.metadata.title = f"{memo.title_page.title} — verification memo"
        document.metadata.generator = f"Verification Workbench {__version__}"
        document.metadata.lang = "en"
        try:
            document.write_pdf(tmp, pdf_tags=True)
        except OSError as exc:
            raise OSError(f"{out}: cannot write the PDF here ({exc.strerror or exc})") from None
        os.replace(tmp, out)
        if progress:
            progress(pages, pages)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return pages


def render_bare(html: str, out: Path) -> None:
    """Baseline for the benchmark: WeasyPrint on the same HTML with the same fonts, untagged,
    without the memo's page furniture (header, footer, metadata)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    style = CSS(string=font_faces(), font_config=fonts, url_fetcher=_fetcher())
    HTML(string=html, url_fetcher=_fetcher()).write_pdf(out, stylesheets=[style], font_config=fonts)
