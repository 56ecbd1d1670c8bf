"""``vwb memo`` and ``vwb export``: the verification memo and the standard exports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, _open
from workbench.memo.reports import EXPORT_FORMATS, MEMO_FORMATS, write_export, write_memo

_SUFFIX_FORMAT = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md"}


def cmd_memo(a: argparse.Namespace) -> int:
    fmt = a.format or _SUFFIX_FORMAT.get(Path(a.output).suffix.lower(), "pdf")
    svc = _open(a.project, read_only=True)
    try:
        write_memo(svc, a.output, fmt, external=a.external, with_history=a.history)
    finally:
        svc.close()
    return 0


def cmd_export(a: argparse.Namespace) -> int:
    from workbench.memo.exports import PublishingError

    svc = _open(a.project, read_only=True)
    try:
        summary = write_export(svc, a.output, a.format, external=a.external)
    except PublishingError as exc:
        raise CliError(f"{a.project}: {exc}") from None
    except OSError as exc:
        raise CliError(f"{a.output}: cannot be written ({exc.strerror})") from None
    finally:
        svc.close()
    print(f"{a.output}: {summary}", file=sys.stderr)
    return 0


def register(sub: Any) -> None:
    s = sub.add_parser("memo", help="the verification memo (PDF, HTML or Markdown)")
    s.add_argument("project")
    s.add_argument("-o", "--output", required=True)
    s.add_argument("--format", choices=MEMO_FORMATS)
    s.add_argument("--external", action="store_true", help="name confidential sources only by number and grade")
    s.add_argument("--history", action="store_true", help="include each claim's history")
    s = sub.add_parser("export", help="ClaimReview JSON-LD, W3C Web Annotations or CSV")
    s.add_argument("project")
    s.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    s.add_argument("-o", "--output", required=True)
    s.add_argument("--external", action="store_true",
                   help="CSV: name confidential sources only by number and grade "
                        "(ClaimReview and annotations are always external)")


COMMANDS = {"memo": cmd_memo, "export": cmd_export}
