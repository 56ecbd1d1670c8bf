"""PDFium in a child process with a memory cap and a time limit.

Why: PDFium inflates a whole stream before using it, whatever its filter. The Flate streams of a PDF
are measured before anything opens it (:func:`workbench.documents.importers.pdf.check_inflation`),
but LZW, JBIG2, JPX, CCITT and DCT data cannot be measured without decoding it, and a 1 MB LZW
stream that decodes to 2.7 GB made PDFium abort the whole process (the app or ``vwb``) when it
could not get the memory. So every PDFium call for an import (opening, text, page count, page
pictures for text recognition and for the document view) runs in a child process whose address
space is capped (``RLIMIT_AS``) and whose processor time is limited per request
(``RLIMIT_CPU``), with a wall-clock limit on top. A bomb then costs the child, not us: the file is
refused in one line ("too large when decompressed ..."), nothing is written, and the caller goes on.

The child is started once and kept while idle, so an import after the first one pays no start-up
(:func:`reader` hands out the idle child, or starts one when it is busy or gone). It keeps the last
document it opened, so the document view can ask for page after page without sending the file again.
Cancel kills the child within one poll (:data:`POLL_SECONDS`). pypdf, which repairs some damage
PDFium does not, runs in the same capped child when PDFium cannot open a file.

The protocol is framed JSON with an optional binary payload (never pickle: a child that a hostile
file took over must not be able to run code in this process by what it sends back).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import queue
import re
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import IO, Any

from workbench.documents.canonical import canonical_text

#: The child's address space beyond what it holds once started (about 30 MB): a 600 dpi colour A4
#: page image is about 100 MB decoded and PDFium keeps a few copies while it renders.
MAX_MEMORY_BYTES = 1024 * 1024 * 1024
#: Processor time one request (a file's text, or one page's picture) may take in the child.
MAX_CPU_SECONDS = 60
#: Wall-clock time one request may take (a loaded machine slows the child; a hang never ends).
MAX_WALL_SECONDS = 240.0
#: How often a waiting caller looks at its cancel flag.
POLL_SECONDS = 0.05
#: How often the child reports a page done (the last page is reported with the text).
_PROGRESS_SECONDS = 0.05
#: The largest reply the parent reads: a header (page count, metadata) and a payload (all the text
#: as UTF-8 JSON, at most 4 bytes a character of the 50 MB limit, or one page's PNG). A child that
#: a hostile file took over cannot make this process allocate more.
_MAX_HEADER_BYTES = 16 * 1024 * 1024
_MAX_PAYLOAD_BYTES = 256 * 1024 * 1024
#: The child's exit code when Python itself could not get memory.
_OUT_OF_MEMORY = 3

PAGE_SEPARATOR = "\n\n"
#: Reasons the child gives as words for the importer to phrase.
ENCRYPTED = "encrypted"
TOO_MUCH_TEXT = "too much text"

# Control characters PDFium emits for layout (e.g. U+0002 for a line-end
# hyphen it generated, U+FFFE); they are not text a reader sees.
_LAYOUT_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def clean_page(raw: str) -> str:
    """Canonical text of one page, without layout control characters."""
    text = canonical_text(raw)
    text = text.replace("\x02", "-")
    text = _LAYOUT_CHARS.sub("", text)
    return _TRAILING_SPACE.sub("\n", text).strip()


class ReaderRefused(Exception):
    """The child refused the file or died on it; ``reason`` is the one line to show after the file's name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ReaderCancelled(Exception):
    """The caller's cancel flag was seen while the child worked; the child was killed."""


class ReaderUnavailable(Exception):
    """The child could not be started (no interpreter to run it); the caller may read in-process."""


# --- the parent side --------------------------------------------------------------------------

