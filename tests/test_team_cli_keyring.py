"""``vwb`` finds a server password where the app does: in the address, then the system keyring, then
libpq's own sources (PGPASSWORD, ~/.pgpass). Run as a real ``vwb`` process against a REAL Secret
Service (a private D-Bus session and an unlocked gnome-keyring daemon, tests/keyring_session.py) and
the throwaway PostgreSQL; the password never appears in what ``vwb`` prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from workbench.store.server import keychain


def vwb(*args: str, tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """``vwb`` with this session's keyring and no libpq password source unless ``extra`` gives one."""
    env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "PGPASSFILE", "PGSERVICE")}
    env.update(PGPASSFILE=str(tmp_path / "no-pgpass"), **extra)
    return subprocess.run([sys.executable, "-m", "workbench.cli.main", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def one_line(result: subprocess.CompletedProcess[str], command: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"vwb {command}: "), result.stderr
    return lines[0]


def test_vwb_reads_the_password_from_the_system_keyring_as_the_app_does(
        secret_service: Any, team_server: Any, team_project: str, tmp_path: Path) -> None:
    assert keychain.available() and "SecretService" in keychain.backend_name()
    address = team_server.url("bob", team_project, password=None)
    login = team_server.url("bob", None, password=None)
    assert "bob-pw" not in address

    # Nothing remembered and no libpq source: refused in one line (this was vwb's only answer before).
    refused = one_line(vwb("dump", address, tmp_path=tmp_path), "dump")
    assert "system keyring" not in refused

    # Remembered as the app's "Remember in system keyring" does: every command with that login reads it.
    keychain.store(address, "bob-pw")
    outputs = []
    dumped = vwb("dump", address, tmp_path=tmp_path)
    assert dumped.returncode == 0, dumped.stderr
    assert json.loads(dumped.stdout)["claims"], "the demo's claims"
    listed = vwb("server", "projects", login, "--json", tmp_path=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert team_project in [p["name"] for p in json.loads(listed.stdout)["projects"]]
    assessed = vwb("assess", address, "--json", tmp_path=tmp_path)
    assert assessed.returncode == 0, assessed.stderr
    copied = vwb("copy", address, str(tmp_path / "copy.db"), tmp_path=tmp_path)
    assert copied.returncode == 0 and (tmp_path / "copy.db").exists(), copied.stderr
    outputs += [dumped, listed, assessed, copied]

    # A password in the address comes first: a wrong one there is not replaced by the keyring's.
    wrong_in_address = team_server.url("bob", team_project, password="not-bobs")
    line = one_line(vwb("dump", wrong_in_address, tmp_path=tmp_path), "dump")
    assert "not-bobs" not in line and "system keyring" not in line
    outputs.append(vwb("dump", wrong_in_address, tmp_path=tmp_path))

    # A stale remembered password: one line that names the address and says where the password came
    # from, never the password.
    keychain.store(address, "bob-old-pw")
    stale = vwb("dump", address, tmp_path=tmp_path)
    line = one_line(stale, "dump")
    assert "bob@" in line and line.endswith("(the password remembered in the system keyring was refused)"), line
    outputs.append(stale)

    # Nothing remembered for this login: libpq's own sources still work (PGPASSWORD here).
    keychain.forget(address)
    from_libpq = vwb("dump", address, tmp_path=tmp_path, PGPASSWORD="bob-pw")
    assert from_libpq.returncode == 0, from_libpq.stderr
    outputs.append(from_libpq)

    for result in outputs:
        for secret in ("bob-pw", "bob-old-pw", "not-bobs"):
            assert secret not in result.stdout and secret not in result.stderr


def test_without_a_keyring_vwb_falls_back_to_libpq_in_one_line(
        team_server: Any, team_project: str, tmp_path: Path) -> None:
    """The tests' default keyring is "none" (tests/conftest.py): vwb neither fails on it nor waits."""
    address = team_server.url("carol", team_project, password=None)
    line = one_line(vwb("dump", address, tmp_path=tmp_path), "dump")
    assert "system keyring" not in line and "carol@" in line
    ok = vwb("dump", address, tmp_path=tmp_path, PGPASSWORD="carol-pw")
    assert ok.returncode == 0, ok.stderr
