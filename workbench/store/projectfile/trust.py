"""Verified contents: the digests of files that already passed every check, kept in the user's cache.

The checks (:mod:`.checks`) read the whole file (``quick_check`` every page, the value
checks every row): 1.8 s of CPU for a 110 MB project. Bytes this program has
already checked, or written itself through its validated write paths, need
not be checked again: their SHA-256 (0.1 s for 110 MB) is kept in the user's
own cache folder, under an id of the checking code, so a changed rule checks
every file afresh. Any change to a file, by anyone, changes its digest; a
file received from elsewhere is checked in full the first time it is opened.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from workbench.store.projectfile import fileformat, hardening
from workbench.store.projectfile.fileformat import MIGRATIONS

TRUSTED_MAX = 256  # digests remembered (the most recent)


def _cache_dir() -> Path | None:
    """``$VWB_CACHE_DIR``, else ``$XDG_CACHE_HOME/verification-workbench`` (``~/.cache`` by default)."""
    if os.environ.get("VWB_CACHE_DIR"):
        return Path(os.environ["VWB_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or (
        str(Path(os.environ["HOME"]) / ".cache") if os.environ.get("HOME") else None)
    return Path(base) / "verification-workbench" if base else None


def _checker_id() -> str:
    """An id of the code that decides what a valid file is: the format, migrations and the rules' sources.

    Kept once per process for the same numbers (the sources are those this process runs): each
    open, creation and close asks for it, and hashing the sources took longer than the rest of
    reading and writing the list of digests.
    """
    prefix = (f"{fileformat.FORMAT_VERSION}:{sorted(MIGRATIONS)}:{hardening.MAX_CELL_BYTES}:"
              f"{hardening.MAX_SMALL_CELL}")
    known = _CHECKER_IDS.get(prefix)
    if known is not None:
        return known
    import hashlib

    h = hashlib.sha256(prefix.encode())
    here = Path(__file__).resolve().parent  # this package: the format, the checks, the opening
    store = here.parent
    ours = sorted(here.glob("*.py")) or [here / "checks.py"]
    analysis = store.parent / "analysis"  # the grades, stances and settings the values must use
    for source in (*ours, store / "rules.py", store / "model.py", analysis / "inputs.py", analysis / "confidence.py",
                   analysis / "verdicts.py"):
        try:
            h.update(source.read_bytes())
        except OSError:  # a frozen build without sources: the version names the rules
            from workbench import __version__

            h.update(__version__.encode())
    checker = _CHECKER_IDS[prefix] = h.hexdigest()[:16]
    return checker


_CHECKER_IDS: dict[str, str] = {}


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read."""
    import hashlib

    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _trusted_file() -> Path | None:
    folder = _cache_dir()
    return folder / f"verified-{_checker_id()}.txt" if folder is not None else None


def _trusted_digests() -> list[str]:
    where = _trusted_file()
    if where is None:
        return []
    try:
        with open(where, encoding="ascii") as fh:
            text = fh.read(TRUSTED_MAX * 80)
    except (OSError, UnicodeDecodeError):
        return []
    return [line for line in text.split() if len(line) == 64]


def is_trusted(digest: str | None) -> bool:
    """Whether these exact bytes passed every check of this program before."""
    return digest is not None and digest in _trusted_digests()


def remember_trusted(digest: str | None) -> None:
    """Record bytes that passed every check (or that this program wrote itself); silent if it cannot."""
    where = _trusted_file()
    if digest is None or where is None:
        return
    digests = [d for d in _trusted_digests() if d != digest][-(TRUSTED_MAX - 1):] + [digest]
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp = where.with_name(f".{where.name}.{os.getpid()}.tmp")
        tmp.write_text("\n".join(digests) + "\n", encoding="ascii")
        os.replace(tmp, where)
    except OSError:
        pass


@dataclass(frozen=True)
class Stamp:
    """What changes whenever a file's bytes do (the header's change counter, size and time)."""

    size: int
    mtime_ns: int
    counter: bytes

    @staticmethod
    def of(path: Path) -> Stamp | None:
        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                counter = fh.read(100)[24:28]
        except OSError:
            return None
        return Stamp(st.st_size, st.st_mtime_ns, counter)
