"""Server passwords in the system keyring, for the app: the core's :mod:`workbench.store.server.keychain`.

It lives in the core so that ``vwb`` reads the keyring the same way the app does; this module
keeps the app's name for it (the dialogs and their tests use ``keychain.read`` and friends here).
"""

from __future__ import annotations

from workbench.store.server.keychain import (
    SERVICE,
    KeychainError,
    account,
    available,
    backend_name,
    forget,
    has_password,
    read,
    store,
)

__all__ = ["SERVICE", "KeychainError", "account", "available", "backend_name", "forget", "has_password", "read",
           "store"]
