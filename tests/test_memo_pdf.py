"""The memo PDF: embedded bundled fonts, extractable text, metadata, safety."""

from __future__ import annotations

import os
import re
import unicodedata
import zlib
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt application exists

import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from tests import memo_fixture as fx
from workbench.memo.fonts import font_paths
from workbench.memo.model import build_memo
from workbench.memo.render_pdf import render_pdf

GENERATED = datetime(2024, 10, 20, 14, 30)


def _memo(external: bool):
    project = fx.exchange()
    return build_memo(project, fx.assess(project), external=external, analyst="Jane Analyst",
                      file_sha256="ab" * 32, generated=GENERATED, history=fx.history())


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, tuple[Path, int, object]]:
    folder = tmp_path_factory.mktemp("memo")
    out = {}
    for name, external in (("internal", False), ("external", True)):
        memo = _memo(external)
        path = folder / f"{name}.pdf"
        out[name] = (path, render_pdf(memo, path), memo)
    return out


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _text_pypdf(path: Path) -> str:
    return _norm(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def _text_pdfium(path: Path) -> str:
    doc = pypdfium2.PdfDocument(str(path))
    try:
        return _norm(" ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    finally:
        doc.close()


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts(path: Path) -> dict[str, object]:
    """Every font dictionary used on any page (descendants of Type0 fonts too)."""
    found: dict[str, object] = {}
    for page in PdfReader(path).pages:
        resources = _resolve(page.get("/Resources")) or {}
        for ref in (_resolve(resources.get("/Font")) or {}).values():
            font = _resolve(ref)
            found[str(font.get("/BaseFont"))] = font
            for child in _resolve(font.get("/DescendantFonts")) or []:
                child = _resolve(child)
                found["descendant:" + str(child.get("/BaseFont"))] = child
    return found


def test_every_font_is_embedded_and_bundled(pdfs):
    bundled = {TTFont(p)["name"].getDebugName(6) for p in font_paths()}
    for path, _pages, _memo in pdfs.values():
        fonts = _fonts(path)
        assert fonts
        for name, font in fonts.items():
            if font.get("/Subtype") == "/Type0":
                continue  # its descendant carries the descriptor
            descriptor = _resolve(font.get("/FontDescriptor"))
            assert descriptor is not None, name
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
            base = str(font.get("/BaseFont")).lstrip("/").split("+")[-1]
            assert base in bundled, f"{name} is not a bundled font: the memo would differ between machines"


@pytest.mark.parametrize("extract", [_text_pypdf, _text_pdfium])
def test_text_extracts_with_every_claim_word_and_name(pdfs, extract):
    path, _pages, memo = pdfs["internal"]
    text = extract(path)
    for claim in memo.claims:
        assert _norm(claim.text) in text
        assert claim.likelihood in text
        assert _norm(claim.likelihood_sentence) in text
    assert fx.HANGUL_NAME in text
    assert fx.CYRILLIC_NAME in text
    assert fx.CONFIDENTIAL_NAME in text  # the internal edition names it


def test_page_count_footer_and_metadata(pdfs):
    path, pages, memo = pdfs["internal"]
    reader = PdfReader(path)
    assert len(reader.pages) == pages >= 5
    meta = reader.metadata
    assert meta.title == "North Korean troops in Russia — verification memo"
    assert meta.author == "Jane Analyst"
    assert meta.creator.startswith("Verification Workbench")
    for number, page in enumerate(reader.pages, start=1):
        text = _norm(page.extract_text())
        assert f"Page {number} of {pages}" in text
        assert "North Korean troops in Russia · Verification memo · Internal" in text


def _decompressed(path: Path) -> bytes:
    raw = path.read_bytes()
    parts = [raw]
    for match in re.finditer(rb"stream\r?\n", raw):
        start = match.end()
        end = raw.find(b"endstream", start)
        try:
            parts.append(zlib.decompress(raw[start:end]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_external_pdf_never_names_the_confidential_source(pdfs):
    path, _pages, _memo = pdfs["external"]
    name = fx.CONFIDENTIAL_NAME
    for blob in (path.read_bytes(), _decompressed(path)):
        for encoding in ("utf-8", "utf-16-be", "latin-1"):
            assert name.encode(encoding) not in blob
    for text in (_text_pypdf(path), _text_pdfium(path)):
        assert "Hnatiuk" not in text
        assert "Source 2 (graded C)" in text
    assert "Hnatiuk" not in str(PdfReader(path).metadata)


def test_progress_reports_each_page_and_a_failure_keeps_the_old_file(tmp_path):
    memo = _memo(False)
    out = tmp_path / "memo.pdf"
    calls: list[tuple[int, int]] = []
    pages = render_pdf(memo, out, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, pages) for i in range(pages + 1)]
    before = out.read_bytes()

    def cancel(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt("cancelled")

    with pytest.raises(KeyboardInterrupt):
        render_pdf(memo, out, progress=cancel)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["memo.pdf"]  # no temporary file left behind


def test_unwritable_destination_raises_and_leaves_nothing(tmp_path):
    missing = tmp_path / "no-such-folder" / "memo.pdf"
    with pytest.raises(OSError):
        render_pdf(_memo(False), missing)
    assert not missing.parent.exists()


def test_a_long_render_loses_no_references_to_none(tmp_path):
    """PySide6 6.12.0 on CPython 3.11 dropped a reference to None per void call
    (painter.save(), drawText() …): a few hundred pages ended in "Fatal Python
    error: none_dealloc" at exit, which keep_none_alive used to paper over.
    A 35-page render makes thousands of such calls; with 6.11.3 the counts
    never fall (they rise by a few: PySide keeps a reference for each
    QTextFrame wrapper, three per part), so any fall is that bug again."""
    import gc
    import sys

    project = fx.large(20, 10)
    memo = build_memo(project, fx.assess(project), generated=GENERATED)
    render_pdf(memo, tmp_path / "warm-up.pdf")  # fonts and caches are loaded once
    gc.collect()
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    pages = render_pdf(memo, tmp_path / "long.pdf")
    gc.collect()
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    assert pages > 20
    for b, a in zip(before, after, strict=True):
        assert b <= a < b + 500, (before, after)


def test_demo_project_pdf(tmp_path):
    from workbench.demo import demo_exchange

    project = demo_exchange()
    memo = build_memo(project, fx.assess(project), external=True, generated=GENERATED)
    path = tmp_path / "demo.pdf"
    pages = render_pdf(memo, path)
    text = _text_pdfium(path)
    assert len(PdfReader(path).pages) == pages
    for claim in memo.claims:
        assert _norm(claim.text) in text and claim.likelihood in text
    for source in project["sources"]:
        if source.get("confidential"):
            assert source["name"].lower() not in text.lower()


def test_a_claims_heading_and_judgement_are_never_split_across_pages(tmp_path):
    from workbench.memo.html import memo_html_parts
    from workbench.memo.render_pdf import _head_bottom, body_rect, layout_parts, new_writer

    project = fx.large(40, 10)
    memo = build_memo(project, fx.assess(project), generated=GENERATED)
    parts = memo_html_parts(memo)
    writer = new_writer(tmp_path / "unused.pdf", memo)
    body = body_rect(writer)
    placed, total = layout_parts(parts, writer, body)
    height = body.height()
    claims = 0
    for part, put in zip(parts, placed, strict=True):
        if not part.keep_head:
            continue
        claims += 1
        head = put.doc.rootFrame().childFrames()[0]
        top = put.doc.documentLayout().frameBoundingRect(head).top()
        assert int(top // height) == int((_head_bottom(put.doc) - 1) // height)
    del writer
    assert claims == 40
    assert placed[0].first_page == 0
    assert all(a.first_page <= b.first_page for a, b in zip(placed, placed[1:], strict=False))
    assert total == max(p.first_page + p.pages for p in placed)


def test_bundled_fonts_cover_latin_cyrillic_hangul_and_carry_their_licences(monkeypatch, tmp_path):
    from workbench.memo import fonts

    paths = fonts.font_paths()
    assert sum(p.stat().st_size for p in paths) < 15 * 1024 * 1024
    for licence in fonts.licence_paths():
        assert "SIL Open Font License" in licence.read_text(encoding="utf-8")
    covered: set[int] = set()
    for path in paths:
        font = TTFont(path)
        assert "glyf" in font  # TrueType outlines: Qt embeds them as FontFile2 subsets
        covered |= set(font.getBestCmap())
    for text in ("Verification", fx.CYRILLIC_NAME, fx.HANGUL_NAME, "국가정보원", "“ ” – — · ΔP ≤ ≥ → ρ κ δ λ τ Σ"):
        assert all(ord(ch) in covered for ch in text if not ch.isspace()), text
    monkeypatch.setenv("VWB_FONTS_DIR", str(tmp_path))  # a folder without fonts is not silently used
    assert fonts.fonts_dir() != tmp_path
