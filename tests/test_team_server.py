"""Team projects on a real PostgreSQL server: the same project as a file, roles enforced by the server,
history naming the server's login, conflicts instead of overwrites, notifications of every write."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from workbench.service import ConflictError, ProjectService, ReadOnlyError
from workbench.store.model import ProjectInfo
from workbench.store.server.store import PermissionDenied, ServerError


def _open(team_server, login: str, project: str, **kw) -> ProjectService:
    return ProjectService.open(team_server.url(login, project), **kw)


def test_a_published_project_is_the_same_project_as_its_file(team_server, tmp_path: Path) -> None:
    from workbench.demo import write_demo

    path = write_demo(tmp_path / "demo.db", analyst="tester")
    file_svc = ProjectService.open(path, read_only=True)
    file_svc.copy_to(team_server.url("lena", "same_as_file"))
    server_svc = _open(team_server, "rita", "same_as_file")
    try:
        assert server_svc.dump() == file_svc.dump()  # same ids, same exchange JSON
        assert {c: a.probability for c, a in server_svc.assess_all().items()} == \
               {c: a.probability for c, a in file_svc.assess_all().items()}
        assert server_svc.name == team_server.url("rita", "same_as_file", password=None)
        assert "rita-pw" not in server_svc.name
    finally:
        server_svc.close()
        file_svc.close()


def test_history_names_the_servers_login_not_the_name_the_client_gives(team_server, team_project) -> None:
    svc = _open(team_server, "bob", team_project, analyst="lena")
    try:
        claim = svc.list_claims()[0]
        svc.update_claim(claim["id"], note="checked the satellite images")
        assert svc.history()[0]["who"] == "bob"
    finally:
        svc.close()
    # Even a client that writes the audit row itself cannot borrow a colleague's name.
    team_server.sql(f"""INSERT INTO "p_{team_project}".event (id, seq, at, who, action, summary, details)
                        VALUES ('forged', 999, '2024-01-01', 'lena', 'x', 'forged', '{{}}')""", login="bob")
    who = team_server.sql(f"""SELECT who FROM "p_{team_project}".event WHERE id = 'forged'""")[0][0]
    assert who == "lena (via bob)"


def test_a_reader_cannot_write_through_the_app_or_with_psql(team_server, team_project) -> None:
    svc = _open(team_server, "rita", team_project)
    try:
        assert svc.read_only
        with pytest.raises(ReadOnlyError):
            svc.add_claim("Readers may not add claims")
    finally:
        svc.close()
    for statement in (f'INSERT INTO "p_{team_project}".claim (id, text) VALUES (\'x\', \'y\')',
                      f'UPDATE "p_{team_project}".source SET reliability = \'A\'',
                      f'DELETE FROM "p_{team_project}".evidence',
                      f'INSERT INTO "p_{team_project}".setting (key, value) VALUES (\'scoring\', \'{{}}\')'):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            team_server.sql(statement, login="rita")
    assert team_server.sql(f'SELECT count(*) FROM "p_{team_project}".claim', login="rita")[0][0] == 6


def test_editors_edit_but_scoring_and_deleting_documents_are_for_leads(team_server, team_project) -> None:
    bob = _open(team_server, "bob", team_project)
    lena = _open(team_server, "lena", team_project)
    try:
        doc = bob.list_documents()[0]["id"]
        with pytest.raises(PermissionDenied) as denied:
            bob.set_settings({"half_life_days": 30})
        message = str(denied.value)
        assert "bob" in message and "vwb_editor" in message and "scoring settings" in message
        assert "bob-pw" not in message
        with pytest.raises(PermissionDenied):
            bob.delete_document(doc)
        # Editors may still keep their own dismissed suggestions (row-level security on settings).
        bob.dismiss_suggestion(doc, "claim:1:5")
        assert bob.dismissed_suggestions(doc) == ["claim:1:5"]
        # With psql, the scoring row is invisible to an editor's UPDATE (it changes nothing) ...
        team_server.sql(f"""UPDATE "p_{team_project}".setting SET value = '{{}}' WHERE key = 'scoring'""",
                        login="bob")
        assert team_server.sql(f"""SELECT value FROM "p_{team_project}".setting
                                   WHERE key = 'scoring'""")[0][0] != "{}"
        # ... and a new scoring row is refused outright.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            team_server.sql(f"""INSERT INTO "p_{team_project}".setting VALUES ('scoring2', '{{}}')""", login="bob")
        lena.set_settings({"half_life_days": 30})
        assert lena.settings_json()["half_life_days"] == 30
        lena.delete_document(doc)
        assert doc not in {d["id"] for d in bob.list_documents()}
    finally:
        bob.close()
        lena.close()


def test_the_same_field_changed_by_two_people_is_a_conflict_with_both_values(team_server, team_project) -> None:
    bob = _open(team_server, "bob", team_project)
    carol = _open(team_server, "carol", team_project)
    try:
        claim = bob.list_claims()[0]
        assert carol.claim(claim["id"])["status"] == claim["status"]
        bob.update_claim(claim["id"], status="verified")
        with pytest.raises(ConflictError) as conflict:
            carol.update_claim(claim["id"], status="disputed")
        err = conflict.value
        assert (err.field, err.mine, err.theirs, err.who) == ("status", "disputed", "verified", "bob")
        assert "bob" in str(err) and "'verified'" in str(err) and "'disputed'" in str(err) and err.when in str(err)
        assert carol.claim(claim["id"])["status"] == "verified"  # nothing overwritten; now carol has read it
        carol.update_claim(claim["id"], status="disputed")  # having seen bob's value, carol may change it
        assert bob.claim(claim["id"])["status"] == "disputed"
    finally:
        bob.close()
        carol.close()


def test_undo_after_a_colleagues_change_is_a_conflict_never_a_silent_clobber(team_server, team_project) -> None:
    bob = _open(team_server, "bob", team_project)
    carol = _open(team_server, "carol", team_project)
    try:
        source = bob.list_sources()[0]
        mine = bob.set_reliability(source["id"], "A")
        carol.list_sources()
        carol.set_reliability(source["id"], "E")
        with pytest.raises(ConflictError) as conflict:
            bob.apply_patch(mine.undo, "undo", "Undo")
        assert (conflict.value.field, conflict.value.theirs, conflict.value.who) == ("reliability", "E", "carol")
        assert conflict.value.mine == source["reliability"]  # "yours": the value the undo would restore
        assert carol.source(source["id"])["reliability"] == "E"
        # Undo and redo of one's own edit, with nobody in between, still work as often as asked.
        again = carol.update_source(source["id"], notes="seen")
        for _ in range(2):
            carol.apply_patch(again.undo, "undo", "Undo")
            carol.apply_patch(again.redo, "redo", "Redo")
        assert carol.source(source["id"])["notes"] == "seen"
    finally:
        bob.close()
        carol.close()


def test_every_write_is_announced_with_its_event(team_server, team_project) -> None:
    watcher = _open(team_server, "rita", team_project)
    bob = _open(team_server, "bob", team_project)
    seen: list[dict] = []
    stop = threading.Event()
    thread = threading.Thread(target=watcher.follow, args=(seen.append, stop), daemon=True)
    thread.start()
    try:
        time.sleep(0.5)  # listening
        changes = bob.add_claim("A claim everyone should see")
        deadline = time.monotonic() + 5
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [e["event"] for e in seen] == [changes.event_id]
        assert seen[0]["who"] == "bob" and seen[0]["action"] == "add_claim"
        assert seen[0]["ids"]["claims"] == [changes.new_id]
    finally:
        stop.set()
        thread.join(5)
        watcher.close()
        bob.close()


def test_an_offline_copy_keeps_history_and_comes_back_with_the_merge(team_server, team_project, tmp_path) -> None:
    from workbench.merge import apply_merge, merge_projects

    bob = _open(team_server, "bob", team_project)
    try:
        bob.update_claim(bob.list_claims()[0]["id"], note="before going offline")
        offline = tmp_path / "offline.db"
        bob.copy_to(offline)
        copy = ProjectService.open(offline, analyst="bob on the train")
        assert copy.dump() == bob.dump()
        assert [h["who"] for h in copy.history()][:1] == ["bob"]
        added = copy.add_claim("Written on the train")
        copy.close()
        result = merge_projects(bob, offline)
        apply_merge(bob, result, {})
        assert bob.claim(added.new_id)["text"] == "Written on the train"
        whos = [h["who"] for h in bob.history()]
        assert "bob on the train (via bob)" in whos
    finally:
        bob.close()


def test_a_server_restart_under_an_open_project_recovers(team_server, team_project) -> None:
    bob = _open(team_server, "bob", team_project)
    try:
        claim = bob.list_claims()[0]["id"]
        team_server.server.restart()
        bob.update_claim(claim, note="after the restart")
        assert bob.claim(claim)["note"] == "after the restart"
    finally:
        bob.close()


def test_writes_while_the_server_is_down_are_refused_with_one_line(team_server, team_project) -> None:
    bob = _open(team_server, "bob", team_project)
    try:
        claim = bob.list_claims()[0]["id"]
        team_server.server.stop()
        try:
            with pytest.raises(ServerError) as down:
                bob.update_claim(claim, note="while down")
            assert "unreachable" in str(down.value) and "bob-pw" not in str(down.value)
        finally:
            team_server.server.start()
        assert bob.claim(claim)["note"] != "while down"
        bob.update_claim(claim, note="back")
        assert bob.claim(claim)["note"] == "back"
    finally:
        bob.close()


def test_opening_fails_with_one_line_naming_the_address(team_server, team_project) -> None:
    cases = [
        (team_server.url("bob", team_project, password="wrong"), "authentication failed"),
        (team_server.url("bob", "no_such_project"), "no project 'no_such_project'"),
        (team_server.url("mallory", team_project), "no Verification Workbench role"),
        (team_server.url("bob", team_project).replace(str(team_server.server.port), "1"), "unreachable"),
    ]
    for url, reason in cases:
        with pytest.raises(ServerError) as failed:
            ProjectService.open(url)
        assert reason in str(failed.value) and "-pw" not in str(failed.value) and "wrong" not in str(failed.value)
        assert "\n" not in str(failed.value)


def test_the_app_refuses_a_newer_server_schema_and_leaves_an_older_one_to_a_lead(team_server, team_project) -> None:
    from workbench.store.server import admin, schema
    from workbench.store.server.address import parse
    from workbench.store.server.store import SCHEMA_REVISION

    assert schema.head() == SCHEMA_REVISION
    team_server.sql("UPDATE vwb.alembic_version SET version_num = '9999'", login="admin")
    try:
        with pytest.raises(ServerError, match="newer than this app"):
            _open(team_server, "bob", team_project)
        with pytest.raises(ServerError, match="newer than this app"):
            admin.upgrade(parse(team_server.url("lena")))
    finally:
        team_server.sql(f"UPDATE vwb.alembic_version SET version_num = '{SCHEMA_REVISION}'", login="admin")
    with pytest.raises(PermissionDenied, match="leads only"):
        admin.upgrade(parse(team_server.url("bob")))
    assert "already this version" in admin.upgrade(parse(team_server.url("lena")))


def test_who_else_has_the_project_open(team_server, team_project) -> None:
    bob = _open(team_server, "bob", team_project)
    carol = _open(team_server, "carol", team_project)
    try:
        bob.list_claims()
        carol.list_claims()
        assert bob.others_here() == ["carol"] and carol.others_here() == ["bob"]
    finally:
        carol.close()
    try:
        # The server ends a closed connection's backend on its own time: on a loaded machine it
        # can still be listed for a moment after the client has gone.
        deadline = time.monotonic() + 10
        while bob.others_here() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert bob.others_here() == []
    finally:
        bob.close()


def _plans(team_server, project: str) -> dict[str, str]:
    """The server's plans for the lookups that scanned every evidence row before 0002 (sequential
    scans made as costly as the planner allows, so any index that can answer them is used)."""
    import psycopg

    schema = f"p_{project}"
    queries = {
        "a document's evidence": f'SELECT * FROM "{schema}".evidence WHERE document_id = %s ORDER BY position',
        "claims relaying a graded source": f'SELECT claim_id FROM "{schema}".evidence '
                                           "WHERE source_id IN (%s) OR derives_from_source_id IN (%s)",
        "relays of deleted evidence": f'SELECT id FROM "{schema}".evidence WHERE derives_from_evidence_id IN (%s)',
        "claims of a deleted claimant": f'SELECT id FROM "{schema}".claim WHERE claimant IN (%s)',
    }
    out = {}
    with psycopg.connect(team_server.url("bob")) as conn:
        conn.execute("SET enable_seqscan = off")
        for what, q in queries.items():
            params = ("x",) * q.count("%s")
            out[what] = "\n".join(r[0] for r in conn.execute("EXPLAIN " + q, params))  # type: ignore[arg-type]
    return out


def test_lookups_a_large_server_project_makes_on_every_switch_and_grade_edit_use_indexes(
        team_server, team_project) -> None:
    for what, plan in _plans(team_server, team_project).items():
        assert "Seq Scan" not in plan, f"{what}: {plan}"


def test_upgrading_a_0001_server_gives_its_existing_projects_the_indexes(team_server, team_project) -> None:
    from workbench.store.server import admin
    from workbench.store.server.address import parse
    from workbench.store.server.schema import INDEXES
    from workbench.store.server.store import SCHEMA_REVISION

    def as_0001() -> None:
        for name, _table, _column in INDEXES:
            team_server.sql(f'DROP INDEX IF EXISTS "p_{team_project}".{name}', login="admin")
        team_server.sql("REVOKE UPDATE ON vwb.alembic_version FROM vwb_lead", login="admin")
        team_server.sql("UPDATE vwb.alembic_version SET version_num = '0001'", login="admin")

    as_0001()
    try:
        with pytest.raises(ServerError, match="older than this app's"):
            _open(team_server, "bob", team_project)
        assert any("Seq Scan" in plan for plan in _plans(team_server, team_project).values())
        # 0001 left the version table to the login that prepared the database: a lead is told so.
        with pytest.raises(PermissionDenied, match="needs the login that ran vwb server init") as refused:
            admin.upgrade(parse(team_server.url("lena")))
        assert "\n" not in str(refused.value) and "lena-pw" not in str(refused.value)
        assert "upgraded from 0001 to 0002" in admin.upgrade(parse(team_server.admin_url()))
        for what, plan in _plans(team_server, team_project).items():
            assert "Seq Scan" not in plan, f"{what}: {plan}"
        _open(team_server, "bob", team_project).close()
        as_0001()  # from 0002 on, leads upgrade
        team_server.sql("GRANT UPDATE ON vwb.alembic_version TO vwb_lead", login="admin")
        assert "upgraded from 0001 to 0002" in admin.upgrade(parse(team_server.url("lena")))
        for what, plan in _plans(team_server, team_project).items():
            assert "Seq Scan" not in plan, f"{what}: {plan}"
    finally:
        team_server.sql(f"UPDATE vwb.alembic_version SET version_num = '{SCHEMA_REVISION}'", login="admin")
        team_server.sql("GRANT UPDATE ON vwb.alembic_version TO vwb_lead", login="admin")


def _round_trips(svc: ProjectService, action) -> int:
    """How many times ``action`` waits for the server: the queries and synced statements libpq
    sends on the project's connections while it runs (its protocol trace)."""
    import os
    import tempfile

    from sqlalchemy import event

    traced = []

    def trace(dbapi_conn, _record, _proxy) -> None:
        fd, name = tempfile.mkstemp(suffix=".trace")
        dbapi_conn.pgconn.trace(fd)
        traced.append((dbapi_conn, fd, name))

    event.listen(svc.pf.engine, "checkout", trace)
    try:
        action()
    finally:
        event.remove(svc.pf.engine, "checkout", trace)
        for conn, fd, _name in traced:
            conn.pgconn.untrace()
            os.close(fd)
    count = 0
    for _conn, _fd, name in traced:
        with open(name) as fh:
            count += sum(1 for line in fh if "\tF\t" in line and ("\tQuery\t" in line or "\tSync" in line))
        os.unlink(name)
    return count


