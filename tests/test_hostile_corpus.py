"""The hostile corpus (issue 19): every hostile input, built here, against every ``vwb`` command
that takes it.

Four kinds of case, one table each:

- crafted PROJECTS (bad headers, damaged pages and freelists, a crafted journal, schema tricks,
  oversized and out-of-range values, NaN settings), run through every command that reads a
  project: check, dump, assess, memo, export, graph, suggest, copy, both sides of merge, load
  and import into it;
- hostile DOCUMENTS (binary as .txt, PDF decompression bombs, plain and ASCIIHex-wrapped, an
  image bomb, a zip-bomb DOCX, an oversized file, a FIFO, a link to the project itself), through
  import and suggest;
- hostile EXCHANGE files (oversized, a FIFO, /dev/zero, binary, nested 50,000 deep, a value the
  open check would refuse), through load;
- careless OUTPUTS (the project itself, a link to it, a hard link, a project open for writing),
  through memo, export, dump and copy.

Each run must exit 2 with exactly one line on stderr naming the file and the reason, no
traceback, every input byte unchanged (SHA-256 of every file in the case's folder before and
after), nothing left behind, and finish within ``REFUSAL_BOUND_S``. Commands run in this process
through ``vwb``'s own ``main()`` (``capfd`` sees what C libraries print on the real stderr too),
in a worker thread so that a hang fails its test instead of stopping the suite.

The builders of the older per-defect tests are used as they are, so those cases stay here too.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import fixtures_docs as F
from tests.conftest import run_sql
from tests.fixtures_images import png_claiming_size
from tests.test_hostile_files import CORPUS as FILE_CORPUS
from tests.test_hostile_files import REFUSAL_BOUND_S, nested_json_in_a_merge_event
from tests.test_reliability import CHECK_CASES, SCHEMA_CASES, _claim_and_evidence, _crafted_journal
from tests.test_reliability import _rewrite_definition as rewrite_definition
from workbench import safeio
from workbench.cli.main import main as vwb_main
from workbench.demo import write_demo
from workbench.service import ProjectService
from workbench.store import projectfile as pf

HANG_S = 120.0  # the watchdog: far past REFUSAL_BOUND_S, only a true hang reaches it

# --------------------------------------------------------------------------- running one command


def _hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every regular file under ``folder`` (FIFOs and links are named, not read)."""
    out: dict[str, str] = {}
    for p in sorted(folder.rglob("*")):
        if p.is_symlink():
            out[p.name] = "link -> " + os.readlink(p)
        elif p.is_fifo():
            out[p.name] = "fifo"
        elif p.is_file():
            h = hashlib.sha256()
            with open(p, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):  # noqa: B023 - fh is this loop's
                    h.update(block)
            out[p.name] = h.hexdigest()
        else:
            out[p.name] = "folder"
    return out


def _run(args: list[str]) -> int:
    """``vwb args`` in a worker thread, so that a hang fails this test (the thread is left behind)
    instead of stopping the suite."""
    result: list[int] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            result.append(vwb_main(args))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failure.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(HANG_S)
    if worker.is_alive():
        pytest.fail(f"vwb {' '.join(args)} hung for {HANG_S:.0f} s")
    if failure:
        raise failure[0]
    return result[0]


def refused(capfd: pytest.CaptureFixture[str], args: list[str], folder: Path, names: str, reason: str,
            outputs: Path | None = None) -> str:
    """Run ``vwb args`` in this process; assert the one-line refusal contract; return the line."""
    capfd.readouterr()
    before = _hashes(folder)
    started = time.monotonic()
    code = _run([str(a) for a in args])
    took = time.monotonic() - started
    out, err = capfd.readouterr()
    lines = err.strip().splitlines()
    assert code == 2, (args, code, err[-500:])
    assert "Traceback" not in err, err[-2000:]
    assert len(lines) == 1, f"{len(lines)} lines: {err[-2000:]}"
    assert names in lines[0], (names, lines[0])
    assert reason in lines[0], (reason, lines[0])
    assert ".tmp" not in lines[0], lines[0]
    assert _hashes(folder) == before, "an input was changed or a file was left behind"
    if outputs is not None:
        assert sorted(p.name for p in outputs.iterdir()) == [], "an output was left behind"
    assert took < REFUSAL_BOUND_S, f"took {took:.1f} s"
    return lines[0]


# --------------------------------------------------------------------------- crafted projects


def _sql_case(statement: str) -> Callable[[Path], None]:
    def build(p: Path) -> None:
        e, c, o = _claim_and_evidence(p)
        run_sql(p, statement.format(e=e, c=c, o=o))
    return build


