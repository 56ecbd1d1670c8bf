"""``vwb``: the project files, headless.

Exit status: 0 success; 1 the command ran and found problems (``check``,
``merge`` conflicts); 2 bad usage or bad input, with one line on stderr that
names the file and the reason, never a traceback, and no input file changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from workbench.cli import documents, exports, graph, sharing, suggest, team
from workbench.cli.common import CliError, _fail, _open, _read_json, _write_out, keyring_note, server_password
from workbench.store.projectfile import ProjectFileError
from workbench.store.server.address import AddressError

# --------------------------------------------------------------------------- commands


def cmd_new(a: argparse.Namespace) -> int:
    from workbench.service import ProjectService

    ProjectService.create(a.project, a.title or "", password=server_password(a.project)).close()
    return 0


def cmd_demo(a: argparse.Namespace) -> int:
    from workbench.demo import write_demo

    if Path(a.project).exists():
        _fail(f"{a.project}: already exists")
    write_demo(a.project)
    return 0


def cmd_load(a: argparse.Namespace) -> int:
    from workbench.service import ProjectService, is_server_address
    from workbench.store.exchange import ExchangeError

    data = _read_json(a.exchange)
    project = Path(a.project)
    created = not is_server_address(a.project) and not project.exists() and not project.is_symlink()
    svc = ProjectService.create(a.project, password=server_password(a.project)) if created else _open(a.project)
    try:
        svc.load_exchange(data)
    except BaseException as exc:
        svc.close()
        if created:  # a refused load leaves no empty project behind
            for leftover in (project, project.with_name(project.name + "-journal")):
                leftover.unlink(missing_ok=True)
        if isinstance(exc, ExchangeError):
            _fail(f"{a.exchange}: {exc}")
        raise
    svc.close()
    return 0


def cmd_dump(a: argparse.Namespace) -> int:
    svc = _open(a.project, read_only=True)
    try:
        data = svc.dump()
    finally:
        svc.close()
    _write_out(a.output, json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n", a.project)
    return 0


def cmd_assess(a: argparse.Namespace) -> int:
    from workbench.analysis.confidence import format_assessment_text
    from workbench.store.server.address import is_server_address

    if is_server_address(a.project):
        svc: Any = _open(a.project, read_only=True)
    else:  # a file is read with sqlite3 alone: importing SQLAlchemy took longer than assessing 2,000 claims
        from workbench.reader import open_reader

        svc = open_reader(a.project, read_only=True)
    try:
        claims = {c["id"]: c for c in svc.list_claims()}
        if a.claim and a.claim not in claims:
            _fail(f"{a.project}: no claim with id {a.claim!r}")
        results = {a.claim: svc.assess_claim(a.claim)} if a.claim else svc.assess_all()
        # Source names appear only in the text form; --json does not read the sources.
        names = {} if a.json else {s["id"]: s["name"] for s in svc.list_sources()}
    finally:
        svc.close()
    if a.json:
        # One claim per line: json's C encoder does not indent, and indenting 2,000 claims
        # in Python took longer than assessing them.
        lines = [json.dumps(results[cid].to_json(cid, claims[cid]["text"]), ensure_ascii=False) for cid in results]
        sys.stdout.write('{"claims": [\n' + ",\n".join(lines) + "\n]}\n")
    else:
        blocks = [format_assessment_text(cid, claims[cid]["text"], results[cid], names) for cid in results]
        sys.stdout.write("\n\n".join(blocks) + "\n")
    return 0


def cmd_check(a: argparse.Namespace) -> int:
    from workbench.store.stores import is_server_address

    if not is_server_address(a.project):
        from workbench.store.projectfile import verify

        verify(Path(a.project), trust=False)  # every check, even on bytes that passed before
    svc = _open(a.project, read_only=True)
    problems: list[str] = []
    try:
        texts = {d["id"]: (svc.document(d["id"]) or {}).get("text", "") for d in svc.list_documents()}
        claims = svc.list_claims()
        for kind, items in (("claim", claims), ("evidence", svc.list_evidence())):
            for item in items:
                if item.get("anchor") == "orphaned":
                    problems.append(
                        f"{kind} {item['id']}: orphaned anchor (its quoted text is no longer in the document)")
                elif item.get("document") and item.get("start") is not None:
                    text = texts.get(item["document"], "")
                    if not 0 <= item["start"] < item["end"] <= len(text):
                        problems.append(f"{kind} {item['id']}: anchor outside its document")
                    elif kind == "evidence" and item["quote"] and text[item["start"]:item["end"]] != item["quote"]:
                        problems.append(f"{kind} {item['id']}: anchor does not match its quote")
        n_claims, n_docs = len(claims), len(texts)
    finally:
        svc.close()
    for p in problems:
        print(p)
    status = "problems found" if problems else "ok"
    print(f"{a.project}: {status} (format, identity and integrity checked; {n_docs} documents, {n_claims} claims)")
    return 1 if problems else 0


def cmd_copy(a: argparse.Namespace) -> int:
    from workbench.service import is_server_address

    if a.output == a.project or (not is_server_address(a.output) and not is_server_address(a.project)
                                 and Path(a.output).resolve() == Path(a.project).resolve()):
        _fail(f"{a.output}: the copy must be a different file")
    svc = _open(a.project, read_only=True)
    try:
        svc.copy_to(a.output, password=server_password(a.output))
    finally:
        svc.close()
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": cmd_new, "demo": cmd_demo, "load": cmd_load, "dump": cmd_dump,
    "assess": cmd_assess, "check": cmd_check, "copy": cmd_copy,
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vwb", description="Verification Workbench project files, headless.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser("new", help="create an empty project (a .db file or postgresql://…?project=NAME)")
    s.add_argument("project")
    s.add_argument("--title")
    s = sub.add_parser("demo", help="write the demo project")
    s.add_argument("project")
    s = sub.add_parser("load", help="add the content of an exchange file")
    s.add_argument("project")
    s.add_argument("exchange")
    s = sub.add_parser("dump", help="write the whole project as an exchange file")
    s.add_argument("project")
    s.add_argument("-o", "--output")
    s = sub.add_parser("assess", help="every claim's assessment")
    s.add_argument("project")
    s.add_argument("--json", action="store_true")
    s.add_argument("--claim")
    s = sub.add_parser("check", help="validate the file: identity, version, integrity, anchors")
    s.add_argument("project")
    s = sub.add_parser("copy", help="copy a project: a clean file copy, publish a file to a server, "
                                    "or take a server project offline")
    s.add_argument("project")
    s.add_argument("output")
    for register in EXTRA_PARSERS:
        register(sub)
    return p


# Modules that add commands (import, memo, export, merge, suggest) register here.
EXTRA_PARSERS: list[Callable[[Any], None]] = []


def _register_extras() -> None:
    if EXTRA_PARSERS:
        return
    for mod in (documents, exports, graph, sharing, suggest, team):
        EXTRA_PARSERS.append(mod.register)
        COMMANDS.update(mod.COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    _register_extras()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CliError as exc:
        message = str(exc)
    except (ProjectFileError, AddressError) as exc:
        message = keyring_note(str(exc))
    except Exception as exc:  # noqa: BLE001 - contract: one line, never a traceback
        from workbench.errors import describe

        message = describe(exc, args)
    # The contract is one line, whatever a library's message holds (SQLite reports are multi-line).
    print(f"vwb {args.command}: {' '.join(message.splitlines())}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
