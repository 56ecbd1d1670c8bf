"""The project object of the exchange JSON (title, scoring settings, publisher, verdict scale):
reading it from the settings rows, overlaying a partial one and writing it back.

The dump, the validation and the upserts all need it, so it sits below them.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench import jsonsafe
from workbench.analysis.confidence import Settings
from workbench.analysis.verdicts import default_verdicts, parse_verdicts
from workbench.store.model import ProjectInfo, Setting
from workbench.store.rules import EMPTY_PUBLISHER, check_publisher


def read_settings(session: Session) -> dict[str, Any]:
    """The project's stored scoring settings, complete (defaults filled in)."""
    row = session.get(Setting, "scoring")
    stored = jsonsafe.loads(row.value) if row else {}
    return Settings.from_json(stored).to_json()


def read_publishing(session: Session) -> dict[str, Any]:
    """The publisher and verdict scale (``project.publisher``/``verdicts``), defaults filled in."""
    row = session.get(Setting, "publisher")
    publisher = dict(EMPTY_PUBLISHER) | (jsonsafe.loads(row.value) if row else {})
    row = session.get(Setting, "verdicts")
    verdicts = parse_verdicts(jsonsafe.loads(row.value)).to_json() if row else default_verdicts()
    return {"publisher": publisher, "verdicts": verdicts}


def merge_settings(current: dict[str, Any], project: dict[str, Any]) -> dict[str, Any]:
    """Overlay a partial ``project`` object's settings onto the current complete ones."""
    out: dict[str, Any] = json.loads(json.dumps(current))
    for key in ("half_life_days", "as_of"):
        if key in project:
            out[key] = project[key]
    for table, values in (project.get("settings") or {}).items():
        if isinstance(values, dict) and isinstance(out["settings"].get(table), dict):
            out["settings"][table].update(values)
        else:
            out["settings"][table] = values
    return out


def apply_project(session: Session, project: dict[str, Any]) -> bool:
    """Apply the ``project`` object (title and settings); True when the scoring settings changed."""
    if "title" in project:
        info = session.scalars(select(ProjectInfo)).first()
        if info is None:
            info = ProjectInfo()
            session.add(info)
        info.title = project["title"] or ""
    for key, value in (("publisher", project.get("publisher")), ("verdicts", project.get("verdicts"))):
        if key not in project:
            continue
        stored = check_publisher(value) if key == "publisher" else parse_verdicts(value).to_json()
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=json.dumps(stored, ensure_ascii=False)))
        else:
            row.value = json.dumps(stored, ensure_ascii=False)
    if not {"half_life_days", "as_of", "settings"} & set(project):
        return False
    before = read_settings(session)
    after = Settings.from_json(merge_settings(before, project)).to_json()
    row = session.get(Setting, "scoring")
    if row is None:
        session.add(Setting(key="scoring", value=json.dumps(after)))
    else:
        row.value = json.dumps(after)
    return after != before
