"""Files the app writes and reads on the user's say-so, made safe against careless paths.

Every output (memo, export, dump, a project copy) goes through
:func:`write_atomically`: the target is checked first (never the project
being read, never any project another program or this one holds open,
compared by device and inode so links and other spellings of the path are
caught), then written to a hidden temporary file in the same folder and
moved into place. On any failure the temporary file is removed and the
message names the target the user typed, never the hidden file.

Inputs named on the command line (exchange files) are read through
:func:`read_regular_file`: only regular files, and only up to a size limit,
so a FIFO or ``/dev/zero`` cannot hang the program or exhaust memory.

Standard library only, so every layer may use it.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

# Largest exchange file ``vwb load`` reads (a project with tens of thousands of claims is far smaller).
MAX_EXCHANGE_BYTES = 256 * 1024 * 1024


class OutputError(ValueError):
    """An output cannot be written where asked; ``str()`` is one line naming the target."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class InputFileError(ValueError):
    """An input file cannot be read; ``str()`` is one line naming the file."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def _holds_writer_lock(path: Path) -> bool:
    """True when some process (this one included) holds the project's writer lock (an ``flock``).

    The probe opens the file anew, so even a lock held by this very process
    on another descriptor conflicts, as it must.
    """
    if sys.platform == "win32":  # pragma: no cover - Windows locks a sidecar file
        return Path(f"{path}.lock").exists()
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # closing drops the probe's lock
    return False


def check_output(out: Path | str, protected: Iterable[Path | str] = ()) -> Path:
    """Refuse an output path that would destroy something: a project being read, an open project,
    a folder, a device or FIFO. Returns the path."""
    out = Path(out)
    try:
        st = os.stat(out)  # follows links: a link to the project is the project
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(out, f"cannot be written ({exc.strerror})") from None
    if st is None:
        if not out.parent.is_dir():
            raise OutputError(out, "cannot be written (no such folder)")
        return out
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(out, "is a folder; name a file to write")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(out, "is not a regular file (refused: only files are written)")
    for p in protected:
        try:
            pst = os.stat(p)
        except OSError:
            continue
        if (pst.st_dev, pst.st_ino) == (st.st_dev, st.st_ino):
            raise OutputError(out, f"is the project being read ({p}); choose another file name")
    if _holds_writer_lock(out):
        raise OutputError(out, "is a project open in Verification Workbench; choose another file name")
    return out


def temporary_beside(out: Path) -> Path:
    """The hidden temporary name in the target's folder (so the final move is atomic).

    One fixed name per target, so the leftover of a process killed mid-write
    is replaced by the next write instead of piling up.
    """
    return out.with_name(f".{out.name}.tmp")


def _reason(exc: BaseException, tmp: Path, out: Path) -> str:
    """The failure in one line, naming ``out`` wherever the hidden temporary file would appear."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot be written ({exc.strerror})"
    text = " ".join(str(exc).replace(str(tmp), str(out)).split())
    if text.startswith(f"{out}: "):
        text = text[len(str(out)) + 2:]
    return f"cannot be written ({text})" if text else "cannot be written"


def write_atomically(out: Path | str, write: Callable[[Path], object],
                     protected: Iterable[Path | str] = ()) -> Path:
    """Check ``out``, let ``write`` fill a temporary file, make it durable and move it into place.

    Whatever fails, the temporary file is gone afterwards and ``out`` is as
    it was; OS errors are reported as :class:`OutputError` naming ``out``.
    """
    out = check_output(out, protected)
    tmp = temporary_beside(out)
    _remove(tmp)
    try:
        write(tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        check_output(out, protected)  # nobody opened it as a project meanwhile
        os.replace(tmp, out)
    except OutputError as exc:
        _remove(tmp)
        if str(tmp) in str(exc):
            raise OutputError(out, _reason(exc, tmp, out)) from None
        raise
    except OSError as exc:
        _remove(tmp)
        raise OutputError(out, _reason(exc, tmp, out)) from None
    except BaseException:
        _remove(tmp)
        raise
    return out


def _remove(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass


def write_text(out: Path | str, text: str, protected: Iterable[Path | str] = (),
               encoding: str = "utf-8") -> Path:
    """Write a text file atomically (see :func:`write_atomically`)."""
    return write_atomically(out, lambda tmp: tmp.write_text(text, encoding=encoding), protected)


def open_regular(path: Path, fail: Callable[[str], Exception], folder: str, irregular: str
                 ) -> tuple[int, os.stat_result]:
    """Open a regular file for reading without ever blocking; return its descriptor and status.

    A FIFO opens at once (O_NONBLOCK) and is refused instead of hanging the
    command; folders, devices and sockets are refused too. Every refusal is
    ``fail(reason)``, so callers keep their own error type: ``folder`` and
    ``irregular`` are their words for those two cases. The caller closes the
    descriptor.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail(folder) from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise fail(f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise fail(folder if stat.S_ISDIR(st.st_mode) else irregular)
    return fd, st


def read_regular_file(path: Path | str, limit: int = MAX_EXCHANGE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is refused without blocking."""
    path = Path(path)
    fd, st = open_regular(path, lambda reason: InputFileError(path, reason), "is a folder, not a file",
                          "is not a regular file (a device, pipe or socket is refused)")
    try:
        if st.st_size > limit:
            raise InputFileError(path, f"too large ({st.st_size // (1024 * 1024)} MB; "
                                       f"the limit is {limit // (1024 * 1024)} MB)")
        chunks = []
        total = 0
        while True:
            block = os.read(fd, 1 << 20)
            if not block:
                break
            total += len(block)
            if total > limit:  # grew while we read it
                raise InputFileError(path, f"too large (the limit is {limit // (1024 * 1024)} MB)")
            chunks.append(block)
        return b"".join(chunks)
    except OSError as exc:
        raise InputFileError(path, f"cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)


def is_regular_file(path: Path | str) -> bool:
    """True for an existing regular file (links followed); never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False
