"""Saved web pages (``.html`` / ``.htm``).

A saved news page is mostly not the article: navigation, adverts, related
links, comments and scripts. trafilatura finds the main text and the metadata a
memo cites (title, author, canonical URL, publication date via htmldate);
when it finds nothing we fall back to a plain lxml extraction that drops the
obvious page furniture, so that a page is never refused just because it does
not look like an article.

Offline by construction: the workbench is used on sensitive material, and a
saved page is full of remote images, scripts, stylesheets and fonts whose
fetching would tell a third party what is being checked. We only ever hand
strings and parsed trees to trafilatura and htmldate. In particular we never
hand htmldate a string: ``htmldate.utils.load_html`` downloads its argument
when the string looks like a URL, and a hostile ``.html`` file could consist of
just a URL. lxml parsers are built with ``no_network=True``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from configparser import ConfigParser
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from workbench.documents.canonical import canonical_text

from .base import (
    MAX_FILE_BYTES,
    CancelFn,
    DocumentImportError,
    ImportCancelled,
    ImportedDocument,
    ProgressFn,
    check_cancel,
    clean_title,
    decode_bytes,
    finish_text,
    first_line_title,
    report,
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

#: Elements whose text is never part of what a page says.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed",
    "svg", "canvas", "nav", "header", "footer", "aside", "form", "button",
    "select", "head",
)
#: Elements that start a new paragraph in the fallback extraction.
_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5",
    "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "blockquote",
    "pre", "figure", "figcaption", "br", "hr", "address", "caption",
)
_SENTINEL = "\ue000"  # private-use code point marking block boundaries
_WS = re.compile(r"\s+")


def _config() -> ConfigParser:
    """trafilatura's defaults, with its own file-size cap raised to ours."""
    from trafilatura.settings import DEFAULT_CONFIG

    config = deepcopy(DEFAULT_CONFIG)
    config["DEFAULT"]["MAX_FILE_SIZE"] = str(MAX_FILE_BYTES)
    config["DEFAULT"]["EXTRACTION_TIMEOUT"] = "0"
    return config


_CONFIG: ConfigParser | None = None


def decode_html(path: Path, data: bytes) -> str:
    """Decode page bytes: BOM, declared ``<meta charset>``, then the rule of :mod:`workbench.documents.encoding`."""
    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace") if match else None
    text = decode_bytes(path, data, declared, what="an HTML file")
    # lxml refuses str input that carries an XML encoding declaration.
    return _XML_DECL.sub("", text, count=1)


def _parse_tree(html: str) -> lxml.html.HtmlElement | None:
    """Parse without network access and without comments or processing instructions."""
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, recover=True
    )
    try:
        return lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _body_text(body: etree._Element) -> str:
    """trafilatura's extracted body as paragraphs separated by blank lines.

    trafilatura's own text output separates blocks with a single newline;
    we render each top-level block on its own so headings and paragraphs stay
    visibly apart in the document view and in quotes.
    """
    from trafilatura.xml import xmltotxt

    blocks: list[str] = []
    if body.text and body.text.strip():
        blocks.append(body.text.strip())
    for child in body:
        tail, child.tail = child.tail, None
        block = xmltotxt(child, False).strip()
        child.tail = tail
        if block:
            blocks.append(block)
        if tail and tail.strip():
            blocks.append(tail.strip())
    return "\n\n".join(blocks)


