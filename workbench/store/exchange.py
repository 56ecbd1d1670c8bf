"""The exchange JSON: one project as data (interfaces.md, "Exchange file").

``dump`` writes the whole project; ``validate`` checks a (possibly partial)
exchange dict against itself and the objects already in the project, and
``apply`` upserts it. Loading always validates everything first, so an
invalid file writes nothing. The same object dicts serve as the undo/redo
patches of the service layer, so there is one code path that turns data
into rows.

The work is done in modules of its own (:mod:`workbench.store.fields`,
:mod:`workbench.store.settings`, :mod:`workbench.store.validation`,
:mod:`workbench.store.upsert`); this module dumps a project and re-exports
their public names, so callers keep importing them from here.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store.fields import FIELDS as FIELDS
from workbench.store.fields import FORMAT as FORMAT
from workbench.store.fields import MEDIA_KEYS as MEDIA_KEYS
from workbench.store.fields import MODELS as MODELS
from workbench.store.fields import OCR_KEYS as OCR_KEYS
from workbench.store.fields import PROJECT_FIELDS as PROJECT_FIELDS
from workbench.store.fields import REVIEW_KEYS as REVIEW_KEYS
from workbench.store.fields import Row as Row
from workbench.store.model import ProjectInfo
from workbench.store.rows import KINDS as KINDS
from workbench.store.rows import ROW_DICT as ROW_DICT
from workbench.store.rows import SINGULAR as SINGULAR
from workbench.store.rows import claim_dict as claim_dict
from workbench.store.rows import document_dict as document_dict
from workbench.store.rows import evidence_dict as evidence_dict
from workbench.store.rows import source_dict as source_dict
from workbench.store.rules import EMPTY_PUBLISHER as EMPTY_PUBLISHER
from workbench.store.rules import PUBLISHER_KEYS as PUBLISHER_KEYS
from workbench.store.rules import ExchangeError as ExchangeError
from workbench.store.rules import check_publisher as check_publisher
from workbench.store.rules import check_stored_setting as check_stored_setting
from workbench.store.rules import is_web_url as is_web_url
from workbench.store.settings import apply_project as apply_project
from workbench.store.settings import merge_settings as merge_settings
from workbench.store.settings import read_publishing as read_publishing
from workbench.store.settings import read_settings as read_settings
from workbench.store.upsert import apply as apply
from workbench.store.upsert import delete_objects as delete_objects
from workbench.store.validation import Lookup as Lookup
from workbench.store.validation import by_ids as by_ids
from workbench.store.validation import check_shape as check_shape
from workbench.store.validation import validate as validate


def dump(session: Session) -> dict[str, Any]:
    """The whole project as an exchange dict, objects in their stable order."""
    info = session.scalars(select(ProjectInfo)).first()
    project: dict[str, Any] = {"title": info.title if info else ""}
    project.update(read_settings(session))
    project.update(read_publishing(session))
    out: dict[str, Any] = {"format": FORMAT, "project": project}
    for kind in KINDS:
        model = MODELS[kind]
        rows = session.scalars(select(model).order_by(model.position, model.id))
        out[kind] = [ROW_DICT[kind](r) for r in rows]
    return out


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a whole exchange file is loaded.

    A load allocates tens of thousands of row dicts and records that all stay
    alive until it commits; the collector would scan them again and again
    (about 200 collections, an eighth of the CPU time of loading the L file)
    without finding garbage. Reference cycles made meanwhile are collected by
    the next collection after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

