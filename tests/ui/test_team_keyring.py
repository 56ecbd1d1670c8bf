"""File ▸ Open Server Project… with the system keyring as a password source, on a REAL Secret
Service (a private D-Bus session and an unlocked gnome-keyring daemon started by the test) and a
real PostgreSQL: "Remember in system keyring" stores the password there (and nowhere in plain
text), the next open reads it without asking, and a stale remembered password is asked again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from tests import keyring_session
from ui.session import keychain
from ui.window import server_dialogs


def _password_dialogs(answers: list[tuple[str, bool]], seen: list[Any]) -> None:
    """Answer each password dialog that comes up with the next (password, remember)."""
    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, server_dialogs.PasswordDialog):
            seen.append((box.windowTitle(), box.remember.isEnabled(), box.remember.isChecked(),
                         box.password.echoMode() == box.password.EchoMode.Password))
            password, remember = answers.pop(0)
            box.password.setText(password)
            box.remember.setChecked(remember)
            box.accept()
        if answers:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def _stored_in_daemon(service: keyring_session.SecretService, account: str) -> str | None:
    """The password as another program on the same session finds it (not through the app's own code)."""
    import subprocess
    import sys

    code = ("import secretstorage, sys\n"
            "conn = secretstorage.dbus_init()\n"
            "items = list(secretstorage.get_default_collection(conn).search_items("
            "{'service': sys.argv[1], 'username': sys.argv[2]}))\n"
            "print(items[0].get_secret().decode() if items else '<none>')\n")
    out = subprocess.run([sys.executable, "-c", code, keychain.SERVICE, account], capture_output=True,
                         text=True, timeout=30, env={"DBUS_SESSION_BUS_ADDRESS": service.address, "PATH": "/usr/bin"})
    assert out.returncode == 0, out.stderr
    value = out.stdout.strip()
    return None if value == "<none>" else value


def test_remember_in_the_system_keyring_then_open_without_asking(
        qtbot: Any, team_server: Any, team_project: str, secret_service: Any, dialogs: Any,
        monkeypatch: Any) -> None:
    assert keychain.available() and "SecretService" in keychain.backend_name()
    address = team_server.url("bob", team_project, password=None)  # no password in the address
    account = keychain.account(address)
    assert "bob@127.0.0.1:" in account and "bob-pw" not in address

    # First open: nothing remembered, libpq has no password either: the dialog asks, bob ticks the box.
    seen: list[Any] = []
    _password_dialogs([("bob-pw", True)], seen)
    service = server_dialogs.ask_server_project(None, address)
    assert service is not None and not dialogs.errors, dialogs.errors
    service.close()
    assert len(seen) == 1 and seen[0][1] is True  # a real keyring: the box was offered
    assert _stored_in_daemon(secret_service, account) == "bob-pw"
    # Nowhere in plain text: not in the keyring daemon's files, not in the app's settings.
    files = [p for p in secret_service.data_home.rglob("*") if p.is_file()]
    assert files and all(b"bob-pw" not in p.read_bytes() for p in files)
    settings = Path(QSettings().fileName())
    assert not settings.exists() or "bob-pw" not in settings.read_text(errors="replace")

    # Second open (another project address of the same login): read from the keyring, nobody asked.
    asked: list[str] = []
    with monkeypatch.context() as m:
        m.setattr(server_dialogs.PasswordDialog, "exec", lambda self: asked.append("asked") or 0)
        service = server_dialogs.ask_server_project(None, address)
    assert service is not None and asked == [] and not dialogs.errors
    assert service.analyst == "bob"
    service.close()

    # The remembered password went stale (changed on the server): asked again, the box already ticked,
    # and the keyring holds the new one afterwards.
    team_server.sql("ALTER ROLE bob PASSWORD 'bob-new-pw'", login="admin")
    seen.clear()
    try:
        _password_dialogs([("bob-new-pw", True)], seen)
        service = server_dialogs.ask_server_project(None, address)
        assert service is not None and not dialogs.errors, dialogs.errors
        service.close()
        assert seen and seen[0][2] is True  # pre-ticked: it came from the keyring
        assert _stored_in_daemon(secret_service, account) == "bob-new-pw"
    finally:
        team_server.sql("ALTER ROLE bob PASSWORD 'bob-pw'", login="admin")


def test_without_a_keyring_the_box_is_not_offered_and_nothing_is_stored(
        qtbot: Any, team_server: Any, team_project: str, dialogs: Any) -> None:
    import keyring.core

    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
        keyring.core.init_backend()
        assert not keychain.available()
        seen: list[Any] = []
        _password_dialogs([("carol-pw", True)], seen)
        service = server_dialogs.ask_server_project(None, team_server.url("carol", team_project, password=None))
        assert service is not None and not dialogs.errors
        service.close()
        assert seen[0][1] is False  # disabled: the password lives in memory only
    keyring.core.init_backend()
