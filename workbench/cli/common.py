"""What every `vwb` command shares: the one-line failure, opening a project, reading and writing files."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from workbench.service import ProjectService


class CliError(Exception):
    """A bad-usage or bad-input failure: one line, exit 2."""


def _fail(msg: str) -> NoReturn:
    raise CliError(msg)


def _open(path: str, read_only: bool = False) -> ProjectService:
    from workbench.service import ProjectService

    return ProjectService.open(path, read_only=read_only)


def _write_out(out: str | None, text: str) -> None:
    if out in (None, "-"):
        sys.stdout.write(text)
        return
    target = Path(out)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


def _read_json(path: str) -> Any:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        _fail(f"{path}: cannot be read ({exc.strerror})")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        _fail(f"{path}: not UTF-8 text")
    except json.JSONDecodeError as exc:
        _fail(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")


