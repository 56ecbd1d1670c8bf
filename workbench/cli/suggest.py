"""``vwb suggest``: suggested claims, attributions and sources in a document, offline."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, _open
from workbench.store.projectfile import SQLITE_MAGIC


def _is_project(path: Path) -> bool:
    """Whether ``path`` starts like a project file; a FIFO or device is refused at once, never read
    (a FIFO given to ``vwb suggest`` hung it)."""
    from workbench import safeio

    fd, _st = safeio.open_regular(path, lambda reason: CliError(f"{path}: {reason}"), "is a folder, not a file",
                                  "not a regular file (a pipe or a device); refused")
    try:
        return os.read(fd, 16) == SQLITE_MAGIC
    except OSError as exc:
        raise CliError(f"{path}: cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)


def cmd_suggest(a: argparse.Namespace) -> int:
    from workbench.assist.suggest import suggest

    target = Path(a.target)
    others: dict[str, str] = {}
    if a.across and not _is_project(target):
        raise CliError(f"{target}: --across needs a project (its other documents' claims)")
    if _is_project(target) or target.suffix.lower() == ".db":  # a damaged .db: the project checks say why
        svc = _open(str(target), read_only=True)
        try:
            docs = svc.list_documents()
            if not docs:
                raise CliError(f"{target}: the project has no documents")
            doc_id = a.document or docs[0]["id"]
            doc = svc.document(doc_id)
            if doc is None:
                raise CliError(f"{target}: no document with id {doc_id!r}")
            sources = {s["id"]: s["name"] for s in svc.list_sources()}
            dismissed = set(svc.dismissed_suggestions(doc_id))
            if a.across:
                others = {c["id"]: c["text"] for c in svc.list_claims() if c.get("document") != doc_id}
        finally:
            svc.close()
        text = doc["text"]
    else:
        from workbench.documents.importers import DocumentImportError, import_file

        try:
            imported = import_file(target)
        except DocumentImportError as exc:
            raise CliError(str(exc)) from None
        doc_id, text, sources, dismissed = a.document, imported.text, {}, set()
    result = suggest(text, doc_id, sources)
    if dismissed:
        result["suggestions"] = [s for s in result["suggestions"]
                                 if f"{s['kind']}:{s['start']}:{s['end']}" not in dismissed]
    if a.across:
        from dataclasses import asdict

        from workbench.assist.crossdoc import cross_suggestions

        result["across"] = [asdict(c) for c in cross_suggestions(others, text, doc_id)]
    if a.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(_plain(result))
    return 0


def _plain(result: dict[str, Any]) -> str:
    lines = []
    for s in result["suggestions"]:
        where = f"{s['start']}-{s['end']}"
        if s["kind"] == "attribution":
            role = f" ({s['speaker_role']})" if s.get("speaker_role") else ""
            hint = f" [{s['stance_hint']}]" if s.get("stance_hint") else ""
            lines.append(f"attribution {where}: {s['speaker']}{role} {s['verb']}: {s['quote']}{hint}")
        else:
            reasons = ", ".join(s.get("reasons", []))
            lines.append(f"claim {where} score {s['score']:.2f}: {s['text']} ({reasons})")
    for c in result.get("across", []):
        who = c["speaker"] or "the document"
        lines.append(f"evidence for claim {c['claim']} {c['start']}-{c['end']}: {who}: {c['quote']} "
                     f"[{c['stance_hint']}]")
    for src in result.get("sources", []):
        link = f" = existing {src['existing_source_id']}" if src.get("existing_source_id") else ""
        lines.append(f"source: {src['name']} ({src['kind']}){link}")
    return "\n".join(lines) if lines else "no suggestions"


def register(sub: Any) -> None:
    s = sub.add_parser("suggest", help="suggested claims and attributions in a document")
    s.add_argument("target", metavar="P.db|FILE")
    s.add_argument("--document", metavar="ID")
    s.add_argument("--json", action="store_true")
    s.add_argument("--across", action="store_true",
                   help="also the statements bearing on claims of the project's other documents "
                        "(key 'across' in the JSON)")


COMMANDS = {"suggest": cmd_suggest}
