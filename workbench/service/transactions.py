"""The transaction machinery under every write: one transaction, audited, returning its undo and redo.

``_write`` validates through the exchange rules, makes deletions explicit
(dependants deleted or unlinked), snapshots the objects before and after,
re-assesses the claims the write touched, records the audit event and builds
the patches. Undo is data, not code: ``apply_patch`` applies a patch as a new
write, so the Qt undo stack stores only patches.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, func, insert, or_, select, update
from sqlalchemy import delete as sql_delete
from sqlalchemy.orm import Session

from workbench.analysis.confidence import Assessment, Settings
from workbench.service.changes import EVENT_CHUNK, Changes, Patch, Progress, ReadOnlyError
from workbench.service.conflicts import Versions
from workbench.store import exchange
from workbench.store.assessing import assess_stored, assess_written
from workbench.store.exchange import KINDS, MODELS, ROW_DICT, Row
from workbench.store.model import Claim, Document, Event, Evidence, Media, ProjectInfo, utcnow_iso


class Transactions(Versions):
    """Every write's one transaction: validation, cascade, snapshots, assessment, audit event, patches."""

    def _assess(self, s: Session, claim_ids: Iterable[str] | None,
                settings: Settings | None = None, explain: bool = True) -> dict[str, Assessment]:
        """Assessments read inside ``s``; without ``explain``, only the figures (no per-item breakdown)."""
        if settings is None:
            settings = self._current_settings(s)
        conn = s.connection()
        if conn.dialect.name == "sqlite":  # the driver's own cursor, inside this session's transaction
            raw: Any = conn.connection.driver_connection
            return assess_stored(raw.execute, claim_ids, settings, explain=explain)
        # Driver SQL is not schema-translated: name the server project's schema explicitly.
        schema = (conn.get_execution_options().get("schema_translate_map") or {}).get(None)
        return assess_stored(lambda sql, params: conn.exec_driver_sql(sql, tuple(params)), claim_ids, settings,
                             "%s" if conn.dialect.paramstyle in ("format", "pyformat") else "?", schema,
                             explain=explain)

    def _current_settings(self, s: Session) -> Settings:
        """The project's scoring settings, read once through ``s`` (it may hold the write lock)."""
        if self._settings is None:
            self._settings = Settings.from_json(exchange.read_settings(s))
        return self._settings

    def _assess_created(self, s: Session, lookup: exchange.Lookup, objects: Mapping[str, Mapping[str, Any]],
                        after: Mapping[str, Mapping[str, dict[str, Any] | None]], n_claims: int | None
                        ) -> dict[str, Assessment] | None:
        """The audit log's figures of a write that created every claim and evidence item of the
        project (a load into a new project), from the objects it wrote rather than read back; None
        for any other write.

        With no claim left from before, no evidence item is either (each belongs to a claim),
        so the new items are all the evidence there is.
        """
        claims, evidence = lookup.created.get("claims", {}), lookup.created.get("evidence", {})
        if n_claims is None or len(claims) != n_claims or len(evidence) != len(objects.get("evidence", ())):
            return None
        sources = {oid: obj for oid, obj in after["sources"].items() if obj is not None}
        return assess_written(claims.values(), evidence.values(), sources, self._current_settings(s))

    def apply_patch(self, patch: Patch, action: str, summary: str, extra_rows: Sequence[Any] = (),
                    progress: Progress | None = None) -> Changes:
        """Apply a patch (undo, redo, merge) as one new write.

        ``extra_rows`` are rows added in the same transaction (a merge brings
        a colleague's audit events along with their changes): ORM objects, or
        dicts of ``event`` columns, which are inserted in bulk (a copy may
        bring 300,000 events; building an ORM object for each took most of a
        merge's time).  ``progress(done, total)`` is called as those events
        are written; if it raises (a cancelled merge), the whole write rolls
        back and nothing changes.
        """
        rows = list(extra_rows) + list(patch.get("events_add", []))  # event dicts: inserted in bulk
        rows += [Media(**m) for m in patch.get("media_add", [])]  # image bytes an undo or redo brings back
        action = patch.get("action", action)  # a patch may name itself (undoing a merge)
        return self._write(action, summary, patch.get("upsert", {}), patch.get("delete", {}),
                           patch.get("project"), rows, patch.get("events_forget", ()), patch.get("expect"),
                           patch.get("expect_state"), progress)

    def _cascade(self, s: Session, upsert: dict[str, list[dict[str, Any]]],
                 delete: dict[str, list[str]]) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[str]]]:
        """Make deletions explicit: dependants are deleted or unlinked in the same patch."""
        upsert = {k: list(upsert.get(k, [])) for k in KINDS}  # lists copied; the objects are only read
        delete = {k: list(dict.fromkeys(delete.get(k, []))) for k in KINDS}
        if not any(delete.values()):
            return upsert, delete
        del_claims, del_sources = set(delete["claims"]), set(delete["sources"])
        upserted_ev = {o["id"] for o in upsert["evidence"]}
        if del_claims or del_sources:
            q = select(Evidence.id).where(or_(Evidence.claim_id.in_(del_claims), Evidence.source_id.in_(del_sources)))
            for eid in s.scalars(q):
                if eid not in upserted_ev and eid not in delete["evidence"]:
                    delete["evidence"].append(eid)
        del_ev = set(delete["evidence"])
        patches: dict[str, dict[str, Any]] = {}
        if del_ev or del_sources:
            q = select(Evidence.id).where(or_(Evidence.derives_from_evidence_id.in_(del_ev),
                                              Evidence.derives_from_source_id.in_(del_sources)))
            for eid in s.scalars(q):
                if eid not in del_ev:
                    patches.setdefault(eid, {"id": eid})["derives_from"] = None
        if delete["documents"]:
            docs = set(delete["documents"])
            for model, kind in ((Claim, "claims"), (Evidence, "evidence")):
                for oid in s.scalars(select(model.id).where(model.document_id.in_(docs))):
                    if oid in del_ev or oid in del_claims:
                        continue
                    target = patches if kind == "evidence" else patches.setdefault("__claims__", {})
                    target.setdefault(oid, {"id": oid}).update(document=None, start=None, end=None)
        claim_patches = patches.pop("__claims__", {})
        if del_sources:  # a claim made by a deleted source no longer names a claimant
            for cid in s.scalars(select(Claim.id).where(Claim.claimant.in_(del_sources))):
                if cid not in del_claims:
                    claim_patches.setdefault(cid, {"id": cid})["claimant"] = None
        upsert["evidence"].extend(patches.values())
        upsert["claims"].extend(claim_patches.values())
        return upsert, delete

    def _snapshot(self, s: Session, ids: Mapping[str, Iterable[str]],
                  lookup: exchange.Lookup | None = None) -> dict[str, dict[str, dict[str, Any] | None]]:
        """Object dicts of ``ids`` (None for absent ones): rows validation already read are taken
        from ``lookup``, the rest read with one query per kind and chunk."""
        snap: dict[str, dict[str, dict[str, Any] | None]] = {}
        for kind in KINDS:
            model = MODELS[kind]
            wanted = sorted(ids.get(kind, ()))
            snap[kind] = dict.fromkeys(wanted)
            known = lookup.looked_up.get(kind, set()) if lookup is not None else set()
            known_rows = lookup.rows.get(kind, {}) if lookup is not None else {}
            rest = [oid for oid in wanted if oid not in known]
            for oid in wanted if known_rows else ():  # (a load into a new project found none)
                if (row := known_rows.get(oid)) is not None and oid in known:
                    obj = snap[kind][oid] = ROW_DICT[kind](row)
                    obj["position"] = row.position
            for i in range(0, len(rest), 500):
                rows = cast(Iterable[Row], s.scalars(exchange.by_ids(model), {"ids": rest[i:i + 500]}))
                for row in rows:
                    obj = snap[kind][row.id] = ROW_DICT[kind](row)
                    obj["position"] = row.position
        return snap

    @staticmethod
    def _written(ids: Mapping[str, Iterable[str]], objects: Mapping[str, Mapping[str, Any]], lookup: exchange.Lookup
                 ) -> tuple[dict[str, dict[str, dict[str, Any] | None]], dict[str, dict[str, int]]]:
        """The objects and versions a write left, from the rows it wrote (not read back): the
        upserted ones as written, the deleted ones None."""
        after: dict[str, dict[str, dict[str, Any] | None]] = {}
        versions: dict[str, dict[str, int]] = {}
        for kind in KINDS:
            after[kind] = dict.fromkeys(sorted(ids.get(kind, ())))
            versions[kind] = {}
            rows, created = lookup.rows.get(kind, {}), lookup.created.get(kind, {})
            written = objects.get(kind, {})
            if created and len(created) == len(written):  # all new (a load): as built by the upsert
                after[kind].update(created)
                versions[kind] = dict.fromkeys(created, 1)
                continue
            to_dict = ROW_DICT[kind]
            for oid in written:
                new = created.get(oid)
                if new is not None:  # a new row: built as exchange data by the upsert
                    after[kind][oid] = new
                    versions[kind][oid] = 1
                    continue
                row = rows[oid]
                obj = after[kind][oid] = to_dict(row)
                obj["position"] = row.position
                versions[kind][oid] = row.version
        return after, versions

    @staticmethod
    def _add_media(s: Session, rows: Sequence[Any]) -> list[dict[str, Any]]:
        """Store the image bytes among ``rows`` that the project lacks; what was stored, as patch data."""
        added: list[dict[str, Any]] = []
        for row in rows:
            if isinstance(row, Media) and s.get(Media, row.sha256) is None:
                s.add(row)
                added.append({"sha256": row.sha256, "mime": row.mime, "data": bytes(row.data)})
        return added

    @staticmethod
    def _remove_unused_media(s: Session, before: Mapping[str, Mapping[str, dict[str, Any] | None]],
                             after: Mapping[str, Mapping[str, dict[str, Any] | None]]) -> list[dict[str, Any]]:
        """Delete image bytes no document uses any more, in the write that stopped using them.

        The bytes of a deleted picture must leave the project file (with
        ``secure_delete`` they are zeroed on disk): a fact-checker who deletes a
        sensitive screenshot and sends the project on expects it gone. Undo
        must still bring the picture back, so the removed rows are returned and
        carried by the write's undo patch (``media_add``), and a redo of an
        import carries the bytes it added the same way. The alternative, a
        garbage collection once no undo step can need the bytes, would leave
        them in the file for as long as the app stays open, and the command
        line has no undo stack to ask. The price is memory: an undo step that
        deleted a picture holds its bytes (at most 50 MB) while it is on the
        undo stack.
        """
        shas: set[str] = set()
        for oid, old in before.get("documents", {}).items():
            media = (old or {}).get("media")
            sha = media.get("sha256") if isinstance(media, dict) else None
            new = (after.get("documents", {}).get(oid) or {}).get("media")
            if sha and (not isinstance(new, dict) or new.get("sha256") != sha):
                shas.add(sha)
        removed: list[dict[str, Any]] = []
        for sha in sorted(shas):
            if s.scalars(select(Document.id).where(Document.media.like(f'%"sha256": "{sha}"%')).limit(1)).first():
                continue
            row = s.get(Media, sha)
            if row is not None:
                removed.append({"sha256": row.sha256, "mime": row.mime, "data": bytes(row.data)})
                s.delete(row)
        s.flush()
        return removed

    def _affected_claims(self, s: Session, ids: Mapping[str, set[str]],
                         before: dict[str, dict[str, dict[str, Any] | None]],
                         after: dict[str, dict[str, dict[str, Any] | None]], all_claims: bool) -> set[str]:
        if all_claims:
            return set(s.scalars(select(Claim.id)))
        out = {c for c in ids.get("claims", ()) if after["claims"].get(c) is not None}
        for snap in (before, after):
            for ev in snap["evidence"].values():
                if ev is not None:
                    out.add(ev["claim"])
        if ids.get("sources"):
            src = ids["sources"]
            q = select(Evidence.claim_id).where(
                or_(Evidence.source_id.in_(src), Evidence.derives_from_source_id.in_(src)))
            out.update(s.scalars(q))
        # Every claim named above exists now (evidence cannot outlive its claim) except those this
        # write deleted: no query to check (one round trip per write on a server).
        return out - {c for c in ids.get("claims", ()) if after["claims"].get(c) is None}

    def _write(self, action: str, summary: str, upsert: Mapping[str, list[dict[str, Any]]],
               delete: Mapping[str, list[str]], project: dict[str, Any] | None = None,
               extra_rows: Sequence[Any] = (), forget_events: Sequence[str] = (),
               expect: Mapping[str, Mapping[str, int | None]] | None = None,
               expect_state: Mapping[str, Mapping[str, dict[str, Any] | None]] | None = None,
               progress: Progress | None = None, *, shaped: bool = False) -> Changes:
        """One write (see the module's docstring); ``shaped``: ``upsert`` is what
        ``exchange.check_shape`` returned, so its shape is not checked again."""
        if self.pf.read_only:
            raise ReadOnlyError(f"{self.pf.name}: opened read-only; save a copy to make changes")
        stamp = utcnow_iso()
        shared = (action in _SHARED and not any(delete.get(k) for k in delete) and not project
                  and not extra_rows and not forget_events and not upsert.get("documents"))
        with self.pf.write_session(_DOING.get(action, "make this change"), shared=shared) as s:
            locked = None
            if shared and self.on_server:
                locked = self._lock_rows(s, {k: {str(o["id"]) for o in upsert.get(k, []) if o.get("id")}
                                             for k in KINDS})
            if expect:
                self._check_versions(s, expect, upsert, locked)
            up, dele = self._cascade(s, dict(upsert), dict(delete))
            merged: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in KINDS}
            for kind in KINDS:
                by_id = merged[kind] = {obj["id"]: obj for obj in up[kind]}
                if len(by_id) == len(up[kind]):
                    continue  # one object per id (always, in a loaded file): nothing to merge
                by_id.clear()
                for obj in up[kind]:  # the objects are only read: copied only to merge two of one id
                    oid = obj["id"]
                    by_id[oid] = {**by_id[oid], **obj} if oid in by_id else obj
            data: dict[str, Any] = {k: list(merged[k].values()) for k in KINDS}
            if project:
                data["project"] = project
            lookup = exchange.Lookup(stamp=stamp)
            objects = exchange.validate(s, data, lookup, shaped=shaped)
            for kind in KINDS:  # a deleted object must not be referenced by what stays
                for oid in dele[kind]:
                    objects[kind].pop(oid, None)
            ids = {k: set(objects[k]) | set(dele[k]) for k in KINDS}
            in_order = {k: sorted(v) for k, v in ids.items()}  # sorted once: snapshots, patches, audit event
            before = self._snapshot(s, in_order, lookup)
            if expect_state:
                self._check_state(s, expect_state, before, upsert)
            settings_before = exchange.read_settings(s) | exchange.read_publishing(s) if project else None
            title_before = s.scalars(select(ProjectInfo.title)).first() if project and "title" in project else None
            if any(before[k].get(o) is None for k in KINDS for o in objects[k]):
                self.pf.serialise(s)  # new rows take positions: one writer at a time from here
            with s.no_autoflush:
                exchange.apply(s, objects, stamp, lookup)
            settings_changed = exchange.apply_project(s, project) if project else False
            exchange.delete_objects(s, dele)
            after, v_after = self._written(in_order, objects, lookup)
            if _CHECK_WRITTEN:  # tests: what the write kept must be exactly what reading it back gives
                s.flush()
                assert after == self._snapshot(s, ids), "written rows differ from the stored ones"
                assert v_after == self._versions(s, ids), "written versions differ from the stored ones"
            if settings_changed:
                self._settings = None
            reassessed = self._affected_claims(s, ids, before, after, settings_changed)
            # The audit log keeps each re-assessed claim's figures, not its breakdown.
            # A write that touches every claim (a load into a new project) reads them all rather
            # than listing every id twice in the assessment's two queries.
            n_claims = s.scalar(select(func.count()).select_from(Claim)) if len(reassessed) > 500 else None
            every = len(reassessed) == n_claims
            assessments: dict[str, Assessment] = {}
            if reassessed:
                from_memory = self._assess_created(s, lookup, objects, after, n_claims) \
                    if every and not any(dele.values()) else None
                if from_memory is None:
                    assessments = self._assess(s, None if every else reassessed, explain=False)
                else:
                    assessments = from_memory
                    if _CHECK_WRITTEN:  # tests: the figures from memory are those read back
                        assert list(assessments.items()) == list(self._assess(s, None, explain=False).items())
            undo, redo = _patches(before, after)
            # Undo may only restore ``before`` over exactly ``after`` (and redo the reverse): a
            # colleague's change in between is a conflict, however often undo and redo alternate.
            undo["expect_state"] = after
            redo["expect_state"] = before
            if project:
                undo["project"] = dict(settings_before or {})
                redo["project"] = exchange.read_settings(s) | exchange.read_publishing(s)
                if "title" in project:
                    undo["project"]["title"] = title_before or ""
                    redo["project"]["title"] = project["title"]
            # New rows are exactly those ``apply`` created (absent before, written now).
            created = {k: frozenset(lookup.created.get(k, ())) for k in KINDS}
            forget = list(forget_events)  # undoing a merge forgets the colleague's history it brought
            for i in range(0, len(forget), EVENT_CHUNK):  # SQLite binds at most 32,766 values per statement
                s.execute(sql_delete(Event).where(Event.id.in_(forget[i:i + EVENT_CHUNK])))
                if progress is not None:
                    progress(min(i + EVENT_CHUNK, len(forget)), len(forget))
            # Added first, so this action's event sorts after them.
            added_media = self._add_media(s, extra_rows)
            s.add_all([r for r in extra_rows if not isinstance(r, (Media, dict))])
            event_rows = [r for r in extra_rows if isinstance(r, dict)]
            for i in range(0, len(event_rows), EVENT_CHUNK):
                s.execute(insert(cast(Table, Event.__table__)), event_rows[i:i + EVENT_CHUNK])  # Core: no ORM work
                if progress is not None:
                    progress(min(i + EVENT_CHUNK, len(event_rows)), len(event_rows))
            s.flush()
            removed_media = self._remove_unused_media(s, before, after)
            if removed_media:
                undo["media_add"] = removed_media
            if added_media:
                redo["media_add"] = added_media
            self.pf.serialise(s)  # history numbers in commit order
            # Numbered by the INSERT itself and the project stamped by one UPDATE: on a server each
            # statement is a round trip, and a read before each doubled them.
            seq = select(func.coalesce(func.max(Event.seq), 0) + 1).scalar_subquery()
            event = Event(seq=seq, at=stamp, who=self.analyst, action=action, summary=summary,
                          details=json.dumps({
                              "ids": {k: v for k, v in in_order.items() if v},
                              **({"project": sorted(project)} if project else {}),
                              "assessments": {c: {"probability": a.probability, "likelihood": a.likelihood,
                                                  "confidence": a.confidence} for c, a in assessments.items()},
                          }, ensure_ascii=False))
            s.add(event)
            s.flush()
            s.execute(update(ProjectInfo).values(changed_at=stamp), execution_options={"synchronize_session": False})
        if settings_changed:
            self._settings = None
        seen = self._seen
        for kind in KINDS:
            written = v_after[kind]
            seen.update({(kind, oid): version for oid, version in written.items()})
            for oid in ids[kind].difference(written):  # deleted
                seen.pop((kind, oid), None)
        return Changes(action, summary, {k: frozenset(v) for k, v in ids.items()}, created,
                       frozenset(reassessed), settings_changed, undo, redo, event.id)


