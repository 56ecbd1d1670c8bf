"""``vwb import``: documents in, and new versions that re-anchor a document's highlights;
``vwb remove-document``: one out, saying what goes with it."""

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


def cmd_remove_document(a: argparse.Namespace) -> int:
    """Delete one document; its claims and quotes stay, unanchored, and the output says how many.

    The command line has no undo, so what the deletion touches is printed
    (and with ``--dry-run`` only printed); the project's history records the
    write, and ``vwb dump`` before it keeps everything.
    """
    svc = _open(a.project)
    try:
        usage = svc.document_usage(a.document)
        if usage is None:
            raise CliError(f"{a.project}: no document with id {a.document!r}")
        if svc.read_only and not a.dry_run:
            raise CliError(f"{a.project}: read-only (the file or its folder may not be written); nothing deleted")
        event = None if a.dry_run else svc.delete_document(a.document).event_id
    finally:
        svc.close()
    if a.json:
        print(json.dumps({"document": usage["id"], "title": usage["title"], "deleted": not a.dry_run,
                          "claims": usage["claims"], "evidence": usage["evidence"],
                          "picture_removed": usage["picture"], "near_duplicates": usage["near_duplicates"],
                          "event": event}, ensure_ascii=False))
        return 0
    n_c, n_e = len(usage["claims"]), len(usage["evidence"])
    verb = "Would delete" if a.dry_run else "Deleted"
    parts = [f"{verb} document {usage['title']!r} ({usage['id']})"]
    if n_c or n_e:
        kept = " and ".join(x for x in (_count(n_c, "claim"), _count(n_e, "evidence item")) if not x.startswith("0 "))
        parts.append(f"{'keeps' if a.dry_run else 'kept'} {kept} anchored in it, now without a document")
    if usage["picture"]:
        parts.append("its picture leaves the file" if a.dry_run else "its picture was removed from the file")
    if usage["near_duplicates"]:
        parts.append(f"{_count(len(usage['near_duplicates']), 'picture')} no longer marked as the same picture")
    print("; ".join(parts))
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


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


    s = sub.add_parser("remove-document", help="delete a document; its claims and evidence stay, no longer "
                                               "anchored in it, and the output says how many")
    s.add_argument("project")
    s.add_argument("document", metavar="DOC_ID")
    s.add_argument("--dry-run", action="store_true", help="only say what would go and what would stay")
    s.add_argument("--json", action="store_true")


COMMANDS = {"import": cmd_import, "remove-document": cmd_remove_document}