def child_command() -> list[str]:
    """How to start a reader child: this module as a program (the frozen app: itself, by entry name)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]  # packaging/entry.py dispatches on VWB_ENTRY=pdf-reader
    return [sys.executable, "-m", "workbench.documents.pdfreader"]


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


class _Child:
    """One running reader process and the thread that turns its output into messages."""

    def __init__(self, memory: int) -> None:
        self.memory = memory
        env = dict(os.environ, VWB_ENTRY="pdf-reader", PYTHONUNBUFFERED="1")
        try:
            self.process = subprocess.Popen(child_command() + [str(memory)], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        except OSError as error:
            raise ReaderUnavailable(str(error)) from None
        self.messages: queue.Queue[tuple[dict[str, Any], bytes] | None] = queue.Queue()
        self.opened: str | None = None  # sha256 of the document the child holds
        self._reader = threading.Thread(target=self._read, name="workbench-pdf-reader-output", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        try:
            while True:
                head = _read_exactly(stream, 4)
                if head is None:
                    break
                length = struct.unpack(">I", head)[0]
                if length > _MAX_HEADER_BYTES:
                    break  # not what our child sends: treat it as dead
                header = json.loads(_read_exactly(stream, length) or b"null")
                if not isinstance(header, dict):
                    break
                size = int(header.get("size", 0))
                if not 0 <= size <= _MAX_PAYLOAD_BYTES:
                    break
                payload = _read_exactly(stream, size) if size else b""
                if payload is None:
                    break
                self.messages.put((header, payload))
        except (OSError, ValueError):
            pass
        self.messages.put(None)

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, header: dict[str, Any], payload: bytes = b"") -> None:
        stream = self.process.stdin
        assert stream is not None
        body = json.dumps(dict(header, size=len(payload))).encode("utf-8")
        try:
            stream.write(struct.pack(">I", len(body)) + body)
            if payload:
                stream.write(payload)
            stream.flush()
        except (OSError, ValueError):
            pass  # it died: the reply loop sees the end of its output

    def kill(self) -> None:
        """End the child now (if it has not ended) and reap it."""
        self.reap(patience=0.0)

    def reap(self, patience: float = 0.0) -> int:
        """Reap the child, killing it if it has not ended within ``patience`` seconds; its exit status."""
        process = self.process
        try:
            process.wait(timeout=patience)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                process.kill()
            process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._reader.join(1.0)
        return int(process.returncode or 0)


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    parts = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


_idle_lock = threading.Lock()
_idle: _Child | None = None


def _take_child() -> _Child:
    global _idle
    with _idle_lock:
        child, _idle = _idle, None
    if child is not None and child.alive() and child.memory == MAX_MEMORY_BYTES:
        return child
    if child is not None:
        child.kill()
    return _Child(MAX_MEMORY_BYTES)


def _give_back(child: _Child) -> None:
    global _idle
    if not child.alive():
        child.reap()
        return
    with _idle_lock:
        if _idle is None:
            _idle, child = child, None  # type: ignore[assignment]
    if child is not None:
        child.kill()


class PdfReader:
    """One open PDF in a reader child: its page count, metadata, text and page pictures.

    Every method raises :class:`ReaderRefused` (with the reason to show), :class:`ReaderCancelled`
    or, from the constructor, :class:`ReaderUnavailable`. Use as a context manager: leaving gives
    the child back for the next reader, or ends it if it was killed or is no longer needed."""

    def __init__(self, data: bytes, cancel: Callable[[], bool] | None = None) -> None:
        self._cancel = cancel
        self._lock = threading.Lock()  # text recognition asks for pages from several threads
        self._failure: ReaderRefused | ReaderCancelled | None = None
        self._child: _Child | None = _take_child()
        digest = hashlib.sha256(data).hexdigest()
        try:
            if self._child.opened == digest:
                reply, _ = self._ask({"op": "info"})
            else:
                self._child.opened = None
                reply, _ = self._ask({"op": "open"}, data)
                self._child.opened = digest
        except BaseException:
            self.close()
            raise
        self.pages = int(reply.get("pages", 0))
        self.reader = str(reply.get("reader", "pdfium"))
        self.meta: dict[str, str] = {str(k): str(v) for k, v in dict(reply.get("meta") or {}).items()}

    def __enter__(self) -> PdfReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            child, self._child = self._child, None
        if child is not None:
            _give_back(child)

    def text(self, max_chars: int, progress: Callable[[int, int], None] | None = None) -> list[str]:
        """Every page's cleaned text; refused once their total passes ``max_chars``."""
        reply, payload = self._ask({"op": "text", "max_chars": max_chars}, progress=progress)
        try:
            pages = json.loads(payload.decode("utf-8", "surrogatepass"))
        except ValueError:
            pages = None
        if not isinstance(pages, list) or not all(isinstance(page, str) for page in pages):
            raise ReaderRefused("damaged PDF: the PDF reader's answer could not be read")
        return pages

    def render(self, index: int, dpi: int, max_pixels: int) -> bytes:
        """Page ``index`` as grayscale PNG bytes at ``dpi`` (lower when it would pass ``max_pixels``)."""
        return self._ask({"op": "render", "index": index, "dpi": dpi, "max_pixels": max_pixels})[1]

    def _ask(self, header: dict[str, Any], payload: bytes = b"",
             progress: Callable[[int, int], None] | None = None) -> tuple[dict[str, Any], bytes]:
        with self._lock:
            if self._failure is not None:  # another thread's request ended the child: the same reason
                raise type(self._failure)(*self._failure.args)
            try:
                return self._ask_child(header, payload, progress)
            except (ReaderRefused, ReaderCancelled) as failure:
                if self._child is None:
                    self._failure = failure
                raise

    def _ask_child(self, header: dict[str, Any], payload: bytes,
                   progress: Callable[[int, int], None] | None) -> tuple[dict[str, Any], bytes]:
        child = self._child
        if child is None:
            raise ReaderRefused("the PDF reader is closed")
        child.send(dict(header, cpu=MAX_CPU_SECONDS), payload)
        deadline = time.monotonic() + MAX_WALL_SECONDS
        reusable = False
        try:
            while True:
                if self._cancel is not None and self._cancel():
                    raise ReaderCancelled()
                if time.monotonic() > deadline:
                    raise ReaderRefused(f"refused: reading it took more than {MAX_WALL_SECONDS:g} s "
                                        "(a decompression bomb?)")
                try:
                    message = child.messages.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    continue
                if message is None:
                    raise ReaderRefused(self._death_reason(child))
                reply, data = message
                if "progress" in reply:
                    if progress is not None:
                        progress(int(reply["progress"]), int(reply["total"]))
                    continue
                if "refused" in reply:
                    reusable = True  # it answered: it is still sound
                    raise ReaderRefused(str(reply["refused"]))
                return reply, data
        except BaseException:
            if not reusable:  # it died, ran out of time, or the caller cancelled: never reuse it
                self._child = None
                child.kill()
            raise

    @staticmethod
    def _death_reason(child: _Child) -> str:
        code = child.reap(patience=2.0)  # its output ended: it is exiting (or a stray child stopped talking)
        memory = child.memory
        if code == -getattr(signal, "SIGXCPU", -1000):
            return f"refused: reading it took more than {MAX_CPU_SECONDS} s of processor time (a decompression bomb?)"
        # Under the cap an allocation that fails ends PDFium with abort() (SIGABRT) and Python with
        # MemoryError (our exit code 3). A crash of another kind is named as it is.
        if code in (_OUT_OF_MEMORY, -getattr(signal, "SIGABRT", -1000)):
            return (f"refused: too large when decompressed: reading it needs more than {_mb(memory)} of memory "
                    "(a decompression bomb?)")
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        with contextlib.suppress(ValueError):
            how = signal.Signals(-code).name if code < 0 else how
        return f"damaged PDF: the PDF reader stopped on it ({how})"


