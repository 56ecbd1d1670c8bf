"""``vwb`` against a real PostgreSQL server: init, grant, projects, new, copy both ways, merge, watch,
and the one-line failures (exit 2, naming the address, never the password); several analyst
processes writing at once, and a client killed in the middle of its writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from workbench.service import ProjectService

VWB = [sys.executable, "-m", "workbench.cli"]


def vwb(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*VWB, *args], capture_output=True, text=True, timeout=timeout)


def test_the_whole_flow_from_the_command_line(team_server, tmp_path: Path) -> None:
    lead = team_server.url("lena")
    assert vwb("server", "init", team_server.admin_url()).returncode == 0  # again: nothing changes
    r = vwb("new", team_server.url("lena", "cli_flow"), "--title", "Election night")
    assert r.returncode == 0, r.stderr
    r = vwb("server", "projects", team_server.url("rita"), "--json")
    listed = {p["name"]: p for p in json.loads(r.stdout)["projects"]}
    assert listed["cli_flow"]["title"] == "Election night" and listed["cli_flow"]["claims"] == 0
    # Publish the demo, take it offline, bring it back.
    assert vwb("demo", str(tmp_path / "demo.db")).returncode == 0
    r = vwb("copy", str(tmp_path / "demo.db"), team_server.url("lena", "cli_demo"))
    assert r.returncode == 0, r.stderr
    r = vwb("copy", str(tmp_path / "demo.db"), team_server.url("lena", "cli_demo"))
    assert r.returncode == 2 and "already exists" in r.stderr
    r = vwb("copy", team_server.url("bob", "cli_demo"), str(tmp_path / "offline.db"))
    assert r.returncode == 0, r.stderr
    offline = ProjectService.open(tmp_path / "offline.db", analyst="bob offline")
    new = offline.add_claim("Added offline").new_id
    offline.close()
    r = vwb("merge", team_server.url("bob", "cli_demo"), str(tmp_path / "offline.db"))
    assert r.returncode == 0, r.stdout + r.stderr
    r = vwb("dump", team_server.url("rita", "cli_demo"))
    assert new in {c["id"] for c in json.loads(r.stdout)["claims"]}
    # Roles: a reader made editor can write; revoked, cannot open.
    assert vwb("server", "grant", lead, "mallory", "editor").returncode == 0
    r = vwb("load", team_server.url("mallory", "cli_demo"), str(_exchange(tmp_path)))
    assert r.returncode == 0, r.stderr
    assert vwb("server", "revoke", lead, "mallory").returncode == 0
    r = vwb("dump", team_server.url("mallory", "cli_demo"))
    assert r.returncode == 2 and "no Verification Workbench role" in r.stderr


def _exchange(tmp_path: Path) -> Path:
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"format": "verification-workbench/1", "claims": [{"id": "cx", "text": "Loaded"}]}))
    return path


def test_failures_are_one_line_naming_the_address_never_the_password(team_server, team_project) -> None:
    port = str(team_server.server.port)
    cases = [
        (["dump", team_server.url("bob", team_project, password="s3cret-wrong")], "authentication failed"),
        (["dump", team_server.url("bob", team_project, password="s3cret-wrong").replace(port, "1")], "unreachable"),
        (["dump", team_server.url("bob", "missing_project")], "no project 'missing_project'"),
        (["server", "grant", team_server.url("bob"), "rita", "lead"], "permission denied"),
        (["new", team_server.url("bob", "by_an_editor")], "leads only"),
        (["server", "upgrade", team_server.url("carol")], "leads only"),
        (["server", "projects", team_server.url("bob").replace("newsroom", "nodb")], "no such database"),
        (["server", "projects", team_server.server.url(database="postgres")], "vwb server init"),
    ]
    for args, reason in cases:
        r = vwb(*args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and reason in lines[0], (args, r.stderr)
        assert "s3cret" not in r.stderr and "-pw" not in r.stderr and "Traceback" not in r.stderr


def test_watch_prints_each_committed_change_as_it_happens(team_server, team_project) -> None:
    watch = subprocess.Popen([*VWB, "watch", team_server.url("rita", team_project), "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "following every change" in watch.stderr.readline()
        bob = ProjectService.open(team_server.url("bob", team_project))
        first = bob.add_claim("Seen by the watcher")
        second = bob.update_claim(first.new_id, note="and its note")
        bob.close()
        lines = [json.loads(line) for line in _readlines(watch.stdout, 2, 10)]
        assert [e["event"] for e in lines] == [first.event_id, second.event_id]
        assert lines[0]["who"] == "bob" and lines[0]["action"] == "add_claim"
        assert set(lines[0]) == {"event", "who", "when", "action", "summary", "ids"}
        assert lines[1]["ids"] == {"claims": [first.new_id]}
    finally:
        watch.send_signal(signal.SIGINT)
        assert watch.wait(10) == 0


def _readlines(stream, n: int, timeout: float) -> list[str]:
    """``n`` lines from a child's output, waiting at most ``timeout`` seconds for each.

    Read by a thread: two lines may arrive in one chunk, and a second select()
    on the pipe would not see the one already buffered.
    """
    import queue
    import threading

    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    out = []
    for _ in range(n):
        try:
            out.append(lines.get(timeout=timeout))
        except queue.Empty:
            raise AssertionError(f"nothing printed in time (after {len(out)} lines)") from None
    return out


ANALYST = textwrap.dedent("""
    import sys
    from workbench.service import ConflictError, ProjectService
    url, tag, n, shared = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    svc = ProjectService.open(url)
    conflicts = 0
    for i in range(n):
        c = svc.add_claim(f"{tag} claim {i}", id=f"{tag}-{i}")
        print("ack", c.new_id, flush=True)
        while shared != "-":  # everyone edits the same claim's note: conflicts, retried after reading again
            try:
                svc.claim(shared)
                svc.update_claim(shared, note=f"{tag} {i}")
                break
            except ConflictError:
                conflicts += 1
    print("conflicts", conflicts, flush=True)
    svc.close()