def fallback_text(tree: lxml.html.HtmlElement) -> str:
    """Plain text of a page without scripts, styles and page furniture.

    Used only when trafilatura finds no main text (a bare list, a table, a
    very short page): every remaining block becomes a paragraph.
    """
    tree = deepcopy(tree)
    for element in list(tree.iter(*_DROP_TAGS)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    for element in tree.iter(*_BLOCK_TAGS):
        element.text = _SENTINEL + (element.text or "")
        element.tail = _SENTINEL + (element.tail or "")
    raw = tree.text_content()
    parts = (_WS.sub(" ", part).strip() for part in raw.split(_SENTINEL))
    return "\n\n".join(part for part in parts if part)


#: Elements a browser never shows, left out of the page's own words.
_HIDDEN_TAGS = ("script", "style", "noscript", "template", "head", "title")


def page_words(tree: lxml.html.HtmlElement | None) -> str | None:
    """The page's own words: the text content of its body, whitespace collapsed (NFC).

    This is what an annotation tool in a browser sees (and what the W3C
    model's text selectors are normalised to), as opposed to the extracted
    article text: furniture the extraction dropped sits between the words,
    so a quote's prefix and suffix must be taken from here to land on the page.
    """
    if tree is None:
        return None
    tree = deepcopy(tree)
    for element in list(tree.iter(*_HIDDEN_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    bodies = tree.xpath("//body")
    root = bodies[0] if bodies else tree
    words = _WS.sub(" ", root.text_content()).strip()
    return canonical_text(words) or None


def _parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _web_url(value: str | None) -> str | None:
    """Keep only absolute http(s) URLs; a relative canonical link tells nothing."""
    if value and re.match(r"^https?://[^\s/]+", value, re.IGNORECASE):
        return value.strip()
    return None


def _html_title(tree: lxml.html.HtmlElement | None) -> str | None:
    if tree is None:
        return None
    titles = tree.xpath("//title/text()")
    return clean_title(titles[0]) if titles else None


#: Progress steps of a page import: decoded, parsed, main text found, page words kept, finished.
STEPS = 5

#: Pages longer than this (characters of HTML) are extracted in a child process when
#: the caller can cancel: trafilatura cannot be interrupted and takes seconds on a
#: multi-megabyte page, while a child process is stopped within a tenth of a second.
#: Smaller pages extract in well under a second, less than a child takes to start.
CHILD_PROCESS_CHARS = 300_000

_STOPPED = "the page could not be read (its text extraction stopped)"

#: How often the parent looks at the cancel flag while the child works (seconds).
_POLL_SECONDS = 0.05


def load(
    path: Path,
    data: bytes,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
) -> ImportedDocument:
    """Import a saved web page whose bytes have been read already."""
    report(progress, 0, STEPS)
    html = decode_html(path, data)
    check_cancel(cancel)
    return from_html(path, html, cancel, progress)


#: htmldate's "extensive search" guesses a date from any number in the text
#: ("opened in 1995" became 1995-01-01); we keep only dates the page states
#: in its markup (meta tags, <time>, structured data, the URL).
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def from_html(
    path: Path,
    html: str,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
    format: str = "html",
) -> ImportedDocument:
    """A document from a page's decoded HTML (also the page inside MHTML, WARC and e-mail).

    Progress is :data:`STEPS` steps: decoded (done by the caller), parsed,
    main text found, the page's own words kept, finished. A large page with a
    ``cancel`` callback is extracted in a child process (see
    :func:`_extract_in_child`) so Cancel stops the work itself, not only its
    result.
    """
    report(progress, 1, STEPS)
    if cancel is not None and len(html) > CHILD_PROCESS_CHARS:
        found = _extract_in_child(path, html, cancel, progress)
    else:

        def step(n: int) -> None:
            check_cancel(cancel)
            report(progress, n, STEPS)

        found = extract(path, html, step)
    check_cancel(cancel)
    text = finish_text(path, found.text)
    report(progress, STEPS, STEPS)
    return ImportedDocument(
        title=clean_title(found.title) or clean_title(found.html_title) or first_line_title(text) or path.stem,
        text=text,
        url=_web_url(found.url),
        author=clean_title(found.author),
        published=_parse_date(found.date),
        original_name=path.name,
        format=format,
        page_text=found.page_text,
    )


@dataclass(frozen=True)
class Extraction:
    """What the extraction found in a page (plain strings, so a child process can send it)."""

    text: str
    title: str | None
    author: str | None
    url: str | None
    date: str | None
    html_title: str | None
    page_text: str | None


def extract(path: Path, html: str, step: Callable[[int], None]) -> Extraction:
    """Main text and metadata of a page; ``step(n)`` is called as each phase ends."""
    import trafilatura
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import Document as Extracted

    global _CONFIG
    if _CONFIG is None:
        _CONFIG = _config()

    tree = _parse_tree(html)
    if tree is None:
        raise DocumentImportError(path, "not an HTML file (cannot be parsed)")
    step(2)
    document = trafilatura.bare_extraction(
        deepcopy(tree),
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=True,
        output_format="txt",  # skips trafilatura's own text rendering; we render body blocks
        date_extraction_params=dict(DATE_PARAMS),
        config=_CONFIG,
    )
    text = ""
    title = author = url = date = None
    # A Document, since as_dict is left False (a dict only comes with as_dict=True).
    if isinstance(document, Extracted) and document.body is not None:
        text = _body_text(document.body)
        title, author, url, date = document.title, document.author, document.url, document.date
    if not text.strip():
        # trafilatura found no main text: plain extraction, same metadata.
        text = fallback_text(tree)
        meta = extract_metadata(tree, None, dict(DATE_PARAMS), False)
        title, author, url, date = meta.title, meta.author, meta.url, meta.date
    step(3)
    words = page_words(tree)
    step(4)
    return Extraction(text, title, author, url, date, _html_title(tree), words)


def _extract_in_child(path: Path, html: str, cancel: CancelFn, progress: ProgressFn | None) -> Extraction:
    """Run :func:`extract` in a child process that Cancel terminates.

    A "spawn" child (not fork: the app has threads, and a forked Qt process
    is not safe) receives the decoded HTML over a pipe and sends back each
    finished phase and then the :class:`Extraction`, or the refusal. The
    HTML is sent by a helper thread, not as an argument of the process:
    ``Process.start`` writes its arguments synchronously and would block for
    as long as the child takes to start (or for ever, if it dies first),
    with nobody looking at the cancel flag. The parent polls the flag every
    :data:`_POLL_SECONDS`; on Cancel it terminates the child (killing it if
    it does not end within half a second) and raises :class:`ImportCancelled`.
    A child that dies mid-way refuses the file with one line, like any
    parser failure; one that never said a word (it could not start, e.g. the
    program was read from standard input, which a "spawn" child cannot
    re-import) leaves the work to this process.
    """
    import multiprocessing
    import threading

    context = multiprocessing.get_context("spawn")
    mine, theirs = context.Pipe(duplex=True)
    child = context.Process(target=_child_main, args=(theirs,), daemon=True, name="workbench-html-extraction")
    child.start()
    theirs.close()

    def hand_over() -> None:
        try:
            mine.send((str(path), html))
        except (OSError, ValueError):
            pass  # the child is gone (cancelled, or it could not start): the loop below sees it

    sender = threading.Thread(target=hand_over, name="workbench-html-hand-over", daemon=True)
    sender.start()
    heard = False
    try:
        while True:
            if cancel():
                raise ImportCancelled()
            if mine.poll(_POLL_SECONDS):
                try:
                    kind, value = mine.recv()
                except (EOFError, OSError):  # closed, or reset with the page unread
                    if not heard:
                        break  # the child could not start: extract here after all
                    raise DocumentImportError(path, _STOPPED) from None
                heard = True
                if kind == "step":
                    report(progress, int(value), STEPS)
                elif kind == "done":
                    assert isinstance(value, Extraction)
                    return value
                else:
                    raise DocumentImportError(path, str(value))
            elif not child.is_alive() and not mine.poll(0):
                if not heard:
                    break
                raise DocumentImportError(path, _STOPPED)
    finally:
        if child.is_alive():
            child.terminate()
            child.join(0.5)
            if child.is_alive():
                child.kill()
        child.join()
        child.close()
        sender.join(1.0)  # its send fails at once now that the child is gone
        mine.close()

    def step(n: int) -> None:
        check_cancel(cancel)
        report(progress, n, STEPS)

    return extract(path, html, step)


def _child_main(connection: Any) -> None:
    """The child process: receive the page, send each phase, then the result or the refusal reason."""
    try:
        path, html = connection.recv()
        found = extract(Path(path), html, lambda n: connection.send(("step", n)))
    except DocumentImportError as error:
        connection.send(("refused", error.reason))
    except Exception as error:  # noqa: BLE001 - one line for the user, like an in-process parser failure
        connection.send(("refused", f"the page could not be read ({type(error).__name__})"))
    else:
        connection.send(("done", found))
    finally:
        connection.close()
