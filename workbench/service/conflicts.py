"""Versions and conflicts: what this client saw of each object, and refusing a write over a colleague's change.

An edit names the version it was made on; an undo or redo names the state its
write left. Either is checked under the write lock, and a mismatch is a
:class:`ConflictError` naming the field, both values, who and when: nothing is
overwritten unseen. ``keep_mine`` turns such a conflict into a knowing choice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.service.changes import Patch, ServiceState, _short
from workbench.store import exchange
from workbench.store.exchange import KINDS, MODELS, ROW_DICT
from workbench.store.model import Event


class ConflictError(RuntimeError):
    """A write named a version of an object that a colleague has changed since: nothing was written.

    ``str()`` is one line with both values, who wrote the other one and when.
    """

    def __init__(self, kind: str, object_id: str, field: str | None, mine: Any, theirs: Any,
                 who: str, when: str, label: str = "") -> None:
        self.kind, self.id, self.field = kind, object_id, field
        self.mine, self.theirs, self.who, self.when = mine, theirs, who, when
        self.label = label or f"{exchange.SINGULAR.get(kind, kind)} {object_id}"
        if theirs is _DELETED:
            what = f"{self.label} was deleted by {who} at {when}"
        elif field is None:
            what = f"{self.label} was changed by {who} at {when}"
        else:
            what = (f"{self.label}: {field} was changed to {_show(theirs)} by {who} at {when}; "
                    f"yours was {_show(mine)}")
        super().__init__(f"conflict: {what}; nothing was overwritten")


_DELETED = object()


def _label(kind: str, obj: Mapping[str, Any]) -> str:
    name = obj.get("name") or obj.get("title") or obj.get("text") or obj.get("id")
    return f"{exchange.SINGULAR.get(kind, kind)} {_short(str(name), 40)}"


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:79] + "…"


def _last_writer(s: Session, object_id: str) -> tuple[str, str]:
    """Who last wrote an object and when (its newest audit event), for a conflict's message."""
    last = s.scalars(select(Event).where(Event.details.contains(object_id))
                     .order_by(Event.seq.desc()).limit(1)).first()
    return (last.who, last.at) if last else ("someone", "an unknown time")