_CHECK_WRITTEN = bool(os.environ.get("VWB_CHECK_WRITTEN"))

#: Writes that only edit or add claims, evidence and sources (never delete, never documents or
#: settings): on a server they run side by side, each locking only its own rows.
_SHARED = frozenset({"update_claim", "update_source", "update_evidence", "set_reliability", "add_claim",
                     "add_source", "link_evidence", "set_claim_review",
                     "undo", "redo", "keep_mine"})

_DOING = {"set_settings": "change the scoring settings (leads only)",
          "set_title": "rename the project (leads only)",
          "delete_document": "delete documents (leads only)",
          "undo_merge": "undo a merge (leads only)"}


def _patches(before: dict[str, dict[str, dict[str, Any] | None]],
             after: dict[str, dict[str, dict[str, Any] | None]]) -> tuple[Patch, Patch]:
    """Undo restores ``before``; redo restores ``after``."""
    def make(state: dict[str, dict[str, dict[str, Any] | None]]) -> Patch:
        up: dict[str, list[dict[str, Any]]] = {}
        dele: dict[str, list[str]] = {}
        for kind in KINDS:
            objs = state[kind]
            up[kind] = [obj for obj in objs.values() if obj is not None]
            dele[kind] = [oid for oid, obj in objs.items() if obj is None] if len(up[kind]) < len(objs) else []
        return {"upsert": up, "delete": dele}
    return make(before), make(after)

