"""PDF decompression bombs: refused in one clear line before they can exhaust memory or time, either
by measuring every Flate stream before PDFium opens the file, or (for what no check can measure: LZW,
JBIG2) by the memory, processor-time and wall-clock limits of the PDF reader's child process. Files
within reason still import."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import fixtures_docs as F
from tests.conftest import refusal
from workbench.documents.importers import DocumentImportError, ImportCancelled, import_file

# --- decompression bombs in PDFs (issue 19) ---------------------------------

@pytest.fixture(scope="module")
def pdf_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1 MB on disk, one page whose content stream inflates to 1 GB (the red-team case)."""
    return F.make_pdf_bomb(tmp_path_factory.mktemp("bomb"))


def test_a_pdf_bomb_is_refused_before_pdfium_inflates_it(pdf_bomb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.documents import pdfreader

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("PDFium opened a decompression bomb")

    monkeypatch.setattr(pdfreader, "PdfReader", must_not_open)
    assert pdf_bomb.stat().st_size < 1.1 * 1024 * 1024
    error = refusal(pdf_bomb)
    assert error.reason.startswith("refused: a compressed stream at byte ")
    assert "inflates to more than 128 MB (a decompression bomb?)" in error.reason


def test_vwb_import_of_a_pdf_bomb_is_one_line_with_bounded_memory(pdf_bomb: Path, tmp_path: Path) -> None:
    """Run under a 1.5 GB address-space cap: before the check PDFium needed 2.1 GB and died here."""
    import hashlib
    import resource
    import subprocess
    import sys
    import time

    from workbench.demo import write_demo

    project = write_demo(tmp_path / "p.db", analyst="tester")
    before = hashlib.sha256(project.read_bytes()).hexdigest(), hashlib.sha256(pdf_bomb.read_bytes()).hexdigest()

    def cap() -> None:
        limit = int(1.5 * 1024 ** 3)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.monotonic()
    res = subprocess.run([sys.executable, "-m", "workbench.cli.main", "import", str(project), str(pdf_bomb)],
                         capture_output=True, text=True, timeout=120, preexec_fn=cap)
    took = time.monotonic() - started
    assert res.returncode == 2, res.stderr[-2000:]
    assert res.stderr.splitlines() == [f"vwb import: {pdf_bomb.name}: refused: a compressed stream at byte "
                                       f"{res.stderr.split('at byte ')[1].split()[0]} inflates to more than "
                                       "128 MB (a decompression bomb?)"]
    assert (hashlib.sha256(project.read_bytes()).hexdigest(),
            hashlib.sha256(pdf_bomb.read_bytes()).hexdigest()) == before
    assert took < 30, f"{took:.1f} s"


def test_a_pdf_whose_streams_inflate_within_the_limits_still_imports(tmp_path: Path) -> None:
    path = F.make_pdf_bomb(tmp_path, "spacious.pdf", inflated=64 * 1024 * 1024)
    doc = import_file(path)
    assert doc.text == "Inflated to a gigabyte"


def test_streams_together_over_the_total_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.documents.importers import pdf

    monkeypatch.setattr(pdf, "MAX_INFLATED_BYTES", 8 * 1024 * 1024)
    path = F.make_pdf_bomb(tmp_path, "two.pdf", inflated=10 * 1024 * 1024)
    assert "its compressed streams inflate to more than" in refusal(path).reason


@pytest.mark.parametrize("wrap", ["hex", "a85"])
def test_a_flate_bomb_under_an_ascii_filter_is_refused_too(tmp_path: Path, wrap: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.documents import pdfreader

    small = F.make_pdf_bomb(tmp_path, f"small-{wrap}.pdf", inflated=2 * 1024 * 1024, wrap=wrap)
    assert import_file(small).text == "Inflated to a gigabyte"  # PDFium reads the filter chain

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("PDFium opened a decompression bomb")

    monkeypatch.setattr(pdfreader, "PdfReader", must_not_open)
    bomb = F.make_pdf_bomb(tmp_path, f"bomb-{wrap}.pdf", inflated=200 * 1024 * 1024, wrap=wrap)
    assert "(a decompression bomb?)" in refusal(bomb).reason


# --- bombs no check can measure: PDFium reads in a capped child process ------------------------

BOMB_REASON = ("refused: too large when decompressed: reading it needs more than 1024 MB of memory "
                   "(a decompression bomb?)")


@pytest.fixture(scope="module")
def lzw_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1 MB on disk, one page whose LZW content stream decodes to about 2.7 GB (no Flate to measure)."""
    return F.make_lzw_pdf_bomb(tmp_path_factory.mktemp("lzw"))


def test_an_lzw_stream_within_reason_still_imports(tmp_path: Path) -> None:
    assert import_file(F.make_lzw_pdf_bomb(tmp_path, "small.pdf", repeats=100)).text == "Hidden in LZW"


def test_an_lzw_bomb_is_refused_and_this_process_reads_the_next_pdf(lzw_bomb: Path, tmp_path: Path) -> None:
    """Before the reader child, PDFium aborted the whole process here (SIGABRT when it ran out of memory)."""
    assert lzw_bomb.stat().st_size < 1.1 * 1024 * 1024
    assert refusal(lzw_bomb).reason == BOMB_REASON
    assert import_file(F.make_pdf(tmp_path, pages=2)).page_starts[1] > 0


def test_vwb_import_of_an_lzw_bomb_is_one_line_and_changes_nothing(lzw_bomb: Path, tmp_path: Path) -> None:
    import hashlib
    import subprocess
    import sys

    from workbench.demo import write_demo

    project = write_demo(tmp_path / "p.db", analyst="tester")
    bomb = hashlib.sha256(lzw_bomb.read_bytes()).hexdigest()
    before = sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in tmp_path.iterdir())
    res = subprocess.run([sys.executable, "-m", "workbench.cli.main", "import", str(project), str(lzw_bomb)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2, (res.returncode, res.stderr[-2000:])  # was -6: PDFium aborted vwb
    assert res.stderr.splitlines() == [f"vwb import: {lzw_bomb.name}: {BOMB_REASON}"]
    assert sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in tmp_path.iterdir()) == before
    assert hashlib.sha256(lzw_bomb.read_bytes()).hexdigest() == bomb


def test_cancel_stops_reading_a_bomb_within_a_poll(lzw_bomb: Path) -> None:
    """The child is killed, not waited for: the import ends soon after the flag is raised, long before
    the bomb would have run the child out of memory (about 8 s)."""
    import threading
    import time

    when: list[float] = []

    def cancel() -> bool:
        if not when:
            threading.Timer(0.5, lambda: when.append(time.monotonic())).start()
            when.append(0.0)
        return len(when) > 1

    with pytest.raises(ImportCancelled):
        import_file(lzw_bomb, cancel=cancel)
    assert time.monotonic() - when[1] < 1.0  # 0.03–0.12 s at load 10


def test_a_pdf_that_takes_too_much_processor_time_is_refused(lzw_bomb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With memory to spare, the same bomb runs into the per-request processor-time limit instead."""
    from workbench.documents import pdfreader

    monkeypatch.setattr(pdfreader, "MAX_MEMORY_BYTES", 6 * 1024 ** 3)
    monkeypatch.setattr(pdfreader, "MAX_CPU_SECONDS", 1)
    assert refusal(lzw_bomb).reason == ("refused: reading it took more than 1 s of processor time "
                                        "(a decompression bomb?)")


def test_a_pdf_that_takes_too_long_is_refused(lzw_bomb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.documents import pdfreader

    monkeypatch.setattr(pdfreader, "MAX_WALL_SECONDS", 0.5)
    assert refusal(lzw_bomb).reason == "refused: reading it took more than 0.5 s (a decompression bomb?)"


def test_a_scan_of_jbig2_pictures_within_reason_is_drawn(tmp_path: Path) -> None:
    """A real JBIG2 stream reaches PDFium in the child (the page is drawn black, so nothing is read)."""
    import io

    from workbench.documents import pdfreader

    path = F.make_jbig2_pdf_bomb(tmp_path, "small-jbig2.pdf", side=1000, images=1)
    with pdfreader.reader(path.read_bytes()) as opened:
        png = opened.render(0, 30, 40_000_000)
    from PIL import Image

    picture = Image.open(io.BytesIO(png))
    assert picture.size == (255, 330)
    assert picture.crop((5, 170, 122, 325)).getextrema() == (0, 0)  # its quarter of the page: black
    assert picture.crop((133, 5, 250, 160)).getextrema() == (255, 255)  # the opposite quarter: blank


def test_a_jbig2_bomb_scan_is_refused_by_the_reader_s_memory_cap(tmp_path: Path) -> None:
    """25 KB on disk; drawing its page for text recognition took 1.4 GB and 31 s in one process."""
    path = F.make_jbig2_pdf_bomb(tmp_path)
    assert path.stat().st_size < 30_000
    with pytest.raises(DocumentImportError) as info:
        import_file(path, languages="eng")
    assert info.value.reason == BOMB_REASON


def test_a_reader_child_that_answers_nonsense_is_stopped_not_believed(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A child that a hostile file took over could announce a 2 GB reply: this process allocates nothing
    for it, stops the child and refuses the file in one line."""
    import sys
    import time

    from workbench.documents import pdfreader

    liar = ("import struct, sys; sys.stdout.buffer.write(struct.pack('>I', 2 ** 31)); sys.stdout.flush(); "
            "sys.stdin.buffer.read()")
    monkeypatch.setattr(pdfreader, "child_command", lambda: [sys.executable, "-c", liar])
    monkeypatch.setattr(pdfreader, "_idle", None)
    started = time.monotonic()
    assert refusal(F.make_pdf(tmp_path, pages=1)).reason == "damaged PDF: the PDF reader stopped on it (SIGKILL)"
    assert time.monotonic() - started < 10
