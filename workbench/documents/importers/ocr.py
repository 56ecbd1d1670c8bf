"""Text recognition, offline, with Tesseract (the Debian ``tesseract-ocr`` package).

We run the ``tesseract`` program once per page, on the page image written
to a private temporary file, and read its text and TSV output, which gives every word with its
confidence. From that we build canonical text (words, lines, paragraphs)
and remember where the words Tesseract was unsure of are (``low_confidence``:
offsets in the document text) so the app can mark them for checking
against the image. Running the program, rather than binding the library,
means a cancel can stop it at once (the process is killed) and a crash in
Tesseract cannot take the app down.

Languages: chosen by the user (``eng``, ``rus``, ``ukr``, ``kor``, or
several joined with ``+``) or detected: Tesseract's script detection (OSD)
on the first page says Latin, Cyrillic or Hangul, which picks the models.
For Cyrillic both Russian and Ukrainian models are used and the text's
letters (і ї є ґ occur only in Ukrainian) say which one to record.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .base import CancelFn, DocumentImportError, ImportCancelled, ProgressFn, report

ENGINE = "tesseract"
#: The languages the app offers (Tesseract model names) and their names for people.
LANGUAGES = {"eng": "English", "rus": "Russian", "ukr": "Ukrainian", "kor": "Korean"}
#: Words recognised with less confidence than this (0-100) are marked for checking.
LOW_CONFIDENCE = 60
#: How often a running recognition looks at the cancel flag (seconds).
POLL_SECONDS = 0.1

_SCRIPTS = {"Latin": ("eng",), "Cyrillic": ("ukr", "rus"), "Hangul": ("kor", "eng"),
            "Korean": ("kor", "eng")}
_UKRAINIAN = re.compile(r"[ієїґІЄЇҐ]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
NO_TEXT_REASON = "no readable text (text recognition found none)"


@dataclass
class Recognised:
    """Text of one or more pages with what the recogniser thought of it."""

    pages: list[str] = field(default_factory=list)
    #: (page index, start, end) of uncertain words, offsets within the page text.
    uncertain: list[tuple[int, int, int]] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    languages: tuple[str, ...] = ()

    @property
    def mean_confidence(self) -> float | None:
        return round(sum(self.confidences) / len(self.confidences), 1) if self.confidences else None


def tesseract(path: Path) -> str:
    """The tesseract program, or a refusal saying how to get it."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise DocumentImportError(path, "text recognition needs Tesseract, which is not installed "
                                        "(Debian/Ubuntu: apt install tesseract-ocr)")
    return exe


def installed_languages() -> set[str]:
    exe = shutil.which("tesseract")
    if exe is None:
        return set()
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {line.strip() for line in out.splitlines()[1:] if line.strip()}


