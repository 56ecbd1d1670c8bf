"""``vwb merge INTO.db FROM.db [--json]``: bring a colleague's copy into yours.

Headless there is nobody to ask, so every conflict keeps INTO's value and is
reported with both values; the exit status is then 1 so a script notices.
The colleague's events are still copied, so once the conflicts are settled
(in the app, or by editing), merging the same copy again changes nothing.

Exit status: 0 merged without conflicts; 1 merged, conflicts kept INTO's
values; 2 bad input (one line naming the file, INTO unchanged), including
INTO being open in another program.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from typing import Any

from workbench.store.rows import KINDS, SINGULAR

_PLURAL = {"documents": "documents", "sources": "sources", "claims": "claims", "evidence": "evidence items"}


def register(sub: Any) -> None:
    s = sub.add_parser("merge", help="merge a colleague's copy into yours; report what changed and what conflicts")
    s.add_argument("project", help="your project (INTO.db), changed in place")
    s.add_argument("source", help="the colleague's copy (FROM.db), only read")
    s.add_argument("--json", action="store_true", help="print the report as JSON")


def _counts(groups: Mapping[str, list[str]]) -> str:
    parts = []
    for kind in KINDS:
        n = len(groups.get(kind, []))
        if n:
            parts.append(f"{n} {SINGULAR[kind] if n == 1 else _PLURAL[kind]}")
    return ", ".join(parts) or "nothing"


def _show(value: Any, width: int = 200) -> str:
    """A value on one line: strings quoted, anything else as JSON, long ones shortened."""
    if isinstance(value, str):
        text = repr(" ".join(value.split()))
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= width else text[: width - 1] + "…"


def _report_text(result: Any, into_name: str, from_name: str, event_id: str) -> str:
    lines = [f"Merged {from_name} into {into_name}"
             + (f" ({len(result.events)} of its changes were new here)" if event_id else " (nothing new to merge)")]
    for label, groups in (("added", result.added), ("updated", result.updated), ("deleted", result.deleted),
                          ("restored", result.restored), ("kept", result.kept)):
        if any(groups.values()):
            lines.append(f"  {label + ':':<10}{_counts(groups)}")
    if any(result.restored.values()):
        lines.append(f"  (restored: deleted here, but changed in {from_name} or needed by its changes)")
    if any(result.kept.values()):
        lines.append(f"  (kept: deleted in {from_name}, but changed here or needed by what stays)")
    if result.project:
        lines.append(f"  project:  took {', '.join(sorted(result.project))} from {from_name}")
    if result.conflicts:
        n = len(result.conflicts)
        lines.append(f"{n} {'conflict' if n == 1 else 'conflicts'}; {into_name}'s values were kept:")
        for c in result.conflicts:
            where = f" ({SINGULAR[c.kind]} {c.id})" if c.kind in SINGULAR else ""
            lines.append(f"  {c.label}{where}, {c.field}:")
            lines.append(f"    {into_name} (kept): {_show(c.into_value)}")
            lines.append(f"    {from_name}:        {_show(c.from_value)}")
    return "\n".join(lines) + "\n"


def _report_json(result: Any, into: str, source: str, event_id: str) -> str:
    out = {
        "into": into, "from": source, "event": event_id or None,
        "events_copied": len(result.events) if event_id else 0,
        "added": result.added, "updated": result.updated, "deleted": result.deleted,
        "restored": result.restored, "kept": result.kept, "project": result.project,
        "conflicts": [{"kind": c.kind, "id": c.id, "field": c.field, "label": c.label,
                       "into": c.into_value, "from": c.from_value, "kept": "into"} for c in result.conflicts],
    }
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def cmd_merge(a: argparse.Namespace) -> int:
    from pathlib import Path

    from workbench.cli.common import server_password
    from workbench.merge import apply_merge, merge_projects
    from workbench.service import ProjectService

    # Takes the writer lock: refused at once if in use.
    svc = ProjectService.open(a.project, password=server_password(a.project))
    try:
        result = merge_projects(svc, a.source)
        changes = apply_merge(svc, result, {})
    finally:
        svc.close()
    if a.json:
        sys.stdout.write(_report_json(result, str(a.project), str(a.source), changes.event_id))
    else:
        into_name, from_name = Path(a.project).name, Path(a.source).name
        if from_name == into_name:  # two copies called the same: full paths tell them apart
            into_name, from_name = str(a.project), str(a.source)
        sys.stdout.write(_report_text(result, into_name, from_name, changes.event_id))
    return 1 if result.conflicts else 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"merge": cmd_merge}
