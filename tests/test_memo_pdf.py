"""The memo PDF: embedded bundled fonts, extractable text, metadata, safety."""

from __future__ import annotations

import os
import re
import sys
import threading
import time
import unicodedata
import zlib
from datetime import datetime
from pathlib import Path

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
    def key(name: str) -> str:  # PDF writers spell names differently: "NotoSans-Bold", "Noto-Sans-Bold"
        return "".join(ch for ch in name.lower() if ch.isalnum()).removesuffix("regular")

    bundled = {key(TTFont(p)["name"].getDebugName(n)) for p in font_paths() for n in (4, 6)}
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
            assert key(base) in bundled, f"{name} is not a bundled font: the memo would differ between machines"


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


def test_progress_reports_the_layout_and_the_writing_and_a_cancel_keeps_the_old_file(tmp_path):
    memo = _memo(False)
    out = tmp_path / "memo.pdf"
    calls: list[tuple[int, int]] = []
    pages = render_pdf(memo, out, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, pages), (pages, pages)]
    before = out.read_bytes()

    def cancel(done: int, total: int) -> None:
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


def test_the_renderer_needs_no_qt_and_runs_in_a_worker_thread(tmp_path):
    """The memo used to be laid out with Qt text documents, which could deadlock
    off the GUI thread; the renderer now imports no Qt at all."""
    import subprocess
    import sys
    import threading

    code = ("import sys; from workbench.memo import render_pdf; "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "[]", result.stderr
    done: list[int] = []
    worker = threading.Thread(target=lambda: done.append(render_pdf(_memo(True), tmp_path / "t.pdf")))
    worker.start()
    worker.join(timeout=300)
    assert not worker.is_alive() and done and done[0] >= 5


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


def test_a_claims_heading_and_judgement_are_never_split_across_pages():
    from workbench.memo.html import memo_to_html
    from workbench.memo.render_pdf import _layout, print_style

    project = fx.large(40, 10)
    memo = build_memo(project, fx.assess(project), generated=GENERATED)
    document = _layout(memo_to_html(memo), print_style(memo))
    pages_of: dict[int, set[int]] = {}
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and "claim-head" in (element.get("class") or "").split():
                pages_of.setdefault(id(element), set()).add(number)
    assert len(pages_of) == 40
    assert all(len(pages) == 1 for pages in pages_of.values())


def _catalog(path: Path):
    return PdfReader(path).trailer["/Root"]


def _structure_types(path: Path) -> dict[str, list]:
    """Every structure element of the tag tree, by type."""
    found: dict[str, list] = {}
    todo = [_resolve(_catalog(path)["/StructTreeRoot"])]
    while todo:
        node = _resolve(todo.pop())
        if isinstance(node, list):
            todo.extend(node)
            continue
        if not hasattr(node, "get"):
            continue
        if "/S" in node:
            found.setdefault(str(node["/S"]), []).append(node)
        kids = node.get("/K")
        if kids is not None:
            todo.extend(kids if isinstance(kids, list) else [kids])
    return found


def test_the_pdf_is_tagged_with_headings_tables_and_figures_with_alt_text(tmp_path):
    project = fx.exchange()
    memo = build_memo(project, fx.assess(project), analyst="Jane Analyst", generated=GENERATED, graphs=True)
    path = tmp_path / "tagged.pdf"
    render_pdf(memo, path)
    catalog = _catalog(path)
    assert _resolve(catalog["/MarkInfo"])["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert str(catalog["/Lang"]) == "en"
    assert _resolve(catalog["/ViewerPreferences"])["/DisplayDocTitle"] == True  # noqa: E712
    types = _structure_types(path)
    for wanted in ("/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure", "/Caption"):
        assert wanted in types, (wanted, sorted(types))
    figures = types["/Figure"]
    assert figures and all(str(f.get("/Alt") or "").strip() for f in figures)
    assert any("reports" in str(f["/Alt"]) or "item" in str(f["/Alt"]) for f in figures)
    # Every data cell names its header cells (PDF/UA-1 7.5): a screen reader reads "Trust: 0.56", not "0.56".
    header_ids = {str(th["/ID"]) for th in types["/TH"]}
    assert len(header_ids) == len(types["/TH"])
    for td in types["/TD"]:
        named = [str(h) for h in _resolve(td["/A"])["/Headers"]]
        assert named and set(named) <= header_ids


def test_a_bookmark_per_claim(pdfs):
    path, _pages, memo = pdfs["internal"]
    reader = PdfReader(path)

    def titles(items) -> list[str]:
        out = []
        for item in items:
            if isinstance(item, list):
                out += titles(item)
            else:
                out.append(_norm(item.title))
        return out

    found = titles(reader.outline)
    for claim in memo.claims:
        assert any(t.startswith(f"{claim.number}.") and _norm(claim.text)[:30] in t for t in found), claim.number
    for part in ("Summary of judgements", "Claims", "Sources", "Method"):
        assert part in found


def test_words_search_and_copy_as_letters_without_ligatures(pdfs):
    import subprocess

    path, _pages, memo = pdfs["internal"]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "confidential" in flat and "conﬁdential" not in flat
    assert not any(ch in text for ch in "\ufb00\ufb01\ufb02\ufb03\ufb04")
    for claim in memo.claims:
        assert " ".join(claim.text.split()) in flat, claim.number


def test_bundled_fonts_cover_latin_cyrillic_hangul_and_carry_their_licences(monkeypatch, tmp_path):
    from workbench.memo import fonts

    paths = fonts.font_paths()
    assert sum(p.stat().st_size for p in paths) < 15 * 1024 * 1024
    for licence in fonts.licence_paths():
        assert "SIL Open Font License" in licence.read_text(encoding="utf-8")
    covered: set[int] = set()
    for path in paths:
        font = TTFont(path)
        assert "glyf" in font  # TrueType outlines, embedded as FontFile2 subsets
        covered |= set(font.getBestCmap())
    for text in ("Verification", fx.CYRILLIC_NAME, fx.HANGUL_NAME, "국가정보원", "“ ” – — · ΔP ≤ ≥ → ρ κ δ λ τ Σ"):
        assert all(ord(ch) in covered for ch in text if not ch.isspace()), text
    monkeypatch.setenv("VWB_FONTS_DIR", str(tmp_path))  # a folder without fonts is not silently used
    assert fonts.fonts_dir() != tmp_path


class _Cancelled(Exception):
    pass


def _render_children() -> list[int]:
    """Process ids of this process's render children still alive (or not yet reaped)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"workbench.memo.render_pdf" in cmdline:
            found.append(int(entry.name))
    return found


def test_a_render_in_a_child_process_reports_each_page_and_writes_the_same_memo(tmp_path, pdfs):
    memo = _memo(False)
    out = tmp_path / "memo.pdf"
    calls: list[tuple[int, int]] = []
    pages = render_pdf(memo, out, progress=lambda done, total: calls.append((done, total)), check=lambda: None)
    _path, inline_pages, _memo_in = pdfs["internal"]
    assert pages == inline_pages
    laid_out = [done for done, total in calls if total == 0]
    assert laid_out == list(range(1, pages + 1))  # each page once, as WeasyPrint made it
    written = [done for done, total in calls if total]
    assert all(total == pages for _done, total in calls if total)
    assert written[0] == 0 and written[-1] == pages  # laid out, ..., the file written
    assert written[1:-1] == [*range(1, pages), pages - 1]  # each page as it is drawn into the PDF
    text = _text_pypdf(out)
    for section in memo.claims:
        assert " ".join(section.text.split()[:4]) in " ".join(text.split())
    assert PdfReader(out).metadata["/Author"] == "Jane Analyst"
    assert [p.name for p in tmp_path.iterdir()] == ["memo.pdf"] and _render_children() == []


def test_a_prewarmed_child_is_used_once_and_a_spare_can_be_discarded(tmp_path):
    from workbench.memo import render_pdf as module

    module.prewarm()
    spare = module._spare
    assert spare is not None and spare.poll() is None
    pages = render_pdf(_memo(False), tmp_path / "memo.pdf", check=lambda: None)
    assert pages > 1 and spare.returncode == 0 and module._spare is None  # taken, and it finished
    module.prewarm()
    spare = module._spare
    module.discard_spare()
    assert spare is not None and spare.returncode is not None and _render_children() == []


def test_a_cancel_stops_the_render_within_a_second_and_writes_nothing(tmp_path):
    project = fx.large(20, 10)  # about 30 pages: several seconds of WeasyPrint on a quiet machine
    memo = build_memo(project, fx.assess(project), analyst="Jane Analyst")
    out = tmp_path / "memo.pdf"
    laying_out = threading.Event()
    cancel = threading.Event()
    seen: list[int] = []
    ended: list[object] = []

    def progress(done: int, total: int) -> None:
        if total == 0 and done:
            seen.append(done)
            if done >= 2:
                laying_out.set()

    def check() -> None:
        if cancel.is_set():
            raise _Cancelled()

    def run() -> None:
        try:
            ended.append(render_pdf(memo, out, progress=progress, check=check))
        except BaseException as exc:  # noqa: BLE001 - the test looks at what ended the render
            ended.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert laying_out.wait(300), "the layout never started"
    assert _render_children()  # WeasyPrint is at work in its child
    asked = time.monotonic()
    cancel.set()
    worker.join(10)
    took = time.monotonic() - asked
    assert not worker.is_alive() and took < 1.0, took
    assert len(ended) == 1 and isinstance(ended[0], _Cancelled)  # stopped mid-layout, not finished
    assert list(tmp_path.iterdir()) == []  # no memo, no temporary file
    assert _render_children() == []  # the child is gone, not left running


def test_a_child_that_dies_is_reported_in_one_line(tmp_path, monkeypatch):
    from workbench.memo import render_pdf as module

    module.discard_spare()
    monkeypatch.setattr(module, "child_command", lambda: [sys.executable, "-c", "import sys; sys.exit(3)"])
    with pytest.raises(RuntimeError, match=r"the PDF renderer stopped unexpectedly \(exit code 3\)"):
        render_pdf(_memo(False), tmp_path / "memo.pdf", check=lambda: None)
    assert list(tmp_path.iterdir()) == []