def test_a_read_of_a_server_project_is_one_round_trip(team_server, team_project) -> None:
    """A claim switch reads the claim's evidence: on a server across a network each round trip is
    the network's latency, so no ping, BEGIN or ROLLBACK around the one statement."""
    bob = _open(team_server, "bob", team_project)
    try:
        claim = bob.list_claims()[0]["id"]
        assert _round_trips(bob, lambda: bob.evidence_for_claim(claim)) == 1
        assert _round_trips(bob, lambda: bob.claim(claim)) == 1
    finally:
        bob.close()


def test_reads_and_writes_after_a_server_restart_use_fresh_connections(team_server, team_project) -> None:
    bob = _open(team_server, "bob", team_project)
    try:
        claim = bob.list_claims()[0]["id"]
        bob.update_claim(claim, note="before")
        team_server.server.restart()
        assert bob.claim(claim)["note"] == "before"  # a read first: the pooled connections are dead
        assert len(bob.evidence_for_claim(claim)) >= 0
        bob.update_claim(claim, note="after")
        assert bob.claim(claim)["note"] == "after"
    finally:
        bob.close()


def test_a_grade_edit_on_a_server_waits_for_it_a_bounded_number_of_times(team_server, team_project) -> None:
    """An edit's round trips: the project's shared lock, the row's lock and version, validation's
    read, the update, the claims to re-assess and their inputs (claims, evidence, sources, and the
    scoring settings the first time), the history lock and event, the project's stamp, the commit.
    Each is a network latency on a real server; none of them is a read the write could do without."""
    bob = _open(team_server, "bob", team_project)
    try:
        source = bob.list_sources()[0]["id"]
        bob.set_reliability(source, "B")  # the scoring settings are read once, then kept
        trips = _round_trips(bob, lambda: bob.set_reliability(source, "C"))
        assert trips <= 13, trips
        events = bob.events_after(0, limit=1000)
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))  # numbered by the INSERT itself
        with bob.pf.session() as s:
            assert s.scalar(select(ProjectInfo.changed_at)) == events[-1]["when"]
    finally:
        bob.close()