class Versions(ServiceState):
    """The versions this client has seen, and the checks that refuse a write over a colleague's change."""

    def _saw(self, kind: str, row: Any, obj: dict[str, Any]) -> dict[str, Any]:
        self._seen[(kind, row.id)] = row.version
        return obj

    def adopt_versions(self, seen: Mapping[tuple[str, str], int]) -> None:
        """Take the versions another reader of this project saw (rows read before this service
        existed), keeping any this service read or wrote since."""
        for key, version in seen.items():
            self._seen.setdefault(key, version)

    def version_of(self, kind: str, object_id: str) -> int | None:
        """The version of an object as this client last read or wrote it."""
        return self._seen.get((kind, object_id))

    def _expect(self, kind: str, object_id: str, fields: dict[str, Any]) -> dict[str, dict[str, int]]:
        """The version an edit names: given explicitly (``version=``), or the one last read."""
        version = fields.pop("version", None)
        if version is None:
            version = self._seen.get((kind, object_id))
        return {kind: {object_id: int(version)}} if version is not None else {}

    def keep_mine(self, patch: Patch) -> Patch:
        """An undo or redo that met a colleague's change, as the user's knowing choice (Keep Mine).

        Only what the user's own write changed is put back (its fields, over the
        colleague's other values; an object the colleague deleted comes back
        whole), and the write names the versions this client has read since the
        conflict, so a third analyst's change in the meantime is again a conflict
        rather than overwritten unseen.
        """
        state = patch.get("expect_state") or {}
        ids = {k: {o["id"] for o in patch.get("upsert", {}).get(k, [])} | set(patch.get("delete", {}).get(k, []))
               for k in KINDS}
        with self.pf.session() as s:
            now = self._versions(s, ids)
        upsert: dict[str, list[dict[str, Any]]] = {}
        expect: dict[str, dict[str, int | None]] = {}
        for kind in KINDS:
            for obj in patch.get("upsert", {}).get(kind, []):
                oid = obj["id"]
                left = state.get(kind, {}).get(oid)
                if left is not None and oid in now[kind]:
                    obj = {"id": oid, **{f: v for f, v in obj.items() if f != "id" and left.get(f) != v}}
                upsert.setdefault(kind, []).append(obj)
            for oid in ids[kind]:
                if oid in now[kind]:
                    expect.setdefault(kind, {})[oid] = self._seen.get((kind, oid), now[kind][oid])
        out = {k: v for k, v in patch.items() if k not in ("upsert", "expect_state", "expect")}
        out["upsert"], out["expect"] = upsert, expect
        return out

    def _versions(self, s: Session, ids: Mapping[str, set[str]]) -> dict[str, dict[str, int]]:
        """The row version of every present object among ``ids``."""
        out: dict[str, dict[str, int]] = {}
        for kind in KINDS:
            model: Any = MODELS[kind]
            wanted = sorted(ids.get(kind, ()))
            out[kind] = {}
            for i in range(0, len(wanted), 500):
                for oid, version in s.execute(exchange.by_ids(model, model.id, model.version),
                                              {"ids": wanted[i:i + 500]}):
                    out[kind][oid] = version
        return out

    def _lock_rows(self, s: Session, ids: Mapping[str, set[str]]) -> dict[str, dict[str, int | None]]:
        """Lock the existing rows an edit changes, kind by kind in id order (no deadlocks between
        edits), before their versions are checked: a colleague's edit of the same row waits for
        this one and then sees its new version (a conflict), never the old one.

        ``FOR NO KEY UPDATE`` leaves the key-share locks of foreign-key checks free, so
        evidence added to a claim someone is editing does not wait for that edit.

        Returns the version of every row asked for (None: not there), read by the locking
        statement itself, so the version check needs no query (a round trip on a server).
        """
        locked: dict[str, dict[str, int | None]] = {}
        for kind in KINDS:
            model: Any = MODELS[kind]
            wanted = sorted(ids.get(kind, ()))
            if wanted:
                locked[kind] = dict.fromkeys(wanted)
            for i in range(0, len(wanted), 500):
                for oid, version in s.execute(select(model.id, model.version)
                                              .where(model.id.in_(wanted[i:i + 500]))
                                              .order_by(model.id).with_for_update(key_share=True)):
                    locked[kind][oid] = version
        return locked

    def _check_versions(self, s: Session, expect: Mapping[str, Mapping[str, int | None]],
                        upsert: Mapping[str, list[dict[str, Any]]],
                        locked: Mapping[str, Mapping[str, int | None]] | None = None) -> None:
        """Refuse the write if any object is not at the version it names (after taking the write lock).

        ``locked``: the versions :meth:`_lock_rows` read while locking, used where they cover the objects.
        """
        for kind, wanted in expect.items():
            if kind not in MODELS or not wanted:
                continue
            known = (locked or {}).get(kind, {})
            if all(oid in known for oid in wanted):
                have = {oid: v for oid, v in known.items() if v is not None}
            else:
                have = self._versions(s, {kind: set(wanted)})[kind]
            for oid, version in wanted.items():
                if version is None or have.get(oid) == version:
                    continue
                mine = next((o for o in upsert.get(kind, []) if o.get("id") == oid), {})
                row = s.get(MODELS[kind], oid)
                who, when = _last_writer(s, oid)
                if row is None:
                    raise ConflictError(kind, oid, None, None, _DELETED, who, when)
                current = ROW_DICT[kind](row)
                label = _label(kind, current)
                changed = [f for f in mine if f not in ("id", "position") and f in current and current[f] != mine[f]]
                fld = changed[0] if changed else None
                raise ConflictError(kind, oid, fld, mine.get(fld) if fld else None,
                                    current.get(fld) if fld else None, who, when, label)

    def _check_state(self, s: Session, expected: Mapping[str, Mapping[str, dict[str, Any] | None]],
                     current: Mapping[str, Mapping[str, dict[str, Any] | None]],
                     upsert: Mapping[str, list[dict[str, Any]]]) -> None:
        """Refuse an undo or redo when an object is no longer as this client's write left it.

        The conflict names, where it can, a field both changed, with the value
        the undo would set as "yours" and the colleague's as "theirs".
        """
        for kind, objs in expected.items():
            for oid, want in objs.items():
                have = current.get(kind, {}).get(oid)
                if have == want or (want is not None and have is not None
                                    and all(have.get(f) == v for f, v in want.items() if f != "position")):
                    continue
                who, when = _last_writer(s, oid)
                if have is None:
                    raise ConflictError(kind, oid, None, None, _DELETED, who, when)
                if want is None:
                    raise ConflictError(kind, oid, None, None, None, who, when, _label(kind, have))
                target = next((o for o in upsert.get(kind, []) if o.get("id") == oid), {})
                theirs = [f for f, v in want.items() if f != "position" and have.get(f) != v]
                fld = next((f for f in theirs if f in target and target[f] != want[f]), theirs[0])
                raise ConflictError(kind, oid, fld, target.get(fld, want.get(fld)), have.get(fld), who, when,
                                    _label(kind, have))