def _schema_case(args: tuple[str, str, str]) -> Callable[[Path], None]:
    def build(p: Path) -> None:
        rewrite_definition(p, *args)
    return build


def crafted_journal(p: Path) -> None:
    _crafted_journal(p)


def bad_magic(p: Path) -> None:
    raw = bytearray(p.read_bytes())
    raw[:16] = b"Not a database!\x00"
    p.write_bytes(bytes(raw))


def foreign_sqlite_file(p: Path) -> None:
    p.unlink()
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE claim (id TEXT)")
    conn.commit()
    conn.close()


def wrong_application_id(p: Path) -> None:
    with open(p, "r+b") as fh:
        fh.seek(68)
        fh.write(struct.pack(">I", 0x12345678))


def empty_file(p: Path) -> None:
    p.write_bytes(b"")


def a_folder(p: Path) -> None:
    p.unlink()
    p.mkdir()


def a_fifo(p: Path) -> None:
    p.unlink()
    os.mkfifo(p)


# Text whose bytes are not UTF-8 (SQLite stores TEXT bytes unchecked; Python cannot read them back):
# a cp1252 "è" in a column no command but dump reads, a multi-byte sequence cut short at the end
# of a history entry, and a stray continuation byte in a document's text (the one large column).
BAD_UTF8_CASES: dict[str, tuple[str, str]] = {
    "cp1252-source-notes": ("UPDATE source SET notes = CAST(X'4C6566E8767265' AS TEXT) "
                            "WHERE rowid = (SELECT max(rowid) FROM source)", "column 'notes' in table 'source'"),
    "cut-sequence-event-summary": ("UPDATE event SET summary = CAST(CAST(summary AS BLOB) || X'E282' AS TEXT) "
                                   "WHERE seq = (SELECT min(seq) FROM event)", "column 'summary' in table 'event'"),
    "stray-byte-document-text": ("UPDATE document SET text = CAST(X'80' || CAST(text AS BLOB) AS TEXT)",
                                 "column 'text' in table 'document'"),
}

PROJECT_CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    **{b.__name__: (b, reason) for b, reason, _ in FILE_CORPUS},
    **{f"utf8-{k}": (_sql_case(sql), f"text that is not valid UTF-8 in {where}")
       for k, (sql, where) in sorted(BAD_UTF8_CASES.items())},
    "nested_json_in_a_merge_event": (nested_json_in_a_merge_event, ""),
    **{f"value-{k}": (_sql_case(v), "") for k, v in sorted(CHECK_CASES.items())},
    **{f"schema-{k}": (_schema_case(v), "") for k, v in sorted(SCHEMA_CASES.items())},
    "crafted_journal": (crafted_journal, "journal"),
    "bad_magic": (bad_magic, ""),
    "foreign_sqlite_file": (foreign_sqlite_file, ""),
    "wrong_application_id": (wrong_application_id, ""),
    "empty_file": (empty_file, ""),
    "a_folder": (a_folder, ""),
    "a_fifo": (a_fifo, ""),
}

