"""Importers: what fact-checkers receive becomes canonical text, or a clear refusal."""

from __future__ import annotations

import datetime
import socket
from pathlib import Path

import pytest

from tests import fixtures_docs as F
from tests.conftest import refusal
from workbench.documents.canonical import canonical_text
from workbench.documents.importers import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    DocumentImportError,
    ImportCancelled,
    ImportedDocument,
    import_file,
    import_text,
    page_of,
)


def assert_canonical(doc: ImportedDocument) -> None:
    assert doc.text == canonical_text(doc.text)
    assert "\r" not in doc.text


# --- web pages -------------------------------------------------------------


def test_news_page_main_text_and_metadata(tmp_path: Path) -> None:
    doc = import_file(F.make_news_html(tmp_path))
    assert doc.format == "html"
    assert doc.title == F.NEWS_TITLE
    assert doc.author == F.NEWS_AUTHOR
    assert doc.url == F.NEWS_URL
    assert doc.published == F.NEWS_DATE
    assert doc.original_name == "flood-barrier.html"
    assert doc.page_starts == ()
    for paragraph in F.NEWS_PARAGRAPHS:
        assert paragraph in doc.text
    for junk in F.NEWS_JUNK:
        assert junk not in doc.text, junk
    assert_canonical(doc)


def test_news_page_paragraphs_separated_by_blank_lines(tmp_path: Path) -> None:
    doc = import_file(F.make_news_html(tmp_path))
    first, second = F.NEWS_PARAGRAPHS[0], F.NEWS_PARAGRAPHS[1]
    assert f"{first}\n\n{second}" in doc.text
    assert "Questions for the council\n\n" in doc.text


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Make every way of opening a connection fail loudly, and record attempts."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_html_import_never_touches_network(tmp_path: Path, no_network: list[object]) -> None:
    page = F.news_html()
    for remote in ("<img src=\"https://images", "<script src=\"https://ads", "rel=\"stylesheet\"", "woff2"):
        assert remote in page  # the fixture really refers to remote resources
    doc = import_file(F.make_news_html(tmp_path))
    assert F.NEWS_PARAGRAPHS[0] in doc.text
    assert no_network == []


def test_html_that_is_only_a_url_is_not_fetched(tmp_path: Path, no_network: list[object]) -> None:
    # htmldate downloads a *string* that looks like a URL; we must never pass one.
    path = tmp_path / "link.html"
    path.write_text("https://www.dailyledger.example/news/2024/10/09/flood-barrier", encoding="utf-8")
    try:
        doc = import_file(path)
    except DocumentImportError:
        pass
    else:
        assert "dailyledger" in doc.text
    assert no_network == []


def test_html_fallback_when_no_article_found(tmp_path: Path) -> None:
    path = tmp_path / "list.htm"
    path.write_text(
        "<html><head><title>Casualty list</title><script>var SECRET_JS = 1;</script>"
        "<style>.x{color:red}</style></head><body><nav>Home | About NAVTEXT</nav>"
        "<table><tr><td>Port Allard</td><td>12</td></tr></table>"
        "<footer>FOOTTEXT</footer></body></html>",
        encoding="utf-8",
    )
    doc = import_file(path)
    assert "Port Allard" in doc.text
    for junk in ("SECRET_JS", "color:red", "NAVTEXT", "FOOTTEXT"):
        assert junk not in doc.text
    assert doc.title == "Casualty list"
    assert doc.format == "html"


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    body = "".join(f"<p>{p} Le préfet a déclaré que la digue était sûre.</p>" for p in F.NEWS_PARAGRAPHS)
    html = (f'<html><head><meta charset="windows-1252"><title>Préfet</title></head>'
            f'<body><article>{body}</article></body></html>')
    path.write_bytes(html.encode("cp1252"))
    doc = import_file(path)
    assert "Le préfet a déclaré que la digue était sûre." in doc.text


# --- PDF --------------------------------------------------------------------


def test_multipage_pdf_text_and_page_boundaries(tmp_path: Path) -> None:
    path = F.make_pdf(tmp_path, pages=4)
    doc = import_file(path)
    assert doc.format == "pdf"
    assert doc.title == "Inspection report Port Allard"
    assert doc.author == "Harbour Authority"
    assert doc.published == datetime.date(2024, 3, 5)
    assert len(doc.page_starts) == 4
    assert doc.page_starts[0] == 0
    expected = F.pdf_pages_text(4)
    for number, start in enumerate(doc.page_starts, start=1):
        assert doc.text.startswith(f"Page {number} of the inspection report.", start)
        line = expected[number - 1][-1]
        offset = doc.text.index(line)
        assert page_of(doc.page_starts, offset) == number
    # pages are separated by a blank line, and the separator belongs to the page before
    second = doc.page_starts[1]
    assert doc.text[second - 2 : second] == "\n\n"
    assert page_of(doc.page_starts, second - 1) == 1
    assert_canonical(doc)