@contextlib.contextmanager
def reader(data: bytes, cancel: Callable[[], bool] | None = None) -> Iterator[PdfReader]:
    """A :class:`PdfReader` for ``data`` that is given back when the block ends."""
    opened = PdfReader(data, cancel)
    try:
        yield opened
    finally:
        opened.close()


# --- the child side ---------------------------------------------------------------------------

def _reply(out: IO[bytes], header: dict[str, Any], payload: bytes = b"") -> None:
    body = json.dumps(dict(header, size=len(payload))).encode("utf-8")
    out.write(struct.pack(">I", len(body)) + body)
    if payload:
        out.write(payload)
    out.flush()


class _Document:
    """The child's open document: PDFium's, or pypdf's when PDFium could not open the file."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

        self.data = data
        self.pdfium: Any = None
        self.pypdf: Any = None
        try:
            self.pdfium = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise ReaderRefused(ENCRYPTED) from None
            self._open_pypdf(error)

    def _open_pypdf(self, first: Any) -> None:
        import logging

        from pypdf import PdfReader as PypdfReader

        logging.getLogger("pypdf").addHandler(logging.NullHandler())
        try:
            reader = PypdfReader(io.BytesIO(self.data), strict=False)
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        raise ReaderRefused(ENCRYPTED)
                except ReaderRefused:
                    raise
                except Exception:  # noqa: BLE001 - unsupported algorithm or missing crypto backend
                    raise ReaderRefused(ENCRYPTED) from None
            if len(reader.pages) == 0:
                raise ValueError("no pages")
        except ReaderRefused:
            raise
        except MemoryError:
            raise
        except Exception as second:  # noqa: BLE001 - any pypdf failure means "damaged"
            raise ReaderRefused(_damage_reason(first, second)) from None
        self.pypdf = reader

    def close(self) -> None:
        if self.pdfium is not None:
            self.pdfium.close()

    def info(self) -> dict[str, Any]:
        if self.pdfium is not None:
            meta = {k: str(v) for k, v in self.pdfium.get_metadata_dict(skip_empty=True).items()}
            return {"pages": len(self.pdfium), "meta": meta, "reader": "pdfium"}
        info = self.pypdf.metadata or {}
        meta = {"Title": str(info.get("/Title") or ""), "Author": str(info.get("/Author") or ""),
                "CreationDate": str(info.get("/CreationDate") or "")}
        return {"pages": len(self.pypdf.pages), "meta": meta, "reader": "pypdf"}

    def text(self, out: IO[bytes], max_chars: int) -> list[str]:
        total = len(self.pdfium) if self.pdfium is not None else len(self.pypdf.pages)
        pages: list[str] = []
        size = 0
        told = time.monotonic()
        for index in range(total):
            text = clean_page(self._page_text(index))
            size += len(text) + len(PAGE_SEPARATOR)
            if size > max_chars:
                raise ReaderRefused(TOO_MUCH_TEXT)
            pages.append(text)
            if time.monotonic() - told >= _PROGRESS_SECONDS:  # a message a page would cost more than the page
                _reply(out, {"progress": index + 1, "total": total})
                told = time.monotonic()
        return pages

    def _page_text(self, index: int) -> str:
        if self.pdfium is None:
            try:
                return str(self.pypdf.pages[index].extract_text() or "")
            except MemoryError:
                raise
            except Exception:  # noqa: BLE001 - pypdf raises many types on broken content streams
                return ""
        import pypdfium2 as pdfium

        page = self.pdfium[index]
        try:
            textpage = page.get_textpage()
            try:
                return str(textpage.get_text_range())
            finally:
                textpage.close()
        except pdfium.PdfiumError:
            return ""  # one unreadable page should not lose the others
        finally:
            page.close()

    def render(self, index: int, dpi: int, max_pixels: int) -> bytes:
        import math

        if self.pdfium is None:
            raise ReaderRefused("damaged PDF: its pages cannot be drawn")
        page = self.pdfium[index]
        try:
            width, height = page.get_size()
            scale = dpi / 72
            if width * height * scale * scale > max_pixels:
                scale = math.sqrt(max_pixels / max(width * height, 1.0))
            image = page.render(scale=scale, grayscale=True).to_pil()
        finally:
            page.close()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()


def _damage_reason(pdfium_error: Any, pypdf_error: BaseException) -> str:
    """One readable reason from the two readers' failures (PDFium's names the damage; pypdf's is the fallback)."""
    import pypdfium2.internal as pdfium_i

    code = getattr(pdfium_error, "err_code", None)
    detail = pdfium_i.ErrorToStr.get(code) if code is not None else None
    if not detail or detail in ("Success", "Unknown error"):
        lines = str(pypdf_error).strip().splitlines()
        detail = lines[0][:120] if lines else type(pypdf_error).__name__
    return f"damaged PDF: the file cannot be read ({detail.lower()})"


