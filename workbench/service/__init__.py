"""The one API the desktop app and the command line use.

Every write is an intent-named method (``add_claim``, ``link_evidence``,
``set_reliability`` …). Each one:

* validates through the exchange rules (so the app, ``vwb load`` and undo
  obey exactly the same checks),
* runs as one transaction,
* records an audit event (when, who, what, and the new likelihood of every
  claim it touched, so history can show how a judgement moved),
* returns a :class:`Changes` record naming what changed, which claims need
  re-assessment, and the patches that undo and redo it.

Undo is data, not code: a patch says "make these objects look like this and
delete those", and ``apply_patch`` applies it as a new write. The Qt undo
stack therefore only stores patches.

The package is split along its seams, each module importing only those
listed before it: ``changes`` (what a write returns and how one is
refused), ``conflicts`` (versions seen and the checks against a colleague's
change), ``transactions`` (the one-transaction, audited write and its undo
and redo patches), ``reads``, ``writes``, and ``project`` (the
``ProjectService`` dataclass, its lifecycle and following a server's log).
Import from here: ``from workbench.service import ProjectService, Changes``.
May import: workbench.store, workbench.analysis, workbench.documents and the
top-level helpers (jsonsafe); never workbench.cli, demo, merge or reader.
"""

from __future__ import annotations

from workbench.service.changes import EVENT_CHUNK, Changes, Patch, Progress, ReadOnlyError
from workbench.service.conflicts import ConflictError
from workbench.service.project import ProjectService, parse_iso_date, server_projects
from workbench.service.reads import CLAIMS, EVIDENCE, SOURCES
from workbench.store.model import CLAIM_STATUSES, SOURCE_KINDS
from workbench.store.projectfile import ProjectFileError, ProjectInUseError, is_locked
from workbench.store.rules import default_analyst
from workbench.store.server.address import with_project
from workbench.store.stores import is_server_address

__all__ = [
    "CLAIMS",
    "CLAIM_STATUSES",
    "EVENT_CHUNK",
    "EVIDENCE",
    "SOURCES",
    "SOURCE_KINDS",
    "Changes",
    "ConflictError",
    "Patch",
    "Progress",
    "ProjectFileError",
    "ProjectInUseError",
    "ProjectService",
    "ReadOnlyError",
    "default_analyst",
    "is_locked",
    "is_server_address",
    "parse_iso_date",
    "server_projects",
    "with_project",
]