def test_a_colleagues_write_touching_many_objects_is_refreshed_in_a_few_round_trips(team_server,
                                                                                    team_project) -> None:
    """The app re-reads what a write touched: all of it together, not one query per object (on a
    server, a colleague's write touching hundreds of claims took a round trip for each)."""
    from ui.session.store import ProjectStore

    bob = _open(team_server, "bob", team_project)
    carol = _open(team_server, "carol", team_project)
    try:
        store = ProjectStore(bob)
        claims, sources = list(store.claims), list(store.sources)
        assert len(claims) + len(sources) > 10
        carol.update_claim(claims[0], note="carol's note")
        carol.update_source(sources[0], name="Renamed by Carol")
        changes = bob.changes_of({"ids": {"claims": claims, "sources": sources}, "action": "refresh"})
        trips = _round_trips(bob, lambda: store.apply(changes))
        assert trips <= 2, trips
        assert store.claims[claims[0]]["note"] == "carol's note"
        assert store.sources[sources[0]]["name"] == "Renamed by Carol"
    finally:
        carol.close()
        bob.close()


def test_opening_a_document_of_a_server_project_is_one_round_trip(team_server, team_project) -> None:
    """A switch into another document reads its text: row, text and page text in one query."""
    bob = _open(team_server, "bob", team_project)
    try:
        doc = bob.list_documents()[0]["id"]
        got: list[dict] = []
        assert _round_trips(bob, lambda: got.append(bob.document(doc))) == 1
        assert got[0]["text"] and "page_text" in got[0]
    finally:
        bob.close()


def test_a_list_asking_for_its_rows_assessments_one_by_one_waits_for_the_server_once(team_server,
                                                                                    team_project) -> None:
    from ui.session.store import ProjectStore

    bob = _open(team_server, "bob", team_project)
    try:
        store = ProjectStore(bob)
        claims = list(store.claims)
        got: dict = {}
        trips = _round_trips(bob, lambda: got.update({c: store.assessment(c) for c in claims}))
        assert trips <= 3, trips  # claims, their evidence, its sources: once for the whole screen
        fresh = bob.assess_claims(claims)
        assert {c: a.probability for c, a in got.items()} == {c: a.probability for c, a in fresh.items()}
    finally:
        bob.close()