def _limit_memory(extra: int) -> None:
    """Cap the address space at what this process holds now plus ``extra`` bytes."""
    import resource

    size = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    size = int(line.split()[1]) * 1024
    cap = size + extra
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _limit_cpu(seconds: int) -> None:
    """Allow this request ``seconds`` of processor time from now (SIGXCPU ends the process after)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = used + max(int(seconds), 1)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def child_main(argv: list[str] | None = None) -> int:
    """The child process: answer requests on standard input until it closes."""
    import PIL.Image  # noqa: F401
    import pypdfium2  # noqa: F401 - loaded before the cap, so the cap is on the work, not the library

    args = sys.argv[1:] if argv is None else argv
    source, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the replies
    if os.name == "posix":
        _limit_memory(int(args[0]) if args else MAX_MEMORY_BYTES)
    document: _Document | None = None
    while True:
        head = _read_exactly(source, 4)
        if head is None:
            return 0
        raw = _read_exactly(source, struct.unpack(">I", head)[0])
        if raw is None:
            return 0
        request = json.loads(raw)
        size = int(request.get("size", 0))
        data = _read_exactly(source, size) if size else b""
        if data is None:
            return 0
        if os.name == "posix":
            _limit_cpu(int(request.get("cpu", MAX_CPU_SECONDS)))
        op = request.get("op")
        try:
            if op == "open":
                if document is not None:
                    document.close()
                    document = None
                document = _Document(data)
                _reply(out, document.info())
            elif document is None:
                _reply(out, {"refused": "no document is open"})
            elif op == "info":
                _reply(out, document.info())
            elif op == "text":
                pages = document.text(out, int(request["max_chars"]))
                _reply(out, {"done": True}, json.dumps(pages, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            elif op == "render":
                png = document.render(int(request["index"]), int(request["dpi"]), int(request["max_pixels"]))
                _reply(out, {"done": True}, png)
            else:
                _reply(out, {"refused": f"unknown request {op!r}"})
        except ReaderRefused as refusal:
            _reply(out, {"refused": refusal.reason})
        except MemoryError:
            return _OUT_OF_MEMORY  # the parent names the reason
        except Exception as error:  # noqa: BLE001 - one line for the user, like a damaged file
            _reply(out, {"refused": f"damaged PDF: the file cannot be read ({type(error).__name__})"})


if __name__ == "__main__":
    sys.exit(child_main())


__all__ = ["MAX_CPU_SECONDS", "MAX_MEMORY_BYTES", "MAX_WALL_SECONDS", "PdfReader", "ReaderCancelled",
           "ReaderRefused", "ReaderUnavailable", "clean_page", "reader"]
