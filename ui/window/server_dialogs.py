"""Dialogs for team projects on a server: open one (address, password, project list) and publish.

The password is asked for only when the server wants one that libpq did not
find (``PGPASSWORD``, ``~/.pgpass``, a service file); it lives in memory for
this session and is never written anywhere by the app.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from ui.session import messages
from workbench.service import ProjectFileError, ProjectService, is_server_address, server_projects

LAST_KEY = "server/lastAddress"
HINT = "postgresql://user@host:5432/database?project=NAME"


def _ask_password(parent: QWidget, display: str) -> str | None:
    pw, ok = QInputDialog.getText(parent, "Server Password", f"Password for {display}:",
                                  QLineEdit.EchoMode.Password)
    return pw if ok else None


def _needs_password(exc: BaseException) -> bool:
    return "authentication failed" in str(exc) or "no password" in str(exc)


def ask_server_project(parent: QWidget, address: str = "") -> ProjectService | None:
    """Ask for an address (and a password when needed); the opened project, or None."""
    if not address:
        last = str(QSettings().value(LAST_KEY, "") or "")
        address, ok = QInputDialog.getText(parent, "Open Server Project", f"Server address ({HINT}):",
                                           QLineEdit.EchoMode.Normal, last)
        if not ok or not address.strip():
            return None
        address = address.strip()
    if not is_server_address(address):
        messages.show_error(parent, "Cannot open project", f"{address}: not a postgresql:// address")
        return None
    password: str | None = None
    while True:
        try:
            if "project=" not in address:
                names = server_projects(address, password=password)
                if not names:
                    messages.show_error(parent, "Cannot open project", "No projects this login may open")
                    return None
                name, ok = QInputDialog.getItem(parent, "Open Server Project", "Project:",
                                                [n["name"] for n in names], 0, False)
                if not ok:
                    return None
                address = address + ("&" if "?" in address else "?") + f"project={name}"
            service = ProjectService.open(address, password=password)
        except ProjectFileError as exc:
            if _needs_password(exc) and password is None:
                password = _ask_password(parent, str(exc).split(": ", 1)[0])
                if password is None:
                    return None
                continue
            messages.show_error(parent, "Cannot open project", exc)
            return None
        QSettings().setValue(LAST_KEY, service.name)
        return service


def publish(parent: QWidget, service: ProjectService) -> bool:
    """Copy the open project to a new server project."""
    address, ok = QInputDialog.getText(parent, "Publish to Server", f"New project's address ({HINT}):",
                                       QLineEdit.EchoMode.Normal, str(QSettings().value(LAST_KEY, "") or ""))
    if not ok or not address.strip():
        return False
    password: str | None = None
    while True:
        try:
            service.copy_to(address.strip(), password=password)
        except ProjectFileError as exc:
            if _needs_password(exc) and password is None:
                password = _ask_password(parent, str(exc).split(": ", 1)[0])
                if password is None:
                    return False
                continue
            messages.show_error(parent, "Cannot publish the project", exc)
            return False
        messages.inform(parent, "Published", f"Published as {address.strip().split('?')[0]} "
                                                 "(open it with File ▸ Open Server Project…)")
        return True
