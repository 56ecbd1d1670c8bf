"""``vwb import``: documents in, and new versions that re-anchor a document's highlights."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, _open


def cmd_import(a: argparse.Namespace) -> int:
    from workbench.documents.importers import DocumentImportError, can_import, import_attachment, import_file

    paths = [Path(p) for p in a.files]
    if a.replace and len(paths) != 1:
        raise CliError("--replace takes exactly one file")
    try:  # read every file before touching the project: a bad file imports nothing
        docs = [import_file(p, languages=a.lang) for p in paths]
        if a.attachments and not a.replace:
            for p, d in list(zip(paths, docs, strict=True)):
                for att in d.attachments:
                    if not can_import(att.name):
                        print(f"{p.name} \u25b8 {att.name}: not imported (no importer for this type)",
                              file=sys.stderr)
                        continue
                    paths.append(Path(f"{p} \u25b8 {att.name}"))
                    docs.append(import_attachment(p, att, languages=a.lang))
    except DocumentImportError as exc:
        raise CliError(str(exc)) from None
    svc = _open(a.project)
    try:
        if a.replace:
            if svc.document(a.replace) is None:
                raise CliError(f"{a.project}: no document with id {a.replace!r}")
            _changes, report = svc.replace_document(a.replace, docs[0])
            out: dict[str, Any] = {"document": a.replace, "ok": report.ok, "moved": report.moved,
                                   "orphaned": report.orphaned, "orphans": list(report.orphans),
                                   "requoted": [{"id": i, "quoted": b, "now": n} for i, b, n in report.requoted]}
            if a.json:
                print(json.dumps(out, ensure_ascii=False))
            else:
                print(f"{a.replace}: {report.ok} in place, {report.moved} moved, {report.orphaned} orphaned")
                for oid in report.orphans:
                    print(f"  orphaned: {oid}")
                for oid, before, now in report.requoted:
                    print(f"  wording changed: {oid}: quoted “{before}”, the new version reads “{now}” "
                          "(the words as quoted are kept in its note)")
            return 0
        results = [_add_one(svc, p, d) for p, d in zip(paths, docs, strict=True)]
    finally:
        svc.close()
    if a.json:
        print(json.dumps({"documents": results}, ensure_ascii=False))
    else:
        for r in results:
            print(r["id"])
    return 0


def _add_one(svc: Any, path: Path, doc: Any) -> dict[str, Any]:
    """Add one imported file unless the project has it already; say what happened on stderr.

    Importing the same document twice adds nothing and names the one there;
    a picture that looks like an earlier one is added and the earlier one
    named as its likely origin (same picture, one origin).
    """
    same = svc.find_duplicate(doc)
    if same is not None:
        print(f"{path.name}: already in the project as {same['title']!r} ({same['id']}); nothing added",
              file=sys.stderr)
        return {"id": same["id"], "file": str(path), "duplicate": True}
    new = svc.import_document(doc).new_id
    out: dict[str, Any] = {"id": new, "file": str(path)}
    media = (svc.document(new) or {}).get("media") or {}
    near = media.get("near_duplicates") or []
    if near:
        earlier = svc.document(near[0]) or {}
        print(f"{path.name}: same picture as {earlier.get('title')!r} ({near[0]}), imported earlier: "
              f"probably the origin of this copy", file=sys.stderr)
        out["near_duplicates"] = near
    return out


def register(sub: Any) -> None:
    s = sub.add_parser("import", help="import documents (.txt .md .html/.htm .pdf .docx, images and scans "
                                      ".png .jpg .jpeg .webp .tif .tiff)")
    s.add_argument("project")
    s.add_argument("files", nargs="+")
    s.add_argument("--replace", metavar="DOC_ID", help="import a new version of this document and re-anchor")
    s.add_argument("--lang", metavar="LANGS", default=None,
                   help="text recognition languages for images and scans, e.g. eng or rus+ukr "
                        "(default: detected from the script: eng, rus/ukr, kor)")
    s.add_argument("--attachments", action="store_true",
                   help="also import each e-mail attachment of a supported type as a document")
    s.add_argument("--json", action="store_true")


COMMANDS = {"import": cmd_import}
