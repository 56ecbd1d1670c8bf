"""A large saved page: real progress phases, and Cancel stops the extraction itself within a second.

trafilatura cannot be interrupted, so a large page is extracted in a child
process that Cancel terminates (workbench.documents.importers.htmlpage).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

from tests import fixtures_docs as F
from workbench.documents.importers import ImportCancelled, import_file
from workbench.documents.importers.htmlpage import CHILD_PROCESS_CHARS, STEPS


def _page(tmp_path: Path, size: int, name: str = "big.html") -> Path:
    path = tmp_path / name
    path.write_text(F.large_news_html(size), encoding="utf-8")
    return path


def _huge_page(tmp_path: Path) -> Path:
    """A 7 MB article page (built linearly; trafilatura needs many seconds for it)."""
    paragraph = ("<p>The harbour authority said on Tuesday that the pump had failed twice before the storm, "
                 "according to records seen by reporters. Officials declined to comment.</p>\n")
    path = tmp_path / "huge.html"
    path.write_text("<html><head><title>Harbour</title></head><body><article><h1>Harbour pump</h1>"
                    + paragraph * 40000 + "</article></body></html>", encoding="utf-8")
    return path


def test_a_large_page_reports_each_phase_and_imports_as_in_process(tmp_path: Path) -> None:
    path = _page(tmp_path, 2 * CHILD_PROCESS_CHARS)
    seen: list[tuple[int, int]] = []
    in_child = import_file(path, cancel=lambda: False, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(n, STEPS) for n in range(STEPS + 1)]  # decoded, parsed, main text, page words, done
    in_process = import_file(path)  # no cancel: the command line extracts in its own process
    assert in_child == in_process
    assert "Paragraph 1:" in in_child.text and "Sponsored offer" not in in_child.text
    assert multiprocessing.active_children() == []


def test_cancel_stops_the_extraction_of_a_large_page_within_a_second(tmp_path: Path) -> None:
    path = _huge_page(tmp_path)
    cancelled = threading.Event()
    pressed: list[float] = []
    seen: list[int] = []

    def progress(done: int, _total: int) -> None:
        seen.append(done)
        if done == 2:  # parsed: the main-text extraction is under way in the child

            def press() -> None:
                pressed.append(time.monotonic())
                cancelled.set()

            threading.Timer(0.5, press).start()

    started = time.monotonic()
    with pytest.raises(ImportCancelled):
        import_file(path, cancel=cancelled.is_set, progress=progress)
    ended = time.monotonic()
    assert pressed, "the import ended before Cancel was pressed"
    assert ended - pressed[0] < 1.0
    assert 3 not in seen  # the main text was never found: the work stopped, not only its result
    assert multiprocessing.active_children() == []  # the child process is gone
    assert ended - started < 30


def test_a_program_read_from_standard_input_still_imports_a_large_page(tmp_path: Path) -> None:
    """A "spawn" child cannot re-import a main program read from stdin; the page is extracted in-process."""
    import subprocess
    import sys

    path = _page(tmp_path, 2 * CHILD_PROCESS_CHARS)
    script = (
        "from pathlib import Path\n"
        "from workbench.documents.importers import import_file\n"
        f"doc = import_file(Path({str(path)!r}), cancel=lambda: False)\n"
        "print('imported', 'Paragraph 1:' in doc.text)\n"
    )
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported True"