def test_pdf_progress_by_pages_and_cancel(tmp_path: Path) -> None:
    """Progress counts pages, from 0 to all of them; the reader child reports a page done at most every
    50 ms (a message a page cost a tenth of the import's time), so a short file goes 0 then 5."""
    path = F.make_pdf(tmp_path, pages=5)
    seen: list[tuple[int, int]] = []
    import_file(path, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)

    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(ImportCancelled):
        import_file(path, cancel=cancel)


def test_unicode_pdf(tmp_path: Path) -> None:
    assert F.DEJAVU.exists(), "DejaVu fonts missing: scripts/bootstrap.sh installs fonts-dejavu-core"
    doc = import_file(F.make_pdf(tmp_path, pages=2, unicode_font=True))
    assert "Finding 2: the pump at station 1 was inspected." in doc.text


# --- DOCX -------------------------------------------------------------------


def test_docx_text_table_and_core_properties(tmp_path: Path) -> None:
    doc = import_file(F.make_docx(tmp_path))
    assert doc.format == "docx"
    assert doc.title == F.DOCX_TITLE
    assert doc.author == F.DOCX_AUTHOR
    assert doc.published == F.DOCX_CREATED.date()
    for paragraph in F.DOCX_PARAGRAPHS:
        assert paragraph in doc.text
    assert "East gate | Failed 18:40" in doc.text
    # reading order: the table sits between the second and third paragraph
    assert doc.text.index(F.DOCX_PARAGRAPHS[1]) < doc.text.index("East gate") < doc.text.index(F.DOCX_PARAGRAPHS[2])
    assert "\n\n\n" not in doc.text  # empty paragraphs do not leave holes
    assert_canonical(doc)


# --- text -------------------------------------------------------------------


def test_latin1_text_is_detected_not_assumed(tmp_path: Path) -> None:
    path, original = F.make_latin1_txt(tmp_path)
    doc = import_file(path)
    assert doc.text == canonical_text(original)
    assert "« entièrement opérationnelle »" in doc.text
    assert doc.title == "Déclaration du préfet"
    assert doc.format == "txt"


def test_utf16_text_with_bom(tmp_path: Path) -> None:
    path, original = F.make_utf16_txt(tmp_path)
    doc = import_file(path)
    assert doc.text == original
    assert "Когда отказал насос?" in doc.text
    assert "펌프가 멈췄습니다" in doc.text
    assert doc.title == "Interview transcript"


def test_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "nobom.txt"
    path.write_bytes("Statement of the mayor\nWe will rebuild.\n".encode("utf-16-le"))
    assert import_file(path).text == "Statement of the mayor\nWe will rebuild.\n"


