"""``vwb import``: documents in, and new versions that re-anchor a document's highlights."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, _open


def cmd_import(a: argparse.Namespace) -> int:
    from workbench.documents.importers import DocumentImportError, import_file

    paths = [Path(p) for p in a.files]
    if a.replace and len(paths) != 1:
        raise CliError("--replace takes exactly one file")
    try:  # read every file before touching the project: a bad file imports nothing
        docs = [import_file(p) for p in paths]
    except DocumentImportError as exc:
        raise CliError(str(exc)) from None
    svc = _open(a.project)
    try:
        if a.replace:
            if svc.document(a.replace) is None:
                raise CliError(f"{a.project}: no document with id {a.replace!r}")
            _changes, report = svc.replace_document(a.replace, docs[0])
            out: dict[str, Any] = {"document": a.replace, "ok": report.ok, "moved": report.moved,
                                   "orphaned": report.orphaned, "orphans": list(report.orphans)}
            if a.json:
                print(json.dumps(out))
            else:
                print(f"{a.replace}: {report.ok} in place, {report.moved} moved, {report.orphaned} orphaned")
                for oid in report.orphans:
                    print(f"  orphaned: {oid}")
            return 0
        ids = [svc.import_document(d).new_id for d in docs]
    finally:
        svc.close()
    if a.json:
        print(json.dumps({"documents": [{"id": i, "file": str(p)} for i, p in zip(ids, paths, strict=True)]}))
    else:
        for i in ids:
            print(i)
    return 0


def register(sub: Any) -> None:
    s = sub.add_parser("import", help="import documents (.txt .md .html/.htm .pdf .docx)")
    s.add_argument("project")
    s.add_argument("files", nargs="+")
    s.add_argument("--replace", metavar="DOC_ID", help="import a new version of this document and re-anchor")
    s.add_argument("--json", action="store_true")


COMMANDS = {"import": cmd_import}
