"""Server passwords in the system keyring (Secret Service on Linux, Keychain, Windows Credential Locker).

Read by the app (File ▸ Open Server Project…, through ``ui.session.keychain``) and by ``vwb``
(every command that takes a server address): the password comes from the address, then from
here, then from libpq's own sources (``PGPASSWORD``, ``~/.pgpass``, a service file). Nothing here
imports Qt. The app never writes a password anywhere itself: when the user ticks
"Remember in system keyring", it goes to the keyring through the ``keyring``
library, and only when that library talks to a real, encrypted store — a
plain-text backend (``keyrings.alt``'s files) or none at all is refused, and
the dialog then offers no box to tick.  Every keyring call may fail (no
D-Bus session, a locked or missing collection): a failure reads as "nothing
stored" and a refused store is reported, never a crash.

One entry per server login: service ``Verification Workbench``, user
``login@host:port/database`` (the project is not part of it: one password
opens every project of that login on that database).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

SERVICE = "Verification Workbench"


class KeychainError(RuntimeError):
    """The keyring refused to store or delete a password; ``str()`` says why, without the password."""


def account(address: str) -> str:
    """The keyring entry's user name for a server address: ``login@host:port/database``."""
    parts = urlsplit(address)
    host = parts.hostname or "localhost"
    port = parts.port or 5432
    database = parts.path.lstrip("/") or (parts.username or "")
    return f"{parts.username or ''}@{host}:{port}/{database}"


def has_password(address: str) -> bool:
    """True when the address carries its own password (``user:pw@`` or ``?password=``): it comes first."""
    parts = urlsplit(address)
    return bool(parts.password) or any(k.lower() == "password" for k, _ in parse_qsl(parts.query))


def _backend() -> Any | None:
    """The keyring the library chose, when it is a real encrypted store; None otherwise."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring setup means: no keyring
        return None
    chosen = getattr(backend, "backends", None) or [backend]  # the chainer holds the real ones
    for b in chosen:
        if isinstance(b, fail.Keyring) or type(b).__module__.startswith("keyrings.alt"):
            return None
        if getattr(b, "priority", 0) <= 0:
            return None
    return backend


def available() -> bool:
    """True when there is a keyring the app may store a password in."""
    return _backend() is not None


def backend_name() -> str:
    """The keyring in use, as people call it ("SecretService Keyring"), or "none"."""
    backend = _backend()
    return getattr(backend, "name", type(backend).__name__) if backend is not None else "none"


def read(address: str) -> str | None:
    """The password remembered for this address's login, or None (none stored, or no keyring)."""
    backend = _backend()
    if backend is None:
        return None
    try:
        password = backend.get_password(SERVICE, account(address))
    except Exception:  # noqa: BLE001 - locked, no D-Bus session…: nothing to offer, ask instead
        return None
    return password if isinstance(password, str) and password else None


def store(address: str, password: str) -> None:
    """Remember the password for this address's login; :class:`KeychainError` when the keyring refuses."""
    backend = _backend()
    if backend is None:
        raise KeychainError("no system keyring is available (the password was not stored anywhere)")
    try:
        backend.set_password(SERVICE, account(address), password)
    except Exception as exc:  # noqa: BLE001 - any refusal becomes one line for the user
        raise KeychainError(f"the system keyring refused to store the password: {type(exc).__name__}: "
                            f"{_without(str(exc), password)}") from None


def forget(address: str) -> None:
    """Remove the remembered password for this address's login (nothing when none is stored)."""
    backend = _backend()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, account(address))
    except Exception:  # noqa: BLE001 - nothing stored, or no keyring: nothing to forget
        return


def _without(text: str, secret: str) -> str:
    return text.replace(secret, "•••") if secret else text