PROJECT_COMMANDS: dict[str, list[str]] = {
    "check": ["check", "{p}"],
    "dump": ["dump", "{p}", "-o", "{out}/dump.json"],
    "assess": ["assess", "{p}", "--json"],
    "memo": ["memo", "{p}", "-o", "{out}/memo.md", "--format", "md"],
    "export": ["export", "{p}", "--format", "csv", "-o", "{out}/export.csv"],
    "graph": ["graph", "{p}", "-o", "{out}/graph.svg"],
    "suggest": ["suggest", "{p}"],
    "copy": ["copy", "{p}", "{out}/copy.db"],
    "merge-from": ["merge", "{good}", "{p}"],
    "merge-into": ["merge", "{p}", "{good}"],
    "load-into": ["load", "{p}", "{exchange}"],
    "import-into": ["import", "{p}", "{document}"],
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write_demo(tmp_path_factory.mktemp("pristine") / "demo.db", analyst="tester").read_bytes()


_BUILT: dict[str, Path] = {}


@pytest.fixture(scope="module")
def built_projects(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Each case is built once, on first use, and shared by its commands (which must not change it)."""
    yield _BUILT
    for folder in _BUILT.values():
        shutil.rmtree(folder, ignore_errors=True)  # the large cases are 100 MB each
    _BUILT.clear()


def _project_case(name: str, pristine: bytes, factory: pytest.TempPathFactory) -> Path:
    if name not in _BUILT:
        folder = factory.mktemp(name)
        good = folder / "good.db"
        good.write_bytes(pristine)
        colleague = ProjectService.open(good, analyst="colleague")
        colleague.add_claim("A change of theirs, so each copy has history of its own")
        colleague.close()
        p = folder / "hostile.db"
        p.write_bytes(pristine)
        (folder / "good.json").write_text(json.dumps({"claims": [{"id": "c-new", "text": "A new claim"}]}))
        (folder / "good.txt").write_text("The minister said on Tuesday that the bridge would reopen.\n")
        PROJECT_CASES[name][0](p)
        _BUILT[name] = folder
    return _BUILT[name]


@pytest.mark.parametrize("command", sorted(PROJECT_COMMANDS))
@pytest.mark.parametrize("case", list(PROJECT_CASES))
def test_a_crafted_project_is_refused_by_every_command(case: str, command: str, pristine: bytes,
                                                       built_projects: dict[str, Path],
                                                       tmp_path_factory: pytest.TempPathFactory,
                                                       tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    folder = _project_case(case, pristine, tmp_path_factory)
    p = folder / "hostile.db"
    args = [a.format(p=p, out=tmp_path, good=folder / "good.db", exchange=folder / "good.json",
                     document=folder / "good.txt") for a in PROJECT_COMMANDS[command]]
    refused(capfd, args, folder, str(p), PROJECT_CASES[case][1], outputs=tmp_path)


# --------------------------------------------------------------------------- hostile documents


def _pdf_bomb(folder: Path) -> Path:
    return F.make_pdf_bomb(folder, "report.pdf")


def _pdf_bomb_in_hex(folder: Path) -> Path:
    return F.make_pdf_bomb(folder, "hexed.pdf", inflated=256 * 1024 * 1024, wrap="hex")


def _image_bomb(folder: Path) -> Path:
    path = folder / "photo.png"
    path.write_bytes(png_claiming_size(50_000, 50_000))
    return path


def _zip_bomb(folder: Path) -> Path:
    return F.make_zip_bomb_docx(folder, "invoice.docx")


def _binary_txt(folder: Path) -> Path:
    return F.make_binary_txt(folder, "notes.txt")


def _oversized(folder: Path) -> Path:
    return F.make_oversize_file(folder, "huge.txt")


def _fifo_doc(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _link_to_project(folder: Path) -> Path:
    path = folder / "article.txt"
    path.symlink_to("project.db")
    return path


def _damaged_pdf(folder: Path) -> Path:
    return F.make_damaged_pdf(folder, "damaged.pdf")


def _encrypted_pdf(folder: Path) -> Path:
    return F.make_encrypted_pdf(folder, "locked.pdf")


DOCUMENT_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "pdf-bomb": (_pdf_bomb, "decompression bomb"),
    "pdf-bomb-in-ascii-hex": (_pdf_bomb_in_hex, "decompression bomb"),
    "image-bomb": (_image_bomb, "megapixels"),
    "zip-bomb-docx": (_zip_bomb, "zip bomb"),
    "binary-as-txt": (_binary_txt, ""),
    "oversized": (_oversized, ""),
    "fifo": (_fifo_doc, ""),
    "link-to-the-project": (_link_to_project, ""),
    "damaged-pdf": (_damaged_pdf, "damaged PDF"),
    "encrypted-pdf": (_encrypted_pdf, "encrypted"),
}
DOCUMENT_COMMANDS = {"import": ["import", "{p}", "{d}"], "suggest": ["suggest", "{d}"]}
#: ``vwb suggest P.db`` reads a project's first document: a link to a project is a project to it.
NOT_HOSTILE_TO = {("link-to-the-project", "suggest")}
_DOCS: dict[str, tuple[Path, Path]] = {}


@pytest.mark.parametrize("case,command", [(c, m) for c in DOCUMENT_CASES for m in sorted(DOCUMENT_COMMANDS)
                                          if (c, m) not in NOT_HOSTILE_TO])
def test_a_hostile_document_is_refused_by_every_command(case: str, command: str, pristine: bytes,
                                                        tmp_path_factory: pytest.TempPathFactory,
                                                        capfd: pytest.CaptureFixture[str]) -> None:
    if case not in _DOCS:
        folder = tmp_path_factory.mktemp(case)
        (folder / "project.db").write_bytes(pristine)
        _DOCS[case] = (folder, DOCUMENT_CASES[case][0](folder))
    folder, doc = _DOCS[case]
    args = [a.format(p=folder / "project.db", d=doc) for a in DOCUMENT_COMMANDS[command]]
    refused(capfd, args, folder, doc.name, DOCUMENT_CASES[case][1])


# --------------------------------------------------------------------------- hostile exchange files


def _ex_oversized(folder: Path) -> Path:
    path = folder / "big.json"
    with open(path, "wb") as fh:
        fh.truncate(safeio.MAX_EXCHANGE_BYTES + 1)  # sparse: costs no disk
    return path


def _ex_fifo(folder: Path) -> Path:
    path = folder / "pipe.json"
    os.mkfifo(path)
    return path


def _ex_binary(folder: Path) -> Path:
    path = folder / "photo.json"
    path.write_bytes(png_claiming_size(10, 10))
    return path


def _ex_nested(folder: Path) -> Path:
    path = folder / "nested.json"
    path.write_text('{"claims": ' + "[" * 50_000 + "]" * 50_000 + "}")
    return path


def _ex_value(folder: Path) -> Path:
    path = folder / "values.json"
    path.write_text(json.dumps({"claims": [{"id": "c-big", "text": "x" * (10 * 1024 * 1024)}]}))
    return path


def _ex_nan(folder: Path) -> Path:
    path = folder / "nan.json"
    path.write_text('{"project": {"settings": {"prior_weight": NaN}}}')
    return path


def _ex_dev_zero(folder: Path) -> Path:
    return Path("/dev/zero")


EXCHANGE_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "oversized": (_ex_oversized, "too large"),
    "fifo": (_ex_fifo, "not a regular file"),
    "dev-zero": (_ex_dev_zero, "not a regular file"),
    "binary": (_ex_binary, ""),
    "nested": (_ex_nested, ""),
    "oversized-value": (_ex_value, "text"),
    "nan-setting": (_ex_nan, "prior_weight"),
}


@pytest.mark.parametrize("case", list(EXCHANGE_CASES))
@pytest.mark.parametrize("new_project", [False, True], ids=["into-a-project", "into-a-new-project"])
def test_a_hostile_exchange_file_is_refused_by_load(case: str, new_project: bool, pristine: bytes,
                                                    tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / ("new.db" if new_project else "project.db")
    if not new_project:
        project.write_bytes(pristine)
    exchange = EXCHANGE_CASES[case][0](tmp_path)
    refused(capfd, ["load", project, exchange], tmp_path, str(exchange), EXCHANGE_CASES[case][1])
    assert project.exists() != new_project  # a refused load into a new project leaves none behind


# --------------------------------------------------------------------------- careless outputs

OUTPUT_COMMANDS: dict[str, list[str]] = {
    "memo-md": ["memo", "{p}", "-o", "{o}", "--format", "md"],
    "memo-html": ["memo", "{p}", "-o", "{o}", "--format", "html"],
    "memo-pdf": ["memo", "{p}", "-o", "{o}", "--format", "pdf"],
    "export-csv": ["export", "{p}", "--format", "csv", "-o", "{o}"],
    "export-annotations": ["export", "{p}", "--format", "annotations", "-o", "{o}"],
    "dump": ["dump", "{p}", "-o", "{o}"],
    "copy": ["copy", "{p}", "{o}"],
    "graph": ["graph", "{p}", "-o", "{o}"],
}
TARGETS = ["the-project", "a-symlink-to-it", "a-hard-link-to-it", "an-open-project", "a-link-to-an-open-project",
           "a-fifo", "a-folder"]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_an_output_never_lands_on_a_project_or_a_special_file(command: str, target: str, pristine: bytes,
                                                              tmp_path: Path,
                                                              capfd: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project.db"
    project.write_bytes(pristine)
    other = tmp_path / "open.db"
    other.write_bytes(pristine)
    out = {
        "the-project": project, "a-symlink-to-it": tmp_path / "link.db", "a-hard-link-to-it": tmp_path / "hard.db",
        "an-open-project": other, "a-link-to-an-open-project": tmp_path / "open-link.db",
        "a-fifo": tmp_path / "pipe", "a-folder": tmp_path / "folder",
    }[target]
    if target == "a-symlink-to-it":
        out.symlink_to(project.name)
    elif target == "a-hard-link-to-it":
        os.link(project, out)
    elif target == "a-link-to-an-open-project":
        out.symlink_to(other.name)
    elif target == "a-fifo":
        os.mkfifo(out)
    elif target == "a-folder":
        out.mkdir()
    app = ProjectService.open(other) if "open" in target else None  # holds the writer lock, as the app does
    try:
        args = [a.format(p=project, o=out) for a in OUTPUT_COMMANDS[command]]
        refused(capfd, args, tmp_path, str(out), "open" if "open" in target else "")
    finally:
        if app is not None:
            app.close()
    assert pf.verify(project) and pf.verify(other)
