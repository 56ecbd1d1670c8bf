"""What every `vwb` command shares: the one-line failure, opening a project, reading and writing files."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from workbench import safeio

if TYPE_CHECKING:
    from workbench.service import ProjectService


class CliError(Exception):
    """A bad-usage or bad-input failure: one line, exit 2."""


def _fail(msg: str) -> NoReturn:
    raise CliError(msg)


def _open(path: str, read_only: bool = False) -> ProjectService:
    from workbench.service import ProjectService

    return ProjectService.open(path, read_only=read_only)


def _write_out(out: str | None, text: str, project: str | None = None) -> None:
    """Standard output for ``-``/None, else an atomic write that never replaces the project or an open one."""
    if out in (None, "-"):
        sys.stdout.write(text)
        return
    safeio.write_text(out, text, protected=() if project is None else (project,))


def _read_json(path: str) -> Any:
    """An exchange file: a regular file within the size limit, UTF-8 JSON."""
    try:
        raw = safeio.read_regular_file(path)
    except safeio.InputFileError as exc:
        _fail(str(exc))
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        _fail(f"{path}: not UTF-8 text")
    except json.JSONDecodeError as exc:
        _fail(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
    except RecursionError:  # named the project and Python's "maximum recursion depth" before
        _fail(f"{path}: not an exchange file (JSON nested too deeply to read)")