def test_markdown_title_and_text_kept(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(b"\r\n## Barrier timeline ##\r\n\r\n- 18:40 pump fails\r\n")
    doc = import_file(path)
    assert doc.title == "Barrier timeline"
    assert doc.format == "md"
    assert doc.text == "\n## Barrier timeline ##\n\n- 18:40 pump fails\n"


def test_markdown_front_matter_title(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text('---\ntitle: "Barrier: what we know"\ndate: 2024-10-09\n---\n# Heading\nBody\n', encoding="utf-8")
    assert import_file(path).title == "Barrier: what we know"
    plain = tmp_path / "plain.md"
    plain.write_text("---\nlayout: post\n---\n\n# Real heading\n", encoding="utf-8")
    assert import_file(plain).title == "Real heading"


def test_whitespace_only_text_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank-start.txt"
    path.write_text("   \n\n", encoding="utf-8")
    assert refusal(path).reason == "empty: no text to import"


def test_long_first_line_title_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "wall.txt"
    path.write_text("word " * 500, encoding="utf-8")
    title = import_file(path).title
    assert len(title) <= 200 and title.endswith("\u2026")


def test_nfc_normalisation(tmp_path: Path) -> None:
    path = tmp_path / "nfd.txt"
    path.write_text("Cafe\u0301 owner\n", encoding="utf-8")
    assert import_file(path).text == "Caf\u00e9 owner\n"


# --- refusals ---------------------------------------------------------------


def test_binary_txt_refused(tmp_path: Path) -> None:
    error = refusal(F.make_binary_txt(tmp_path))
    assert error.reason == "not a text file (binary content)"


def test_control_character_soup_refused(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(bytes(range(1, 32)) * 100)
    assert refusal(path).reason == "not a text file (binary content)"


def test_encrypted_pdf_refused(tmp_path: Path) -> None:
    assert refusal(F.make_encrypted_pdf(tmp_path)).reason == "encrypted PDF: remove the password first"


def test_image_only_pdf_has_its_text_recognised(tmp_path: Path) -> None:
    doc = import_file(F.make_image_only_pdf(tmp_path))
    assert "Scanned line" in doc.text
    assert doc.media is not None and doc.media["type"] == "scan"
    assert doc.ocr is not None and doc.ocr["engine"] == "tesseract"


def test_damaged_pdf_refused(tmp_path: Path) -> None:
    assert refusal(F.make_damaged_pdf(tmp_path)).reason.startswith("damaged PDF: ")


def test_not_a_pdf_refused(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_text("Dear editor, this is plain text.", encoding="utf-8")
    assert refusal(path).reason.startswith("damaged PDF: ")


def test_damaged_docx_refused(tmp_path: Path) -> None:
    assert refusal(F.make_damaged_docx(tmp_path)).reason.startswith("damaged DOCX: ")


def test_docx_without_document_part_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "hollow.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert refusal(path).reason.startswith("damaged DOCX: ")


def test_zip_bomb_docx_refused_before_inflating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("python-docx opened a zip bomb")

    monkeypatch.setattr(docx, "Document", must_not_open)
    path = F.make_zip_bomb_docx(tmp_path)
    assert path.stat().st_size < 1024 * 1024  # small on disk ...
    error = refusal(path)  # ... but refused for what it unpacks to
    assert "zip bomb" in error.reason
    assert "60.0 MB" in error.reason


def test_high_ratio_docx_refused_even_under_size_limit(tmp_path: Path) -> None:
    path = F.make_zip_bomb_docx(tmp_path, "ratio.docx", inflated=20 * 1024 * 1024)
    error = refusal(path)
    assert "zip bomb" in error.reason
    assert "compressed" in error.reason


def test_old_word_doc_renamed_refused(tmp_path: Path) -> None:
    assert "old Word .doc" in refusal(F.make_old_doc_as_docx(tmp_path)).reason


def test_oversize_file_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = F.make_oversize_file(tmp_path)
    opened: list[Path] = []
    original_open = Path.open

    def spy_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(self)
        return original_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy_open)
    error = refusal(path)
    assert error.reason == "file is 63.2 MB; the limit is 50 MB"
    assert path not in opened


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html"])
def test_oversize_refused_for_every_format(tmp_path: Path, suffix: str) -> None:
    path = F.make_oversize_file(tmp_path, "big" + suffix, size=MAX_FILE_BYTES + 1)
    assert refusal(path).reason == "file is 52,428,801 bytes; the limit is 50 MB"


def test_unsupported_suffix_refused(tmp_path: Path) -> None:
    path = tmp_path / "drawing.svg"
    path.write_bytes(b"<svg/>")
    error = refusal(path)
    assert error.reason.startswith("unsupported file type (.svg)")
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in error.reason


def test_missing_and_empty_files_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path / "gone.txt").reason == "file not found"
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert refusal(empty).reason == "empty file"


def test_suffix_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "SHOUT.TXT"
    path.write_text("Loud statement\n", encoding="utf-8")
    assert import_file(path).text == "Loud statement\n"


def test_cancel_before_start(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("text", encoding="utf-8")
    with pytest.raises(ImportCancelled):
        import_file(path, cancel=lambda: True)


# --- pasted text and pages --------------------------------------------------


def test_import_text_canonical_with_title() -> None:
    doc = import_text("\r\n  First line of the paste\r\nCafe\u0301\r\n")
    assert doc.text == "\n  First line of the paste\nCaf\u00e9\n"
    assert doc.title == "First line of the paste"
    assert doc.format == "txt"
    assert doc.page_starts == ()
    assert import_text("Body", title="Given title").title == "Given title"


def test_import_text_refuses_empty() -> None:
    with pytest.raises(DocumentImportError) as info:
        import_text(" \n\t")
    assert info.value.reason == "empty: no text to import"


def test_page_of() -> None:
    starts = (0, 100, 250)
    assert page_of(starts, 0) == 1
    assert page_of(starts, 99) == 1
    assert page_of(starts, 100) == 2
    assert page_of(starts, 10_000) == 3
    assert page_of(starts, -1) is None
    assert page_of((), 5) is None
