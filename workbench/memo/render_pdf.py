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

WeasyPrint cannot be interrupted: a 300-page memo is one call that runs for
many seconds. So when the caller can cancel (``check`` given, as the app's
export does), the layout and the PDF are made in a child process that gets
the HTML and sends back progress (each page as it is laid out, from
WeasyPrint's own ``weasyprint.progress`` log, then as it is drawn into the
PDF) and finally the PDF's bytes; a cancel
kills the child, so it stops within one poll (50 ms), and nothing is
written, because only this process writes the file. The child is a fresh
interpreter (``python -m workbench.memo.render_pdf``; in the frozen app the
executable itself, told by ``VWB_ENTRY=render-pdf``), never a fork of the
app, whose Qt threads must not be copied into a child; it costs one import
of WeasyPrint per export (see the README's memo figures), which
:func:`prewarm` moves out of the export's way: the app starts the child
when its export dialog opens, and the child imports WeasyPrint while it
waits for its job.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from workbench import __version__
from workbench.memo.fonts import BUNDLED_FONTS, fonts_dir
from workbench.memo.html import ACCENT, MUTED, RULE, memo_to_html
from workbench.memo.model import Memo, format_long_date

#: Page geometry in millimetres (A4): body margins.
MARGIN_TOP_MM = 24.0
MARGIN_RIGHT_MM = 20.0
MARGIN_BOTTOM_MM = 22.0
MARGIN_LEFT_MM = 20.0
#: How often a render in a child process checks for a cancel, in seconds.
POLL_SECONDS = 0.05
_PAGE_STEP = re.compile(r"Step 5 - Creating layout - Page (\d+)")


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


def _layout(html: str, style: str) -> Any:
    """WeasyPrint's laid-out document of ``html`` with the print stylesheet ``style``, tagged."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(string=style, font_config=fonts, url_fetcher=_fetcher())
    document = HTML(string=html, url_fetcher=_fetcher(), base_url=fonts_dir().as_uri() + "/")
    return document.render(stylesheets=[css], font_config=fonts, pdf_tags=True)


def _metadata(memo: Memo) -> dict[str, Any]:
    """The PDF's document information: author (the analyst), title, generator, language."""
    page = memo.title_page
    return {"authors": [page.analyst] if page.analyst else [],
            "title": f"{page.title} — verification memo",
            "generator": f"Verification Workbench {__version__}", "lang": "en"}


def _set_metadata(document: Any, meta: dict[str, Any]) -> None:
    for key, value in meta.items():
        setattr(document.metadata, key, value)


def render_pdf(memo: Memo, out: Path, progress: Callable[[int, int], None] | None = None,
               check: Callable[[], None] | None = None) -> int:
    """Write the memo to ``out`` as a tagged PDF; return the number of pages.

    ``progress(done, total)`` is called with (0, pages) once the memo is laid
    out and (pages, pages) when it is written; raising from it (for example
    to cancel) aborts the render and leaves ``out`` as it was.

    With ``check``, the memo is laid out and made in a child process (see the
    module docstring): ``check()`` is called every 50 ms and raising from it
    kills the child and writes nothing; ``progress`` also hears of each page
    as it is laid out, as (page, 0): the total is not known before the end,
    and of each page drawn into the PDF, as (page, pages), up to (pages - 1,
    pages): (pages, pages) still means the file is written.
    """
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex}.tmp")
    html, style, meta = memo_to_html(memo), print_style(memo), _metadata(memo)
    try:
        if check is not None:
            pages, data = _render_in_child(html, style, meta, progress or (lambda _d, _t: None), check)
            try:
                tmp.write_bytes(data)
            except OSError as exc:
                raise OSError(f"{out}: cannot write the PDF here ({exc.strerror or exc})") from None
        else:
            document = _layout(html, style)
            pages = len(document.pages)
            if progress:
                progress(0, pages)
            _set_metadata(document, meta)
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