def parse_languages(path: Path, value: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """``"eng+rus"`` or ``["eng", "rus"]`` checked against what is installed; ``None``/"auto" = detect."""
    if value is None:
        return None
    parts = value.replace(",", "+").split("+") if isinstance(value, str) else list(value)
    chosen = tuple(p.strip().lower() for p in parts if p.strip())
    if not chosen or chosen == ("auto",):
        return None
    have = installed_languages()
    missing = [c for c in chosen if c not in have or c == "osd"]
    if missing:
        offered = ", ".join(sorted(have - {"osd"})) or "none"
        raise DocumentImportError(path, f"no text recognition model for {', '.join(missing)} "
                                        f"(installed: {offered})")
    return chosen


def _run(path: Path, args: list[str], image: bytes, cancel: CancelFn | None, output: str = "stdout"
         ) -> tuple[int, str, str]:
    """Run tesseract on one page image; killed within POLL_SECONDS of a cancel.

    The image goes through a private temporary file rather than standard
    input: ``Popen.communicate`` cannot resume writing input after a timeout,
    and we need the timeouts to look at the cancel flag.
    """
    env = dict(os.environ)
    env.setdefault("OMP_THREAD_LIMIT", "1")  # one page per process; threads only add contention
    with tempfile.TemporaryDirectory(prefix="vwb-ocr-in-") as tmp:
        source = os.path.join(tmp, "page.png")
        with open(source, "wb") as handle:
            handle.write(image)
        try:
            proc = subprocess.Popen([tesseract(path), source, output, *args], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        except OSError as error:
            raise DocumentImportError(path, f"cannot start Tesseract: {error.strerror or error}") from None
        try:
            while True:
                if cancel is not None and cancel():
                    raise ImportCancelled()
                try:
                    out, err = proc.communicate(timeout=POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    pass
        except BaseException:
            proc.kill()
            proc.wait()
            raise
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def detect_script(path: Path, image: bytes, cancel: CancelFn | None) -> tuple[str, ...] | None:
    """Models for the script Tesseract's OSD sees on the page; ``None`` when it cannot tell."""
    code, out, _err = _run(path, ["--psm", "0", "-l", "osd"], image, cancel)
    if code != 0:
        return None
    match = re.search(r"^Script:\s*(\w+)", out, re.MULTILINE)
    return _SCRIPTS.get(match.group(1)) if match else None


def recognise_page(path: Path, image: bytes, languages: Sequence[str], cancel: CancelFn | None
                   ) -> tuple[str, list[tuple[int, int]], list[float]]:
    """One page: its text, the spans of uncertain words and every word's confidence.

    Tesseract's automatic layout analysis (page segmentation mode 3) finds
    nothing in some small screenshots that it reads well as one block of
    text (mode 6), so an empty page is tried once more that way.
    """
    found = _recognise(path, image, languages, cancel, "3")
    return found if found[0] else _recognise(path, image, languages, cancel, "6")


def _recognise(path: Path, image: bytes, languages: Sequence[str], cancel: CancelFn | None, psm: str
               ) -> tuple[str, list[tuple[int, int]], list[float]]:
    """Text from Tesseract's own text output (it knows where the spaces go, also in
    Korean); word confidences from its TSV output of the same run, found in order."""
    with tempfile.TemporaryDirectory(prefix="vwb-ocr-") as tmp:
        base = os.path.join(tmp, "page")
        code, _out, err = _run(path, ["-l", "+".join(languages), "--psm", psm, "txt", "tsv"], image, cancel,
                               output=base)
        if code != 0:
            lines = [ln for ln in err.splitlines() if ln.strip() and "Estimating resolution" not in ln]
            detail = lines[-1].strip()[:160] if lines else f"exit status {code}"
            raise DocumentImportError(path, f"text recognition failed ({detail})")
        with open(base + ".txt", encoding="utf-8", errors="replace") as handle:
            raw = handle.read()
        with open(base + ".tsv", encoding="utf-8", errors="replace") as handle:
            tsv = handle.read()
    text = unicodedata.normalize("NFC", raw.replace("\x0c", ""))
    # Lines without a single letter or digit ("| >", "\\") are specks and edges, not text.
    text = "\n".join(line for line in text.split("\n") if not line.strip() or any(c.isalnum() for c in line))
    text = _BLANK_LINES.sub("\n\n", _TRAILING_SPACE.sub("\n", text)).strip()
    uncertain: list[tuple[int, int]] = []
    confidences: list[float] = []
    readable = False
    pos = 0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = unicodedata.normalize("NFC", cols[11].strip())
        try:
            conf = float(cols[10])
        except ValueError:
            continue
        if not word or conf < 0:
            continue
        confidences.append(conf)
        readable = readable or (conf >= LOW_CONFIDENCE and sum(c.isalnum() for c in word) >= 2)
        at = text.find(word, pos)
        if at < 0:
            continue
        pos = at + len(word)
        if conf < LOW_CONFIDENCE:
            uncertain.append((at, pos))
    if not readable:
        # Specks and textures read as "_— ff": no word of two letters read with confidence.
        return "", [], []
    return text, uncertain, confidences


_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def _recorded_languages(languages: tuple[str, ...], text: str) -> tuple[str, ...]:
    """The languages to record: for Russian and Ukrainian together, the one the letters show."""
    if set(languages) >= {"rus", "ukr"} and _CYRILLIC.search(text):
        chosen = "ukr" if _UKRAINIAN.search(text) else "rus"
        return (chosen,) + tuple(lang for lang in languages if lang not in ("rus", "ukr"))
    if "kor" in languages and not _HANGUL.search(text):
        return tuple(lang for lang in languages if lang != "kor") or languages
    return languages


def workers() -> int:
    """Pages recognised at once: one Tesseract process per core (each one single-threaded), at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def recognise(path: Path, total: int, page_png: Callable[[int], bytes], languages: tuple[str, ...] | None,
              cancel: CancelFn | None = None, progress: ProgressFn | None = None) -> Recognised:
    """Recognise ``total`` pages, each made by ``page_png(i)`` only when its turn comes.

    Pages are recognised by :func:`workers` Tesseract processes at once (a
    page is rendered while others are read), with at most one page waiting
    per worker, so memory stays bounded however long the scan. Progress is
    one step per page, in page order. A cancel, or a failure on one page,
    stops every running process. Without chosen languages the script that
    OSD sees on the first page picks them (English when it cannot tell).
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    tesseract(path)
    result = Recognised()
    report(progress, 0, total)
    if total == 0:
        result.languages = languages or ("eng",)
        return result
    stop = threading.Event()

    def halted() -> bool:
        return stop.is_set() or (cancel is not None and cancel())

    chosen = languages
    first: bytes | None = None
    if chosen is None:
        first = page_png(0)
        chosen = detect_script(path, first, halted) or ("eng",)
    langs = chosen

    def one(index: int, image: bytes | None) -> tuple[str, list[tuple[int, int]], list[float]]:
        if halted():
            raise ImportCancelled()
        return recognise_page(path, image if image is not None else page_png(index), langs, halted)

    pool = ThreadPoolExecutor(max_workers=workers(), thread_name_prefix="vwb-ocr")
    pending: dict[int, Future[tuple[str, list[tuple[int, int]], list[float]]]] = {}
    try:
        submitted = 0
        for index in range(total):
            while submitted < total and submitted < index + workers() + 1:
                pending[submitted] = pool.submit(one, submitted, first if submitted == 0 else None)
                submitted += 1
            text, uncertain, confidences = pending.pop(index).result()
            if cancel is not None and cancel():
                raise ImportCancelled()
            result.pages.append(text)
            result.uncertain.extend((index, s, e) for s, e in uncertain)
            result.confidences.extend(confidences)
            report(progress, index + 1, total)
            if cancel is not None and cancel():
                raise ImportCancelled()
    finally:
        stop.set()  # running Tesseract processes are killed within POLL_SECONDS
        pool.shutdown(wait=True, cancel_futures=True)
    result.languages = _recorded_languages(langs, "\n".join(result.pages))
    return result