""")


def test_several_logins_writing_at_once_lose_nothing_and_double_nothing(team_server, team_project) -> None:
    shared = ProjectService.open(team_server.url("lena", team_project))
    shared_id = shared.list_claims()[0]["id"]
    before = len(shared.list_claims())
    version_before = shared.version_of("claims", shared_id)
    logins = ["bob", "carol", "lena", "bob"]
    procs = [subprocess.Popen([sys.executable, "-c", ANALYST, team_server.url(login, team_project), f"w{i}", "15",
                               shared_id], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i, login in enumerate(logins)]
    reader = subprocess.run([sys.executable, "-c", ANALYST, team_server.url("rita", team_project), "r", "1",
                             shared_id], capture_output=True, text=True, timeout=60)
    outs = [p.communicate(timeout=240) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-500:] for o in outs]
    assert reader.returncode != 0 and "read-only" in reader.stderr  # refused, wrote nothing
    claims = shared.list_claims()
    ids = [c["id"] for c in claims]
    assert len(ids) == len(set(ids)) == before + 4 * 15
    history = shared.history(limit=5000)
    for i, login in enumerate(logins):
        mine = {f"w{i}-{k}" for k in range(15)}
        assert mine <= set(ids)
        assert sum(1 for h in history if h["who"] == login and h["action"] == "add_claim") == \
               15 * logins.count(login)
    # Every edit of the shared note was applied exactly once, one after another.
    note_edits = [h for h in history if h["action"] == "update_claim"]
    assert len(note_edits) == 4 * 15
    # ... each on the version the one before left (two edits of one version would leave fewer steps),
    shared.claim(shared_id)
    assert shared.version_of("claims", shared_id) == version_before + 4 * 15
    # ... and history is numbered without gaps or doubles, in the order the writes committed.
    seqs = [e["seq"] for e in shared.events_after(0, limit=10000)]
    assert len(seqs) == len(set(seqs)) and seqs == sorted(seqs)
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    total_conflicts = sum(int(o[0].split("conflicts")[-1]) for o in outs)
    assert total_conflicts >= 0
    shared.close()


def test_a_client_killed_mid_write_loses_no_acknowledged_edit(team_server, team_project) -> None:
    proc = subprocess.Popen([sys.executable, "-c", ANALYST, team_server.url("bob", team_project), "k", "10000",
                             "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    acked: list[str] = []
    while len(acked) < 40:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        if line.startswith("ack"):
            acked.append(line.split()[1])
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    svc = ProjectService.open(team_server.url("rita", team_project))
    ids = {c["id"] for c in svc.list_claims()}
    svc.close()
    assert set(acked) <= ids
    assert len([i for i in ids if i.startswith("k-")]) in (len(acked), len(acked) + 1)  # at most the one in flight