def child_command() -> list[str]:
    """How to start a render child: this module as a program (the frozen app: itself, by entry name)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]  # packaging/entry.py dispatches on VWB_ENTRY=render-pdf
    return [sys.executable, "-m", "workbench.memo.render_pdf"]


_spare_lock = threading.Lock()
_spare: subprocess.Popen[bytes] | None = None


def _start_child() -> subprocess.Popen[bytes]:
    env = dict(os.environ, VWB_ENTRY="render-pdf", PYTHONUNBUFFERED="1")
    return subprocess.Popen(child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)


def prewarm() -> None:
    """Start a render child now, so the next cancellable render finds WeasyPrint imported.

    The app calls this when the Export Memo dialog opens: the child's start
    (about a CPU second) overlaps the analyst's choices instead of delaying
    the export. At most one waits; :func:`discard_spare` ends it.
    """
    global _spare
    with _spare_lock:
        if _spare is None or _spare.poll() is not None:
            _spare = _start_child()


def _take_spare() -> subprocess.Popen[bytes] | None:
    global _spare
    with _spare_lock:
        child, _spare = _spare, None
    return child if child is not None and child.poll() is None else None


def discard_spare() -> None:
    """End the waiting render child, if any (the dialog closed without a PDF export)."""
    child = _take_spare()
    if child is not None:
        child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def _render_in_child(html: str, style: str, meta: dict[str, Any], progress: Callable[[int, int], None],
                     check: Callable[[], None]) -> tuple[int, bytes]:
    """Lay out and make the PDF in a child process; return (pages, PDF bytes). See the module docstring."""
    child = _take_spare() or _start_child()
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    messages: queue.Queue[tuple[str, Any]] = queue.Queue()
    errors = bytearray()
    threads = [threading.Thread(target=_send_request, args=(child.stdin, html, style, meta), daemon=True),
               threading.Thread(target=_read_frames, args=(child.stdout, messages), daemon=True),
               threading.Thread(target=_read_tail, args=(child.stderr, errors), daemon=True)]
    for t in threads:
        t.start()
    total = 0
    try:
        while True:
            check()
            try:
                kind, value = messages.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            if kind == "page":
                progress(int(value), 0)
            elif kind == "laid_out":
                total = int(value)
                progress(0, total)
            elif kind == "painted":  # (pages, pages) is kept for the file written
                progress(min(int(value), total - 1), total)
            elif kind == "pdf":
                pages, data = value
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.wait(2.0)  # it has sent everything: let it exit on its own
                return int(pages), bytes(data)
            elif kind == "refused":
                raise MemoFetchRefused(str(value))
            elif kind == "error":
                raise RuntimeError(f"the PDF renderer failed: {value}")
            else:  # end of output without a PDF: the child died
                child.wait(1.0)
                tail = bytes(errors).decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
                raise RuntimeError(f"the PDF renderer stopped unexpectedly (exit code {child.returncode}) "
                                   f"{tail[0]}".strip())
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        for t in threads:
            t.join(1.0)
        for stream in (child.stdin, child.stdout, child.stderr):
            with contextlib.suppress(OSError):
                stream.close()


def _send_request(stream: IO[bytes], html: str, style: str, meta: dict[str, Any]) -> None:
    """Write the job to the child's input: one JSON object, then end of file."""
    with contextlib.suppress(OSError):  # the child was killed (a cancel) or died: the reader says so
        stream.write(json.dumps({"html": html, "style": style, "meta": meta}).encode("utf-8"))
        stream.close()


def _read_frames(stream: IO[bytes], messages: queue.Queue[tuple[str, Any]]) -> None:
    """Turn the child's output into messages: ``kind value`` lines; ``pdf`` is followed by the bytes."""
    try:
        for line in iter(stream.readline, b""):
            kind, _, value = line.decode("utf-8", "replace").rstrip("\n").partition(" ")
            if kind == "pdf":
                pages, size = (int(v) for v in value.split())
                data = stream.read(size)
                if len(data) != size:
                    break
                messages.put(("pdf", (pages, data)))
                return
            messages.put((kind, value))
    except (OSError, ValueError):
        pass
    messages.put(("eof", None))


def _read_tail(stream: IO[bytes], tail: bytearray) -> None:
    """Keep the last 4 KB of the child's error output (for the message if it dies)."""
    with contextlib.suppress(OSError, ValueError):
        for chunk in iter(lambda: stream.read(4096), b""):
            tail.extend(chunk)
            del tail[:-4096]


class _PageLog(logging.Handler):
    """Reports each newly laid-out page of WeasyPrint's progress log to the parent."""

    def __init__(self, out: IO[bytes]) -> None:
        super().__init__(logging.INFO)
        self.out = out
        self.highest = 0

    def emit(self, record: logging.LogRecord) -> None:
        found = _PAGE_STEP.match(record.getMessage())
        if found and int(found.group(1)) > self.highest:  # a second pass repeats pages: not progress
            self.highest = int(found.group(1))
            self.out.write(f"page {self.highest}\n".encode())
            self.out.flush()


def _reporting(paint: Callable[..., None], number: int, out: IO[bytes]) -> Callable[..., None]:
    """A page's ``paint`` that also reports the page as drawn into the PDF (the writing's progress)."""
    def paint_and_report(*args: Any, **kwargs: Any) -> None:
        paint(*args, **kwargs)
        out.write(f"painted {number}\n".encode())
        out.flush()

    return paint_and_report


def child_main() -> int:
    """The render child: read the job from standard input, write progress lines and the PDF to standard output."""
    out = sys.stdout.buffer
    log = logging.getLogger("weasyprint.progress")
    log.setLevel(logging.INFO)
    log.propagate = False
    log.addHandler(_PageLog(out))
    import weasyprint  # noqa: F401 - before the job arrives: a prewarmed child is ready when it does
    from weasyprint.text import fonts  # noqa: F401

    try:
        job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        document = _layout(job["html"], job["style"])
        out.write(f"laid_out {len(document.pages)}\n".encode())
        out.flush()
        for number, page in enumerate(document.pages, start=1):
            page.paint = _reporting(page.paint, number, out)
        _set_metadata(document, job["meta"])
        data = document.write_pdf(pdf_tags=True)
        out.write(f"pdf {len(document.pages)} {len(data)}\n".encode())
        out.write(data)
    except MemoFetchRefused as exc:
        out.write(f"refused {' '.join(str(exc).split())}\n".encode())
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it there
        out.write(f"error {type(exc).__name__}: {' '.join(str(exc).split())}\n".encode())
    out.flush()
    return 0


def render_bare(html: str, out: Path) -> None:
    """Baseline for the benchmark: WeasyPrint on the same HTML with the same fonts, untagged,
    without the memo's page furniture (header, footer, metadata)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    style = CSS(string=font_faces(), font_config=fonts, url_fetcher=_fetcher())
    HTML(string=html, url_fetcher=_fetcher()).write_pdf(out, stylesheets=[style], font_config=fonts)


if __name__ == "__main__":
    sys.exit(child_main())
